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
 * What one pass over the candidates tells before any id is mapped: the id
 * ranges of both sides and whether any row gives a capacity.  The final
 * function reads the whole state a few times (32 bytes a pair, 128 MB at
 * 2000 x 2000), so the passes are counted: this one, one marking the ids,
 * one for capacities and degrees, one filling the problem; the last two are
 * one when no capacity is given and the problem is dense.
 */
typedef struct CandScan
{
	int64		dlo,
				dhi,
				slo,
				shi;
	bool		caps;
} CandScan;

static void
cands_scan(const AssignCand *c, int64 n, CandScan *r)
{
	int64		dlo = c[0].demand,
				dhi = dlo,
				slo = c[0].supply,
				shi = slo;
	bool		caps = false;

	for (int64 i = 0; i < n; i++)
	{
		dlo = Min(dlo, c[i].demand);
		dhi = Max(dhi, c[i].demand);
		slo = Min(slo, c[i].supply);
		shi = Max(shi, c[i].supply);
		caps |= (c[i].dcap != ASSIGN_CAP_UNSET) | (c[i].scap != ASSIGN_CAP_UNSET);
	}
	r->dlo = dlo;
	r->dhi = dhi;
	r->slo = slo;
	r->shi = shi;
	r->caps = caps;
}

/*
 * Ids of events are usually dense-ish serials: look them up in a table
 * indexed by id - min when that table is small (true here, the table is
 * allocated with every entry -1); otherwise sort and search (false).
 */
static bool
idmap_table(IdMap *m, int64 lo, int64 hi, int64 n)
{
	Size		range;

	m->min = lo;
	m->table = NULL;
	if ((uint64) hi - (uint64) lo >= (uint64) (4 * n + 1024))
		return false;
	range = (Size) ((uint64) hi - (uint64) lo) + 1;
	m->table = palloc_extended(range * sizeof(int32), MCXT_ALLOC_HUGE);
	memset(m->table, 0xff, range * sizeof(int32));
	m->n = (int) range;			/* until idmap_number */
	return true;
}

/* Number the ids marked 0 in a direct table, in id order. */
static void
idmap_number(IdMap *m)
{
	Size		range = (Size) m->n;
	int			k = 0;

	for (Size r = 0; r < range; r++)
		k += (m->table[r] == 0);
	m->ids = palloc_extended(Max(k, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	k = 0;
	for (Size r = 0; r < range; r++)
		if (m->table[r] == 0)
		{
			m->ids[k] = m->min + (int64) r;
			m->table[r] = k++;
		}
	m->n = k;
}

static void
idmap_sort(IdMap *m, const AssignCand *c, int64 n, Size off)
{
	int			k = 0;

	m->ids = palloc_extended(n * sizeof(int64), MCXT_ALLOC_HUGE);
	for (int64 i = 0; i < n; i++)
		m->ids[i] = CAND_ID(c, i, off);
	qsort(m->ids, n, sizeof(int64), int64_cmp);
	for (int64 i = 0; i < n; i++)
		if (k == 0 || m->ids[k - 1] != m->ids[i])
			m->ids[k++] = m->ids[i];
	m->n = k;
}

/* Both maps; the direct tables are marked in one pass. */
static void
idmaps_build(IdMap *dm, IdMap *sm, const AssignCand *c, int64 n, const CandScan *r)
{
	bool		dt = idmap_table(dm, r->dlo, r->dhi, n);
	bool		st = idmap_table(sm, r->slo, r->shi, n);

	if (dt && st)
		for (int64 i = 0; i < n; i++)
		{
			dm->table[c[i].demand - dm->min] = 0;
			sm->table[c[i].supply - sm->min] = 0;
		}
	else if (dt || st)
	{
		IdMap	   *m = dt ? dm : sm;
		Size		off = dt ? offsetof(AssignCand, demand) : offsetof(AssignCand, supply);

		for (int64 i = 0; i < n; i++)
			m->table[CAND_ID(c, i, off) - m->min] = 0;
	}
	if (dt)
		idmap_number(dm);
	else
		idmap_sort(dm, c, n, offsetof(AssignCand, demand));
	if (st)
		idmap_number(sm);
	else
		idmap_sort(sm, c, n, offsetof(AssignCand, supply));
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
 * Capacities from the rows (every row of an id must agree) and the number
 * of positive pairs of each id.
 */
static void
caps_from_cands(AssignProblem *p, const AssignCand *c, int64 n, IdMap *dm, IdMap *sm,
				int32 *ddeg, int32 *sdeg)
{
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
}

/*
 * The nd x ns score matrix; a bit per cell catches duplicate pairs.  With
 * ddeg and sdeg (no capacity given anywhere) the degrees are counted in the
 * same pass.
 */
static void
dense_from_cands(AssignProblem *p, const AssignCand *c, int64 n, IdMap *dm, IdMap *sm,
				 int32 *ddeg, int32 *sdeg)
{
	int64		cells = (int64) p->nd * p->ns;
	uint8	   *seen = palloc_extended(cells / 8 + 1, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);

	p->w = palloc_extended(cells * sizeof(float8), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	p->w_owned = true;
	for (int64 i = 0; i < n; i++)
	{
		int32		di = idmap_get(dm, c[i].demand);
		int32		si = idmap_get(sm, c[i].supply);
		int64		cell = (int64) di * p->ns + si;

		if (seen[cell >> 3] & (1 << (cell & 7)))
			duplicate_pair(c[i].demand, c[i].supply);
		seen[cell >> 3] |= 1 << (cell & 7);
		if (c[i].score > 0)
		{
			p->w[cell] = c[i].score;
			if (ddeg)
			{
				ddeg[di]++;
				sdeg[si]++;
			}
		}
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

/*
 * The dense solver scans whole rows, so it pays when most cells are pairs;
 * it also needs one side at capacity 1 (see assign_solve).
 */
static bool
use_dense(const AssignProblem *p, int64 n, int method, bool caps_le1)
{
	int64		cells = (int64) p->nd * p->ns;

	return method == ASSIGN_OPTIMAL && assign_solver != ASSIGN_SOLVER_FLOW &&
		cells <= DENSE_MAX_CELLS && caps_le1 &&
		(assign_solver == ASSIGN_SOLVER_DENSE || cells <= 4 * n + 65536);
}

AssignProblem *
assign_problem_from_cands(const AssignCand *c, int64 n, int method)
{
	AssignProblem *p = palloc0(sizeof(AssignProblem));
	CandScan	scan;
	IdMap		dm,
				sm;
	int32	   *ddeg,
			   *sdeg;

	if (n == 0)
		return p;
	cands_scan(c, n, &scan);
	idmaps_build(&dm, &sm, c, n, &scan);
	p->nd = dm.n;
	p->ns = sm.n;
	p->demand_id = dm.ids;
	p->supply_id = sm.ids;
	p->dcap = palloc(p->nd * sizeof(int32));
	p->scap = palloc(p->ns * sizeof(int32));
	memset(p->dcap, 0xff, p->nd * sizeof(int32));
	memset(p->scap, 0xff, p->ns * sizeof(int32));
	ddeg = palloc0(p->nd * sizeof(int32));
	sdeg = palloc0(p->ns * sizeof(int32));

	/* no capacity anywhere: every one is 1 (or 0), so dense is known now */
	if (!scan.caps && use_dense(p, n, method, true))
	{
		dense_from_cands(p, c, n, &dm, &sm, ddeg, sdeg);
		clamp_caps(p->dcap, ddeg, p->nd);
		clamp_caps(p->scap, sdeg, p->ns);
	}
	else
	{
		caps_from_cands(p, c, n, &dm, &sm, ddeg, sdeg);
		clamp_caps(p->dcap, ddeg, p->nd);
		clamp_caps(p->scap, sdeg, p->ns);
		if (use_dense(p, n, method,
					  max_of(p->dcap, p->nd) <= 1 || max_of(p->scap, p->ns) <= 1))
			dense_from_cands(p, c, n, &dm, &sm, NULL, NULL);
		else
			sparse_from_cands(p, c, n, &dm, &sm);
	}
	pfree(ddeg);
	pfree(sdeg);
	if (dm.table)
		pfree(dm.table);
	if (sm.table)
		pfree(sm.table);
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
 * The cost matrix of solve_dense: -score for each (row copy, column copy)
 * of rowmap x colmap, 0 where there is no gain, transposed when there are
 * more rows than columns.  Every id on its own row and column (the usual
 * case: capacities 1, no empty id): p->w becomes the cost matrix in place,
 * which saves a copy as large as the problem (*in_place; the scores come
 * back as -cost).
 */
static float8 *
dense_cost(AssignProblem *p, const int32 *rowmap, const int32 *colmap,
		   int R, int C, bool transpose, bool *in_place)
{
	int			nc = transpose ? R : C;
	float8	   *cost;

	*in_place = p->w_owned && !transpose && R == p->nd && C == p->ns;
	if (*in_place)
	{
		cost = p->w;
		for (int64 k = 0; k < (int64) R * C; k++)
			cost[k] = cost[k] > 0 ? -cost[k] : 0.0;
		return cost;
	}
	cost = palloc_extended((Size) R * C * sizeof(float8), MCXT_ALLOC_HUGE);
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
	return cost;
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
	bool		transpose,
				in_place;
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

	cost = dense_cost(p, rowmap, colmap, R, C, transpose, &in_place);
	col4row = palloc(nr * sizeof(int32));
	lsap_dense(nr, nc, cost, col4row);

	pairs = palloc(Max(nr, 1) * sizeof(AssignPair));
	for (int r = 0; r < nr; r++)
	{
		int			d = rowmap[transpose ? col4row[r] : r];
		int			s = colmap[transpose ? r : col4row[r]];
		float8		w = in_place ? -cost[(int64) d * p->ns + s] : p->w[(int64) d * p->ns + s];

		if (w > 0)
		{
			pairs[npairs].demand = p->demand_id[d];
			pairs[npairs].supply = p->supply_id[s];
			pairs[npairs++].score = w;
		}
	}
	pfree(cost);
	if (in_place)
		p->w = NULL;
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
