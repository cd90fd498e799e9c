/*
 * assign_io.c
 *	  Text and binary I/O of the assignment types (scenario.assignment, the
 *	  result, and scenario.assign_state, the aggregate's candidate list).
 *
 * One parser per type feeds one validator shared with recv, so a binary
 * value is accepted exactly when its text form would be.  Scores are written
 * in the shortest form that reads back to the same double, independent of
 * extra_float_digits, so text round trips are exact (Citus ships states as
 * text).
 */
#include "assign.h"

#include <math.h>

#include "aggstate.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "textio.h"
#include "utils/builtins.h"
#include "utils/float.h"
#include "utils/jsonb.h"

static const char *const method_names[] = {NULL, "optimal", "stable", "greedy"};

const char *
assign_method_name(int method)
{
	if (method < ASSIGN_OPTIMAL || method > ASSIGN_GREEDY)
		elog(ERROR, "invalid assignment method code %d", method);
	return method_names[method];
}

int
assign_method_parse(const char *name)
{
	for (int m = ASSIGN_OPTIMAL; m <= ASSIGN_GREEDY; m++)
		if (strcmp(name, method_names[m]) == 0)
			return m;
	return 0;
}

static int
scan_method(TextCursor *c)
{
	const char *start;
	int			len;
	int			m = 0;

	textio_skip_space(c);
	len = textio_word(c, &start);
	if (len < 16)
		m = assign_method_parse(pnstrdup(start, len));
	if (m == 0)
	{
		c->p = start;
		textio_error(c, "Expected a method (optimal, stable or greedy)");
	}
	return m;
}

/*
 * The text form shared by both types: "method:{(...),...}".  Each item is
 * read by item(c, i) into the i-th slot, after the array has room for it.
 */
typedef void (*ScanItem) (TextCursor *c, void *items, int i);

static int
scan_list(TextCursor *c, int *method, void **items, Size itemsize, int max,
		  const char *what, ScanItem item)
{
	int			n = 0,
				cap = 16;

	*method = scan_method(c);
	textio_expect_char(c, ':');
	textio_expect_char(c, '{');
	*items = palloc(cap * itemsize);
	if (!textio_take_char(c, '}'))
	{
		do
		{
			if (n == cap)
			{
				if (cap >= max / 2)
					ereport(ERROR,
							(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							 errmsg("an %s can hold at most %d %s", c->type, max, what)));
				cap *= 2;
				*items = repalloc(*items, cap * itemsize);
			}
			textio_expect_char(c, '(');
			item(c, *items, n);
			textio_expect_char(c, ')');
			n++;
		} while (textio_take_char(c, ','));
		textio_expect_char(c, '}');
	}
	textio_expect_end(c, "Unexpected text after the closing \"}\"");
	return n;
}

static void
scan_demand_supply_score(TextCursor *c, int64 *demand, int64 *supply, float8 *score)
{
	*demand = textio_expect_int64(c, true, "an integer");
	textio_expect_char(c, ',');
	*supply = textio_expect_int64(c, true, "an integer");
	textio_expect_char(c, ',');
	*score = textio_expect_float8(c, "a finite decimal score");
}

static void
append_demand_supply_score(StringInfo buf, bool first, int64 demand, int64 supply, float8 score)
{
	appendStringInfo(buf, "%s(" INT64_FORMAT "," INT64_FORMAT ",", first ? "" : ",", demand, supply);
	textio_append_float8(buf, score);
}

/* ---------------------------------------------------------------------
 * scenario.assignment
 */

static int
pair_cmp(const void *a, const void *b)
{
	const AssignPair *x = a;
	const AssignPair *y = b;

	if (x->demand != y->demand)
		return x->demand < y->demand ? -1 : 1;
	if (x->supply != y->supply)
		return x->supply < y->supply ? -1 : 1;
	return 0;
}

/*
 * Sort pairs into the canonical order and check them; returns NULL when
 * they are valid, else what is wrong (for errdetail).
 */
const char *
assign_validate_pairs(AssignPair *pairs, int n)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(pairs[i].score))
			return psprintf("Pair (" INT64_FORMAT "," INT64_FORMAT ") has a score that is not finite.",
							pairs[i].demand, pairs[i].supply);
	qsort(pairs, n, sizeof(AssignPair), pair_cmp);
	for (int i = 1; i < n; i++)
		if (pair_cmp(&pairs[i - 1], &pairs[i]) == 0)
			return psprintf("Pair (" INT64_FORMAT "," INT64_FORMAT ") appears twice.",
							pairs[i].demand, pairs[i].supply);
	return NULL;
}

/* A new assignment from valid, canonically ordered pairs. */
Assignment *
assignment_make(int method, AssignPair *pairs, int n)
{
	Size		size;
	Assignment *a;

	if (n > ASSIGNMENT_MAX_PAIRS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("an assignment can hold at most %d pairs", ASSIGNMENT_MAX_PAIRS)));
	size = ASSIGNMENT_HDRSZ + (Size) n * sizeof(AssignPair);
	a = palloc0(size);
	SET_VARSIZE(a, size);
	a->version = ASSIGN_FORMAT_VERSION;
	a->method = method;
	a->npairs = n;
	if (n > 0)
		memcpy(a->pairs, pairs, (Size) n * sizeof(AssignPair));
	return a;
}

static void
scan_pair(TextCursor *c, void *items, int i)
{
	AssignPair *p = &((AssignPair *) items)[i];

	scan_demand_supply_score(c, &p->demand, &p->supply, &p->score);
}

PG_FUNCTION_INFO_V1(assignment_in);
Datum
assignment_in(PG_FUNCTION_ARGS)
{
	TextCursor	c;
	int			method;
	void	   *pairs;
	int			n;
	const char *bad;

	textio_init(&c, PG_GETARG_CSTRING(0), "assignment");
	n = scan_list(&c, &method, &pairs, sizeof(AssignPair), ASSIGNMENT_MAX_PAIRS, "pairs", scan_pair);
	if ((bad = assign_validate_pairs(pairs, n)) != NULL)
		textio_invalid(&c, bad);
	PG_RETURN_ASSIGNMENT_P(assignment_make(method, pairs, n));
}

PG_FUNCTION_INFO_V1(assignment_out);
Datum
assignment_out(PG_FUNCTION_ARGS)
{
	Assignment *a = PG_GETARG_ASSIGNMENT_P(0);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s:{", assign_method_name(a->method));
	for (int i = 0; i < a->npairs; i++)
	{
		append_demand_supply_score(&buf, i == 0, a->pairs[i].demand,
								   a->pairs[i].supply, a->pairs[i].score);
		appendStringInfoChar(&buf, ')');
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/*
 * The binary forms: version byte, method byte, int32 count, then per item
 * (demand int8, supply int8, score float8), followed in assign_state by
 * the two capacities (int4, int4).
 */
static void
send_header(StringInfo buf, int method, int n)
{
	pq_begintypsend(buf);
	pq_sendbyte(buf, ASSIGN_FORMAT_VERSION);
	pq_sendbyte(buf, method);
	pq_sendint32(buf, n);
}

static void
send_triple(StringInfo buf, int64 demand, int64 supply, float8 score)
{
	pq_sendint64(buf, demand);
	pq_sendint64(buf, supply);
	pq_sendfloat8(buf, score);
}

static void
recv_triple(StringInfo buf, int64 *demand, int64 *supply, float8 *score)
{
	*demand = pq_getmsgint64(buf);
	*supply = pq_getmsgint64(buf);
	*score = pq_getmsgfloat8(buf);
}

PG_FUNCTION_INFO_V1(assignment_send);
Datum
assignment_send(PG_FUNCTION_ARGS)
{
	Assignment *a = PG_GETARG_ASSIGNMENT_P(0);
	StringInfoData buf;

	send_header(&buf, a->method, a->npairs);
	for (int i = 0; i < a->npairs; i++)
		send_triple(&buf, a->pairs[i].demand, a->pairs[i].supply, a->pairs[i].score);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
recv_fail(const char *type, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid external %s value", type),
			 errdetail("%s", detail)));
}

/* version, method and a count that the remaining bytes can hold */
static int
recv_header(StringInfo buf, const char *type, Size itemsize, int maxcount, int *method)
{
	int			version,
				n;

	if (buf->len - buf->cursor < 6)
		recv_fail(type, "The value is shorter than its header.");
	version = pq_getmsgbyte(buf);
	if (version != ASSIGN_FORMAT_VERSION)
		recv_fail(type, psprintf("Unsupported format version %d.", version));
	*method = pq_getmsgbyte(buf);
	if (*method < ASSIGN_OPTIMAL || *method > ASSIGN_GREEDY)
		recv_fail(type, psprintf("Unknown method code %d.", *method));
	n = pq_getmsgint(buf, 4);
	if (n < 0 || n > maxcount ||
		(Size) n * itemsize != (Size) (buf->len - buf->cursor))
		recv_fail(type, psprintf("The count %d does not match the length of the value.", n));
	return n;
}

PG_FUNCTION_INFO_V1(assignment_recv);
Datum
assignment_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			method;
	int			n = recv_header(buf, "assignment", 24, ASSIGNMENT_MAX_PAIRS, &method);
	AssignPair *pairs = palloc(Max(n, 1) * sizeof(AssignPair));
	const char *bad;

	for (int i = 0; i < n; i++)
		recv_triple(buf, &pairs[i].demand, &pairs[i].supply, &pairs[i].score);
	pq_getmsgend(buf);
	if ((bad = assign_validate_pairs(pairs, n)) != NULL)
		recv_fail("assignment", bad);
	PG_RETURN_ASSIGNMENT_P(assignment_make(method, pairs, n));
}

/* ---------------------------------------------------------------------
 * scenario.assign_state: the candidates in arrival order, not reordered
 */

static const char *
validate_cands(const AssignCand *c, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (!isfinite(c[i].score))
			return psprintf("Candidate pair (" INT64_FORMAT "," INT64_FORMAT ") has a score that is not finite.",
							c[i].demand, c[i].supply);
		if (c[i].dcap < ASSIGN_CAP_UNSET || c[i].scap < ASSIGN_CAP_UNSET)
			return psprintf("Candidate pair (" INT64_FORMAT "," INT64_FORMAT ") has a negative capacity.",
							c[i].demand, c[i].supply);
	}
	return NULL;
}

static AssignState *
assign_state_make(int method, const AssignCand *c, int n)
{
	Size		size = ASSIGN_STATE_HDRSZ + (Size) n * sizeof(AssignCand);
	AssignState *st = palloc0(size);

	SET_VARSIZE(st, size);
	st->version = ASSIGN_FORMAT_VERSION;
	st->method = method;
	if (n > 0)
		memcpy(st->cands, c, (Size) n * sizeof(AssignCand));
	return st;
}

/* an optional capacity: empty means not given */
static int32
scan_cap(TextCursor *c)
{
	int64		v;

	textio_skip_space(c);
	if (*c->p == ',' || *c->p == ')')
		return ASSIGN_CAP_UNSET;
	v = textio_expect_int64(c, true, "an integer");
	if (v < 0 || v > PG_INT32_MAX)
		textio_out_of_range(c, psprintf("A capacity must be between 0 and %d.", PG_INT32_MAX));
	return (int32) v;
}

static void
scan_cand(TextCursor *c, void *items, int i)
{
	AssignCand *a = &((AssignCand *) items)[i];

	scan_demand_supply_score(c, &a->demand, &a->supply, &a->score);
	textio_expect_char(c, ',');
	a->dcap = scan_cap(c);
	textio_expect_char(c, ',');
	a->scap = scan_cap(c);
}

PG_FUNCTION_INFO_V1(assign_state_in);
Datum
assign_state_in(PG_FUNCTION_ARGS)
{
	TextCursor	c;
	int			method;
	void	   *cands;
	int			n;
	const char *bad;

	textio_init(&c, PG_GETARG_CSTRING(0), "assign_state");
	n = scan_list(&c, &method, &cands, sizeof(AssignCand), ASSIGN_MAX_CANDIDATES_HARD,
				  "candidate pairs", scan_cand);
	if ((bad = validate_cands(cands, n)) != NULL)
		textio_invalid(&c, bad);
	PG_RETURN_ASSIGN_STATE_P(assign_state_make(method, cands, n));
}

/*
 * The candidates, in the text form or as JSON objects (the form of
 * assign_state_jsonb); an unset capacity is empty or null.
 */
static char *
assign_state_text(const AssignState *st, bool json)
{
	int			n = ASSIGN_STATE_NCANDS(st);
	const char *unset = json ? "null" : "";
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, json ? "{\"method\": \"%s\", \"candidates\": [" : "%s:{",
					 assign_method_name(st->method));
	for (int i = 0; i < n; i++)
	{
		const AssignCand *c = &st->cands[i];
		const char *dcap = c->dcap != ASSIGN_CAP_UNSET ? psprintf("%d", c->dcap) : unset;
		const char *scap = c->scap != ASSIGN_CAP_UNSET ? psprintf("%d", c->scap) : unset;

		if (json)
			appendStringInfo(&buf, "%s{\"demand_id\": " INT64_FORMAT ", \"supply_id\": " INT64_FORMAT
							 ", \"score\": %s, \"demand_capacity\": %s, \"supply_capacity\": %s}",
							 i > 0 ? ", " : "", c->demand, c->supply,
							 float8out_internal(c->score), dcap, scap);
		else
		{
			append_demand_supply_score(&buf, i == 0, c->demand, c->supply, c->score);
			appendStringInfo(&buf, ",%s,%s)", dcap, scap);
		}
	}
	appendStringInfoString(&buf, json ? "]}" : "}");
	return buf.data;
}

PG_FUNCTION_INFO_V1(assign_state_out);
Datum
assign_state_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(assign_state_text(PG_GETARG_ASSIGN_STATE_P(0), false));
}

/* binary: see send_header; each candidate adds its two capacities */
PG_FUNCTION_INFO_V1(assign_state_send);
Datum
assign_state_send(PG_FUNCTION_ARGS)
{
	AssignState *st = PG_GETARG_ASSIGN_STATE_P(0);
	int			n = ASSIGN_STATE_NCANDS(st);
	StringInfoData buf;

	send_header(&buf, st->method, n);
	for (int i = 0; i < n; i++)
	{
		send_triple(&buf, st->cands[i].demand, st->cands[i].supply, st->cands[i].score);
		pq_sendint32(&buf, st->cands[i].dcap);
		pq_sendint32(&buf, st->cands[i].scap);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

PG_FUNCTION_INFO_V1(assign_state_recv);
Datum
assign_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			method;
	int			n = recv_header(buf, "assign_state", 32, ASSIGN_MAX_CANDIDATES_HARD, &method);
	AssignCand *c = palloc(Max(n, 1) * sizeof(AssignCand));
	const char *bad;

	for (int i = 0; i < n; i++)
	{
		recv_triple(buf, &c[i].demand, &c[i].supply, &c[i].score);
		c[i].dcap = pq_getmsgint(buf, 4);
		c[i].scap = pq_getmsgint(buf, 4);
	}
	pq_getmsgend(buf);
	if ((bad = validate_cands(c, n)) != NULL)
		recv_fail("assign_state", bad);
	PG_RETURN_ASSIGN_STATE_P(assign_state_make(method, c, n));
}

/* {"method", "candidates": [{"demand_id", "supply_id", "score", "demand_capacity", "supply_capacity"}, ...]} */
PG_FUNCTION_INFO_V1(assign_state_jsonb);
Datum
assign_state_jsonb(PG_FUNCTION_ARGS)
{
	char	   *json = assign_state_text(PG_GETARG_ASSIGN_STATE_P(0), true);

	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(json)));
}


/* ---- the packed form (see assign.h) ---------------------------------- */

static void
packed_corrupt(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("corrupted packed assign_state value")));
}

static inline const char *
varint_get(const char *p, const char *end, uint64 *v)
{
	p = pack_varint_get(p, end, v);
	if (p == NULL)
		packed_corrupt();
	return p;
}

/* deltas wrap in uint64, so any two ids have one */
static inline uint64
zigzag(int64 cur, int64 prev)
{
	int64		d = (int64) ((uint64) cur - (uint64) prev);

	return ((uint64) d << 1) ^ (uint64) (d >> 63);
}

static inline int64
unzigzag(uint64 z, int64 prev)
{
	int64		d = (int64) (z >> 1) ^ -(int64) (z & 1);

	return (int64) ((uint64) prev + (uint64) d);
}

static bool
cands_have_caps(const AssignCand *c, int64 n)
{
	for (int64 i = 0; i < n; i++)
		if (c[i].dcap != ASSIGN_CAP_UNSET || c[i].scap != ASSIGN_CAP_UNSET)
			return true;
	return false;
}

#define PACKED_HDRSZ	(ASSIGN_STATE_HDRSZ + sizeof(int64))

static Size
state_packed_size(GrowState *gs)
{
	const AssignState *st = (const AssignState *) gs->flat;
	int64		n = ASSIGN_STATE_NCANDS(st);
	bool		caps = cands_have_caps(st->cands, n);
	Size		size = PACKED_HDRSZ;
	int64		pd = 0,
				ps = 0;

	for (int64 i = 0; i < n; i++)
	{
		const AssignCand *c = &st->cands[i];

		size += pack_varint_len(zigzag(c->demand, pd)) + pack_varint_len(zigzag(c->supply, ps)) +
			sizeof(float8);
		if (caps)
			size += pack_varint_len((uint32) (c->dcap + 1)) + pack_varint_len((uint32) (c->scap + 1));
		pd = c->demand;
		ps = c->supply;
	}
	return Min(size, (Size) VARSIZE(st));
}

static void
state_pack(GrowState *gs, char *result, Size size)
{
	const AssignState *st = (const AssignState *) gs->flat;
	AssignState *out = (AssignState *) result;
	int64		n = ASSIGN_STATE_NCANDS(st);
	bool		caps = cands_have_caps(st->cands, n);
	char	   *p = result + PACKED_HDRSZ;
	int64		pd = 0,
				ps = 0;

	memcpy(result, gs->flat, ASSIGN_STATE_HDRSZ);
	SET_VARSIZE(out, size);
	out->flags = ASSIGN_STATE_PACKED | (caps ? ASSIGN_STATE_PACKED_CAPS : 0);
	memcpy(result + ASSIGN_STATE_HDRSZ, &n, sizeof(int64));
	for (int64 i = 0; i < n; i++)
	{
		const AssignCand *c = &st->cands[i];

		p = pack_varint_put(p, zigzag(c->demand, pd));
		p = pack_varint_put(p, zigzag(c->supply, ps));
		memcpy(p, &c->score, sizeof(float8));
		p += sizeof(float8);
		if (caps)
		{
			p = pack_varint_put(p, (uint32) (c->dcap + 1));
			p = pack_varint_put(p, (uint32) (c->scap + 1));
		}
		pd = c->demand;
		ps = c->supply;
	}
	if (p != result + size)
		elog(ERROR, "assign_state packed to %zu bytes, expected %zu",
			 (Size) (p - result), size);
}

const GrowPacker assign_state_packer = {state_packed_size, state_pack};

int64
assign_state_ncands(const AssignState *st)
{
	int64		n;

	if (!(st->flags & ASSIGN_STATE_PACKED))
		return ASSIGN_STATE_NCANDS(st);
	if (VARSIZE(st) < PACKED_HDRSZ)
		packed_corrupt();
	memcpy(&n, (const char *) st + ASSIGN_STATE_HDRSZ, sizeof(int64));
	if (n < 0 || n > ASSIGN_MAX_CANDIDATES_HARD)
		packed_corrupt();
	return n;
}

/* The n candidates of a state in either form into dst. */
void
assign_state_unpack_into(const AssignState *st, AssignCand *dst, int64 n)
{
	const char *p = (const char *) st + PACKED_HDRSZ;
	const char *end = (const char *) st + VARSIZE(st);
	bool		caps = (st->flags & ASSIGN_STATE_PACKED_CAPS) != 0;
	int64		pd = 0,
				ps = 0;

	if (!(st->flags & ASSIGN_STATE_PACKED))
	{
		memcpy(dst, st->cands, n * sizeof(AssignCand));
		return;
	}
	for (int64 i = 0; i < n; i++)
	{
		uint64		v;

		p = varint_get(p, end, &v);
		dst[i].demand = pd = unzigzag(v, pd);
		p = varint_get(p, end, &v);
		dst[i].supply = ps = unzigzag(v, ps);
		if (end - p < (ptrdiff_t) sizeof(float8))
			packed_corrupt();
		memcpy(&dst[i].score, p, sizeof(float8));
		p += sizeof(float8);
		dst[i].dcap = dst[i].scap = ASSIGN_CAP_UNSET;
		if (caps)
		{
			p = varint_get(p, end, &v);
			dst[i].dcap = (int32) ((uint32) v - 1);
			p = varint_get(p, end, &v);
			dst[i].scap = (int32) ((uint32) v - 1);
		}
	}
	if (p != end)
		packed_corrupt();
}

/* An unpacked copy of a packed state; an unpacked one is returned as is. */
AssignState *
assign_state_unpack(const AssignState *st)
{
	int64		n;
	AssignState *out;

	if (!(st->flags & ASSIGN_STATE_PACKED))
		return (AssignState *) st;
	n = assign_state_ncands(st);
	out = palloc_extended(ASSIGN_STATE_HDRSZ + n * sizeof(AssignCand), MCXT_ALLOC_HUGE);
	memcpy(out, st, ASSIGN_STATE_HDRSZ);
	SET_VARSIZE(out, ASSIGN_STATE_HDRSZ + n * sizeof(AssignCand));
	out->flags = 0;
	assign_state_unpack_into(st, out->cands, n);
	return out;
}

AssignState *
assign_state_detoast(Datum d)
{
	return assign_state_unpack((AssignState *) PG_DETOAST_DATUM(d));
}
