/*
 * funnel_io.c
 *	  The result type scenario.funnel: text and binary I/O (one validator for
 *	  both), equality and hashing, and the row-per-stage form for BI tools.
 *
 * Text form, one clause per stage in stage order, separated by "; ":
 *
 *	released 149 median 12d 03:00:00 over 140; matched 120; ...; closed 10
 *
 * "median D over N" appears when N > 0 items were seen leaving the stage.
 * Durations are "<days>d HH:MM:SS[.ffffff]", independent of IntervalStyle,
 * so the output is the same in every session and reads back exactly.
 */
#include "funnel.h"

#include "common/hashfn.h"
#include "common/int.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "textio.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"

const char *const funnel_stage_names[FUNNEL_NSTAGES] = {
	"released", "matched", "negotiating", "signed", "operating", "closed"
};

int
funnel_stage_position(const char *label, int len)
{
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
		if ((int) strlen(funnel_stage_names[i]) == len &&
			strncmp(funnel_stage_names[i], label, len) == 0)
			return i;
	return -1;
}

const char *
funnel_invalid(const Funnel *f)
{
	if (VARSIZE(f) != sizeof(Funnel))
		return "The value has the wrong size.";
	if (f->version != FUNNEL_VERSION)
		return "The format version is not 1.";
	if (f->flags != 0 || f->reserved != 0)
		return "Unknown flags are set.";
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
	{
		const FunnelStage *s = &f->stages[i];

		if (s->reached < 0 || s->timed < 0 || s->median_us < 0)
			return "Counts and medians cannot be negative.";
		if (s->timed > s->reached)
			return "More items were timed in a stage than reached it.";
		if (s->timed == 0 && s->median_us != 0)
			return "A stage with no timed item has no median.";
		if (i > FUNNEL_RELEASED && i < FUNNEL_CLOSED &&
			s->reached > f->stages[i - 1].reached)
			return "A stage cannot be reached by more items than the stage before it.";
	}
	if (f->stages[FUNNEL_CLOSED].reached > f->stages[FUNNEL_RELEASED].reached)
		return "More items were closed than released.";
	if (f->stages[FUNNEL_CLOSED].timed != 0)
		return "The closed stage has no time in stage.";
	return NULL;
}

static void
append_duration(StringInfo buf, int64 us)
{
	int64		days = us / USECS_PER_DAY;
	int64		rest = us % USECS_PER_DAY;
	int64		secs = rest / USECS_PER_SEC;

	appendStringInfo(buf, INT64_FORMAT "d %02d:%02d:%02d", days,
					 (int) (secs / 3600), (int) (secs / 60 % 60), (int) (secs % 60));
	textio_append_fraction(buf, (int) (rest % USECS_PER_SEC));
}

/* two digits of a clock field, at most max, then sep (when not '\0') */
static int64
scan_clock(TextCursor *c, const char *what, int max, char sep)
{
	int64		v;

	if (textio_digits(c, 2, &v) == 0)
		textio_error(c, psprintf("Expected %s", what));
	if ((sep != '\0' && *c->p != sep) || v > max)
		textio_error(c, psprintf(sep ? "Expected %s 00-%d and \"%c\"" : "Expected %s 00-%d",
								 what, max, sep));
	if (sep != '\0')
		c->p++;
	return v;
}

/* <days>d HH:MM:SS[.ffffff] in microseconds */
static int64
scan_duration(TextCursor *c)
{
	int64		days = textio_expect_int64(c, false, "a number of days");
	int64		h,
				m,
				s,
				total;
	int			us;

	if (*c->p != 'd')
		textio_error(c, "Expected \"d\" after the days");
	c->p++;
	textio_skip_space(c);
	h = scan_clock(c, "hours", 23, ':');
	m = scan_clock(c, "minutes", 59, ':');
	s = scan_clock(c, "seconds", 59, '\0');
	if (!textio_fraction(c, &us))
		textio_error(c, "Expected 1 to 6 digits of fractional seconds");
	if (pg_mul_s64_overflow(days, USECS_PER_DAY, &total) ||
		pg_add_s64_overflow(total, ((h * 60 + m) * 60 + s) * USECS_PER_SEC + us, &total))
		textio_out_of_range(c, "A median exceeds the range of a duration in microseconds.");
	return total;
}

PG_FUNCTION_INFO_V1(scenario_funnel_in);
Datum
scenario_funnel_in(PG_FUNCTION_ARGS)
{
	Funnel	   *f = palloc0(sizeof(Funnel));
	TextCursor	c;
	const char *why;

	textio_init(&c, PG_GETARG_CSTRING(0), "funnel");
	SET_VARSIZE(f, sizeof(Funnel));
	f->version = FUNNEL_VERSION;
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
	{
		FunnelStage *s = &f->stages[i];

		if (i > 0 && !textio_take_char(&c, ';'))
			textio_error(&c, "Expected \";\" before the next stage");
		if (!textio_take_keyword(&c, funnel_stage_names[i]))
			textio_error(&c, psprintf("Expected stage \"%s\"", funnel_stage_names[i]));
		s->reached = textio_expect_int64(&c, false, "the number of items that reached the stage");
		if (textio_take_keyword(&c, "median"))
		{
			s->median_us = scan_duration(&c);
			if (!textio_take_keyword(&c, "over"))
				textio_error(&c, "Expected \"over\"");
			s->timed = textio_expect_int64(&c, false, "the number of timed items");
			if (s->timed == 0)
				textio_error(&c, "Expected a positive number of timed items");
		}
	}
	textio_expect_end(&c, "Expected the end of the input");
	if ((why = funnel_invalid(f)) != NULL)
		textio_invalid(&c, why);
	PG_RETURN_FUNNEL_P(f);
}

PG_FUNCTION_INFO_V1(scenario_funnel_out);
Datum
scenario_funnel_out(PG_FUNCTION_ARGS)
{
	Funnel	   *f = PG_GETARG_FUNNEL_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
	{
		const FunnelStage *s = &f->stages[i];

		appendStringInfo(&buf, "%s%s " INT64_FORMAT, i > 0 ? "; " : "",
						 funnel_stage_names[i], s->reached);
		if (s->timed > 0)
		{
			appendStringInfoString(&buf, " median ");
			append_duration(&buf, s->median_us);
			appendStringInfo(&buf, " over " INT64_FORMAT, s->timed);
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(scenario_funnel_recv);
Datum
scenario_funnel_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	Funnel	   *f = palloc0(sizeof(Funnel));
	const char *why;

	SET_VARSIZE(f, sizeof(Funnel));
	f->version = pq_getmsgbyte(msg);
	f->flags = pq_getmsgbyte(msg);
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
	{
		f->stages[i].reached = pq_getmsgint64(msg);
		f->stages[i].timed = pq_getmsgint64(msg);
		f->stages[i].median_us = pq_getmsgint64(msg);
	}
	pq_getmsgend(msg);
	if ((why = funnel_invalid(f)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external value for type funnel"),
				 errdetail("%s", why)));
	PG_RETURN_FUNNEL_P(f);
}

PG_FUNCTION_INFO_V1(scenario_funnel_send);
Datum
scenario_funnel_send(PG_FUNCTION_ARGS)
{
	Funnel	   *f = PG_GETARG_FUNNEL_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, f->version);
	pq_sendbyte(&buf, f->flags);
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
	{
		pq_sendint64(&buf, f->stages[i].reached);
		pq_sendint64(&buf, f->stages[i].timed);
		pq_sendint64(&buf, f->stages[i].median_us);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(scenario_funnel_eq);
Datum
scenario_funnel_eq(PG_FUNCTION_ARGS)
{
	Funnel	   *a = PG_GETARG_FUNNEL_P(0);
	Funnel	   *b = PG_GETARG_FUNNEL_P(1);

	PG_RETURN_BOOL(memcmp(a, b, sizeof(Funnel)) == 0);
}

PG_FUNCTION_INFO_V1(scenario_funnel_ne);
Datum
scenario_funnel_ne(PG_FUNCTION_ARGS)
{
	Funnel	   *a = PG_GETARG_FUNNEL_P(0);
	Funnel	   *b = PG_GETARG_FUNNEL_P(1);

	PG_RETURN_BOOL(memcmp(a, b, sizeof(Funnel)) != 0);
}

PG_FUNCTION_INFO_V1(scenario_funnel_hash);
Datum
scenario_funnel_hash(PG_FUNCTION_ARGS)
{
	Funnel	   *f = PG_GETARG_FUNNEL_P(0);

	return hash_any((unsigned char *) f->stages, sizeof(f->stages));
}

PG_FUNCTION_INFO_V1(scenario_funnel_hash_extended);
Datum
scenario_funnel_hash_extended(PG_FUNCTION_ARGS)
{
	Funnel	   *f = PG_GETARG_FUNNEL_P(0);

	return hash_any_extended((unsigned char *) f->stages, sizeof(f->stages),
							 PG_GETARG_INT64(1));
}

/*
 * One row per stage.  Conversions are ratios of reached counts: from the
 * previous stage (NULL for released, and for closed, which is not a step
 * of the pipeline) and from released (for closed: the share that left).
 */
PG_FUNCTION_INFO_V1(scenario_funnel_rows);
Datum
scenario_funnel_rows(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Funnel	   *f = PG_GETARG_FUNNEL_P(0);
	int64		first = f->stages[FUNNEL_RELEASED].reached;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
	{
		const FunnelStage *s = &f->stages[i];
		Datum		values[6];
		bool		nulls[6] = {false, false, false, false, false, false};

		values[0] = CStringGetTextDatum(funnel_stage_names[i]);
		values[1] = Int32GetDatum(i + 1);
		values[2] = Int64GetDatum(s->reached);
		if (i == FUNNEL_RELEASED || i == FUNNEL_CLOSED ||
			f->stages[i - 1].reached == 0)
			nulls[3] = true;
		else
			values[3] = Float8GetDatum((double) s->reached /
									   (double) f->stages[i - 1].reached);
		if (first == 0)
			nulls[4] = true;
		else
			values[4] = Float8GetDatum((double) s->reached / (double) first);
		if (s->timed == 0)
			nulls[5] = true;
		else
			values[5] = Float8GetDatum((double) s->median_us / (double) USECS_PER_DAY);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

static void
append_ratio(StringInfo buf, int64 num, int64 den)
{
	if (den == 0)
		appendStringInfoString(buf, "null");
	else
		appendStringInfoString(buf, float8out_internal((double) num / (double) den));
}

/*
 * {"stages": [{"stage", "position", "reached", "timed", "median_seconds",
 * "median_days", "conversion_prev", "conversion_first"}, ...]}: the rows of
 * scenario_funnel_rows with the median also in seconds, exact as the text
 * form writes it.
 */
PG_FUNCTION_INFO_V1(scenario_funnel_jsonb);
Datum
scenario_funnel_jsonb(PG_FUNCTION_ARGS)
{
	Funnel	   *f = PG_GETARG_FUNNEL_P(0);
	int64		first = f->stages[FUNNEL_RELEASED].reached;
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, "{\"stages\": [");
	for (int i = 0; i < FUNNEL_NSTAGES; i++)
	{
		const FunnelStage *s = &f->stages[i];

		appendStringInfo(&buf, "%s{\"stage\": \"%s\", \"position\": %d, \"reached\": " INT64_FORMAT
						 ", \"timed\": " INT64_FORMAT ", \"median_seconds\": ",
						 i > 0 ? ", " : "", funnel_stage_names[i], i + 1, s->reached, s->timed);
		if (s->timed == 0)
			appendStringInfoString(&buf, "null, \"median_days\": null");
		else
		{
			appendStringInfo(&buf, INT64_FORMAT, s->median_us / USECS_PER_SEC);
			textio_append_fraction(&buf, (int) (s->median_us % USECS_PER_SEC));
			appendStringInfo(&buf, ", \"median_days\": %s",
							 float8out_internal((double) s->median_us / (double) USECS_PER_DAY));
		}
		appendStringInfoString(&buf, ", \"conversion_prev\": ");
		append_ratio(&buf, s->reached, i == FUNNEL_RELEASED || i == FUNNEL_CLOSED ? 0 :
					 f->stages[i - 1].reached);
		appendStringInfoString(&buf, ", \"conversion_first\": ");
		append_ratio(&buf, s->reached, first);
		appendStringInfoChar(&buf, '}');
	}
	appendStringInfoString(&buf, "]}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
