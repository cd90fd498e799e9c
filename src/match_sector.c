/*
 * match_sector.c
 *	  The seam between matching and the sector type (src/sector.h): parse,
 *	  print, compare, and the compiled-in crosswalks.
 *
 * The crosswalks are the ones the sector module compiles into the library
 * (GB/T 4754 <-> gd clusters and priority sectors, NAICS 2022 <-> ISIC 4),
 * not the scenario.sector_crosswalk table, so that scores stay IMMUTABLE;
 * rows users add to that table do not change scores.
 */
#include "match.h"

#include "sector.h"
#include "sector_code.h"

uint64
msector_parse(const char *s, int len)
{
	return (uint64) sector_parse(s, len);
}

char *
msector_out(uint64 v)
{
	char		buf[SECTOR_MAX_TEXT + 1];

	if (!sector_format((Sector) v, buf))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid sector value in matching profile: " INT64_FORMAT, (int64) v)));
	return pstrdup(buf);
}

/*
 * How specific a code is: its level over the number of levels of its
 * taxonomy (1 for a GB/T class, 0.5 for a division, 2/3 for a gd cluster).
 */
double
msector_specificity(uint64 v)
{
	const SectorLayout *l = sector_layout((Sector) v);

	if (l == NULL || l->nlevels <= 0)
		return 0.0;
	return (double) sector_level_internal((Sector) v) / l->nlevels;
}

/*
 * Similarity for matching, which rewards specificity: the specificity of
 * the lowest common sector (not Wu-Palmer's 2 level(lca) / (level(a) +
 * level(b)), which scores two equal divisions 1).  Two equal classes score
 * 1, sibling classes 0.75, a division and a class in it 0.5; 0 across
 * taxonomies.  Never more than either code's own specificity, so a bound
 * computed from the common ancestor alone holds (match_gist.c).
 */
double
msector_similarity(uint64 a, uint64 b)
{
	Sector		l;

	if (!sector_lca_internal((Sector) a, (Sector) b, &l))
		return 0.0;
	return msector_specificity((uint64) l);
}

/* 0..4 for the built-in taxonomies, 5 for user taxonomies */
int
msector_taxonomy_slot(uint64 v)
{
	return sector_is_builtin((Sector) v) ? sector_builtin_id((Sector) v) - 1 : SECTOR_TAX_NBUILTIN;
}

bool
msector_same_taxonomy(uint64 a, uint64 b)
{
	return sector_same_taxonomy((Sector) a, (Sector) b);
}

bool
msector_within(uint64 a, uint64 ancestor)
{
	return sector_contains_internal((Sector) ancestor, (Sector) a);
}

bool
msector_parent(uint64 v, uint64 *parent)
{
	Sector		p;

	if (!sector_parent_internal((Sector) v, &p))
		return false;
	*parent = (uint64) p;
	return true;
}

bool
msector_lca(uint64 a, uint64 b, uint64 *lca)
{
	Sector		l;

	if (!sector_lca_internal((Sector) a, (Sector) b, &l))
		return false;
	*lca = (uint64) l;
	return true;
}

/*
 * The crosswalk targets of v (see sector_crosswalk_targets): a broad code
 * can reach hundreds (an ISIC section), which are coarsened to at most
 * MAX_TARGETS.  Returns how many were written to out (at most max).
 */
#define MAX_TARGETS 64

int
msector_crosswalk(uint64 v, uint64 *out, int max)
{
	Sector		t[MAX_TARGETS];
	int			n = sector_crosswalk_targets((Sector) v, t, MAX_TARGETS);

	if (n > Min(max, MAX_TARGETS))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the sectors of a profile map to more than %d codes through the crosswalks",
						PROFILE_MAX_XSECTORS)));
	memcpy(out, t, n * sizeof(Sector));
	return n;
}
