/*
 * classifier_predict.c
 *	  predict() and predict_topk(): apply a trained classifier to text.
 *
 * The decoded model (a hash table from feature key to a row of idf and
 * weights) comes from the per-backend cache of classifier_cache.c, which
 * recognises the model argument without reading it again on the rows of a
 * statement nor, for a stored model, in the statements that follow.  The
 * call site keeps only its handle and per-row workspace in fn_extra.
 */
#include "classifier.h"
#include "classifier_cache.h"

#include <math.h>

#include "access/detoast.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(p)	__builtin_prefetch(p)
#else
#define PREFETCH(p)	((void) (p))
#endif

/* What a call site keeps in fn_extra: its model handle and workspace. */
typedef struct PredictState
{
	ClassifierRef ref;
	ClassifierWork w;
} PredictState;

/* The call site's state and the decoded model of argument 0. */
static const ClassifierModel *
get_model(FunctionCallInfo fcinfo, PredictState **ps)
{
	PredictState *st = (PredictState *) fcinfo->flinfo->fn_extra;
	const ClassifierModel *mm;

	if (st == NULL)
	{
		st = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(PredictState));
		st->w.buf.cxt = fcinfo->flinfo->fn_mcxt;
		fcinfo->flinfo->fn_extra = st;
	}
	mm = classifier_model_get(&st->ref, PG_GETARG_DATUM(0), fcinfo->flinfo->fn_mcxt);
	*ps = st;
	return mm;
}

/*
 * Decision values of the document s (len bytes) into w->scores; false when
 * no feature of the document is known to the model (then there is no
 * evidence to go on).
 */
bool
classifier_score(const ClassifierModel *mc, ClassifierWork *w, const char *s, int len)
{
	int			k = mc->k;
	int			nf;
	double		ss = 0;
	bool		any = false;
	const TextFeat *feats;

	if (k > w->scorecap)
	{
		if (w->scores)
			pfree(w->scores);
		w->scorecap = Max(k, 16);
		w->scores = MemoryContextAlloc(w->buf.cxt, sizeof(double) * w->scorecap);
	}
	for (int c = 0; c < k; c++)
		w->scores[c] = 0;
	nf = textfeat_collect(s, len, &mc->tfo, &w->buf, false);
	if (k == 1)
		return true;
	feats = w->buf.feats;
	if (nf > w->hitcap)
	{
		if (w->hits)
			pfree(w->hits);
		w->hitcap = Max(nf, 256);
		w->hits = MemoryContextAllocHuge(w->buf.cxt, sizeof(int32) * w->hitcap);
	}

	/*
	 * Three passes so that the cache misses of different features overlap:
	 * prefetch the slots, resolve them and prefetch the rows, then add up.
	 */
	for (int f = 0; f < nf; f++)
		PREFETCH(&mc->slots[classifier_slot_hash(textfeat_hash32(feats[f].hash)) & mc->mask]);
	for (int f = 0; f < nf; f++)
	{
		uint32		key = textfeat_hash32(feats[f].hash);
		uint32		i = classifier_slot_hash(key) & mc->mask;

		while (mc->slots[i].idx >= 0 && mc->slots[i].key != key)
			i = (i + 1) & mc->mask;
		w->hits[f] = mc->slots[i].idx;
		if (w->hits[f] >= 0)
			PREFETCH(mc->rows + (Size) w->hits[f] * (k + 1));
	}
	for (int f = 0; f < nf; f++)
	{
		const float4 *row;
		uint32		cnt;
		double		v;

		if (w->hits[f] < 0)
			continue;
		row = mc->rows + (Size) w->hits[f] * (k + 1);
		cnt = feats[f].count;
		v = (cnt == 1 ? 1.0 : 1.0 + log((double) cnt)) * row[0];
		ss += v * v;
		for (int c = 0; c < k; c++)
			w->scores[c] += v * row[c + 1];
		any = true;
	}
	if (!any)
		return false;
	ss = 1.0 / sqrt(ss);
	for (int c = 0; c < k; c++)
		w->scores[c] = w->scores[c] * ss + mc->bias[c];
	return true;
}

/* Decision values to probabilities: softmax times the fitted temperature. */
void
classifier_probabilities(const ClassifierModel *mc, double *scores)
{
	double		mx = scores[0],
				z = 0;

	for (int c = 1; c < mc->k; c++)
		mx = Max(mx, scores[c]);
	for (int c = 0; c < mc->k; c++)
	{
		scores[c] = exp(mc->temperature * (scores[c] - mx));
		z += scores[c];
	}
	for (int c = 0; c < mc->k; c++)
		scores[c] /= z;
}

PG_FUNCTION_INFO_V1(classifier_predict);
Datum
classifier_predict(PG_FUNCTION_ARGS)
{
	PredictState *st;
	const ClassifierModel *mc = get_model(fcinfo, &st);
	text	   *doc = PG_GETARG_TEXT_PP(1);
	int			best = 0;

	if (!classifier_score(mc, &st->w, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc)))
		PG_RETURN_NULL();
	for (int c = 1; c < mc->k; c++)
		if (st->w.scores[c] > st->w.scores[best])
			best = c;
	PG_RETURN_TEXT_P(cstring_to_text(mc->labels[best]));
}

typedef struct Ranked
{
	int			label;
	double		score;
} Ranked;

static int
ranked_cmp(const void *a, const void *b)
{
	const Ranked *x = (const Ranked *) a;
	const Ranked *y = (const Ranked *) b;

	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->label - y->label;
}

PG_FUNCTION_INFO_V1(classifier_predict_topk);
Datum
classifier_predict_topk(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		topk = PG_GETARG_INT32(2);
	PredictState *st;
	const ClassifierModel *mc;
	Ranked	   *r;
	text	   *doc;

	if (topk <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be positive, got %d", topk)));
	mc = get_model(fcinfo, &st);
	InitMaterializedSRF(fcinfo, 0);
	doc = PG_GETARG_TEXT_PP(1);
	if (!classifier_score(mc, &st->w, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc)))
		return (Datum) 0;
	classifier_probabilities(mc, st->w.scores);
	r = palloc(sizeof(Ranked) * mc->k);
	for (int c = 0; c < mc->k; c++)
	{
		r[c].label = c;
		r[c].score = st->w.scores[c];
	}
	qsort(r, mc->k, sizeof(Ranked), ranked_cmp);
	for (int c = 0; c < Min(topk, mc->k); c++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};

		values[0] = CStringGetTextDatum(mc->labels[r[c].label]);
		values[1] = Float8GetDatum(r[c].score);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
