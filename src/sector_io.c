/*
 * sector_io.c
 *	  Layer 4 of the sector module: input/output of scenario.sector and its
 *	  btree and hash support (the parser and formatter are layer 3).
 *
 * The binary format is a version byte (1) followed by the canonical text,
 * parsed by the same parser as text input: recv is exactly as strict as
 * in, and the wire format does not depend on the bit layout.
 */
#include "sector_internal.h"

#include "common/hashfn.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/sortsupport.h"

#define SECTOR_BINARY_VERSION 1

static char *
format_or_fail(Sector s)
{
	char	   *buf = palloc(SECTOR_MAX_TEXT + 1);

	if (!sector_format(s, buf))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid sector value " INT64_FORMAT, s),
				 errdetail("The stored value is not a code of any taxonomy.")));
	return buf;
}

PG_FUNCTION_INFO_V1(sector_in);
Datum
sector_in(PG_FUNCTION_ARGS)
{
	char	   *str = PG_GETARG_CSTRING(0);

	PG_RETURN_SECTOR(sector_parse(str, strlen(str)));
}

PG_FUNCTION_INFO_V1(sector_out);
Datum
sector_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(format_or_fail(PG_GETARG_SECTOR(0)));
}

PG_FUNCTION_INFO_V1(sector_recv);
Datum
sector_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			version;
	int			len;

	if (buf->cursor >= buf->len)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type sector"),
				 errdetail("The value is empty.")));
	version = pq_getmsgbyte(buf);
	if (version != SECTOR_BINARY_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid binary value for type sector"),
				 errdetail("Unsupported format version %d; this library reads version %d.",
						   version, SECTOR_BINARY_VERSION)));
	len = buf->len - buf->cursor;
	PG_RETURN_SECTOR(sector_parse_bytes(pq_getmsgbytes(buf, len), len));
}

PG_FUNCTION_INFO_V1(sector_send);
Datum
sector_send(PG_FUNCTION_ARGS)
{
	char	   *text = format_or_fail(PG_GETARG_SECTOR(0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbyte(&buf, SECTOR_BINARY_VERSION);
	pq_sendbytes(&buf, text, strlen(text));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* --- btree ------------------------------------------------------------ */

#define SECTOR_CMP_FUNC(name, op) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	PG_RETURN_BOOL(PG_GETARG_SECTOR(0) op PG_GETARG_SECTOR(1)); \
}

SECTOR_CMP_FUNC(sector_eq, ==)
SECTOR_CMP_FUNC(sector_ne, !=)
SECTOR_CMP_FUNC(sector_lt, <)
SECTOR_CMP_FUNC(sector_le, <=)
SECTOR_CMP_FUNC(sector_gt, >)
SECTOR_CMP_FUNC(sector_ge, >=)

PG_FUNCTION_INFO_V1(sector_cmp);
Datum
sector_cmp(PG_FUNCTION_ARGS)
{
	Sector		a = PG_GETARG_SECTOR(0);
	Sector		b = PG_GETARG_SECTOR(1);

	PG_RETURN_INT32(a < b ? -1 : (a > b ? 1 : 0));
}

PG_FUNCTION_INFO_V1(sector_sortsupport);
Datum
sector_sortsupport(PG_FUNCTION_ARGS)
{
	SortSupport ssup = (SortSupport) PG_GETARG_POINTER(0);

	/* the value is its own sort key: tuplesort's fast signed path applies */
	ssup->comparator = ssup_datum_signed_cmp;
	PG_RETURN_VOID();
}

/* --- hash ------------------------------------------------------------- */

PG_FUNCTION_INFO_V1(sector_hash);
Datum
sector_hash(PG_FUNCTION_ARGS)
{
	Sector		s = PG_GETARG_SECTOR(0);

	/* the low 32 bits of the extended hash with seed 0, as hash opclasses require */
	PG_RETURN_INT32((int32) (uint32) hash_bytes_extended((const unsigned char *) &s, sizeof(s), 0));
}

PG_FUNCTION_INFO_V1(sector_hash_extended);
Datum
sector_hash_extended(PG_FUNCTION_ARGS)
{
	Sector		s = PG_GETARG_SECTOR(0);
	uint64		seed = (uint64) PG_GETARG_INT64(1);

	PG_RETURN_UINT64(hash_bytes_extended((const unsigned char *) &s, sizeof(s), seed));
}
