/*
 * sector_op.c
 *	  Layer 4 of the sector module: the SQL functions of the hierarchy of
 *	  scenario.sector values: level, parent, ancestors, lowest common
 *	  ancestor, tree distance, similarity, and the @> / <@ operators.  The
 *	  arithmetic is in sector_code.c (layer 1); nothing reads a table, so
 *	  every function here is IMMUTABLE.
 */
#include "sector_internal.h"

#include "utils/builtins.h"

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
