/*
 * funnel.h
 *	  The pipeline funnel: stage positions, the aggregate state type
 *	  scenario.funnel_state and the result type scenario.funnel.
 *
 * Stages are kept as positions 0..5 in the order of the enum scenario.stage,
 * never as pg_enum OIDs (which differ between databases).
 */
#ifndef SCENARIO_FUNNEL_H
#define SCENARIO_FUNNEL_H

#include "scenario.h"

#include "datatype/timestamp.h"
#include "lib/stringinfo.h"

#define FUNNEL_NSTAGES		6
#define FUNNEL_RELEASED		0
#define FUNNEL_OPERATING	4
#define FUNNEL_CLOSED		5	/* leaves the pipeline from any stage */

extern const char *const funnel_stage_names[FUNNEL_NSTAGES];

/* Position of a stage label, -1 when it is not one. */
extern int	funnel_stage_position(const char *label, int len);

/*
 * scenario.funnel: per stage, the items that reached it, how many of them
 * were seen leaving it (the sample behind the median), and the median time
 * in the stage in microseconds (0 when timed is 0).  A fixed layout, so
 * equal funnels are equal bytes.
 */
typedef struct FunnelStage
{
	int64		reached;
	int64		timed;
	int64		median_us;
} FunnelStage;

typedef struct Funnel
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	uint8		version;
	uint8		flags;			/* none defined; must be 0 */
	uint16		reserved;		/* must be 0 */
	FunnelStage stages[FUNNEL_NSTAGES];
} Funnel;

#define FUNNEL_VERSION		1

#define DatumGetFunnelP(X)		((Funnel *) PG_DETOAST_DATUM(X))
#define PG_GETARG_FUNNEL_P(n)	DatumGetFunnelP(PG_GETARG_DATUM(n))
#define PG_RETURN_FUNNEL_P(x)	PG_RETURN_POINTER(x)

/* NULL when f is a valid funnel, else a sentence saying what is wrong. */
extern const char *funnel_invalid(const Funnel *f);

/*
 * scenario.funnel_state: the transitions seen so far, in arrival order.
 * Payload: a 4-byte header (version, flags, 2 reserved bytes) followed by
 * packed, unaligned 17-byte records (item int64, at int64, stage uint8).
 * Every transition is kept, so combining partial states is concatenation
 * and an item split across parallel workers is reassembled by the final
 * function, which sorts.
 */
#define FUNNEL_STATE_VERSION	1
#define FUNNEL_STATE_HDRSZ		4
#define FUNNEL_REC_SIZE			17

typedef struct FunnelRec
{
	int64		item;
	TimestampTz at;
	int32		stage;
} FunnelRec;

#define funnel_state_nrecs(v) \
	((VARSIZE(v) - VARHDRSZ - FUNNEL_STATE_HDRSZ) / FUNNEL_REC_SIZE)
#define funnel_state_recs(v) \
	((char *) VARDATA(v) + FUNNEL_STATE_HDRSZ)

static inline void
funnel_rec_get(const char *p, FunnelRec *r)
{
	uint8		s;

	memcpy(&r->item, p, sizeof(int64));
	memcpy(&r->at, p + 8, sizeof(int64));
	s = (uint8) p[16];
	r->stage = s;
}

static inline void
funnel_rec_put(char *p, int64 item, TimestampTz at, int stage)
{
	memcpy(p, &item, sizeof(int64));
	memcpy(p + 8, &at, sizeof(int64));
	p[16] = (char) stage;
}

/* NULL when the state header is valid, else what is wrong with it. */
extern const char *funnel_state_header_invalid(const struct varlena *v);

/* NULL when a record is valid, else what is wrong with it. */
extern const char *funnel_rec_invalid(int stage, TimestampTz at);

#endif							/* SCENARIO_FUNNEL_H */
