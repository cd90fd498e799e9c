/*
 * funnel_agg.c
 *	  The aggregate scenario.funnel(item, stage, at): transition, combine and
 *	  final functions.
 *
 * The state keeps every transition (see funnel.h), appended in place in a
 * GrowState, so rows cost an append and partial states combine by
 * concatenation whatever items they share.  The final function groups
 * the records by item, each item's in (time, stage) order, and walks each
 * item's history once:
 *
 *	- stages must not decrease over time (a backward move is an error, so
 *	  a reopened item cannot silently be counted twice or out of order);
 *	  several rows for one stage are allowed, the first one counts;
 *	- an item reached every pipeline stage up to the furthest it entered,
 *	  skipped ones included, and at least released; closed is counted
 *	  apart and does not credit any stage beyond the furthest;
 *	- its time in an entered stage runs from its first entry there to its
 *	  first entry into the next stage it entered (closed included); a stage
 *	  it is still in, or skipped, gives no time.
 *
 * Medians are exact: the middle duration, or for an even count the mean of
 * the two middle ones rounded to the microsecond (halves to even).
 */
#include "funnel.h"

#include "aggstate.h"
#include "access/htup_details.h"
#include "catalog/pg_enum.h"
#include "common/int.h"
#include "miscadmin.h"
#include "textio.h"
#include "utils/builtins.h"
#include "utils/memutils.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

/* pg_enum OIDs of the stages, learnt per query (OIDs differ per database). */
typedef struct StageCache
{
	Oid			oids[FUNNEL_NSTAGES];
} StageCache;

static int
stage_of(FunctionCallInfo fcinfo, Oid oid)
{
	StageCache *cache = (StageCache *) fcinfo->flinfo->fn_extra;
	HeapTuple	tup;
	int			pos;

	if (cache == NULL)
		cache = fcinfo->flinfo->fn_extra =
			MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(StageCache));
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
		if (cache->oids[i] == oid)
			return i;
	tup = SearchSysCache1(ENUMOID, ObjectIdGetDatum(oid));
	if (!HeapTupleIsValid(tup))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid internal value for enum: %u", oid)));
	{
		const char *label = NameStr(((Form_pg_enum) GETSTRUCT(tup))->enumlabel);

		pos = funnel_stage_position(label, (int) strlen(label));
		if (pos < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("\"%s\" is not a funnel stage", label),
					 errdetail("The funnel knows the stages released, matched, negotiating, signed, operating and closed.")));
	}
	ReleaseSysCache(tup);
	cache->oids[pos] = oid;
	return pos;
}

static void
init_state(GrowState *gs)
{
	((uint8 *) growstate_payload(gs))[0] = FUNNEL_STATE_VERSION;
}

PG_FUNCTION_INFO_V1(scenario_funnel_transfn);
Datum
scenario_funnel_transfn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	GrowState  *gs = growstate_arg(fcinfo, 0, &aggcxt);
	int			stage;
	TimestampTz at;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("funnel %s cannot be null",
						PG_ARGISNULL(1) ? "item" : PG_ARGISNULL(2) ? "stage" : "time"),
				 errhint("Leave out rows without an item, a stage or a time, e.g. with WHERE.")));
	stage = stage_of(fcinfo, PG_GETARG_OID(2));
	at = PG_GETARG_TIMESTAMPTZ(3);
	if (TIMESTAMP_NOT_FINITE(at))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("funnel time cannot be infinite"),
				 errdetail("Item " INT64_FORMAT " entered stage \"%s\" at %s.",
						   PG_GETARG_INT64(1), funnel_stage_names[stage],
						   TIMESTAMP_IS_NOBEGIN(at) ? "-infinity" : "infinity")));
	if (gs == NULL)
	{
		gs = growstate_new(aggcxt, FUNNEL_STATE_HDRSZ);
		init_state(gs);
	}
	funnel_rec_put(growstate_append(gs, FUNNEL_REC_SIZE),
				   PG_GETARG_INT64(1), at, stage);
	PG_RETURN_DATUM(growstate_datum(gs));
}

static void
check_state(struct varlena *v)
{
	const char *why = funnel_state_header_invalid(v);

	if (why != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid funnel state"),
				 errdetail("%s", why)));
}

PG_FUNCTION_INFO_V1(scenario_funnel_combinefn);
Datum
scenario_funnel_combinefn(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	GrowState  *gs = growstate_arg(fcinfo, 0, &aggcxt);
	struct varlena *other;
	Size		bytes;

	if (PG_ARGISNULL(1))
	{
		if (gs == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(growstate_datum(gs));
	}
	other = growstate_flat_arg(fcinfo, 1);
	check_state(other);
	if (gs == NULL)
	{
		gs = growstate_copy(aggcxt, PointerGetDatum(other));
		PG_RETURN_DATUM(growstate_datum(gs));
	}
	check_state((struct varlena *) gs->flat);
	bytes = funnel_state_nrecs(other) * FUNNEL_REC_SIZE;
	if (bytes > 0)
		memcpy(growstate_append(gs, bytes), funnel_state_recs(other), bytes);
	PG_RETURN_DATUM(growstate_datum(gs));
}

/* Sort by item, then time, then stage (ties in time go forward). */
#define ST_SORT sort_funnel_recs
#define ST_ELEMENT_TYPE FunnelRec
#define ST_COMPARE(a, b) \
	((a)->item != (b)->item ? ((a)->item < (b)->item ? -1 : 1) : \
	 (a)->at != (b)->at ? ((a)->at < (b)->at ? -1 : 1) : \
	 ((a)->stage > (b)->stage) - ((a)->stage < (b)->stage))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

#define ST_SORT sort_int64
#define ST_ELEMENT_TYPE int64
#define ST_COMPARE(a, b) ((*(a) > *(b)) - (*(a) < *(b)))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/*
 * The k-th smallest of a[0..n-1] (0-based), partially reordering a:
 * quickselect, falling back to a sort if the partitions keep going badly.
 */
static int64
select_kth(int64 *a, int64 n, int64 k)
{
	int64		lo = 0,
				hi = n - 1;
	int			rounds = 0;

	while (hi > lo)
	{
		int64		mid = lo + (hi - lo) / 2;
		int64		x = a[lo],
					y = a[mid],
					z = a[hi];
		int64		pivot = Max(Min(x, y), Min(Max(x, y), z));
		int64		i = lo,
					j = hi;

		if (++rounds > 64)
		{
			sort_int64(a + lo, hi - lo + 1);
			break;
		}
		while (i <= j)
		{
			while (a[i] < pivot)
				i++;
			while (a[j] > pivot)
				j--;
			if (i <= j)
			{
				int64		t = a[i];

				a[i++] = a[j];
				a[j--] = t;
			}
		}
		if (k <= j)
			hi = j;
		else if (k >= i)
			lo = i;
		else
			break;				/* a[j+1..i-1] all equal the pivot */
	}
	return a[k];
}

static void pg_attribute_noreturn()
backward_error(const FunnelRec *from, const FunnelRec *to)
{
	StringInfoData t1,
				t2;

	initStringInfo(&t1);
	initStringInfo(&t2);
	textio_append_timestamp(&t1, from->at);
	textio_append_timestamp(&t2, to->at);
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("funnel item " INT64_FORMAT " moves backwards from stage \"%s\" to \"%s\"",
					from->item, funnel_stage_names[from->stage],
					funnel_stage_names[to->stage]),
			 errdetail("It entered \"%s\" at %s and \"%s\" later, at %s.",
					   funnel_stage_names[from->stage], t1.data,
					   funnel_stage_names[to->stage], t2.data),
			 errhint("A funnel counts forward moves only; record a reopened item under a new id.")));
}

/* Median of n > 0 durations (reorders them). */
static int64
median_of(int64 *d, int64 n)
{
	int64		lo,
				hi,
				half;

	hi = select_kth(d, n, n / 2);
	if (n % 2 == 1)
		return hi;
	/* everything before position n/2 is now <= hi: the lower middle is their max */
	lo = d[0];
	for (int64 i = 1; i < n / 2; i++)
		lo = Max(lo, d[i]);
	half = (hi - lo) / 2;		/* durations are >= 0: no overflow */
	if ((hi - lo) % 2 == 1 && (lo + half) % 2 == 1)
		half++;					/* lo + half + 0.5, rounded to even */
	return lo + half;
}

/*
 * Records grouped by item, each item's in time order: a scatter into
 * buckets by a hash of the item, then a sort of each bucket, which fits
 * in cache.  Items need only be together, not in order.
 */
static inline uint32
item_bucket(int64 item, int bits)
{
	uint64		h = (uint64) item;

	h ^= h >> 33;
	h *= UINT64CONST(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return bits == 0 ? 0 : (uint32) (h >> (64 - bits));
}

static FunnelRec *
group_by_item(const char *packed, Size n, int64 *entered)
{
	FunnelRec  *r = MemoryContextAllocHuge(CurrentMemoryContext,
										   mul_size(n, sizeof(FunnelRec)));
	int			bits = 0;
	Size	   *start;

	while (bits < 16 && ((Size) 512 << bits) < n)
		bits++;
	start = palloc0((((Size) 1 << bits) + 1) * sizeof(Size));
	for (Size i = 0; i < n; i++)
	{
		FunnelRec	t;

		funnel_rec_get(packed + i * FUNNEL_REC_SIZE, &t);
		start[item_bucket(t.item, bits) + 1]++;
		entered[t.stage]++;
	}
	for (Size b = 1; b <= ((Size) 1 << bits); b++)
		start[b] += start[b - 1];
	for (Size i = 0; i < n; i++)
	{
		FunnelRec	t;

		funnel_rec_get(packed + i * FUNNEL_REC_SIZE, &t);
		r[start[item_bucket(t.item, bits)]++] = t;
	}
	/* start[b] is now the end of bucket b */
	for (Size b = 0; b < ((Size) 1 << bits); b++)
	{
		Size		from = b == 0 ? 0 : start[b - 1];

		sort_funnel_recs(r + from, start[b] - from);
		if ((b & 255) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	pfree(start);
	return r;
}

PG_FUNCTION_INFO_V1(scenario_funnel_finalfn);
Datum
scenario_funnel_finalfn(PG_FUNCTION_ARGS)
{
	struct varlena *v;
	Size		n;
	FunnelRec  *r;
	int64	   *durations[FUNNEL_NSTAGES];
	int64		ndur[FUNNEL_NSTAGES] = {0};
	int64		entered[FUNNEL_NSTAGES] = {0};
	Funnel	   *f;
	uint32		items = 0;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	v = growstate_flat_arg(fcinfo, 0);
	check_state(v);
	n = funnel_state_nrecs(v);
	if (n == 0)
		PG_RETURN_NULL();

	r = group_by_item(funnel_state_recs(v), n, entered);
	for (int s = 0; s < FUNNEL_NSTAGES; s++)
		durations[s] = entered[s] > 0 ?
			MemoryContextAllocHuge(CurrentMemoryContext, entered[s] * sizeof(int64)) : NULL;

	f = palloc0(sizeof(Funnel));
	SET_VARSIZE(f, sizeof(Funnel));
	f->version = FUNNEL_VERSION;
	for (Size i = 0; i < n;)
	{
		Size		first = i;		/* record of the stage the item is in */
		int			furthest = FUNNEL_RELEASED;

		for (i++; i < n && r[i].item == r[first].item; i++)
		{
			if (r[i].stage < r[first].stage)
				backward_error(&r[first], &r[i]);
			if (r[i].stage == r[first].stage)
				continue;
			if (pg_sub_s64_overflow(r[i].at, r[first].at,
									&durations[r[first].stage][ndur[r[first].stage]]))
				ereport(ERROR,
						(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
						 errmsg("interval out of range"),
						 errdetail("Item " INT64_FORMAT " spent too long in stage \"%s\".",
								   r[first].item, funnel_stage_names[r[first].stage])));
			ndur[r[first].stage]++;
			if (r[first].stage != FUNNEL_CLOSED)
				furthest = Max(furthest, r[first].stage);
			first = i;
		}
		if (r[first].stage == FUNNEL_CLOSED)
			f->stages[FUNNEL_CLOSED].reached++;
		else
			furthest = Max(furthest, r[first].stage);
		for (int s = FUNNEL_RELEASED; s <= furthest; s++)
			f->stages[s].reached++;
		if (++items % 16384 == 0)
			CHECK_FOR_INTERRUPTS();
	}
	for (int s = 0; s < FUNNEL_NSTAGES; s++)
	{
		if (ndur[s] > 0)
		{
			f->stages[s].timed = ndur[s];
			f->stages[s].median_us = median_of(durations[s], ndur[s]);
		}
		if (durations[s] != NULL)
			pfree(durations[s]);
	}
	pfree(r);
	PG_RETURN_FUNNEL_P(f);
}
