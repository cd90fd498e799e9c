/*
 * classifier_predict.c
 *	  predict() and predict_topk(): apply a trained classifier to text.
 *
 * A model is decoded once per call site and query into a hash table from
 * feature key to weight row, kept in fn_extra.  Each call first identifies
 * its model argument without reading the whole value: a model stored out of
 * line is recognised by its toast pointer, any other by the checksum in its
 * header (read in place, or from a header-only slice when compressed), so
 * SELECT predict((SELECT model FROM m), doc) FROM docs neither detoasts nor
 * rebuilds the model per row.
 */
#include "classifier.h"

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

typedef struct Slot
{
	uint32		key;
	int32		idx;			/* -1: empty */
} Slot;

typedef struct ModelCache
{
	/* identity of the cached model */
	bool		valid;
	uint64		checksum;
	Oid			toastrelid;		/* InvalidOid unless stored out of line */
	Oid			valueid;
	/* the decoded model (in cxt) */
	MemoryContext cxt;
	int			k;
	uint32		mask;
	Slot	   *slots;
	float4	   *rows;			/* per feature: idf, then one weight per label */
	float4	   *bias;
	char	  **labels;
	double		temperature;
	TextFeatOptions tfo;
	/* per-row workspace, reused */
	TextFeatBuf buf;
	double	   *scores;
	int32	   *hits;			/* row of each document feature, or -1 */
	int			hitcap;
} ModelCache;

/* Header fields of the model argument, without detoasting the whole value. */
static uint64
model_checksum(Datum d, Oid *toastrelid, Oid *valueid)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	ClassifierData *hdr;

	*toastrelid = InvalidOid;
	*valueid = InvalidOid;
	if (VARATT_IS_EXTERNAL_ONDISK(p))
	{
		struct varatt_external ext;

		VARATT_EXTERNAL_GET_POINTER(ext, p);
		*toastrelid = ext.va_toastrelid;
		*valueid = ext.va_valueid;
		return 0;
	}
	if (!VARATT_IS_EXTENDED(p))
		hdr = (ClassifierData *) p;
	else
		hdr = (ClassifierData *) PG_DETOAST_DATUM_SLICE(d, 0, CLF_HDRSZ - VARHDRSZ);
	if (VARSIZE_ANY(hdr) < CLF_HDRSZ)
		return 0;				/* too short: a full decode reports it */
	return hdr->checksum;
}

static uint32
slot_hash(uint32 key)
{
	return key * 0x9e3779b1u;
}

static void
decode_model(ModelCache *mc, ClassifierData *m)
{
	uint32		cap = 16;
	const uint32 *keys = CLF_KEYS(m);
	const char *lab = CLF_LABELS(m);
	MemoryContext old;

	MemoryContextReset(mc->cxt);
	mc->buf.table = NULL;
	mc->buf.feats = NULL;
	mc->buf.tablecap = mc->buf.featcap = 0;
	mc->buf.cxt = mc->cxt;
	old = MemoryContextSwitchTo(mc->cxt);

	while (cap < m->nfeatures * 2 && cap < (1u << 31))
		cap *= 2;
	mc->mask = cap - 1;
	mc->slots = MemoryContextAllocHuge(mc->cxt, sizeof(Slot) * cap);
	memset(mc->slots, 0xff, sizeof(Slot) * cap);
	for (uint32 j = 0; j < m->nfeatures; j++)
	{
		uint32		i = slot_hash(keys[j]) & mc->mask;

		while (mc->slots[i].idx >= 0)
			i = (i + 1) & mc->mask;
		mc->slots[i].key = keys[j];
		mc->slots[i].idx = j;
	}
	mc->k = m->nlabels;
	/* idf and weights of a feature side by side: one cache line or two */
	mc->rows = MemoryContextAllocHuge(mc->cxt, sizeof(float4) * ((Size) m->nfeatures * (m->nlabels + 1) + m->nlabels));
	for (uint32 j = 0; j < m->nfeatures; j++)
	{
		float4	   *row = mc->rows + (Size) j * (m->nlabels + 1);

		row[0] = CLF_IDF(m)[j];
		memcpy(row + 1, CLF_WEIGHTS(m) + (Size) j * m->nlabels, sizeof(float4) * m->nlabels);
	}
	mc->bias = mc->rows + (Size) m->nfeatures * (m->nlabels + 1);
	memcpy(mc->bias, CLF_BIAS(m), sizeof(float4) * m->nlabels);
	mc->hits = NULL;
	mc->hitcap = 0;
	mc->labels = palloc(sizeof(char *) * m->nlabels);
	for (uint32 c = 0; c < m->nlabels; c++)
	{
		mc->labels[c] = pstrdup(lab);
		lab += strlen(lab) + 1;
	}
	mc->temperature = m->temperature;
	mc->tfo.ngram_min = m->opts.ngram_min;
	mc->tfo.ngram_max = m->opts.ngram_max;
	mc->tfo.flags = m->opts.tf_flags;
	mc->scores = palloc(sizeof(double) * m->nlabels);
	mc->checksum = m->checksum;
	MemoryContextSwitchTo(old);
}

/* The decoded model of argument 0, decoding only when it changed. */
static ModelCache *
get_model(FunctionCallInfo fcinfo)
{
	ModelCache *mc = (ModelCache *) fcinfo->flinfo->fn_extra;
	Datum		d = PG_GETARG_DATUM(0);
	Oid			trel,
				vid;
	uint64		sum = model_checksum(d, &trel, &vid);
	ClassifierData *m;

	if (mc == NULL)
	{
		mc = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(ModelCache));
		mc->cxt = AllocSetContextCreate(fcinfo->flinfo->fn_mcxt, "classifier model cache",
										ALLOCSET_DEFAULT_SIZES);
		fcinfo->flinfo->fn_extra = mc;
	}
	if (mc->valid)
	{
		if (OidIsValid(trel) ? (trel == mc->toastrelid && vid == mc->valueid)
			: (!OidIsValid(mc->toastrelid) && sum == mc->checksum && sum != 0))
			return mc;
	}
	mc->valid = false;
	m = DatumGetClassifierP(d);
	/* values reach us only through validated paths, but disk can rot */
	classifier_validate(m, VARSIZE(m));
	decode_model(mc, m);
	mc->toastrelid = trel;
	mc->valueid = vid;
	mc->valid = true;
	if ((Pointer) m != DatumGetPointer(d))
		pfree(m);
	return mc;
}

/*
 * Decision values of the document into mc->scores; false when no feature of
 * the document is known to the model (then there is no evidence to go on).
 */
static bool
score(ModelCache *mc, text *doc)
{
	int			k = mc->k;
	int			nf;
	double		ss = 0;
	bool		any = false;
	const TextFeat *feats;

	for (int c = 0; c < k; c++)
		mc->scores[c] = 0;
	nf = textfeat_collect(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), &mc->tfo, &mc->buf, false);
	if (k == 1)
		return true;
	feats = mc->buf.feats;
	if (nf > mc->hitcap)
	{
		if (mc->hits)
			pfree(mc->hits);
		mc->hitcap = Max(nf, 256);
		mc->hits = MemoryContextAllocHuge(mc->cxt, sizeof(int32) * mc->hitcap);
	}

	/*
	 * Three passes so that the cache misses of different features overlap:
	 * prefetch the slots, resolve them and prefetch the rows, then add up.
	 */
	for (int f = 0; f < nf; f++)
		PREFETCH(&mc->slots[slot_hash(textfeat_hash32(feats[f].hash)) & mc->mask]);
	for (int f = 0; f < nf; f++)
	{
		uint32		key = textfeat_hash32(feats[f].hash);
		uint32		i = slot_hash(key) & mc->mask;

		while (mc->slots[i].idx >= 0 && mc->slots[i].key != key)
			i = (i + 1) & mc->mask;
		mc->hits[f] = mc->slots[i].idx;
		if (mc->hits[f] >= 0)
			PREFETCH(mc->rows + (Size) mc->hits[f] * (k + 1));
	}
	for (int f = 0; f < nf; f++)
	{
		const float4 *row;
		uint32		cnt;
		double		v;

		if (mc->hits[f] < 0)
			continue;
		row = mc->rows + (Size) mc->hits[f] * (k + 1);
		cnt = feats[f].count;
		v = (cnt == 1 ? 1.0 : 1.0 + log((double) cnt)) * row[0];
		ss += v * v;
		for (int c = 0; c < k; c++)
			mc->scores[c] += v * row[c + 1];
		any = true;
	}
	if (!any)
		return false;
	ss = 1.0 / sqrt(ss);
	for (int c = 0; c < k; c++)
		mc->scores[c] = mc->scores[c] * ss + mc->bias[c];
	return true;
}

PG_FUNCTION_INFO_V1(classifier_predict);
Datum
classifier_predict(PG_FUNCTION_ARGS)
{
	ModelCache *mc = get_model(fcinfo);
	int			best = 0;

	if (!score(mc, PG_GETARG_TEXT_PP(1)))
		PG_RETURN_NULL();
	for (int c = 1; c < mc->k; c++)
		if (mc->scores[c] > mc->scores[best])
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
	ModelCache *mc;
	Ranked	   *r;
	double		mx,
				z = 0;

	if (topk <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be positive, got %d", topk)));
	mc = get_model(fcinfo);
	InitMaterializedSRF(fcinfo, 0);
	if (!score(mc, PG_GETARG_TEXT_PP(1)))
		return (Datum) 0;

	/* softmax over the decision values, scaled by the fitted temperature */
	r = palloc(sizeof(Ranked) * mc->k);
	mx = mc->scores[0];
	for (int c = 1; c < mc->k; c++)
		mx = Max(mx, mc->scores[c]);
	for (int c = 0; c < mc->k; c++)
	{
		r[c].label = c;
		r[c].score = exp(mc->temperature * (mc->scores[c] - mx));
		z += r[c].score;
	}
	for (int c = 0; c < mc->k; c++)
		r[c].score /= z;
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
