/*
 * classifier_agg.c
 *	  The aggregate train_classifier(doc, label [, options]): transition,
 *	  combine and final functions.
 *
 * The state (scenario.classifier_state) is the training set itself, compact:
 * per document its label and its hashed features with counts.  Rows append
 * to it in place (aggstate.h), so the text work of each row (normalising,
 * n-gram hashing, folding) runs in whichever process scans it, the query's
 * parallel workers included; combine concatenates the documents and
 * merges the per-term statistics a worker's packed state carries
 * (classifier_pack.c), and the final function trains
 * (classifier_train.c), its rows and labels in workers of its own
 * (classifier_parallel.c).  Appends and combines stay within
 * scenario.classifier_train_memory.  Keeping the raw set rather than running
 * sums is what lets the final function weigh features by document
 * frequency and fit a discriminative model, and what makes the result
 * independent of how rows were split between workers.  The state's jsonb
 * summary (its text form is an opaque image) is built here too.
 */
#include "classifier.h"

#include "aggstate.h"
#include "miscadmin.h"
#include "sector.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"

/* Per call site: the tokeniser workspace and the last options parsed. */
typedef struct AccumCache
{
	TextFeatBuf buf;
	ClassifierFeat *feats;
	int			featcap;
	text	   *opt_text;		/* NULL: default options */
	ClassifierOptions opts;
} AccumCache;

/*
 * A row's features sorted by hash: a sort with the comparison inlined, as
 * a title's few dozen features sorted through qsort's callback took a
 * quarter of the scan's time.
 */
#define ST_SORT sort_cfeats
#define ST_ELEMENT_TYPE ClassifierFeat
#define ST_COMPARE(a, b) (((a)->hash > (b)->hash) - ((a)->hash < (b)->hash))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

static const ClassifierOptions *
accum_options(FunctionCallInfo fcinfo, AccumCache *cache)
{
	text	   *t;

	if (PG_NARGS() < 4 || PG_ARGISNULL(3))
	{
		if (cache->opt_text != NULL || cache->opts.max_iter == 0)
		{
			classifier_default_options(&cache->opts);
			cache->opt_text = NULL;
		}
		return &cache->opts;
	}
	t = PG_GETARG_TEXT_PP(3);
	if (cache->opt_text == NULL ||
		VARSIZE_ANY_EXHDR(t) != VARSIZE_ANY_EXHDR(cache->opt_text) ||
		memcmp(VARDATA_ANY(t), VARDATA_ANY(cache->opt_text), VARSIZE_ANY_EXHDR(t)) != 0)
	{
		classifier_parse_options(text_to_cstring(t), &cache->opts);
		if (cache->opt_text)
			pfree(cache->opt_text);
		cache->opt_text = (text *) MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, VARSIZE_ANY(t));
		memcpy(cache->opt_text, t, VARSIZE_ANY(t));
	}
	return &cache->opts;
}

static void
options_mismatch(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("train_classifier options must be the same for every row")));
}

/*
 * The document's features folded to the model's 32-bit keys, sorted, a
 * collision merging counts, into cache->feats; returns how many.
 */
static int
fold_features(FunctionCallInfo fcinfo, AccumCache *cache, int nraw)
{
	int			n = 0;

	if (cache->featcap < nraw)
	{
		if (cache->feats)
			pfree(cache->feats);
		cache->featcap = Max(nraw, 64);
		cache->feats = MemoryContextAllocHuge(fcinfo->flinfo->fn_mcxt,
											  (Size) cache->featcap * sizeof(ClassifierFeat));
	}
	for (int i = 0; i < nraw; i++)
	{
		cache->feats[i].hash = textfeat_hash32(cache->buf.feats[i].hash);
		cache->feats[i].count = cache->buf.feats[i].count;
	}
	if (nraw > 1)
		sort_cfeats(cache->feats, nraw);
	for (int i = 0; i < nraw; i++)
	{
		if (n > 0 && cache->feats[n - 1].hash == cache->feats[i].hash)
			cache->feats[n - 1].count = (uint32) Min((uint64) cache->feats[n - 1].count +
													 cache->feats[i].count, PG_UINT32_MAX);
		else
			cache->feats[n++] = cache->feats[i];
	}
	return n;
}

/*
 * The label of the current row (argument 2): a sector's text form (in
 * sbuf) or the text's bytes; *llen gets its length.
 */
static const char *
row_label(FunctionCallInfo fcinfo, bool sector_label, char *sbuf, Size *llen)
{
	const char *lp;

	if (sector_label)
	{
		if (!sector_format(PG_GETARG_SECTOR(2), sbuf))
			ereport(ERROR,
					(errcode(ERRCODE_DATA_CORRUPTED),
					 errmsg("invalid sector value " INT64_FORMAT " as a classifier label",
							(int64) PG_GETARG_SECTOR(2))));
		lp = sbuf;
		*llen = strlen(sbuf);
	}
	else
	{
		text	   *label = PG_GETARG_TEXT_PP(2);

		lp = VARDATA_ANY(label);
		*llen = VARSIZE_ANY_EXHDR(label);
	}
	if (*llen > CLF_MAX_LABEL_LEN)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("classifier label is too long (%zu bytes)", *llen),
				 errdetail("Labels are at most %d bytes.", CLF_MAX_LABEL_LEN)));
	return lp;
}

/*
 * Our state argument ready to append to: the object flattens itself packed
 * when a parallel worker sends it (classifier_pack.c), and one that came in
 * as a packed flat value (a partial state copied rather than combined, say)
 * is unpacked first.
 */
static GrowState *
own_state(GrowState *gs)
{
	const char *payload;
	Size		size;

	if (gs == NULL)
		return NULL;
	gs->packer = &classifier_state_packer;
	payload = growstate_payload(gs);
	size = growstate_payload_size(gs);
	if (classifier_state_is_packed(payload, size))
	{
		MemoryContext old = MemoryContextSwitchTo(gs->hdr.eoh_context);
		struct varlena *u = classifier_state_unpacked((struct varlena *) gs->flat);

		MemoryContextSwitchTo(old);
		pfree(gs->flat);
		gs->flat = (char *) u;
		gs->cap = VARSIZE(u);
		gs->packed_for = 0;
	}
	return gs;
}

/*
 * The state's header at its first row takes the call's options; later rows
 * must bring the same ones, and the count of documents must not overflow.
 */
static void
state_header(GrowState *gs, const ClassifierOptions *opts)
{
	ClassifierStateHeader *h = (ClassifierStateHeader *) growstate_payload(gs);

	if (!h->has_opts)
	{
		h->version = CLASSIFIER_STATE_VERSION;
		h->flags = CLF_FLAG_HOST_ORDER;
		h->has_opts = 1;
		h->opts = *opts;
	}
	else if (memcmp(&h->opts, opts, sizeof(ClassifierOptions)) != 0)
		options_mismatch();
	if (h->ndocs == PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("train_classifier accepts at most %u documents", PG_UINT32_MAX - 1)));
}

/*
 * The transition function of both label types: sector_label says whether
 * argument 2 is a scenario.sector rather than text.
 */
static Datum
accum_row(FunctionCallInfo fcinfo, bool sector_label)
{
	MemoryContext aggcxt;
	GrowState  *gs = own_state(growstate_arg(fcinfo, 0, &aggcxt));
	AccumCache *cache = (AccumCache *) fcinfo->flinfo->fn_extra;
	const ClassifierOptions *opts;
	ClassifierStateHeader *h;
	TextFeatOptions tfo;
	text	   *doc;
	const char *lp;
	char		sbuf[SECTOR_MAX_TEXT + 1];
	int			nraw,
				n;
	Size		llen;
	char	   *p;
	ClassifierDocRec rec;

	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(AccumCache));
		cache->buf.cxt = fcinfo->flinfo->fn_mcxt;
		fcinfo->flinfo->fn_extra = cache;
	}
	opts = accum_options(fcinfo, cache);

	/* rows with a NULL document or label teach nothing */
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
	{
		if (gs == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(growstate_datum(gs));
	}
	doc = PG_GETARG_TEXT_PP(1);
	lp = row_label(fcinfo, sector_label, sbuf, &llen);

	if (gs == NULL)
		gs = own_state(growstate_new(aggcxt, sizeof(ClassifierStateHeader)));
	state_header(gs, opts);

	tfo.ngram_min = opts->ngram_min;
	tfo.ngram_max = opts->ngram_max;
	tfo.flags = opts->tf_flags;
	nraw = textfeat_collect(VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc), &tfo, &cache->buf, false);

	n = fold_features(fcinfo, cache, nraw);

	rec.label_len = llen;
	rec.nfeat = n;
	classifier_check_memory(VARSIZE(gs->flat) + sizeof(rec) + CLF_PAD4(llen) +
							(Size) n * sizeof(ClassifierFeat), "train_classifier state");
	p = growstate_append(gs, sizeof(rec) + CLF_PAD4(llen) + (Size) n * sizeof(ClassifierFeat));
	memcpy(p, &rec, sizeof(rec));
	memcpy(p + sizeof(rec), lp, llen);
	memcpy(p + sizeof(rec) + CLF_PAD4(llen), cache->feats, (Size) n * sizeof(ClassifierFeat));
	h = (ClassifierStateHeader *) growstate_payload(gs);
	h->ndocs++;
	PG_RETURN_DATUM(growstate_datum(gs));
}

PG_FUNCTION_INFO_V1(classifier_accum);
Datum
classifier_accum(PG_FUNCTION_ARGS)
{
	return accum_row(fcinfo, false);
}

PG_FUNCTION_INFO_V1(classifier_accum_sector);
Datum
classifier_accum_sector(PG_FUNCTION_ARGS)
{
	return accum_row(fcinfo, true);
}

/*
 * Concatenate two states (parallel workers, Citus shards).  The second one
 * comes packed from a parallel worker: it is unpacked straight into place.
 */
PG_FUNCTION_INFO_V1(classifier_combine);
Datum
classifier_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	GrowState  *gs = own_state(growstate_arg(fcinfo, 0, &aggcxt));
	struct varlena *other;
	const char *op;
	Size		olen,
				add,
				termbytes;
	ClassifierStateHeader oh;
	ClassifierStateHeader *h;
	bool		packed;
	char	   *dst;

	if (PG_ARGISNULL(1))
	{
		if (gs == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(growstate_datum(gs));
	}
	other = growstate_flat_arg(fcinfo, 1);
	op = VARDATA(other);
	olen = VARSIZE(other) - VARHDRSZ;
	if (olen < sizeof(ClassifierStateHeader))
		elog(ERROR, "classifier_state is shorter than its header");
	memcpy(&oh, op, sizeof(oh));
	if (gs == NULL)
		gs = own_state(growstate_new(aggcxt, sizeof(ClassifierStateHeader)));
	if (!oh.has_opts)
		PG_RETURN_DATUM(growstate_datum(gs));
	h = (ClassifierStateHeader *) growstate_payload(gs);
	if (!h->has_opts)
	{
		h->version = oh.version;
		h->flags = oh.flags & ~CLF_STATE_PACKED;
		h->has_opts = 1;
		h->opts = oh.opts;
	}
	else if (memcmp(&h->opts, &oh.opts, sizeof(ClassifierOptions)) != 0)
		options_mismatch();
	if ((uint64) h->ndocs + oh.ndocs >= PG_UINT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("train_classifier accepts at most %u documents", PG_UINT32_MAX - 1)));
	packed = classifier_state_is_packed(op, olen);
	termbytes = classifier_combine_terms(gs, h->ndocs, op, olen, packed);
	add = (packed ? classifier_state_unpacked_size(op, olen) : olen) - sizeof(ClassifierStateHeader);
	classifier_check_memory(VARSIZE(gs->flat) + add + termbytes, "train_classifier state");
	dst = growstate_append_unset(gs, add);
	if (packed)
		classifier_state_unpack_docs(op, olen, dst);
	else
		memcpy(dst, op + sizeof(ClassifierStateHeader), add);
	h = (ClassifierStateHeader *) growstate_payload(gs);
	h->ndocs += oh.ndocs;
	PG_RETURN_DATUM(growstate_datum(gs));
}

PG_FUNCTION_INFO_V1(classifier_final);
Datum
classifier_final(PG_FUNCTION_ARGS)
{
	struct varlena *v;
	const ClassifierStateHeader *h;
	GrowState  *gs;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	gs = growstate_object_arg(fcinfo, 0);
	v = classifier_state_unpacked(growstate_flat_arg(fcinfo, 0));
	/* one pass, cheap next to training: a state read from disk may be damaged */
	classifier_state_validate(VARDATA(v), VARSIZE(v) - VARHDRSZ);
	h = (const ClassifierStateHeader *) VARDATA(v);
	if (!h->has_opts || h->ndocs == 0)
		PG_RETURN_NULL();
	/* a combined state may bring its terms, merged from the partial states */
	PG_RETURN_POINTER(classifier_train(VARDATA(v), VARSIZE(v) - VARHDRSZ,
									   gs != NULL && (char *) v == gs->flat ?
									   classifier_state_terms(gs) : NULL));
}

/* ---------- the jsonb summary of a state ---------- */

typedef struct LabelRef
{
	const char *s;
	uint32		len;
} LabelRef;

static int
label_ref_cmp(const void *a, const void *b)
{
	const LabelRef *x = a;
	const LabelRef *y = b;
	int			c = memcmp(x->s, y->s, Min(x->len, y->len));

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static void
append_json_label(StringInfo buf, const char *s, uint32 len)
{
	char	   *z = pnstrdup(s, len);

	escape_json(buf, z);
	pfree(z);
}

/*
 * {"documents": N, "options": "c=0.5 ...", "labels": {"<label>": docs, ...}}
 * The state is validated first, so a damaged stored value errors instead of
 * being walked.  Labels are counted by sorting pointers to them: a state
 * holds at most a few million documents, and sorting keeps memory at 16
 * bytes per document whatever the labels' lengths.
 */
PG_FUNCTION_INFO_V1(classifier_state_jsonb);
Datum
classifier_state_jsonb(PG_FUNCTION_ARGS)
{
	struct varlena *v = classifier_state_unpacked(growstate_flat_arg(fcinfo, 0));
	const char *payload = VARDATA(v);
	Size		size = VARSIZE(v) - VARHDRSZ;
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	Size		off = sizeof(ClassifierStateHeader);
	LabelRef   *refs;
	uint32		n = 0;
	StringInfoData buf;

	classifier_state_validate(payload, size);
	refs = palloc(sizeof(LabelRef) * Max(h->ndocs, 1));
	while (off < size)
	{
		ClassifierDocRec rec;

		CHECK_FOR_INTERRUPTS();
		memcpy(&rec, payload + off, sizeof(rec));
		off += sizeof(rec);
		refs[n].s = payload + off;
		refs[n].len = rec.label_len;
		n++;
		off += CLF_PAD4(rec.label_len) + (Size) rec.nfeat * sizeof(ClassifierFeat);
	}
	qsort(refs, n, sizeof(LabelRef), label_ref_cmp);

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"documents\": %u, \"options\": ", n);
	if (h->has_opts)
		escape_json(&buf, classifier_options_text(&h->opts));
	else
		appendStringInfoString(&buf, "null");
	appendStringInfoString(&buf, ", \"labels\": {");
	for (uint32 i = 0; i < n;)
	{
		uint32		j = i + 1;

		while (j < n && label_ref_cmp(&refs[i], &refs[j]) == 0)
			j++;
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		append_json_label(&buf, refs[i].s, refs[i].len);
		appendStringInfo(&buf, ": %u", j - i);
		i = j;
	}
	appendStringInfoString(&buf, "}}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
