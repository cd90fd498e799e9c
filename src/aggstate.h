/*
 * aggstate.h
 *	  A growable varlena aggregate state, kept as an expanded object in the
 *	  aggregate context.
 *
 * Our aggregates keep their state in a real SQL type (so Citus can push them
 * down and parallel query can ship partial states without serialize
 * functions), but a plain varlena state would be copied on every row.  A
 * GrowState is the flat varlena image of the state held in a buffer that
 * grows by doubling; the transition function edits it in place and returns
 * the same read/write expanded datum, which nodeAgg keeps without copying.
 * Output, send and final functions see an ordinary varlena (flattening is a
 * memcpy of the image).
 *
 * Use in a transition or combine function:
 *
 *		MemoryContext aggcxt;
 *		GrowState  *gs = growstate_arg(fcinfo, 0, &aggcxt);
 *		if (gs == NULL)
 *			gs = growstate_new(aggcxt, sizeof(MyHeader));   -- zeroed payload
 *		item = (MyItem *) growstate_append(gs, sizeof(MyItem));
 *		hdr = (MyHeader *) growstate_payload(gs);   -- re-read after append
 *		PG_RETURN_DATUM(growstate_datum(gs));
 *
 * The transition function must be declared non-STRICT with no INITCOND.
 */
#ifndef SCENARIO_AGGSTATE_H
#define SCENARIO_AGGSTATE_H

#include "postgres.h"
#include "fmgr.h"
#include "utils/expandeddatum.h"

/*
 * A state may be flattened (a parallel worker's partial state going through
 * its tuple queue, a value stored in a table) into a packed form smaller
 * than its image.  The type's readers must then accept both forms; a packer
 * that cannot save anything returns the image size and is not asked to pack.
 */
struct GrowState;

typedef struct GrowPacker
{
	Size		(*packed_size) (struct GrowState *gs);
	void		(*pack) (struct GrowState *gs, char *result, Size size);
} GrowPacker;

typedef struct GrowState
{
	ExpandedObjectHeader hdr;
	char	   *flat;			/* varlena image; VARSIZE(flat) is its length */
	Size		cap;			/* bytes allocated at flat */
	const GrowPacker *packer;	/* NULL: the flat form is the image */
	Size		packed_for;		/* VARSIZE(flat) when packed_size was computed;
								 * 0 after any edit */
	Size		packed_size;
	void	   *aux;			/* the type's own, in hdr.eoh_context (NULL in a
								 * new state or copy): what it derives from the
								 * image, say, and checks is still current */
} GrowState;

/*
 * The state argument argno as a GrowState to edit in place: NULL when the
 * argument is NULL; our own read/write object when the previous call returned
 * it; otherwise a fresh expanded copy (of a partial state from a worker, say)
 * made in the aggregate context.  Errors when not called as an aggregate.
 */
extern GrowState *growstate_arg(FunctionCallInfo fcinfo, int argno,
								MemoryContext *aggcontext);

/*
 * What every combine function does first: when the second state (argument
 * 1) is NULL the answer is the first, and when the first is NULL it is a
 * copy of the second in the aggregate context.  Returns true with *result
 * set (or *isnull) in those cases; false when both states are there, with
 * *gs the first one to merge into.
 */
extern bool growstate_combine_trivial(FunctionCallInfo fcinfo, GrowState **gs,
									  Datum *result);

/* Buffers from this size on are advised to use huge pages. */
#define GROWSTATE_HUGE_ADVICE	((Size) 8 * 1024 * 1024)
extern void scenario_advise_huge(void *p, Size len);

/*
 * Map the pages of [p, p + len) writable at once, where the system can
 * (Linux's MADV_POPULATE_WRITE): a shared memory segment about to be
 * written through, say, whose pages would otherwise fault in one by one.
 * Only an advice: nothing happens where it is not supported.
 */
extern void scenario_prefault(void *p, Size len);

/* A new state with payload_size zeroed payload bytes, in aggcontext. */
extern GrowState *growstate_new(MemoryContext aggcontext, Size payload_size);

/* A new state holding a copy of a (possibly toasted) flat value. */
extern GrowState *growstate_copy(MemoryContext aggcontext, Datum flat);

/*
 * Grow the payload by n zeroed bytes and return a pointer to them.  The
 * buffer may move: pointers into the payload taken before are invalid.
 */
extern char *growstate_append(GrowState *gs, Size n);

/*
 * Append n bytes copied from src (which must not point into the state):
 * growstate_append without zeroing what is overwritten at once, for
 * combine functions that append another state's records.
 */
extern void growstate_append_copy(GrowState *gs, const void *src, Size n);

/*
 * Grow the payload by n bytes left unset, which the caller must fill at
 * once, every one of them (a combine function unpacking another state into
 * place, say).
 */
extern char *growstate_append_unset(GrowState *gs, Size n);

/* Shrink the payload to new_size bytes (no reallocation). */
extern void growstate_truncate(GrowState *gs, Size new_size);

#define growstate_payload(gs)		((gs)->flat + VARHDRSZ)
#define growstate_payload_size(gs)	(VARSIZE((gs)->flat) - VARHDRSZ)
#define growstate_datum(gs)			EOHPGetRWDatum(&(gs)->hdr)

/*
 * Read-only access to a state argument without copying it when it is one
 * of our expanded objects (final functions, accessors); detoasts otherwise.
 */
extern struct varlena *growstate_flat_arg(FunctionCallInfo fcinfo, int argno);

/*
 * The state argument argno when it is one of our expanded objects (to read
 * its aux, say), else NULL.
 */
extern GrowState *growstate_object_arg(FunctionCallInfo fcinfo, int argno);

/*
 * Varints for packers: 7 bits a byte, low bits first.  pack_varint_get
 * returns NULL when the bytes before end hold no complete varint of at
 * most 64 bits; the caller reports its own type's corruption.
 */
static inline int
pack_varint_len(uint64 v)
{
	int			n = 1;

	while (v >= 0x80)
	{
		v >>= 7;
		n++;
	}
	return n;
}

static inline char *
pack_varint_put(char *p, uint64 v)
{
	while (v >= 0x80)
	{
		*p++ = (char) (v | 0x80);
		v >>= 7;
	}
	*p++ = (char) v;
	return p;
}

static inline const char *
pack_varint_get(const char *p, const char *end, uint64 *v)
{
	uint64		r = 0;

	*v = 0;
	for (int shift = 0; p < end && shift <= 63; shift += 7)
	{
		uint8		b = (uint8) *p++;

		r |= (uint64) (b & 0x7f) << shift;
		if (!(b & 0x80))
		{
			*v = r;
			return p;
		}
	}
	return NULL;
}

#endif							/* SCENARIO_AGGSTATE_H */
