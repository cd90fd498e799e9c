/*
 * assign_build.c
 *	  From candidate pairs (or a score matrix) to a matching problem, and
 *	  from a solved problem to a scenario.assignment.
 *
 * Ids are mapped to indexes in id order, so the problem (and so the answer,
 * ties included) does not depend on the order the rows arrived in, which
 * makes parallel and serial plans agree.  Capacities are checked here: the
 * capacity of an id may be given on any of its rows and must agree where
 * given; not given anywhere means 1.  A capacity larger than the number of
 * positive-score pairs of its id is clamped to that number (it could never
 * be used), which keeps capacity expansion bounded by the input size.
 */
#include "assign.h"

#include "miscadmin.h"
#include "utils/memutils.h"

/* Dense matrices are used up to this many cells (1 GB of float8). */
#define DENSE_MAX_CELLS		((int64) 1 << 27)

typedef struct IdMap
{
	int			n;				/* distinct ids */
	int64	   *ids;			/* [n] sorted */
	int64		min;
	int32	   *table;			/* direct: index of id - min, or -1; NULL: search ids */
} IdMap;

static int
int64_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
}

#define CAND_ID(c, i, off)	(*(const int64 *) ((const char *) &(c)[i] + (off)))

/*
 * Ids of events are usually dense-ish serials: look them up in a table
 * indexed by id - min when that table is small; otherwise sort and search.
 */
static void
idmap_build(IdMap *m, const AssignCand *c, int64 n, Size off)
{
	int64		lo = CAND_ID(c, 0, off),
				hi = lo;

	for (int64 i = 1; i < n; i++)
	{
		int64		id = CAND_ID(c, i, off);

		lo = Min(lo, id);
		hi = Max(hi, id);
	}
	m->min = lo;
	if ((uint64) hi - (uint64) lo < (uint64) (4 * n + 1024))
	{
		Size		range = (Size) ((uint64) hi - (uint64) lo) + 1;
		int			k = 0;

		m->table = palloc_extended(range * sizeof(int32), MCXT_ALLOC_HUGE);
		memset(m->table, 0xff, range * sizeof(int32));
		for (int64 i = 0; i < n; i++)
			m->table[CAND_ID(c, i, off) - lo] = 0;
		for (Size r = 0; r < range; r++)
			if (m->table[r] == 0)
				k++;
		m->ids = palloc_extended(Max(k, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
		k = 0;
		for (Size r = 0; r < range; r++)
			if (m->table[r] == 0)
			{
				m->ids[k] = lo + (int64) r;
				m->table[r] = k++;
			}
		m->n = k;
	}
	else
	{
		int			k = 0;

		m->table = NULL;
		m->ids = palloc_extended(n * sizeof(int64), MCXT_ALLOC_HUGE);
		for (int64 i = 0; i < n; i++)
			m->ids[i] = CAND_ID(c, i, off);
		qsort(m->ids, n, sizeof(int64), int64_cmp);
		for (int64 i = 0; i < n; i++)
			if (k == 0 || m->ids[k - 1] != m->ids[i])
				m->ids[k++] = m->ids[i];
		m->n = k;
	}
}

static inline int32
idmap_get(const IdMap *m, int64 id)
{
	int			lo = 0,
				hi = m->n - 1;

	if (m->table)
		return m->table[id - m->min];
	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (m->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static void
cap_conflict(const char *side, int64 id, int32 a, int32 b)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("capacity of %s " INT64_FORMAT " differs between rows", side, id),
			 errdetail("Rows give %d and %d.", a, b),
			 errhint("Give the same capacity on every row of an id, or on one row and NULL on the others.")));
}

static void
duplicate_pair(int64 d, int64 s)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("duplicate candidate pair (" INT64_FORMAT ", " INT64_FORMAT ")", d, s),
			 errhint("Keep one row per pair, for example max(score) ... GROUP BY demand_id, supply_id.")));
}

/* Capacity given (or 1), clamped to the number of positive pairs. */
static void
clamp_caps(int32 *cap, const int32 *deg, int n)
{
	for (int i = 0; i < n; i++)
	{
		int32		c = cap[i] == ASSIGN_CAP_UNSET ? 1 : cap[i];

		cap[i] = Min(c, deg[i]);
	}
}

static int32
max_of(const int32 *a, int n)
{
	int32		m = 0;

	for (int i = 0; i < n; i++)
		m = Max(m, a[i]);
	return m;
}

typedef struct SparseEnt
{
	int32		col;
	float8		w;
} SparseEnt;

static int
ent_cmp(const void *a, const void *b)
{
	int32		x = ((const SparseEnt *) a)->col;
	int32		y = ((const SparseEnt *) b)->col;

	return x < y ? -1 : (x > y ? 1 : 0);
}

/*
 * Capacities from the rows (every row of an id must agree), clamped to the
 * number of positive pairs each id has.
 */
static void
caps_from_cands(AssignProblem *p, const AssignCand *c, int64 n, IdMap *dm, IdMap *sm)
{
	int32	   *ddeg = palloc0(p->nd * sizeof(int32));
	int32	   *sdeg = palloc0(p->ns * sizeof(int32));

	p->dcap = palloc(p->nd * sizeof(int32));
	p->scap = palloc(p->ns * sizeof(int32));
	memset(p->dcap, 0xff, p->nd * sizeof(int32));
	memset(p->scap, 0xff, p->ns * sizeof(int32));
	for (int64 i = 0; i < n; i++)
	{
		int32		di = idmap_get(dm, c[i].demand);
		int32		si = idmap_get(sm, c[i].supply);

		if (c[i].dcap != ASSIGN_CAP_UNSET)
		{
			if (p->dcap[di] != ASSIGN_CAP_UNSET && p->dcap[di] != c[i].dcap)
				cap_conflict("demand", c[i].demand, p->dcap[di], c[i].dcap);
			p->dcap[di] = c[i].dcap;
		}
		if (c[i].scap != ASSIGN_CAP_UNSET)
		{
			if (p->scap[si] != ASSIGN_CAP_UNSET && p->scap[si] != c[i].scap)
				cap_conflict("supply", c[i].supply, p->scap[si], c[i].scap);
			p->scap[si] = c[i].scap;
		}
		if (c[i].score > 0)
		{
			ddeg[di]++;
			sdeg[si]++;
		}
	}
	clamp_caps(p->dcap, ddeg, p->nd);
	clamp_caps(p->scap, sdeg, p->ns);
	pfree(ddeg);
	pfree(sdeg);
}

/* The nd x ns score matrix; a bit per cell catches duplicate pairs. */
static void
dense_from_cands(AssignProblem *p, const AssignCand *c, int64 n, IdMap *dm, IdMap *sm)
{
	int64		cells = (int64) p->nd * p->ns;
	uint8	   *seen = palloc_extended(cells / 8 + 1, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);

	p->w = palloc_extended(cells * sizeof(float8), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (int64 i = 0; i < n; i++)
	{
		int64		cell = (int64) idmap_get(dm, c[i].demand) * p->ns +
			idmap_get(sm, c[i].supply);

		if (seen[cell >> 3] & (1 << (cell & 7)))
			duplicate_pair(c[i].demand, c[i].supply);
		seen[cell >> 3] |= 1 << (cell & 7);
		if (c[i].score > 0)
			p->w[cell] = c[i].score;
	}
	pfree(seen);
}

/* The positive pairs by row, sorted by column (CSR); duplicates refused. */
static void
sparse_from_cands(AssignProblem *p, const AssignCand *c, int64 n, IdMap *dm, IdMap *sm)
{
	int64	   *start = palloc0((p->nd + 1) * sizeof(int64));
	int64	   *fill = palloc(p->nd * sizeof(int64));
	SparseEnt  *ent = palloc_extended(Max(n, 1) * sizeof(SparseEnt), MCXT_ALLOC_HUGE);
	int64		k = 0;

	for (int64 i = 0; i < n; i++)
		start[idmap_get(dm, c[i].demand) + 1]++;
	for (int d = 0; d < p->nd; d++)
		start[d + 1] += start[d];
	memcpy(fill, start, p->nd * sizeof(int64));
	for (int64 i = 0; i < n; i++)
	{
		int64		at = fill[idmap_get(dm, c[i].demand)]++;

		ent[at].col = idmap_get(sm, c[i].supply);
		ent[at].w = c[i].score;
	}
	p->rowptr = palloc((p->nd + 1) * sizeof(int64));
	p->col = palloc_extended(Max(n, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
	p->wt = palloc_extended(Max(n, 1) * sizeof(float8), MCXT_ALLOC_HUGE);
	for (int d = 0; d < p->nd; d++)
	{
		CHECK_FOR_INTERRUPTS();
		qsort(ent + start[d], start[d + 1] - start[d], sizeof(SparseEnt), ent_cmp);
		p->rowptr[d] = k;
		for (int64 e = start[d]; e < start[d + 1]; e++)
		{
			if (e > start[d] && ent[e].col == ent[e - 1].col)
				duplicate_pair(p->demand_id[d], p->supply_id[ent[e].col]);
			if (ent[e].w > 0)
			{
				p->col[k] = ent[e].col;
				p->wt[k++] = ent[e].w;
			}
		}
	}
	p->rowptr[p->nd] = k;
	p->nedges = k;
	pfree(ent);
	pfree(start);
	pfree(fill);
}

AssignProblem *
assign_problem_from_cands(const AssignCand *c, int64 n, int method)
{
	AssignProblem *p = palloc0(sizeof(AssignProblem));
	IdMap		dm,
				sm;
	int64		cells;
	bool		dense;

	if (n == 0)
		return p;
	idmap_build(&dm, c, n, offsetof(AssignCand, demand));
	idmap_build(&sm, c, n, offsetof(AssignCand, supply));
	p->nd = dm.n;
	p->ns = sm.n;
	p->demand_id = dm.ids;
	p->supply_id = sm.ids;
	caps_from_cands(p, c, n, &dm, &sm);

	/*
	 * The dense solver scans whole rows, so it pays when most cells are
	 * pairs; it also needs one side at capacity 1 (see assign_solve).
	 */
	cells = (int64) p->nd * p->ns;
	dense = method == ASSIGN_OPTIMAL && assign_solver != ASSIGN_SOLVER_FLOW &&
		cells <= DENSE_MAX_CELLS &&
		(max_of(p->dcap, p->nd) <= 1 || max_of(p->scap, p->ns) <= 1) &&
		(assign_solver == ASSIGN_SOLVER_DENSE || cells <= 4 * n + 65536);
	if (dense)
		dense_from_cands(p, c, n, &dm, &sm);
	else
		sparse_from_cands(p, c, n, &dm, &sm);
	return p;
}

/*
 * A score matrix as a problem: ids are 1-based positions, capacities 1.
 * cells is used in place (cells <= 0 are not pairs), not copied.
 */
AssignProblem *
assign_problem_from_matrix(const float8 *cells, int nrows, int ncols)
{
	AssignProblem *p = palloc0(sizeof(AssignProblem));
	int32	   *ddeg = palloc0(Max(nrows, 1) * sizeof(int32));
	int32	   *sdeg = palloc0(Max(ncols, 1) * sizeof(int32));

	p->nd = nrows;
	p->ns = ncols;
	p->demand_id = palloc(Max(nrows, 1) * sizeof(int64));
	p->supply_id = palloc(Max(ncols, 1) * sizeof(int64));
	p->dcap = palloc(Max(nrows, 1) * sizeof(int32));
	p->scap = palloc(Max(ncols, 1) * sizeof(int32));
	for (int i = 0; i < nrows; i++)
	{
		p->demand_id[i] = i + 1;
		p->dcap[i] = ASSIGN_CAP_UNSET;
		for (int j = 0; j < ncols; j++)
			if (cells[(int64) i * ncols + j] > 0)
			{
				ddeg[i]++;
				sdeg[j]++;
			}
	}
	for (int j = 0; j < ncols; j++)
	{
		p->supply_id[j] = j + 1;
		p->scap[j] = ASSIGN_CAP_UNSET;
	}
	clamp_caps(p->dcap, ddeg, nrows);
	clamp_caps(p->scap, sdeg, ncols);
	p->w = (float8 *) cells;
	return p;
}

/* Dense to compressed rows (positive cells only). */
void
assign_problem_to_sparse(AssignProblem *p)
{
	int64		k = 0;

	if (p->w == NULL)
		return;
	for (int64 i = 0; i < (int64) p->nd * p->ns; i++)
		if (p->w[i] > 0)
			k++;
	p->rowptr = palloc((p->nd + 1) * sizeof(int64));
	p->col = palloc_extended(Max(k, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
	p->wt = palloc_extended(Max(k, 1) * sizeof(float8), MCXT_ALLOC_HUGE);
	k = 0;
	for (int d = 0; d < p->nd; d++)
	{
		const float8 *row = p->w + (int64) d * p->ns;

		p->rowptr[d] = k;
		for (int s = 0; s < p->ns; s++)
			if (row[s] > 0)
			{
				p->col[k] = s;
				p->wt[k++] = row[s];
			}
	}
	p->rowptr[p->nd] = k;
	p->nedges = k;
	p->w = NULL;
}

/*
 * Maximum total score on the dense matrix: expand the side whose capacities
 * exceed 1 into copies (sound only while the other side has capacity <= 1,
 * else one pair could be used twice), put the smaller side on the rows, and
 * minimise -score with a full assignment of the rows.  Cells that are not
 * pairs cost 0, so a row "assigned" there is really left unmatched: with
 * all gains >= 0 a full assignment loses nothing against a partial one.
 */
static Assignment *
solve_dense(AssignProblem *p, int method)
{
	bool		expand_rows = max_of(p->dcap, p->nd) > 1;
	int32	   *rowmap,
			   *colmap;
	int			R = 0,
				C = 0,
				nr,
				nc,
				npairs = 0;
	bool		transpose;
	float8	   *cost;
	int32	   *col4row;
	AssignPair *pairs;
	const char *bad;

	Assert(!expand_rows || max_of(p->scap, p->ns) <= 1);
	for (int i = 0; i < p->nd; i++)
		R += expand_rows ? p->dcap[i] : Min(p->dcap[i], 1);
	for (int j = 0; j < p->ns; j++)
		C += expand_rows ? Min(p->scap[j], 1) : p->scap[j];
	if (R == 0 || C == 0)
		return assignment_make(method, NULL, 0);
	if ((int64) R * C > DENSE_MAX_CELLS)
	{
		assign_problem_to_sparse(p);
		return NULL;
	}
	rowmap = palloc(R * sizeof(int32));
	colmap = palloc(C * sizeof(int32));
	R = C = 0;
	for (int i = 0; i < p->nd; i++)
		for (int k = 0; k < (expand_rows ? p->dcap[i] : Min(p->dcap[i], 1)); k++)
			rowmap[R++] = i;
	for (int j = 0; j < p->ns; j++)
		for (int k = 0; k < (expand_rows ? Min(p->scap[j], 1) : p->scap[j]); k++)
			colmap[C++] = j;

	transpose = R > C;
	nr = transpose ? C : R;
	nc = transpose ? R : C;
	cost = palloc_extended((Size) nr * nc * sizeof(float8), MCXT_ALLOC_HUGE);
	for (int r = 0; r < R; r++)
	{
		const float8 *wrow = p->w + (int64) rowmap[r] * p->ns;

		for (int c = 0; c < C; c++)
		{
			float8		w = wrow[colmap[c]];
			float8		v = w > 0 ? -w : 0.0;

			if (transpose)
				cost[(int64) c * nc + r] = v;
			else
				cost[(int64) r * nc + c] = v;
		}
	}
	col4row = palloc(nr * sizeof(int32));
	lsap_dense(nr, nc, cost, col4row);
	pfree(cost);

	pairs = palloc(Max(nr, 1) * sizeof(AssignPair));
	for (int r = 0; r < nr; r++)
	{
		int			d = rowmap[transpose ? col4row[r] : r];
		int			s = colmap[transpose ? r : col4row[r]];
		float8		w = p->w[(int64) d * p->ns + s];

		if (w > 0)
		{
			pairs[npairs].demand = p->demand_id[d];
			pairs[npairs].supply = p->supply_id[s];
			pairs[npairs++].score = w;
		}
	}
	if ((bad = assign_validate_pairs(pairs, npairs)) != NULL)
		elog(ERROR, "dense assignment produced invalid pairs: %s", bad);
	return assignment_make(method, pairs, npairs);
}

Assignment *
assign_solve(AssignProblem *p, int method)
{
	int64	   *chosen;
	int64		n;
	AssignPair *pairs;
	int			d = 0;

	if (method == ASSIGN_OPTIMAL && p->w != NULL && assign_solver != ASSIGN_SOLVER_FLOW &&
		(max_of(p->dcap, p->nd) <= 1 || max_of(p->scap, p->ns) <= 1))
	{
		Assignment *a = solve_dense(p, method);

		if (a != NULL)
			return a;
	}
	assign_problem_to_sparse(p);
	chosen = palloc_extended(Max(p->nedges, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	switch (method)
	{
		case ASSIGN_OPTIMAL:
			n = assign_flow(p, chosen);
			break;
		case ASSIGN_STABLE:
			n = assign_stable(p, chosen);
			break;
		case ASSIGN_GREEDY:
			n = assign_greedy(p, chosen);
			break;
		default:
			elog(ERROR, "invalid assignment method code %d", method);
	}
	/* edges are stored in (demand, supply) order: sorting them sorts the pairs */
	qsort(chosen, n, sizeof(int64), int64_cmp);
	if (n > ASSIGNMENT_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("an assignment can hold at most %d pairs", ASSIGNMENT_MAX_PAIRS)));
	pairs = palloc_extended(Max(n, 1) * sizeof(AssignPair), MCXT_ALLOC_HUGE);
	for (int64 k = 0; k < n; k++)
	{
		int64		e = chosen[k];

		while (p->rowptr[d + 1] <= e)
			d++;
		pairs[k].demand = p->demand_id[d];
		pairs[k].supply = p->supply_id[p->col[e]];
		pairs[k].score = p->wt[e];
	}
	return assignment_make(method, pairs, (int) n);
}
