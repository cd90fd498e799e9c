/*
 * tablecache.c
 *	  The per-backend caches of table data (tablecache.h): invalidation,
 *	  the snapshot they are loaded with, and the rights of their readers.
 *
 * Invalidation.  One relcache callback serves every cache: an invalidation
 * of one of its tables (or of all) bumps its generation, and any data
 * stamped with an older one is reloaded before it is served.  Plain DML
 * sends no relcache invalidation, so the tables carry a statement trigger,
 * _table_changed(), that sends one: this backend sees it at its next
 * command, the others when the change commits.  A statement that locks no
 * table would not look at the invalidation queue, so the first use of a
 * cache in each statement does, and a change another session committed is
 * seen by the next statement, as a table read would.
 *
 * Snapshot.  A load reads with the latest snapshot, so a cache never keeps
 * an older view after the invalidation that announced a newer one (the
 * change is visible before its invalidation is sent); it then lasts until
 * the next invalidation.  In parallel mode (a worker, or the leader of a
 * parallel query) no new snapshot may be taken: the load reads with the
 * statement's snapshot, and is kept for that statement only.  So is a load
 * under row-level security (below).
 *
 * Rights.  A cache is filled once and served to whoever calls next,
 * possibly another role after SET ROLE or inside a SECURITY DEFINER
 * function.  So before serving, tablecache_open asks: no SELECT privilege
 * on a table raises 42501 as a query would; row-level security applying to
 * the user (check_enable_rls) makes the cache load what that user sees,
 * with the statement's snapshot, for that user and statement only (a policy
 * may depend on other tables or settings that send no invalidation).  The
 * answer is remembered for the last user: it is asked again when the user
 * changes, on an invalidation of the tables (GRANT, REVOKE, ENABLE ROW LEVEL
 * SECURITY and CREATE POLICY send one), or when a role or role membership
 * changes, so that the common call costs a few comparisons.
 */
#include "tablecache.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/rls.h"
#include "utils/snapmgr.h"
#include "utils/syscache.h"

static TableCache *caches = NULL;
static bool callbacks_registered = false;
static uint64 role_epoch = 1;
static LocalTransactionId last_lxid = InvalidLocalTransactionId;
static TimestampTz last_stmt = 0;

static void
table_changed(TableCache *tc, Oid relid)
{
	bool		mine = !OidIsValid(relid);

	for (int i = 0; i < tc->ntables && !mine; i++)
		mine = tc->relids[i] == relid;
	if (mine)
	{
		tc->generation++;
		tc->resolved = false;
		tc->checked_user = InvalidOid;
	}
	if (tc->changed)
		tc->changed(relid);
}

static void
relcache_changed(Datum arg, Oid relid)
{
	for (TableCache *tc = caches; tc != NULL; tc = tc->next)
		table_changed(tc, relid);
}

static void
schema_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	for (TableCache *tc = caches; tc != NULL; tc = tc->next)
		if (tc->schemas)
			table_changed(tc, InvalidOid);
}

/* rolsuper, rolbypassrls and memberships decide the rights too */
static void
role_changed(Datum arg, int cacheid, uint32 hashvalue)
{
	role_epoch++;
}

void
tablecache_register(TableCache *tc)
{
	if (tc->registered)
		return;
	if (!callbacks_registered)
	{
		CacheRegisterRelcacheCallback(relcache_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(NAMESPACEOID, schema_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHOID, role_changed, (Datum) 0);
		CacheRegisterSyscacheCallback(AUTHMEMMEMROLE, role_changed, (Datum) 0);
		callbacks_registered = true;
	}
	tc->generation = 1;			/* 0 is the stamp of nothing loaded */
	tc->next = caches;
	caches = tc;
	tc->registered = true;
}

static void
resolve(TableCache *tc, Oid fn_oid)
{
	tc->nsp = get_func_namespace(fn_oid);
	for (tc->ntables = 0; tc->tables[tc->ntables] != NULL; tc->ntables++)
	{
		const char *name = tc->tables[tc->ntables];
		Oid			relid = get_relname_relid(name, tc->nsp);

		if (!OidIsValid(relid))
			ereport(ERROR,
					(errcode(ERRCODE_UNDEFINED_TABLE),
					 errmsg("relation \"%s.%s\" does not exist",
							get_namespace_name(tc->nsp), name)));
		tc->relids[tc->ntables] = relid;
	}
	tc->resolved = true;
}

/* 42501 without SELECT on a table; true when row-level security applies */
static bool
check_rights(TableCache *tc)
{
	Oid			user = GetUserId();

	if (tc->checked_user == user && tc->checked_epoch == role_epoch)
		return tc->checked_rls;
	tc->checked_user = InvalidOid;
	tc->checked_rls = false;
	for (int i = 0; i < tc->ntables; i++)
	{
		if (pg_class_aclcheck(tc->relids[i], user, ACL_SELECT) != ACLCHECK_OK)
			aclcheck_error(ACLCHECK_NO_PRIV, OBJECT_TABLE, get_rel_name(tc->relids[i]));
		/* noError: with row_security off the load's own query refuses */
		if (check_enable_rls(tc->relids[i], InvalidOid, true) == RLS_ENABLED)
			tc->checked_rls = true;
	}
	tc->checked_user = user;
	tc->checked_epoch = role_epoch;
	return tc->checked_rls;
}

bool
tablecache_open(TableCache *tc, Oid fn_oid)
{
	LocalTransactionId lxid = MyProc->lxid;
	TimestampTz stmt = GetCurrentStatementStartTimestamp();
	bool		rls;

	tablecache_register(tc);
	if (lxid != last_lxid || stmt != last_stmt)
	{
		last_lxid = lxid;
		last_stmt = stmt;
		AcceptInvalidationMessages();
	}
	if (!tc->resolved)
		resolve(tc, fn_oid);
	rls = check_rights(tc);
	tc->owner = rls ? GetUserId() : InvalidOid;
	return rls;
}

static bool
same_statement(const TableCacheStamp *s)
{
	return s->lxid == MyProc->lxid && s->stmt == GetCurrentStatementStartTimestamp();
}

bool
tablecache_expired(const TableCache *tc, const TableCacheStamp *s)
{
	return s->generation != tc->generation || (s->transient && !same_statement(s));
}

bool
tablecache_valid(const TableCache *tc, const TableCacheStamp *s)
{
	return !tablecache_expired(tc, s) && s->userid == tc->owner;
}

void
tablecache_load_begin(TableCache *tc, TableCacheStamp *s)
{
	s->generation = 0;			/* nothing valid until the load ends */
	tc->loading = tc->generation;
	s->userid = tc->owner;
	s->transient = OidIsValid(tc->owner) || IsInParallelMode();
	s->lxid = MyProc->lxid;
	s->stmt = GetCurrentStatementStartTimestamp();
	PushActiveSnapshot(s->transient ? GetActiveSnapshot() : GetLatestSnapshot());

	/*
	 * The queries name the extension's objects with their schema, but
	 * operators and built-ins (=, <>, max ...) resolve through search_path:
	 * run them with pg_catalog first, so that objects in the caller's
	 * schemas cannot capture them (test/pgtap/security.sql tries it).
	 */
	tc->gucnest = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
}

bool
tablecache_load_end(TableCache *tc, TableCacheStamp *s)
{
	SPI_finish();
	AtEOXact_GUC(true, tc->gucnest);
	PopActiveSnapshot();
	/* an invalidation that arrived while loading means: load again */
	if (tc->loading == tc->generation)
		s->generation = tc->loading;
	return s->generation != 0;
}

/* every row through a heap scan with the load's snapshot */
static void
read_all(TableCache *tc, int table, const char *const *columns, int ncolumns,
		 TableCacheRowFn row, void *arg)
{
	Relation	rel = table_open(tc->relids[table], AccessShareLock);
	AttrNumber *atts = palloc(sizeof(AttrNumber) * ncolumns);
	Datum	   *values = palloc(sizeof(Datum) * ncolumns);
	bool	   *isnull = palloc(sizeof(bool) * ncolumns);
	TableScanDesc scan;
	HeapTuple	tup;

	for (int i = 0; i < ncolumns; i++)
		if ((atts[i] = get_attnum(tc->relids[table], columns[i])) == InvalidAttrNumber)
			elog(ERROR, "table \"%s\" lacks column \"%s\"", tc->tables[table], columns[i]);
	scan = table_beginscan(rel, GetActiveSnapshot(), 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < ncolumns; i++)
			values[i] = heap_getattr(tup, atts[i], RelationGetDescr(rel), &isnull[i]);
		row(arg, values, isnull);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
}

/* the rows the current user sees, through a query as that user */
static void
read_visible(TableCache *tc, int table, const char *const *columns, int ncolumns,
			 TableCacheRowFn row, void *arg)
{
	MemoryContext cxt = CurrentMemoryContext;
	Datum	   *values = palloc(sizeof(Datum) * ncolumns);
	bool	   *isnull = palloc(sizeof(bool) * ncolumns);
	StringInfoData sql;

	initStringInfo(&sql);
	for (int i = 0; i < ncolumns; i++)
		appendStringInfo(&sql, "%s %s", i == 0 ? "SELECT" : ",", quote_identifier(columns[i]));
	appendStringInfo(&sql, " FROM %s.%s", tablecache_schema(tc), quote_identifier(tc->tables[table]));
	if (SPI_execute(sql.data, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read table \"%s\"", tc->tables[table]);
	MemoryContextSwitchTo(cxt);	/* SPI returns in its own */
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		CHECK_FOR_INTERRUPTS();
		for (int i = 0; i < ncolumns; i++)
			values[i] = SPI_getbinval(SPI_tuptable->vals[r], SPI_tuptable->tupdesc, i + 1, &isnull[i]);
		row(arg, values, isnull);
	}
	SPI_freetuptable(SPI_tuptable);
}

void
tablecache_read(TableCache *tc, int table, const char *const *columns, int ncolumns,
				TableCacheRowFn row, void *arg)
{
	Assert(table >= 0 && table < tc->ntables);
	if (OidIsValid(tc->owner))
		read_visible(tc, table, columns, ncolumns, row, arg);
	else
		read_all(tc, table, columns, ncolumns, row, arg);
}

const char *
tablecache_schema(const TableCache *tc)
{
	return quote_identifier(get_namespace_name(tc->nsp));
}

/*
 * _table_changed(): statement trigger on each cached table, announcing a
 * change to every backend's caches.
 */
PG_FUNCTION_INFO_V1(tablecache_table_changed);
Datum
tablecache_table_changed(PG_FUNCTION_ARGS)
{
	TriggerData *td = (TriggerData *) fcinfo->context;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s() must be called as a trigger", get_func_name(fcinfo->flinfo->fn_oid))));
	if (!TRIGGER_FIRED_FOR_STATEMENT(td->tg_event))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("%s() must be fired for each statement", get_func_name(fcinfo->flinfo->fn_oid))));
	CacheInvalidateRelcache(td->tg_relation);
	return PointerGetDatum(NULL);
}

/*
 * 0.1.0's install script bound a copy of it per module under these names;
 * they stay for a library loaded by that version until it is updated.
 */
PG_FUNCTION_INFO_V1(sector_catalog_changed);
Datum
sector_catalog_changed(PG_FUNCTION_ARGS)
{
	return tablecache_table_changed(fcinfo);
}

PG_FUNCTION_INFO_V1(dict_keyword_changed);
Datum
dict_keyword_changed(PG_FUNCTION_ARGS)
{
	return tablecache_table_changed(fcinfo);
}
