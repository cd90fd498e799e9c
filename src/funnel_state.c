/*
 * funnel_state.c
 *	  The aggregate state type scenario.funnel_state: text and binary I/O
 *	  sharing one validator, so a partial state shipped as text (Citus) or
 *	  binary reads back exactly and nothing malformed gets in.
 *
 * Text form: the transitions in arrival order, "item stage time" separated
 * by "; ", times in ISO 8601 UTC with a "Z" and astronomical years (0 is
 * 1 BC), written and read here so that DateStyle and TimeZone play no part:
 *
 *	42 released 2024-01-05T00:00:00Z; 42 matched 2024-02-01T12:30:00.25Z
 */
#include "funnel.h"

#include "common/int.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

const char *
funnel_rec_invalid(int stage, TimestampTz at)
{
	if (stage < 0 || stage >= FUNNEL_NSTAGES)
		return "A stage position is not between 0 and 5.";
	if (TIMESTAMP_NOT_FINITE(at) || !IS_VALID_TIMESTAMP(at))
		return "A transition time is infinite or out of range.";
	return NULL;
}

const char *
funnel_state_header_invalid(const struct varlena *v)
{
	const uint8 *h = (const uint8 *) VARDATA_ANY(v);
	Size		size = VARSIZE_ANY_EXHDR(v);

	if (size < FUNNEL_STATE_HDRSZ ||
		(size - FUNNEL_STATE_HDRSZ) % FUNNEL_REC_SIZE != 0)
		return "The value has the wrong size.";
	if (h[0] != FUNNEL_STATE_VERSION)
		return "The format version is not 1.";
	if (h[1] != 0 || h[2] != 0 || h[3] != 0)
		return "Unknown flags are set.";
	return NULL;
}

void
funnel_append_time(StringInfo buf, TimestampTz at)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (timestamp2tm(at, NULL, &tm, &fsec, NULL, NULL) != 0)
		elog(ERROR, "funnel: timestamp out of range");
	appendStringInfo(buf, "%s%04d-%02d-%02dT%02d:%02d:%02d",
					 tm.tm_year < 0 ? "-" : "", abs(tm.tm_year),
					 tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (fsec != 0)
	{
		char		digits[8];
		int			n = 6;

		snprintf(digits, sizeof(digits), "%06d", (int) fsec);
		while (digits[n - 1] == '0')
			n--;
		appendStringInfo(buf, ".%.*s", n, digits);
	}
	appendStringInfoChar(buf, 'Z');
}

/* Exactly n digits (or, with n < 0, -n or more) into *v. */
static const char *
digits(const char *p, int n, int *v)
{
	int			count = 0;
	int			min = n < 0 ? -n : n;

	*v = 0;
	while (isdigit((unsigned char) *p) && (n < 0 || count < n))
	{
		if (count >= 7)
			return NULL;
		*v = *v * 10 + (*p++ - '0');
		count++;
	}
	return count >= min ? p : NULL;
}

const char *
funnel_parse_time(const char *p, TimestampTz *at)
{
	struct pg_tm tm;
	fsec_t		fsec = 0;
	bool		neg = false;
	Timestamp	ts;

	memset(&tm, 0, sizeof(tm));
	if (*p == '-')
	{
		neg = true;
		p++;
	}
	if (!(p = digits(p, -4, &tm.tm_year)) || *p++ != '-' ||
		!(p = digits(p, 2, &tm.tm_mon)) || *p++ != '-' ||
		!(p = digits(p, 2, &tm.tm_mday)) || *p++ != 'T' ||
		!(p = digits(p, 2, &tm.tm_hour)) || *p++ != ':' ||
		!(p = digits(p, 2, &tm.tm_min)) || *p++ != ':' ||
		!(p = digits(p, 2, &tm.tm_sec)))
		return NULL;
	if (*p == '.')
	{
		int			n = 0;

		p++;
		while (isdigit((unsigned char) *p) && n < 6)
		{
			fsec = fsec * 10 + (*p++ - '0');
			n++;
		}
		if (n == 0 || isdigit((unsigned char) *p))
			return NULL;
		while (n++ < 6)
			fsec *= 10;
	}
	if (*p++ != 'Z')
		return NULL;
	if (neg)
		tm.tm_year = -tm.tm_year;
	if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 ||
		tm.tm_mday > day_tab[isleap(tm.tm_year)][tm.tm_mon - 1] ||
		tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59 ||
		!IS_VALID_JULIAN(tm.tm_year, tm.tm_mon, tm.tm_mday) ||
		tm2timestamp(&tm, fsec, NULL, &ts) != 0 || !IS_VALID_TIMESTAMP(ts))
		return NULL;
	*at = ts;
	return p;
}

static void pg_attribute_noreturn()
state_syntax_error(const char *input, const char *p, const char *expected)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type funnel_state: \"%s\"", input),
			 errdetail("Expected %s at character %d.", expected, (int) (p - input) + 1)));
}

static const char *
skip_spaces(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

/* A new state value with room for n records, all zero. */
static struct varlena *
state_alloc(Size n)
{
	Size		size = add_size(VARHDRSZ + FUNNEL_STATE_HDRSZ,
								mul_size(n, FUNNEL_REC_SIZE));
	struct varlena *v;

	if (size > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("funnel state would exceed %zu bytes", (Size) MaxAllocSize)));
	v = palloc0(size);
	SET_VARSIZE(v, size);
	((uint8 *) VARDATA(v))[0] = FUNNEL_STATE_VERSION;
	return v;
}

PG_FUNCTION_INFO_V1(scenario_funnel_state_in);
Datum
scenario_funnel_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	const char *p = skip_spaces(str);
	Size		n = 0;
	struct varlena *v;
	char	   *rec;

	/* Count the records first: one per separator, plus one. */
	if (*p != '\0')
	{
		n = 1;
		for (const char *q = p; *q; q++)
			n += (*q == ';');
	}
	v = state_alloc(n);
	rec = funnel_state_recs(v);
	for (Size i = 0; i < n; i++)
	{
		int64		item = 0;
		bool		neg = false;
		const char *start;
		const char *why;
		int			stage;
		TimestampTz at;

		p = skip_spaces(p);
		if (i > 0)
		{
			if (*p++ != ';')
				state_syntax_error(str, p - 1, "\";\" before the next transition");
			p = skip_spaces(p);
		}
		if (*p == '-')
		{
			neg = true;
			p++;
		}
		if (!isdigit((unsigned char) *p))
			state_syntax_error(str, p, "an item id");
		while (isdigit((unsigned char) *p))
		{
			if (pg_mul_s64_overflow(item, 10, &item) ||
				pg_sub_s64_overflow(item, *p - '0', &item))
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("value out of range in funnel_state: \"%s\"", str),
						 errdetail("The item id at character %d exceeds the range of bigint.",
								   (int) (p - str) + 1)));
			p++;
		}
		/* accumulated negatively so that the minimum bigint reads back */
		if (!neg && pg_sub_s64_overflow(0, item, &item))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range in funnel_state: \"%s\"", str),
					 errdetail("An item id exceeds the range of bigint.")));
		if (*p != ' ')
			state_syntax_error(str, p, "a space after the item id");
		p = skip_spaces(p);
		start = p;
		while (isalpha((unsigned char) *p))
			p++;
		if ((stage = funnel_stage_position(start, (int) (p - start))) < 0)
			state_syntax_error(str, start, "a stage name");
		if (*p != ' ')
			state_syntax_error(str, p, "a space after the stage");
		p = skip_spaces(p);
		start = p;
		if (!(p = funnel_parse_time(p, &at)))
			state_syntax_error(str, start, "a time as YYYY-MM-DDTHH:MM:SS[.ffffff]Z");
		if ((why = funnel_rec_invalid(stage, at)) != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type funnel_state: \"%s\"", str),
					 errdetail("%s", why)));
		funnel_rec_put(rec + i * FUNNEL_REC_SIZE, item, at, stage);
	}
	p = skip_spaces(p);
	if (*p != '\0')
		state_syntax_error(str, p, "the end of the input");
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(scenario_funnel_state_out);
Datum
scenario_funnel_state_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	Size		n = funnel_state_nrecs(v);
	const char *rec = funnel_state_recs(v);
	StringInfoData buf;

	initStringInfo(&buf);
	for (Size i = 0; i < n; i++)
	{
		FunnelRec	r;

		funnel_rec_get(rec + i * FUNNEL_REC_SIZE, &r);
		appendStringInfo(&buf, "%s" INT64_FORMAT " %s ", i > 0 ? "; " : "",
						 r.item, funnel_stage_names[r.stage]);
		funnel_append_time(&buf, r.at);
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	PG_RETURN_CSTRING(buf.data);
}

PG_FUNCTION_INFO_V1(scenario_funnel_state_recv);
Datum
scenario_funnel_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	msg = (StringInfo) PG_GETARG_POINTER(0);
	int			version = pq_getmsgbyte(msg);
	int			flags = pq_getmsgbyte(msg);
	int64		n = pq_getmsgint64(msg);
	struct varlena *v;
	char	   *rec;

	if (version != FUNNEL_STATE_VERSION || flags != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external value for type funnel_state"),
				 errdetail(version != FUNNEL_STATE_VERSION ?
						   "The format version is not 1." : "Unknown flags are set.")));
	/* the count must match the bytes that follow, before allocating */
	if (n < 0 || n != (msg->len - msg->cursor) / FUNNEL_REC_SIZE ||
		(msg->len - msg->cursor) % FUNNEL_REC_SIZE != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid external value for type funnel_state"),
				 errdetail("The transition count does not match the data.")));
	v = state_alloc((Size) n);
	rec = funnel_state_recs(v);
	for (int64 i = 0; i < n; i++)
	{
		int64		item = pq_getmsgint64(msg);
		int			stage = pq_getmsgbyte(msg);
		TimestampTz at = pq_getmsgint64(msg);
		const char *why = funnel_rec_invalid(stage, at);

		if (why != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("invalid external value for type funnel_state"),
					 errdetail("%s", why)));
		funnel_rec_put(rec + i * FUNNEL_REC_SIZE, item, at, stage);
	}
	pq_getmsgend(msg);
	PG_RETURN_POINTER(v);
}

PG_FUNCTION_INFO_V1(scenario_funnel_state_send);
Datum
scenario_funnel_state_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = PG_DETOAST_DATUM(PG_GETARG_DATUM(0));
	Size		n = funnel_state_nrecs(v);
	const char *rec = funnel_state_recs(v);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, FUNNEL_STATE_VERSION);
	pq_sendbyte(&buf, 0);
	pq_sendint64(&buf, (int64) n);
	for (Size i = 0; i < n; i++)
	{
		FunnelRec	r;

		funnel_rec_get(rec + i * FUNNEL_REC_SIZE, &r);
		pq_sendint64(&buf, r.item);
		pq_sendbyte(&buf, (uint8) r.stage);
		pq_sendint64(&buf, r.at);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}
