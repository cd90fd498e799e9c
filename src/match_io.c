/*
 * match_io.c
 *	  SQL entry points of the profile types: text and binary I/O, the
 *	  constructor functions with named arguments, the cast to jsonb.
 *
 * The binary form carries the logical fields (a version byte, flags, sectors
 * as their canonical text, money in fen, the region bitmap, TRL, date, text)
 * and is read back through profile_build, the validator the text input uses;
 * precomputed features are never trusted from the wire.
 */
#include "match.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "libpq/pqformat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/jsonb.h"
#include "sector.h"

#define BIN_VERSION 1

static Datum
profile_in_common(FunctionCallInfo fcinfo, char kind)
{
	PG_RETURN_PROFILE_P(profile_parse(PG_GETARG_CSTRING(0), kind));
}

static Datum
profile_out_common(FunctionCallInfo fcinfo)
{
	Profile    *p = PG_GETARG_PROFILE_P(0);

	profile_validate(p);
	PG_RETURN_CSTRING(profile_out(p));
}

static Datum
profile_send_common(FunctionCallInfo fcinfo)
{
	Profile    *p = PG_GETARG_PROFILE_P(0);
	StringInfoData b;
	int			i;

	profile_validate(p);
	pq_begintypsend(&b);
	pq_sendbyte(&b, BIN_VERSION);
	pq_sendbyte(&b, p->flags);
	pq_sendint16(&b, p->nsectors);
	for (i = 0; i < p->nsectors; i++)
		pq_sendstring(&b, msector_out(PROFILE_SECTORS(p)[i]));
	pq_sendint64(&b, p->money);
	pq_sendint32(&b, p->regions);
	pq_sendbyte(&b, p->trl);
	pq_sendint32(&b, p->date);
	pq_sendint32(&b, p->textlen);
	pq_sendbytes(&b, PROFILE_TEXT(p), p->textlen);
	PG_RETURN_BYTEA_P(pq_endtypsend(&b));
}

static Datum
profile_recv_common(FunctionCallInfo fcinfo, char kind)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ProfileFields f;
	int			version,
				flags,
				i;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	version = pq_getmsgbyte(buf);
	if (version != BIN_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported binary format version %d for type %s", version,
						kind == PROFILE_DEMAND ? "demand" : "supply")));
	flags = pq_getmsgbyte(buf);
	if (flags & ~(PF_MONEY | PF_TRL | PF_DATE | PF_TEXT))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid flags in binary profile: %d", flags)));
	f.nsectors = pq_getmsgint(buf, 2);
	if (f.nsectors > PROFILE_MAX_SECTORS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid sector count in binary profile: %d", f.nsectors)));
	for (i = 0; i < f.nsectors; i++)
	{
		const char *s = pq_getmsgstring(buf);

		f.sectors[i] = msector_parse(s, strlen(s));
	}
	f.money = pq_getmsgint64(buf);
	f.regions = pq_getmsgint(buf, 4);
	f.trl = pq_getmsgbyte(buf);
	f.date = pq_getmsgint(buf, 4);
	f.textlen = pq_getmsgint(buf, 4);
	if (f.textlen < 0 || f.textlen > buf->len - buf->cursor)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid text length in binary profile: %d", f.textlen)));
	f.text = pq_getmsgbytes(buf, f.textlen);
	pq_getmsgend(buf);
	f.has_money = (flags & PF_MONEY) != 0;
	f.has_trl = (flags & PF_TRL) != 0;
	f.has_date = (flags & PF_DATE) != 0;
	if (!(flags & PF_TEXT))
	{
		if (f.textlen != 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
					 errmsg("binary profile has text but no text flag")));
		f.text = NULL;
	}
	if ((!f.has_money && f.money) || (!f.has_trl && f.trl) || (!f.has_date && f.date))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("binary profile has a value for a field flagged missing")));
	PG_RETURN_PROFILE_P(profile_build(&f));
}

PG_FUNCTION_INFO_V1(demand_in);
Datum
demand_in(PG_FUNCTION_ARGS)
{
	return profile_in_common(fcinfo, PROFILE_DEMAND);
}

PG_FUNCTION_INFO_V1(supply_in);
Datum
supply_in(PG_FUNCTION_ARGS)
{
	return profile_in_common(fcinfo, PROFILE_SUPPLY);
}

PG_FUNCTION_INFO_V1(profile_out_fn);
Datum
profile_out_fn(PG_FUNCTION_ARGS)
{
	return profile_out_common(fcinfo);
}

PG_FUNCTION_INFO_V1(profile_send);
Datum
profile_send(PG_FUNCTION_ARGS)
{
	return profile_send_common(fcinfo);
}

PG_FUNCTION_INFO_V1(demand_recv);
Datum
demand_recv(PG_FUNCTION_ARGS)
{
	return profile_recv_common(fcinfo, PROFILE_DEMAND);
}

PG_FUNCTION_INFO_V1(supply_recv);
Datum
supply_recv(PG_FUNCTION_ARGS)
{
	return profile_recv_common(fcinfo, PROFILE_SUPPLY);
}

PG_FUNCTION_INFO_V1(profile_jsonb);
Datum
profile_jsonb(PG_FUNCTION_ARGS)
{
	Profile    *p = PG_GETARG_PROFILE_P(0);

	profile_validate(p);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(profile_to_json(p)));
}

/* ---- constructors ---- */

/* Sectors from an array of scenario.sector; NULL elements are skipped. */
static void
sectors_arg(ArrayType *a, ProfileFields *f)
{
	Datum	   *vals;
	bool	   *nulls;
	int			n,
				i;

	/* scenario.sector: 8 bytes, by value (src/sector.h) */
	deconstruct_array(a, ARR_ELEMTYPE(a), 8, true, TYPALIGN_DOUBLE, &vals, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		if (nulls[i])
			continue;
		if (f->nsectors >= PROFILE_MAX_SECTORS)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("a profile holds at most %d sectors", PROFILE_MAX_SECTORS)));
		f->sectors[f->nsectors++] = (uint64) DatumGetSector(vals[i]);
	}
}

static void
common_args(FunctionCallInfo fcinfo, ProfileFields *f, char kind)
{
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	if (!PG_ARGISNULL(0))
		sectors_arg(PG_GETARG_ARRAYTYPE_P(0), f);
	if (!PG_ARGISNULL(1))
	{
		text	   *t = PG_GETARG_TEXT_PP(1);

		f->text = VARDATA_ANY(t);
		f->textlen = VARSIZE_ANY_EXHDR(t);
	}
	if (!PG_ARGISNULL(2))
	{
		f->has_money = true;
		f->money = profile_money_from_float(PG_GETARG_FLOAT8(2),
											kind == PROFILE_DEMAND ? "budget" : "price");
	}
	if (!PG_ARGISNULL(4))
	{
		int32		v = PG_GETARG_INT32(4);

		profile_check_trl(v);
		f->has_trl = true;
		f->trl = v;
	}
	if (!PG_ARGISNULL(5))
	{
		f->has_date = true;
		f->date = PG_GETARG_DATEADT(5);
		profile_check_date(f->date, kind == PROFILE_DEMAND ? "deadline" : "available");
	}
}

PG_FUNCTION_INFO_V1(demand_profile);
Datum
demand_profile(PG_FUNCTION_ARGS)
{
	ProfileFields f;

	common_args(fcinfo, &f, PROFILE_DEMAND);
	if (!PG_ARGISNULL(3))
	{
		text	   *t = PG_GETARG_TEXT_PP(3);

		f.regions = 1u << region_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
	}
	PG_RETURN_PROFILE_P(profile_build(&f));
}

PG_FUNCTION_INFO_V1(supply_profile);
Datum
supply_profile(PG_FUNCTION_ARGS)
{
	ProfileFields f;

	common_args(fcinfo, &f, PROFILE_SUPPLY);
	if (!PG_ARGISNULL(3))
	{
		ArrayType  *a = PG_GETARG_ARRAYTYPE_P(3);
		Datum	   *vals;
		bool	   *nulls;
		int			n,
					i;

		deconstruct_array(a, TEXTOID, -1, false, TYPALIGN_INT, &vals, &nulls, &n);
		for (i = 0; i < n; i++)
			if (!nulls[i])
			{
				text	   *t = DatumGetTextPP(vals[i]);

				f.regions |= 1u << region_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t));
			}
	}
	PG_RETURN_PROFILE_P(profile_build(&f));
}
