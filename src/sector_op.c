/*
 * sector_op.c
 *	  Hierarchy of scenario.sector values: level, parent, ancestors, lowest
 *	  common ancestor, tree distance, similarity, and the @> / <@ operators.
 *	  All of it is arithmetic on the slots of the value; nothing reads a
 *	  table, so every function here is IMMUTABLE.
 */
#include "sector_internal.h"

#include "utils/builtins.h"

int
sector_level_internal(Sector s)
{
	const SectorLayout *l = sector_layout(s);
	int			level = 0;

	if (l == NULL)
		return 0;
	while (level < l->nlevels && sector_slot(s, l, level + 1) != 0)
		level++;
	return level;
}

/* s with every slot below the given level cleared */
static inline Sector
truncate_to(Sector s, const SectorLayout *l, int level)
{
	return s & ~((INT64CONST(1) << l->shift[level - 1]) - 1);
}

bool
sector_ancestor_internal(Sector s, int level, Sector *ancestor)
{
	const SectorLayout *l = sector_layout(s);

	if (l == NULL || level < 1 || level > sector_level_internal(s))
		return false;
	*ancestor = truncate_to(s, l, level);
	return true;
}

bool
sector_parent_internal(Sector s, Sector *parent)
{
	return sector_ancestor_internal(s, sector_level_internal(s) - 1, parent);
}

Sector
sector_subtree_max(Sector s)
{
	const SectorLayout *l = sector_layout(s);
	int			level = sector_level_internal(s);

	if (l == NULL || level == 0)
		return s;
	return s + (INT64CONST(1) << l->shift[level - 1]) - 1;
}

bool
sector_contains_internal(Sector a, Sector b)
{
	return b >= a && b <= sector_subtree_max(a);
}

bool
sector_same_taxonomy(Sector a, Sector b)
{
	if (sector_is_builtin(a) != sector_is_builtin(b))
		return false;
	if (sector_is_builtin(a))
		return (a >> SECTOR_BUILTIN_SHIFT) == (b >> SECTOR_BUILTIN_SHIFT);
	return (a >> SECTOR_USER_NAME_SHIFT) == (b >> SECTOR_USER_NAME_SHIFT);
}

bool
sector_lca_internal(Sector a, Sector b, Sector *lca)
{
	const SectorLayout *l = sector_layout(a);
	int			la,
				lb,
				common = 0;

	if (l == NULL || !sector_same_taxonomy(a, b))
		return false;
	la = sector_level_internal(a);
	lb = sector_level_internal(b);
	while (common < Min(la, lb) &&
		   sector_slot(a, l, common + 1) == sector_slot(b, l, common + 1))
		common++;
	if (common == 0)
		return false;
	*lca = truncate_to(a, l, common);
	return true;
}

double
sector_similarity_internal(Sector a, Sector b)
{
	Sector		lca;

	if (a == b)
		return 1.0;
	if (!sector_lca_internal(a, b, &lca))
		return 0.0;
	return 2.0 * sector_level_internal(lca) /
		(sector_level_internal(a) + sector_level_internal(b));
}

/* --- SQL-callable ------------------------------------------------------ */

PG_FUNCTION_INFO_V1(sector_taxonomy);
Datum
sector_taxonomy(PG_FUNCTION_ARGS)
{
	char		buf[16];

	sector_taxonomy_name(PG_GETARG_SECTOR(0), buf);
	PG_RETURN_TEXT_P(cstring_to_text(buf));
}

PG_FUNCTION_INFO_V1(sector_code);
Datum
sector_code(PG_FUNCTION_ARGS)
{
	Sector		s = PG_GETARG_SECTOR(0);
	char		buf[SECTOR_MAX_TEXT + 1];

	if (!sector_format(s, buf))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid sector value " INT64_FORMAT, s)));
	PG_RETURN_TEXT_P(cstring_to_text(strchr(buf, ':') + 1));
}

PG_FUNCTION_INFO_V1(sector_level);
Datum
sector_level(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(sector_level_internal(PG_GETARG_SECTOR(0)));
}

PG_FUNCTION_INFO_V1(sector_parent);
Datum
sector_parent(PG_FUNCTION_ARGS)
{
	Sector		parent;

	if (!sector_parent_internal(PG_GETARG_SECTOR(0), &parent))
		PG_RETURN_NULL();
	PG_RETURN_SECTOR(parent);
}

PG_FUNCTION_INFO_V1(sector_ancestor);
Datum
sector_ancestor(PG_FUNCTION_ARGS)
{
	Sector		s = PG_GETARG_SECTOR(0);
	int32		level = PG_GETARG_INT32(1);
	Sector		ancestor;

	if (level < 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("sector level must be at least 1, not %d", level)));
	if (!sector_ancestor_internal(s, level, &ancestor))
		PG_RETURN_NULL();
	PG_RETURN_SECTOR(ancestor);
}

PG_FUNCTION_INFO_V1(sector_lca);
Datum
sector_lca(PG_FUNCTION_ARGS)
{
	Sector		lca;

	if (!sector_lca_internal(PG_GETARG_SECTOR(0), PG_GETARG_SECTOR(1), &lca))
		PG_RETURN_NULL();
	PG_RETURN_SECTOR(lca);
}

PG_FUNCTION_INFO_V1(sector_distance);
Datum
sector_distance(PG_FUNCTION_ARGS)
{
	Sector		a = PG_GETARG_SECTOR(0);
	Sector		b = PG_GETARG_SECTOR(1);
	Sector		lca;

	if (!sector_lca_internal(a, b, &lca))
		PG_RETURN_NULL();
	PG_RETURN_INT32(sector_level_internal(a) + sector_level_internal(b) -
					2 * sector_level_internal(lca));
}

PG_FUNCTION_INFO_V1(sector_similarity);
Datum
sector_similarity(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(sector_similarity_internal(PG_GETARG_SECTOR(0), PG_GETARG_SECTOR(1)));
}

/* a @> b */
PG_FUNCTION_INFO_V1(sector_contains);
Datum
sector_contains(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sector_contains_internal(PG_GETARG_SECTOR(0), PG_GETARG_SECTOR(1)));
}

/* a <@ b */
PG_FUNCTION_INFO_V1(sector_contained);
Datum
sector_contained(PG_FUNCTION_ARGS)
{
	PG_RETURN_BOOL(sector_contains_internal(PG_GETARG_SECTOR(1), PG_GETARG_SECTOR(0)));
}

/* internal: the last existing code of the subtree (index range bound) */
PG_FUNCTION_INFO_V1(sector_subtree_last);
Datum
sector_subtree_last(PG_FUNCTION_ARGS)
{
	PG_RETURN_SECTOR(sector_last_descendant(PG_GETARG_SECTOR(0)));
}
