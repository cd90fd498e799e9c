/*
 * target.h
 *	  The target type (a goal with a pace) and the tracking aggregate state.
 *
 * A target is a fixed-size value: "the cumulative total of some events must
 * reach (>=) or stay under (<=) a goal", either over one window
 * [start, due] or afresh in every calendar period (year, quarter, month),
 * its days being those of its time zone (default Asia/Shanghai).
 * A tracking value is the target plus the per-day sums of the events that
 * fell in it, so that any as-of day can be evaluated after aggregation.
 */
#ifndef SCENARIO_TARGET_H
#define SCENARIO_TARGET_H

#include "scenario.h"

#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "pgtime.h"
#include "textio.h"
#include "utils/date.h"

#define TARGET_VERSION		1
#define TRACKING_VERSION	1

/* op */
#define TARGET_GE			1	/* a floor: reach at least goal */
#define TARGET_LE			2	/* a ceiling: stay at or under goal */

/* period; TARGET_WINDOW means one window [start, due] */
#define TARGET_WINDOW		0
#define TARGET_YEAR			1
#define TARGET_QUARTER		2
#define TARGET_MONTH		3

/* Dates are limited to years 1..9999 so that every derived day is valid. */
#define TARGET_MIN_YEAR		1
#define TARGET_MAX_YEAR		9999
#define TARGET_MIN_DAY		(-730119)	/* 0001-01-01 as a DateADT */
#define TARGET_MAX_DAY		2921939		/* 9999-12-31 */

/* Window targets up to this many days keep a slot for every day. */
#define TRACKING_DENSE_MAX	4018		/* 11 years */

/* The forecast band is the central 90% of the normal approximation. */
#define TARGET_BAND_Z		1.6448536269514722

/*
 * Fixed length (32 bytes, passed by reference, double aligned).  Unused
 * fields are zero so that equal targets are equal bytes.
 */
typedef struct Target
{
	uint8		version;
	uint8		op;
	uint8		period;
	uint8		unit;			/* 0: none; else index+1 in target_units */
	DateADT		start;			/* window targets only */
	DateADT		due;			/* window targets only */
	int32		zone;			/* 0: Asia/Shanghai; else see target_zone.c */
	float8		goal;
	float8		baseline;
} Target;

#define DatumGetTargetP(d)		((Target *) DatumGetPointer(d))
#define PG_GETARG_TARGET_P(n)	DatumGetTargetP(PG_GETARG_DATUM(n))
#define PG_RETURN_TARGET_P(p)	PG_RETURN_POINTER(p)

/* The window that counts for day `at`: the target's own, or at's period. */
typedef struct TargetWindow
{
	DateADT		start;
	DateADT		due;
} TargetWindow;

/* Status thresholds: on_track when pace ratio >= on, at_risk when >= risk. */
typedef enum TargetStatus
{
	TS_ACHIEVED,
	TS_ON_TRACK,
	TS_AT_RISK,
	TS_OFF_TRACK,
	TS_MISSED,
	TS_NOT_STARTED
} TargetStatus;

extern const char *const target_status_names[];

/* target_io.c */
extern void target_parse(const char *str, Target *t);
extern char *target_to_cstring(const Target *t);
extern void target_validate(Target *t, const char *what);
extern bool target_scan_day(TextCursor *c, DateADT *result);
extern void target_send_fields(StringInfo buf, const Target *t);
extern void target_recv_fields(StringInfo buf, Target *t);
extern void target_append_json(StringInfo buf, const Target *t);

/* target_zone.c */
extern int32 target_zone_lookup(const char *name, int len);
extern bool target_zone_valid(int32 zone);
extern const char *target_zone_name(int32 zone);
extern pg_tz *target_zone_tz(int32 zone);
extern DateADT target_day_in_zone(TimestampTz ts, pg_tz *tz);

/* target_eval.c */
extern TargetWindow target_window(const Target *t, DateADT at);
extern double target_elapsed_share(TargetWindow w, DateADT at);
extern float8 target_expected_at(const Target *t, DateADT at);
extern TargetStatus target_status_of(const Target *t, float8 actual, DateADT at,
									 float8 on, float8 risk);
extern void target_check_thresholds(float8 on, float8 risk);
extern void target_check_day(DateADT at, const char *what);
extern Datum target_status_datum(FunctionCallInfo fcinfo, TargetStatus s);

/*
 * Tracking: the flat image (a varlena) of the aggregate state and result.
 * Days are sorted ascending and unique; each holds the count, sum and sum of
 * squares of the amounts of that day's counted events.  Once an eighth of
 * the days of a window target of up to TRACKING_DENSE_MAX days have events,
 * the aggregate gives every day of the window a slot, so that a row finds
 * its slot by subtraction; empty slots (n = 0) are left out of the text and
 * binary forms.
 */
typedef struct TrackDay
{
	DateADT		day;
	int32		reserved;
	int64		n;
	float8		sum;
	float8		sumsq;
} TrackDay;

typedef struct Tracking
{
	int32		vl_len_;
	uint8		version;
	uint8		flags;
	uint16		reserved;
	int32		ndays;
	int32		hint;			/* last day slot used; a cache, not data */
	int32		reserved2;
	Target		target;
	int64		ignored_before;	/* events before the window's start */
	int64		ignored_after;	/* events after its due day */
	int64		ignored_null;	/* rows with a NULL day or amount */
	TrackDay	days[FLEXIBLE_ARRAY_MEMBER];
} Tracking;

#define TRACKING_NEGATIVE	0x01	/* some counted amount was negative */

#define TRACKING_HDRSZ		offsetof(Tracking, days)
#define TRACKING_SIZE(n)	add_size(TRACKING_HDRSZ, mul_size((n), sizeof(TrackDay)))

#define DatumGetTrackingP(d)	((Tracking *) PG_DETOAST_DATUM(d))
#define PG_GETARG_TRACKING_P(n)	DatumGetTrackingP(PG_GETARG_DATUM(n))
#define PG_RETURN_TRACKING_P(p)	PG_RETURN_POINTER(p)

/* target_track.c */
extern void tracking_validate(const Tracking *tr, const char *what);
extern void tracking_check_totals(const Tracking *tr, const char *what, float8 headroom);

/* Sums of counted events in [from, to], both inclusive. */
typedef struct TrackSums
{
	int64		n;
	float8		sum;
	float8		sumsq;
} TrackSums;

extern TrackSums tracking_sums(const Tracking *tr, DateADT from, DateADT to);

/* target_forecast.c */
typedef struct TrackForecast
{
	TargetWindow w;				/* the window that holds the as-of day */
	bool		started;		/* as-of day on or after the window's start */
	DateADT		upto;			/* last day observed: min(as-of, due) */
	float8		T;				/* days observed: upto - start + 1 */
	float8		rate;			/* counted sum per day */
	float8		sumsq;			/* counted sum of squares */
	float8		actual;			/* baseline + counted sum up to upto */
	float8		expected;
	float8		forecast;		/* at the due day (when started) */
	float8		low;
	float8		high;
	bool		eta_null,
				early_null,
				late_null;
	DateADT		eta,
				early,
				late;
} TrackForecast;

extern TrackForecast tracking_forecast_at(const Tracking *tr, DateADT at);
extern float8 tracking_curve(const TrackForecast *f, float8 r, float8 z);

/* target_svg.c */
extern char *tracking_burnup_svg(const Tracking *tr, DateADT at, int width, int height);

#endif							/* SCENARIO_TARGET_H */
