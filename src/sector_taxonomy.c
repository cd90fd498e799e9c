/*
 * sector_taxonomy.c
 *	  The taxonomies of scenario.sector: bit layouts, the compiled-in code
 *	  lists (existence, ranks, subtree ends) and the canonical formatter.
 *	  The parser is in sector_parse.c.
 *
 * Bit layout per taxonomy (slot widths from level 1 down; a slot holds the
 * level's number, +1 where a code may use 0, and 0 means "no such level"):
 *	  gbt4754, isic4   section 5 (A = 1), division 7, group digit+1 4, class digit+1 4
 *	  sei2018          4, 4
 *	  gd               group 3 (P E F K = 1..4), cluster 5, sub-sector 5
 *	  naics2022        sector 7 (its first two digits), subsector 5 ((prefix -
 *	                   sector) * 10 + third digit + 1), then digit+1 4, 4, 4
 *	  user             4 x 7 (component + 1)
 */
#include "sector_internal.h"

#include "utils/memutils.h"

const SectorLayout sector_builtin_layouts[SECTOR_TAX_NBUILTIN + 1] = {
	{NULL, 0, {0}, {0}},
	{"gbt4754", 4, {5, 7, 4, 4}, {15, 8, 4, 0}},
	{"sei2018", 2, {4, 4}, {4, 0}},
	{"gd", 3, {3, 5, 5}, {10, 5, 0}},
	{"isic4", 4, {5, 7, 4, 4}, {15, 8, 4, 0}},
	{"naics2022", 5, {7, 5, 4, 4, 4}, {17, 12, 8, 4, 0}},
};

const SectorLayout sector_user_layout = {NULL, 4, {7, 7, 7, 7}, {21, 14, 7, 0}};

#define USER_NAME(s) (((s) >> SECTOR_USER_NAME_SHIFT) & INT64CONST(0xFFFFFFFF))

/* The compiled-in lists, sorted, loaded once per backend. */
static Sector *builtin_values = NULL;
static int	builtin_count = 0;
static uint8 gbt_division_section[100];
static uint8 isic_division_section[100];

/* --- layouts ---------------------------------------------------------- */

const SectorLayout *
sector_layout(Sector s)
{
	int			id;

	if (s < 0)
		return NULL;
	if (s & SECTOR_USER_BIT)
		return &sector_user_layout;
	id = (int) (s >> SECTOR_BUILTIN_SHIFT);
	if (id < 1 || id > SECTOR_TAX_NBUILTIN)
		return NULL;
	return &sector_builtin_layouts[id];
}

/* Decode a user taxonomy name (without its 'x'); false if not canonical. */
static bool
user_name_decode(int64 v, char *out)
{
	static const char alphabet[] = "?0123456789abcdefghijklmnopqrstuvwxyz";
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
			out[n++] = alphabet[d];
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
		if (!user_name_decode(USER_NAME(s), buf + 1))
			strcpy(buf, "?");
	}
}

/* --- compiled-in lists ------------------------------------------------ */

static int
cmp_sector(const void *a, const void *b)
{
	Sector		x = *(const Sector *) a;
	Sector		y = *(const Sector *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

void
sector_builtin_init(void)
{
	Sector	   *values;

	if (builtin_values != NULL)
		return;
	values = MemoryContextAlloc(TopMemoryContext,
								sizeof(Sector) * sector_builtin_nentries);
	for (int i = 0; i < sector_builtin_nentries; i++)
	{
		Sector		v = sector_parse_structural(sector_builtin_entries[i].code);
		const SectorLayout *l = sector_layout(v);
		int			id = (int) (v >> SECTOR_BUILTIN_SHIFT);

		values[i] = v;
		/* divisions tell which section a bare division number belongs to */
		if ((id == SECTOR_TAX_GBT4754 || id == SECTOR_TAX_ISIC4) &&
			sector_slot(v, l, 2) != 0 && sector_slot(v, l, 3) == 0)
		{
			uint8	   *map = id == SECTOR_TAX_GBT4754 ? gbt_division_section : isic_division_section;

			map[sector_slot(v, l, 2)] = (uint8) sector_slot(v, l, 1);
		}
	}
	qsort(values, sector_builtin_nentries, sizeof(Sector), cmp_sector);
	for (int i = 1; i < sector_builtin_nentries; i++)
		if (values[i] == values[i - 1])
			elog(ERROR, "duplicate compiled-in sector code " INT64_FORMAT, values[i]);
	builtin_count = sector_builtin_nentries;
	builtin_values = values;
}

/* Index of the first compiled-in value >= s. */
static int
builtin_lower_bound(Sector s)
{
	int			lo = 0,
				hi = builtin_count;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (builtin_values[mid] < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
sector_builtin_exists(Sector s)
{
	int			i;

	sector_builtin_init();
	i = builtin_lower_bound(s);
	return i < builtin_count && builtin_values[i] == s;
}

/* section slot (1 = A) holding a GB/T or ISIC division; 0 if none */
int
sector_division_section(int id, int division)
{
	sector_builtin_init();
	if (division < 0 || division > 99)
		return 0;
	return id == SECTOR_TAX_GBT4754 ? gbt_division_section[division] : isic_division_section[division];
}

Sector
sector_last_descendant(Sector s)
{
	Sector		max = sector_subtree_max(s);
	int			i;

	if (!sector_is_builtin(s))
		return max;
	sector_builtin_init();
	i = builtin_lower_bound(max + 1);
	return i > 0 ? builtin_values[i - 1] : s;
}

/* Number of compiled-in values below s: a dense rank for interpolation. */
int
sector_builtin_rank(Sector s)
{
	sector_builtin_init();
	return builtin_lower_bound(s);
}

/* Every compiled-in value in [lo, hi], in order: for the catalog SRFs. */
int
sector_builtin_range(Sector lo, Sector hi, const Sector **first)
{
	int			a,
				b;

	sector_builtin_init();
	a = builtin_lower_bound(lo);
	b = builtin_lower_bound(hi + 1);
	*first = builtin_values + a;
	return b - a;
}

bool
sector_is_valid(Sector s)
{
	const SectorLayout *l = sector_layout(s);
	bool		ended = false;
	char		name[16];

	if (l == NULL)
		return false;
	if (sector_is_builtin(s))
		return sector_builtin_exists(s);
	if (!user_name_decode(USER_NAME(s), name))
		return false;
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

/* --- the formatter ---------------------------------------------------- */

bool
sector_format(Sector s, char *buf)
{
	const SectorLayout *l = sector_layout(s);
	int			id;
	int			level;
	char	   *p;

	if (l == NULL || !sector_is_valid(s))
		return false;
	sector_taxonomy_name(s, buf);
	p = buf + strlen(buf);
	*p++ = ':';
	level = sector_level_internal(s);
	id = sector_is_builtin(s) ? (int) (s >> SECTOR_BUILTIN_SHIFT) : 0;
	switch (id)
	{
		case SECTOR_TAX_GBT4754:
		case SECTOR_TAX_ISIC4:
			*p++ = 'A' + sector_slot(s, l, 1) - 1;
			if (level >= 2)
				p += sprintf(p, "%02d", sector_slot(s, l, 2));
			for (int i = 3; i <= level; i++)
				*p++ = '0' + sector_slot(s, l, i) - 1;
			break;
		case SECTOR_TAX_SEI2018:
			p += sprintf(p, "%d", sector_slot(s, l, 1));
			if (level == 2)
				p += sprintf(p, ".%d", sector_slot(s, l, 2));
			break;
		case SECTOR_TAX_GD:
			*p++ = SECTOR_GD_GROUPS[sector_slot(s, l, 1) - 1];
			for (int i = 2; i <= level; i++)
				p += sprintf(p, "%02d", sector_slot(s, l, i));
			break;
		case SECTOR_TAX_NAICS2022:
			{
				int			first = sector_slot(s, l, 1);

				if (level == 1)
				{
					p += sprintf(p, "%02d", first);
					if (sector_naics_last(first) != first)
						p += sprintf(p, "-%02d", sector_naics_last(first));
					break;
				}
				p += sprintf(p, "%02d%d", first + (sector_slot(s, l, 2) - 1) / 10,
							 (sector_slot(s, l, 2) - 1) % 10);
				for (int i = 3; i <= level; i++)
					*p++ = '0' + sector_slot(s, l, i) - 1;
				break;
			}
		default:
			for (int i = 1; i <= level; i++)
				p += sprintf(p, i == 1 ? "%d" : ".%d", sector_slot(s, l, i) - 1);
			break;
	}
	*p = '\0';
	return true;
}
