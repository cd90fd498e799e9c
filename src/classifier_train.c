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
 * Everything is deterministic: documents are first put in a canonical
 * order (by content), so the model does not depend on row order or on how
 * parallel workers split the rows, and the coordinate order comes from a
 * fixed-seed generator.
 */
#include "classifier.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/memutils.h"

typedef struct Doc
{
	const char *label;
	uint32		label_len;
	uint32		nfeat;
	const ClassifierFeat *feats;
	int			y;				/* label index */
} Doc;

static int
doc_cmp(const void *a, const void *b)
{
	const Doc  *x = (const Doc *) a;
	const Doc  *y = (const Doc *) b;
	int			c = memcmp(x->label, y->label, Min(x->label_len, y->label_len));

	if (c != 0)
		return c;
	if (x->label_len != y->label_len)
		return x->label_len < y->label_len ? -1 : 1;
	if (x->nfeat != y->nfeat)
		return x->nfeat < y->nfeat ? -1 : 1;
	return memcmp(x->feats, y->feats, (Size) x->nfeat * sizeof(ClassifierFeat));
}

static int
u32_cmp(const void *a, const void *b)
{
	uint32		x = *(const uint32 *) a;
	uint32		y = *(const uint32 *) b;

	return x < y ? -1 : x > y ? 1 : 0;
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

/* Training matrix in CSR form. */
typedef struct Matrix
{
	int			n;				/* documents */
	int			d;				/* features */
	int64	   *start;			/* n + 1 */
	int32	   *col;
	float4	   *val;			/* TF-IDF, l2-normalised */
} Matrix;

/*
 * One binary L2-regularised L2-loss SVM by dual coordinate descent with
 * shrinking (Hsieh et al., ICML 2008).  xs are the (scaled) values in the
 * layout of X; w gets d + 1 weights, the last one the bias (a constant
 * feature 1, regularised like the others, as liblinear does).  alpha gets
 * the dual variables.
 */
static void
svm_dual_cd(const Matrix *X, const float4 *xs, const int8 *y, double C, double eps,
			int max_iter, uint64 seed, double *w, double *alpha)
{
	int			n = X->n;
	double		diag = 0.5 / C;
	double	   *qd = palloc(sizeof(double) * n);
	int		   *index = palloc(sizeof(int) * n);
	int			active = n;
	double		pgmax_old = INFINITY,
				pgmin_old = -INFINITY;
	uint64		rs = seed * UINT64CONST(0x9e3779b97f4a7c15) + 1;

	memset(w, 0, sizeof(double) * (X->d + 1));
	for (int i = 0; i < n; i++)
	{
		double		q = 1.0 + diag;

		for (int64 p = X->start[i]; p < X->start[i + 1]; p++)
			q += (double) xs[p] * xs[p];
		qd[i] = q;
		alpha[i] = 0;
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
			double		g = w[X->d];
			double		pg = 0;

			if ((s & 4095) == 4095)
				CHECK_FOR_INTERRUPTS();
			for (int64 p = X->start[i]; p < X->start[i + 1]; p++)
				g += w[X->col[p]] * xs[p];
			g = y[i] * g - 1 + alpha[i] * diag;
			if (alpha[i] == 0)
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
				double		old = alpha[i];
				double		delta;

				alpha[i] = Max(old - g / qd[i], 0.0);
				delta = (alpha[i] - old) * y[i];
				for (int64 p = X->start[i]; p < X->start[i + 1]; p++)
					w[X->col[p]] += delta * xs[p];
				w[X->d] += delta;
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
	pfree(qd);
	pfree(index);
}

/* Negative log-likelihood of softmax(T * d) and its derivative in T. */
static double
nll_grad(const float4 *dv, const int *y, int n, int k, double T)
{
	double		grad = 0;

	for (int i = 0; i < n; i++)
	{
		const float4 *d = dv + (Size) i * k;
		double		mx = d[0],
					z = 0,
					ez = 0;

		for (int c = 1; c < k; c++)
			mx = Max(mx, d[c]);
		for (int c = 0; c < k; c++)
		{
			double		e = exp(T * (d[c] - mx));

			z += e;
			ez += e * d[c];
		}
		grad += ez / z - d[y[i]];
	}
	return grad;
}

/*
 * The temperature minimising the log-loss of softmax(T * d) on
 * approximately held-out decision values (the NLL is convex in T, so
 * bisect on the sign of its derivative), within [1, 10^4]: on a handful of
 * documents nearly every held-out score is wrong and the fit would drive
 * T to 0, making every prediction uniform.
 */
static double
fit_temperature(const float4 *dv, const int *y, int n, int k)
{
	double		lo = 0,			/* T >= 1: tiny sets would otherwise flatten */
				hi = log(1e4);

	for (int it = 0; it < 40; it++)
	{
		double		mid = 0.5 * (lo + hi);

		CHECK_FOR_INTERRUPTS();
		if (nll_grad(dv, y, n, k, exp(mid)) > 0)
			hi = mid;
		else
			lo = mid;
	}
	return exp(0.5 * (lo + hi));
}

ClassifierData *
classifier_train(const char *payload, Size size)
{
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	ClassifierOptions opts = h->opts;
	MemoryContext caller = CurrentMemoryContext;
	MemoryContext cxt;
	int			n;
	int			k = 0,
				d = 0;
	Doc		   *docs;
	Size		off = sizeof(ClassifierStateHeader);
	int64		nnz = 0;
	uint32	   *keys;
	int		   *df;
	float4	   *idf;
	Matrix		X;
	int		   *yidx;
	Size		labels_size = 0;
	ClassifierData *m;
	Size		msize;
	float4	   *W,
			   *bias;
	double		temperature = 1.0;

	if (h->ndocs > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("train_classifier accepts at most %d documents", PG_INT32_MAX)));
	n = h->ndocs;
	cxt = AllocSetContextCreate(caller, "classifier training", ALLOCSET_DEFAULT_SIZES);
	MemoryContextSwitchTo(cxt);

	/* documents, in canonical order */
	docs = MemoryContextAllocHuge(cxt, sizeof(Doc) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		ClassifierDocRec rec;

		memcpy(&rec, payload + off, sizeof(rec));
		off += sizeof(rec);
		docs[i].label = payload + off;
		docs[i].label_len = rec.label_len;
		off += CLF_PAD4(rec.label_len);
		docs[i].nfeat = rec.nfeat;
		docs[i].feats = (const ClassifierFeat *) (payload + off);
		off += (Size) rec.nfeat * sizeof(ClassifierFeat);
		nnz += rec.nfeat;
	}
	if (off != size)
		elog(ERROR, "classifier state size mismatch");
	qsort(docs, n, sizeof(Doc), doc_cmp);

	/* labels: sorted, unique */
	for (int i = 0; i < n; i++)
	{
		if (i == 0 || docs[i].label_len != docs[i - 1].label_len ||
			memcmp(docs[i].label, docs[i - 1].label, docs[i].label_len) != 0)
		{
			k++;
			labels_size += docs[i].label_len + 1;
		}
		docs[i].y = k - 1;
	}
	if (k > CLF_MAX_LABELS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("train_classifier accepts at most %d distinct labels", CLF_MAX_LABELS)));

	/* vocabulary (a single label needs none: it is always the answer) */
	keys = MemoryContextAllocHuge(cxt, sizeof(uint32) * Max(nnz, 1));
	if (k > 1)
	{
		int64		q = 0;

		for (int i = 0; i < n; i++)
			for (uint32 f = 0; f < docs[i].nfeat; f++)
				keys[q++] = docs[i].feats[f].hash;
		qsort(keys, q, sizeof(uint32), u32_cmp);
		for (int64 i = 0; i < q; i++)
			if (i == 0 || keys[i] != keys[d - 1])
				keys[d++] = keys[i];
	}

	/* CSR matrix, document frequencies, idf, sublinear TF-IDF, l2 norm */
	X.n = n;
	X.d = d;
	X.start = MemoryContextAllocHuge(cxt, sizeof(int64) * (n + 1));
	X.col = MemoryContextAllocHuge(cxt, sizeof(int32) * Max(nnz, 1));
	X.val = MemoryContextAllocHuge(cxt, sizeof(float4) * Max(nnz, 1));
	df = MemoryContextAllocHuge(cxt, sizeof(int) * Max(d, 1));
	memset(df, 0, sizeof(int) * Max(d, 1));
	idf = MemoryContextAllocHuge(cxt, sizeof(float4) * Max(d, 1));
	yidx = MemoryContextAllocHuge(cxt, sizeof(int) * Max(n, 1));
	{
		int64		q = 0;

		for (int i = 0; i < n; i++)
		{
			X.start[i] = q;
			yidx[i] = docs[i].y;
			if (k > 1)
				for (uint32 f = 0; f < docs[i].nfeat; f++)
				{
					uint32	   *hit = bsearch(&docs[i].feats[f].hash, keys, d,
											  sizeof(uint32), u32_cmp);

					X.col[q] = hit - keys;
					X.val[q] = 1.0 + log((double) docs[i].feats[f].count);
					df[X.col[q]]++;
					q++;
				}
		}
		X.start[n] = q;
	}
	for (int j = 0; j < d; j++)
		idf[j] = log((1.0 + n) / (1.0 + df[j])) + 1.0;
	for (int i = 0; i < n; i++)
	{
		double		ss = 0;

		for (int64 p = X.start[i]; p < X.start[i + 1]; p++)
		{
			X.val[p] *= idf[X.col[p]];
			ss += (double) X.val[p] * X.val[p];
		}
		if (ss > 0)
		{
			double		inv = 1.0 / sqrt(ss);

			for (int64 p = X.start[i]; p < X.start[i + 1]; p++)
				X.val[p] *= inv;
		}
	}

	/* the model, written in the caller's context */
	msize = CLF_HDRSZ + (Size) d * 8 + (Size) d * k * 4 + (Size) k * 4 + labels_size;
	if (msize > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("trained classifier would exceed %zu bytes", (Size) MaxAllocSize),
				 errdetail("It has %d features and %d labels.", d, k),
				 errhint("Use fewer labels or a narrower n-gram range.")));
	m = MemoryContextAllocZero(caller, msize);
	SET_VARSIZE(m, msize);
	m->version = CLASSIFIER_VERSION;
	m->flags = CLF_FLAG_HOST_ORDER | (opts.nb ? CLF_FLAG_NB : 0);
	m->nlabels = k;
	m->nfeatures = d;
	m->labels_size = labels_size;
	m->opts = opts;
	m->ndocs = n;
	memcpy(CLF_KEYS(m), keys, sizeof(uint32) * d);
	memcpy(CLF_IDF(m), idf, sizeof(float4) * d);
	W = CLF_WEIGHTS(m);
	bias = CLF_BIAS(m);
	{
		char	   *lp = CLF_LABELS(m);

		for (int i = 0; i < n; i++)
			if (i == 0 || docs[i].y != docs[i - 1].y)
			{
				memcpy(lp, docs[i].label, docs[i].label_len);
				lp += docs[i].label_len + 1;
			}
	}

	if (k > 1)
	{
		float4	   *xs = MemoryContextAllocHuge(cxt, sizeof(float4) * Max(nnz, 1));
		double	   *w = MemoryContextAllocHuge(cxt, sizeof(double) * (d + 1));
		double	   *alpha = MemoryContextAllocHuge(cxt, sizeof(double) * n);
		double	   *r = MemoryContextAllocHuge(cxt, sizeof(double) * Max(d, 1));
		int8	   *y = MemoryContextAllocHuge(cxt, n);
		float4	   *dv = MemoryContextAllocHuge(cxt, sizeof(float4) * (Size) n * k);
		double		beta = opts.nb ? opts.beta : 1.0;

		memset(dv, 0, sizeof(float4) * (Size) n * k);
		for (int c = 0; c < k; c++)
		{
			double		wbar = 0;

			for (int i = 0; i < n; i++)
				y[i] = docs[i].y == c ? 1 : -1;
			/* NB log-count ratios from binary occurrences, add-one smoothed */
			if (opts.nb)
			{
				double	   *pos = w;	/* borrowed as scratch */
				double		sp = d,
							sn = d;

				for (int j = 0; j < d; j++)
					pos[j] = r[j] = 1.0;
				for (int i = 0; i < n; i++)
					for (int64 p = X.start[i]; p < X.start[i + 1]; p++)
					{
						if (y[i] > 0)
							pos[X.col[p]] += 1, sp += 1;
						else
							r[X.col[p]] += 1, sn += 1;
					}
				for (int j = 0; j < d; j++)
					r[j] = log((pos[j] / sp) / (r[j] / sn));
			}
			else
				for (int j = 0; j < d; j++)
					r[j] = 1.0;
			for (int64 p = 0; p < nnz; p++)
				xs[p] = X.val[p] * r[X.col[p]];

			svm_dual_cd(&X, xs, y, opts.c, opts.tol, opts.max_iter, c + 1, w, alpha);

			if (opts.nb)
			{
				for (int j = 0; j < d; j++)
					wbar += fabs(w[j]);
				wbar /= Max(d, 1);
			}
			for (int j = 0; j < d; j++)
				W[(Size) j * k + c] = r[j] * ((1 - beta) * wbar + beta * w[j]);
			bias[c] = w[d];

			/*
			 * Decision values with each document's own pull on the weights
			 * taken out (its dual term), a cheap stand-in for held-out
			 * scores: fitting the temperature on raw training scores would
			 * make the probabilities overconfident.
			 */
			for (int i = 0; i < n; i++)
			{
				double		s = bias[c],
							self = 0;

				for (int64 p = X.start[i]; p < X.start[i + 1]; p++)
				{
					s += X.val[p] * W[(Size) X.col[p] * k + c];
					self += (double) xs[p] * xs[p];
				}
				dv[(Size) i * k + c] = s - alpha[i] * y[i] * (beta * self + 1.0);
			}
		}
		temperature = fit_temperature(dv, yidx, n, k);
	}
	m->temperature = temperature;
	for (Size i = 0; i < (Size) d * k + k; i++)
		if (!isfinite(W[i]))
			elog(ERROR, "training produced a non-finite weight");
	m->checksum = classifier_checksum(m);

	MemoryContextSwitchTo(caller);
	MemoryContextDelete(cxt);
	return m;
}
