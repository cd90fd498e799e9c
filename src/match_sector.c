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

double
msector_similarity(uint64 a, uint64 b)
{
	return sector_similarity_internal((Sector) a, (Sector) b);
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
