/*
 * match_sector.c
 *	  The seam between matching and the sector type (src/sector.h): parse,
 *	  print, compare, and the compiled-in crosswalks.
 *
 * The crosswalks are the ones the sector module compiles into the library
 * (GB/T 4754 <-> gd clusters and priority sectors, NAICS 2022 <-> ISIC 4),
 * not the scenario.sector_crosswalk table, so that scores stay IMMUTABLE;
 * rows users add to that table do not change scores.  They are parsed once
 * per backend into an array sorted by source, where the links of a whole
 * subtree are one contiguous range (sector values sort in preorder).
 */
#include "match.h"

#include "sector.h"
#include "sector_internal.h"
#include "utils/memutils.h"

typedef struct Link
{
	Sector		source;
	Sector		target;
} Link;

static Link *links = NULL;
static int	nlinks = 0;

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

static int
cmp_link(const void *a, const void *b)
{
	const Link *x = a,
			   *y = b;

	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	return x->target < y->target ? -1 : x->target > y->target;
}

static void
load_links(void)
{
	Link	   *l;
	int			i;

	l = MemoryContextAlloc(TopMemoryContext, sector_builtin_nlinks * sizeof(Link));
	for (i = 0; i < sector_builtin_nlinks; i++)
	{
		const SectorBuiltinLink *b = &sector_builtin_links[i];

		l[i].source = sector_parse(b->source, strlen(b->source));
		l[i].target = sector_parse(b->target, strlen(b->target));
	}
	qsort(l, sector_builtin_nlinks, sizeof(Link), cmp_link);
	nlinks = sector_builtin_nlinks;
	links = l;
}

/* First link whose source is >= v. */
static int
lower_bound(Sector v)
{
	int			lo = 0,
				hi = nlinks;

	while (lo < hi)
	{
		int			mid = (lo + hi) / 2;

		if (links[mid].source < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
cmp_sector(const void *a, const void *b)
{
	Sector		x = *(const Sector *) a,
				y = *(const Sector *) b;

	return x < y ? -1 : x > y;
}

/* Sort, drop duplicates and codes inside another listed code. */
static int
reduce(Sector *t, int n)
{
	int			i,
				k = 0;

	qsort(t, n, sizeof(Sector), cmp_sector);
	for (i = 0; i < n; i++)
		if (k == 0 || !sector_contains_internal(t[k - 1], t[i]))
			t[k++] = t[i];
	return k;
}

/*
 * The crosswalk targets of v: the links of v and of every code below it (a
 * cluster stands for all its sub-sectors); when there are none, those of
 * its nearest ancestor that has some.  A broad code can reach hundreds of
 * targets (an ISIC section); beyond MAX_TARGETS they are replaced by their
 * parents until they fit, as the targets stand for everything below them.
 * Returns how many were written to out (at most max).
 */
#define MAX_TARGETS 64

int
msector_crosswalk(uint64 v, uint64 *out, int max)
{
	Sector		s = (Sector) v;
	Sector	   *t;
	int			n = 0;

	if (links == NULL)
		load_links();
	t = palloc(Max(nlinks, 1) * sizeof(Sector));
	for (;;)
	{
		Sector		last = sector_subtree_max(s);
		int			i;

		for (i = lower_bound(s); i < nlinks && links[i].source <= last; i++)
			t[n++] = links[i].target;
		if (n > 0 || !sector_parent_internal(s, &s))
			break;
	}
	n = reduce(t, n);
	while (n > MAX_TARGETS)
	{
		int			i;
		bool		moved = false;

		for (i = 0; i < n; i++)
			moved |= sector_parent_internal(t[i], &t[i]);
		n = reduce(t, n);
		if (!moved)
			break;
	}
	if (n > max)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("the sectors of a profile map to more than %d codes through the crosswalks",
						PROFILE_MAX_XSECTORS)));
	memcpy(out, t, n * sizeof(Sector));
	pfree(t);
	return n;
}
