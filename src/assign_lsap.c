/*
 * assign_lsap.c
 *	  The linear sum assignment problem on a dense matrix: the shortest
 *	  augmenting path method (Jonker-Volgenant style, as described by Crouse,
 *	  "On implementing 2D rectangular assignment algorithms", IEEE TAES 2016,
 *	  the method behind scipy's linear_sum_assignment).
 *
 * Rows are assigned one at a time: a Dijkstra search over reduced costs
 * c[i][j] - u[i] - v[j] from the new row to the nearest free column, then
 * the duals are updated so the reduced costs stay non-negative, then the
 * path is flipped.  O(nr^2 nc) in the worst case; on random matrices each
 * search visits few rows.  Ties between equally short paths go to a free
 * column first, then to the column found first, so the answer is a
 * deterministic function of the matrix.
 */
#include "assign.h"

#include <math.h>

#include "miscadmin.h"

/*
 * A feasible start: every column's dual is its minimum (square case) and
 * the column goes to that row when the row is still free; a rectangular
 * problem instead reduces rows (unassigned columns must keep v = 0).
 */
static void
lsap_init(int nr, int nc, const float8 *cost, float8 *u, float8 *v,
		  int32 *col4row, int32 *row4col)
{
	if (nr == nc)
	{
		int32	   *arg = palloc(nc * sizeof(int32));

		for (int j = 0; j < nc; j++)
		{
			v[j] = cost[j];
			arg[j] = 0;
		}
		for (int i = 1; i < nr; i++)
		{
			const float8 *crow = cost + (int64) i * nc;

			CHECK_FOR_INTERRUPTS();
			for (int j = 0; j < nc; j++)
				if (crow[j] < v[j])
				{
					v[j] = crow[j];
					arg[j] = i;
				}
		}
		for (int j = nc - 1; j >= 0; j--)
			if (col4row[arg[j]] < 0)
			{
				col4row[arg[j]] = j;
				row4col[j] = arg[j];
			}
		pfree(arg);
	}
	else
	{
		for (int i = 0; i < nr; i++)
		{
			const float8 *crow = cost + (int64) i * nc;
			int			best = 0;

			for (int j = 1; j < nc; j++)
				if (crow[j] < crow[best])
					best = j;
			u[i] = crow[best];
			if (row4col[best] < 0)
			{
				col4row[i] = best;
				row4col[best] = i;
			}
		}
	}
}

/*
 * Assign every row of the nr x nc matrix (nr <= nc, finite costs) to a
 * distinct column at minimum total cost; col4row[i] receives row i's column.
 * One function on purpose: the shortest augmenting path with its dual
 * updates is read and checked as one loop nest (Crouse 2016), and its hot
 * inner loop should not cross a call.
 */
void
lsap_dense(int nr, int nc, const float8 *cost, int32 *col4row)
{
	float8	   *u = palloc0(Max(nr, 1) * sizeof(float8));
	float8	   *v = palloc0(nc * sizeof(float8));
	float8	   *spc = palloc(nc * sizeof(float8));
	int32	   *path = palloc(nc * sizeof(int32));
	int32	   *row4col = palloc(nc * sizeof(int32));
	int32	   *remaining = palloc(nc * sizeof(int32));
	int32	   *visited_rows = palloc(Max(nr, 1) * sizeof(int32));
	int32	   *scanned_cols = palloc(nc * sizeof(int32));

	Assert(nr <= nc);
	for (int i = 0; i < nr; i++)
		col4row[i] = -1;
	for (int j = 0; j < nc; j++)
		row4col[j] = -1;

	lsap_init(nr, nc, cost, u, v, col4row, row4col);

	for (int cur = 0; cur < nr; cur++)
	{
		float8		min_val = 0.0;
		int			i = cur;
		int			nrem = nc;
		int			nvr = 0,
					nsc = 0;
		int			sink = -1;

		if (col4row[cur] >= 0)
			continue;
		for (int k = 0; k < nc; k++)
		{
			remaining[k] = nc - k - 1;
			spc[k] = INFINITY;
		}

		while (sink < 0)
		{
			const float8 *crow = cost + (int64) i * nc;
			float8		ui = u[i];
			float8		lowest = INFINITY;
			int			index = -1;
			int			j;

			CHECK_FOR_INTERRUPTS();
			visited_rows[nvr++] = i;
			for (int k = 0; k < nrem; k++)
			{
				float8		r;

				j = remaining[k];
				r = min_val + crow[j] - ui - v[j];
				if (r < spc[j])
				{
					path[j] = i;
					spc[j] = r;
				}
				if (spc[j] < lowest || (spc[j] == lowest && row4col[j] == -1))
				{
					lowest = spc[j];
					index = k;
				}
			}
			if (index < 0 || !isfinite(lowest))
				elog(ERROR, "assignment search found no column (non-finite cost)");
			min_val = lowest;
			j = remaining[index];
			if (row4col[j] == -1)
				sink = j;
			else
				i = row4col[j];
			scanned_cols[nsc++] = j;
			remaining[index] = remaining[--nrem];
		}

		/* duals: keep reduced costs non-negative and matched pairs tight */
		u[cur] += min_val;
		for (int k = 0; k < nvr; k++)
		{
			int			r = visited_rows[k];

			if (r != cur)
				u[r] += min_val - spc[col4row[r]];
		}
		for (int k = 0; k < nsc; k++)
		{
			int			j = scanned_cols[k];

			v[j] -= min_val - spc[j];
		}

		/* flip the path */
		for (int j = sink;;)
		{
			int			r = path[j];
			int			prev = col4row[r];

			row4col[j] = r;
			col4row[r] = j;
			if (r == cur)
				break;
			j = prev;
		}
	}
	pfree(u);
	pfree(v);
	pfree(spc);
	pfree(path);
	pfree(row4col);
	pfree(remaining);
	pfree(visited_rows);
	pfree(scanned_cols);
}
