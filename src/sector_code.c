/*
 * sector_code.c
 *	  Layer 1 of the sector module: the bit layouts (written once, in
 *	  sector_code.h) and the hierarchy as arithmetic on the slots of a
 *	  value: level, parent, ancestors, subtree bounds, lowest common
 *	  ancestor, similarity.  Nothing here looks anything up, so it serves
 *	  values of every taxonomy, built-in or user.
 */
#include "sector_code.h"

/*
 * A row of SECTOR_BUILTIN_LAYOUTS: each slot's shift is the sum of the
 * widths below it, so the deepest level sits at bit 0.
 */
#define LAYOUT_ROW(tag, nm, w1, w2, w3, w4, w5) \
	[SECTOR_TAX_##tag] = {nm, (w1 > 0) + (w2 > 0) + (w3 > 0) + (w4 > 0) + (w5 > 0), \
						  {w1, w2, w3, w4, w5}, \
						  {w2 + w3 + w4 + w5, w3 + w4 + w5, w4 + w5, w5, 0}},

const SectorLayout sector_builtin_layouts[SECTOR_TAX_NBUILTIN + 1] = {
	[0] = {NULL, 0, {0}, {0}},
	SECTOR_BUILTIN_LAYOUTS(LAYOUT_ROW)
};

/* each layout fits below the taxonomy bits */
#define LAYOUT_FITS(tag, nm, w1, w2, w3, w4, w5) \
	StaticAssertDecl(w1 + w2 + w3 + w4 + w5 <= SECTOR_BUILTIN_SHIFT, "layout of " nm " too wide");
SECTOR_BUILTIN_LAYOUTS(LAYOUT_FITS)

const SectorLayout sector_user_layout = {NULL, 4, {7, 7, 7, 7}, {21, 14, 7, 0}};

#define USER_NAME(s) (((s) >> SECTOR_USER_NAME_SHIFT) & INT64CONST(0xFFFFFFFF))

static const char user_alphabet[] = "?0123456789abcdefghijklmnopqrstuvwxyz";

const SectorLayout *
sector_layout(Sector s)
{
	int			id;

	if (s < 0)
		return NULL;
	if (s & SECTOR_USER_BIT)
		return &sector_user_layout;
	id = sector_builtin_id(s);
	if (id < 1 || id > SECTOR_TAX_NBUILTIN)
		return NULL;
	return &sector_builtin_layouts[id];
}

/* --- user taxonomy names ------------------------------------------------ */

bool
sector_user_name_encode(const char *name, int64 *code)
{
	int			len = strlen(name);
	int64		v = 0;

	if (len < 1 || len > SECTOR_USER_NAME_CHARS)
		return false;
	for (int i = 0; i < SECTOR_USER_NAME_CHARS; i++)
	{
		const char *d = NULL;

		if (i < len && (name[i] == '?' || (d = strchr(user_alphabet, name[i])) == NULL))
			return false;
		v = v * 37 + (d ? d - user_alphabet : 0);
	}
	*code = v;
	return true;
}

bool
sector_user_name_decode(int64 v, char *out)
{
	int64		div = SECTOR_USER_NAME_SPACE / 37;
	bool		ended = false;
	int			n = 0;

	if (v <= 0 || v >= SECTOR_USER_NAME_SPACE)
		return false;
	for (int i = 0; i < SECTOR_USER_NAME_CHARS; i++, div /= 37)
	{
		int			d = (int) ((v / div) % 37);

		if (d == 0)
			ended = true;
		else if (ended)
			return false;
		else
			out[n++] = user_alphabet[d];
	}
	out[n] = '\0';
	return n > 0;
}

void
sector_taxonomy_name(Sector s, char *buf)
{
	const SectorLayout *l = sector_layout(s);

	if (l == NULL)
		strcpy(buf, "?");
	else if (l->name)
		strcpy(buf, l->name);
	else
	{
		buf[0] = 'x';
		if (!sector_user_name_decode(USER_NAME(s), buf + 1))
			strcpy(buf, "?");
	}
}

bool
sector_taxonomy_lookup(const char *name, Sector *key)
{
	int64		namecode;

	for (int id = 1; id <= SECTOR_TAX_NBUILTIN; id++)
		if (strcmp(name, sector_builtin_layouts[id].name) == 0)
		{
			*key = (Sector) id << SECTOR_BUILTIN_SHIFT;
			return true;
		}
	if (name[0] != 'x' || !sector_user_name_encode(name + 1, &namecode))
		return false;
	*key = SECTOR_USER_BIT | (namecode << SECTOR_USER_NAME_SHIFT);
	return true;
}

bool
sector_user_valid(Sector s)
{
	const SectorLayout *l = &sector_user_layout;
	bool		ended = false;
	char		name[SECTOR_USER_NAME_CHARS + 1];

	if (s < 0 || sector_is_builtin(s) || !sector_user_name_decode(USER_NAME(s), name))
		return false;
	/* bits 28-29, between the slots and the name, are unused */
	if ((s & ((INT64CONST(1) << SECTOR_USER_NAME_SHIFT) - 1)) >> 28)
		return false;
	for (int level = 1; level <= l->nlevels; level++)
	{
		int			slot = sector_slot(s, l, level);

		if (slot == 0)
			ended = true;
		else if (ended)
			return false;
	}
	return sector_slot(s, l, 1) != 0;
}

int
sector_naics_first(int prefix)
{
	switch (prefix)
	{
		case 32:
		case 33:
			return 31;
		case 45:
			return 44;
		case 49:
			return 48;
		default:
			return prefix;
	}
}

int
sector_naics_last(int first)
{
	return first == 31 ? 33 : (first == 44 ? 45 : (first == 48 ? 49 : first));
}

/* --- the hierarchy ------------------------------------------------------- */

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
		return sector_builtin_id(a) == sector_builtin_id(b);
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
