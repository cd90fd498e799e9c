/*
 * textfeat.c
 *	  Text to hashed unit n-grams, locale-free; see textfeat.h.
 */
#include "textfeat.h"

#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/memutils.h"

/* Unit kinds: only UNIT_TEXT units are features on their own. */
#define UNIT_TEXT	0
#define UNIT_SPACE	1
#define UNIT_MARK	2

/* Fixed unit hashes of the separators (arbitrary odd constants). */
#define HASH_SPACE	UINT64CONST(0x9e3779b97f4a7c15)
#define HASH_START	UINT64CONST(0xc2b2ae3d27d4eb4f)
#define HASH_END	UINT64CONST(0x165667b19e3779f9)

#define CHECK_EVERY	65536		/* units between interrupt checks */

/* A 64-bit finaliser (splitmix64's), so nearby inputs spread out. */
static inline uint64
mix64(uint64 x)
{
	x ^= x >> 30;
	x *= UINT64CONST(0xbf58476d1ce4e5b9);
	x ^= x >> 27;
	x *= UINT64CONST(0x94d049bb133111eb);
	x ^= x >> 31;
	return x;
}

static inline uint64
rotl64(uint64 x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static bool
is_space(pg_wchar c)
{
	if (c <= 0x20 || c == 0x7f || (c >= 0x80 && c <= 0xa0))
		return true;
	return c == 0x1680 || (c >= 0x2000 && c <= 0x200b) || c == 0x2028 ||
		c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000 || c == 0xfeff;
}

/* Han, kana and hangul: always one unit per character. */
static bool
is_cjk(pg_wchar c)
{
	return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) ||
		(c >= 0x20000 && c <= 0x3ffff) || (c >= 0xf900 && c <= 0xfaff) ||
		(c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) ||
		(c >= 0xff66 && c <= 0xff9f) || (c >= 0xac00 && c <= 0xd7af) ||
		(c >= 0x1100 && c <= 0x11ff) || (c >= 0x3130 && c <= 0x318f);
}

/* Letters and digits that make words in TEXTFEAT_LATIN_WORDS mode. */
static bool
is_word_char(pg_wchar c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
	return (c >= 0xc0 && c <= 0x24f && c != 0xd7 && c != 0xf7) ||
		(c >= 0x370 && c <= 0x3ff) || (c >= 0x400 && c <= 0x4ff);
}

/* The fixed, locale-free folding described in textfeat.h. */
static pg_wchar
fold(pg_wchar c)
{
	if (c >= 0xff01 && c <= 0xff5e)
		c -= 0xfee0;
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if ((c >= 0xc0 && c <= 0xde && c != 0xd7) ||
		(c >= 0x391 && c <= 0x3a9 && c != 0x3a2) ||
		(c >= 0x410 && c <= 0x42f))
		return c + 32;
	if (c >= 0x400 && c <= 0x40f)
		return c + 80;
	return c;
}

void
textfeat_check_options(const TextFeatOptions *opt)
{
	if (opt->ngram_min < 1 || opt->ngram_max > TEXTFEAT_MAX_NGRAM ||
		opt->ngram_min > opt->ngram_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid n-gram range %d-%d", opt->ngram_min, opt->ngram_max),
				 errdetail("The range must satisfy 1 <= min <= max <= %d.",
						   TEXTFEAT_MAX_NGRAM)));
}

/*
 * The text as valid UTF-8: checked in a UTF-8 database (22021 when
 * invalid), converted from any other server encoding.
 */
static const char *
as_utf8(const char *s, int *len)
{
	if (GetDatabaseEncoding() != PG_UTF8)
	{
		/* a converted copy is NUL-terminated; SQL_ASCII comes back as is */
		const char *u = pg_server_to_any(s, *len, PG_UTF8);

		if (u != s)
			*len = strlen(u);
		s = u;
	}
	(void) pg_verify_mbstr(PG_UTF8, s, *len, false);
	return s;
}

/* Emit the n-grams that end at the newest unit of the ring. */
static inline void
emit(const uint64 *hashes, const uint8 *kinds, uint64 pos,
	 const TextFeatOptions *opt, textfeat_callback cb, void *arg)
{
	for (int n = opt->ngram_min; n <= opt->ngram_max; n++)
	{
		uint64		acc;

		if ((uint64) n > pos + 1)
			break;
		if (n == 1 && kinds[pos % TEXTFEAT_MAX_NGRAM] != UNIT_TEXT)
			continue;
		acc = (uint64) n * UINT64CONST(0xd6e8feb86659fd93);
		for (uint64 p = pos + 1 - n; p <= pos; p++)
			acc = rotl64(acc, 23) * UINT64CONST(0xff51afd7ed558ccd) ^ hashes[p % TEXTFEAT_MAX_NGRAM];
		cb(mix64(acc), arg);
	}
}

void
textfeat_scan(const char *s, int len, const TextFeatOptions *opt,
			  textfeat_callback cb, void *arg)
{
	const unsigned char *p,
			   *end;
	uint64		hashes[TEXTFEAT_MAX_NGRAM];
	uint8		kinds[TEXTFEAT_MAX_NGRAM];
	uint64		pos = 0;		/* units so far */
	bool		pending_space = false;
	bool		in_word = false;
	uint64		word = 0;
	bool		words = (opt->flags & TEXTFEAT_LATIN_WORDS) != 0;
	bool		marks = (opt->flags & TEXTFEAT_BOUNDARIES) != 0;

	s = as_utf8(s, &len);
	p = (const unsigned char *) s;
	end = p + len;

#define PUSH(h, k) \
	do { \
		hashes[pos % TEXTFEAT_MAX_NGRAM] = (h); \
		kinds[pos % TEXTFEAT_MAX_NGRAM] = (k); \
		emit(hashes, kinds, pos, opt, cb, arg); \
		pos++; \
		if (pos % CHECK_EVERY == 0) \
			CHECK_FOR_INTERRUPTS(); \
	} while (0)

	while (p < end || in_word)
	{
		pg_wchar	c = 0;
		bool		space;

		if (p < end)
		{
			int			l = pg_utf_mblen(p);

			c = fold(utf8_to_unicode(p));
			p += l;
		}
		space = p >= end && c == 0 ? false : is_space(c);

		if (in_word && (c == 0 || space || !is_word_char(c) || is_cjk(c)))
		{
			PUSH(mix64(word), UNIT_TEXT);
			in_word = false;
		}
		if (c == 0)
			break;
		if (space)
		{
			pending_space = pos > 0;	/* leading space is dropped */
			continue;
		}
		if (pos == 0 && marks)
			PUSH(HASH_START, UNIT_MARK);
		if (pending_space)
		{
			PUSH(HASH_SPACE, UNIT_SPACE);
			pending_space = false;
		}
		if (words && is_word_char(c) && !is_cjk(c))
		{
			if (!in_word)
				word = UINT64CONST(0x2545f4914f6cdd1d);
			word = rotl64(word, 29) * UINT64CONST(0x9fb21c651e98df25) ^ c;
			in_word = true;
			continue;
		}
		PUSH(mix64((uint64) c * UINT64CONST(0x9e3779b97f4a7c15) + 0x632be59bd9b4e019), UNIT_TEXT);
	}
	if (pos > 0 && marks)
		PUSH(HASH_END, UNIT_MARK);
#undef PUSH
}

/* the rules, exported (see textfeat.h) */

const char *
textfeat_as_utf8(const char *s, int *len)
{
	return as_utf8(s, len);
}

pg_wchar
textfeat_fold(pg_wchar c)
{
	return fold(c);
}

bool
textfeat_is_space(pg_wchar c)
{
	return is_space(c);
}

bool
textfeat_is_cjk(pg_wchar c)
{
	return is_cjk(c);
}

bool
textfeat_is_word_char(pg_wchar c)
{
	return is_word_char(c);
}

/* textfeat_collect(): count distinct features in an open-addressing table */

#define SMALL_TABLE		4096	/* tables kept between documents */

static void
buf_place(TextFeatBuf *buf, int f)
{
	Size		mask = buf->tablecap - 1;
	Size		i = buf->feats[f].hash & mask;

	while (buf->table[i] != 0)
		i = (i + 1) & mask;
	buf->table[i] = f + 1;
	buf->feats[f].slot = (uint32) i;
}

static void
buf_alloc_table(TextFeatBuf *buf, Size cap)
{
	if (buf->table)
		pfree(buf->table);
	buf->table = MemoryContextAllocHuge(buf->cxt, cap * sizeof(int32));
	memset(buf->table, 0, cap * sizeof(int32));
	buf->tablecap = cap;
}

static void
buf_insert(uint64 hash, void *arg)
{
	TextFeatBuf *buf = (TextFeatBuf *) arg;
	Size		mask = buf->tablecap - 1;
	Size		i = hash & mask;
	int32		t;
	int			n;

	buf->total++;
	while ((t = buf->table[i]) != 0)
	{
		if (buf->feats[t - 1].hash == hash)
		{
			buf->feats[t - 1].count++;
			return;
		}
		i = (i + 1) & mask;
	}
	n = buf->nfeats;
	if ((Size) n >= buf->featcap)
	{
		if (n >= TEXTFEAT_MAX_DISTINCT)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("document has more than %d distinct features",
							TEXTFEAT_MAX_DISTINCT)));
		buf->featcap *= 2;
		buf->feats = repalloc_huge(buf->feats, buf->featcap * sizeof(TextFeat));
	}
	buf->feats[n].hash = hash;
	buf->feats[n].count = 1;
	buf->feats[n].slot = (uint32) i;
	buf->table[i] = n + 1;
	buf->nfeats = n + 1;
	/* keep the load under 1/2 */
	if ((Size) buf->nfeats * 2 > buf->tablecap)
	{
		buf_alloc_table(buf, buf->tablecap * 2);
		for (int f = 0; f < buf->nfeats; f++)
			buf_place(buf, f);
	}
}

static int
feat_cmp(const void *a, const void *b)
{
	uint64		x = ((const TextFeat *) a)->hash;
	uint64		y = ((const TextFeat *) b)->hash;

	return x < y ? -1 : x > y ? 1 : 0;
}

int
textfeat_collect(const char *s, int len, const TextFeatOptions *opt,
				 TextFeatBuf *buf, bool sorted)
{
	if (buf->cxt == NULL)
		buf->cxt = CurrentMemoryContext;
	if (buf->table == NULL)
		buf_alloc_table(buf, 256);
	if (buf->feats != NULL && buf->featcap > SMALL_TABLE * 16)
	{
		/* the last document was huge: do not keep its memory */
		pfree(buf->feats);
		buf->feats = NULL;
	}
	if (buf->feats == NULL)
	{
		buf->featcap = 128;
		buf->feats = MemoryContextAlloc(buf->cxt, buf->featcap * sizeof(TextFeat));
	}
	buf->nfeats = 0;
	buf->total = 0;

	textfeat_scan(s, len, opt, buf_insert, buf);

	/*
	 * Leave the table empty for the next document: clear the slots used
	 * (cheaper than clearing the table), or drop a table grown big.
	 */
	if (buf->tablecap > SMALL_TABLE)
		buf_alloc_table(buf, 256);
	else
		for (int f = 0; f < buf->nfeats; f++)
			buf->table[buf->feats[f].slot] = 0;
	if (sorted && buf->nfeats > 1)
		qsort(buf->feats, buf->nfeats, sizeof(TextFeat), feat_cmp);
	return buf->nfeats;
}
