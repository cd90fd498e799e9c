/*
 * classifier_parallel.c
 *	  Training the one-vs-rest classes of train_classifier in parallel
 *	  workers, and the memory bound of training.
 *
 * The aggregate's transition function does the text work of each row
 * (normalising, n-gram hashing, folding to sorted features), so in a
 * parallel plan that work runs in the query's workers.  What remains for
 * the final function, which runs in the leader alone, is building the
 * matrix and then k binary problems, one per label, that do not depend on
 * each other; they are most of the time.  So the final function starts
 * workers of its own.  The leader stages the matrix's rows in a dynamic
 * shared memory segment (each entry as its feature key and count, in the
 * documents' canonical order) beside a table from key to column; the
 * leader and the workers take chunks of rows from a shared counter and
 * build them in place (column lookups, TF-IDF, l2 norm), meet at a barrier
 * once every row is built, and take classes from a second counter until
 * none is left, each writing its class's weights, bias and decision values
 * to that class's own slots in the segment.  A row's values depend only on
 * that row and a class's result only on the problem and the class, and
 * every process runs the same code, so the model is byte for byte the one
 * serial training makes, whatever the number of workers and whichever
 * process built which row or trained which class.
 *
 * Workers are asked for as max_parallel_workers_per_gather allows (the
 * setting that lets a query's plan use workers, so 0 trains serially, as
 * does a final function that already runs in a parallel worker), never
 * more than the labels less one nor the processors online less one (the
 * leader trains too, and a process past the processors only takes turns
 * with the others), and only for
 * problems big enough to pay for starting them.  Workers that cannot be
 * had (max_worker_processes, max_parallel_workers) leave the work to the
 * leader and to the workers that did start.
 *
 * scenario.classifier_train_memory bounds the memory of one training:
 * the transition and combine functions refuse to grow a state past it,
 * and the final function refuses, before its large allocations, a
 * training whose estimated memory would exceed it (SQLSTATE 54000 either
 * way), so a training too large for the machine ends with an error rather
 * than with the out-of-memory killer.
 */
#include "classifier.h"
#include "scenario.h"

#include "aggstate.h"

#include "access/parallel.h"
#include "access/xact.h"
#include "miscadmin.h"
#include "optimizer/cost.h"
#include "port/atomics.h"
#include "storage/barrier.h"
#include "storage/shm_toc.h"
#include "utils/wait_event.h"
#include "utils/guc.h"
#include "utils/snapmgr.h"

#include <unistd.h>

/* Below this many matrix entries, starting workers costs more than it saves. */
#define CLF_PARALLEL_MIN_NNZ	50000


/* shm_toc keys of the segment */
#define CLF_KEY_SHARED	UINT64CONST(0xC1A5500000000001)
#define CLF_KEY_START	UINT64CONST(0xC1A5500000000002)
#define CLF_KEY_COL		UINT64CONST(0xC1A5500000000003)
#define CLF_KEY_VAL		UINT64CONST(0xC1A5500000000004)
#define CLF_KEY_YIDX	UINT64CONST(0xC1A5500000000005)
#define CLF_KEY_W		UINT64CONST(0xC1A5500000000006)
#define CLF_KEY_BIAS	UINT64CONST(0xC1A5500000000007)
#define CLF_KEY_DV		UINT64CONST(0xC1A5500000000008)
#define CLF_KEY_ORDER	UINT64CONST(0xC1A5500000000009)
#define CLF_KEY_COLTAB	UINT64CONST(0xC1A550000000000A)
#define CLF_KEY_IDFCOL	UINT64CONST(0xC1A550000000000B)
#define CLF_KEY_NLL_G	UINT64CONST(0xC1A550000000000C)
#define CLF_KEY_NLL_V	UINT64CONST(0xC1A550000000000D)
#define CLF_NKEYS		13

/* Rows, documents a process takes at a time. */
#define CLF_ROWS_CHUNK	1024
#define CLF_NLL_CHUNK	4096

/*
 * The phases of the run's barrier: rows, then classes, then, once every
 * class is trained, the temperature fit's passes, each one phase in which
 * the leader sets the pass up (the others wait) and one in which all
 * compute its terms.
 */
#define CLF_PHASE_ROWS		0	/* building the matrix's rows */
#define CLF_PHASE_CLASSES	1	/* every row built: training classes */
#define CLF_PHASE_FIT		2	/* every class trained: the first pass's set-up */

typedef struct ClassifierShared
{
	ClassifierOptions opts;
	int32		n;
	int32		d;
	int32		k;
	int64		nnz;
	uint32		colmask;
	pg_atomic_uint32 next_rows; /* the next chunk of rows nobody has taken */
	pg_atomic_uint32 next;		/* the next class nobody has taken */
	pg_atomic_uint32 next_docs; /* the next chunk of a pass's documents */
	double		nll_T;			/* the temperature of the pass */
	bool		nll_done;		/* no pass left: leave */
	Barrier		barrier;		/* see CLF_PHASE_* */
} ClassifierShared;

PGDLLEXPORT void classifier_train_worker(dsm_segment *seg, shm_toc *toc);

void
classifier_init(void)
{
	DefineCustomIntVariable("scenario.classifier_train_memory",
							"Most memory one train_classifier may use.",
							"Counts the training state and, in the final function, "
							"the matrix, the model and the scratch of every process "
							"training classes; past it training fails with SQLSTATE 54000.",
							&classifier_train_memory,
							CLF_TRAIN_MEMORY_DEFAULT, 1024, MAX_KILOBYTES,
							PGC_USERSET, GUC_UNIT_KB, NULL, NULL, NULL);
}

/* The processors this machine has online (1 when it cannot tell). */
static int
online_processors(void)
{
#ifdef _SC_NPROCESSORS_ONLN
	long		n = sysconf(_SC_NPROCESSORS_ONLN);

	if (n >= 1)
		return (int) Min(n, (long) INT_MAX);
#endif
	return 1;
}

/*
 * How many workers to ask for to train the classes of p (0: serially):
 * as max_parallel_workers_per_gather allows, one fewer than the labels and
 * than the processors online.
 */
int
classifier_train_workers(const ClassifierProblem *p)
{
	int			nw;

	if (p->k < 2 || p->nnz < CLF_PARALLEL_MIN_NNZ)
		return 0;
	if (!IsUnderPostmaster || IsParallelWorker() || !ActiveSnapshotSet())
		return 0;
	nw = Min(max_parallel_workers_per_gather, p->k - 1);
	/*
	 * Training classes is all processor: a process more than there are
	 * processors only takes turns with the others, and the last class
	 * waits for it; the leader trains too.
	 */
	nw = Min(nw, online_processors() - 1);
	return Max(nw, 0);
}

/* Take classes until none is left. */
static void
train_taken_classes(ClassifierShared *sh, const ClassifierProblem *p,
					float4 *w, float4 *bias, float4 *dv)
{
	ClassifierScratch *scratch = NULL;

	for (;;)
	{
		uint32		c = pg_atomic_fetch_add_u32(&sh->next, 1);

		if (c >= (uint32) p->k)
			break;
		CHECK_FOR_INTERRUPTS();
		if (scratch == NULL)
			scratch = classifier_scratch_new(p);
		classifier_train_class(p, c, scratch,
							   w + (Size) c * p->d, bias + c, dv + (Size) c * p->n);
	}
	if (scratch)
		classifier_scratch_free(scratch);
}

/* Take chunks of rows to build until none is left. */
static void
build_taken_rows(ClassifierShared *sh, const ClassifierProblem *p)
{
	for (;;)
	{
		uint32		chunk = pg_atomic_fetch_add_u32(&sh->next_rows, 1);
		int64		from = (int64) chunk * CLF_ROWS_CHUNK;

		if (from >= p->n)
			break;
		classifier_build_rows(p, (int) from, (int) Min(from + CLF_ROWS_CHUNK, (int64) p->n));
	}
}

/* Reserve a chunk of the segment under key. */
static void *
shm_chunk(ParallelContext *pcxt, uint64 key, Size size)
{
	void	   *dst = shm_toc_allocate(pcxt->toc, Max(size, 1));

	shm_toc_insert(pcxt->toc, key, dst);
	return dst;
}

/*
 * Where the problem's arrays and the classes' results live: in a dynamic
 * shared memory segment when workers are to help, so that the leader
 * builds the matrix where the workers read it and reads the results where
 * they write them (no copy either way); in the training's memory context
 * otherwise.  p->order must be set already; p->start, col, val and yidx are
 * set here for the caller to fill.  With nworkers > 0 the run is in
 * parallel mode until classifier_run_end.
 */
ClassifierRun *
classifier_run_begin(ClassifierProblem *p, int nworkers)
{
	ClassifierRun *run = palloc0(sizeof(ClassifierRun));
	Size		s_start = sizeof(int64) * ((Size) p->n + 1),
				s_col = sizeof(int32) * Max((Size) p->nnz, 1),
				s_val = sizeof(float4) * Max((Size) p->nnz, 1),
				s_yidx = sizeof(int32) * Max((Size) p->n, 1),
				s_order = sizeof(int32) * Max((Size) p->d, 1),
				s_idfcol = sizeof(float4) * Max((Size) p->d, 1),
				s_coltab = sizeof(ClassifierColSlot) * ((Size) classifier_colmask(p->d) + 1),
				s_w = sizeof(float4) * Max((Size) p->k * p->d, 1),
				s_bias = sizeof(float4) * Max((Size) p->k, 1),
				s_dv = sizeof(float4) * Max((Size) p->k * p->n, 1),
				s_nll = sizeof(double) * Max((Size) p->n, 1);
	ParallelContext *pcxt = NULL;

	run->p = p;
	p->colmask = classifier_colmask(p->d);
	if (nworkers > 0)
	{
		EnterParallelMode();
		pcxt = CreateParallelContext("scenario", "classifier_train_worker", nworkers);
		shm_toc_estimate_chunk(&pcxt->estimator, sizeof(ClassifierShared));
		shm_toc_estimate_chunk(&pcxt->estimator, s_start);
		shm_toc_estimate_chunk(&pcxt->estimator, s_col);
		shm_toc_estimate_chunk(&pcxt->estimator, s_val);
		shm_toc_estimate_chunk(&pcxt->estimator, s_yidx);
		shm_toc_estimate_chunk(&pcxt->estimator, s_order);
		shm_toc_estimate_chunk(&pcxt->estimator, s_idfcol);
		shm_toc_estimate_chunk(&pcxt->estimator, s_coltab);
		shm_toc_estimate_chunk(&pcxt->estimator, s_nll);
		shm_toc_estimate_chunk(&pcxt->estimator, s_nll);
		shm_toc_estimate_chunk(&pcxt->estimator, s_w);
		shm_toc_estimate_chunk(&pcxt->estimator, s_bias);
		shm_toc_estimate_chunk(&pcxt->estimator, s_dv);
		shm_toc_estimate_keys(&pcxt->estimator, CLF_NKEYS);
		InitializeParallelDSM(pcxt);
		if (pcxt->seg == NULL)
		{
			/* no segment to be had: serially, in the leader */
			DestroyParallelContext(pcxt);
			ExitParallelMode();
			pcxt = NULL;
		}
	}
	if (pcxt != NULL)
	{
		ClassifierShared *sh;
		int32	   *order;
		float4	   *idfcol;

		/*
		 * The leader writes most of the segment (the staged rows, the table
		 * of columns): mapping its pages in one call costs far less than a
		 * fault per page, which on 200,000 titles took a quarter second.
		 */
		scenario_prefault(dsm_segment_address(pcxt->seg), dsm_segment_map_length(pcxt->seg));
		sh = shm_chunk(pcxt, CLF_KEY_SHARED, sizeof(ClassifierShared));
		order = shm_chunk(pcxt, CLF_KEY_ORDER, s_order);
		idfcol = shm_chunk(pcxt, CLF_KEY_IDFCOL, s_idfcol);

		sh->opts = p->opts;
		sh->n = p->n;
		sh->d = p->d;
		sh->k = p->k;
		sh->nnz = p->nnz;
		sh->colmask = p->colmask;
		pg_atomic_init_u32(&sh->next_rows, 0);
		pg_atomic_init_u32(&sh->next, 0);
		pg_atomic_init_u32(&sh->next_docs, 0);
		sh->nll_T = 0;
		sh->nll_done = false;
		BarrierInit(&sh->barrier, 0);
		memcpy(order, p->order, sizeof(int32) * p->d);
		p->order = order;
		memcpy(idfcol, p->idfcol, sizeof(float4) * p->d);
		p->idfcol = idfcol;
		p->coltab = shm_chunk(pcxt, CLF_KEY_COLTAB, s_coltab);
		p->start = shm_chunk(pcxt, CLF_KEY_START, s_start);
		p->col = shm_chunk(pcxt, CLF_KEY_COL, s_col);
		p->val = shm_chunk(pcxt, CLF_KEY_VAL, s_val);
		p->yidx = shm_chunk(pcxt, CLF_KEY_YIDX, s_yidx);
		run->w = shm_chunk(pcxt, CLF_KEY_W, s_w);
		run->bias = shm_chunk(pcxt, CLF_KEY_BIAS, s_bias);
		run->dv = shm_chunk(pcxt, CLF_KEY_DV, s_dv);
		run->nll_g = shm_chunk(pcxt, CLF_KEY_NLL_G, s_nll);
		run->nll_v = shm_chunk(pcxt, CLF_KEY_NLL_V, s_nll);
		run->shared = sh;
		run->pcxt = pcxt;
		return run;
	}
	p->start = MemoryContextAllocHuge(CurrentMemoryContext, s_start);
	p->col = MemoryContextAllocHuge(CurrentMemoryContext, s_col);
	p->val = MemoryContextAllocHuge(CurrentMemoryContext, s_val);
	p->yidx = MemoryContextAllocHuge(CurrentMemoryContext, s_yidx);
	p->coltab = MemoryContextAllocHuge(CurrentMemoryContext, s_coltab);
	run->w = MemoryContextAllocHuge(CurrentMemoryContext, s_w);
	run->bias = MemoryContextAllocHuge(CurrentMemoryContext, s_bias);
	run->dv = MemoryContextAllocHuge(CurrentMemoryContext, s_dv);
	run->nll_g = MemoryContextAllocHuge(CurrentMemoryContext, s_nll);
	run->nll_v = MemoryContextAllocHuge(CurrentMemoryContext, s_nll);
	return run;
}

/*
 * Build the matrix's rows from their staged form (classifier_build_rows),
 * in the run's workers besides the leader when they can be had: they are
 * started here, and take chunks of rows until none is left, then classes
 * once every row is built (the barrier's next phase).
 */
void
classifier_run_rows(ClassifierRun *run)
{
	const ClassifierProblem *p = run->p;

	if (run->pcxt == NULL)
	{
		classifier_build_rows(p, 0, p->n);
		return;
	}
	BarrierAttach(&run->shared->barrier);
	run->attached = true;
	LaunchParallelWorkers(run->pcxt);
	elog(DEBUG1, "train_classifier: %d of %d workers for %d rows and %d classes",
		 run->pcxt->nworkers_launched, run->pcxt->nworkers, p->n, p->k);
	build_taken_rows(run->shared, p);
	BarrierArriveAndWait(&run->shared->barrier, PG_WAIT_EXTENSION);
}

/*
 * Train every class of the run's problem: class c's weights into
 * run->w[c * d ...], its bias into run->bias[c], its decision values into
 * run->dv[c * n ...]; in the run's workers besides the leader, when they
 * can be had.
 */
void
classifier_run_classes(ClassifierRun *run)
{
	const ClassifierProblem *p = run->p;

	if (run->pcxt == NULL)
	{
		ClassifierScratch *scratch = classifier_scratch_new(p);

		for (int c = 0; c < p->k; c++)
		{
			CHECK_FOR_INTERRUPTS();
			classifier_train_class(p, c, scratch,
								   run->w + (Size) c * p->d, run->bias + c,
								   run->dv + (Size) c * p->n);
		}
		classifier_scratch_free(scratch);
		return;
	}
	train_taken_classes(run->shared, p, run->w, run->bias, run->dv);
	/* every class trained: on to the temperature fit's first set-up */
	BarrierArriveAndWait(&run->shared->barrier, PG_WAIT_EXTENSION);
}

/*
 * The documents' terms of one pass of the temperature fit, chunk by chunk
 * until none is left.
 */
static void
nll_taken_docs(ClassifierShared *sh, const ClassifierProblem *p, const float4 *dv,
			   double *g, double *v)
{
	double		T = sh->nll_T;

	for (;;)
	{
		uint32		chunk = pg_atomic_fetch_add_u32(&sh->next_docs, 1);
		int64		from = (int64) chunk * CLF_NLL_CHUNK;

		if (from >= p->n)
			break;
		CHECK_FOR_INTERRUPTS();
		classifier_nll_terms(dv, p->yidx, p->n, p->k, T, (int) from,
							 (int) Min(from + CLF_NLL_CHUNK, (int64) p->n), g, v);
	}
}

/*
 * One pass of the temperature fit at T (see fit_temperature): the
 * derivative of the negative log-likelihood, and its second derivative
 * into *curv.  The documents' terms are computed by the run's workers
 * besides the leader when there are some (in the phases of the barrier
 * after the classes); the leader sums them in document order, so the sums
 * are the same whoever computed which term.
 */
double
classifier_run_nll(ClassifierRun *run, double T, double *curv)
{
	const ClassifierProblem *p = run->p;
	double		grad = 0,
				var = 0;

	if (run->pcxt == NULL)
		classifier_nll_terms(run->dv, p->yidx, p->n, p->k, T, 0, p->n, run->nll_g, run->nll_v);
	else
	{
		ClassifierShared *sh = run->shared;

		/* the others wait for the set-up: no one takes documents now */
		sh->nll_T = T;
		pg_atomic_write_u32(&sh->next_docs, 0);
		BarrierArriveAndWait(&sh->barrier, PG_WAIT_EXTENSION);
		nll_taken_docs(sh, p, run->dv, run->nll_g, run->nll_v);
		BarrierArriveAndWait(&sh->barrier, PG_WAIT_EXTENSION);
	}
	for (int i = 0; i < p->n; i++)
	{
		grad += run->nll_g[i];
		var += run->nll_v[i];
	}
	*curv = var;
	return grad;
}

/*
 * Let the workers go (they wait for the next pass of the fit) and leave
 * parallel mode; the segment, and the arrays in it, are gone.
 */
void
classifier_run_end(ClassifierRun *run)
{
	if (run->pcxt != NULL)
	{
		if (run->attached)
		{
			/* the leader is where a pass would be set up */
			run->shared->nll_done = true;
			BarrierArriveAndWait(&run->shared->barrier, PG_WAIT_EXTENSION);
			BarrierDetach(&run->shared->barrier);
		}
		WaitForParallelWorkersToFinish(run->pcxt);
		DestroyParallelContext(run->pcxt);
		ExitParallelMode();
		run->pcxt = NULL;
	}
}

/*
 * A worker: attach to the problem, take rows to build while there are
 * some, and classes once every row is built.
 */
void
classifier_train_worker(dsm_segment *seg, shm_toc *toc)
{
	ClassifierShared *sh = shm_toc_lookup(toc, CLF_KEY_SHARED, false);
	ClassifierProblem p;
	float4	   *dv;
	double	   *nll_g,
			   *nll_v;

	p.opts = sh->opts;
	p.n = sh->n;
	p.d = sh->d;
	p.k = sh->k;
	p.nnz = sh->nnz;
	p.start = shm_toc_lookup(toc, CLF_KEY_START, false);
	p.col = shm_toc_lookup(toc, CLF_KEY_COL, false);
	p.val = shm_toc_lookup(toc, CLF_KEY_VAL, false);
	p.yidx = shm_toc_lookup(toc, CLF_KEY_YIDX, false);
	p.order = shm_toc_lookup(toc, CLF_KEY_ORDER, false);
	p.idfcol = shm_toc_lookup(toc, CLF_KEY_IDFCOL, false);
	p.coltab = shm_toc_lookup(toc, CLF_KEY_COLTAB, false);
	p.colmask = sh->colmask;
	dv = shm_toc_lookup(toc, CLF_KEY_DV, false);
	nll_g = shm_toc_lookup(toc, CLF_KEY_NLL_G, false);
	nll_v = shm_toc_lookup(toc, CLF_KEY_NLL_V, false);
	switch (BarrierAttach(&sh->barrier))
	{
		case CLF_PHASE_ROWS:
			build_taken_rows(sh, &p);
			BarrierArriveAndWait(&sh->barrier, PG_WAIT_EXTENSION);
			/* FALLTHROUGH */
		case CLF_PHASE_CLASSES:
			break;
		default:
			/* too late to help */
			BarrierDetach(&sh->barrier);
			return;
	}
	train_taken_classes(sh, &p, shm_toc_lookup(toc, CLF_KEY_W, false),
						shm_toc_lookup(toc, CLF_KEY_BIAS, false), dv);
	BarrierArriveAndWait(&sh->barrier, PG_WAIT_EXTENSION);
	/* the fit's passes: wait for each one's set-up, then take documents */
	for (;;)
	{
		BarrierArriveAndWait(&sh->barrier, PG_WAIT_EXTENSION);
		if (sh->nll_done)
			break;
		nll_taken_docs(sh, &p, dv, nll_g, nll_v);
		BarrierArriveAndWait(&sh->barrier, PG_WAIT_EXTENSION);
	}
	BarrierDetach(&sh->barrier);
}
