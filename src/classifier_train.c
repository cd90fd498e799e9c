/*
 * classifier_train.c
 *	  Train a classifier from a training state: TF-IDF weighting, NB-SVM
 *	  (one-vs-rest L2-loss linear SVM by dual coordinate descent on features
 *	  scaled by naive Bayes log-count ratios), softmax temperature fit.
 *
 * Why this model: on the THUCNews title split it beats both plain TF-IDF +
 * linear SVM and multinomial naive Bayes (docs/design/classifier.md),
 * and it is still one weight per (feature, label), so predicting costs one
 * hash lookup and one short dot product per feature.
 *
 * The vocabulary is counted in a hash table; the labels' problems are
 * trained by classifier_train_class, one call per label that reads only the
 * shared problem, so classifier_parallel.c can hand labels to workers.
 *
 * Everything is deterministic: documents are first put in a canonical
 * order (by content), so the model does not depend on row order or on how
 * parallel workers split the rows, and the coordinate order comes from a
 * fixed-seed generator.
 */
#include "classifier.h"
#include "classifier_termdf.h"

#include <math.h>

#include "aggstate.h"

#include "common/hashfn.h"
#include "miscadmin.h"
#include "portability/instr_time.h"
#include "utils/memutils.h"

/* A hint to start fetching the cache line at p (nothing where unsupported). */
#if defined(__GNUC__) || defined(__clang__)
#define pg_prefetch(p)	__builtin_prefetch(p)
#else
#define pg_prefetch(p)	((void) (p))
#endif

/*
 * Start fetching the bucket where key's search begins: the vocabulary
 * loops look up every feature of every document, in an order unrelated to
 * the table's, and know the next document's features ahead.  Outside the
 * table's arrays nothing is read; a fetch made stale by a resize is
 * harmless.
 */
static inline void
vocab_prefetch(termdf_hash *tb, uint32 key)
{
	pg_prefetch(&tb->data[murmurhash32(key) & tb->sizemask]);
}

/*
 * A document while training.  lkey and fkey are the first 8 bytes of its
 * label (zero-padded) and of its features, read big-endian: compared as
 * numbers they order as memcmp orders those bytes, so the canonical sort
 * settles most comparisons without following the pointers (a miss each
 * in a state of some hundred megabytes) and still gives the order of the
 * full comparison.
 */
typedef struct Doc
{
	uint64		lkey;
	uint64		fkey;
	const char *label;
	uint32		label_len;
	uint32		nfeat;
	const ClassifierFeat *feats;
	int			y;				/* label index */
} Doc;

/* The first 8 of len bytes at p as a big-endian number, zero-padded. */
static inline uint64
prefix_key(const void *p, Size len)
{
	const uint8 *b = (const uint8 *) p;
	uint64		k = 0;

	for (Size i = 0; i < 8; i++)
		k = (k << 8) | (i < len ? b[i] : 0);
	return k;
}

/*
 * Label bytes, then shorter label first, then fewer features, then feature
 * bytes.  A zero-padded prefix orders like the bytes themselves: where two
 * prefixes differ at a byte both labels have, memcmp differs there too;
 * where one label has ended, its padding is 0 and the other's byte is not
 * (else the prefixes would not differ), and the shorter label comes first.
 */
static int
doc_cmp(const void *a, const void *b)
{
	const Doc  *x = (const Doc *) a;
	const Doc  *y = (const Doc *) b;
	int			c;

	if (x->lkey != y->lkey)
		return x->lkey < y->lkey ? -1 : 1;
	c = memcmp(x->label, y->label, Min(x->label_len, y->label_len));
	if (c != 0)
		return c;
	if (x->label_len != y->label_len)
		return x->label_len < y->label_len ? -1 : 1;
	if (x->nfeat != y->nfeat)
		return x->nfeat < y->nfeat ? -1 : 1;
	if (x->fkey != y->fkey)
		return x->fkey < y->fkey ? -1 : 1;
	return memcmp(x->feats, y->feats, (Size) x->nfeat * sizeof(ClassifierFeat));
}

static inline uint64
next_rand(uint64 *s)
{
	uint64		x = *s;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*s = x;
	return x * UINT64CONST(0x2545f4914f6cdd1d);
}

/*
 * The layout the coordinate descent reads.  It visits documents in random
 * order, so each visit is a handful of cache misses: everything it needs of
 * a document sits in one 32-byte record, and a document's (column, scaled
 * value) pairs are adjacent, one run instead of two.  Only the layout
 * differs from the problem's arrays; the arithmetic is the same.
 */
typedef struct SvmEntry
{
	int32		col;
	float4		x;
} SvmEntry;

typedef struct SvmDoc
{
	int64		start;			/* first entry */
	int32		len;			/* entries */
	int32		y;				/* +1 / -1 */
	double		qd;				/* diagonal of the dual's Hessian */
	double		alpha;			/* the dual variable */
} SvmDoc;

/* How many visits ahead a document's record and its entries are fetched. */
#define SVM_PREFETCH_DOC	16
#define SVM_PREFETCH_ENT	8

/*
 * One binary L2-regularised L2-loss SVM by dual coordinate descent with
 * shrinking (Hsieh et al., ICML 2008).  Kept as one function on purpose:
 * the loop is the paper's Algorithm 3 step by step (with its shrinking
 * bounds), which is how it is checked; split, its state would travel
 * through a struct for no gain.  ent are the problem's entries with their
 * scaled values, docs its rows with their labels (alpha gets the dual
 * variables), index n ints of scratch; w gets d + 1 weights, the last one the bias (a constant
 * feature 1, regularised like the others, as liblinear does).
 */
static void
svm_dual_cd(int n, int d, const SvmEntry *ent, SvmDoc *docs, int *index, double C,
			double eps, int max_iter, uint64 seed, double *w)
{
	double		diag = 0.5 / C;
	int			active = n;
	double		pgmax_old = INFINITY,
				pgmin_old = -INFINITY;
	uint64		rs = seed * UINT64CONST(0x9e3779b97f4a7c15) + 1;

	memset(w, 0, sizeof(double) * (d + 1));
	for (int i = 0; i < n; i++)
	{
		const SvmEntry *e = ent + docs[i].start;
		double		q = 1.0 + diag;

		for (int p = 0; p < docs[i].len; p++)
			q += (double) e[p].x * e[p].x;
		docs[i].qd = q;
		docs[i].alpha = 0;
		index[i] = i;
	}
	for (int iter = 0; iter < max_iter; iter++)
	{
		double		pgmax = -INFINITY,
					pgmin = INFINITY;

		CHECK_FOR_INTERRUPTS();
		for (int s = 0; s < active; s++)
		{
			int			j = s + (int) (next_rand(&rs) % (uint64) (active - s));
			int			t = index[s];

			index[s] = index[j];
			index[j] = t;
		}
		for (int s = 0; s < active; s++)
		{
			int			i = index[s];
			SvmDoc	   *doc = &docs[i];
			const SvmEntry *e = ent + doc->start;
			int			len = doc->len;
			double		g = w[d];
			double		pg = 0;

			/*
			 * The visiting order is known ahead: fetch the record of the
			 * document SVM_PREFETCH_DOC visits on and the entries of the one
			 * SVM_PREFETCH_ENT visits on (its record fetched by then), so
			 * that the misses overlap instead of queueing one by one.
			 * Shrinking may swap a later document out; a wasted fetch is
			 * harmless.
			 */
			if (s + SVM_PREFETCH_DOC < active)
				pg_prefetch(&docs[index[s + SVM_PREFETCH_DOC]]);
			if (s + SVM_PREFETCH_ENT < active)
			{
				const SvmDoc *ahead = &docs[index[s + SVM_PREFETCH_ENT]];
				const char *a = (const char *) (ent + ahead->start);
				const char *aend = (const char *) (ent + ahead->start + ahead->len);

				for (; a < aend; a += 64)
					pg_prefetch(a);
			}

			if ((s & 4095) == 4095)
				CHECK_FOR_INTERRUPTS();
			for (int p = 0; p < len; p++)
				g += w[e[p].col] * e[p].x;
			g = doc->y * g - 1 + doc->alpha * diag;
			if (doc->alpha == 0)
			{
				if (g > pgmax_old)
				{
					/* shrink: i stays at the bound; revisit at the end */
					active--;
					index[s] = index[active];
					index[active] = i;
					s--;
					continue;
				}
				if (g < 0)
					pg = g;
			}
			else
				pg = g;
			pgmax = Max(pgmax, pg);
			pgmin = Min(pgmin, pg);
			if (fabs(pg) > 1e-12)
			{
				double		old = doc->alpha;
				double		delta;

				doc->alpha = Max(old - g / doc->qd, 0.0);
				delta = (doc->alpha - old) * doc->y;
				for (int p = 0; p < len; p++)
					w[e[p].col] += delta * e[p].x;
				w[d] += delta;
			}
		}
		if (pgmax - pgmin <= eps)
		{
			if (active == n)
				break;
			/* converged on the active set: check everything once more */
			active = n;
			pgmax_old = INFINITY;
			pgmin_old = -INFINITY;
			continue;
		}
		pgmax_old = pgmax > 0 ? pgmax : INFINITY;
		pgmin_old = pgmin < 0 ? pgmin : -INFINITY;
	}
	(void) pgmin_old;
}

/*
 * Documents from to to (exclusive): each one's term of the derivative in T
 * of the negative log-likelihood of softmax(T * d) into g, and into v the
 * variance of d under that softmax, its term of the second derivative
 * (never negative, the NLL being convex).  dv holds the decision values
 * class by class (k x n).  A document's terms depend on that document
 * alone, so any process can compute any of them with the same bytes; the
 * sums over documents are taken in document order (classifier_run_nll).
 */
void
classifier_nll_terms(const float4 *dv, const int32 *y, int n, int k, double T,
					 int from, int to, double *g, double *v)
{
	for (int i = from; i < to; i++)
	{
		double		mx = dv[i],
					z = 0,
					ez = 0,
					ez2 = 0,
					m;

		for (int c = 1; c < k; c++)
			mx = Max(mx, dv[(Size) c * n + i]);
		for (int c = 0; c < k; c++)
		{
			double		d = dv[(Size) c * n + i];
			double		e = exp(T * (d - mx));

			z += e;
			ez += e * d;
			ez2 += e * d * d;
		}
		m = ez / z;
		g[i] = m - dv[(Size) y[i] * n + i];
		v[i] = Max(ez2 / z - m * m, 0.0);
	}
}

static float4
fit_temperature(ClassifierRun *run, int *passes)
{
	double		lo = 0,			/* T >= 1: tiny sets would otherwise flatten */
				hi = log(1e4),
				u = 1.0;		/* T = e: a usual value */
	double		probe = ldexp(1.0, -27);

	*passes = 0;
	for (int it = 0; it < 100; it++)
	{
		double		g,
					curv,
					step,
					next;

		CHECK_FOR_INTERRUPTS();
		if ((float4) (exp(lo) * (1 - 1e-15)) == (float4) (exp(hi) * (1 + 1e-15)))
			break;
		g = classifier_run_nll(run, exp(u), &curv);
		(*passes)++;
		if (g > 0)
			hi = u;
		else
			lo = u;
		/* d/du of g(e^u) is e^u * curv */
		step = curv > 0 ? g / (exp(u) * curv) : 0;
		if (curv > 0 && fabs(step) < probe)
			/* settled: probe the far side of the root to close the bracket */
			next = g > 0 ? u - probe : u + probe;
		else
			next = u - step;
		if (!(next > lo && next < hi))
			next = 0.5 * (lo + hi);
		u = next;
	}
	return (float4) exp(0.5 * (lo + hi));
}

/*
 * The sorts of training with their comparisons inlined (qsort's callback
 * costs a call per comparison, and these sort millions of items).
 */
#define ST_SORT sort_docs
#define ST_ELEMENT_TYPE Doc
#define ST_COMPARE(a, b) doc_cmp(a, b)
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/* Seconds since *since, which is set to now: the phases' DEBUG1 line. */
static double
lap(instr_time *since)
{
	instr_time	now;
	double		secs;

	INSTR_TIME_SET_CURRENT(now);
	secs = INSTR_TIME_GET_DOUBLE(now) - INSTR_TIME_GET_DOUBLE(*since);
	*since = now;
	return secs;
}

/* What training builds up, step by step, in its own memory context. */
typedef struct Trainer
{
	ClassifierOptions opts;
	MemoryContext cxt;
	int			n;				/* documents */
	int			k;				/* labels */
	int			d;				/* features */
	int64		nnz;
	Size		state_size;		/* the training state's bytes */
	Doc		   *docs;			/* in canonical order */
	termdf_hash *vocab;			/* key -> df, column */
	uint32	   *keys;			/* the vocabulary, sorted */
	float4	   *idf;			/* by key order */
	float4	   *idfcol;			/* by column */
	Size		labels_size;
	ClassifierProblem X;
} Trainer;

static void *scratch_array(MemoryContext cxt, Size size);

/* The documents of a state's payload, sorted into canonical order. */
static void
read_docs(Trainer *t, const char *payload, Size size)
{
	Size		off = sizeof(ClassifierStateHeader);

	t->docs = scratch_array(t->cxt, sizeof(Doc) * Max(t->n, 1));
	t->nnz = 0;
	for (int i = 0; i < t->n; i++)
	{
		ClassifierDocRec rec;
		Doc		   *doc = &t->docs[i];

		memcpy(&rec, payload + off, sizeof(rec));
		off += sizeof(rec);
		doc->label = payload + off;
		doc->label_len = rec.label_len;
		off += CLF_PAD4(rec.label_len);
		doc->nfeat = rec.nfeat;
		doc->feats = (const ClassifierFeat *) (payload + off);
		doc->lkey = prefix_key(doc->label, doc->label_len);
		doc->fkey = prefix_key(doc->feats, (Size) doc->nfeat * sizeof(ClassifierFeat));
		off += (Size) rec.nfeat * sizeof(ClassifierFeat);
		t->nnz += rec.nfeat;
	}
	if (off != size)
		elog(ERROR, "classifier state size mismatch");
	sort_docs(t->docs, t->n);
}

/* Labels: sorted, unique; each document gets its label's index. */
static void
index_labels(Trainer *t)
{
	Doc		   *docs = t->docs;

	t->k = 0;
	t->labels_size = 0;
	for (int i = 0; i < t->n; i++)
	{
		if (i == 0 || docs[i].label_len != docs[i - 1].label_len ||
			memcmp(docs[i].label, docs[i - 1].label, docs[i].label_len) != 0)
		{
			t->k++;
			t->labels_size += docs[i].label_len + 1;
		}
		docs[i].y = t->k - 1;
	}
	if (t->k > CLF_MAX_LABELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("train_classifier accepts at most %d distinct labels", CLF_MAX_LABELS)));
}

/*
 * The vocabulary: document frequencies counted in a hash table (a
 * document's features are distinct), then the distinct keys sorted and
 * numbered as columns.  A single label needs none: it is the answer.
 */
typedef struct KeyFreq
{
	uint32		df;
	int32		j;				/* index in key order */
} KeyFreq;

/* falling document frequency, then key order */
static int
keyfreq_cmp(const void *a, const void *b)
{
	const KeyFreq *x = a;
	const KeyFreq *y = b;

	if (x->df != y->df)
		return x->df > y->df ? -1 : 1;
	return (x->j > y->j) - (x->j < y->j);
}

#define ST_SORT sort_keyfreq
#define ST_ELEMENT_TYPE KeyFreq
#define ST_COMPARE(a, b) keyfreq_cmp(a, b)
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

static void vocabulary_from_terms(Trainer *t, const ClassifierTerms *terms);
static void number_columns(Trainer *t, KeyFreq *byfreq);

static void
build_vocabulary(Trainer *t, const ClassifierTerms *terms)
{
	termdf_iterator it;
	TermDf *e;
	KeyFreq    *byfreq;

	t->d = 0;
	if (t->k <= 1)
	{
		t->keys = MemoryContextAlloc(t->cxt, sizeof(uint32));
		t->idf = t->idfcol = MemoryContextAlloc(t->cxt, sizeof(float4));
		t->X.order = MemoryContextAlloc(t->cxt, sizeof(int32));
		return;
	}
	if (terms != NULL)
	{
		vocabulary_from_terms(t, terms);
		return;
	}
	t->vocab = termdf_create(t->cxt, Min(Max(t->nnz / 16, 1024), PG_INT32_MAX / 2), NULL);
	for (int i = 0; i < t->n; i++)
	{
		if ((i & 4095) == 4095)
			CHECK_FOR_INTERRUPTS();
		for (uint32 f = 0; f < t->docs[i].nfeat; f++)
		{
			bool		found;

			if (i + 1 < t->n && f < t->docs[i + 1].nfeat)
				vocab_prefetch(t->vocab, t->docs[i + 1].feats[f].hash);
			e = termdf_insert(t->vocab, t->docs[i].feats[f].hash, &found);
			if (!found)
				e->df = 0;
			e->df++;
		}
	}
	t->keys = MemoryContextAllocHuge(t->cxt, sizeof(uint32) * Max(t->vocab->members, 1));
	termdf_start_iterate(t->vocab, &it);
	while ((e = termdf_iterate(t->vocab, &it)) != NULL)
		t->keys[t->d++] = e->key;
	sort_term_keys(t->keys, t->d);
	byfreq = MemoryContextAllocHuge(t->cxt, sizeof(KeyFreq) * Max(t->d, 1));
	for (int j = 0; j < t->d; j++)
		byfreq[j].df = termdf_lookup(t->vocab, t->keys[j])->df;
	termdf_destroy(t->vocab);
	t->vocab = NULL;
	number_columns(t, byfreq);
}

/*
 * The vocabulary from the per-term statistics the partial states counted
 * and the combine function merged (classifier_pack.c): the same keys and
 * frequencies the hash table would count, already in key order.  They
 * must account for every feature of every document; the rows' column
 * lookups check that no key is missing.
 */
static void
vocabulary_from_terms(Trainer *t, const ClassifierTerms *terms)
{
	KeyFreq    *byfreq;
	int64		total = 0;

	t->d = terms->n;
	t->keys = MemoryContextAllocHuge(t->cxt, sizeof(uint32) * Max(t->d, 1));
	memcpy(t->keys, terms->key, sizeof(uint32) * t->d);
	byfreq = MemoryContextAllocHuge(t->cxt, sizeof(KeyFreq) * Max(t->d, 1));
	for (int j = 0; j < t->d; j++)
	{
		byfreq[j].df = terms->df[j];
		total += terms->df[j];
	}
	if (total != t->nnz || terms->ndocs != (uint32) t->n)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("classifier_state term statistics do not match its documents")));
	number_columns(t, byfreq);
}

/*
 * idf by key order, then the columns numbered by falling document
 * frequency (byfreq[j].df of key j in, freed here).
 */
static void
number_columns(Trainer *t, KeyFreq *byfreq)
{
	t->idf = MemoryContextAllocHuge(t->cxt, sizeof(float4) * Max(t->d, 1));
	t->idfcol = MemoryContextAllocHuge(t->cxt, sizeof(float4) * Max(t->d, 1));
	t->X.order = MemoryContextAllocHuge(t->cxt, sizeof(int32) * Max(t->d, 1));
	for (int j = 0; j < t->d; j++)
	{
		t->idf[j] = log((1.0 + t->n) / (1.0 + byfreq[j].df)) + 1.0;
		byfreq[j].j = j;
	}
	sort_keyfreq(byfreq, t->d);
	for (int col = 0; col < t->d; col++)
	{
		int32		j = byfreq[col].j;

		t->X.order[j] = col;
		t->idfcol[col] = t->idf[j];
	}
	pfree(byfreq);
}

/* The mask of the column table for d features: twice as many slots, at least. */
uint32
classifier_colmask(int32 d)
{
	uint32		size = 2;

	while (size < (uint32) Max(d, 1) * 2)
		size *= 2;
	return size - 1;
}

static inline int32
coltab_lookup(const ClassifierProblem *X, uint32 key)
{
	uint32		i = murmurhash32(key) & X->colmask;

	for (;;)
	{
		const ClassifierColSlot *s = &X->coltab[i];

		if (s->col < 0 || s->key == key)
			return s->col;
		i = (i + 1) & X->colmask;
	}
}

/*
 * The column table from the vocabulary (keys in key order, X->order their
 * columns), into the slots classifier_run_begin placed.
 */
static void
fill_columns(ClassifierProblem *X, const uint32 *keys)
{
	for (uint32 i = 0; i <= X->colmask; i++)
	{
		X->coltab[i].key = 0;
		X->coltab[i].col = -1;
	}
	for (int j = 0; j < X->d; j++)
	{
		uint32		i = murmurhash32(keys[j]) & X->colmask;

		while (X->coltab[i].col >= 0)
			i = (i + 1) & X->colmask;
		X->coltab[i].key = keys[j];
		X->coltab[i].col = X->order[j];
	}
}

/*
 * The matrix's rows staged, into the arrays classifier_run_begin placed:
 * the documents' label indexes and row starts, and each entry as its
 * document's feature key (in col) and count (the bits of the uint32, in
 * val), in canonical order; classifier_build_rows turns them into the
 * matrix, in whichever processes take them.  Only copies: the lookups and
 * the arithmetic of the rows run in parallel when workers help.
 */
static void
stage_rows(Trainer *t)
{
	ClassifierProblem *X = &t->X;
	uint32	   *keys = (uint32 *) X->col;
	int			n = t->n;
	int64		q = 0;

	X->opts = t->opts;
	X->n = n;
	X->d = t->d;
	X->k = t->k;
	for (int i = 0; i < n; i++)
	{
		const Doc  *doc = &t->docs[i];

		if ((i & 4095) == 4095)
			CHECK_FOR_INTERRUPTS();
		X->start[i] = q;
		X->yidx[i] = doc->y;
		if (t->k > 1)
			for (uint32 f = 0; f < doc->nfeat; f++)
			{
				keys[q] = doc->feats[f].hash;
				memcpy(&X->val[q], &doc->feats[f].count, sizeof(uint32));
				q++;
			}
	}
	X->start[n] = q;
	X->nnz = q;
}

/*
 * Rows from to to (exclusive) of the matrix from their staged form (see
 * stage_rows): sublinear TF-IDF, l2-normalised.  A row's values depend on
 * that row alone, so the rows can be built in any order, by any process,
 * with the same bytes.
 */
void
classifier_build_rows(const ClassifierProblem *X, int from, int to)
{
	for (int i = from; i < to; i++)
	{
		int64		end = X->start[i + 1];
		double		ss = 0;

		if ((i & 4095) == 4095)
			CHECK_FOR_INTERRUPTS();
		for (int64 p = X->start[i]; p < end; p++)
		{
			uint32		key = (uint32) X->col[p];
			uint32		cnt;

			if (p + 8 < end)
				pg_prefetch(&X->coltab[murmurhash32((uint32) X->col[p + 8]) & X->colmask]);
			memcpy(&cnt, &X->val[p], sizeof(uint32));
			X->col[p] = coltab_lookup(X, key);
			if (X->col[p] < 0)
				elog(ERROR, "classifier feature %08x is missing from the vocabulary", key);
			/* log(1) is exactly 0: skip the call for the common count */
			X->val[p] = cnt == 1 ? 1.0 : 1.0 + log((double) cnt);
		}
		for (int64 p = X->start[i]; p < end; p++)
		{
			X->val[p] *= X->idfcol[X->col[p]];
			ss += (double) X->val[p] * X->val[p];
		}
		if (ss > 0)
		{
			double		inv = 1.0 / sqrt(ss);

			for (int64 p = X->start[i]; p < end; p++)
				X->val[p] *= inv;
		}
	}
}

/* The model's header, vocabulary, idf and labels, in the caller's context. */
static ClassifierData *
alloc_model(const Trainer *t, MemoryContext caller)
{
	int			d = t->d,
				k = t->k;
	Size		msize = CLF_HDRSZ + (Size) d * 8 + (Size) d * k * 4 + (Size) k * 4 + t->labels_size;
	ClassifierData *m;
	char	   *lp;

	if (msize > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("trained classifier would exceed %zu bytes", (Size) MaxAllocSize),
				 errdetail("It has %d features and %d labels.", d, k),
				 errhint("Use fewer labels or a narrower n-gram range.")));
	m = scratch_array(caller, msize);
	memset(m, 0, msize);
	SET_VARSIZE(m, msize);
	m->version = CLASSIFIER_VERSION;
	m->flags = CLF_FLAG_HOST_ORDER | (t->opts.nb ? CLF_FLAG_NB : 0);
	m->nlabels = k;
	m->nfeatures = d;
	m->labels_size = t->labels_size;
	m->opts = t->opts;
	m->ndocs = t->n;
	memcpy(CLF_KEYS(m), t->keys, sizeof(uint32) * d);
	memcpy(CLF_IDF(m), t->idf, sizeof(float4) * d);
	lp = CLF_LABELS(m);
	for (int i = 0; i < t->n; i++)
		if (i == 0 || t->docs[i].y != t->docs[i - 1].y)
		{
			memcpy(lp, t->docs[i].label, t->docs[i].label_len);
			lp += t->docs[i].label_len + 1;
		}
	return m;
}

/*
 * NB log-count ratios of a class from binary occurrences, add-one smoothed,
 * into r (1 everywhere without NB); pos is scratch of d doubles.
 */
static void
nb_ratios(const ClassifierProblem *X, const int8 *y, double *r, double *pos)
{
	double		sp = X->d,
				sn = X->d;

	if (!X->opts.nb)
	{
		for (int j = 0; j < X->d; j++)
			r[j] = 1.0;
		return;
	}
	for (int j = 0; j < X->d; j++)
		pos[j] = r[j] = 1.0;
	for (int i = 0; i < X->n; i++)
		for (int64 p = X->start[i]; p < X->start[i + 1]; p++)
		{
			if (y[i] > 0)
				pos[X->col[p]] += 1, sp += 1;
			else
				r[X->col[p]] += 1, sn += 1;
		}
	for (int j = 0; j < X->d; j++)
		r[j] = log((pos[j] / sp) / (r[j] / sn));
}

/*
 * What training one class needs besides the problem, allocated once per
 * process and reused for every class it takes: arrays this size, freshly
 * allocated per class, cost a page fault per page each time.
 */
struct ClassifierScratch
{
	MemoryContext cxt;
	SvmEntry   *ent;			/* nnz */
	SvmDoc	   *docs;			/* n */
	int		   *index;			/* n */
	double	   *w;				/* d + 1 */
	double	   *r;				/* d */
	int8	   *y;				/* n */
};

/* The scratch memory of one process training classes, roughly. */
Size
classifier_class_scratch(const ClassifierProblem *p)
{
	return (Size) p->nnz * sizeof(SvmEntry) +
		(Size) (p->d + 1) * sizeof(double) * 2 +
		(Size) p->n * (sizeof(SvmDoc) + sizeof(int) + 1);
}

/*
 * A large array of training (the documents, the model, the scratch of a
 * process training classes), advised to use huge pages: each is touched
 * whole soon after, and a page fault per 4 kB page of some hundred
 * megabytes is a noticeable part of a training's time (of the first
 * class's, for the scratch).
 */
static void *
scratch_array(MemoryContext cxt, Size size)
{
	void	   *p = MemoryContextAllocHuge(cxt, size);

	if (size >= GROWSTATE_HUGE_ADVICE)
		scenario_advise_huge(p, size);
	return p;
}

ClassifierScratch *
classifier_scratch_new(const ClassifierProblem *X)
{
	MemoryContext cxt = AllocSetContextCreate(CurrentMemoryContext, "classifier class",
											  ALLOCSET_DEFAULT_SIZES);
	ClassifierScratch *s = MemoryContextAlloc(cxt, sizeof(ClassifierScratch));

	s->cxt = cxt;
	s->ent = scratch_array(cxt, sizeof(SvmEntry) * Max(X->nnz, 1));
	s->docs = scratch_array(cxt, sizeof(SvmDoc) * Max(X->n, 1));
	s->index = scratch_array(cxt, sizeof(int) * Max(X->n, 1));
	s->w = MemoryContextAllocHuge(cxt, sizeof(double) * (X->d + 1));
	s->r = MemoryContextAllocHuge(cxt, sizeof(double) * Max(X->d, 1));
	s->y = MemoryContextAllocHuge(cxt, Max(X->n, 1));
	return s;
}

void
classifier_scratch_free(ClassifierScratch *s)
{
	MemoryContextDelete(s->cxt);
}

/*
 * One class of one-vs-rest: an NB-scaled SVM into w (d weights) and *bias,
 * and into dv (n values) the decision values with each document's own pull
 * on the weights taken out (its dual term), a cheap stand-in for held-out
 * scores on which the softmax temperature is fitted: fitting on raw
 * training scores would make the probabilities overconfident.  Reads only
 * the problem and writes only its arguments (and the scratch, all of which
 * it rewrites first), so classes can run in any order and in any process
 * with the same result.
 */
void
classifier_train_class(const ClassifierProblem *X, int c, ClassifierScratch *scratch,
					   float4 *wout, float4 *bias, float4 *dv)
{
	int			n = X->n,
				d = X->d;
	SvmEntry   *ent = scratch->ent;
	SvmDoc	   *docs = scratch->docs;
	double	   *w = scratch->w;
	double	   *r = scratch->r;
	int8	   *y = scratch->y;
	double		beta = X->opts.nb ? X->opts.beta : 1.0;
	double		wbar = 0;

	for (int i = 0; i < n; i++)
		y[i] = X->yidx[i] == c ? 1 : -1;
	nb_ratios(X, y, r, w);		/* w borrowed as scratch */
	for (int i = 0; i < n; i++)
	{
		docs[i].start = X->start[i];
		docs[i].len = (int32) (X->start[i + 1] - X->start[i]);
		docs[i].y = y[i];
	}
	for (int64 p = 0; p < X->nnz; p++)
	{
		ent[p].col = X->col[p];
		ent[p].x = X->val[p] * r[X->col[p]];
	}

	svm_dual_cd(n, d, ent, docs, scratch->index, X->opts.c, X->opts.tol, X->opts.max_iter,
				c + 1, w);

	if (X->opts.nb)
	{
		for (int j = 0; j < d; j++)
			wbar += fabs(w[X->order[j]]);	/* key order, as the model's */
		wbar /= Max(d, 1);
	}
	for (int j = 0; j < d; j++)
		wout[j] = r[j] * ((1 - beta) * wbar + beta * w[j]);
	*bias = w[d];

	for (int i = 0; i < n; i++)
	{
		double		s = *bias,
					self = 0;

		for (int64 p = X->start[i]; p < X->start[i + 1]; p++)
		{
			s += X->val[p] * wout[X->col[p]];
			self += (double) ent[p].x * ent[p].x;
		}
		dv[i] = s - docs[i].alpha * y[i] * (beta * self + 1.0);
	}
}

/*
 * The memory training needs beyond the state, once the vocabulary is known:
 * documents, matrix (with its column table), model, per-class results and
 * the temperature fit's per-document terms (the last three in shared memory
 * when workers help) and the scratch of every process training classes.
 */
static Size
training_memory(const Trainer *t, int nworkers)
{
	Size		n = t->n,
				d = t->d,
				k = t->k,
				nnz = t->nnz;
	Size		matrix = (n + 1) * sizeof(int64) + nnz * (sizeof(int32) + sizeof(float4)) +
		n * sizeof(int32) + d * (sizeof(int32) + sizeof(float4)) +
		((Size) classifier_colmask(t->d) + 1) * sizeof(ClassifierColSlot);
	Size		results = k * (d + n + 1) * sizeof(float4);
	Size		need;

	need = t->state_size + n * sizeof(Doc) + d * (sizeof(uint32) + sizeof(float4)) +
		matrix + CLF_HDRSZ + d * 8 + d * k * 4 + t->labels_size +
		results + n * 2 * sizeof(double);
	if (k > 1)
		need += (Size) (1 + nworkers) * classifier_class_scratch(&t->X);
	return need;
}

ClassifierData *
classifier_train(const char *payload, Size size, const ClassifierTerms *terms)
{
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	MemoryContext caller = CurrentMemoryContext;
	Trainer		t;
	ClassifierData *m;
	float4	   *W;
	instr_time	clock;
	double		secs[6] = {0};	/* documents, vocabulary, staging, rows, classes,
								 * temperature */
	int			passes = 0,
				nworkers;
	ClassifierRun *run;

	INSTR_TIME_SET_CURRENT(clock);
	if (h->ndocs > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("train_classifier accepts at most %d documents", PG_INT32_MAX)));
	memset(&t, 0, sizeof(t));
	t.opts = h->opts;
	t.n = h->ndocs;
	/* the state, and its terms when it brings them */
	t.state_size = size + (terms ? (Size) terms->n * 2 * sizeof(uint32) : 0);
	t.cxt = AllocSetContextCreate(caller, "classifier training", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(t.cxt);

	read_docs(&t, payload, size);
	index_labels(&t);
	secs[0] = lap(&clock);
	build_vocabulary(&t, terms);
	secs[1] = lap(&clock);
	/* the shape is known: refuse before the big allocations */
	t.X.opts = t.opts;
	t.X.n = t.n;
	t.X.d = t.d;
	t.X.k = t.k;
	t.X.nnz = t.nnz;
	nworkers = classifier_train_workers(&t.X);
	{
		Size		have = MemoryContextMemAllocated(t.cxt, true);

		/* fewer workers when all of them would not fit; none at worst */
		while (nworkers > 0 &&
			   (training_memory(&t, nworkers) + have) / 1024 > (Size) classifier_train_memory)
			nworkers--;
		classifier_check_memory(training_memory(&t, nworkers) + have, "train_classifier");
		elog(DEBUG1, "train_classifier: %d documents, %d features, %d labels, about %zu kB with %d workers",
			 t.n, t.d, t.k, (training_memory(&t, nworkers) + have) / 1024, nworkers);
		t.X.idfcol = t.idfcol;
		run = classifier_run_begin(&t.X, nworkers);
		fill_columns(&t.X, t.keys);
		stage_rows(&t);
		secs[2] = lap(&clock);
		classifier_run_rows(run);
		secs[3] = lap(&clock);
		m = alloc_model(&t, caller);
		m->temperature = 1.0;
		if (t.k > 1)
		{
			int			d = t.d,
						k = t.k;
			float4	   *bias = CLF_BIAS(m);

			classifier_run_classes(run);
			secs[4] = lap(&clock);
			/* per class -> the model's per feature layout */
			W = CLF_WEIGHTS(m);
			for (int c = 0; c < k; c++)
			{
				const float4 *src = run->w + (Size) c * d;

				for (int j = 0; j < d; j++)
					W[(Size) j * k + c] = src[t.X.order[j]];
				bias[c] = run->bias[c];
			}
			m->temperature = fit_temperature(run, &passes);
			secs[5] = lap(&clock);
		}
		classifier_run_end(run);
	}
	W = CLF_WEIGHTS(m);
	for (Size i = 0; i < (Size) t.d * t.k + t.k; i++)
		if (!isfinite(W[i]))
			elog(ERROR, "training produced a non-finite weight");
	m->checksum = classifier_checksum(m);
	elog(DEBUG1, "train_classifier phases: documents %.3f s, vocabulary %.3f s, rows staged %.3f s, "
		 "rows built %.3f s, classes %.3f s (%d workers asked), temperature %.3f s (%d passes)",
		 secs[0], secs[1], secs[2], secs[3], secs[4], nworkers, secs[5], passes);

	MemoryContextSwitchTo(caller);
	MemoryContextDelete(t.cxt);
	return m;
}
