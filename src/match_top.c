/*
 * match_top.c
 *	  top_offers(NULL::offer_table, opportunity, k [, filter]): the k offers
 *	  nearest an opportunity's profile, as rows of the offer table, through
 *	  the table's supply_ops GiST index.
 *
 * It is the per-opportunity top-k of
 *     CROSS JOIN LATERAL (SELECT * FROM offer o WHERE ...
 *                         ORDER BY o.profile <-> q.profile LIMIT k)
 * as a function: one query per opportunity whose profile is a value, which
 * is the form Citus runs on a distributed (or reference) offer table, each
 * shard answering through its own index and the coordinator merging the
 * shards' best rows.  The LATERAL form makes Citus plan a join of the
 * opportunity table with a LIMIT that references it, which it refuses.
 *
 * The table comes as its row type, the way populate_record takes one (the
 * result has the table's columns); the profile is its one column of type
 * supply.  The optional filter is SQL over the table's columns, applied in
 * the WHERE of the search, so the index scan keeps going until k rows pass
 * and filtered results are complete.  It runs with the caller's rights, as
 * the caller's own query would; names reach the SQL through
 * quote_identifier.
 */
#include "match.h"

#include "access/htup_details.h"
#include "catalog/namespace.h"
#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "parser/parser.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/syscache.h"
#include "utils/typcache.h"

/* The query of one call: $1 the demand, $2 the limit. */
static char *
top_offers_sql(Oid relid, Oid extnsp, const char *filter)
{
	Oid			supply = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										 CStringGetDatum("supply"), ObjectIdGetDatum(extnsp));
	TupleDesc	desc = lookup_rowtype_tupdesc(get_rel_type_id(relid), -1);
	const char *table = quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
												   get_rel_name(relid));
	AttrNumber	found = InvalidAttrNumber;
	StringInfoData sql;

	for (int i = 0; i < desc->natts; i++)
	{
		Form_pg_attribute att = TupleDescAttr(desc, i);

		if (att->attisdropped || att->atttypid != supply)
			continue;
		if (found != InvalidAttrNumber)
			ereport(ERROR,
					(errcode(ERRCODE_AMBIGUOUS_COLUMN),
					 errmsg("table %s has more than one column of type supply", table),
					 errdetail("top_offers searches by the one supply profile of the table.")));
		found = att->attnum;
	}
	ReleaseTupleDesc(desc);
	if (found == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("table %s has no column of type supply", table),
				 errhint("top_offers searches a table of offers by its supply profile column.")));

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT o.* FROM %s o", table);
	if (filter != NULL)
		appendStringInfo(&sql, " WHERE (%s)", filter);
	appendStringInfo(&sql, " ORDER BY o.%s OPERATOR(%s.<->) $1 LIMIT $2",
					 quote_identifier(get_attname(relid, found, false)),
					 quote_identifier(get_namespace_name(extnsp)));
	return sql.data;
}

/* The table whose row type the first argument of top_offers has. */
static Oid
offer_table(Oid rowtype)
{
	Oid			relid = InvalidOid;
	char		relkind = 0;

	if (OidIsValid(rowtype) && OidIsValid(relid = get_typ_typrelid(rowtype)))
		relkind = get_rel_relkind(relid);
	if (relkind != RELKIND_RELATION && relkind != RELKIND_PARTITIONED_TABLE &&
		relkind != RELKIND_VIEW && relkind != RELKIND_MATVIEW &&
		relkind != RELKIND_FOREIGN_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("the first argument of top_offers must be the row type of a table, not %s",
						format_type_be(rowtype)),
				 errhint("Pass a null of the table's type, such as NULL::offer.")));
	return relid;
}

/*
 * The rows SPI found, into the function's result.  The SPI rows have the
 * live columns; the row type may have dropped ones.
 */
static void
put_rows(ReturnSetInfo *rsinfo)
{
	TupleDesc	outdesc = rsinfo->setDesc;
	Datum	   *values = palloc(sizeof(Datum) * outdesc->natts);
	bool	   *nulls = palloc(sizeof(bool) * outdesc->natts);

	for (uint64 r = 0; r < SPI_processed; r++)
	{
		int			col = 1;

		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < outdesc->natts; i++)
		{
			if (TupleDescAttr(outdesc, i)->attisdropped)
			{
				values[i] = (Datum) 0;
				nulls[i] = true;
				continue;
			}
			values[i] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, col++, &nulls[i]);
		}
		tuplestore_putvalues(rsinfo->setResult, outdesc, values, nulls);
	}
}

/*
 * The filter must leave the search one SELECT: a condition, not a way to
 * append statements or a set operation.  Its own errors (an unknown
 * column, a type mismatch) come when the search runs, with the query.
 */
static void
check_filter(const char *sql, const char *filter)
{
	MemoryContext cxt = CurrentMemoryContext;
	List	   *volatile parsed = NIL;
	RawStmt    *raw;

	PG_TRY();
	{
		parsed = raw_parser(sql, RAW_PARSE_DEFAULT);
	}
	PG_CATCH();
	{
		ErrorData  *edata;

		MemoryContextSwitchTo(cxt);
		edata = CopyErrorData();
		FlushErrorState();
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid filter for top_offers: \"%s\"", filter),
				 errdetail("%s", edata->message),
				 errhint("The filter is one SQL condition on the columns of the offer table, as in a WHERE clause.")));
	}
	PG_END_TRY();
	raw = list_length(parsed) == 1 ? linitial_node(RawStmt, parsed) : NULL;
	if (raw == NULL || !IsA(raw->stmt, SelectStmt) ||
		((SelectStmt *) raw->stmt)->op != SETOP_NONE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid filter for top_offers: \"%s\"", filter),
				 errhint("The filter is one SQL condition on the columns of the offer table, as in a WHERE clause.")));
}

PG_FUNCTION_INFO_V1(top_offers);
Datum
top_offers(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Oid			rowtype = get_fn_expr_argtype(fcinfo->flinfo, 0);
	Oid			relid;
	char	   *filter = NULL;
	char	   *sql;
	Oid			argtypes[2];
	Datum		args[2];
	int64		k;
	int			rc;

	relid = offer_table(rowtype);
	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	k = PG_GETARG_INT32(2);
	if (k < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must not be negative: %lld", (long long) k)));
	if (k == 0)
		return (Datum) 0;
	if (PG_NARGS() > 3 && !PG_ARGISNULL(3))
		filter = text_to_cstring(PG_GETARG_TEXT_PP(3));

	sql = top_offers_sql(relid, get_func_namespace(fcinfo->flinfo->fn_oid), filter);
	if (filter != NULL)
		check_filter(sql, filter);
	argtypes[0] = get_fn_expr_argtype(fcinfo->flinfo, 1);
	argtypes[1] = INT8OID;
	args[0] = PG_GETARG_DATUM(1);
	args[1] = Int64GetDatum(k);

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "top_offers: SPI_connect failed");

	/*
	 * One-shot: planned with the profile's value, so Citus sees a constant
	 * and pushes the ordered, limited scan to every shard.
	 */
	rc = SPI_execute_with_args(sql, 2, argtypes, args, NULL, true, 0);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "top_offers: the search failed");

	put_rows(rsinfo);
	SPI_finish();
	return (Datum) 0;
}
