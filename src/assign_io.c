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

#include "common/int.h"
#include "common/shortest_dec.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

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

/* ---------------------------------------------------------------------
 * A small scanner over the text form; errors quote the whole input and say
 * at which character the problem is.
 */
typedef struct Scan
{
	const char *input;
	const char *p;
	const char *type;
} Scan;

static void
scan_fail(Scan *s, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", s->type, s->input),
			 errdetail("%s at character %d.", detail, (int) (s->p - s->input) + 1)));
}

static void
scan_ws(Scan *s)
{
	while (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r')
		s->p++;
}

static bool
scan_opt(Scan *s, char c)
{
	scan_ws(s);
	if (*s->p != c)
		return false;
	s->p++;
	return true;
}

static void
scan_expect(Scan *s, char c)
{
	if (!scan_opt(s, c))
	{
		char		detail[32];

		snprintf(detail, sizeof(detail), "Expected \"%c\"", c);
		scan_fail(s, detail);
	}
}

static int64
scan_int64(Scan *s)
{
	bool		neg = false;
	int64		v = 0;
	const char *start;

	scan_ws(s);
	if (*s->p == '-' || *s->p == '+')
		neg = (*s->p++ == '-');
	start = s->p;
	while (*s->p >= '0' && *s->p <= '9')
	{
		/* accumulate negatively so that INT64_MIN is representable */
		if (pg_mul_s64_overflow(v, 10, &v) || pg_sub_s64_overflow(v, *s->p - '0', &v))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range for type %s: \"%s\"", s->type, s->input),
					 errdetail("An id does not fit in bigint.")));
		s->p++;
	}
	if (s->p == start)
		scan_fail(s, "Expected an integer");
	if (!neg)
	{
		if (v == PG_INT64_MIN)
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("value out of range for type %s: \"%s\"", s->type, s->input),
					 errdetail("An id does not fit in bigint.")));
		v = -v;
	}
	return v;
}

/* A decimal number only: no nan, inf or hexadecimal, which strtod accepts. */
static float8
scan_float8(Scan *s)
{
	const char *start;
	char	   *end;
	char		buf[64];
	float8		v;
	int			digits = 0;

	scan_ws(s);
	start = s->p;
	if (*s->p == '-' || *s->p == '+')
		s->p++;
	while (*s->p >= '0' && *s->p <= '9')
		s->p++, digits++;
	if (*s->p == '.')
	{
		s->p++;
		while (*s->p >= '0' && *s->p <= '9')
			s->p++, digits++;
	}
	if (digits == 0)
		scan_fail(s, "Expected a finite decimal score");
	if (*s->p == 'e' || *s->p == 'E')
	{
		s->p++;
		if (*s->p == '-' || *s->p == '+')
			s->p++;
		if (!(*s->p >= '0' && *s->p <= '9'))
			scan_fail(s, "Expected an exponent");
		while (*s->p >= '0' && *s->p <= '9')
			s->p++;
	}
	if (s->p - start >= (int) sizeof(buf))
		scan_fail(s, "Score too long");
	memcpy(buf, start, s->p - start);
	buf[s->p - start] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	/* like float8in: underflow to a denormal is fine, to zero or infinity not */
	if (errno == ERANGE && (v == 0.0 || isinf(v)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range for type %s: \"%s\"", s->type, s->input),
				 errdetail("Score \"%s\" is out of range for type double precision.", buf)));
	return v;
}

static void
append_float8(StringInfo buf, float8 v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, tmp);
	appendStringInfoString(buf, tmp);
}

static int
scan_method(Scan *s)
{
	const char *start;
	char		name[16];
	int			m;

	scan_ws(s);
	start = s->p;
	while (*s->p >= 'a' && *s->p <= 'z' && s->p - start < (int) sizeof(name) - 1)
		s->p++;
	memcpy(name, start, s->p - start);
	name[s->p - start] = '\0';
	m = assign_method_parse(name);
	if (m == 0)
	{
		s->p = start;
		scan_fail(s, "Expected a method (optimal, stable or greedy)");
	}
	return m;
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

PG_FUNCTION_INFO_V1(assignment_in);
Datum
assignment_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	Scan		s = {str, str, "assignment"};
	int			method;
	int			n = 0,
				cap = 16;
	AssignPair *pairs = palloc(cap * sizeof(AssignPair));
	const char *bad;

	method = scan_method(&s);
	scan_expect(&s, ':');
	scan_expect(&s, '{');
	if (!scan_opt(&s, '}'))
	{
		do
		{
			if (n == cap)
			{
				if (cap >= ASSIGNMENT_MAX_PAIRS / 2)
					ereport(ERROR,
							(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							 errmsg("an assignment can hold at most %d pairs", ASSIGNMENT_MAX_PAIRS)));
				cap *= 2;
				pairs = repalloc(pairs, cap * sizeof(AssignPair));
			}
			scan_expect(&s, '(');
			pairs[n].demand = scan_int64(&s);
			scan_expect(&s, ',');
			pairs[n].supply = scan_int64(&s);
			scan_expect(&s, ',');
			pairs[n].score = scan_float8(&s);
			scan_expect(&s, ')');
			n++;
		} while (scan_opt(&s, ','));
		scan_expect(&s, '}');
	}
	scan_ws(&s);
	if (*s.p != '\0')
		scan_fail(&s, "Unexpected text after the closing \"}\"");
	if ((bad = assign_validate_pairs(pairs, n)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type assignment: \"%s\"", str),
				 errdetail("%s", bad)));
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
		appendStringInfo(&buf, "%s(" INT64_FORMAT "," INT64_FORMAT ",",
						 i > 0 ? "," : "", a->pairs[i].demand, a->pairs[i].supply);
		append_float8(&buf, a->pairs[i].score);
		appendStringInfoChar(&buf, ')');
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* binary: version byte, method byte, int32 count, then (int8, int8, float8) */
PG_FUNCTION_INFO_V1(assignment_send);
Datum
assignment_send(PG_FUNCTION_ARGS)
{
	Assignment *a = PG_GETARG_ASSIGNMENT_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, ASSIGN_FORMAT_VERSION);
	pq_sendbyte(&buf, a->method);
	pq_sendint32(&buf, a->npairs);
	for (int i = 0; i < a->npairs; i++)
	{
		pq_sendint64(&buf, a->pairs[i].demand);
		pq_sendint64(&buf, a->pairs[i].supply);
		pq_sendfloat8(&buf, a->pairs[i].score);
	}
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
	{
		pairs[i].demand = pq_getmsgint64(buf);
		pairs[i].supply = pq_getmsgint64(buf);
		pairs[i].score = pq_getmsgfloat8(buf);
	}
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
scan_cap(Scan *s)
{
	int64		v;

	scan_ws(s);
	if (*s->p == ',' || *s->p == ')')
		return ASSIGN_CAP_UNSET;
	v = scan_int64(s);
	if (v < 0 || v > PG_INT32_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range for type assign_state: \"%s\"", s->input),
				 errdetail("A capacity must be between 0 and %d.", PG_INT32_MAX)));
	return (int32) v;
}

PG_FUNCTION_INFO_V1(assign_state_in);
Datum
assign_state_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);
	Scan		s = {str, str, "assign_state"};
	int			method;
	int			n = 0,
				cap = 16;
	AssignCand *c = palloc(cap * sizeof(AssignCand));
	const char *bad;

	method = scan_method(&s);
	scan_expect(&s, ':');
	scan_expect(&s, '{');
	if (!scan_opt(&s, '}'))
	{
		do
		{
			if (n == cap)
			{
				if (cap >= ASSIGN_MAX_CANDIDATES_HARD / 2)
					ereport(ERROR,
							(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
							 errmsg("an assign_state can hold at most %d candidate pairs",
									ASSIGN_MAX_CANDIDATES_HARD)));
				cap *= 2;
				c = repalloc(c, cap * sizeof(AssignCand));
			}
			scan_expect(&s, '(');
			c[n].demand = scan_int64(&s);
			scan_expect(&s, ',');
			c[n].supply = scan_int64(&s);
			scan_expect(&s, ',');
			c[n].score = scan_float8(&s);
			scan_expect(&s, ',');
			c[n].dcap = scan_cap(&s);
			scan_expect(&s, ',');
			c[n].scap = scan_cap(&s);
			scan_expect(&s, ')');
			n++;
		} while (scan_opt(&s, ','));
		scan_expect(&s, '}');
	}
	scan_ws(&s);
	if (*s.p != '\0')
		scan_fail(&s, "Unexpected text after the closing \"}\"");
	if ((bad = validate_cands(c, n)) != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type assign_state: \"%s\"", str),
				 errdetail("%s", bad)));
	PG_RETURN_ASSIGN_STATE_P(assign_state_make(method, c, n));
}

PG_FUNCTION_INFO_V1(assign_state_out);
Datum
assign_state_out(PG_FUNCTION_ARGS)
{
	AssignState *st = PG_GETARG_ASSIGN_STATE_P(0);
	int			n = ASSIGN_STATE_NCANDS(st);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "%s:{", assign_method_name(st->method));
	for (int i = 0; i < n; i++)
	{
		const AssignCand *c = &st->cands[i];

		appendStringInfo(&buf, "%s(" INT64_FORMAT "," INT64_FORMAT ",",
						 i > 0 ? "," : "", c->demand, c->supply);
		append_float8(&buf, c->score);
		appendStringInfoChar(&buf, ',');
		if (c->dcap != ASSIGN_CAP_UNSET)
			appendStringInfo(&buf, "%d", c->dcap);
		appendStringInfoChar(&buf, ',');
		if (c->scap != ASSIGN_CAP_UNSET)
			appendStringInfo(&buf, "%d", c->scap);
		appendStringInfoChar(&buf, ')');
	}
	appendStringInfoChar(&buf, '}');
	PG_RETURN_CSTRING(buf.data);
}

/* binary: version, method, int32 count, then (int8, int8, float8, int4, int4) */
PG_FUNCTION_INFO_V1(assign_state_send);
Datum
assign_state_send(PG_FUNCTION_ARGS)
{
	AssignState *st = PG_GETARG_ASSIGN_STATE_P(0);
	int			n = ASSIGN_STATE_NCANDS(st);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, ASSIGN_FORMAT_VERSION);
	pq_sendbyte(&buf, st->method);
	pq_sendint32(&buf, n);
	for (int i = 0; i < n; i++)
	{
		pq_sendint64(&buf, st->cands[i].demand);
		pq_sendint64(&buf, st->cands[i].supply);
		pq_sendfloat8(&buf, st->cands[i].score);
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
		c[i].demand = pq_getmsgint64(buf);
		c[i].supply = pq_getmsgint64(buf);
		c[i].score = pq_getmsgfloat8(buf);
		c[i].dcap = pq_getmsgint(buf, 4);
		c[i].scap = pq_getmsgint(buf, 4);
	}
	pq_getmsgend(buf);
	if ((bad = validate_cands(c, n)) != NULL)
		recv_fail("assign_state", bad);
	PG_RETURN_ASSIGN_STATE_P(assign_state_make(method, c, n));
}
