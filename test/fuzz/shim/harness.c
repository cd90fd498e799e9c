/*
 * harness.c
 *	  The drivers declared in test/fuzz/fuzz.h: call a parser under an
 *	  error handler, classify its errors, and check accepted values
 *	  round-trip.
 */
#include "postgres.h"

#include <stdio.h>
#include <stdlib.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "fuzz.h"
#include "pgshim.h"

void
fuzz_fail(const char *file, int line, const char *fmt,...)
{
	va_list		args;

	fprintf(stderr, "fuzz: check failed at %s:%d: ", file, line);
	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	fputc('\n', stderr);
	abort();
}

bool
fuzz_call(PGFunction fn, int nargs, Datum *args, Datum *result)
{
	sigjmp_buf	jb;
	sigjmp_buf *volatile save = PG_exception_stack;
	FmgrInfo	flinfo;
	LOCAL_FCINFO(fcinfo, 3);

	Assert(nargs <= 3);
	memset(&flinfo, 0, sizeof(flinfo));
	flinfo.fn_addr = fn;
	flinfo.fn_nargs = nargs;
	flinfo.fn_strict = true;
	flinfo.fn_mcxt = CurrentMemoryContext;
	flinfo.fn_oid = InvalidOid;
	InitFunctionCallInfoData(*fcinfo, &flinfo, nargs, InvalidOid, NULL, NULL);
	for (int i = 0; i < nargs; i++)
	{
		fcinfo->args[i].value = args[i];
		fcinfo->args[i].isnull = false;
	}

	if (sigsetjmp(jb, 0) != 0)
	{
		PG_exception_stack = save;
		/* class XX: an elog or an ereport without errcode reached by input */
		fuzz_assert(ERRCODE_TO_CATEGORY(pgshim_error_sqlstate) != ERRCODE_INTERNAL_ERROR,
					"internal error (SQLSTATE %s) on user input: %s",
					unpack_sql_state(pgshim_error_sqlstate), pgshim_error_message);
		return false;
	}
	PG_exception_stack = &jb;
	*result = (*fn) (fcinfo);
	PG_exception_stack = save;
	fuzz_assert(!fcinfo->isnull, "function returned NULL for a non-NULL input");
	return true;
}

/* fuzz_call that must succeed: a round trip of an accepted value. */
static Datum
must_call(const char *what, const FuzzType *t, PGFunction fn, int nargs, Datum *args)
{
	Datum		r;

	if (!fuzz_call(fn, nargs, args, &r))
		fuzz_fail(__FILE__, __LINE__, "%s: %s failed on an accepted value: %s (SQLSTATE %s)",
				  t->name, what, pgshim_error_message,
				  unpack_sql_state(pgshim_error_sqlstate));
	return r;
}

static bool
same_value(const FuzzType *t, Datum a, Datum b)
{
	if (t->eq)
	{
		Datum		args[2] = {a, b};

		return DatumGetBool(must_call("=", t, t->eq, 2, args));
	}
	if (t->byval)
		return a == b;
	if (t->typlen == -1)
	{
		struct varlena *x = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(a));
		struct varlena *y = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(b));

		return VARSIZE_ANY_EXHDR(x) == VARSIZE_ANY_EXHDR(y) &&
			memcmp(VARDATA_ANY(x), VARDATA_ANY(y), VARSIZE_ANY_EXHDR(x)) == 0;
	}
	if (t->typlen == -2)
		return strcmp(DatumGetCString(a), DatumGetCString(b)) == 0;
	return memcmp(DatumGetPointer(a), DatumGetPointer(b), t->typlen) == 0;
}

static char *
output(const FuzzType *t, Datum v)
{
	char	   *s = DatumGetCString(must_call("out", t, t->out, 1, &v));

	fuzz_assert(pgshim_valid_utf8(s, strlen(s)), "%s: out produced invalid UTF-8", t->name);
	return s;
}

static Datum
input(const FuzzType *t, const char *s)
{
	Datum		args[3] = {CStringGetDatum(s), ObjectIdGetDatum(InvalidOid), Int32GetDatum(t->typmod)};

	return must_call("in", t, t->in, 3, args);
}

/* recv over a bytea's payload, as the server calls it (buffer NUL-terminated). */
static bool
receive(const FuzzType *t, const char *bytes, int len, Datum *result, bool must)
{
	StringInfoData buf;
	Datum		args[3];

	buf.data = palloc(len + 1);
	memcpy(buf.data, bytes, len);
	buf.data[len] = '\0';
	buf.len = len;
	buf.maxlen = len + 1;
	buf.cursor = 0;
	args[0] = PointerGetDatum(&buf);
	args[1] = ObjectIdGetDatum(InvalidOid);
	args[2] = Int32GetDatum(t->typmod);
	if (must)
		*result = must_call("recv", t, t->recv, 3, args);
	else if (!fuzz_call(t->recv, 3, args, result))
		return false;
	if (buf.cursor != buf.len)
	{
		/* the server: "incorrect binary data format" (22P03) */
		fuzz_assert(!must, "%s: recv left %d of %d bytes of send's output unread",
					t->name, buf.len - buf.cursor, buf.len);
		return false;
	}
	return true;
}

static bytea *
sendv(const FuzzType *t, Datum v)
{
	return DatumGetByteaPP(must_call("send", t, t->send, 1, &v));
}

/* The round trips every accepted value must survive. */
static void
check_value(const FuzzType *t, Datum v)
{
	char	   *s1 = output(t, v);
	Datum		v2 = input(t, s1);
	char	   *s2 = output(t, v2);

	fuzz_assert(same_value(t, v, v2), "%s: in(out(v)) != v for \"%s\"", t->name, s1);
	fuzz_assert(strcmp(s1, s2) == 0, "%s: output not canonical: \"%s\" then \"%s\"",
				t->name, s1, s2);
	if (t->recv && t->send)
	{
		bytea	   *b1 = sendv(t, v);
		Datum		v3;
		bytea	   *b2;

		receive(t, VARDATA_ANY(b1), VARSIZE_ANY_EXHDR(b1), &v3, true);
		fuzz_assert(same_value(t, v, v3), "%s: recv(send(v)) != v for \"%s\"", t->name, s1);
		b2 = sendv(t, v3);
		fuzz_assert(VARSIZE_ANY(b1) == VARSIZE_ANY(b2) &&
					memcmp(VARDATA_ANY(b1), VARDATA_ANY(b2), VARSIZE_ANY_EXHDR(b1)) == 0,
					"%s: send not stable for \"%s\"", t->name, s1);
	}
}

int
fuzz_type_in(const FuzzType *t, const uint8_t *data, size_t size)
{
	char	   *str;
	Datum		args[3];
	Datum		v;
	int			rc = 0;

	if (memchr(data, '\0', size) || !pgshim_valid_utf8((const char *) data, size))
		return -1;				/* never reaches an input function */
	str = palloc(size + 1);
	memcpy(str, data, size);
	str[size] = '\0';
	args[0] = CStringGetDatum(str);
	args[1] = ObjectIdGetDatum(InvalidOid);
	args[2] = Int32GetDatum(t->typmod);
	if (fuzz_call(t->in, 3, args, &v))
		check_value(t, v);
	pgshim_reset_memory();
	return rc;
}

int
fuzz_type_recv(const FuzzType *t, const uint8_t *data, size_t size)
{
	Datum		v;

	if (receive(t, (const char *) data, (int) size, &v, false))
		check_value(t, v);
	pgshim_reset_memory();
	return 0;
}

/* fuzz_parser's check, called through a V1 shim so errors are classified */
static void (*parser_check) (const char *str, int len);

static Datum
parser_trampoline(PG_FUNCTION_ARGS)
{
	parser_check((const char *) PG_GETARG_POINTER(0), PG_GETARG_INT32(1));
	PG_RETURN_BOOL(true);
}

int
fuzz_parser(const uint8_t *data, size_t size, void (*check) (const char *str, int len))
{
	char	   *copy = malloc(size ? size : 1);
	Datum		args[2];
	Datum		r;

	memcpy(copy, data, size);
	parser_check = check;
	args[0] = PointerGetDatum(copy);
	args[1] = Int32GetDatum((int32) size);
	fuzz_call(parser_trampoline, 2, args, &r);
	free(copy);
	pgshim_reset_memory();
	return 0;
}
