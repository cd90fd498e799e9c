/*
 * match_sector.c
 *	  The seam between matching and the sector type: parse, print, compare.
 *
 * TEMPORARY STUB until the sector type (issue 3) is on main: a value packs a
 * taxonomy number in its top byte and up to 7 code characters below it, and
 * the hierarchy is the code's prefix.  Only this file changes when the real
 * type lands.
 */
#include "match.h"

#include "utils/builtins.h"

static const char *const taxonomies[] = {"", "gbt4754", "sei2018", "gd", "isic4", "naics2022"};
#define NTAX 6

static int
code_len(uint64 v)
{
	int			n = 0;

	while (n < 7 && ((v >> (8 * (6 - n))) & 0xff) != 0)
		n++;
	return n;
}

uint64
msector_parse(const char *s, int len)
{
	const char *colon = memchr(s, ':', len);
	int			t;
	uint64		v = 0;
	int			i,
				cl;

	if (colon)
		for (t = 1; t < NTAX; t++)
			if ((int) strlen(taxonomies[t]) == colon - s &&
				memcmp(s, taxonomies[t], colon - s) == 0)
				break;
	cl = colon ? len - (colon - s) - 1 : 0;
	if (!colon || t == NTAX || cl < 1 || cl > 7)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type sector: \"%s\"", pnstrdup(s, len))));
	v = (uint64) t << 56;
	for (i = 0; i < cl; i++)
	{
		unsigned char c = colon[1 + i];

		if (!isalnum(c) && c != '.')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type sector: \"%s\"", pnstrdup(s, len))));
		v |= (uint64) c << (8 * (6 - i));
	}
	return v;
}

char *
msector_out(uint64 v)
{
	StringInfoData b;
	int			i,
				n = code_len(v);

	initStringInfo(&b);
	appendStringInfo(&b, "%s:", taxonomies[(v >> 56) % NTAX]);
	for (i = 0; i < n; i++)
		appendStringInfoChar(&b, (char) ((v >> (8 * (6 - i))) & 0xff));
	return b.data;
}

bool
msector_lca(uint64 a, uint64 b, uint64 *lca)
{
	int			i,
				n = 0;
	uint64		mask = (uint64) 0xff << 56;

	if ((a >> 56) != (b >> 56))
		return false;
	for (i = 0; i < 7; i++)
	{
		uint64		m = (uint64) 0xff << (8 * (6 - i));

		if ((a & m) != (b & m) || (a & m) == 0)
			break;
		mask |= m;
		n++;
	}
	if (n == 0)
		return false;
	*lca = a & mask;
	return true;
}

double
msector_similarity(uint64 a, uint64 b)
{
	uint64		l;

	if (a == b)
		return 1.0;
	if (!msector_lca(a, b, &l))
		return 0.0;
	return 2.0 * code_len(l) / (code_len(a) + code_len(b));
}

bool
msector_within(uint64 a, uint64 ancestor)
{
	uint64		l;

	return msector_lca(a, ancestor, &l) && l == ancestor;
}

int
msector_crosswalk(uint64 v, uint64 *out, int max)
{
	return 0;
}

bool
msector_parent(uint64 v, uint64 *parent)
{
	int			n = code_len(v);

	if (n <= 1)
		return false;
	*parent = v & ~((uint64) 0xff << (8 * (6 - (n - 1))));
	return true;
}
