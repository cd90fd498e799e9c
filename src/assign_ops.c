/*
 * assign_ops.c
 *	  What an analyst does with a scenario.assignment: unnest it to rows,
 *	  read its total, count and method, compare and hash it (so it works in
 *	  DISTINCT, GROUP BY and UNION).
 */
#include "assign.h"

#include "access/htup_details.h"
#include "common/hashfn.h"
#include "funcapi.h"
#include "utils/builtins.h"

/* Sum in the stored (canonical) order, so the total is reproducible. */
static float8
assignment_total(const Assignment *a)
{
	float8		sum = 0.0;

	for (int i = 0; i < a->npairs; i++)
		sum += a->pairs[i].score;
	return sum;
}

PG_FUNCTION_INFO_V1(assignment_total_score);
Datum
assignment_total_score(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(assignment_total(PG_GETARG_ASSIGNMENT_P(0)));
}

PG_FUNCTION_INFO_V1(assignment_pair_count);
Datum
assignment_pair_count(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(PG_GETARG_ASSIGNMENT_P(0)->npairs);
}

PG_FUNCTION_INFO_V1(assignment_method);
Datum
assignment_method(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(assign_method_name(PG_GETARG_ASSIGNMENT_P(0)->method)));
}

/* unnest(assignment) -> (demand_id, supply_id, score), in canonical order */
PG_FUNCTION_INFO_V1(assignment_unnest);
Datum
assignment_unnest(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	Assignment *a;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		TupleDesc	tupdesc;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
			elog(ERROR, "return type must be a row type");
		fctx->tuple_desc = BlessTupleDesc(tupdesc);
		/* a copy that lives as long as the calls */
		fctx->user_fctx = PG_DETOAST_DATUM_COPY(PG_GETARG_DATUM(0));
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	a = (Assignment *) fctx->user_fctx;
	if (fctx->call_cntr < (uint64) a->npairs)
	{
		const AssignPair *p = &a->pairs[fctx->call_cntr];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		values[0] = Int64GetDatum(p->demand);
		values[1] = Int64GetDatum(p->supply);
		values[2] = Float8GetDatum(p->score);
		SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(heap_form_tuple(fctx->tuple_desc, values, nulls)));
	}
	SRF_RETURN_DONE(fctx);
}

/*
 * A total order: method, then the pairs lexicographically (a prefix sorts
 * first).  Scores are finite, and -0 equals 0 here and in the hash.
 */
static int
assignment_cmp_internal(const Assignment *a, const Assignment *b)
{
	int			n = Min(a->npairs, b->npairs);

	if (a->method != b->method)
		return a->method < b->method ? -1 : 1;
	for (int i = 0; i < n; i++)
	{
		const AssignPair *x = &a->pairs[i];
		const AssignPair *y = &b->pairs[i];

		if (x->demand != y->demand)
			return x->demand < y->demand ? -1 : 1;
		if (x->supply != y->supply)
			return x->supply < y->supply ? -1 : 1;
		if (x->score != y->score)
			return x->score < y->score ? -1 : 1;
	}
	if (a->npairs != b->npairs)
		return a->npairs < b->npairs ? -1 : 1;
	return 0;
}

#define ASSIGNMENT_CMP_FN(name, expr) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int			c = assignment_cmp_internal(PG_GETARG_ASSIGNMENT_P(0), \
											PG_GETARG_ASSIGNMENT_P(1)); \
	expr; \
}

ASSIGNMENT_CMP_FN(assignment_cmp, PG_RETURN_INT32(c))
ASSIGNMENT_CMP_FN(assignment_eq, PG_RETURN_BOOL(c == 0))
ASSIGNMENT_CMP_FN(assignment_ne, PG_RETURN_BOOL(c != 0))
ASSIGNMENT_CMP_FN(assignment_lt, PG_RETURN_BOOL(c < 0))
ASSIGNMENT_CMP_FN(assignment_le, PG_RETURN_BOOL(c <= 0))
ASSIGNMENT_CMP_FN(assignment_gt, PG_RETURN_BOOL(c > 0))
ASSIGNMENT_CMP_FN(assignment_ge, PG_RETURN_BOOL(c >= 0))

PG_FUNCTION_INFO_V1(assignment_hash);
Datum
assignment_hash(PG_FUNCTION_ARGS)
{
	Assignment *a = PG_GETARG_ASSIGNMENT_P(0);
	uint32		h = hash_bytes_uint32((uint32) a->method);

	for (int i = 0; i < a->npairs; i++)
	{
		AssignPair	p = a->pairs[i];

		if (p.score == 0.0)
			p.score = 0.0;		/* -0 hashes as 0 */
		h = hash_combine(h, hash_bytes((const unsigned char *) &p, sizeof(p)));
	}
	PG_RETURN_INT32((int32) h);
}
