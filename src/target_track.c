/*
 * target_track.c
 *	  The track() aggregate and its state/result type, tracking.
 *
 * The state is the target plus one slot per day that had counted events
 * (count, sum, sum of squares), sorted by day.  Per row that is a lookup
 * (by subtraction once a window target's state is dense, else the last slot
 * used or a branch-free binary search) and three additions; the state grows
 * only with distinct days, which a window bounds.  Keeping days
 * rather than a running total lets every accessor evaluate any as-of day and
 * draw the cumulative line.  Text and binary forms carry the same content,
 * so a partial state round-trips exactly (shortest exact float8 text).
 *
 * Rows whose day is before the window's start or after its due day are not
 * counted but tallied (ignored_before / ignored_after), as are rows with a
 * NULL day or amount (ignored_null).  Rows with a NULL target are skipped
 * like any aggregate's NULL input.  A timestamptz counts on its day in the
 * target's time zone (target_zone.c), whatever the session's TimeZone.
 */
#include "target.h"

#include <float.h>
#include <math.h>

#include "aggstate.h"
#include "common/int.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/jsonb.h"
#include "utils/fmgrprotos.h"
#include "utils/timestamp.h"

/*
 * Give a window target a slot for every day of its window, keeping the
 * counted days.  Done once, when an eighth of the window's days have events:
 * from then on a row finds its slot by subtraction, and a state never takes
 * more than eight times the room its days need (a GROUP BY with many small
 * groups stays small).
 */
static void
densify(GrowState *gs)
{
	Tracking   *tr = (Tracking *) gs->flat;
	int32		n = tr->ndays;
	int32		len = tr->target.due - tr->target.start + 1;
	TrackDay   *old = palloc(n * sizeof(TrackDay));
	int32		i;

	memcpy(old, tr->days, n * sizeof(TrackDay));
	growstate_append(gs, (len - n) * sizeof(TrackDay));
	tr = (Tracking *) gs->flat;
	memset(tr->days, 0, len * sizeof(TrackDay));
	for (i = 0; i < len; i++)
		tr->days[i].day = tr->target.start + i;
	for (i = 0; i < n; i++)
		tr->days[old[i].day - tr->target.start] = old[i];
	tr->ndays = len;
	tr->hint = 0;
	pfree(old);
}

/*
 * The slot for day in the state, inserted (zeroed) when missing.  Dense
 * states (and runs of consecutive days) are found by subtraction; otherwise
 * the last slot used, an append, or a branch-free binary search.
 */
static TrackDay *
day_slot(GrowState *gs, DateADT day)
{
	Tracking   *tr = (Tracking *) gs->flat;
	int32		n = tr->ndays;
	int32		lo;
	uint32		guess;

	if (n > 0)
	{
		guess = (uint32) (day - tr->days[0].day);
		if (guess < (uint32) n && tr->days[guess].day == day)
			return &tr->days[guess];
		if ((uint32) tr->hint < (uint32) n && tr->days[tr->hint].day == day)
			return &tr->days[tr->hint];
	}
	if (tr->target.period == TARGET_WINDOW && n >= 16 &&
		tr->target.due - tr->target.start < TRACKING_DENSE_MAX &&
		n >= (tr->target.due - tr->target.start + 1) / 8)
	{
		densify(gs);
		tr = (Tracking *) gs->flat;
		return &tr->days[day - tr->days[0].day];
	}
	if (n == 0 || tr->days[n - 1].day < day)
		lo = n;					/* appending in day order */
	else
	{
		const TrackDay *base = tr->days;
		int32		len = n;

		while (len > 1)
		{
			int32		half = len / 2;

			base = (base[half - 1].day < day) ? base + half : base;
			len -= half;
		}
		lo = (base - tr->days) + (base->day < day ? 1 : 0);
		if (lo < n && tr->days[lo].day == day)
		{
			tr->hint = lo;
			return &tr->days[lo];
		}
	}
	growstate_append(gs, sizeof(TrackDay));
	tr = (Tracking *) gs->flat;
	memmove(&tr->days[lo + 1], &tr->days[lo], (n - lo) * sizeof(TrackDay));
	memset(&tr->days[lo], 0, sizeof(TrackDay));
	tr->days[lo].day = day;
	tr->ndays = n + 1;
	tr->hint = lo;
	return &tr->days[lo];
}

/*
 * Rows with amounts up to this size (and targets with baselines up to
 * TRACK_SMALL_BASELINE) cannot bring a state's totals to overflow: fewer
 * than 2^63 of them add less than TRACK_HEADROOM to the sum of squares and
 * far less to the absolute sum.  A larger amount checks the totals, keeping
 * TRACK_HEADROOM free for the small rows that may follow.
 */
#define TRACK_SMALL_AMOUNT		1e143
#define TRACK_SMALL_BASELINE	1e300
#define TRACK_HEADROOM			1e305

/*
 * The totals the accessors form, checked to fit: the count of events in
 * all and the ignored tallies (int8), the baseline plus the absolute day
 * sums and the sums of squares (float8), so that every as-of total, period
 * total and forecast input is finite.  headroom: how far below float8's
 * limit the float totals must stay.  what names the input (NULL for the
 * aggregate).  22003, as for a day whose sum overflows.
 */
void
tracking_check_totals(const Tracking *tr, const char *what, float8 headroom)
{
	int64		n = 0;
	int64		ignored;
	float8		abssum = fabs(tr->target.baseline);
	float8		sumsq = 0;
	int32		i;

	for (i = 0; i < tr->ndays; i++)
	{
		if (pg_add_s64_overflow(n, tr->days[i].n, &n))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("tracked event count out of range for type bigint"),
					 what ? errdetail("The day counts of \"%s\" add up to more than 9223372036854775807.", what) : 0));
		abssum += fabs(tr->days[i].sum);
		sumsq += tr->days[i].sumsq;
	}
	if (pg_add_s64_overflow(tr->ignored_before, tr->ignored_after, &ignored) ||
		pg_add_s64_overflow(ignored, tr->ignored_null, &ignored))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("ignored row count out of range for type bigint"),
				 what ? errdetail("The ignored tallies of \"%s\" add up to more than 9223372036854775807.", what) : 0));
	if (isnan(abssum) || isnan(sumsq) ||
		abssum > DBL_MAX - headroom || sumsq > DBL_MAX - headroom)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("tracked amounts out of range for type double precision"),
				 what ? errdetail("The baseline and the absolute day sums, or the sums of squares, of \"%s\" add up beyond double precision.", what) : 0));
}

static void
day_add(TrackDay *slot, int64 n, float8 sum, float8 sumsq)
{
	if (unlikely(pg_add_s64_overflow(slot->n, n, &slot->n)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("tracked event count out of range for type bigint")));
	slot->sum += sum;
	slot->sumsq += sumsq;
	if (isinf(slot->sum) || isinf(slot->sumsq))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("tracked amounts out of range for type double precision")));
}

static GrowState *
new_state(MemoryContext aggcxt, const Target *t)
{
	GrowState  *gs = growstate_new(aggcxt, TRACKING_HDRSZ - VARHDRSZ);
	Tracking   *tr = (Tracking *) gs->flat;

	tr->version = TRACKING_VERSION;
	memcpy(&tr->target, t, sizeof(Target));
	return gs;
}

static void
same_target(const Target *a, const Target *b)
{
	if (memcmp(a, b, sizeof(Target)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("track() got different targets in one group: \"%s\" and \"%s\"",
						target_to_cstring(a), target_to_cstring(b)),
				 errhint("Group by the target, or track one target per call.")));
}

/*
 * One row: args (state, target, day, [amount]); day is already a date or
 * a NULL (isnull).
 */
static Datum
track_row(FunctionCallInfo fcinfo, DateADT day, bool day_null)
{
	MemoryContext aggcxt;
	GrowState  *gs = growstate_arg(fcinfo, 0, &aggcxt);
	Target	   *t;
	Tracking   *tr;
	float8		amount = 1;
	bool		amount_null = false;

	if (PG_ARGISNULL(1))
	{
		if (gs == NULL)
			PG_RETURN_NULL();
		PG_RETURN_DATUM(growstate_datum(gs));
	}
	t = PG_GETARG_TARGET_P(1);
	if (gs == NULL)
		gs = new_state(aggcxt, t);
	tr = (Tracking *) gs->flat;
	if (memcmp(&tr->target, t, sizeof(Target)) != 0)
		same_target(&tr->target, t);

	if (PG_NARGS() > 3)
	{
		amount_null = PG_ARGISNULL(3);
		if (!amount_null)
		{
			amount = PG_GETARG_FLOAT8(3);
			if (isnan(amount) || isinf(amount))
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("track() amount must be finite, got %g", amount)));
		}
	}
	if (day_null || amount_null)
		tr->ignored_null++;
	else
	{
		if (unlikely(day < TARGET_MIN_DAY || day > TARGET_MAX_DAY))
			target_check_day(day, "event day");
		if (tr->target.period == TARGET_WINDOW && day < tr->target.start)
			tr->ignored_before++;
		else if (tr->target.period == TARGET_WINDOW && day > tr->target.due)
			tr->ignored_after++;
		else
		{
			day_add(day_slot(gs, day), 1, amount, amount * amount);
			if (unlikely(fabs(amount) > TRACK_SMALL_AMOUNT ||
						 fabs(t->baseline) > TRACK_SMALL_BASELINE))
				tracking_check_totals((Tracking *) gs->flat, NULL, TRACK_HEADROOM);
		}
	}
	PG_RETURN_DATUM(growstate_datum(gs));
}

PG_FUNCTION_INFO_V1(tracking_trans_date);
Datum
tracking_trans_date(PG_FUNCTION_ARGS)
{
	bool		isnull = PG_ARGISNULL(2);

	return track_row(fcinfo, isnull ? 0 : PG_GETARG_DATEADT(2), isnull);
}

/* The rules of the zone last used by this call site (fn_extra). */
typedef struct ZoneCache
{
	int32		zone;
	pg_tz	   *tz;
} ZoneCache;

/*
 * The event's day in the target's time zone (never the session's, so the
 * same on every node).
 */
PG_FUNCTION_INFO_V1(tracking_trans_tstz);
Datum
tracking_trans_tstz(PG_FUNCTION_ARGS)
{
	bool		isnull = PG_ARGISNULL(2);
	DateADT		day = 0;

	if (!isnull && !PG_ARGISNULL(1))
	{
		int32		zone = PG_GETARG_TARGET_P(1)->zone;
		ZoneCache  *zc = (ZoneCache *) fcinfo->flinfo->fn_extra;

		if (zc == NULL || zc->zone != zone)
		{
			pg_tz	   *tz = target_zone_tz(zone);

			if (zc == NULL)
				fcinfo->flinfo->fn_extra = zc =
					MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(ZoneCache));
			zc->zone = zone;
			zc->tz = tz;
		}
		day = target_day_in_zone(PG_GETARG_TIMESTAMPTZ(2), zc->tz);
	}
	return track_row(fcinfo, day, isnull);
}

PG_FUNCTION_INFO_V1(tracking_combine);
Datum
tracking_combine(PG_FUNCTION_ARGS)
{
	GrowState  *gs;
	Datum		result;
	Tracking   *other;
	Tracking   *tr;
	int32		i;

	if (growstate_combine_trivial(fcinfo, &gs, &result))
		return result;
	other = (Tracking *) growstate_flat_arg(fcinfo, 1);
	tr = (Tracking *) gs->flat;
	if (memcmp(&tr->target, &other->target, sizeof(Target)) != 0)
		same_target(&tr->target, &other->target);
	if (pg_add_s64_overflow(tr->ignored_before, other->ignored_before, &tr->ignored_before) ||
		pg_add_s64_overflow(tr->ignored_after, other->ignored_after, &tr->ignored_after) ||
		pg_add_s64_overflow(tr->ignored_null, other->ignored_null, &tr->ignored_null))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("ignored row count out of range for type bigint")));
	for (i = 0; i < other->ndays; i++)
	{
		TrackDay   *o = &other->days[i];

		if (o->n > 0)
			day_add(day_slot(gs, o->day), o->n, o->sum, o->sumsq);
	}
	tracking_check_totals((Tracking *) gs->flat, NULL, TRACK_HEADROOM);
	PG_RETURN_DATUM(growstate_datum(gs));
}

/* Sums over the counted days in [from, to]. */
TrackSums
tracking_sums(const Tracking *tr, DateADT from, DateADT to)
{
	TrackSums	s = {0, 0, 0};
	int32		lo = 0,
				hi = tr->ndays;

	while (lo < hi)
	{
		int32		mid = lo + (hi - lo) / 2;

		if (tr->days[mid].day < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < tr->ndays && tr->days[lo].day <= to; lo++)
	{
		s.n += tr->days[lo].n;
		s.sum += tr->days[lo].sum;
		s.sumsq += tr->days[lo].sumsq;
	}
	return s;
}

/* Everything text and binary input check; what names the input. */
void
tracking_validate(const Tracking *tr, const char *what)
{
	int32		i;

	if (tr->version != TRACKING_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported tracking version %d", tr->version)));
	if (tr->flags != 0 || tr->reserved != 0 || tr->reserved2 != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("reserved bits set in tracking \"%s\"", what)));
	target_validate((Target *) &tr->target, what);
	if (tr->ignored_before < 0 || tr->ignored_after < 0 || tr->ignored_null < 0 ||
		(tr->target.period != TARGET_WINDOW && (tr->ignored_before != 0 || tr->ignored_after != 0)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid ignored counts in tracking \"%s\"", what)));
	for (i = 0; i < tr->ndays; i++)
	{
		const TrackDay *d = &tr->days[i];

		target_check_day(d->day, "tracking day");
		if (i > 0 && d->day <= tr->days[i - 1].day)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("tracking days must ascend without repeats in \"%s\"", what)));
		if (tr->target.period == TARGET_WINDOW &&
			(d->day < tr->target.start || d->day > tr->target.due))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("tracking day outside the target's window in \"%s\"", what)));
		if (d->n < 1 || d->reserved != 0 || isnan(d->sum) || isinf(d->sum) ||
			isnan(d->sumsq) || isinf(d->sumsq) || d->sumsq < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid day sums in tracking \"%s\"", what),
					 errdetail("Each day has a count of at least 1, a finite sum and a finite, non-negative sum of squares.")));
	}
	tracking_check_totals(tr, what, 0);
}

/*
 * Text form:  <target>; ignored <before> <after> <null>; <day> <n> <sum> <sumsq>, ...
 */
PG_FUNCTION_INFO_V1(tracking_out);
Datum
tracking_out(PG_FUNCTION_ARGS)
{
	Tracking   *tr = PG_GETARG_TRACKING_P(0);
	StringInfoData buf;
	int32		i;
	bool		first = true;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s; ignored " INT64_FORMAT " " INT64_FORMAT " " INT64_FORMAT ";",
					 target_to_cstring(&tr->target),
					 tr->ignored_before, tr->ignored_after, tr->ignored_null);
	for (i = 0; i < tr->ndays; i++)
	{
		if (tr->days[i].n == 0)
			continue;
		appendStringInfoString(&buf, first ? " " : ", ");
		first = false;
		textio_append_date(&buf, tr->days[i].day);
		appendStringInfo(&buf, " " INT64_FORMAT " ", tr->days[i].n);
		textio_append_float8(&buf, tr->days[i].sum);
		appendStringInfoChar(&buf, ' ');
		textio_append_float8(&buf, tr->days[i].sumsq);
	}
	PG_RETURN_CSTRING(buf.data);
}

static Tracking *
tracking_alloc(int32 ndays)
{
	Tracking   *tr = palloc0(TRACKING_SIZE(ndays));

	SET_VARSIZE(tr, TRACKING_SIZE(ndays));
	tr->version = TRACKING_VERSION;
	tr->ndays = ndays;
	return tr;
}

/* The day entries after the second ";": one more than the commas, if any. */
static int32
count_days(const char *p)
{
	int32		n = 0;

	if ((p = strchr(p, ';')) == NULL)
		return 0;
	for (p++; textio_isspace(*p); p++)
		;
	if (*p != '\0')
		for (n = 1; *p; p++)
			n += (*p == ',');
	return n;
}

PG_FUNCTION_INFO_V1(tracking_in);
Datum
tracking_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *semi = strchr(str, ';');
	TextCursor	c;
	Tracking   *tr;
	Target		t;
	int32		ndays;

	textio_init(&c, str, "tracking");
	if (semi == NULL)
	{
		c.p += strlen(str);
		textio_error(&c, "Expected \"<target>; ignored <before> <after> <null>; <days>\"");
	}
	target_parse(pnstrdup(str, semi - str), &t);
	c.p = semi + 1;
	if (!textio_take_keyword(&c, "ignored"))
		textio_error(&c, "Expected \"ignored\" after the target");
	tr = tracking_alloc(ndays = count_days(c.p));
	tr->target = t;
	tr->ignored_before = textio_expect_int64(&c, false, "a count");
	tr->ignored_after = textio_expect_int64(&c, false, "a count");
	tr->ignored_null = textio_expect_int64(&c, false, "a count");
	if (!textio_take_char(&c, ';'))
		textio_error(&c, "Expected \";\" after the ignored counts");
	for (int32 i = 0; i < ndays; i++)
	{
		TrackDay   *d = &tr->days[i];

		if (i > 0 && !textio_take_char(&c, ','))
			textio_error(&c, "Expected \",\" between days");
		textio_skip_space(&c);
		if (!target_scan_day(&c, &d->day))
			textio_error(&c, "Expected a day YYYY-MM-DD");
		d->n = textio_expect_int64(&c, false, "a count");
		d->sum = textio_expect_float8(&c, "a number");
		d->sumsq = textio_expect_float8(&c, "a number");
	}
	textio_expect_end(&c, "Unexpected text after the last day");
	tracking_validate(tr, str);
	PG_RETURN_TRACKING_P(tr);
}

/*
 * Binary: version, flags bytes; the target as target_send writes it;
 * ignored before, after, null int8; ndays int4; per day: day int4, n int8,
 * sum, sumsq float8.
 */
PG_FUNCTION_INFO_V1(tracking_send);
Datum
tracking_send(PG_FUNCTION_ARGS)
{
	Tracking   *tr = PG_GETARG_TRACKING_P(0);
	StringInfoData buf;
	int32		i;
	int32		nonempty = 0;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, tr->version);
	pq_sendbyte(&buf, tr->flags);
	target_send_fields(&buf, &tr->target);
	pq_sendint64(&buf, tr->ignored_before);
	pq_sendint64(&buf, tr->ignored_after);
	pq_sendint64(&buf, tr->ignored_null);
	for (i = 0; i < tr->ndays; i++)
		if (tr->days[i].n > 0)
			nonempty++;
	pq_sendint32(&buf, nonempty);
	for (i = 0; i < tr->ndays; i++)
	{
		if (tr->days[i].n == 0)
			continue;
		pq_sendint32(&buf, tr->days[i].day);
		pq_sendint64(&buf, tr->days[i].n);
		pq_sendfloat8(&buf, tr->days[i].sum);
		pq_sendfloat8(&buf, tr->days[i].sumsq);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(tracking_recv);
Datum
tracking_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	uint8		version = pq_getmsgbyte(buf);
	uint8		flags;
	Target		t;
	int64		ib,
				ia,
				in;
	int32		ndays;
	int32		i;
	Tracking   *tr;

	if (version != TRACKING_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported tracking version %d", version)));
	flags = pq_getmsgbyte(buf);
	target_recv_fields(buf, &t);
	ib = pq_getmsgint64(buf);
	ia = pq_getmsgint64(buf);
	in = pq_getmsgint64(buf);
	ndays = pq_getmsgint(buf, 4);
	/* each day takes 28 bytes on the wire: reject counts the message cannot hold */
	if (ndays < 0 || (int64) ndays * 28 > buf->len - buf->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid day count %d in binary tracking", ndays)));
	tr = tracking_alloc(ndays);
	tr->flags = flags;
	tr->target = t;
	tr->ignored_before = ib;
	tr->ignored_after = ia;
	tr->ignored_null = in;
	for (i = 0; i < ndays; i++)
	{
		tr->days[i].day = pq_getmsgint(buf, 4);
		tr->days[i].n = pq_getmsgint64(buf);
		tr->days[i].sum = pq_getmsgfloat8(buf);
		tr->days[i].sumsq = pq_getmsgfloat8(buf);
	}
	tracking_validate(tr, "binary input");
	PG_RETURN_TRACKING_P(tr);
}

/*
 * {"target": {...}, "events": N, "ignored": {"before", "after", "null"},
 * "days": [{"day", "n", "sum", "sumsq"}, ...]}: the days with events, the
 * sums as float8 values show in jsonb (float8out, so extra_float_digits
 * applies as it does to any float8 made jsonb).
 */
PG_FUNCTION_INFO_V1(tracking_jsonb);
Datum
tracking_jsonb(PG_FUNCTION_ARGS)
{
	Tracking   *tr = PG_GETARG_TRACKING_P(0);
	StringInfoData buf;
	int64		events = 0;
	bool		first = true;

	for (int32 i = 0; i < tr->ndays; i++)
		events += tr->days[i].n;
	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"target\": ");
	target_append_json(&buf, &tr->target);
	appendStringInfo(&buf, ", \"events\": " INT64_FORMAT ", \"ignored\": {\"before\": " INT64_FORMAT
					 ", \"after\": " INT64_FORMAT ", \"null\": " INT64_FORMAT "}, \"days\": [",
					 events, tr->ignored_before, tr->ignored_after, tr->ignored_null);
	for (int32 i = 0; i < tr->ndays; i++)
	{
		const TrackDay *d = &tr->days[i];

		if (d->n == 0)
			continue;
		appendStringInfoString(&buf, first ? "{\"day\": \"" : ", {\"day\": \"");
		first = false;
		textio_append_date(&buf, d->day);
		appendStringInfo(&buf, "\", \"n\": " INT64_FORMAT ", \"sum\": %s, \"sumsq\": %s}",
						 d->n, float8out_internal(d->sum), float8out_internal(d->sumsq));
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
