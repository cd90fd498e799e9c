/*
 * sector_table.c
 *	  Layer 2 of the sector module: look-ups in the code lists and
 *	  crosswalks compiled into the library (src/sector_data.c): existence,
 *	  ranks, subtree ends, the section of a division, crosswalk targets.
 *	  Every look-up is a binary search over sorted constant arrays.
 */
#include "sector_table.h"

static const char *
pool_text(int32 offset)
{
	return offset == SECTOR_DATA_NONE ? NULL : sector_data_pool + offset;
}

SectorBuiltinEntry
sector_builtin_entry(int i)
{
	const SectorDataTexts *t = &sector_data_texts[i];
	SectorBuiltinEntry e = {sector_data_codes[i], pool_text(t->code), pool_text(t->name_zh),
	pool_text(t->name_en), pool_text(t->notes)};

	return e;
}

SectorBuiltinLink
sector_builtin_link(int i)
{
	SectorBuiltinLink k = {sector_data_link_source[i], sector_data_link_target[i],
	sector_data_link_partial[i], sector_data_origins[sector_data_link_origin[i]]};

	return k;
}

int
sector_lower_bound(const int64 *values, int n, Sector s)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (values[mid] < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

bool
sector_builtin_exists(Sector s)
{
	int			i = sector_lower_bound(sector_data_codes, sector_data_ncodes, s);

	return i < sector_data_ncodes && sector_data_codes[i] == s;
}

int
sector_division_section(int id, int division)
{
	if (division < 0 || division > 99)
		return 0;
	return id == SECTOR_TAX_GBT4754 ? sector_data_gbt4754_sections[division] :
		sector_data_isic4_sections[division];
}

bool
sector_is_valid(Sector s)
{
	if (sector_layout(s) == NULL)
		return false;
	if (sector_is_builtin(s))
		return sector_builtin_exists(s);
	return sector_user_valid(s);
}

Sector
sector_last_descendant(Sector s)
{
	Sector		max = sector_subtree_max(s);
	int			i;

	if (!sector_is_builtin(s))
		return max;
	i = sector_lower_bound(sector_data_codes, sector_data_ncodes, max + 1);
	return i > 0 ? sector_data_codes[i - 1] : s;
}

int
sector_builtin_rank(Sector s)
{
	return sector_lower_bound(sector_data_codes, sector_data_ncodes, s);
}

/* --- crosswalks ---------------------------------------------------------- */

static int
cmp_sector(const void *a, const void *b)
{
	Sector		x = *(const Sector *) a;
	Sector		y = *(const Sector *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/* Sort, drop duplicates and codes inside another listed code. */
static int
reduce(Sector *t, int n)
{
	int			k = 0;

	qsort(t, n, sizeof(Sector), cmp_sector);
	for (int i = 0; i < n; i++)
		if (k == 0 || !sector_contains_internal(t[k - 1], t[i]))
			t[k++] = t[i];
	return k;
}

/*
 * The links of a whole subtree are one contiguous range of the sorted
 * sources (values sort in preorder); a cluster stands for its sub-sectors.
 * Only the origins marked for matching count (gen_sectors.py says why).
 * A broad code can reach hundreds of targets (an ISIC section): they are
 * replaced by their parents until they fit, as each target stands for
 * everything below it.
 */
int
sector_crosswalk_targets(Sector s, Sector *out, int max)
{
	Sector	   *t = palloc(Max(sector_data_nlinks, 1) * sizeof(Sector));
	int			n = 0;
	bool		moved = true;

	for (;;)
	{
		Sector		last = sector_subtree_max(s);

		for (int i = sector_lower_bound(sector_data_link_source, sector_data_nlinks, s);
			 i < sector_data_nlinks && sector_data_link_source[i] <= last; i++)
			if (sector_data_origin_matching[sector_data_link_origin[i]])
				t[n++] = sector_data_link_target[i];
		if (n > 0 || !sector_parent_internal(s, &s))
			break;
	}
	n = reduce(t, n);
	while (n > max && moved)
	{
		moved = false;
		for (int i = 0; i < n; i++)
			moved |= sector_parent_internal(t[i], &t[i]);
		n = reduce(t, n);
	}
	memcpy(out, t, Min(n, max) * sizeof(Sector));
	pfree(t);
	return n;
}
