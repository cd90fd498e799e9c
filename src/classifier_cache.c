/*
 * classifier_cache.c
 *	  Decoding classifier models, and the per-backend cache of decoded
 *	  models shared by every predict() and predict_topk() of the session.
 *
 * Decoding a model (a table from feature key to a row holding the idf and
 * the weights) costs about as much as reading it, milliseconds for a model
 * of some megabytes, so a statement that predicts one row would spend
 * almost all its time on it.  The cache keeps up to
 * scenario.classifier_cache_size decoded models, least recently used out,
 * in a context under CacheMemoryContext; each lives in a context of its own
 * that is deleted when it is evicted.
 *
 * Identity.  A model is found by its content, never by where it came from
 * alone:
 *
 * - By content: the detoasted value is compared byte for byte with the
 *   entries whose header (which carries the value's size and its 64-bit
 *   checksum of everything after the header) is the same.  Each entry
 *   keeps the stored header, keys and labels, and compares idf, weights and
 *   bias against its decoded rows, so a checksum collision costs a
 *   comparison, never a wrong model.  A miss validates the value fully
 *   before decoding it.
 *
 * - By toast pointer: a model is normally stored out of line, uncompressed
 *   (the type's storage is external).  A toast value never changes while
 *   it exists, so each entry remembers the toast pointers (toast relation,
 *   value id, sizes) its content was last seen under, and a statement that
 *   brings one of them finds the entry without reading the value.  Value
 *   ids can be reused once a value is deleted, vacuumed away and the OID
 *   counter has wrapped around, so such a hit is confirmed by reading the
 *   value's header alone (its first toast chunk) and comparing it, checksum
 *   included, with the entry's.
 *
 * Per call site (ClassifierRef, in fn_extra) the last argument is
 * remembered, so that the rows of one statement skip even that: an out of
 * line argument by its toast pointer (within one statement the value it
 * names cannot go away), any other by its address, its size and its header
 * read in place.  The ref holds the entry by a serial number, checked
 * against the cache only after something was removed from it, so that an
 * entry evicted by another call site (two models alternating with a cache
 * of one) is never touched.  Compressed values held in line are small and
 * are compared by content on every call.
 *
 * With scenario.classifier_cache_size = 0 nothing is cached: each call site
 * decodes into a context of its own, once per model argument change, as
 * before the cache existed.  Setting it lower evicts at once.
 *
 * Each backend has its own cache, parallel workers too (theirs start empty
 * with each query); classifier_cache_stats() reports the calling
 * backend's.
 */
#include "classifier_cache.h"

#include "access/detoast.h"
#include "access/htup_details.h"
#include "funcapi.h"
#include "lib/ilist.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "scenario.h"

#define CLASSIFIER_CACHE_MAX	1000	/* most entries the setting allows */
#define CLASSIFIER_ALIASES		4	/* toast pointers remembered per entry */

typedef struct CacheEntry
{
	dlist_node	node;			/* in lru, most recent first */
	uint64		serial;
	MemoryContext cxt;			/* holds this entry and its model */
	int			naliases;
	int			nextalias;		/* the one to replace when full */
	struct varatt_external aliases[CLASSIFIER_ALIASES];
	ClassifierModel model;
} CacheEntry;

static int	classifier_cache_size = 4;

static MemoryContext cache_cxt = NULL;
static dlist_head lru = DLIST_STATIC_INIT(lru);
static int	nentries = 0;
static uint64 next_serial = 1;
static uint64 removals = 0;		/* entries ever removed: refs recheck */
static uint64 stat_hits = 0;
static uint64 stat_misses = 0;
static uint64 stat_evictions = 0;

static void cache_trim(int limit);

static void
assign_cache_size(int newval, void *extra)
{
	cache_trim(newval);
}

void
classifier_cache_init(void)
{
	DefineCustomIntVariable("scenario.classifier_cache_size",
							"Most decoded classifier models each session keeps for predict and predict_topk.",
							"Least recently used out; 0 turns the cache off. Each model takes about "
							"one and a half times its stored size in memory.",
							&classifier_cache_size,
							4, 0, CLASSIFIER_CACHE_MAX,
							PGC_USERSET, 0, NULL, assign_cache_size, NULL);
}

/* ---------- decoding ---------- */

/* Decode the (validated) model m into cxt. */
static void
decode_model(ClassifierModel *mm, const ClassifierData *m, MemoryContext cxt)
{
	uint32		cap = 16;
	uint32		nf = m->nfeatures;
	int			k = m->nlabels;
	const uint32 *keys = CLF_KEYS(m);
	const float4 *idf = CLF_IDF(m);
	const float4 *w = CLF_WEIGHTS(m);
	const char *lab;
	uint32	   *kcopy;
	char	   *lcopy;
	ClassifierSlot *slots;
	MemoryContext old = MemoryContextSwitchTo(cxt);

	memcpy(&mm->hdr, m, CLF_HDRSZ);
	mm->k = k;

	kcopy = MemoryContextAllocHuge(cxt, sizeof(uint32) * Max(nf, 1));
	memcpy(kcopy, keys, sizeof(uint32) * nf);
	mm->keys = kcopy;

	while (cap < nf * 2 && cap < (1u << 31))
		cap *= 2;
	mm->mask = cap - 1;
	slots = MemoryContextAllocHuge(cxt, sizeof(ClassifierSlot) * cap);
	memset(slots, 0xff, sizeof(ClassifierSlot) * cap);
	for (uint32 j = 0; j < nf; j++)
	{
		uint32		i = classifier_slot_hash(keys[j]) & mm->mask;

		while (slots[i].idx >= 0)
			i = (i + 1) & mm->mask;
		slots[i].key = keys[j];
		slots[i].idx = j;
	}
	mm->slots = slots;

	/* idf and weights of a feature side by side: one cache line or two */
	mm->rows = MemoryContextAllocHuge(cxt, sizeof(float4) * ((Size) nf * (k + 1) + k));
	for (uint32 j = 0; j < nf; j++)
	{
		float4	   *row = mm->rows + (Size) j * (k + 1);

		row[0] = idf[j];
		memcpy(row + 1, w + (Size) j * k, sizeof(float4) * k);
	}
	mm->bias = mm->rows + (Size) nf * (k + 1);
	memcpy(mm->bias, CLF_BIAS(m), sizeof(float4) * k);

	lcopy = palloc(m->labels_size);
	memcpy(lcopy, CLF_LABELS(m), m->labels_size);
	mm->labelbuf = lcopy;
	mm->labels = palloc(sizeof(char *) * k);
	lab = lcopy;
	for (int c = 0; c < k; c++)
	{
		mm->labels[c] = (char *) lab;
		lab += strlen(lab) + 1;
	}
	mm->temperature = m->temperature;
	mm->tfo.ngram_min = m->opts.ngram_min;
	mm->tfo.ngram_max = m->opts.ngram_max;
	mm->tfo.flags = m->opts.tf_flags;
	MemoryContextSwitchTo(old);
	mm->memory = MemoryContextMemAllocated(cxt, true);
}

/* Is m, byte for byte, the value mm was decoded from? */
static bool
model_equals(const ClassifierModel *mm, const ClassifierData *m)
{
	uint32		nf = m->nfeatures;
	int			k = mm->k;
	const float4 *idf = CLF_IDF(m);
	const float4 *w = CLF_WEIGHTS(m);

	if (memcmp(&mm->hdr, m, CLF_HDRSZ) != 0)
		return false;
	if (memcmp(mm->keys, CLF_KEYS(m), sizeof(uint32) * nf) != 0)
		return false;
	for (uint32 j = 0; j < nf; j++)
	{
		const float4 *row = mm->rows + (Size) j * (k + 1);

		if (memcmp(row, idf + j, sizeof(float4)) != 0 ||
			memcmp(row + 1, w + (Size) j * k, sizeof(float4) * k) != 0)
			return false;
		if ((j & 0xffff) == 0xffff)
			CHECK_FOR_INTERRUPTS();
	}
	return memcmp(mm->bias, CLF_BIAS(m), sizeof(float4) * k) == 0 &&
		memcmp(mm->labelbuf, CLF_LABELS(m), m->labels_size) == 0;
}

/* ---------- the cache ---------- */

static CacheEntry *
entry_of(const ClassifierModel *mm)
{
	return (CacheEntry *) ((char *) mm - offsetof(CacheEntry, model));
}

static void
cache_remove(CacheEntry *e)
{
	dlist_delete(&e->node);
	nentries--;
	removals++;
	stat_evictions++;
	MemoryContextDelete(e->cxt);
}

/* Evict the least recently used entries beyond limit. */
static void
cache_trim(int limit)
{
	while (nentries > limit)
		cache_remove(dlist_container(CacheEntry, node, dlist_tail_node(&lru)));
}

static void
entry_add_alias(CacheEntry *e, const struct varatt_external *ext)
{
	for (int i = 0; i < e->naliases; i++)
		if (memcmp(&e->aliases[i], ext, sizeof(*ext)) == 0)
			return;
	if (e->naliases < CLASSIFIER_ALIASES)
		e->aliases[e->naliases++] = *ext;
	else
	{
		e->aliases[e->nextalias] = *ext;
		e->nextalias = (e->nextalias + 1) % CLASSIFIER_ALIASES;
	}
}

static void
entry_drop_alias(CacheEntry *e, const struct varatt_external *ext)
{
	for (int i = 0; i < e->naliases; i++)
		if (memcmp(&e->aliases[i], ext, sizeof(*ext)) == 0)
		{
			e->aliases[i] = e->aliases[--e->naliases];
			e->nextalias = 0;
			return;
		}
}

static CacheEntry *
find_alias(const struct varatt_external *ext)
{
	dlist_iter	it;

	dlist_foreach(it, &lru)
	{
		CacheEntry *e = dlist_container(CacheEntry, node, it.cur);

		for (int i = 0; i < e->naliases; i++)
			if (memcmp(&e->aliases[i], ext, sizeof(*ext)) == 0)
				return e;
	}
	return NULL;
}

static CacheEntry *
find_content(const ClassifierData *m)
{
	dlist_iter	it;

	dlist_foreach(it, &lru)
	{
		CacheEntry *e = dlist_container(CacheEntry, node, it.cur);

		if (model_equals(&e->model, m))
			return e;
	}
	return NULL;
}

static CacheEntry *
find_serial(uint64 serial)
{
	dlist_iter	it;

	dlist_foreach(it, &lru)
	{
		CacheEntry *e = dlist_container(CacheEntry, node, it.cur);

		if (e->serial == serial)
			return e;
	}
	return NULL;
}

/*
 * The out of line value d, known to the entry by its toast pointer: is its
 * header (read alone) still the entry's?
 */
static bool
alias_confirmed(Datum d, const ClassifierModel *mm)
{
	struct varlena *h = detoast_attr_slice((struct varlena *) DatumGetPointer(d),
										   0, CLF_HDRSZ - VARHDRSZ);
	bool		ok;

	ok = VARSIZE_ANY(h) == CLF_HDRSZ &&
		memcmp(VARDATA_ANY(h), (const char *) &mm->hdr + VARHDRSZ, CLF_HDRSZ - VARHDRSZ) == 0;
	pfree(h);
	return ok;
}

/* A new entry for the validated model m, most recent; evicts beyond the limit. */
static CacheEntry *
cache_insert(const ClassifierData *m)
{
	MemoryContext cxt;
	CacheEntry *e;

	if (cache_cxt == NULL)
	{
		if (CacheMemoryContext == NULL)
			CreateCacheMemoryContext();
		cache_cxt = AllocSetContextCreate(CacheMemoryContext, "classifier model cache",
										  ALLOCSET_SMALL_SIZES);
	}

	/*
	 * Decode under the current context, so that an error on the way frees
	 * everything, and move it into the cache once it is complete.
	 */
	cxt = AllocSetContextCreate(CurrentMemoryContext, "classifier model",
								ALLOCSET_DEFAULT_SIZES);
	e = MemoryContextAllocZero(cxt, sizeof(CacheEntry));
	e->cxt = cxt;
	decode_model(&e->model, m, cxt);
	e->model.memory = MemoryContextMemAllocated(cxt, true);
	MemoryContextSetParent(cxt, cache_cxt);

	e->serial = next_serial++;
	dlist_push_head(&lru, &e->node);
	nentries++;
	cache_trim(classifier_cache_size);
	return e;
}

/* The ref's model, or NULL when its cache entry is gone. */
static const ClassifierModel *
ref_model(ClassifierRef *ref)
{
	CacheEntry *e;

	if (ref->serial == 0)
		return ref->model;
	if (ref->epoch == removals)
		e = entry_of(ref->model);
	else
	{
		e = find_serial(ref->serial);
		if (e == NULL)
			return NULL;
		ref->epoch = removals;
	}
	if (dlist_head_node(&lru) != &e->node)
		dlist_move_head(&lru, &e->node);
	return &e->model;
}

static void
ref_use_entry(ClassifierRef *ref, CacheEntry *e)
{
	ref->model = &e->model;
	ref->serial = e->serial;
	ref->epoch = removals;
}

/*
 * Find or make the model of the argument d, through the cache when it is
 * on, into the ref's own context when it is off.
 */
static void
ref_lookup(ClassifierRef *ref, Datum d, bool external,
		   const struct varatt_external *ext, MemoryContext fn_mcxt)
{
	ClassifierData *m;
	CacheEntry *e;

	if (classifier_cache_size > 0 && external)
	{
		e = find_alias(ext);
		if (e != NULL)
		{
			if (alias_confirmed(d, &e->model))
			{
				stat_hits++;
				dlist_move_head(&lru, &e->node);
				ref_use_entry(ref, e);
				return;
			}
			entry_drop_alias(e, ext);
		}
	}

	m = DatumGetClassifierP(d);
	if (classifier_cache_size > 0)
	{
		if (VARSIZE(m) >= CLF_HDRSZ && (e = find_content(m)) != NULL)
		{
			stat_hits++;
			dlist_move_head(&lru, &e->node);
		}
		else
		{
			/* values reach us only through validated paths, but disk can rot */
			classifier_validate(m, VARSIZE(m));
			stat_misses++;
			e = cache_insert(m);
		}
		if (external)
			entry_add_alias(e, ext);
		ref_use_entry(ref, e);
	}
	else
	{
		classifier_validate(m, VARSIZE(m));
		if (ref->own == NULL)
			ref->own = AllocSetContextCreate(fn_mcxt, "classifier model (uncached)",
											 ALLOCSET_DEFAULT_SIZES);
		else
			MemoryContextReset(ref->own);
		ref->model = NULL;
		ref->model = MemoryContextAlloc(ref->own, sizeof(ClassifierModel));
		decode_model(ref->model, m, ref->own);
		ref->serial = 0;
	}
	if ((Pointer) m != DatumGetPointer(d))
		pfree(m);
}

/*
 * A decoded copy of model d in cxt, outside the cache: for a caller that
 * keeps it as long as data of its own (the keyword automata of
 * dict_classify.c weigh their evidence with a model of sector_model).
 */
ClassifierModel *
classifier_model_decode(Datum d, MemoryContext cxt)
{
	ClassifierData *m = DatumGetClassifierP(d);
	ClassifierModel *mm;

	classifier_validate(m, VARSIZE(m));
	mm = MemoryContextAllocZero(cxt, sizeof(ClassifierModel));
	decode_model(mm, m, cxt);
	if ((Pointer) m != DatumGetPointer(d))
		pfree(m);
	return mm;
}

const ClassifierModel *
classifier_model_get(ClassifierRef *ref, Datum d, MemoryContext fn_mcxt)
{
	struct varlena *p = (struct varlena *) DatumGetPointer(d);
	struct varatt_external ext;
	bool		external = VARATT_IS_EXTERNAL_ONDISK(p);
	bool		plain = !VARATT_IS_EXTERNAL(p) && !VARATT_IS_COMPRESSED(p);
	const ClassifierModel *mm;

	if (external)
		VARATT_EXTERNAL_GET_POINTER(ext, p);
	if (ref->valid &&
		(external ? ref->external && memcmp(&ext, &ref->ext, sizeof(ext)) == 0
		 : plain && !ref->external && ref->ptr == p && VARSIZE_ANY(p) == ref->size &&
		 memcmp(VARDATA_ANY(p), ref->hdr, sizeof(ref->hdr)) == 0) &&
		(mm = ref_model(ref)) != NULL)
		return mm;

	ref->valid = false;
	ref_lookup(ref, d, external, &ext, fn_mcxt);
	if (external)
	{
		ref->external = true;
		ref->ext = ext;
		ref->valid = true;
	}
	else if (plain)
	{
		/* validated: at least a header long */
		ref->external = false;
		ref->ptr = p;
		ref->size = VARSIZE_ANY(p);
		memcpy(ref->hdr, VARDATA_ANY(p), sizeof(ref->hdr));
		ref->valid = true;
	}
	return ref->model;
}

/* ---------- SQL ---------- */

PG_FUNCTION_INFO_V1(classifier_cache_stats);
Datum
classifier_cache_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	Size		memory = 0;
	dlist_iter	it;

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	dlist_foreach(it, &lru)
		memory += dlist_container(CacheEntry, node, it.cur)->model.memory;
	values[0] = Int64GetDatum((int64) stat_hits);
	values[1] = Int64GetDatum((int64) stat_misses);
	values[2] = Int64GetDatum((int64) stat_evictions);
	values[3] = Int32GetDatum(nentries);
	values[4] = Int32GetDatum(classifier_cache_size);
	values[5] = Int64GetDatum((int64) memory);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}
