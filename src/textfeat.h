/*
 * textfeat.h
 *	  Text to hashed features, with no word segmenter and no locale.
 *
 * Used by the trainable classifier and meant for any module that compares
 * texts (TF-IDF style similarity, say).  A document is read as UTF-8 (in a
 * database of another encoding it is converted first; invalid bytes raise
 * 22021) and cut into units:
 *
 *	 - every character is a unit, after a fixed, locale-free folding:
 *	   ASCII, full-width, Latin-1, Greek and Cyrillic capitals are lower-cased;
 *	   full-width forms (U+FF01..U+FF5E) fold to ASCII, so "ＡＢＣ１２" and
 *	   "abc12" give the same features;
 *	 - with TEXTFEAT_LATIN_WORDS, a run of letters/digits outside the CJK
 *	   blocks (Han, kana, hangul) is one unit (a word) instead of one unit
 *	   per character; CJK text is always one unit per character;
 *	 - a run of white space (and control characters) is one space unit; it
 *	   takes part in n-grams of 2 or more units (it marks a phrase boundary,
 *	   which measurably helps on titles) but is never a feature by itself;
 *	 - with TEXTFEAT_BOUNDARIES, a start and an end marker stand before the
 *	   first and after the last unit (again only inside n-grams).
 *
 * The features of a document are its unit n-grams for n in [ngram_min,
 * ngram_max] (at most TEXTFEAT_MAX_NGRAM), each hashed to 64 bits by a
 * hash of our own over the folded code points and n: the same text gives the
 * same hashes on every platform, server and release (the server's hash seed
 * is not used), and two different n-grams collide with probability about
 * 2^-64 (2^-32 for the 32-bit form).
 *
 * Two ways in:
 *	 textfeat_scan()     calls a callback once per feature occurrence, in text
 *	                     order (cheapest; no memory);
 *	 textfeat_collect()  fills a reusable TextFeatBuf with the distinct
 *	                     features and their counts, sorted by hash when asked.
 *
 * Both call CHECK_FOR_INTERRUPTS() on long texts, and a 100 MB document
 * works (the distinct-feature table grows as needed, up to
 * TEXTFEAT_MAX_DISTINCT features: beyond that, 54000).
 */
#ifndef SCENARIO_TEXTFEAT_H
#define SCENARIO_TEXTFEAT_H

#include "postgres.h"
#include "mb/pg_wchar.h"

#define TEXTFEAT_MAX_NGRAM		5
#define TEXTFEAT_MAX_DISTINCT	(1 << 25)

/* flags */
#define TEXTFEAT_LATIN_WORDS	0x01	/* Latin/digit runs are one unit */
#define TEXTFEAT_BOUNDARIES		0x02	/* start/end markers inside n-grams */

typedef struct TextFeatOptions
{
	int			ngram_min;		/* 1..TEXTFEAT_MAX_NGRAM */
	int			ngram_max;		/* ngram_min..TEXTFEAT_MAX_NGRAM */
	int			flags;			/* TEXTFEAT_* */
} TextFeatOptions;

/* One distinct feature of a document. */
typedef struct TextFeat
{
	uint64		hash;
	uint32		count;			/* occurrences in the document */
	uint32		slot;			/* private to textfeat_collect() */
} TextFeat;

/* Called once per feature occurrence by textfeat_scan(). */
typedef void (*textfeat_callback) (uint64 hash, void *arg);

/*
 * Reusable workspace of textfeat_collect(): keep one per function call site
 * (in fn_extra, say) so that a query over many rows allocates and clears
 * nothing per row.  Zero it before first use; memory comes from cxt
 * (CurrentMemoryContext when NULL at the first call).
 */
typedef struct TextFeatBuf
{
	MemoryContext cxt;
	TextFeat   *feats;			/* result: nfeats distinct features */
	int			nfeats;
	uint64		total;			/* feature occurrences (sum of counts) */
	/* private */
	int32	   *table;			/* open addressing: index + 1 into feats, 0 = empty */
	Size		tablecap;		/* power of 2 */
	Size		featcap;
} TextFeatBuf;

/* Check the options; 22023 with a clear message when out of range. */
extern void textfeat_check_options(const TextFeatOptions *opt);

/* Call cb for every feature occurrence of the len bytes at s. */
extern void textfeat_scan(const char *s, int len, const TextFeatOptions *opt,
						  textfeat_callback cb, void *arg);

/*
 * Fill buf->feats/nfeats/total with the distinct features of the text,
 * sorted by hash when sorted is true, else in order of first occurrence.
 * Returns buf->nfeats.
 */
extern int	textfeat_collect(const char *s, int len, const TextFeatOptions *opt,
							 TextFeatBuf *buf, bool sorted);

/*
 * The pieces of the rules above, for modules that scan text their own way
 * (the dictionary classifier), so that every module agrees on what a
 * character is: the text as valid UTF-8 (22021 when invalid; converted from
 * another server encoding; *len updated), the folding of one code point,
 * and the character classes.
 */
extern const char *textfeat_as_utf8(const char *s, int *len);
extern pg_wchar textfeat_fold(pg_wchar c);
extern bool textfeat_is_space(pg_wchar c);
extern bool textfeat_is_cjk(pg_wchar c);
extern bool textfeat_is_word_char(pg_wchar c);

/* The 32-bit form of a feature hash, for compact tables. */
static inline uint32
textfeat_hash32(uint64 h)
{
	return (uint32) (h ^ (h >> 32));
}

#endif							/* SCENARIO_TEXTFEAT_H */
