/*
 * target_eval.c
 *	  What a target says about a value on a day: its window, the expected
 *	  (linear pace) value, progress and status, and the pace line.
 *
 * Days are whole: "as of day d" means at the end of d, with d's events
 * counted.  A window [start, due] holds due - start + 1 days; after k of
 * them the expected value is baseline + (goal - baseline) * k / days.  A
 * per-period target is a window per calendar period: the period that holds
 * the day counts.
 */
#include "target.h"

#include <math.h>

#include "catalog/pg_enum.h"
#include "datatype/timestamp.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/fmgrprotos.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/timestamp.h"

const char *const target_status_names[] = {
	"achieved", "on_track", "at_risk", "off_track", "missed", "not_started"
};

void
target_check_day(DateADT at, const char *what)
{
	if (at < TARGET_MIN_DAY || at > TARGET_MAX_DAY)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("%s out of range for targets", what),
				 errdetail("Targets work with the days of the years 0001 to 9999.")));
}

void
target_check_thresholds(float8 on, float8 risk)
{
	if (isnan(on) || isnan(risk) || isinf(on) || isinf(risk) ||
		risk <= 0 || on < risk)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid status thresholds: on_track %g, at_risk %g", on, risk),
				 errdetail("Thresholds are finite with 0 < at_risk <= on_track.")));
}

TargetWindow
target_window(const Target *t, DateADT at)
{
	TargetWindow w;
	int			y,
				m,
				d,
				m0,
				len;

	if (t->period == TARGET_WINDOW)
	{
		w.start = t->start;
		w.due = t->due;
		return w;
	}
	j2date(at + POSTGRES_EPOCH_JDATE, &y, &m, &d);
	len = t->period == TARGET_YEAR ? 12 : (t->period == TARGET_QUARTER ? 3 : 1);
	m0 = ((m - 1) / len) * len + 1;
	w.start = date2j(y, m0, 1) - POSTGRES_EPOCH_JDATE;
	if (m0 + len > 12)
		w.due = date2j(y + 1, 1, 1) - POSTGRES_EPOCH_JDATE - 1;
	else
		w.due = date2j(y, m0 + len, 1) - POSTGRES_EPOCH_JDATE - 1;
	return w;
}

/* Days of w elapsed at the end of day at, as a share of its length. */
double
target_elapsed_share(TargetWindow w, DateADT at)
{
	if (at < w.start)
		return 0;
	if (at >= w.due)
		return 1;
	return (double) (at - w.start + 1) / (double) (w.due - w.start + 1);
}

/* The expected gain over the baseline, computed so that whole numbers stay exact. */
static float8
expected_gain(const Target *t, TargetWindow w, DateADT at)
{
	if (at < w.start)
		return 0;
	if (at >= w.due)
		return t->goal - t->baseline;
	return (t->goal - t->baseline) * (double) (at - w.start + 1) /
		(double) (w.due - w.start + 1);
}

float8
target_expected_at(const Target *t, DateADT at)
{
	return t->baseline + expected_gain(t, target_window(t, at), at);
}

/*
 * The status rules (docs/target.md):
 *	floor (>=):   achieved once actual >= goal; missed when the due day has
 *	              ended below it; else on_track when the gain is at least
 *	              on * the expected gain, at_risk when at least risk * it,
 *	              else off_track.
 *	ceiling (<=): missed once actual > goal; achieved when the due day has
 *	              ended at or under it; else on_track when on * the gain
 *	              (the allowance used) is at most the expected gain, at_risk
 *	              when risk * it is, else off_track.
 *	not_started before the window's first day.
 */
TargetStatus
target_status_of(const Target *t, float8 actual, DateADT at, float8 on, float8 risk)
{
	TargetWindow w = target_window(t, at);
	float8		gain = actual - t->baseline;
	float8		exp;

	if (at < w.start)
		return TS_NOT_STARTED;
	exp = expected_gain(t, w, at);
	if (t->op == TARGET_GE)
	{
		if (actual >= t->goal)
			return TS_ACHIEVED;
		if (at >= w.due)
			return TS_MISSED;
		if (gain >= on * exp)
			return TS_ON_TRACK;
		if (gain >= risk * exp)
			return TS_AT_RISK;
		return TS_OFF_TRACK;
	}
	if (actual > t->goal)
		return TS_MISSED;
	if (at >= w.due)
		return TS_ACHIEVED;
	if (on * gain <= exp)
		return TS_ON_TRACK;
	if (risk * gain <= exp)
		return TS_AT_RISK;
	return TS_OFF_TRACK;
}

/*
 * The enum value for s.  Enum values are pg_enum OIDs, looked up once per
 * call site (by the function's declared result type) and kept in fn_extra.
 */
Datum
target_status_datum(FunctionCallInfo fcinfo, TargetStatus s)
{
	Oid		   *oids = (Oid *) fcinfo->flinfo->fn_extra;

	if (oids == NULL)
	{
		Oid			typ = get_func_rettype(fcinfo->flinfo->fn_oid);
		int			i;

		oids = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(Oid) * lengthof(target_status_names));
		for (i = 0; i < (int) lengthof(target_status_names); i++)
		{
			oids[i] = GetSysCacheOid2(ENUMTYPOIDNAME, Anum_pg_enum_oid,
									  ObjectIdGetDatum(typ),
									  CStringGetDatum(target_status_names[i]));
			if (!OidIsValid(oids[i]))
				elog(ERROR, "target_status label \"%s\" not found", target_status_names[i]);
		}
		fcinfo->flinfo->fn_extra = oids;
	}
	return ObjectIdGetDatum(oids[s]);
}

static float8
check_actual(float8 v)
{
	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("actual value must be finite")));
	return v;
}

PG_FUNCTION_INFO_V1(target_progress);
Datum
target_progress(PG_FUNCTION_ARGS)
{
	Target	   *t = PG_GETARG_TARGET_P(0);
	float8		a = check_actual(PG_GETARG_FLOAT8(1));

	PG_RETURN_FLOAT8((a - t->baseline) / (t->goal - t->baseline));
}

PG_FUNCTION_INFO_V1(target_expected);
Datum
target_expected(PG_FUNCTION_ARGS)
{
	Target	   *t = PG_GETARG_TARGET_P(0);
	DateADT		at = PG_GETARG_DATEADT(1);

	target_check_day(at, "as-of day");
	PG_RETURN_FLOAT8(target_expected_at(t, at));
}

PG_FUNCTION_INFO_V1(target_status);
Datum
target_status(PG_FUNCTION_ARGS)
{
	Target	   *t = PG_GETARG_TARGET_P(0);
	float8		a = check_actual(PG_GETARG_FLOAT8(1));
	DateADT		at = PG_GETARG_DATEADT(2);
	float8		on = PG_GETARG_FLOAT8(3);
	float8		risk = PG_GETARG_FLOAT8(4);

	target_check_day(at, "as-of day");
	target_check_thresholds(on, risk);
	return target_status_datum(fcinfo, target_status_of(t, a, at, on, risk));
}

/*
 * target_pace(target, step, at): (day, expected) from the window's first
 * day in steps of step (start + k * step, so months do not drift), ending
 * with the due day.  A per-period target draws the period that holds at.
 */
PG_FUNCTION_INFO_V1(target_pace);
Datum
target_pace(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Target	   *t;
	Interval   *step;
	TargetWindow w;
	DateADT		prev;
	int64		k;

	/* not strict (the day is optional): no target or step, no line */
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
	{
		InitMaterializedSRF(fcinfo, 0);
		return (Datum) 0;
	}
	t = PG_GETARG_TARGET_P(0);
	step = PG_GETARG_INTERVAL_P(1);

	if (t->period != TARGET_WINDOW)
	{
		if (PG_ARGISNULL(2))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("a per-period target needs a day to pick its period"),
					 errhint("Pass a day of the period: target_pace(target, step, period_of).")));
		target_check_day(PG_GETARG_DATEADT(2), "day");
		w = target_window(t, PG_GETARG_DATEADT(2));
	}
	else
		w = target_window(t, 0);

	InitMaterializedSRF(fcinfo, 0);
	prev = w.start - 1;
	for (k = 0;; k++)
	{
		Datum		values[2];
		bool		nulls[2] = {false, false};
		Datum		off = DirectFunctionCall2(interval_mul, IntervalPGetDatum(step),
											  Float8GetDatum((float8) k));
		Timestamp	ts = DatumGetTimestamp(DirectFunctionCall2(date_pl_interval,
															  DateADTGetDatum(w.start), off));
		DateADT		d;

		CHECK_FOR_INTERRUPTS();
		if (TIMESTAMP_NOT_FINITE(ts))
			d = w.due;
		else
			d = (DateADT) (ts / USECS_PER_DAY) - (ts < 0 && ts % USECS_PER_DAY != 0 ? 1 : 0);
		if (d > w.due)
			d = w.due;
		if (d <= prev)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("pace step must advance at least one day")));
		values[0] = DateADTGetDatum(d);
		values[1] = Float8GetDatum(target_expected_at(t, d));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		if (d == w.due)
			break;
		prev = d;
	}
	return (Datum) 0;
}
