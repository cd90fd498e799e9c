/*
 * assign_match.c
 *	  The two non-optimal methods of scenario.assign: greedy (highest score
 *	  first) and stable (demand-proposing deferred acceptance, Gale-Shapley
 *	  with capacities on both sides).
 *
 * Both see only pairs with a positive score ("acceptable" pairs).  Ties are
 * broken by id, the same way everywhere: a demand prefers, among equal
 * scores, the supply with the smaller id; a supply the demand with the
 * smaller id; greedy takes equal scores in (demand id, supply id) order.
 * Because both sides rank by the same score, these preferences admit exactly
 * one stable matching, and greedy finds it too: the methods differ in how
 * they get there (and would differ with side-specific preferences).
 */
#include "assign.h"

#include "miscadmin.h"
#include "utils/memutils.h"

static const AssignProblem *sort_problem;
static const int32 *sort_erow;

/* score descending, then demand, then supply */
static int
greedy_cmp(const void *a, const void *b)
{
	int64		x = *(const int64 *) a;
	int64		y = *(const int64 *) b;
	float8		wx = sort_problem->wt[x];
	float8		wy = sort_problem->wt[y];

	if (wx != wy)
		return wx > wy ? -1 : 1;
	/* edges are stored in (demand, supply) order */
	return x < y ? -1 : (x > y ? 1 : 0);
}

static int32 *
edge_rows(const AssignProblem *p)
{
	int32	   *erow = palloc_extended(Max(p->nedges, 1) * sizeof(int32), MCXT_ALLOC_HUGE);

	for (int i = 0; i < p->nd; i++)
		for (int64 e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
			erow[e] = i;
	return erow;
}

int64
assign_greedy(const AssignProblem *p, int64 *chosen)
{
	int64	   *order = palloc_extended(Max(p->nedges, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	int32	   *erow = edge_rows(p);
	int32	   *dleft = palloc(Max(p->nd, 1) * sizeof(int32));
	int32	   *sleft = palloc(Max(p->ns, 1) * sizeof(int32));
	int64		n = 0;

	memcpy(dleft, p->dcap, p->nd * sizeof(int32));
	memcpy(sleft, p->scap, p->ns * sizeof(int32));
	for (int64 e = 0; e < p->nedges; e++)
		order[e] = e;
	sort_problem = p;
	qsort(order, p->nedges, sizeof(int64), greedy_cmp);
	for (int64 k = 0; k < p->nedges; k++)
	{
		int64		e = order[k];

		if ((k & 0xffff) == 0)
			CHECK_FOR_INTERRUPTS();
		if (dleft[erow[e]] > 0 && sleft[p->col[e]] > 0)
		{
			dleft[erow[e]]--;
			sleft[p->col[e]]--;
			chosen[n++] = e;
		}
	}
	return n;
}

/* a demand's list: score descending, then supply (edge order within a row) */
static int
proposal_cmp(const void *a, const void *b)
{
	return greedy_cmp(a, b);
}

/* supply j prefers edge a to edge b: higher score, then smaller demand */
static inline bool
supply_prefers(const AssignProblem *p, int64 a, int64 b)
{
	if (p->wt[a] != p->wt[b])
		return p->wt[a] > p->wt[b];
	return sort_erow[a] < sort_erow[b];
}

/* held offers of one supply: a heap with its least preferred offer on top */
static void
held_sift_down(const AssignProblem *p, int64 *h, int n, int i)
{
	for (;;)
	{
		int			c = 2 * i + 1;
		int64		t;

		if (c >= n)
			break;
		if (c + 1 < n && supply_prefers(p, h[c], h[c + 1]))
			c++;
		if (!supply_prefers(p, h[i], h[c]))
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

static void
held_sift_up(const AssignProblem *p, int64 *h, int i)
{
	while (i > 0)
	{
		int			parent = (i - 1) / 2;
		int64		t;

		if (!supply_prefers(p, h[parent], h[i]))
			break;
		t = h[i];
		h[i] = h[parent];
		h[parent] = t;
		i = parent;
	}
}

int64
assign_stable(const AssignProblem *p, int64 *chosen)
{
	int64	   *order = palloc_extended(Max(p->nedges, 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	int32	   *erow = edge_rows(p);
	int64	   *next = palloc(Max(p->nd, 1) * sizeof(int64));
	int32	   *held = palloc0(Max(p->nd, 1) * sizeof(int32));
	int64	   *hstart = palloc((p->ns + 1) * sizeof(int64));
	int32	   *hcount = palloc0(Max(p->ns, 1) * sizeof(int32));
	int64	   *heldby;
	int32	   *stack = palloc(Max(p->nd, 1) * sizeof(int32));
	bool	   *queued = palloc0(Max(p->nd, 1) * sizeof(bool));
	int			top = 0;
	int64		n = 0;

	sort_problem = p;
	sort_erow = erow;
	for (int64 e = 0; e < p->nedges; e++)
		order[e] = e;
	for (int i = 0; i < p->nd; i++)
	{
		qsort(order + p->rowptr[i], p->rowptr[i + 1] - p->rowptr[i], sizeof(int64), proposal_cmp);
		next[i] = p->rowptr[i];
	}
	hstart[0] = 0;
	for (int j = 0; j < p->ns; j++)
		hstart[j + 1] = hstart[j] + p->scap[j];
	heldby = palloc_extended(Max(hstart[p->ns], 1) * sizeof(int64), MCXT_ALLOC_HUGE);

	/* demands with room left propose down their lists; smallest id first */
	for (int i = p->nd - 1; i >= 0; i--)
	{
		stack[top++] = i;
		queued[i] = true;
	}
	while (top > 0)
	{
		int			i = stack[--top];

		queued[i] = false;
		CHECK_FOR_INTERRUPTS();
		while (held[i] < p->dcap[i] && next[i] < p->rowptr[i + 1])
		{
			int64		e = order[next[i]++];
			int			j = p->col[e];
			int64	   *h = heldby + hstart[j];

			if (hcount[j] < p->scap[j])
			{
				h[hcount[j]] = e;
				held_sift_up(p, h, hcount[j]++);
				held[i]++;
			}
			else if (p->scap[j] > 0 && supply_prefers(p, e, h[0]))
			{
				int			loser = erow[h[0]];

				h[0] = e;
				held_sift_down(p, h, hcount[j], 0);
				held[i]++;
				held[loser]--;
				if (!queued[loser])
				{
					stack[top++] = loser;
					queued[loser] = true;
				}
			}
		}
	}
	for (int j = 0; j < p->ns; j++)
		for (int k = 0; k < hcount[j]; k++)
			chosen[n++] = heldby[hstart[j] + k];
	return n;
}
