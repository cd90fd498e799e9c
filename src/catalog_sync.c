/*
 * catalog_sync.c
 *	  The extension's catalog tables on every node of a Citus cluster:
 *	  catalog_fingerprint(), catalog_drift(), catalog_sync() and the
 *	  _catalog_apply() that catalog_sync() runs on each worker.
 *
 * The catalogs are the tables the extension marks for pg_dump with
 * pg_extension_config_dump (sector_catalog, sector_crosswalk,
 * sector_keyword, and any later one); the dump condition given there tells
 * the rows users add (part "user") from the shipped ones (part "shipped").
 *
 * Each node keeps its own copy, a plain table read by STABLE C functions
 * through tablecache.c.  They are not Citus reference tables: on a worker
 * the rows of a reference table live in a shard table whose name the
 * worker's metadata gives, its shell is empty, and reading the shell from
 * a query on a shard is itself a distributed query, which Citus refuses
 * there; nor does PostgreSQL announce plain DML by a relcache
 * invalidation, which the caches rely on, without our statement triggers,
 * which reference tables may not have.  So the coordinator copies instead.
 *
 * Fingerprint: per catalog and part, the row count and the md5 of the
 * sorted md5s of the rows' jsonb text.  jsonb orders keys by name, so the
 * column order of an upgraded table does not count, and floats are written
 * in shortest exact form (extra_float_digits 1): the same rows give the
 * same fingerprint whatever their order, physical layout or platform.
 *
 * Sync: the coordinator asks every worker for its fingerprints
 * (run_command_on_workers), and sends each part that differs anywhere, as a
 * jsonb literal, to _catalog_apply() on every worker.  That replaces the
 * part's rows on the worker in one transaction (parts that already match are
 * left alone) and checks them against the coordinator's fingerprint, or
 * fails and changes nothing on that node.  Everything runs as the calling
 * user, on the workers too (Citus connects as that user), so only a role
 * that may write the catalogs on a node changes them there.
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "catalog/dependency.h"
#include "catalog/indexing.h"
#include "catalog/pg_class.h"
#include "catalog/pg_extension.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_type.h"
#include "common/md5.h"
#include "commands/extension.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/fmgroids.h"
#include "utils/guc.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/rel.h"

#define NPARTS 2
static const char *const part_names[NPARTS] = {"shipped", "user"};

typedef struct PartState
{
	int64		rows;
	char	   *fingerprint;
} PartState;

typedef struct Catalog
{
	Oid			relid;
	char	   *name;			/* unqualified */
	char	   *qualified;		/* quoted schema.table */
	char	   *cond;			/* true for a user row: an expression over its
								 * columns */
	char	   *rowexpr;		/* see row_expr() */
	PartState	local[NPARTS];
} Catalog;

/* one node's answer to run_command_on_workers */
typedef struct NodeResult
{
	char	   *node;			/* host:port */
	bool		success;
	char	   *result;
} NodeResult;

/* the dump condition "WHERE expr" as expr; none: every row is a user row */
static char *
user_condition(const char *dump)
{
	while (*dump == ' ' || *dump == '\t' || *dump == '\n')
		dump++;
	if (pg_strncasecmp(dump, "where", 5) == 0)
		dump += 5;
	while (*dump == ' ' || *dump == '\t' || *dump == '\n')
		dump++;
	return pstrdup(*dump ? dump : "true");
}

/* the extension's catalogs, in the order they were marked */
static List *
catalogs(Oid fn_oid)
{
	Oid			ext = getExtensionOfObject(ProcedureRelationId, fn_oid);
	List	   *result = NIL;
	Relation	rel;
	ScanKeyData key;
	SysScanDesc scan;
	HeapTuple	tup;

	if (!OidIsValid(ext))
		elog(ERROR, "function %u belongs to no extension", fn_oid);
	rel = table_open(ExtensionRelationId, AccessShareLock);
	ScanKeyInit(&key, Anum_pg_extension_oid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(ext));
	scan = systable_beginscan(rel, ExtensionOidIndexId, true, NULL, 1, &key);
	tup = systable_getnext(scan);
	if (HeapTupleIsValid(tup))
	{
		bool		isnull;
		Datum		d;
		Datum	   *oids = NULL;
		Datum	   *conds = NULL;
		int			noids = 0;
		int			nconds = 0;

		d = heap_getattr(tup, Anum_pg_extension_extconfig, RelationGetDescr(rel), &isnull);
		if (!isnull)
			deconstruct_array(DatumGetArrayTypeP(d), OIDOID, sizeof(Oid), true,
							  TYPALIGN_INT, &oids, NULL, &noids);
		d = heap_getattr(tup, Anum_pg_extension_extcondition, RelationGetDescr(rel), &isnull);
		if (!isnull)
			deconstruct_array(DatumGetArrayTypeP(d), TEXTOID, -1, false,
							  TYPALIGN_INT, &conds, NULL, &nconds);
		for (int i = 0; i < noids; i++)
		{
			Oid			relid = DatumGetObjectId(oids[i]);
			Catalog    *c;

			if (get_rel_relkind(relid) != RELKIND_RELATION)
				continue;		/* a sequence */
			c = palloc0(sizeof(Catalog));
			c->relid = relid;
			c->name = get_rel_name(relid);
			c->qualified = quote_qualified_identifier(get_namespace_name(get_rel_namespace(relid)),
													  c->name);
			c->cond = user_condition(i < nconds ? TextDatumGetCString(conds[i]) : "");
			result = lappend(result, c);
		}
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return result;
}

/*
 * Queries run with pg_catalog first on the path, so that objects in the
 * caller's schemas cannot capture operators or functions, and with floats
 * in shortest exact form.
 */
static int
enter(void)
{
	int			nest = NewGUCNestLevel();

	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	(void) set_config_option("extra_float_digits", "1",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	return nest;
}

static void
leave(int nest)
{
	SPI_finish();
	AtEOXact_GUC(true, nest);
}

/* ROW(its columns in name order): the row's text whatever the column order */
static const char *
row_expr(Catalog *c)
{
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1] = {ObjectIdGetDatum(c->relid)};

	if (c->rowexpr == NULL)
	{
		if (SPI_execute_with_args("SELECT 'ROW(' || string_agg('catalog_row.' || quote_ident(attname), ', '"
								  " ORDER BY attname COLLATE \"C\") || ')'"
								  " FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped",
								  1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT ||
			SPI_processed != 1)
			elog(ERROR, "could not read the columns of \"%s\"", c->name);
		c->rowexpr = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	}
	return c->rowexpr;
}

/*
 * Count and fingerprint of one part; with rows, also its rows as a jsonb
 * array (text), read in the same statement.  The fingerprint is the sum
 * modulo 2^128 of the md5 digests of the rows' text: it does not depend on
 * their order and needs no sort.
 */
static PartState
part_state(Catalog *c, int part, bool read_only, char **rows)
{
	StringInfoData sql;
	StringInfoData json;
	PartState	st;
	Portal		portal;
	uint64		sum[2] = {0, 0};

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT %s::text%s FROM %s catalog_row WHERE (%s) IS %sTRUE",
					 row_expr(c), rows ? ", to_jsonb(catalog_row)::text" : "",
					 c->qualified, c->cond, part == 1 ? "" : "NOT ");
	if (rows)
	{
		initStringInfo(&json);
		appendStringInfoChar(&json, '[');
	}
	st.rows = 0;
	portal = SPI_cursor_open_with_args(NULL, sql.data, 0, NULL, NULL, NULL, read_only, 0);
	for (;;)
	{
		SPI_cursor_fetch(portal, true, 1000);
		if (SPI_processed == 0)
			break;
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			HeapTuple	t = SPI_tuptable->vals[r];
			char	   *text = SPI_getvalue(t, SPI_tuptable->tupdesc, 1);
			uint8		digest[16];
			const char *errstr = NULL;
			uint64		lo = 0;
			uint64		hi = 0;

			CHECK_FOR_INTERRUPTS();
			if (!pg_md5_binary(text, strlen(text), digest, &errstr))
				elog(ERROR, "could not compute an md5 digest: %s", errstr);
			for (int b = 0; b < 8; b++)
			{
				hi = (hi << 8) | digest[b];
				lo = (lo << 8) | digest[b + 8];
			}
			sum[1] += lo;
			sum[0] += hi + (sum[1] < lo ? 1 : 0);
			if (rows)
			{
				if (st.rows > 0)
					appendStringInfoChar(&json, ',');
				appendStringInfoString(&json, SPI_getvalue(t, SPI_tuptable->tupdesc, 2));
			}
			pfree(text);
			st.rows++;
		}
		SPI_freetuptable(SPI_tuptable);
	}
	SPI_cursor_close(portal);
	st.fingerprint = psprintf("%016" INT64_MODIFIER "x%016" INT64_MODIFIER "x", sum[0], sum[1]);
	if (rows)
	{
		appendStringInfoChar(&json, ']');
		*rows = json.data;
	}
	return st;
}

static void
local_states(List *cats, bool read_only)
{
	ListCell   *lc;

	foreach(lc, cats)
	{
		Catalog    *c = lfirst(lc);

		for (int p = 0; p < NPARTS; p++)
		{
			CHECK_FOR_INTERRUPTS();
			c->local[p] = part_state(c, p, read_only, NULL);
		}
	}
}

static Catalog *
find_catalog(List *cats, const char *name)
{
	ListCell   *lc;

	foreach(lc, cats)
		if (strcmp(((Catalog *) lfirst(lc))->name, name) == 0)
			return lfirst(lc);
	return NULL;
}

static int
find_part(const char *name)
{
	for (int p = 0; p < NPARTS; p++)
		if (strcmp(part_names[p], name) == 0)
			return p;
	return -1;
}

/* the extension's schema, quoted, for commands sent to other nodes */
static char *
own_schema(FunctionCallInfo fcinfo)
{
	return (char *) quote_identifier(get_namespace_name(get_func_namespace(fcinfo->flinfo->fn_oid)));
}

/* Citus: 0 absent, 1 on the coordinator, -1 on a worker */
static int
citus_role(void)
{
	char	   *group;

	if (!OidIsValid(get_extension_oid("citus", true)))
		return 0;
	if (SPI_execute("SELECT groupid FROM pg_dist_local_group", true, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		return 1;
	group = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	return group != NULL && strcmp(group, "0") != 0 ? -1 : 1;
}

static void
refuse_on_worker(const char *fn)
{
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("%s() must run on the Citus coordinator", fn),
			 errdetail("This node is a worker; the coordinator's catalogs are the ones every node copies."),
			 errhint("Connect to the coordinator and run it there.")));
}

/* run one command on every active worker (Citus), as the current user */
static List *
on_workers(const char *command)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1] = {CStringGetTextDatum(command)};
	List	   *result = NIL;

	if (SPI_execute_with_args("SELECT nodename || ':' || nodeport, success, result"
							  " FROM run_command_on_workers($1) ORDER BY nodename, nodeport",
							  1, argtypes, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "run_command_on_workers failed");
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		NodeResult *n = palloc(sizeof(NodeResult));
		char	   *ok = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 2);

		n->node = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 1);
		n->success = ok != NULL && strcmp(ok, "t") == 0;
		n->result = SPI_getvalue(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, 3);
		if (n->result == NULL)
			n->result = "";
		result = lappend(result, n);
	}
	return result;
}

static int
list_index(List *list, void *item)
{
	int			i = 0;
	ListCell   *lc;

	foreach(lc, list)
	{
		if (lfirst(lc) == item)
			return i;
		i++;
	}
	return -1;
}

/*
 * One worker's fingerprints: out[catalog index * NPARTS + part], rows -1
 * where the worker has no such catalog.
 */
static void
parse_states(List *cats, const char *json, PartState *out)
{
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1] = {CStringGetTextDatum(json)};

	for (int i = 0; i < list_length(cats) * NPARTS; i++)
	{
		out[i].rows = -1;
		out[i].fingerprint = NULL;
	}
	if (SPI_execute_with_args("SELECT e->>0, e->>1, e->>2, e->>3 FROM jsonb_array_elements($1::jsonb) e",
							  1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read a node's catalog fingerprints");
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	t = SPI_tuptable->vals[r];
		TupleDesc	d = SPI_tuptable->tupdesc;
		Catalog    *c = find_catalog(cats, SPI_getvalue(t, d, 1));
		int			p = find_part(SPI_getvalue(t, d, 2));

		if (c != NULL && p >= 0)
		{
			PartState  *st = &out[list_index(cats, c) * NPARTS + p];

			st->rows = strtoi64(SPI_getvalue(t, d, 3), NULL, 10);
			st->fingerprint = SPI_getvalue(t, d, 4);
		}
	}
}

static bool
same_state(const PartState *a, const PartState *b)
{
	return a->rows == b->rows && a->fingerprint != NULL && b->fingerprint != NULL &&
		strcmp(a->fingerprint, b->fingerprint) == 0;
}

/* the workers' fingerprints, one array per node (NULL: unreadable) */
static List *
worker_states(FunctionCallInfo fcinfo, List *cats, List **nodes)
{
	char	   *command = psprintf("SELECT jsonb_agg(jsonb_build_array(catalog, part, rows, fingerprint))::text"
								   " FROM %s.catalog_fingerprint()", own_schema(fcinfo));
	List	   *states = NIL;
	ListCell   *lc;

	*nodes = on_workers(command);
	foreach(lc, *nodes)
	{
		NodeResult *n = lfirst(lc);
		PartState  *st = NULL;

		if (n->success)
		{
			st = palloc(sizeof(PartState) * list_length(cats) * NPARTS);
			parse_states(cats, n->result, st);
		}
		states = lappend(states, st);
	}
	return states;
}

/*
 * catalog_fingerprint(): rows and fingerprint of each part of each catalog
 * on this node.
 */
PG_FUNCTION_INFO_V1(catalog_fingerprint);
Datum
catalog_fingerprint(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	List	   *cats;
	ListCell   *lc;
	int			nest;

	InitMaterializedSRF(fcinfo, 0);
	cats = catalogs(fcinfo->flinfo->fn_oid);
	nest = enter();
	local_states(cats, true);
	foreach(lc, cats)
	{
		Catalog    *c = lfirst(lc);

		for (int p = 0; p < NPARTS; p++)
		{
			Datum		values[4];
			bool		nulls[4] = {false, false, false, false};

			values[0] = CStringGetTextDatum(c->name);
			values[1] = CStringGetTextDatum(part_names[p]);
			values[2] = Int64GetDatum(c->local[p].rows);
			values[3] = CStringGetTextDatum(c->local[p].fingerprint);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	leave(nest);
	return (Datum) 0;
}

/*
 * catalog_drift(): this node's fingerprints and, under Citus on the
 * coordinator, every worker's, each marked where it differs from this
 * node's.  A worker that cannot be read gives NULLs, drift and a warning.
 */
PG_FUNCTION_INFO_V1(catalog_drift);
Datum
catalog_drift(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	List	   *cats;
	List	   *nodes = NIL;
	List	   *states = NIL;
	ListCell   *lc;
	int			nest;
	int			role;

	InitMaterializedSRF(fcinfo, 0);
	cats = catalogs(fcinfo->flinfo->fn_oid);
	nest = enter();
	role = citus_role();
	if (role < 0)
		refuse_on_worker("catalog_drift");
	local_states(cats, false);
	if (role > 0)
		states = worker_states(fcinfo, cats, &nodes);

	for (int n = -1; n < list_length(nodes); n++)
	{
		NodeResult *node = n < 0 ? NULL : list_nth(nodes, n);
		PartState  *st = n < 0 ? NULL : list_nth(states, n);

		if (node != NULL && st == NULL)
			ereport(WARNING,
					(errmsg("could not read the catalogs of node %s", node->node),
					 errdetail("%s", node->result),
					 errhint("The node must be reachable and run the same version of scenario as this one.")));
		foreach(lc, cats)
		{
			Catalog    *c = lfirst(lc);

			for (int p = 0; p < NPARTS; p++)
			{
				const PartState *mine = &c->local[p];
				const PartState *theirs = node == NULL ? mine :
				st == NULL ? NULL : &st[foreach_current_index(lc) * NPARTS + p];
				Datum		values[6];
				bool		nulls[6] = {false, false, false, false, false, false};

				values[0] = CStringGetTextDatum(node == NULL ? "local" : node->node);
				values[1] = CStringGetTextDatum(c->name);
				values[2] = CStringGetTextDatum(part_names[p]);
				if (theirs == NULL || theirs->rows < 0)
					nulls[3] = nulls[4] = true;
				else
				{
					values[3] = Int64GetDatum(theirs->rows);
					values[4] = CStringGetTextDatum(theirs->fingerprint);
				}
				values[5] = BoolGetDatum(theirs == NULL || !same_state(mine, theirs));
				tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			}
		}
	}
	leave(nest);
	return (Datum) 0;
}

/*
 * Which parts differ on some worker: an array of list_length(cats) *
 * NPARTS flags, or NULL when every worker matches this node.
 */
static bool *
differing_parts(List *cats, List *nodes, List *states)
{
	bool	   *send = palloc0(sizeof(bool) * list_length(cats) * NPARTS);
	bool		any = false;
	ListCell   *lc;

	foreach(lc, cats)
	{
		Catalog    *c = lfirst(lc);
		int			i = foreach_current_index(lc);

		for (int p = 0; p < NPARTS; p++)
			for (int n = 0; n < list_length(nodes); n++)
			{
				PartState  *st = list_nth(states, n);

				if (!same_state(&c->local[p], &st[i * NPARTS + p]))
					send[i * NPARTS + p] = any = true;
			}
	}
	return any ? send : NULL;
}

/*
 * The payload of _catalog_apply: [{"catalog", "part", "rows", "fingerprint",
 * "data": [...]}, ...] for the parts flagged in send, each read (rows and
 * fingerprint) in one statement.
 */
static char *
sync_payload(List *cats, const bool *send)
{
	StringInfoData payload;
	ListCell   *lc;

	initStringInfo(&payload);
	appendStringInfoChar(&payload, '[');
	foreach(lc, cats)
	{
		Catalog    *c = lfirst(lc);
		int			i = foreach_current_index(lc);

		for (int p = 0; p < NPARTS; p++)
		{
			char	   *rows;
			PartState	st;

			if (!send[i * NPARTS + p])
				continue;
			CHECK_FOR_INTERRUPTS();
			st = part_state(c, p, false, &rows);
			c->local[p] = st;	/* what is sent, read in one statement */
			if (payload.len > 1)
				appendStringInfoChar(&payload, ',');
			appendStringInfoString(&payload, "{\"catalog\": ");
			escape_json(&payload, c->name);
			appendStringInfo(&payload, ", \"part\": \"%s\", \"rows\": " INT64_FORMAT ", \"fingerprint\": ",
							 part_names[p], st.rows);
			escape_json(&payload, st.fingerprint);
			appendStringInfo(&payload, ", \"data\": %s}", rows);
		}
	}
	appendStringInfoChar(&payload, ']');
	return payload.data;
}

/*
 * One row per part each worker answered ([[catalog, part, rows, changed],
 * ...]) into the function's result; the workers that failed raise one
 * error naming them all.
 */
static void
report_applied(ReturnSetInfo *rsinfo, List *nodes)
{
	StringInfoData failed;
	int			nfailed = 0;
	ListCell   *lc;

	initStringInfo(&failed);
	foreach(lc, nodes)
	{
		NodeResult *node = lfirst(lc);
		Oid			argtypes[1] = {TEXTOID};
		Datum		args[1];

		if (!node->success)
		{
			appendStringInfo(&failed, "%s%s: %s", nfailed++ ? "\n" : "", node->node, node->result);
			continue;
		}
		args[0] = CStringGetTextDatum(node->result);
		if (SPI_execute_with_args("SELECT e->>0, e->>1, (e->>2)::bigint, (e->>3)::boolean"
								  " FROM jsonb_array_elements($1::jsonb) e",
								  1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
			elog(ERROR, "could not read the answer of node %s", node->node);
		for (uint64 r = 0; r < SPI_processed; r++)
		{
			Datum		values[5];
			bool		nulls[5] = {false, false, false, false, false};

			values[0] = CStringGetTextDatum(node->node);
			for (int k = 0; k < 4; k++)
				values[k + 1] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, k + 1, &nulls[k + 1]);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	if (nfailed > 0)
		ereport(ERROR,
				(errcode(ERRCODE_CONNECTION_FAILURE),
				 errmsg("catalog_sync() failed on %d of %d workers", nfailed, list_length(nodes)),
				 errdetail("%s", failed.data),
				 nfailed < list_length(nodes) ?
				 errhint("The other workers were synchronised; catalog_drift() shows which differ. Run catalog_sync() again once the cause is fixed.") :
				 errhint("No worker was changed. Run catalog_sync() again once the cause is fixed.")));
}

/*
 * catalog_sync(): make every worker's catalogs equal to the coordinator's.
 * Returns one row per worker and part it sent; changed is false where the
 * worker already had those rows.
 */
PG_FUNCTION_INFO_V1(catalog_sync);
Datum
catalog_sync(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	List	   *cats;
	List	   *nodes;
	List	   *states;
	bool	   *send;
	char	   *payload;
	int			nest;
	int			role;

	InitMaterializedSRF(fcinfo, 0);
	cats = catalogs(fcinfo->flinfo->fn_oid);
	nest = enter();
	role = citus_role();
	if (role == 0)
	{
		ereport(NOTICE,
				(errmsg("citus is not installed: this server is the only node, nothing to synchronise")));
		leave(nest);
		return (Datum) 0;
	}
	if (role < 0)
		refuse_on_worker("catalog_sync");

	local_states(cats, false);
	states = worker_states(fcinfo, cats, &nodes);
	if (nodes == NIL)
	{
		ereport(NOTICE, (errmsg("the cluster has no active worker, nothing to synchronise")));
		leave(nest);
		return (Datum) 0;
	}
	for (int n = 0; n < list_length(nodes); n++)
		if (list_nth(states, n) == NULL)
		{
			NodeResult *node = list_nth(nodes, n);

			ereport(ERROR,
					(errcode(ERRCODE_CONNECTION_FAILURE),
					 errmsg("could not read the catalogs of node %s", node->node),
					 errdetail("%s", node->result),
					 errhint("Nothing was changed. The node must be reachable and run the same version of scenario as this one.")));
		}

	send = differing_parts(cats, nodes, states);
	if (send == NULL)
	{
		ereport(NOTICE,
				(errmsg("the catalogs of every worker (%d) match this node's", list_length(nodes))));
		leave(nest);
		return (Datum) 0;
	}
	payload = sync_payload(cats, send);
	nodes = on_workers(psprintf("SELECT %s._catalog_apply(%s)", own_schema(fcinfo),
								quote_literal_cstr(payload)));
	report_applied(rsinfo, nodes);
	leave(nest);
	return (Datum) 0;
}

/*
 * Replace part p of catalog c on this node with data (a json array of rows)
 * and check the result against want, the sender's fingerprint.  Called
 * inside SPI.
 */
static PartState
replace_part(Catalog *c, int p, const char *data, const char *want)
{
	StringInfoData sql;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1];
	Oid			relarg[1] = {OIDOID};
	Datum		relval[1] = {ObjectIdGetDatum(c->relid)};
	char	   *cols;
	PartState	st;

	if (SPI_execute_with_args("SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum)"
							  " FROM pg_attribute WHERE attrelid = $1 AND attnum > 0"
							  " AND NOT attisdropped AND attgenerated = ''",
							  1, relarg, relval, NULL, false, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read the columns of \"%s\"", c->name);
	cols = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);

	initStringInfo(&sql);
	appendStringInfo(&sql, "DELETE FROM %s catalog_row WHERE (%s) IS %sTRUE",
					 c->qualified, c->cond, p == 1 ? "" : "NOT ");
	if (SPI_execute(sql.data, false, 0) != SPI_OK_DELETE)
		elog(ERROR, "could not delete from \"%s\"", c->name);
	resetStringInfo(&sql);
	appendStringInfo(&sql, "INSERT INTO %s (%s) SELECT %s FROM jsonb_populate_recordset(NULL::%s, $1::jsonb)",
					 c->qualified, cols, cols, c->qualified);
	args[0] = CStringGetTextDatum(data);
	if (SPI_execute_with_args(sql.data, 1, argtypes, args, NULL, false, 0) != SPI_OK_INSERT)
		elog(ERROR, "could not insert into \"%s\"", c->name);
	st = part_state(c, p, false, NULL);
	if (strcmp(st.fingerprint, want) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATA_EXCEPTION),
				 errmsg("the %s rows of \"%s\" differ from the sender's after the copy", part_names[p], c->name),
				 errdetail("Fingerprint %s (" INT64_FORMAT " rows) where %s was sent.", st.fingerprint, st.rows, want),
				 errhint("Row-level security or a trigger on this node may hide or change rows.")));
	return st;
}

/*
 * _catalog_apply(payload): on a worker, replace each part of the payload
 * with its rows unless the part already has them, and check the result
 * against the sender's fingerprint.  Returns [[catalog, part, rows,
 * changed], ...] as text.
 */
PG_FUNCTION_INFO_V1(catalog_apply);
Datum
catalog_apply(PG_FUNCTION_ARGS)
{
	text	   *payload = PG_GETARG_TEXT_PP(0);
	List	   *cats = catalogs(fcinfo->flinfo->fn_oid);
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1] = {PointerGetDatum(payload)};
	StringInfoData answer;
	SPITupleTable *items;
	uint64		nitems;
	int			nest;
	text	   *result;

	initStringInfo(&answer);	/* outside SPI's memory: it outlives it */
	nest = enter();
	if (SPI_execute_with_args("SELECT e->>'catalog', e->>'part', e->>'fingerprint', (e->'data')::text"
							  " FROM jsonb_array_elements($1::jsonb) e",
							  1, argtypes, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read the payload");
	items = SPI_tuptable;
	nitems = SPI_processed;
	appendStringInfoChar(&answer, '[');
	for (uint64 r = 0; r < nitems; r++)
	{
		char	   *name = SPI_getvalue(items->vals[r], items->tupdesc, 1);
		char	   *partname = SPI_getvalue(items->vals[r], items->tupdesc, 2);
		char	   *want = SPI_getvalue(items->vals[r], items->tupdesc, 3);
		char	   *data = SPI_getvalue(items->vals[r], items->tupdesc, 4);
		Catalog    *c = name ? find_catalog(cats, name) : NULL;
		int			p = partname ? find_part(partname) : -1;
		PartState	st;
		bool		changed = false;

		CHECK_FOR_INTERRUPTS();
		if (c == NULL || p < 0 || want == NULL || data == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid catalog payload item %d", (int) r + 1),
					 errdetail("Each item names a catalog of the extension (catalog), a part (shipped or user), its fingerprint and its rows (data).")));
		st = part_state(c, p, false, NULL);
		if (strcmp(st.fingerprint, want) != 0)
		{
			st = replace_part(c, p, data, want);
			changed = true;
		}
		if (answer.len > 1)
			appendStringInfoChar(&answer, ',');
		appendStringInfoChar(&answer, '[');
		escape_json(&answer, c->name);
		appendStringInfo(&answer, ", \"%s\", " INT64_FORMAT ", %s]", part_names[p], st.rows,
						 changed ? "true" : "false");
	}
	appendStringInfoChar(&answer, ']');
	leave(nest);
	result = cstring_to_text(answer.data);
	PG_RETURN_TEXT_P(result);
}
