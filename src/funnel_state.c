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

#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "textio.h"
#include "utils/builtins.h"
#include "utils/datetime.h"
#include "utils/jsonb.h"
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

/* One transition, "item stage time", into rec. */
static void
scan_transition(TextCursor *c, char *rec)
{
	int64		item;
	const char *start;
	int			len;
	int			stage;
	TimestampTz at;
	const char *why;

	item = textio_expect_int64(c, true, "an item id");
	if (*c->p != ' ')
		textio_error(c, "Expected a space after the item id");
	textio_skip_space(c);
	len = textio_word(c, &start);
	stage = funnel_stage_position(start, len);
	if (stage < 0)
	{
		c->p = start;
		textio_error(c, "Expected a stage name");
	}
	if (*c->p != ' ')
		textio_error(c, "Expected a space after the stage");
	textio_skip_space(c);
	if (!textio_timestamp(c, &at))
		textio_error(c, "Expected a time as YYYY-MM-DDTHH:MM:SS[.ffffff]Z");
	if ((why = funnel_rec_invalid(stage, at)) != NULL)
		textio_invalid(c, why);
	funnel_rec_put(rec, item, at, stage);
}

PG_FUNCTION_INFO_V1(scenario_funnel_state_in);
Datum
scenario_funnel_state_in(PG_FUNCTION_ARGS)
{
	TextCursor	c;
	Size		n = 0;
	struct varlena *v;
	char	   *rec;

	textio_init(&c, PG_GETARG_CSTRING(0), "funnel_state");
	/* Count the records first: one per separator, plus one. */
	if (!textio_at_end(&c))
	{
		n = 1;
		for (const char *q = c.p; *q; q++)
			n += (*q == ';');
	}
	v = state_alloc(n);
	rec = funnel_state_recs(v);
	for (Size i = 0; i < n; i++)
	{
		if (i > 0 && !textio_take_char(&c, ';'))
			textio_error(&c, "Expected \";\" before the next transition");
		textio_skip_space(&c);
		scan_transition(&c, rec + i * FUNNEL_REC_SIZE);
	}
	textio_expect_end(&c, "Expected the end of the input");
	PG_RETURN_POINTER(v);
}

/*
 * The transitions in arrival order, in the text form or as the JSON of
 * funnel_state_jsonb ({"transitions": [{"item", "stage", "at"}, ...]}).
 */
static char *
funnel_state_text(struct varlena *v, bool json)
{
	Size		n = funnel_state_nrecs(v);
	const char *rec = funnel_state_recs(v);
	StringInfoData buf;

	initStringInfo(&buf);
	if (json)
		appendStringInfoString(&buf, "{\"transitions\": [");
	for (Size i = 0; i < n; i++)
	{
		FunnelRec	r;

		funnel_rec_get(rec + i * FUNNEL_REC_SIZE, &r);
		appendStringInfo(&buf, json ? "%s{\"item\": " INT64_FORMAT ", \"stage\": \"%s\", \"at\": \"" :
						 "%s" INT64_FORMAT " %s ",
						 i == 0 ? "" : json ? ", " : "; ", r.item, funnel_stage_names[r.stage]);
		textio_append_timestamp(&buf, r.at);
		if (json)
			appendStringInfoString(&buf, "\"}");
		if ((i & 0xFFFF) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	if (json)
		appendStringInfoString(&buf, "]}");
	return buf.data;
}

PG_FUNCTION_INFO_V1(scenario_funnel_state_out);
Datum
scenario_funnel_state_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(funnel_state_text(PG_DETOAST_DATUM(PG_GETARG_DATUM(0)), false));
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

PG_FUNCTION_INFO_V1(scenario_funnel_state_jsonb);
Datum
scenario_funnel_state_jsonb(PG_FUNCTION_ARGS)
{
	char	   *json = funnel_state_text(PG_DETOAST_DATUM(PG_GETARG_DATUM(0)), true);

	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(json)));
}
