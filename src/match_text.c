/*
 * match_text.c
 *	  Text features for matching: weighted term vectors that work on Chinese
 *	  without a segmenter, their cosine, and the terms behind a match.
 *
 * Terms are CJK character bigrams (a lone CJK character is a term) and
 * words of two or more letters or digits, found by src/textfeat.c's rules
 * (its folding and character classes, so every module agrees on what a
 * character is) and hashed as textfeat hashes those n-grams with Latin
 * words as units, reduced to 32 bits.  Only these terms,
 * not textfeat's every 1- and 2-gram: pairs with spaces and punctuation and
 * single characters inside longer runs would double the vectors for little
 * signal, and short vectors keep the index small.  A term's weight is
 * (1 + ln tf) times its inverse document frequency, and the vector has unit
 * L2 norm, so the cosine of two profiles is a merge of two sorted arrays.
 * The IDF table is computed at build time by tools/gen_match_idf.py (which
 * mirrors these terms and textfeat's hash; the tests check that they agree)
 * from the corpora the repo ships (THUCNews titles, GB/T 4754 names and
 * notes, IPC descriptions) and compiled in (src/match_idf_data.c): scoring
 * stays IMMUTABLE.  A term the corpora never saw gets the highest IDF, as
 * the rarest term would.
 */
#include "match.h"

#include <math.h>

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "textfeat.h"

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

static void
first_hash(uint64 h, void *arg)
{
	*(uint64 *) arg = h;
}

/* textfeat's hash of a whole span as one n-gram (a word, or two CJK characters) */
static uint32
span_hash(const char *s, int len, int n)
{
	TextFeatOptions o = {n, n, TEXTFEAT_LATIN_WORDS};
	uint64		h = 0;

	textfeat_scan(s, len, &o, first_hash, &h);
	return textfeat_hash32(h);
}

/*
 * The terms of a text, in text order, pointing into s: CJK character pairs
 * (a lone character alone) and words, each hashed as textfeat hashes that
 * n-gram, so a term has the same hash here as in the classifier.  s is
 * valid UTF-8 (profile_build checks).
 */
int
text_terms(const char *s, int len, TextTerm **out)
{
	int			cap = 16,
				n = 0,
				pos = 0;
	TextTerm   *t = palloc(cap * sizeof(TextTerm));
	int			prev_cjk = -1;	/* start of the previous CJK character in a run */
	int			word = -1;		/* start of the word being read */
	int			wordlen = 0;	/* its characters */

	/* one pass more than the characters, to close a word at the end */
	while (pos <= len)
	{
		pg_wchar	c = 0;
		int			cl = 1;
		bool		cjk = false,
					wordch = false;

		if (n + 2 >= cap)
		{
			cap *= 2;
			t = repalloc(t, cap * sizeof(TextTerm));
		}
		if (pos < len)
		{
			cl = pg_utf_mblen((const unsigned char *) s + pos);
			if (cl < 1 || pos + cl > len)
				cl = 1;
			c = textfeat_fold(utf8_to_unicode((const unsigned char *) s + pos));
			cjk = textfeat_is_cjk(c);
			wordch = !cjk && textfeat_is_word_char(c);
		}
		if (word >= 0 && !wordch)
		{
			if (wordlen >= 2)
			{
				t[n].hash = span_hash(s + word, pos - word, 1);
				t[n].str = s + word;
				t[n].len = pos - word;
				n++;
			}
			word = -1;
		}
		if (pos == len)
			break;
		if (wordch)
		{
			if (word < 0)
				word = pos, wordlen = 0;
			wordlen++;
		}
		if (cjk)
		{
			int			next = pos + cl;
			bool		next_cjk = next < len &&
				textfeat_is_cjk(textfeat_fold(utf8_to_unicode((const unsigned char *) s + next)));

			if (prev_cjk >= 0)
			{
				t[n].hash = span_hash(s + prev_cjk, next - prev_cjk, 2);
				t[n].str = s + prev_cjk;
				t[n].len = next - prev_cjk;
				n++;
			}
			else if (!next_cjk)
			{
				/* a lone character */
				t[n].hash = span_hash(s + pos, cl, 1);
				t[n].str = s + pos;
				t[n].len = cl;
				n++;
			}
			prev_cjk = pos;
		}
		else
			prev_cjk = -1;
		pos += cl;
		if ((pos & 0xffff) < cl)
			CHECK_FOR_INTERRUPTS();
	}
	*out = t;
	return n;
}

static int
cmp_feature(const void *a, const void *b)
{
	uint32		x = ((const ProfileFeature *) a)->hash,
				y = ((const ProfileFeature *) b)->hash;

	return x < y ? -1 : x > y;
}

/* Unit-norm TF-IDF vector sorted by hash; returns the number of features. */
int
text_features(const char *s, int len, ProfileFeature **out)
{
	TextTerm   *terms;
	int			n = text_terms(s, len, &terms);
	ProfileFeature *f = palloc((n + 1) * sizeof(ProfileFeature));
	int			i,
				nf = 0;
	double		norm = 0;

	for (i = 0; i < n; i++)
		f[i].hash = terms[i].hash;
	qsort(f, n, sizeof(ProfileFeature), cmp_feature);
	for (i = 0; i < n;)
	{
		int			j = i;

		while (j < n && f[j].hash == f[i].hash)
			j++;
		f[nf].hash = f[i].hash;
		f[nf].weight = (float4) ((1.0 + log((double) (j - i))) * text_idf(f[i].hash));
		norm += (double) f[nf].weight * f[nf].weight;
		nf++;
		i = j;
	}
	norm = sqrt(norm);
	for (i = 0; i < nf; i++)
		f[i].weight = (float4) (f[i].weight / norm);
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
