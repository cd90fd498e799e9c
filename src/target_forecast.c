/*
 * target_forecast.c
 *	  What a tracking value says as of a day: actual, expected, status, the
 *	  forecast at the due day with its band, the completion day, the flat
 *	  row for BI tools and the per-period results.
 *
 * Forecast method (docs/target.md): events arrive as a compound
 * Poisson process with a constant daily rate.  Observed over T days with
 * counted sum Y and sum of squares Q, the rate is Y / T, the forecast R
 * days later is actual + Y R / T, and its prediction variance is
 * Q (R / T)(1 + R / T): the variance of the future sum (Q R / T) plus that
 * of the estimated rate times R (Q (R / T)^2).  For counts (every amount 1)
 * Q = N and this is the classical Poisson prediction interval.  The band is
 * forecast -/+ 1.645 standard deviations (90%), never below what is already
 * counted unless the trend itself falls.
 */
#include "target.h"

#include <math.h>

#include "aggstate.h"
#include "datatype/timestamp.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

/* Value of the curve r days after f->upto, z standard deviations off. */
float8
tracking_curve(const TrackForecast *f, float8 r, float8 z)
{
	float8		s = r / f->T;

	return f->actual + f->rate * r + z * sqrt(f->sumsq * s * (1 + s));
}

/*
 * The first r >= 0 where the z-curve reaches goal, no later than max_r.
 * Both band curves cross once: the upper one rises, the lower one is
 * convex and starts below the goal, so {curve < goal} is an interval from 0.
 */
static bool
first_crossing(const TrackForecast *f, float8 goal, float8 z, float8 max_r, float8 *r)
{
	float8		lo = 0,
				hi = 1;
	int			i;

	while (tracking_curve(f, hi, z) < goal)
	{
		if (hi >= max_r)
			return false;
		hi = Min(hi * 2, max_r);
	}
	for (i = 0; i < 200 && hi - lo > 1e-7; i++)
	{
		float8		mid = (lo + hi) / 2;

		if (tracking_curve(f, mid, z) < goal)
			lo = mid;
		else
			hi = mid;
	}
	*r = hi;
	return true;
}

/* r days after upto as a day (whole days: the day during which it happens). */
static bool
day_after(DateADT upto, float8 r, DateADT limit, DateADT *day)
{
	float8		d = ceil(r - 1e-9);

	if (d > (float8) (limit - upto))
		return false;
	*day = upto + (DateADT) d;
	return true;
}

TrackForecast
tracking_forecast_at(const Tracking *tr, DateADT at)
{
	const Target *t = &tr->target;
	TrackForecast f;
	TrackSums	s;
	DateADT		limit;
	float8		r;

	memset(&f, 0, sizeof(f));
	f.w = target_window(t, at);
	f.started = at >= f.w.start;
	f.expected = target_expected_at(t, at);
	f.eta_null = f.early_null = f.late_null = true;
	f.actual = t->baseline;
	if (!f.started)
		return f;

	f.upto = Min(at, f.w.due);
	f.T = f.upto - f.w.start + 1;
	s = tracking_sums(tr, f.w.start, f.upto);
	f.actual = t->baseline + s.sum;
	f.rate = s.sum / f.T;
	f.sumsq = s.sumsq;
	r = f.w.due - f.upto;
	f.forecast = tracking_curve(&f, r, 0);
	f.high = tracking_curve(&f, r, TARGET_BAND_Z);
	f.low = Max(tracking_curve(&f, r, -TARGET_BAND_Z), Min(f.actual, f.forecast));

	/* already there: the day the running total first reached the goal */
	if (f.actual >= t->goal)
	{
		float8		cum = t->baseline;
		int32		i;

		for (i = 0; i < tr->ndays; i++)
		{
			if (tr->days[i].day < f.w.start || tr->days[i].n == 0)
				continue;
			cum += tr->days[i].sum;
			if (cum >= t->goal)
				break;
		}
		/* a later negative amount may have dipped below; the first reach counts */
		f.eta = f.early = f.late = i < tr->ndays ? tr->days[i].day : f.upto;
		f.eta_null = f.early_null = f.late_null = false;
		return f;
	}

	/* a window's trend runs on past its due day; a period's ends with it */
	limit = t->period == TARGET_WINDOW ?
		date2j(TARGET_MAX_YEAR, 12, 31) - POSTGRES_EPOCH_JDATE : f.w.due;
	if (f.rate > 0)
		f.eta_null = !day_after(f.upto, (t->goal - f.actual) / f.rate, limit, &f.eta);
	if (first_crossing(&f, t->goal, TARGET_BAND_Z, limit - f.upto, &r))
		f.early_null = !day_after(f.upto, r, limit, &f.early);
	if (first_crossing(&f, t->goal, -TARGET_BAND_Z, limit - f.upto, &r))
		f.late_null = !day_after(f.upto, r, limit, &f.late);
	return f;
}

/* SQL ------------------------------------------------------------------ */

static Tracking *
tracking_arg(FunctionCallInfo fcinfo)
{
	return (Tracking *) growstate_flat_arg(fcinfo, 0);
}

static TrackForecast
forecast_arg(FunctionCallInfo fcinfo)
{
	DateADT		at = PG_GETARG_DATEADT(1);

	target_check_day(at, "as-of day");
	return tracking_forecast_at(tracking_arg(fcinfo), at);
}

PG_FUNCTION_INFO_V1(tracking_target);
Datum
tracking_target(PG_FUNCTION_ARGS)
{
	Target	   *t = palloc(sizeof(Target));

	memcpy(t, &tracking_arg(fcinfo)->target, sizeof(Target));
	PG_RETURN_TARGET_P(t);
}

PG_FUNCTION_INFO_V1(tracking_events);
Datum
tracking_events(PG_FUNCTION_ARGS)
{
	Tracking   *tr = tracking_arg(fcinfo);
	int64		n = 0;
	int32		i;

	for (i = 0; i < tr->ndays; i++)
		n += tr->days[i].n;
	PG_RETURN_INT64(n);
}

PG_FUNCTION_INFO_V1(tracking_ignored);
Datum
tracking_ignored(PG_FUNCTION_ARGS)
{
	Tracking   *tr = tracking_arg(fcinfo);

	PG_RETURN_INT64(tr->ignored_before + tr->ignored_after + tr->ignored_null);
}

PG_FUNCTION_INFO_V1(tracking_actual);
Datum
tracking_actual(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(forecast_arg(fcinfo).actual);
}

PG_FUNCTION_INFO_V1(tracking_expected);
Datum
tracking_expected(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(forecast_arg(fcinfo).expected);
}

PG_FUNCTION_INFO_V1(tracking_progress);
Datum
tracking_progress(PG_FUNCTION_ARGS)
{
	TrackForecast f = forecast_arg(fcinfo);
	const Target *t = &tracking_arg(fcinfo)->target;

	PG_RETURN_FLOAT8((f.actual - t->baseline) / (t->goal - t->baseline));
}

PG_FUNCTION_INFO_V1(tracking_status);
Datum
tracking_status(PG_FUNCTION_ARGS)
{
	TrackForecast f = forecast_arg(fcinfo);
	float8		on = PG_GETARG_FLOAT8(2);
	float8		risk = PG_GETARG_FLOAT8(3);

	target_check_thresholds(on, risk);
	return target_status_datum(fcinfo,
							   target_status_of(&tracking_arg(fcinfo)->target,
												f.actual, PG_GETARG_DATEADT(1), on, risk));
}

#define FORECAST_FN(name, test, expr, ret) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	TrackForecast f = forecast_arg(fcinfo); \
	if (!(test)) \
		PG_RETURN_NULL(); \
	ret(expr); \
}

FORECAST_FN(tracking_forecast, f.started, f.forecast, PG_RETURN_FLOAT8)
FORECAST_FN(tracking_forecast_low, f.started, f.low, PG_RETURN_FLOAT8)
FORECAST_FN(tracking_forecast_high, f.started, f.high, PG_RETURN_FLOAT8)
FORECAST_FN(tracking_eta, !f.eta_null, f.eta, PG_RETURN_DATEADT)
FORECAST_FN(tracking_eta_early, !f.early_null, f.early, PG_RETURN_DATEADT)
FORECAST_FN(tracking_eta_late, !f.late_null, f.late, PG_RETURN_DATEADT)

/*
 * The flat form: (target, as_of, actual, expected, progress, status,
 * forecast, forecast_low, forecast_high, eta, eta_early, eta_late, events,
 * ignored), all plain columns.
 */
PG_FUNCTION_INFO_V1(tracking_report);
Datum
tracking_report(PG_FUNCTION_ARGS)
{
	Tracking   *tr = tracking_arg(fcinfo);
	DateADT		at = PG_GETARG_DATEADT(1);
	const Target *t = &tr->target;
	TrackForecast f;
	TupleDesc	desc;
	Datum		v[14];
	bool		nulls[14];
	int64		n = 0;
	int32		i;

	target_check_day(at, "as-of day");
	f = tracking_forecast_at(tr, at);
	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "tracking_report must return a composite type");
	for (i = 0; i < tr->ndays; i++)
		n += tr->days[i].n;
	memset(nulls, 0, sizeof(nulls));
	v[0] = CStringGetTextDatum(target_to_cstring(t));
	v[1] = DateADTGetDatum(at);
	v[2] = Float8GetDatum(f.actual);
	v[3] = Float8GetDatum(f.expected);
	v[4] = Float8GetDatum((f.actual - t->baseline) / (t->goal - t->baseline));
	v[5] = CStringGetTextDatum(target_status_names[target_status_of(t, f.actual, at, 1.0, 0.8)]);
	v[6] = Float8GetDatum(f.forecast);
	v[7] = Float8GetDatum(f.low);
	v[8] = Float8GetDatum(f.high);
	nulls[6] = nulls[7] = nulls[8] = !f.started;
	v[9] = DateADTGetDatum(f.eta);
	nulls[9] = f.eta_null;
	v[10] = DateADTGetDatum(f.early);
	nulls[10] = f.early_null;
	v[11] = DateADTGetDatum(f.late);
	nulls[11] = f.late_null;
	v[12] = Int64GetDatum(n);
	v[13] = Int64GetDatum(tr->ignored_before + tr->ignored_after + tr->ignored_null);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, v, nulls)));
}

/*
 * tracking_periods(tracking [, as_of]): one row per window with its total
 * and whether it met the goal.  Per-period targets list the periods from
 * the first counted day's to the last's (gaps included, with no events), or
 * with as_of up to the one holding as_of; window targets list their window.
 * Only events up to the as-of day count, and met is NULL for a period still
 * running on it (its due day not yet ended).  Without as_of, the as-of day
 * is the last counted day (per-period targets: the period holding it is
 * still running unless that day is its due day) or the window's due day
 * (window targets: met as at the end of the window).
 */
PG_FUNCTION_INFO_V1(tracking_periods);
Datum
tracking_periods(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Tracking   *tr = tracking_arg(fcinfo);
	const Target *t = &tr->target;
	TargetWindow w;
	DateADT		as_of;
	int32		first = 0,
				last = tr->ndays - 1;

	InitMaterializedSRF(fcinfo, 0);
	while (first < tr->ndays && tr->days[first].n == 0)
		first++;
	while (last >= 0 && tr->days[last].n == 0)
		last--;
	if (PG_NARGS() > 1)
	{
		as_of = PG_GETARG_DATEADT(1);
		target_check_day(as_of, "as-of day");
	}
	else if (t->period == TARGET_WINDOW)
		as_of = t->due;
	else if (first <= last)
		as_of = tr->days[last].day;
	else
		return (Datum) 0;
	if (t->period == TARGET_WINDOW)
		w = target_window(t, t->start);
	else if (first <= last && tr->days[first].day <= as_of)
		w = target_window(t, tr->days[first].day);
	else
		return (Datum) 0;
	for (;;)
	{
		TrackSums	s = tracking_sums(tr, w.start, Min(w.due, as_of));
		float8		actual = t->baseline + s.sum;
		Datum		v[5];
		bool		nulls[5] = {false, false, false, false, false};

		CHECK_FOR_INTERRUPTS();
		v[0] = DateADTGetDatum(w.start);
		v[1] = DateADTGetDatum(w.due);
		v[2] = Int64GetDatum(s.n);
		v[3] = Float8GetDatum(actual);
		v[4] = BoolGetDatum(t->op == TARGET_GE ? actual >= t->goal : actual <= t->goal);
		nulls[4] = (as_of < w.due);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, v, nulls);
		if (t->period == TARGET_WINDOW || w.due >= as_of)
			break;
		w = target_window(t, w.due + 1);
	}
	return (Datum) 0;
}
