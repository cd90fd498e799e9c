/*
 * versiontype.c
 *	  A stand-in type for the harness's self-test: a varlena holding a
 *	  version byte and the int64 that scenario_parse_version computes.
 *	  It shows the shape the generic type drivers expect (in/out/recv/send
 *	  V1 functions, one parser shared by in and recv) until the first real
 *	  type lands; it is not part of the extension.
 */
#include "postgres.h"

#include "fmgr.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"

#include "scenario.h"
#include "versiontype.h"

typedef struct
{
	int32		vl_len_;
	uint8		flags;			/* format version, 0 */
	char		value[8];		/* int64, unaligned */
} VersionValue;

static Datum
make_value(int64 v)
{
	VersionValue *r = palloc0(sizeof(VersionValue));

	SET_VARSIZE(r, sizeof(VersionValue));
	memcpy(r->value, &v, sizeof(v));
	return PointerGetDatum(r);
}

static int64
get_value(Datum d)
{
	VersionValue *p = (VersionValue *) PG_DETOAST_DATUM(d);
	int64		v;

	memcpy(&v, p->value, sizeof(v));
	return v;
}

static Datum
parse_or_error(const char *str, int len)
{
	int64		v;

	if (!scenario_parse_version(str, len, &v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type version: \"%.*s\"", len, str)));
	return make_value(v);
}

Datum
fuzzversion_in(PG_FUNCTION_ARGS)
{
	char	   *s = PG_GETARG_CSTRING(0);

	return parse_or_error(s, strlen(s));
}

Datum
fuzzversion_out(PG_FUNCTION_ARGS)
{
	int64		v = get_value(PG_GETARG_DATUM(0));

	PG_RETURN_CSTRING(psprintf("%d.%d.%d", (int) (v / 1000000000000),
							   (int) (v / 1000000 % 1000000), (int) (v % 1000000)));
}

/* binary: flags byte, then the text form (so recv shares the parser) */
Datum
fuzzversion_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			flags = pq_getmsgbyte(buf);
	int			n = buf->len - buf->cursor;
	const char *s;

	if (flags != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported version flags %d", flags)));
	s = pq_getmsgbytes(buf, n);
	return parse_or_error(s, n);
}

Datum
fuzzversion_send(PG_FUNCTION_ARGS)
{
	char	   *s = DatumGetCString(DirectFunctionCall1(fuzzversion_out, PG_GETARG_DATUM(0)));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, 0);
	pq_sendbytes(&buf, s, strlen(s));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

const FuzzType fuzzversion_type = {
	.name = "version",
	.in = fuzzversion_in,
	.out = fuzzversion_out,
	.recv = fuzzversion_recv,
	.send = fuzzversion_send,
	.typlen = -1,
	.typmod = -1,
};
