/*
 * match_text.c
 *	  Text features for matching: weighted term vectors that work on Chinese
 *	  without a segmenter, their cosine, and the terms behind a match.
 *
 * Terms are CJK character bigrams (a lone CJK character is its own term) and
 * lower-cased Latin/digit words of two or more characters, hashed with
 * 32-bit FNV-1a over their UTF-8 bytes.  A term's weight is (1 + ln tf)
 * times its inverse document frequency, and the vector has unit L2 norm, so
 * the cosine of two profiles is a merge of two sorted arrays.  The IDF table
 * is computed at build time by tools/gen_match_idf.py from the corpora the
 * repo ships (THUCNews titles, GB/T 4754 names and notes, IPC descriptions)
 * and compiled in (src/match_idf_data.c): scoring stays IMMUTABLE.  A term
 * the corpora never saw gets the highest IDF, as the rarest term would.
 *
 * TEMPORARY: the tokeniser below stands in for src/textfeat.c (issue 4)
 * until it is on main; the generator mirrors whichever is in use.
 */
#include "match.h"

#include <math.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"

/* src/match_idf_data.c (generated) */
extern const int match_idf_count;
extern const uint32 match_idf_hash[];
extern const uint16 match_idf_milli[];
extern const double match_idf_unseen;

float4
text_idf(uint32 hash)
{
	int			lo = 0,
				hi = match_idf_count - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (match_idf_hash[mid] == hash)
			return match_idf_milli[mid] / 1000.0f;
		if (match_idf_hash[mid] < hash)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return (float4) match_idf_unseen;
}

static uint32
fnv1a(const char *s, int len, bool lower)
{
	uint32		h = 2166136261u;
	int			i;

	for (i = 0; i < len; i++)
	{
		unsigned char c = s[i];

		if (lower && c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		h ^= c;
		h *= 16777619u;
	}
	return h;
}

static inline bool
is_word_byte(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool
is_cjk(pg_wchar c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
		(c >= 0xF900 && c <= 0xFAFF);
}

/* Tokens in text order, pointing into s. */
int
text_terms(const char *s, int len, TextTerm **out)
{
	int			cap = 16,
				n = 0,
				pos = 0;
	TextTerm   *t = palloc(cap * sizeof(TextTerm));
	int			prev_cjk = -1;	/* start of the previous CJK character in a run */

	while (pos < len)
	{
		unsigned char c = s[pos];
		int			start = -1,
					tl = 0;
		bool		lower = false;

		if (n + 2 >= cap)
		{
			cap *= 2;
			t = repalloc(t, cap * sizeof(TextTerm));
		}
		if (is_word_byte(c))
		{
			int			e = pos;

			while (e < len && is_word_byte((unsigned char) s[e]))
				e++;
			if (e - pos >= 2)
				start = pos, tl = e - pos, lower = true;
			pos = e;
			prev_cjk = -1;
		}
		else if (c >= 0x80)
		{
			int			cl = pg_utf_mblen((const unsigned char *) s + pos);
			pg_wchar	wc;

			if (cl < 1 || pos + cl > len)
				cl = 1;
			wc = utf8_to_unicode((const unsigned char *) s + pos);
			if (is_cjk(wc))
			{
				int			next = pos + cl;
				bool		next_cjk = next < len && (unsigned char) s[next] >= 0x80 &&
					is_cjk(utf8_to_unicode((const unsigned char *) s + next));

				if (prev_cjk >= 0)
					start = prev_cjk, tl = next - prev_cjk;
				else if (!next_cjk)
					start = pos, tl = cl;	/* a lone character */
				prev_cjk = pos;
			}
			else
				prev_cjk = -1;
			pos += cl;
		}
		else
		{
			pos++;
			prev_cjk = -1;
		}
		if (start >= 0)
		{
			t[n].hash = fnv1a(s + start, tl, lower);
			t[n].str = s + start;
			t[n].len = tl;
			t[n].weight = 0;
			n++;
		}
		if ((pos & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	*out = t;
	return n;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32		x = *(const uint32 *) a,
				y = *(const uint32 *) b;

	return x < y ? -1 : x > y;
}

/* Unit-norm TF-IDF vector sorted by hash; returns the number of features. */
int
text_features(const char *s, int len, ProfileFeature **out)
{
	TextTerm   *terms;
	int			n = text_terms(s, len, &terms);
	uint32	   *h = palloc((n + 1) * sizeof(uint32));
	ProfileFeature *f = palloc((n + 1) * sizeof(ProfileFeature));
	int			i,
				nf = 0;
	double		norm = 0;

	for (i = 0; i < n; i++)
		h[i] = terms[i].hash;
	qsort(h, n, sizeof(uint32), cmp_u32);
	for (i = 0; i < n;)
	{
		int			j = i;

		while (j < n && h[j] == h[i])
			j++;
		f[nf].hash = h[i];
		f[nf].weight = (float4) ((1.0 + log((double) (j - i))) * text_idf(h[i]));
		norm += (double) f[nf].weight * f[nf].weight;
		nf++;
		i = j;
	}
	norm = sqrt(norm);
	for (i = 0; i < nf; i++)
		f[i].weight = (float4) (f[i].weight / norm);
	pfree(h);
	pfree(terms);
	*out = f;
	return nf;
}

double
text_cosine(const ProfileFeature *a, int na, const ProfileFeature *b, int nb)
{
	double		dot = 0;
	int			i = 0,
				j = 0;

	while (i < na && j < nb)
	{
		if (a[i].hash == b[j].hash)
			dot += (double) a[i++].weight * b[j++].weight;
		else if (a[i].hash < b[j].hash)
			i++;
		else
			j++;
	}
	return dot > 1.0 ? 1.0 : dot;
}

/*
 * The IDF the matcher gives one term (a word, or one or two CJK characters),
 * for tests that the build-time table and the tokeniser agree.
 */
PG_FUNCTION_INFO_V1(match_term_idf);
Datum
match_term_idf(PG_FUNCTION_ARGS)
{
	text	   *t = PG_GETARG_TEXT_PP(0);
	TextTerm   *terms;
	int			n = text_terms(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), &terms);

	if (n != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("not a single term: \"%s\"", text_to_cstring(t)),
				 errdetail("A term is one word or one or two CJK characters.")));
	PG_RETURN_FLOAT4(text_idf(terms[0].hash));
}
