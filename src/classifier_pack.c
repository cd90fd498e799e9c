/*
 * classifier_pack.c
 *	  The packed form of scenario.classifier_state, in which a parallel
 *	  worker's partial state crosses its tuple queue to the leader.
 *
 * A state holds per document its label and its sorted 32-bit feature
 * hashes with counts, 8 bytes a feature and the label's bytes again for
 * every document: tens of megabytes for a worker's share of a few hundred
 * thousand titles.  On its way to the leader's combine such a state is
 * flattened into a tuple, copied through the tuple queue, copied into the
 * aggregate's first tuple (the leader's own state, too) and copied once
 * more, mostly into fresh pages, whose first touch is what costs.  The
 * packed form says the same in about half the bytes: the distinct labels
 * once, then per document its label's number, its feature count, its
 * hashes as plain 4-byte words, and only the counts above 1 (by position).
 * A state takes it whenever it is flattened (the only other flattening is
 * a state stored by a user's aggregate without a final function), and the
 * combine function unpacks it straight into its own state.  Every reader
 * accepts both forms; output and send always write the unpacked image, so
 * the text and binary forms do not change, and input and receive refuse
 * the packed flag like any unknown one.
 *
 *
 * The packed form also carries the state's per-term statistics (see
 * ClassifierTerms), counted where the state is packed, in the parallel
 * worker: the combine function merges them into the combined state, so
 * the final function, in the leader, need not count the vocabulary of
 * every document again.
 *
 * After the ClassifierStateHeader (flags CLF_STATE_PACKED added):
 *	 uint64 image_size			payload bytes of the unpacked form
 *	 uint64 labels_at			where the labels' section starts, from the
 *								payload's start
 *	 uint64 terms_at			where the terms' section starts
 *	 per document: varint label number, varint nfeat, nfeat x uint32 hash,
 *	   varint nbig, nbig x (varint position gap, varint count - 2)
 *	 the labels' section: varint nlabels, then nlabels x (varint length,
 *	   bytes), in the order of their numbers (first appearance)
 *	 the terms' section: varint nterms, then nterms x (uint32 key, varint
 *	   document frequency), keys strictly increasing
 */
#include "classifier.h"
#include "classifier_termdf.h"

#include "aggstate.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "utils/memutils.h"


#define PACKED_FIXED	(sizeof(ClassifierStateHeader) + 3 * sizeof(uint64))
#define PACKED_LABELS_AT	(sizeof(ClassifierStateHeader) + sizeof(uint64))
#define PACKED_TERMS_AT		(sizeof(ClassifierStateHeader) + 2 * sizeof(uint64))

/* The distinct labels of a state, numbered in order of first appearance. */
typedef struct LabelEntry
{
	const char *s;
	uint32		len;
	uint32		hash;
	int32		num;			/* -1: empty slot */
} LabelEntry;

typedef struct LabelTable
{
	LabelEntry *slot;
	uint32		mask;
	int32		n;
	const char *last;			/* the label of the last document looked up */
	uint32		last_len;
	int32		last_num;
} LabelTable;

static void
labels_init(LabelTable *t)
{
	t->mask = 63;
	t->slot = palloc(sizeof(LabelEntry) * (t->mask + 1));
	for (uint32 i = 0; i <= t->mask; i++)
		t->slot[i].num = -1;
	t->n = 0;
	t->last = NULL;
	t->last_len = 0;
	t->last_num = -1;
}

/* Double the table when it is half full. */
static void
labels_grow(LabelTable *t)
{
	LabelEntry *old = t->slot;
	uint32		oldsize = t->mask + 1;

	t->mask = 2 * oldsize - 1;
	t->slot = palloc(sizeof(LabelEntry) * (t->mask + 1));
	for (uint32 i = 0; i <= t->mask; i++)
		t->slot[i].num = -1;
	for (uint32 j = 0; j < oldsize; j++)
		if (old[j].num >= 0)
		{
			uint32		i = old[j].hash & t->mask;

			while (t->slot[i].num >= 0)
				i = (i + 1) & t->mask;
			t->slot[i] = old[j];
		}
	pfree(old);
}

/* The label's number; *added says whether it is new. */
static int32
labels_number(LabelTable *t, const char *s, uint32 len, bool *added)
{
	uint32		h;
	uint32		i;

	*added = false;
	/* documents of one label often come in runs */
	if (t->last != NULL && t->last_len == len && memcmp(t->last, s, len) == 0)
		return t->last_num;
	h = hash_bytes((const unsigned char *) s, (int) len);
	for (i = h & t->mask; t->slot[i].num >= 0; i = (i + 1) & t->mask)
		if (t->slot[i].hash == h && t->slot[i].len == len &&
			memcmp(t->slot[i].s, s, len) == 0)
			break;
	if (t->slot[i].num < 0)
	{
		t->slot[i].s = s;
		t->slot[i].len = len;
		t->slot[i].hash = h;
		t->slot[i].num = t->n++;
		*added = true;
	}
	t->last = s;
	t->last_len = len;
	t->last_num = t->slot[i].num;
	if ((uint32) t->n > t->mask / 2)
		labels_grow(t);
	return t->last_num;
}

/*
 * One pass over the unpacked image, numbering labels as they come, either
 * counting the packed bytes (out NULL) or writing them: the two cannot
 * disagree.
 */
typedef struct PackWalk
{
	LabelTable	labels;
	Size		size;			/* packed bytes of documents and labels */
	char	   *out;			/* NULL: only count */
} PackWalk;

static void
pack_document(PackWalk *w, const ClassifierDocRec *rec, const char *label,
			  const ClassifierFeat *f)
{
	bool		added;
	int32		num = labels_number(&w->labels, label, rec->label_len, &added);
	uint32		nbig = 0;
	uint32		prev = 0;

	for (uint32 i = 0; i < rec->nfeat; i++)
		nbig += f[i].count > 1;
	if (w->out == NULL)
	{
		if (added)
			w->size += pack_varint_len(rec->label_len) + rec->label_len;
		w->size += pack_varint_len(num) + pack_varint_len(rec->nfeat) +
			(Size) rec->nfeat * sizeof(uint32) + pack_varint_len(nbig);
		for (uint32 i = 0; i < rec->nfeat; i++)
			if (f[i].count > 1)
			{
				w->size += pack_varint_len(i - prev) + pack_varint_len(f[i].count - 2);
				prev = i;
			}
		return;
	}
	w->out = pack_varint_put(w->out, num);
	w->out = pack_varint_put(w->out, rec->nfeat);
	for (uint32 i = 0; i < rec->nfeat; i++)
	{
		memcpy(w->out, &f[i].hash, sizeof(uint32));
		w->out += sizeof(uint32);
	}
	w->out = pack_varint_put(w->out, nbig);
	for (uint32 i = 0; i < rec->nfeat; i++)
		if (f[i].count > 1)
		{
			w->out = pack_varint_put(w->out, i - prev);
			w->out = pack_varint_put(w->out, f[i].count - 2);
			prev = i;
		}
}

static void
pack_walk(PackWalk *w, const char *payload, Size size)
{
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	Size		off = sizeof(ClassifierStateHeader);

	labels_init(&w->labels);
	for (uint32 d = 0; d < h->ndocs; d++)
	{
		ClassifierDocRec rec;
		const char *label;

		memcpy(&rec, payload + off, sizeof(rec));
		label = payload + off + sizeof(rec);
		off += sizeof(rec) + CLF_PAD4(rec.label_len);
		pack_document(w, &rec, label, (const ClassifierFeat *) (payload + off));
		off += (Size) rec.nfeat * sizeof(ClassifierFeat);
	}
	if (off != size)
		elog(ERROR, "classifier state size mismatch");
}

/* ---------- per-term statistics ---------- */

static ClassifierTerms *
terms_alloc(MemoryContext cxt, int32 n, uint32 ndocs)
{
	ClassifierTerms *t = MemoryContextAlloc(cxt, sizeof(ClassifierTerms));

	t->ndocs = ndocs;
	t->n = n;
	t->key = MemoryContextAllocHuge(cxt, sizeof(uint32) * Max(n, 1));
	t->df = MemoryContextAllocHuge(cxt, sizeof(uint32) * Max(n, 1));
	return t;
}

static void
terms_free(GrowState *gs)
{
	ClassifierTerms *t = gs->aux;

	if (t == NULL)
		return;
	pfree(t->key);
	pfree(t->df);
	pfree(t);
	gs->aux = NULL;
}

/* The state's terms when they count all its documents, else NULL. */
const ClassifierTerms *
classifier_state_terms(GrowState *gs)
{
	const ClassifierTerms *t = gs->aux;
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) growstate_payload(gs);

	if (t != NULL && t->ndocs == h->ndocs)
		return t;
	return NULL;
}

/*
 * The state's terms, counted now unless they are current: a hash table of
 * the documents' keys (a document's features are distinct), then its keys
 * sorted.  In the state's own context, as its aux.
 */
static const ClassifierTerms *
state_count_terms(GrowState *gs)
{
	const char *payload = growstate_payload(gs);
	Size		size = growstate_payload_size(gs);
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	const ClassifierTerms *cur = classifier_state_terms(gs);
	Size		off = sizeof(ClassifierStateHeader);
	termdf_hash *tab;
	termdf_iterator it;
	TermDf  *e;
	ClassifierTerms *t;
	int32		n = 0;

	if (cur != NULL)
		return cur;
	terms_free(gs);
	/* the table and the terms, at most a key per feature, beside the state */
	classifier_check_memory(VARSIZE(gs->flat) + size / sizeof(ClassifierFeat) * 20,
							"train_classifier state");
	tab = termdf_create(CurrentMemoryContext, Max(size / 256, 256), NULL);
	for (uint32 d = 0; d < h->ndocs; d++)
	{
		ClassifierDocRec rec;
		const ClassifierFeat *f;

		if ((d & 4095) == 4095)
			CHECK_FOR_INTERRUPTS();
		memcpy(&rec, payload + off, sizeof(rec));
		off += sizeof(rec) + CLF_PAD4(rec.label_len);
		f = (const ClassifierFeat *) (payload + off);
		for (uint32 i = 0; i < rec.nfeat; i++)
		{
			bool		found;

			e = termdf_insert(tab, f[i].hash, &found);
			if (!found)
				e->df = 0;
			e->df++;
		}
		off += (Size) rec.nfeat * sizeof(ClassifierFeat);
	}
	if (off != size)
		elog(ERROR, "classifier state size mismatch");
	t = terms_alloc(gs->hdr.eoh_context, (int32) tab->members, h->ndocs);
	termdf_start_iterate(tab, &it);
	while ((e = termdf_iterate(tab, &it)) != NULL)
		t->key[n++] = e->key;
	sort_term_keys(t->key, n);
	for (int32 j = 0; j < n; j++)
		t->df[j] = termdf_lookup(tab, t->key[j])->df;
	termdf_destroy(tab);
	gs->aux = t;
	return t;
}

/* The terms' section's bytes. */
static Size
terms_packed_size(const ClassifierTerms *t)
{
	Size		size = pack_varint_len(t->n) + (Size) t->n * sizeof(uint32);

	for (int32 j = 0; j < t->n; j++)
		size += pack_varint_len(t->df[j]);
	return size;
}

/* The packed size; a state without documents has nothing to save. */
static Size
state_packed_size(GrowState *gs)
{
	const char *flat = gs->flat;
	const char *payload = flat + VARHDRSZ;
	PackWalk	w;

	if (((const ClassifierStateHeader *) payload)->ndocs == 0)
		return VARSIZE(flat);
	w.out = NULL;
	w.size = 0;
	pack_walk(&w, payload, VARSIZE(flat) - VARHDRSZ);
	w.size += VARHDRSZ + PACKED_FIXED + pack_varint_len(w.labels.n) +
		terms_packed_size(state_count_terms(gs));
	pfree(w.labels.slot);
	/* never larger than the image: the flattening would not ask to pack */
	return Min(w.size, (Size) VARSIZE(flat));
}

static void
state_pack(GrowState *gs, char *result, Size size)
{
	const char *flat = gs->flat;
	const char *payload = flat + VARHDRSZ;
	const ClassifierTerms *terms = state_count_terms(gs);
	uint64		terms_at;
	ClassifierStateHeader *h = (ClassifierStateHeader *) (result + VARHDRSZ);
	uint64		image_size = VARSIZE(flat) - VARHDRSZ;
	uint64		labels_at;
	const LabelEntry **bynum;
	PackWalk	w;

	SET_VARSIZE(result, size);
	memcpy(h, payload, sizeof(ClassifierStateHeader));
	h->flags |= CLF_STATE_PACKED;
	memcpy((char *) h + sizeof(ClassifierStateHeader), &image_size, sizeof(uint64));
	w.out = (char *) h + PACKED_FIXED;
	pack_walk(&w, payload, image_size);
	labels_at = w.out - (char *) h;
	memcpy((char *) h + PACKED_LABELS_AT, &labels_at, sizeof(uint64));
	bynum = palloc(sizeof(LabelEntry *) * Max(w.labels.n, 1));
	for (uint32 i = 0; i <= w.labels.mask; i++)
		if (w.labels.slot[i].num >= 0)
			bynum[w.labels.slot[i].num] = &w.labels.slot[i];
	w.out = pack_varint_put(w.out, w.labels.n);
	for (int32 i = 0; i < w.labels.n; i++)
	{
		w.out = pack_varint_put(w.out, bynum[i]->len);
		memcpy(w.out, bynum[i]->s, bynum[i]->len);
		w.out += bynum[i]->len;
	}
	pfree(bynum);
	pfree(w.labels.slot);
	terms_at = w.out - (char *) h;
	memcpy((char *) h + PACKED_TERMS_AT, &terms_at, sizeof(uint64));
	w.out = pack_varint_put(w.out, terms->n);
	for (int32 j = 0; j < terms->n; j++)
	{
		memcpy(w.out, &terms->key[j], sizeof(uint32));
		w.out += sizeof(uint32);
		w.out = pack_varint_put(w.out, terms->df[j]);
	}
	if (w.out != result + size)
		elog(ERROR, "classifier_state packed to %zu bytes, expected %zu",
			 (Size) (w.out - result), size);
}

const GrowPacker classifier_state_packer = {state_packed_size, state_pack};

/* ---------- reading the packed form ---------- */

static pg_attribute_noreturn() void
packed_corrupt(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("corrupted packed classifier_state value"),
			 errdetail("%s", detail)));
}

static inline const char *
get_varint(const char *p, const char *end, uint64 *v, uint64 max)
{
	p = pack_varint_get(p, end, v);
	if (p == NULL || *v > max)
		packed_corrupt("A number is truncated or out of range.");
	return p;
}

bool
classifier_state_is_packed(const char *payload, Size size)
{
	return size >= sizeof(ClassifierStateHeader) &&
		(((const ClassifierStateHeader *) payload)->flags & CLF_STATE_PACKED) != 0;
}

/* The payload size of the unpacked form of a packed payload. */
Size
classifier_state_unpacked_size(const char *payload, Size size)
{
	uint64		image_size;
	uint32		ndocs;

	if (size < PACKED_FIXED)
		packed_corrupt("The value is shorter than its header.");
	memcpy(&image_size, payload + sizeof(ClassifierStateHeader), sizeof(uint64));
	/*
	 * Bound it by what the packed bytes could hold before allocating it: a
	 * document takes at least two bytes, unpacks to at most its record, a
	 * label and twice its 4-byte hashes
	 */
	ndocs = ((const ClassifierStateHeader *) payload)->ndocs;
	if (ndocs > size / 2 ||
		image_size < sizeof(ClassifierStateHeader) || image_size > MaxAllocHugeSize ||
		image_size > sizeof(ClassifierStateHeader) +
		(uint64) ndocs * (sizeof(ClassifierDocRec) + CLF_PAD4(CLF_MAX_LABEL_LEN)) + 2 * (uint64) size)
		packed_corrupt("The unpacked size is out of range.");
	return image_size;
}

/*
 * The terms' section of a packed payload, from terms_at to the end, checked
 * (keys strictly increasing, frequencies in [1, ndocs], nothing after it);
 * into out, when not NULL, a copy in the current memory context.
 */
static void
packed_terms_walk(const char *payload, Size size, uint64 terms_at, uint32 ndocs,
				  ClassifierTerms **out)
{
	const char *end = payload + size;
	const char *p;
	uint64		n;
	uint32		prev = 0;
	ClassifierTerms *t = NULL;

	p = get_varint(payload + terms_at, end, &n, (size - terms_at) / (sizeof(uint32) + 1));
	if (out != NULL)
		t = terms_alloc(CurrentMemoryContext, (int32) n, ndocs);
	for (uint64 j = 0; j < n; j++)
	{
		uint32		key;
		uint64		df;

		if ((Size) (end - p) < sizeof(uint32))
			packed_corrupt("The terms are truncated.");
		memcpy(&key, p, sizeof(uint32));
		p = get_varint(p + sizeof(uint32), end, &df, ndocs);
		if (df == 0 || (j > 0 && key <= prev))
			packed_corrupt("The terms are out of order or count no document.");
		prev = key;
		if (t != NULL)
		{
			t->key[j] = key;
			t->df[j] = (uint32) df;
		}
	}
	if (p != end)
		packed_corrupt("Bytes follow the terms.");
	if (out != NULL)
		*out = t;
}

/*
 * Merge another state's terms into the state gs, which held ndocs documents
 * before the combine function appended the other's: the other's, packed,
 * carries them; when it does not (an unpacked state), or gs's own are not
 * current, gs has none and the final function counts.  Linear in the
 * distinct keys of both.  Returns the bytes gs's terms now take.
 */
Size
classifier_combine_terms(GrowState *gs, uint32 ndocs, const char *other, Size olen, bool packed)
{
	ClassifierTerms *cur = gs->aux;
	ClassifierTerms *add;
	ClassifierTerms *m;
	const ClassifierStateHeader *oh = (const ClassifierStateHeader *) other;
	uint64		terms_at;
	int32		i = 0,
				j = 0,
				n = 0;

	if (!packed || (ndocs > 0 && (cur == NULL || cur->ndocs != ndocs)))
	{
		terms_free(gs);
		return 0;
	}
	memcpy(&terms_at, other + PACKED_TERMS_AT, sizeof(uint64));
	if (terms_at < PACKED_FIXED || terms_at > olen)
		packed_corrupt("The terms' offset is out of range.");
	packed_terms_walk(other, olen, terms_at, oh->ndocs, &add);
	if (ndocs == 0)
	{
		terms_free(gs);
		cur = NULL;
	}
	m = terms_alloc(gs->hdr.eoh_context, (cur ? cur->n : 0) + add->n, ndocs + oh->ndocs);
	while (cur != NULL && i < cur->n && j < add->n)
	{
		if (cur->key[i] < add->key[j])
		{
			m->key[n] = cur->key[i];
			m->df[n++] = cur->df[i++];
		}
		else if (cur->key[i] > add->key[j])
		{
			m->key[n] = add->key[j];
			m->df[n++] = add->df[j++];
		}
		else
		{
			m->key[n] = cur->key[i];
			m->df[n++] = cur->df[i++] + add->df[j++];
		}
	}
	while (cur != NULL && i < cur->n)
	{
		m->key[n] = cur->key[i];
		m->df[n++] = cur->df[i++];
	}
	while (j < add->n)
	{
		m->key[n] = add->key[j];
		m->df[n++] = add->df[j++];
	}
	m->n = n;
	terms_free(gs);
	gs->aux = m;
	pfree(add->key);
	pfree(add->df);
	pfree(add);
	return (Size) m->n * 2 * sizeof(uint32);
}

/*
 * Write the document records of a packed payload, unpacked, to dst, which
 * holds exactly classifier_state_unpacked_size() less the header's bytes
 * (the caller writes or merges the header).  Every count, offset and length
 * is checked against the bytes there are; what the unpacked validator
 * checks (sorted features, valid labels) is left to it.
 */
void
classifier_state_unpack_docs(const char *payload, Size size, char *dst)
{
	const char *end = payload + size;
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	Size		dsize = classifier_state_unpacked_size(payload, size);
	char	   *q = dst;
	char	   *qend = dst + (dsize - sizeof(ClassifierStateHeader));
	const char *p;
	const char *lp;
	uint64		labels_at,
				terms_at,
				nlabels;
	const char **lab;
	uint32	   *lablen;

	memcpy(&labels_at, payload + PACKED_LABELS_AT, sizeof(uint64));
	memcpy(&terms_at, payload + PACKED_TERMS_AT, sizeof(uint64));
	if (labels_at < PACKED_FIXED || labels_at > size)
		packed_corrupt("The labels' offset is out of range.");
	if (terms_at < labels_at || terms_at > size)
		packed_corrupt("The terms' offset is out of range.");
	packed_terms_walk(payload, size, terms_at, h->ndocs, NULL);
	end = payload + terms_at;
	lp = get_varint(payload + labels_at, end, &nlabels, CLF_MAX_LABELS + 1);
	lab = palloc(sizeof(char *) * Max(nlabels, 1));
	lablen = palloc(sizeof(uint32) * Max(nlabels, 1));
	for (uint64 i = 0; i < nlabels; i++)
	{
		uint64		len;

		lp = get_varint(lp, end, &len, CLF_MAX_LABEL_LEN);
		if ((Size) (end - lp) < len)
			packed_corrupt("A label is truncated.");
		lab[i] = lp;
		lablen[i] = (uint32) len;
		lp += len;
	}
	if (lp != end)
		packed_corrupt("Bytes follow the labels.");

	end = payload + labels_at;
	p = payload + PACKED_FIXED;
	for (uint32 d = 0; d < h->ndocs; d++)
	{
		uint64		num,
					nfeat,
					nbig,
					pos = 0;
		ClassifierDocRec rec;
		ClassifierFeat *f;

		p = get_varint(p, end, &num, nlabels - 1);
		p = get_varint(p, end, &nfeat, PG_UINT32_MAX);
		if (nlabels == 0 || (Size) (end - p) / sizeof(uint32) < nfeat)
			packed_corrupt("A document is truncated.");
		rec.label_len = lablen[num];
		rec.nfeat = (uint32) nfeat;
		if ((Size) (qend - q) < sizeof(rec) + CLF_PAD4(rec.label_len) ||
			(Size) (qend - q - sizeof(rec) - CLF_PAD4(rec.label_len)) / sizeof(ClassifierFeat) < nfeat)
			packed_corrupt("The documents exceed the unpacked size.");
		memcpy(q, &rec, sizeof(rec));
		q += sizeof(rec);
		memcpy(q, lab[num], rec.label_len);
		memset(q + rec.label_len, 0, CLF_PAD4(rec.label_len) - rec.label_len);
		q += CLF_PAD4(rec.label_len);
		f = (ClassifierFeat *) q;
		for (uint32 i = 0; i < rec.nfeat; i++)
		{
			memcpy(&f[i].hash, p, sizeof(uint32));
			f[i].count = 1;
			p += sizeof(uint32);
		}
		p = get_varint(p, end, &nbig, nfeat);
		for (uint64 i = 0; i < nbig; i++)
		{
			uint64		gap,
						c;

			p = get_varint(p, end, &gap, nfeat);
			p = get_varint(p, end, &c, PG_UINT32_MAX - 2);
			pos += gap;
			if (pos >= nfeat || (i > 0 && gap == 0))
				packed_corrupt("A count's position is out of range.");
			f[pos].count = (uint32) c + 2;
		}
		q += (Size) nfeat * sizeof(ClassifierFeat);
	}
	if (p != end || q != qend)
		packed_corrupt("The documents do not fill the value.");
	pfree(lab);
	pfree(lablen);
}

/*
 * A state varlena in its unpacked form: the value itself when it is not
 * packed, else an unpacked copy in the current memory context.
 */
struct varlena *
classifier_state_unpacked(struct varlena *v)
{
	struct varlena *u;
	Size		usize;

	if (!classifier_state_is_packed(VARDATA(v), VARSIZE(v) - VARHDRSZ))
		return v;
	usize = classifier_state_unpacked_size(VARDATA(v), VARSIZE(v) - VARHDRSZ);
	u = palloc_extended(VARHDRSZ + usize, MCXT_ALLOC_HUGE);
	SET_VARSIZE(u, VARHDRSZ + usize);
	memcpy(VARDATA(u), VARDATA(v), sizeof(ClassifierStateHeader));
	((ClassifierStateHeader *) VARDATA(u))->flags &= ~CLF_STATE_PACKED;
	classifier_state_unpack_docs(VARDATA(v), VARSIZE(v) - VARHDRSZ,
								 VARDATA(u) + sizeof(ClassifierStateHeader));
	return u;
}
