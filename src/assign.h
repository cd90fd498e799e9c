/*
 * assign.h
 *	  Assignment for matching events: the aggregate state (candidate pairs),
 *	  the result type (chosen pairs) and the solvers behind scenario.assign.
 *
 * Two varlena types, both 8-byte aligned with a version byte:
 *
 *	assign_state	the candidate pairs collected by the aggregate
 *					text: optimal:{(1,10,0.9,,),(1,11,0.5,2,1)}
 *					(demand, supply, score, demand capacity, supply capacity;
 *					an empty capacity is "not given")
 *	assignment		the chosen pairs, sorted by (demand, supply)
 *					text: optimal:{(1,10,0.9),(2,11,0.8)}
 */
#ifndef SCENARIO_ASSIGN_H
#define SCENARIO_ASSIGN_H

#include "scenario.h"

#include "utils/memutils.h"

#define ASSIGN_FORMAT_VERSION	1

typedef enum AssignMethod
{
	ASSIGN_OPTIMAL = 1,			/* maximum total score */
	ASSIGN_STABLE = 2,			/* demand-proposing deferred acceptance */
	ASSIGN_GREEDY = 3			/* highest score first */
} AssignMethod;

#define ASSIGN_CAP_UNSET	(-1)

typedef struct AssignCand
{
	int64		demand;
	int64		supply;
	float8		score;
	int32		dcap;			/* ASSIGN_CAP_UNSET or >= 0 */
	int32		scap;
} AssignCand;

typedef struct AssignState
{
	int32		vl_len_;
	uint8		version;
	uint8		method;
	uint16		flags;			/* ASSIGN_STATE_PACKED*, else 0 */
	int32		reserved[2];
	AssignCand	cands[FLEXIBLE_ARRAY_MEMBER];
} AssignState;

#define ASSIGN_STATE_HDRSZ		offsetof(AssignState, cands)
/* of an unpacked state (every reader below unpacks first) */
#define ASSIGN_STATE_NCANDS(st) \
	((VARSIZE(st) - ASSIGN_STATE_HDRSZ) / sizeof(AssignCand))

/*
 * The packed form a state takes when it leaves the backend (flattened for a
 * tuple queue or a shard): after the header an int64 count, then per
 * candidate the zigzag varint deltas of demand and supply from the previous
 * candidate and the 8 score bytes, plus varints of capacity + 1 when
 * ASSIGN_STATE_PACKED_CAPS.  About 10 bytes a candidate instead of 32 for
 * rows in id order, which is what makes a parallel plan's partial states
 * cheap to ship and combine.  Never written to the binary or text forms.
 */
#define ASSIGN_STATE_PACKED			0x0001
#define ASSIGN_STATE_PACKED_CAPS	0x0002
/* what fits in one allocation: the hard ceiling of the state */
#define ASSIGN_MAX_CANDIDATES_HARD \
	((int) ((MaxAllocSize - ASSIGN_STATE_HDRSZ) / sizeof(AssignCand)))

typedef struct AssignPair
{
	int64		demand;
	int64		supply;
	float8		score;
} AssignPair;

typedef struct Assignment
{
	int32		vl_len_;
	uint8		version;
	uint8		method;
	uint16		flags;			/* reserved, 0 */
	int32		npairs;
	int32		reserved[2];
	AssignPair	pairs[FLEXIBLE_ARRAY_MEMBER];
} Assignment;

#define ASSIGNMENT_HDRSZ		offsetof(Assignment, pairs)
#define ASSIGNMENT_MAX_PAIRS \
	((int) ((MaxAllocSize - ASSIGNMENT_HDRSZ) / sizeof(AssignPair)))

#define DatumGetAssignStateP(X)		assign_state_detoast(X)
#define PG_GETARG_ASSIGN_STATE_P(n)	DatumGetAssignStateP(PG_GETARG_DATUM(n))
#define PG_RETURN_ASSIGN_STATE_P(x) PG_RETURN_POINTER(x)
#define DatumGetAssignmentP(X)		((Assignment *) PG_DETOAST_DATUM(X))
#define PG_GETARG_ASSIGNMENT_P(n)	DatumGetAssignmentP(PG_GETARG_DATUM(n))
#define PG_RETURN_ASSIGNMENT_P(x)	PG_RETURN_POINTER(x)

/* assign_io.c */
extern const char *assign_method_name(int method);
extern int	assign_method_parse(const char *name);	/* 0 when unknown */
extern const char *assign_validate_pairs(AssignPair *pairs, int n);
extern Assignment *assignment_make(int method, AssignPair *pairs, int n);

/* assign_io.c: the packed form */
struct GrowPacker;
extern const struct GrowPacker assign_state_packer;
extern AssignState *assign_state_detoast(Datum d);		/* unpacked */
extern AssignState *assign_state_unpack(const AssignState *st);	/* copy when packed */
extern int64 assign_state_ncands(const AssignState *st);	/* either form */
extern void assign_state_unpack_into(const AssignState *st, AssignCand *dst, int64 n);

/* assign_agg.c: settings */
extern int	assign_max_candidates;
extern int	assign_solver;		/* ASSIGN_SOLVER_* */

#define ASSIGN_SOLVER_AUTO	0
#define ASSIGN_SOLVER_DENSE 1
#define ASSIGN_SOLVER_FLOW	2



/*
 * A matching problem after the ids are mapped to indexes 0..n-1 in id
 * order.  Only pairs with a positive score can ever be chosen, so the
 * solvers see only those: either as a dense nd x ns matrix (0 = no pair)
 * or as compressed rows sorted by supply index.
 */
typedef struct AssignProblem
{
	int			nd;
	int			ns;
	int64	   *demand_id;		/* [nd] */
	int64	   *supply_id;		/* [ns] */
	int32	   *dcap;			/* [nd] capacity, clamped to the degree */
	int32	   *scap;			/* [ns] */
	/* dense form, or NULL */
	float8	   *w;				/* [nd * ns], row-major */
	bool		w_owned;		/* w is ours: the solver may overwrite it */
	/* sparse form (when w == NULL) */
	int64	   *rowptr;			/* [nd + 1] */
	int32	   *col;			/* [nedges] */
	float8	   *wt;				/* [nedges] */
	int64		nedges;
} AssignProblem;

/* assign_build.c */
extern AssignProblem *assign_problem_from_cands(const AssignCand *cands,
												int64 n, int method);
extern AssignProblem *assign_problem_from_matrix(const float8 *cells,
												 int nrows, int ncols);
extern void assign_problem_to_sparse(AssignProblem *p);
extern Assignment *assign_solve(AssignProblem *p, int method);

/* assign_lsap.c: dense shortest augmenting path, rows <= cols, minimise */
extern void lsap_dense(int nr, int nc, const float8 *cost, int32 *col4row);

/* assign_flow.c: maximum-weight b-matching by successive shortest paths */
extern int64 assign_flow(const AssignProblem *p, int64 *chosen);

/* assign_match.c: greedy and stable matching; return chosen edge indexes */
extern int64 assign_greedy(const AssignProblem *p, int64 *chosen);
extern int64 assign_stable(const AssignProblem *p, int64 *chosen);

#endif							/* SCENARIO_ASSIGN_H */
