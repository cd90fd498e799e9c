/*
 * classifier_cache.h
 *	  Decoded classifier models and the per-backend cache that keeps them
 *	  across statements (classifier_cache.c).
 *
 * A predictor keeps a ClassifierRef in its fn_extra and asks
 * classifier_model_get() for the decoded model of its model argument on
 * every call; the answer stays valid until the next call through the same
 * ref.  The decoded model is read-only: per-row workspace belongs to the
 * caller.
 */
#ifndef SCENARIO_CLASSIFIER_CACHE_H
#define SCENARIO_CLASSIFIER_CACHE_H

#include "classifier.h"

/* One slot of the open-addressing table from feature key to row. */
typedef struct ClassifierSlot
{
	uint32		key;
	int32		idx;			/* -1: empty */
} ClassifierSlot;

typedef struct ClassifierModel
{
	ClassifierData hdr;			/* the value's header, as stored */
	const uint32 *keys;			/* the stored keys, in order */
	const char *labelbuf;		/* the stored labels section */
	int			k;				/* labels */
	uint32		mask;
	ClassifierSlot *slots;
	float4	   *rows;			/* per feature: idf, then one weight per label */
	float4	   *bias;
	char	  **labels;			/* into labelbuf */
	double		temperature;
	TextFeatOptions tfo;
	Size		memory;			/* bytes held by the decoded model */
} ClassifierModel;

static inline uint32
classifier_slot_hash(uint32 key)
{
	return key * 0x9e3779b1u;
}

/* A call site's handle on its last model argument (zeroed to start). */
typedef struct ClassifierRef
{
	bool		valid;
	/* identity of the last argument */
	bool		external;		/* stored out of line: ext is its pointer */
	struct varatt_external ext;
	const void *ptr;			/* otherwise: where it was, its size, header */
	Size		size;
	char		hdr[sizeof(ClassifierData) - VARHDRSZ];
	/* its model: a cache entry (serial > 0) or the ref's own copy */
	ClassifierModel *model;
	uint64		serial;
	uint64		epoch;			/* cache removals seen when last checked */
	MemoryContext own;			/* holds the own copy; child of fn_mcxt */
} ClassifierRef;

/*
 * Workspace of classifier_score(), reused from call to call: keep one per
 * call site, zeroed to start and with buf.cxt set; its memory comes from
 * buf.cxt.
 */
typedef struct ClassifierWork
{
	TextFeatBuf buf;
	double	   *scores;			/* decision values, one per label */
	int			scorecap;
	int32	   *hits;			/* row of each document feature, or -1 */
	int			hitcap;
} ClassifierWork;

extern void classifier_cache_init(void);
extern ClassifierModel *classifier_model_decode(Datum d, MemoryContext cxt);
extern bool classifier_score(const ClassifierModel *mc, ClassifierWork *w,
							 const char *s, int len);
extern void classifier_probabilities(const ClassifierModel *mc, double *scores);
extern const ClassifierModel *classifier_model_get(ClassifierRef *ref, Datum d,
												   MemoryContext fn_mcxt);

#endif							/* SCENARIO_CLASSIFIER_CACHE_H */
