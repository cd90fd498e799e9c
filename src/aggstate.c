/*
 * aggstate.c
 *	  Growable varlena aggregate states kept as expanded objects; see
 *	  aggstate.h for why and how.
 */
#include "aggstate.h"

#include <sys/mman.h>

#include "utils/lsyscache.h"
#include "utils/memutils.h"

static Size growstate_get_flat_size(ExpandedObjectHeader *eohptr);
static void growstate_flatten_into(ExpandedObjectHeader *eohptr,
								   void *result, Size allocated_size);

static const ExpandedObjectMethods growstate_methods = {
	growstate_get_flat_size,
	growstate_flatten_into
};

static Size
growstate_get_flat_size(ExpandedObjectHeader *eohptr)
{
	GrowState  *gs = (GrowState *) eohptr;

	if (gs->packer == NULL)
		return VARSIZE(gs->flat);
	if (gs->packed_for != VARSIZE(gs->flat))
	{
		gs->packed_size = gs->packer->packed_size(gs);
		gs->packed_for = VARSIZE(gs->flat);
	}
	return gs->packed_size;
}

static void
growstate_flatten_into(ExpandedObjectHeader *eohptr,
					   void *result, Size allocated_size)
{
	GrowState  *gs = (GrowState *) eohptr;

	if (allocated_size != VARSIZE(gs->flat))
	{
		Assert(gs->packer != NULL && allocated_size == growstate_get_flat_size(eohptr));
		gs->packer->pack(gs, result, allocated_size);
		return;
	}
	memcpy(result, gs->flat, allocated_size);
}

/*
 * Ask for transparent huge pages on the whole 2 MB pages inside a large
 * buffer: a state of tens of megabytes is written once, front to back, and
 * on a virtual machine each 4 kB page's first touch is a costly fault.
 * Advice only: where the kernel keeps huge pages for madvise'd memory it
 * takes one fault per 2 MB; elsewhere nothing changes.
 */
void
scenario_advise_huge(void *p, Size len)
{
#ifdef MADV_HUGEPAGE
	uintptr_t	start = TYPEALIGN((uintptr_t) 2 * 1024 * 1024, (uintptr_t) p);
	uintptr_t	end = TYPEALIGN_DOWN((uintptr_t) 2 * 1024 * 1024, (uintptr_t) p + len);

	if (end > start)
		(void) madvise((void *) start, end - start, MADV_HUGEPAGE);
#endif
}

void
scenario_prefault(void *p, Size len)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t	start = TYPEALIGN((uintptr_t) 4096, (uintptr_t) p);
	uintptr_t	end = TYPEALIGN_DOWN((uintptr_t) 4096, (uintptr_t) p + len);

	if (end > start)
		(void) madvise((void *) start, end - start, MADV_POPULATE_WRITE);
#endif
}

static bool
is_growstate(Datum d)
{
	return VARATT_IS_EXTERNAL_EXPANDED(DatumGetPointer(d)) &&
		DatumGetEOHP(d)->eoh_methods == &growstate_methods;
}

/*
 * An object of total flat size size (header included), in its own context;
 * its bytes are zeroed when zero says so, else left for the caller to
 * fill (a copy of a state tens of megabytes long need not be zeroed first).
 */
static GrowState *
growstate_alloc(MemoryContext aggcontext, Size size, bool zero)
{
	MemoryContext objcxt;
	GrowState  *gs;
	Size		cap = Max(size, 64);

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("aggregate state would exceed %zu bytes", (Size) MaxAllocSize)));

	objcxt = AllocSetContextCreate(aggcontext, "scenario aggregate state",
								   ALLOCSET_SMALL_SIZES);
	gs = MemoryContextAlloc(objcxt, sizeof(GrowState));
	EOH_init_header(&gs->hdr, &growstate_methods, objcxt);
	gs->flat = MemoryContextAllocExtended(objcxt, cap, MCXT_ALLOC_HUGE);
	if (cap >= GROWSTATE_HUGE_ADVICE)
		scenario_advise_huge(gs->flat, cap);
	if (zero)
		memset(gs->flat, 0, cap);
	gs->cap = cap;
	gs->packer = NULL;
	gs->packed_for = 0;
	gs->aux = NULL;
	SET_VARSIZE(gs->flat, size);
	return gs;
}

GrowState *
growstate_new(MemoryContext aggcontext, Size payload_size)
{
	return growstate_alloc(aggcontext, add_size(VARHDRSZ, payload_size), true);
}

GrowState *
growstate_copy(MemoryContext aggcontext, Datum flat)
{
	struct varlena *v;
	GrowState  *gs;

	/*
	 * One of our objects (read-only, say a partial state the leader made
	 * itself): copy its image at once rather than flatten it into a
	 * temporary copy first.
	 */
	if (is_growstate(flat))
	{
		const char *src = ((GrowState *) DatumGetEOHP(flat))->flat;

		gs = growstate_alloc(aggcontext, VARSIZE(src), false);
		memcpy(gs->flat, src, VARSIZE(src));
		return gs;
	}
	v = PG_DETOAST_DATUM(flat);
	gs = growstate_alloc(aggcontext, VARSIZE(v), false);

	memcpy(gs->flat, v, VARSIZE(v));
	if ((Pointer) v != DatumGetPointer(flat))
		pfree(v);
	return gs;
}

GrowState *
growstate_arg(FunctionCallInfo fcinfo, int argno, MemoryContext *aggcontext)
{
	Datum		d;

	if (!AggCheckCallContext(fcinfo, aggcontext))
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("function %s called in non-aggregate context",
						get_func_name(fcinfo->flinfo->fn_oid))));
	if (PG_ARGISNULL(argno))
		return NULL;
	d = PG_GETARG_DATUM(argno);
	if (is_growstate(d) && VARATT_IS_EXTERNAL_EXPANDED_RW(DatumGetPointer(d)))
	{
		GrowState  *gs = (GrowState *) DatumGetEOHP(d);

		if (MemoryContextGetParent(gs->hdr.eoh_context) == *aggcontext)
			return gs;
	}
	return growstate_copy(*aggcontext, d);
}

bool
growstate_combine_trivial(FunctionCallInfo fcinfo, GrowState **gs, Datum *result)
{
	MemoryContext aggcontext;

	*gs = growstate_arg(fcinfo, 0, &aggcontext);
	if (PG_ARGISNULL(1))
	{
		if (*gs == NULL)
		{
			fcinfo->isnull = true;
			*result = (Datum) 0;
		}
		else
			*result = growstate_datum(*gs);
		return true;
	}
	if (*gs == NULL)
	{
		*result = growstate_datum(growstate_copy(aggcontext, PG_GETARG_DATUM(1)));
		return true;
	}
	return false;
}

/*
 * Grow the image by n bytes, left unset: the buffer doubles, and only the
 * bytes the image uses are ever written, so the unused end of a large
 * buffer costs neither a pass of zeroing nor its pages.
 */
static char *
growstate_grow(GrowState *gs, Size n)
{
	Size		old = VARSIZE(gs->flat);
	Size		need = add_size(old, n);

	if (need > gs->cap)
	{
		Size		cap = gs->cap;

		if (need > MaxAllocSize)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("aggregate state would exceed %zu bytes", (Size) MaxAllocSize)));
		while (cap < need)
			cap = Min(cap * 2, (Size) MaxAllocSize);
		gs->flat = repalloc_huge(gs->flat, cap);
		if (cap >= GROWSTATE_HUGE_ADVICE)
			scenario_advise_huge(gs->flat, cap);
		gs->cap = cap;
	}
	SET_VARSIZE(gs->flat, need);
	gs->packed_for = 0;
	return gs->flat + old;
}

char *
growstate_append(GrowState *gs, Size n)
{
	char	   *p = growstate_grow(gs, n);

	memset(p, 0, n);
	return p;
}

char *
growstate_append_unset(GrowState *gs, Size n)
{
	return growstate_grow(gs, n);
}

void
growstate_append_copy(GrowState *gs, const void *src, Size n)
{
	memcpy(growstate_grow(gs, n), src, n);
}

void
growstate_truncate(GrowState *gs, Size new_size)
{
	Size		total = add_size(VARHDRSZ, new_size);

	if (total > VARSIZE(gs->flat))
		elog(ERROR, "growstate_truncate cannot grow a state");
	memset(gs->flat + total, 0, VARSIZE(gs->flat) - total);
	SET_VARSIZE(gs->flat, total);
	gs->packed_for = 0;
}

struct varlena *
growstate_flat_arg(FunctionCallInfo fcinfo, int argno)
{
	Datum		d = PG_GETARG_DATUM(argno);

	if (is_growstate(d))
		return (struct varlena *) ((GrowState *) DatumGetEOHP(d))->flat;
	return PG_DETOAST_DATUM(d);
}

GrowState *
growstate_object_arg(FunctionCallInfo fcinfo, int argno)
{
	Datum		d = PG_GETARG_DATUM(argno);

	if (is_growstate(d))
		return (GrowState *) DatumGetEOHP(d);
	return NULL;
}
