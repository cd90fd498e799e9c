/*
 * pgshim.c
 *	  Just enough of the PostgreSQL backend for the extension's parser source
 *	  files to compile unchanged into a libFuzzer target.
 *
 * Memory: every palloc is its own malloc (so AddressSanitizer sees each
 * chunk's bounds, which it cannot inside a real AllocSet block).  Each input
 * runs in a per-query context (CurrentMemoryContext, like the server's
 * MessageContext): what is allocated there or in its children is freed after
 * the input, as at the end of a query.  What a module allocates in
 * TopMemoryContext or CacheMemoryContext (its caches) lives on, as in a
 * session.  Fresh chunks are filled with bytes that change from call to
 * call, so a value that depends on uninitialised padding shows up as a
 * round-trip mismatch.
 *
 * Errors: ereport/elog at ERROR record the SQLSTATE and message and
 * siglongjmp to PG_exception_stack, exactly as the backend does, so PG_TRY
 * in module code works too.  Lower levels are dropped; FATAL and above abort.
 *
 * Everything else a parser usually touches (StringInfo, pqformat, text
 * conversion, DirectFunctionCall, UTF-8 helpers) is reimplemented here with
 * the backend's documented behaviour.  A module that needs another backend
 * function adds it to this file (or to a shim file of its own listed in its
 * target's FUZZ_SOURCES line).
 */
#include "postgres.h"

#include <stdio.h>
#include <limits.h>
#include <stdlib.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "nodes/memnodes.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/memutils.h"

#include "pgshim.h"

/* ---------------------------------------------------------------- memory */

typedef struct ShimChunk
{
	struct ShimChunk *prev;
	struct ShimChunk *next;
	Size		size;
	MemoryContext context;		/* must sit right before the data */
} ShimChunk;

#define CHUNK_HDRSZ MAXALIGN(sizeof(ShimChunk))

static ShimChunk *arena;			/* chunks of the per-input contexts */
static ShimChunk *session_arena;	/* chunks that outlive the input */
static uint32 fill_seed = 1;
static MemoryContextData shim_top_context = {.type = T_AllocSetContext, .name = "TopMemoryContext"};
static MemoryContextData shim_cache_context = {.type = T_AllocSetContext, .name = "CacheMemoryContext",
.parent = &shim_top_context};
static MemoryContextData shim_query_context = {.type = T_AllocSetContext, .name = "MessageContext",
.parent = &shim_top_context};

MemoryContext CurrentMemoryContext = &shim_query_context;
MemoryContext TopMemoryContext = &shim_top_context;
MemoryContext CacheMemoryContext = &shim_cache_context;
MemoryContext ErrorContext = &shim_query_context;
MemoryContext MessageContext = &shim_query_context;
MemoryContext CurTransactionContext = &shim_query_context;
MemoryContext TopTransactionContext = &shim_query_context;

static void
shim_init_context(MemoryContext cxt, MemoryContext parent, const char *name)
{
	memset(cxt, 0, sizeof(MemoryContextData));
	cxt->type = T_AllocSetContext;
	cxt->parent = parent;
	cxt->name = name;
}

/* Is memory of this context freed at the end of the input? */
static bool
per_input(MemoryContext context)
{
	for (; context != NULL; context = context->parent)
		if (context == &shim_query_context)
			return true;
	return false;
}

static void *
shim_alloc(MemoryContext context, Size size, int flags)
{
	ShimChunk  *c;
	ShimChunk **list;
	char	   *p;

	if ((flags & MCXT_ALLOC_HUGE) ? !AllocHugeSizeIsValid(size) : !AllocSizeIsValid(size))
		elog(ERROR, "invalid memory alloc request size %zu", size);
	c = malloc(CHUNK_HDRSZ + size);
	if (c == NULL)
	{
		if (flags & MCXT_ALLOC_NO_OOM)
			return NULL;
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	}
	c->size = size;
	c->context = context ? context : &shim_query_context;
	list = per_input(c->context) ? &arena : &session_arena;
	c->prev = NULL;
	c->next = *list;
	if (*list)
		(*list)->prev = c;
	*list = c;
	p = (char *) c + CHUNK_HDRSZ;
	if (flags & MCXT_ALLOC_ZERO)
		memset(p, 0, size);
	else
	{
		/* bytes that differ between allocations: nothing may depend on them */
		for (Size i = 0; i < size; i++)
		{
			fill_seed = fill_seed * 1103515245 + 12345;
			p[i] = (char) (fill_seed >> 16);
		}
	}
	return p;
}

static ShimChunk *
chunk_of(void *pointer)
{
	return (ShimChunk *) ((char *) pointer - CHUNK_HDRSZ);
}

void
pgshim_reset_memory(void)
{
	while (arena)
	{
		ShimChunk  *next = arena->next;

		free(arena);
		arena = next;
	}
	CurrentMemoryContext = &shim_query_context;
}

void *
MemoryContextAlloc(MemoryContext context, Size size)
{
	return shim_alloc(context, size, 0);
}

void *
MemoryContextAllocZero(MemoryContext context, Size size)
{
	return shim_alloc(context, size, MCXT_ALLOC_ZERO);
}

void *
MemoryContextAllocZeroAligned(MemoryContext context, Size size)
{
	return shim_alloc(context, size, MCXT_ALLOC_ZERO);
}

void *
MemoryContextAllocExtended(MemoryContext context, Size size, int flags)
{
	return shim_alloc(context, size, flags);
}

void *
MemoryContextAllocHuge(MemoryContext context, Size size)
{
	return shim_alloc(context, size, MCXT_ALLOC_HUGE);
}

void *
palloc(Size size)
{
	return shim_alloc(CurrentMemoryContext, size, 0);
}

void *
palloc0(Size size)
{
	return shim_alloc(CurrentMemoryContext, size, MCXT_ALLOC_ZERO);
}

void *
palloc_extended(Size size, int flags)
{
	return shim_alloc(CurrentMemoryContext, size, flags);
}

void
pfree(void *pointer)
{
	ShimChunk  *c = chunk_of(pointer);

	if (c->prev)
		c->prev->next = c->next;
	else if (arena == c)
		arena = c->next;
	else
		session_arena = c->next;
	if (c->next)
		c->next->prev = c->prev;
	free(c);
}

void *
repalloc_extended(void *pointer, Size size, int flags)
{
	ShimChunk  *c = chunk_of(pointer);
	void	   *n = shim_alloc(c->context, size, flags & ~MCXT_ALLOC_ZERO);

	if (n == NULL)
		return NULL;
	memcpy(n, pointer, Min(size, c->size));
	pfree(pointer);
	return n;
}

void *
repalloc(void *pointer, Size size)
{
	return repalloc_extended(pointer, size, 0);
}

void *
repalloc_huge(void *pointer, Size size)
{
	return repalloc_extended(pointer, size, MCXT_ALLOC_HUGE);
}

Size
add_size(Size s1, Size s2)
{
	Size		r = s1 + s2;

	if (r < s1 || r < s2)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("requested shared memory size overflows size_t")));
	return r;
}

Size
mul_size(Size s1, Size s2)
{
	Size		r;

	if (s1 == 0 || s2 == 0)
		return 0;
	r = s1 * s2;
	if (r / s2 != s1)
		ereport(ERROR, (errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						errmsg("requested shared memory size overflows size_t")));
	return r;
}

void *
palloc_mul(Size s1, Size s2)
{
	return palloc(mul_size(s1, s2));
}

void *
palloc0_mul(Size s1, Size s2)
{
	return palloc0(mul_size(s1, s2));
}

char *
MemoryContextStrdup(MemoryContext context, const char *string)
{
	Size		n = strlen(string) + 1;
	char	   *r = shim_alloc(context, n, 0);

	memcpy(r, string, n);
	return r;
}

char *
pstrdup(const char *in)
{
	return MemoryContextStrdup(CurrentMemoryContext, in);
}

char *
pnstrdup(const char *in, Size len)
{
	char	   *r;

	len = strnlen(in, len);
	r = palloc(len + 1);
	memcpy(r, in, len);
	r[len] = '\0';
	return r;
}

size_t
pvsnprintf(char *buf, size_t len, const char *fmt, va_list args)
{
	int			n = vsnprintf(buf, len, fmt, args);

	if (n < 0)
		elog(ERROR, "vsnprintf failed with format \"%s\"", fmt);
	if ((size_t) n < len)
		return n;
	return n + 1;
}

char *
psprintf(const char *fmt,...)
{
	size_t		len = 128;

	for (;;)
	{
		char	   *buf = palloc(len);
		va_list		args;
		size_t		need;

		va_start(args, fmt);
		need = pvsnprintf(buf, len, fmt, args);
		va_end(args);
		if (need < len)
			return buf;
		pfree(buf);
		len = need;
	}
}

MemoryContext
AllocSetContextCreateInternal(MemoryContext parent, const char *name,
							  Size minContextSize, Size initBlockSize,
							  Size maxBlockSize)
{
	/* the context lives as long as its parent's memory does */
	MemoryContext cxt = shim_alloc(parent, sizeof(MemoryContextData), 0);

	shim_init_context(cxt, parent, name);
	return cxt;
}

void
MemoryContextDelete(MemoryContext context)
{
}

void
MemoryContextReset(MemoryContext context)
{
}

void
MemoryContextResetOnly(MemoryContext context)
{
}

void
MemoryContextSetParent(MemoryContext context, MemoryContext new_parent)
{
	context->parent = new_parent;
}

void
MemoryContextRegisterResetCallback(MemoryContext context,
								   MemoryContextCallback *cb)
{
}

/* ---------------------------------------------------------------- errors */

sigjmp_buf *PG_exception_stack = NULL;
ErrorContextCallback *error_context_stack = NULL;
volatile sig_atomic_t InterruptPending = false;
volatile sig_atomic_t QueryCancelPending = false;
volatile uint32 CritSectionCount = 0;
volatile uint32 InterruptHoldoffCount = 0;

static int	cur_elevel;
static int	cur_sqlstate;
static char cur_message[1024];

int			pgshim_error_sqlstate;
char		pgshim_error_message[1024];

void
ProcessInterrupts(void)
{
	InterruptPending = false;
}

bool
message_level_is_interesting(int elevel)
{
	return elevel >= ERROR;
}

bool
errstart(int elevel, const char *domain)
{
	if (elevel < ERROR)
		return false;			/* NOTICE and below: nothing to do */
	cur_elevel = elevel;
	cur_sqlstate = ERRCODE_INTERNAL_ERROR;	/* as the backend defaults */
	cur_message[0] = '\0';
	return true;
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

void
errfinish(const char *filename, int lineno, const char *funcname)
{
	pgshim_error_sqlstate = cur_sqlstate;
	snprintf(pgshim_error_message, sizeof(pgshim_error_message), "%s (%s:%d)",
			 cur_message, filename, lineno);
	if (cur_elevel >= FATAL || PG_exception_stack == NULL)
	{
		fprintf(stderr, "pgshim: %s at level %d outside any handler: %s\n",
				unpack_sql_state(cur_sqlstate), cur_elevel, pgshim_error_message);
		abort();
	}
	error_context_stack = NULL;
	siglongjmp(*PG_exception_stack, 1);
}

void
pg_re_throw(void)
{
	if (PG_exception_stack == NULL)
		abort();
	siglongjmp(*PG_exception_stack, 1);
}

void
FlushErrorState(void)
{
}

ErrorData *
CopyErrorData(void)
{
	ErrorData  *e = palloc0(sizeof(ErrorData));

	e->elevel = ERROR;
	e->sqlerrcode = pgshim_error_sqlstate;
	e->message = pstrdup(pgshim_error_message);
	return e;
}

void
FreeErrorData(ErrorData *edata)
{
}

int
geterrcode(void)
{
	return cur_sqlstate;
}

int
errcode(int sqlerrcode)
{
	cur_sqlstate = sqlerrcode;
	return 0;
}

int
errcode_for_file_access(void)
{
	cur_sqlstate = ERRCODE_IO_ERROR;
	return 0;
}

/* Format the message now: a bad format argument is caught here, not later. */
static void
shim_format(char *buf, size_t len, const char *fmt, va_list args)
{
	vsnprintf(buf, len, fmt, args);
}

#define SHIM_MESSAGE_FN(name) \
int \
name(const char *fmt,...) \
{ \
	va_list		args; \
	va_start(args, fmt); \
	shim_format(cur_message, sizeof(cur_message), fmt, args); \
	va_end(args); \
	return 0; \
}

#define SHIM_DETAIL_FN(name) \
int \
name(const char *fmt,...) \
{ \
	char		scratch[1024]; \
	va_list		args; \
	va_start(args, fmt); \
	shim_format(scratch, sizeof(scratch), fmt, args); \
	va_end(args); \
	return 0; \
}

SHIM_MESSAGE_FN(errmsg)
SHIM_MESSAGE_FN(errmsg_internal)
SHIM_DETAIL_FN(errdetail)
SHIM_DETAIL_FN(errdetail_internal)
SHIM_DETAIL_FN(errdetail_log)
SHIM_DETAIL_FN(errhint)
SHIM_DETAIL_FN(errcontext_msg)

int
errmsg_plural(const char *fmt_singular, const char *fmt_plural,
			  unsigned long n,...)
{
	va_list		args;

	va_start(args, n);
	shim_format(cur_message, sizeof(cur_message), n == 1 ? fmt_singular : fmt_plural, args);
	va_end(args);
	return 0;
}

int
errdetail_plural(const char *fmt_singular, const char *fmt_plural,
				 unsigned long n,...)
{
	char		scratch[1024];
	va_list		args;

	va_start(args, n);
	shim_format(scratch, sizeof(scratch), n == 1 ? fmt_singular : fmt_plural, args);
	va_end(args);
	return 0;
}

int
set_errcontext_domain(const char *domain)
{
	return 0;
}

int
errposition(int cursorpos)
{
	return 0;
}

int
errhidestmt(bool hide_stmt)
{
	return 0;
}

int
errhidecontext(bool hide_ctx)
{
	return 0;
}

char *
unpack_sql_state(int sql_state)
{
	static char buf[6];

	for (int i = 0; i < 5; i++)
	{
		buf[i] = PGUNSIXBIT(sql_state);
		sql_state >>= 6;
	}
	buf[5] = '\0';
	return buf;
}

void
ExceptionalCondition(const char *conditionName, const char *errorType,
					 const char *fileName, int lineNumber)
{
	fprintf(stderr, "pgshim: %s(\"%s\") failed at %s:%d\n",
			errorType, conditionName, fileName, lineNumber);
	abort();
}

/* ------------------------------------------------------------ text, fmgr */

struct varlena *
pg_detoast_datum(struct varlena *datum)
{
	if (VARATT_IS_EXTERNAL(datum) || VARATT_IS_COMPRESSED(datum))
		elog(ERROR, "pgshim: toasted values are not supported");
	if (VARATT_IS_SHORT(datum))
	{
		Size		len = VARSIZE_SHORT(datum) - VARHDRSZ_SHORT;
		struct varlena *r = palloc(len + VARHDRSZ);

		SET_VARSIZE(r, len + VARHDRSZ);
		memcpy(VARDATA(r), VARDATA_SHORT(datum), len);
		return r;
	}
	return datum;
}

struct varlena *
pg_detoast_datum_copy(struct varlena *datum)
{
	struct varlena *d = pg_detoast_datum(datum);
	struct varlena *r;

	if (d != datum)
		return d;
	r = palloc(VARSIZE(d));
	memcpy(r, d, VARSIZE(d));
	return r;
}

struct varlena *
pg_detoast_datum_packed(struct varlena *datum)
{
	if (VARATT_IS_EXTERNAL(datum) || VARATT_IS_COMPRESSED(datum))
		return pg_detoast_datum(datum);
	return datum;
}

text *
cstring_to_text_with_len(const char *s, int len)
{
	text	   *r = palloc(len + VARHDRSZ);

	SET_VARSIZE(r, len + VARHDRSZ);
	memcpy(VARDATA(r), s, len);
	return r;
}

text *
cstring_to_text(const char *s)
{
	return cstring_to_text_with_len(s, strlen(s));
}

char *
text_to_cstring(const text *t)
{
	text	   *tunpacked = (text *) pg_detoast_datum_packed(unconstify(text *, t));
	int			len = VARSIZE_ANY_EXHDR(tunpacked);
	char	   *r = palloc(len + 1);

	memcpy(r, VARDATA_ANY(tunpacked), len);
	r[len] = '\0';
	return r;
}

void
text_to_cstring_buffer(const text *src, char *dst, size_t dst_len)
{
	text	   *s = (text *) pg_detoast_datum_packed(unconstify(text *, src));
	size_t		len = VARSIZE_ANY_EXHDR(s);

	if (dst_len > 0)
	{
		len = Min(len, dst_len - 1);
		memcpy(dst, VARDATA_ANY(s), len);
		dst[len] = '\0';
	}
}

static Datum
shim_call(PGFunction func, Oid collation, int nargs, Datum *args)
{
	LOCAL_FCINFO(fcinfo, 3);
	Datum		result;

	InitFunctionCallInfoData(*fcinfo, NULL, nargs, collation, NULL, NULL);
	for (int i = 0; i < nargs; i++)
	{
		fcinfo->args[i].value = args[i];
		fcinfo->args[i].isnull = false;
	}
	result = (*func) (fcinfo);
	if (fcinfo->isnull)
		elog(ERROR, "function %p returned NULL", (void *) func);
	return result;
}

Datum
DirectFunctionCall1Coll(PGFunction func, Oid collation, Datum arg1)
{
	return shim_call(func, collation, 1, &arg1);
}

Datum
DirectFunctionCall2Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2)
{
	Datum		a[2] = {arg1, arg2};

	return shim_call(func, collation, 2, a);
}

Datum
DirectFunctionCall3Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2,
						Datum arg3)
{
	Datum		a[3] = {arg1, arg2, arg3};

	return shim_call(func, collation, 3, a);
}

/* ------------------------------------------------------------ StringInfo */

void
initStringInfo(StringInfo str)
{
	str->maxlen = 1024;
	str->data = palloc(str->maxlen);
	resetStringInfo(str);
}

StringInfo
makeStringInfo(void)
{
	StringInfo	s = palloc(sizeof(StringInfoData));

	initStringInfo(s);
	return s;
}

void
resetStringInfo(StringInfo str)
{
	str->data[0] = '\0';
	str->len = 0;
	str->cursor = 0;
}

void
enlargeStringInfo(StringInfo str, int needed)
{
	int			newlen;

	if (needed < 0)
		elog(ERROR, "invalid string enlargement request size: %d", needed);
	if (((Size) needed) >= (MaxAllocSize - (Size) str->len))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("out of memory")));
	needed += str->len + 1;
	if (needed <= str->maxlen)
		return;
	newlen = 2 * str->maxlen;
	while (needed > newlen)
		newlen = 2 * newlen;
	if (newlen > (int) MaxAllocSize)
		newlen = (int) MaxAllocSize;
	str->data = repalloc(str->data, newlen);
	str->maxlen = newlen;
}

void
appendBinaryStringInfo(StringInfo str, const char *data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
	str->data[str->len] = '\0';
}

void
appendBinaryStringInfoNT(StringInfo str, const char *data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
}

void
appendStringInfoString(StringInfo str, const char *s)
{
	appendBinaryStringInfo(str, s, strlen(s));
}

void
appendStringInfoChar(StringInfo str, char ch)
{
	if (str->len + 1 >= str->maxlen)
		enlargeStringInfo(str, 1);
	str->data[str->len++] = ch;
	str->data[str->len] = '\0';
}

void
appendStringInfoSpaces(StringInfo str, int count)
{
	if (count > 0)
	{
		enlargeStringInfo(str, count);
		memset(str->data + str->len, ' ', count);
		str->len += count;
		str->data[str->len] = '\0';
	}
}

int
appendStringInfoVA(StringInfo str, const char *fmt, va_list args)
{
	int			avail = str->maxlen - str->len;
	size_t		nprinted = pvsnprintf(str->data + str->len, (size_t) avail, fmt, args);

	if (nprinted < (size_t) avail)
	{
		str->len += (int) nprinted;
		return 0;
	}
	str->data[str->len] = '\0';
	return (int) nprinted;
}

void
appendStringInfo(StringInfo str, const char *fmt,...)
{
	for (;;)
	{
		va_list		args;
		int			needed;

		va_start(args, fmt);
		needed = appendStringInfoVA(str, fmt, args);
		va_end(args);
		if (needed == 0)
			break;
		enlargeStringInfo(str, needed);
	}
}

/* ---------------------------------------------------------------- pqformat */

void
pq_begintypsend(StringInfo buf)
{
	initStringInfo(buf);
	appendStringInfoSpaces(buf, VARHDRSZ);
}

bytea *
pq_endtypsend(StringInfo buf)
{
	bytea	   *result = (bytea *) buf->data;

	SET_VARSIZE(result, buf->len);
	return result;
}

void
pq_sendbytes(StringInfo buf, const char *data, int datalen)
{
	appendBinaryStringInfo(buf, data, datalen);
}

void
pq_sendtext(StringInfo buf, const char *str, int slen)
{
	appendBinaryStringInfo(buf, str, slen);	/* server encoding = client's */
}

void
pq_sendstring(StringInfo buf, const char *str)
{
	appendBinaryStringInfo(buf, str, strlen(str) + 1);
}

void
pq_sendfloat4(StringInfo buf, float4 f)
{
	union
	{
		float4		f;
		uint32		i;
	}			swap;

	swap.f = f;
	pq_sendint32(buf, swap.i);
}

void
pq_sendfloat8(StringInfo buf, float8 f)
{
	union
	{
		float8		f;
		int64		i;
	}			swap;

	swap.f = f;
	pq_sendint64(buf, swap.i);
}

static void
no_data_left(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROTOCOL_VIOLATION),
			 errmsg("no data left in message")));
}

int
pq_getmsgbyte(StringInfo msg)
{
	if (msg->cursor >= msg->len)
		no_data_left();
	return (unsigned char) msg->data[msg->cursor++];
}

void
pq_copymsgbytes(StringInfo msg, char *buf, int datalen)
{
	if (datalen < 0 || datalen > (msg->len - msg->cursor))
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("insufficient data left in message")));
	memcpy(buf, &msg->data[msg->cursor], datalen);
	msg->cursor += datalen;
}

const char *
pq_getmsgbytes(StringInfo msg, int datalen)
{
	const char *r;

	if (datalen < 0 || datalen > (msg->len - msg->cursor))
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("insufficient data left in message")));
	r = &msg->data[msg->cursor];
	msg->cursor += datalen;
	return r;
}

unsigned int
pq_getmsgint(StringInfo msg, int b)
{
	unsigned char c;
	uint16		n16;
	uint32		n32;

	switch (b)
	{
		case 1:
			pq_copymsgbytes(msg, (char *) &c, 1);
			return c;
		case 2:
			pq_copymsgbytes(msg, (char *) &n16, 2);
			return pg_ntoh16(n16);
		case 4:
			pq_copymsgbytes(msg, (char *) &n32, 4);
			return pg_ntoh32(n32);
		default:
			elog(ERROR, "unsupported integer size %d", b);
	}
	return 0;
}

int64
pq_getmsgint64(StringInfo msg)
{
	uint64		n64;

	pq_copymsgbytes(msg, (char *) &n64, sizeof(n64));
	return pg_ntoh64(n64);
}

float4
pq_getmsgfloat4(StringInfo msg)
{
	union
	{
		float4		f;
		uint32		i;
	}			swap;

	swap.i = pq_getmsgint(msg, 4);
	return swap.f;
}

float8
pq_getmsgfloat8(StringInfo msg)
{
	union
	{
		float8		f;
		int64		i;
	}			swap;

	swap.i = pq_getmsgint64(msg);
	return swap.f;
}

char *
pq_getmsgtext(StringInfo msg, int rawbytes, int *nbytes)
{
	const char *s = pq_getmsgbytes(msg, rawbytes);
	char	   *r = palloc(rawbytes + 1);

	memcpy(r, s, rawbytes);
	r[rawbytes] = '\0';
	*nbytes = rawbytes;
	return r;
}

const char *
pq_getmsgstring(StringInfo msg)
{
	char	   *str = &msg->data[msg->cursor];
	int			slen = strnlen(str, msg->len - msg->cursor);

	if (msg->cursor + slen >= msg->len)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("invalid string in message")));
	msg->cursor += slen + 1;
	return str;
}

const char *
pq_getmsgrawstring(StringInfo msg)
{
	return pq_getmsgstring(msg);
}

void
pq_getmsgend(StringInfo msg)
{
	if (msg->cursor != msg->len)
		ereport(ERROR,
				(errcode(ERRCODE_PROTOCOL_VIOLATION),
				 errmsg("invalid message format")));
}

/* --------------------------------------------------------- encoding (UTF-8) */

int
GetDatabaseEncoding(void)
{
	return PG_UTF8;
}

int
pg_database_encoding_max_length(void)
{
	return 4;
}

static int
utf8_len(unsigned char c)
{
	if (c < 0x80)
		return 1;
	if ((c & 0xe0) == 0xc0)
		return 2;
	if ((c & 0xf0) == 0xe0)
		return 3;
	if ((c & 0xf8) == 0xf0)
		return 4;
	return 1;
}

int
pg_mblen(const char *mbstr)
{
	return utf8_len((unsigned char) *mbstr);
}

int
pg_mbstrlen_with_len(const char *mbstr, int limit)
{
	int			n = 0;

	while (limit > 0 && *mbstr)
	{
		int			l = pg_mblen(mbstr);

		limit -= l;
		mbstr += l;
		n++;
	}
	return n;
}

int
pg_mbstrlen(const char *mbstr)
{
	return pg_mbstrlen_with_len(mbstr, INT_MAX);
}

bool
pgshim_valid_utf8(const char *s, int len)
{
	const unsigned char *p = (const unsigned char *) s;
	const unsigned char *end = p + len;

	while (p < end)
	{
		int			l = utf8_len(*p);
		uint32		cp;

		if (*p == 0 || (*p >= 0x80 && l == 1) || end - p < l)
			return false;
		cp = l == 1 ? *p : *p & (0x7f >> l);
		for (int i = 1; i < l; i++)
		{
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		/* overlong forms, surrogates and values past U+10FFFF */
		if ((l == 2 && cp < 0x80) || (l == 3 && cp < 0x800) ||
			(l == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
			(cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += l;
	}
	return true;
}

bool
pg_verifymbstr(const char *mbstr, int len, bool noError)
{
	if (pgshim_valid_utf8(mbstr, len))
		return true;
	if (noError)
		return false;
	ereport(ERROR,
			(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
			 errmsg("invalid byte sequence for encoding \"UTF8\"")));
	return false;
}

MemoryContext
MemoryContextGetParent(MemoryContext context)
{
	return context->parent;
}

bool
pg_verify_mbstr(int encoding, const char *mbstr, int len, bool noError)
{
	Assert(encoding == PG_UTF8);
	return pg_verifymbstr(mbstr, len, noError);
}

/* JSON string literal of str, escaped as the server's json output does. */
void
escape_json(StringInfo buf, const char *str)
{
	appendStringInfoChar(buf, '"');
	for (const char *p = str; *p; p++)
	{
		switch (*p)
		{
			case '\b':
				appendStringInfoString(buf, "\\b");
				break;
			case '\f':
				appendStringInfoString(buf, "\\f");
				break;
			case '\n':
				appendStringInfoString(buf, "\\n");
				break;
			case '\r':
				appendStringInfoString(buf, "\\r");
				break;
			case '\t':
				appendStringInfoString(buf, "\\t");
				break;
			case '"':
				appendStringInfoString(buf, "\\\"");
				break;
			case '\\':
				appendStringInfoString(buf, "\\\\");
				break;
			default:
				if ((unsigned char) *p < ' ')
					appendStringInfo(buf, "\\u%04x", (int) *p);
				else
					appendStringInfoChar(buf, *p);
				break;
		}
	}
	appendStringInfoChar(buf, '"');
}

/* The shim's server and client encodings are both UTF-8. */
char *
pg_server_to_any(const char *s, int len, int encoding)
{
	Assert(encoding == PG_UTF8);
	return unconstify(char *, s);
}
