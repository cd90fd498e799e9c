/*
 * classifier.h
 *	  The trainable text classifier: the model type scenario.classifier, the
 *	  training state scenario.classifier_state, and what their files share.
 *
 * Both are varlenas whose image is also their binary (send/recv) form and,
 * base64-encoded behind a readable prefix, their text form; one validator per
 * type checks every invariant for in, recv and the predictor alike.  Images
 * are written in the host's byte order, recorded in a flag: a value from a
 * host of the other byte order is refused with a clear error.
 */
#ifndef SCENARIO_CLASSIFIER_H
#define SCENARIO_CLASSIFIER_H

#include "postgres.h"
#include "fmgr.h"

#include "textfeat.h"

#define CLASSIFIER_VERSION			1
#define CLASSIFIER_STATE_VERSION	1

#define CLF_FLAG_LITTLE_ENDIAN	0x01
#define CLF_FLAG_NB				0x02	/* trained with NB log-count-ratio scaling */
#define CLF_FLAG_MASK			0x03

#ifdef WORDS_BIGENDIAN
#define CLF_FLAG_HOST_ORDER		0
#else
#define CLF_FLAG_HOST_ORDER		CLF_FLAG_LITTLE_ENDIAN
#endif

#define CLF_MAX_LABELS		65535
#define CLF_MAX_LABEL_LEN	1024

/* Training options; a copy lives in the state and in the model. */
typedef struct ClassifierOptions
{
	float4		c;				/* SVM cost, > 0 */
	float4		beta;			/* NB-SVM interpolation, [0,1] */
	float4		tol;			/* dual CD stopping tolerance, > 0 */
	int32		max_iter;		/* epochs per class, >= 1 */
	uint8		ngram_min;
	uint8		ngram_max;
	uint8		tf_flags;		/* TEXTFEAT_* */
	uint8		nb;				/* 0/1 */
} ClassifierOptions;

/*
 * The model.  After the header, in order (all 4-byte aligned):
 *	 uint32 keys[nfeatures]			32-bit feature hashes, strictly increasing
 *	 float4 idf[nfeatures]			finite, > 0
 *	 float4 weights[nfeatures][nlabels]	finite
 *	 float4 bias[nlabels]			finite
 *	 char   labels[labels_size]		nlabels NUL-terminated strings, strictly
 *									increasing in byte order
 * checksum is a 64-bit hash of everything after it; the model cache
 * (classifier_cache.c) compares headers, checksum included, before bytes.
 */
typedef struct ClassifierData
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		reserved;		/* zero */
	uint32		nlabels;		/* >= 1 */
	uint32		nfeatures;
	uint32		labels_size;
	float4		temperature;	/* softmax scale of decision values, > 0 */
	uint64		checksum;
	ClassifierOptions opts;
	uint32		ndocs;			/* training documents */
	uint32		reserved2;		/* zero */
} ClassifierData;

#define CLF_HDRSZ		sizeof(ClassifierData)
#define CLF_KEYS(m)		((uint32 *) ((char *) (m) + CLF_HDRSZ))
#define CLF_IDF(m)		((float4 *) (CLF_KEYS(m) + (m)->nfeatures))
#define CLF_WEIGHTS(m)	(CLF_IDF(m) + (m)->nfeatures)
#define CLF_BIAS(m)		(CLF_WEIGHTS(m) + (Size) (m)->nfeatures * (m)->nlabels)
#define CLF_LABELS(m)	((char *) (CLF_BIAS(m) + (m)->nlabels))

#define DatumGetClassifierP(d)		((ClassifierData *) PG_DETOAST_DATUM(d))
#define PG_GETARG_CLASSIFIER_P(n)	DatumGetClassifierP(PG_GETARG_DATUM(n))
#define PG_RETURN_CLASSIFIER_P(p)	PG_RETURN_POINTER(p)

/*
 * The training state payload (inside a GrowState, see aggstate.h): this
 * header, then one record per document:
 *	 uint32 label_len, uint32 nfeat, label bytes padded to 4,
 *	 nfeat x (uint32 hash, uint32 count) with hashes strictly increasing.
 * An empty state (no document yet) has ndocs = 0 and no options set.
 */
typedef struct ClassifierStateHeader
{
	uint8		version;
	uint8		flags;			/* CLF_FLAG_LITTLE_ENDIAN only */
	uint8		has_opts;		/* 0 until the first row sets opts */
	uint8		reserved;
	uint32		ndocs;
	ClassifierOptions opts;
} ClassifierStateHeader;

typedef struct ClassifierDocRec
{
	uint32		label_len;
	uint32		nfeat;
} ClassifierDocRec;

typedef struct ClassifierFeat
{
	uint32		hash;
	uint32		count;
} ClassifierFeat;

/*
 * flags of a state in the packed form a parallel worker sends
 * (classifier_pack.c); never in a value that output, send, input or
 * receive handles
 */
#define CLF_STATE_PACKED	0x80

#define CLF_PAD4(n)		(((n) + 3) & ~((Size) 3))

/*
 * A state's per-term statistics: each distinct feature key of its documents
 * and the number of documents that have it.  A parallel worker's partial
 * state carries them in its packed form, counted where it is packed; the
 * combine function merges them, linear in the distinct keys, into the
 * combined state's aux (aggstate.h), and the final function takes its
 * vocabulary from them instead of counting the documents again.  Valid for
 * a state while ndocs is the state's own count: rows appended after they
 * were counted make them stale.
 */
typedef struct ClassifierTerms
{
	uint32		ndocs;			/* the documents they count */
	int32		n;				/* distinct keys */
	uint32	   *key;			/* n, strictly increasing */
	uint32	   *df;				/* n, each in [1, ndocs] */
} ClassifierTerms;

/* classifier_pack.c */
struct GrowPacker;
struct GrowState;
extern const struct GrowPacker classifier_state_packer;
extern const ClassifierTerms *classifier_state_terms(struct GrowState *gs);
extern Size classifier_combine_terms(struct GrowState *gs, uint32 ndocs,
									 const char *other, Size olen, bool packed);
extern bool classifier_state_is_packed(const char *payload, Size size);
extern Size classifier_state_unpacked_size(const char *payload, Size size);
extern void classifier_state_unpack_docs(const char *payload, Size size, char *dst);
extern struct varlena *classifier_state_unpacked(struct varlena *v);

/* classifier_io.c */
extern void classifier_default_options(ClassifierOptions *o);
extern void classifier_parse_options(const char *s, ClassifierOptions *o);
extern char *classifier_options_text(const ClassifierOptions *o);
extern void classifier_check_options(const ClassifierOptions *o, bool state);
extern uint64 classifier_checksum(const ClassifierData *m);
extern void classifier_validate(const ClassifierData *m, Size size);
extern void classifier_state_validate(const char *payload, Size size);

/*
 * The vocabulary's columns by feature key, for building the matrix's rows
 * in any process: open addressing on murmurhash32 of the key, linear
 * probing, mask + 1 (a power of two, at least twice the features) slots;
 * col -1 marks an empty slot.
 */
typedef struct ClassifierColSlot
{
	uint32		key;
	int32		col;
} ClassifierColSlot;

/*
 * The training problem after the text work: the documents as rows of a CSR
 * matrix of l2-normalised TF-IDF values over the vocabulary's columns, and
 * each document's label index.  Columns are numbered by falling document
 * frequency, so that the weights the hot loops touch most share cache
 * lines; order maps the model's feature order (by key) to columns.  A row's
 * entries keep the order of the document's keys, so no sum changes order
 * with the numbering and the model is the one that key order gives.
 * One-vs-rest training reads only this, one
 * class at a time, so classes can be trained by parallel workers
 * (classifier_parallel.c) from a copy in shared memory.
 */
typedef struct ClassifierProblem
{
	ClassifierOptions opts;
	int32		n;				/* documents */
	int32		d;				/* features (columns) */
	int32		k;				/* labels */
	int64		nnz;
	int64	   *start;			/* n + 1 */
	int32	   *col;			/* nnz */
	float4	   *val;			/* nnz */
	int32	   *yidx;			/* n */
	int32	   *order;			/* d: the column of each feature in key order */
	/* what turns staged rows into the matrix's (classifier_build_rows) */
	ClassifierColSlot *coltab;	/* colmask + 1 slots */
	uint32		colmask;
	float4	   *idfcol;			/* d: idf by column */
} ClassifierProblem;

/* classifier_train.c */
extern ClassifierData *classifier_train(const char *payload, Size size,
										const ClassifierTerms *terms);
typedef struct ClassifierScratch ClassifierScratch;
extern ClassifierScratch *classifier_scratch_new(const ClassifierProblem *p);
extern void classifier_scratch_free(ClassifierScratch *s);
extern void classifier_train_class(const ClassifierProblem *p, int c,
								   ClassifierScratch *scratch,
								   float4 *w, float4 *bias, float4 *dv);
extern Size classifier_class_scratch(const ClassifierProblem *p);
extern uint32 classifier_colmask(int32 d);
extern void classifier_nll_terms(const float4 *dv, const int32 *y, int n, int k, double T,
								 int from, int to, double *g, double *v);
extern void classifier_build_rows(const ClassifierProblem *p, int from, int to);

/* Default bound of one training: 4 GB, in kB. */
#define CLF_TRAIN_MEMORY_DEFAULT	(4 * 1024 * 1024)

/* classifier_io.c: the bound and its check (54000) */
extern int	classifier_train_memory;
extern void classifier_check_memory(Size need, const char *what);

/* classifier_parallel.c */
extern int	classifier_train_workers(const ClassifierProblem *p);
/*
 * One training's problem arrays and per-class results, in a shared memory
 * segment when workers help (see classifier_run_begin).
 */
typedef struct ClassifierRun
{
	ClassifierProblem *p;
	struct ParallelContext *pcxt;	/* NULL: the leader alone */
	struct ClassifierShared *shared;
	bool		attached;		/* the leader is attached to its barrier */
	float4	   *w;				/* k x d, class by class */
	float4	   *bias;			/* k */
	float4	   *dv;				/* k x n, class by class */
	double	   *nll_g;			/* n: the temperature fit's per-document terms */
	double	   *nll_v;			/* n */
} ClassifierRun;
extern ClassifierRun *classifier_run_begin(ClassifierProblem *p, int nworkers);
extern void classifier_run_rows(ClassifierRun *run);
extern void classifier_run_classes(ClassifierRun *run);
extern double classifier_run_nll(ClassifierRun *run, double T, double *curv);
extern void classifier_run_end(ClassifierRun *run);

#endif							/* SCENARIO_CLASSIFIER_H */
