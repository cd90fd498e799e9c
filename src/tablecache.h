/*
 * tablecache.h
 *	  One mechanism for the per-backend caches of table data kept by C code
 *	  (sector_catalog.c, dict_classify.c, feed.c): when to drop them, which
 *	  snapshot to load them with, and whom they may be served to.
 *
 * A cache names the extension's tables it is loaded from; they are found
 * by name in the schema of the calling function, once per backend and again
 * after any invalidation of them.  Each load is stamped (TableCacheStamp) and
 * the stamp says whether the loaded data may still be served.
 *
 *	  static TableCache tc = {.tables = {"sector_catalog", "sector_crosswalk"}};
 *
 *	  for (;;)
 *	  {
 *		  tablecache_open(&tc, fcinfo->flinfo->fn_oid);
 *		  if (tablecache_valid(&tc, &stamp))
 *			  break;
 *		  tablecache_load_begin(&tc, &stamp);
 *		  ... tablecache_read(), or SPI queries on tablecache_schema(&tc) ...
 *		  tablecache_load_end(&tc, &stamp);
 *	  }
 *
 * A cache of other tables (feed.c: each trigger's own) names none and
 * gives a changed() hook instead, which is told of every invalidation.
 *
 * How a change reaches the caches: plain DML sends no relcache invalidation,
 * so each table carries a statement trigger calling _table_changed()
 * (tablecache_table_changed), which sends one.  Only that function and the
 * CREATE TRIGGER lines of the install script know about triggers.  Under
 * Citus the catalog tables stay plain local tables on every node (a
 * reference table may not have these triggers, and on a worker its rows are
 * in a shard that a function called in a shard query cannot read): the
 * coordinator copies its rows to the workers (catalog_sync.c), whose
 * triggers then fire as for any other edit.
 */
#ifndef SCENARIO_TABLECACHE_H
#define SCENARIO_TABLECACHE_H

#include "postgres.h"

#include "datatype/timestamp.h"

#define TABLECACHE_MAX_TABLES 4

/* When and for whom one load of a cache was made. */
typedef struct TableCacheStamp
{
	uint64		generation;		/* the tables' generation when loaded; 0: never */
	Oid			userid;			/* loaded for this user only (row-level security) */
	bool		transient;		/* valid for the loading statement only */
	LocalTransactionId lxid;	/* the loading statement */
	TimestampTz stmt;
} TableCacheStamp;

typedef struct TableCache
{
	/* set by the cache */
	const char *tables[TABLECACHE_MAX_TABLES + 1];	/* NULL-terminated; rights
													 * are checked in this order */
	void		(*changed) (Oid relid); /* optional: told of every relcache
										 * invalidation (InvalidOid: all) */
	bool		schemas;		/* a change of any schema counts as one of all
								 * tables (the cache's query texts name schemas) */

	/* kept by tablecache.c */
	struct TableCache *next;	/* every registered cache */
	bool		registered;
	bool		resolved;		/* nsp and relids are current */
	Oid			nsp;
	Oid			relids[TABLECACHE_MAX_TABLES];
	int			ntables;
	uint64		generation;		/* bumped by each invalidation of a table */
	Oid			owner;			/* since tablecache_open: the user under RLS */
	Oid			checked_user;	/* the last rights check */
	uint64		checked_epoch;
	bool		checked_rls;
	uint64		loading;		/* during a load: the generation it began at */
	int			gucnest;
} TableCache;

/* Listen to invalidations (tablecache_open does it for a cache with tables). */
extern void tablecache_register(TableCache *tc);

/*
 * Before serving: take in invalidations (once per statement), find the
 * tables in fn_oid's schema, and check that the current user may SELECT
 * from them (42501 otherwise).  Returns true when row-level security applies
 * to the user: the data must then be loaded for that user (the stamp says).
 */
extern bool tablecache_open(TableCache *tc, Oid fn_oid);

/* Data of this stamp may be served now to the current user. */
extern bool tablecache_valid(const TableCache *tc, const TableCacheStamp *s);

/* Data of this stamp can no longer be served to anyone: free it. */
extern bool tablecache_expired(const TableCache *tc, const TableCacheStamp *s);

/*
 * A load: begin pushes the snapshot to read with, runs with search_path
 * pg_catalog, pg_temp and connects SPI; end undoes that and stamps the data
 * valid unless an invalidation arrived meanwhile (then load again).
 */
extern void tablecache_load_begin(TableCache *tc, TableCacheStamp *s);
extern bool tablecache_load_end(TableCache *tc, TableCacheStamp *s);

/*
 * During a load: calls row(arg, values, isnull) with the given columns of
 * each row of tables[table] that the current user sees: a heap scan with
 * the load's snapshot, or under row-level security a query as that user,
 * so that the policies filter.  row runs in the caller's memory context.
 */
typedef void (*TableCacheRowFn) (void *arg, const Datum *values, const bool *isnull);
extern void tablecache_read(TableCache *tc, int table, const char *const *columns, int ncolumns,
							TableCacheRowFn row, void *arg);

/* The tables' schema, quoted for a query (during a load). */
extern const char *tablecache_schema(const TableCache *tc);

#endif
