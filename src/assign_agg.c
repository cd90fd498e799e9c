/*
 * assign_agg.c
 *	  The scenario.assign aggregate (collect candidate pairs, then solve) and
 *	  scenario.assign_matrix (solve a score matrix directly), plus the two
 *	  settings that bound and steer them.
 *
 * The state is a GrowState holding an assign_state image: the transition
 * function appends one 32-byte candidate per row in place, the combine
 * function concatenates, and nothing is solved until the final function.
 */
#include "assign.h"

#include <math.h>

#include "aggstate.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/guc.h"

int			assign_max_candidates = 0;
int			assign_solver = ASSIGN_SOLVER_AUTO;

static const struct config_enum_entry solver_options[] = {
	{"auto", ASSIGN_SOLVER_AUTO, false},
	{"dense", ASSIGN_SOLVER_DENSE, false},
	{"flow", ASSIGN_SOLVER_FLOW, false},
	{NULL, 0, false}
};

void
assign_init(void)
{
	DefineCustomIntVariable("scenario.assign_max_candidates",
							"Most candidate pairs one assign() call may collect.",
							"The state keeps 32 bytes per pair in one allocation, "
							"so the ceiling is what fits in 1 GB.",
							&assign_max_candidates,
							ASSIGN_MAX_CANDIDATES_HARD, 1, ASSIGN_MAX_CANDIDATES_HARD,
							PGC_USERSET, 0, NULL, NULL, NULL);
	DefineCustomEnumVariable("scenario.assign_solver",
							 "Solver for method optimal: auto, dense (shortest augmenting path "
							 "on a matrix) or flow (successive shortest paths on the pairs).",
							 "Only for testing: auto picks the right one and both give the same total.",
							 &assign_solver, ASSIGN_SOLVER_AUTO, solver_options,
							 PGC_USERSET, GUC_NOT_IN_SAMPLE, NULL, NULL, NULL);
}

static void
too_many_candidates(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("too many candidate pairs for assign"),
			 errdetail("The limit is %d candidate pairs (scenario.assign_max_candidates).",
					   assign_max_candidates),
			 errhint("Narrow the candidates first, for example to the best few offers per demand.")));
}

static int
method_arg(FunctionCallInfo fcinfo, int argno)
{
	char	   *name;
	int			m;

	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("assignment method must not be null"),
				 errhint("Use optimal, stable or greedy.")));
	name = text_to_cstring(PG_GETARG_TEXT_PP(argno));
	m = assign_method_parse(name);
	if (m == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown assignment method: \"%s\"", name),
				 errhint("Use optimal, stable or greedy.")));
	pfree(name);
	return m;
}

static int32
cap_arg(FunctionCallInfo fcinfo, int argno, const char *side, int64 id)
{
	int32		c;

	if (PG_ARGISNULL(argno))
		return ASSIGN_CAP_UNSET;
	c = PG_GETARG_INT32(argno);
	if (c < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("capacity of %s " INT64_FORMAT " must not be negative", side, id),
				 errdetail("The capacity given is %d.", c)));
	return c;
}

static void
method_mismatch(int had, int got)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("assignment method must be the same on every row"),
			 errdetail("Rows ask for both %s and %s.",
					   assign_method_name(had), assign_method_name(got))));
}

/*
 * Our state argument ready to append to: an object that came in as a
 * packed flat value (copied by the executor, say) is unpacked first, and
 * the object flattens itself packed when it leaves the backend.
 */
static GrowState *
assign_gs(GrowState *gs)
{
	AssignState *st;

	if (gs == NULL)
		return NULL;
	gs->packer = &assign_state_packer;
	st = (AssignState *) gs->flat;
	if (st->flags & ASSIGN_STATE_PACKED)
	{
		MemoryContext old = MemoryContextSwitchTo(gs->hdr.eoh_context);
		AssignState *u = assign_state_unpack(st);

		MemoryContextSwitchTo(old);
		pfree(gs->flat);
		gs->flat = (char *) u;
		gs->cap = VARSIZE(u);
		gs->packed_for = 0;
	}
	return gs;
}

static GrowState *
assign_gs_new(MemoryContext aggcxt, int version, int method)
{
	GrowState  *gs = growstate_new(aggcxt, ASSIGN_STATE_HDRSZ - VARHDRSZ);
	AssignState *st = (AssignState *) gs->flat;

	st->version = version;
	st->method = method;
	gs->packer = &assign_state_packer;
	return gs;
}

/*
 * The transition function runs once a row, and the executor's own work per
 * row is small, so the state argument is recognised without the checks of
 * growstate_arg when it is the object this call site returned last (kept in
 * fn_extra); anything else (a first row, another group's state, a value the
 * executor copied) takes the checked way.
 */
typedef struct TransCache
{
	Pointer		rw;				/* the datum we returned last */
	GrowState  *gs;
	MemoryContext aggcxt;
} TransCache;

static GrowState *
trans_state(FunctionCallInfo fcinfo, MemoryContext *aggcxt)
{
	TransCache *tc = (TransCache *) fcinfo->flinfo->fn_extra;
	Pointer		d;

	if (tc != NULL && !PG_ARGISNULL(0))
	{
		d = DatumGetPointer(PG_GETARG_DATUM(0));
		if (d == tc->rw && VARATT_IS_EXTERNAL_EXPANDED_RW(d))
		{
			*aggcxt = tc->aggcxt;
			return tc->gs;
		}
	}
	return assign_gs(growstate_arg(fcinfo, 0, aggcxt));
}

static Datum
trans_return(FunctionCallInfo fcinfo, GrowState *gs, MemoryContext aggcxt)
{
	TransCache *tc = (TransCache *) fcinfo->flinfo->fn_extra;

	if (tc == NULL)
		fcinfo->flinfo->fn_extra = tc =
			MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(TransCache));
	tc->rw = DatumGetPointer(growstate_datum(gs));
	tc->gs = gs;
	tc->aggcxt = aggcxt;
	return growstate_datum(gs);
}

/*
 * assign_trans(state, demand, supply, score [, dcap, scap] [, method])
 * The arity says which overload called: 4, 5 (method), 6 (capacities) or 7.
 * Rows with a NULL id or score are skipped, as aggregates skip NULLs.
 */
PG_FUNCTION_INFO_V1(assign_trans);
Datum
assign_trans(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	GrowState  *gs = trans_state(fcinfo, &aggcxt);
	int			nargs = PG_NARGS();
	bool		has_caps = (nargs >= 6);
	int			method = ASSIGN_OPTIMAL;
	AssignCand	c;
	AssignState *st;

	if (nargs == 5 || nargs == 7)
		method = method_arg(fcinfo, nargs - 1);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2) || PG_ARGISNULL(3))
	{
		if (gs == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(growstate_datum(gs));
	}
	c.demand = PG_GETARG_INT64(1);
	c.supply = PG_GETARG_INT64(2);
	c.score = PG_GETARG_FLOAT8(3);
	if (!isfinite(c.score))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score of candidate pair (" INT64_FORMAT ", " INT64_FORMAT ") is not finite",
						c.demand, c.supply),
				 errdetail("The score is %s.", isnan(c.score) ? "NaN" : (c.score > 0 ? "Infinity" : "-Infinity"))));
	c.dcap = has_caps ? cap_arg(fcinfo, 4, "demand", c.demand) : ASSIGN_CAP_UNSET;
	c.scap = has_caps ? cap_arg(fcinfo, 5, "supply", c.supply) : ASSIGN_CAP_UNSET;

	if (gs == NULL)
		gs = assign_gs_new(aggcxt, ASSIGN_FORMAT_VERSION, method);
	st = (AssignState *) gs->flat;
	if (st->method != method)
		method_mismatch(st->method, method);
	if (ASSIGN_STATE_NCANDS(st) >= (Size) assign_max_candidates)
		too_many_candidates();
	memcpy(growstate_append(gs, sizeof(AssignCand)), &c, sizeof(AssignCand));
	return trans_return(fcinfo, gs, aggcxt);
}

/*
 * Concatenate two candidate lists (parallel workers, Citus shards).  The
 * second comes packed from a worker: it is unpacked straight into place.
 */
PG_FUNCTION_INFO_V1(assign_combine);
Datum
assign_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcxt;
	GrowState  *gs = assign_gs(growstate_arg(fcinfo, 0, &aggcxt));
	AssignState *other;
	AssignState *st;
	Size		n,
				m;

	if (PG_ARGISNULL(1))
	{
		if (gs == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(growstate_datum(gs));
	}
	other = (AssignState *) growstate_flat_arg(fcinfo, 1);
	if (gs == NULL)
		gs = assign_gs_new(aggcxt, other->version, other->method);
	st = (AssignState *) gs->flat;
	if (st->method != other->method)
		method_mismatch(st->method, other->method);
	n = ASSIGN_STATE_NCANDS(st);
	m = (Size) assign_state_ncands(other);
	if (n + m > (Size) assign_max_candidates)
		too_many_candidates();
	if (m > 0)
		assign_state_unpack_into(other,
								 (AssignCand *) growstate_append(gs, m * sizeof(AssignCand)),
								 (int64) m);
	PG_RETURN_DATUM(growstate_datum(gs));
}

/* Solve.  Strict: no candidate rows at all gives NULL, as array_agg does. */
PG_FUNCTION_INFO_V1(assign_final);
Datum
assign_final(PG_FUNCTION_ARGS)
{
	AssignState *st = assign_state_unpack((AssignState *) growstate_flat_arg(fcinfo, 0));
	AssignProblem *p;

	p = assign_problem_from_cands(st->cands, ASSIGN_STATE_NCANDS(st), st->method);
	PG_RETURN_ASSIGNMENT_P(assign_solve(p, st->method));
}

/*
 * assign_matrix(scores float8[][], method text): rows are demands 1..m,
 * columns supplies 1..n; a NULL cell is a pair that is not allowed.
 */
PG_FUNCTION_INFO_V1(assign_matrix);
Datum
assign_matrix(PG_FUNCTION_ARGS)
{
	ArrayType  *arr = PG_GETARG_ARRAYTYPE_P(0);
	int			method = method_arg(fcinfo, 1);
	int			ndim = ARR_NDIM(arr);
	int		   *dims = ARR_DIMS(arr);
	int			nrows,
				ncols;
	Datum	   *elems;
	bool	   *nulls;
	int			nelems;
	float8	   *cells;
	AssignProblem *p;

	if (ndim == 0)
		PG_RETURN_ASSIGNMENT_P(assignment_make(method, NULL, 0));
	if (ndim != 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("score matrix must be two-dimensional"),
				 errdetail("The array has %d dimensions.", ndim)));
	nrows = dims[0];
	ncols = dims[1];
	if (!ARR_HASNULL(arr))
		/* no copy: float8 is fixed width (ARR_DATA_PTR trips -Wsign-compare) */
		cells = (float8 *) ((char *) arr + ARR_OVERHEAD_NONULLS(ndim));
	else
	{
		deconstruct_array(arr, FLOAT8OID, sizeof(float8), FLOAT8PASSBYVAL, TYPALIGN_DOUBLE,
						  &elems, &nulls, &nelems);
		cells = palloc(sizeof(float8) * Max(nelems, 1));
		for (int i = 0; i < nelems; i++)
			cells[i] = nulls[i] ? 0.0 : DatumGetFloat8(elems[i]);
		pfree(elems);
	}
	for (int64 i = 0; i < (int64) nrows * ncols; i++)
		if (!isfinite(cells[i]) && !(ARR_HASNULL(arr) && nulls[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("score of candidate pair (" INT64_FORMAT ", " INT64_FORMAT ") is not finite",
							i / ncols + 1, i % ncols + 1),
					 errdetail("The score is %s.", isnan(cells[i]) ? "NaN" :
							   (cells[i] > 0 ? "Infinity" : "-Infinity"))));
	p = assign_problem_from_matrix(cells, nrows, ncols);
	PG_RETURN_ASSIGNMENT_P(assign_solve(p, method));
}
