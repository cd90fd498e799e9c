/*
 * assign_flow.c
 *	  Maximum total score with capacities on both sides, on sparse pairs:
 *	  minimum-cost flow by successive shortest paths.
 *
 * Network: each demand holds dcap units to place; it sends a unit along a
 * pair (demand -> supply, capacity 1 so a pair is used at most once, cost
 * -score) and on to the sink (supply -> sink, capacity scap), or straight to
 * the sink unused (demand -> sink, cost 0).  Every unit reaches the sink, so
 * a minimum-cost flow always exists and is the maximum total score where
 * unused capacity is allowed.
 *
 * Units are placed one at a time, each along a cheapest path from its demand
 * in the residual network (Dijkstra over reduced costs; node potentials keep
 * them non-negative): the successive shortest path method, which may pick
 * the excess node freely.  The search stops once the sink is settled, and
 * the unused-capacity edge bounds how far it can go, so searches stay local
 * on sparse pairs.  Potentials move only for settled nodes, which keeps the
 * reduced costs non-negative.
 */
#include "assign.h"

#include <math.h>

#include "miscadmin.h"
#include "utils/memutils.h"

typedef struct Heap
{
	int			n;
	int32	   *node;			/* heap of nodes */
	int32	   *pos;			/* node -> slot, -1 when not in the heap */
	const float8 *key;
} Heap;

static inline bool
heap_less(const Heap *h, int32 a, int32 b)
{
	return h->key[a] < h->key[b] || (h->key[a] == h->key[b] && a < b);
}

static void
heap_up(Heap *h, int i)
{
	int32		x = h->node[i];

	while (i > 0)
	{
		int			parent = (i - 1) / 2;

		if (!heap_less(h, x, h->node[parent]))
			break;
		h->node[i] = h->node[parent];
		h->pos[h->node[i]] = i;
		i = parent;
	}
	h->node[i] = x;
	h->pos[x] = i;
}

static int32
heap_pop(Heap *h)
{
	int32		top = h->node[0];
	int32		x = h->node[--h->n];
	int			i = 0;

	h->pos[top] = -1;
	if (h->n == 0)
		return top;
	for (;;)
	{
		int			c = 2 * i + 1;

		if (c >= h->n)
			break;
		if (c + 1 < h->n && heap_less(h, h->node[c + 1], h->node[c]))
			c++;
		if (!heap_less(h, h->node[c], x))
			break;
		h->node[i] = h->node[c];
		h->pos[h->node[i]] = i;
		i = c;
	}
	h->node[i] = x;
	h->pos[x] = i;
	return top;
}

typedef struct Flow
{
	const AssignProblem *p;
	int			nd,
				ns,
				T;
	int32	   *erow;
	uint8	   *x;
	int64	   *colstart;
	int32	   *colload;
	int64	   *colm;			/* edges into each column that carry flow */
	float8	   *pot;
	float8	   *dist;
	int64	   *pred;			/* edge into the node on the path (-1 at the start;
								 * for the sink: the node it was reached from) */
	uint8	   *done;
	int32	   *touched;
	int			ntouched;
	Heap		heap;
} Flow;

static inline void
relax(Flow *f, int32 v, float8 d, int64 pred)
{
	if (f->done[v] || !(d < f->dist[v]))
		return;
	if (isinf(f->dist[v]))
		f->touched[f->ntouched++] = v;
	f->dist[v] = d;
	f->pred[v] = pred;
	if (f->heap.pos[v] < 0)
	{
		f->heap.node[f->heap.n] = v;
		f->heap.pos[v] = f->heap.n++;
	}
	heap_up(&f->heap, f->heap.pos[v]);
}

/* Dijkstra from demand src until the sink is settled (it always is). */
static void
shortest_path(Flow *f, int src)
{
	const AssignProblem *p = f->p;

	relax(f, src, 0.0, -1);
	while (f->heap.n > 0)
	{
		int32		v = heap_pop(&f->heap);
		float8		dv = f->dist[v];

		f->done[v] = 1;
		if (v == f->T)
			return;
		CHECK_FOR_INTERRUPTS();
		if (v < f->nd)
		{
			/* unused capacity: a row on the path always has some left */
			relax(f, f->T, dv + f->pot[v] - f->pot[f->T], v);
			for (int64 e = p->rowptr[v]; e < p->rowptr[v + 1]; e++)
			{
				int32		j = f->nd + p->col[e];

				if (!f->x[e])
					relax(f, j, dv - p->wt[e] + f->pot[v] - f->pot[j], e);
			}
		}
		else
		{
			int			j = v - f->nd;
			int64	   *m = f->colm + f->colstart[j];

			if (f->colload[j] < p->scap[j])
				relax(f, f->T, dv + f->pot[v] - f->pot[f->T], v);
			for (int k = 0; k < f->colload[j]; k++)
			{
				int32		i = f->erow[m[k]];

				relax(f, i, dv + p->wt[m[k]] + f->pot[v] - f->pot[i], m[k]);
			}
		}
	}
	elog(ERROR, "assignment flow found no path to the sink");
}

static void
col_add(Flow *f, int j, int64 e)
{
	f->colm[f->colstart[j] + f->colload[j]++] = e;
}

static void
col_remove(Flow *f, int j, int64 e)
{
	int64	   *m = f->colm + f->colstart[j];

	for (int k = 0; k < f->colload[j]; k++)
		if (m[k] == e)
		{
			m[k] = m[--f->colload[j]];
			return;
		}
	elog(ERROR, "assignment flow lost an edge");
}

/* The network of a problem, with no flow and zero potentials. */
static void
flow_init(Flow *f, const AssignProblem *p)
{
	int			N;

	memset(f, 0, sizeof(*f));
	f->p = p;
	f->nd = p->nd;
	f->ns = p->ns;
	f->T = p->nd + p->ns;
	N = f->T + 1;
	f->erow = palloc_extended(Max(p->nedges, 1) * sizeof(int32), MCXT_ALLOC_HUGE);
	f->x = palloc_extended(Max(p->nedges, 1), MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);
	for (int i = 0; i < p->nd; i++)
		for (int64 e = p->rowptr[i]; e < p->rowptr[i + 1]; e++)
			f->erow[e] = i;
	f->colstart = palloc((p->ns + 1) * sizeof(int64));
	f->colstart[0] = 0;
	for (int j = 0; j < p->ns; j++)
		f->colstart[j + 1] = f->colstart[j] + p->scap[j];
	f->colm = palloc_extended(Max(f->colstart[p->ns], 1) * sizeof(int64), MCXT_ALLOC_HUGE);
	f->colload = palloc0(Max(p->ns, 1) * sizeof(int32));
	f->pot = palloc0(N * sizeof(float8));
	f->dist = palloc(N * sizeof(float8));
	f->pred = palloc(N * sizeof(int64));
	f->done = palloc0(N);
	f->touched = palloc(N * sizeof(int32));
	f->heap.node = palloc(N * sizeof(int32));
	f->heap.pos = palloc(N * sizeof(int32));
	f->heap.key = f->dist;
	for (int v = 0; v < N; v++)
	{
		f->dist[v] = INFINITY;
		f->heap.pos[v] = -1;
	}
}

/* Send one unit from demand src along its shortest path, then reprice. */
static void
augment(Flow *f, int src)
{
	const AssignProblem *p = f->p;
	float8		dT;
	int			v;

	shortest_path(f, src);
	dT = f->dist[f->T];

	/* flip the path, from the sink back to src */
	v = (int) f->pred[f->T];
	for (;;)
	{
		int64		e;

		if (v >= f->nd)
		{
			/* a supply: entered along pair e */
			e = f->pred[v];
			f->x[e] = 1;
			col_add(f, v - f->nd, e);
			v = f->erow[e];
		}
		if (f->pred[v] < 0)
			break;				/* back at src */
		/* a demand entered from a supply: it gives that pair up */
		e = f->pred[v];
		f->x[e] = 0;
		col_remove(f, p->col[e], e);
		v = f->nd + p->col[e];
	}

	for (int k = 0; k < f->ntouched; k++)
	{
		int32		t = f->touched[k];

		if (f->done[t])
			f->pot[t] += f->dist[t] - dT;
		f->dist[t] = INFINITY;
		f->done[t] = 0;
		f->heap.pos[t] = -1;
	}
	f->ntouched = 0;
	f->heap.n = 0;
}

int64
assign_flow(const AssignProblem *p, int64 *chosen)
{
	Flow		f;
	int64		nchosen = 0;

	flow_init(&f, p);

	/*
	 * Potentials that make the first residual network's reduced costs >= 0:
	 * demands 0, a supply minus its best score, the sink the lowest of all.
	 */
	for (int64 e = 0; e < p->nedges; e++)
		f.pot[f.nd + p->col[e]] = Min(f.pot[f.nd + p->col[e]], -p->wt[e]);
	for (int j = 0; j < p->ns; j++)
		f.pot[f.T] = Min(f.pot[f.T], f.pot[f.nd + j]);

	for (int src = 0; src < p->nd; src++)
		for (int unit = 0; unit < p->dcap[src]; unit++)
			augment(&f, src);
	for (int64 e = 0; e < p->nedges; e++)
		if (f.x[e])
			chosen[nchosen++] = e;
	return nchosen;
}
