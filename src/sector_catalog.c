/*
 * sector_catalog.c
 *	  Readers of scenario.sector_catalog and scenario.sector_crosswalk
 *	  (sector_name, sector_children, sector_descendants, sector_map), the
 *	  per-backend cache behind them, and the set-returning functions that
 *	  fill both tables from the compiled-in lists at install time.
 *
 * The cache holds every catalog code with its names and every crosswalk
 * link, sorted.  It is dropped by a relcache callback on either table;
 * since plain DML sends no relcache invalidation, a statement trigger on
 * both tables (_sector_catalog_changed) sends one, which reaches this
 * backend at its next command and the others when the change commits.
 * It is loaded with the latest snapshot, so it never keeps an older view
 * after the invalidation that announced a newer one.  In parallel mode
 * (a worker, or the leader of a parallel query) no new snapshot may be
 * taken: the cache is then loaded with the statement's own snapshot and
 * kept for that statement only.
 *
 * Rights: the cache is served only after catalog_rights_check() found that
 * the current user may SELECT from both tables (42501 otherwise, even from
 * a warm cache after SET ROLE).  When row-level security applies to that
 * user on either table, the rows are read instead through SPI as that user,
 * so the policies filter them, into a second cache kept for that user and
 * statement only (a policy may depend on other tables or settings that send
 * us no invalidation).  Without RLS, the common case, the shared cache is
 * served as before, after one comparison.
 */
#include "sector_internal.h"

#include "access/heapam.h"
#include "access/xact.h"
#include "access/htup_details.h"
#include "access/tableam.h"
#include "catalog_rights.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/snapmgr.h"

typedef struct CatalogCode
{
	Sector		code;
	char	   *name_zh;
	char	   *name_en;
} CatalogCode;

typedef struct CatalogLink
{
	Sector		source;
	Sector		target;
	bool		partial;
} CatalogLink;

typedef struct CatalogCache
{
	bool		valid;
	Oid			userid;			/* whose rows, when row-level security applies */
	MemoryContext cxt;
	int			ncodes;
	CatalogCode *codes;
	int			nlinks;
	CatalogLink *links;
	bool		transient;		/* loaded in parallel mode: this statement only */
	LocalTransactionId loaded_lxid;
	TimestampTz loaded_stmt;
} CatalogCache;

/* [0]: every row; [1]: what one user under row-level security sees */
static CatalogCache caches[2];
static CatalogCache *cur;
static Oid	relids[2];			/* sector_catalog, sector_crosswalk */
static CatalogRights rights;
static uint64 invalidations = 0;
static TimestampTz last_statement = 0;
static bool callback_registered = false;

static void
catalog_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == relids[0] || relid == relids[1])
		sector_catalog_invalidate_all();
}

void
sector_catalog_invalidate_all(void)
{
	caches[0].valid = caches[1].valid = false;
	relids[0] = relids[1] = InvalidOid;
	rights.userid = InvalidOid;
	invalidations++;
}

static int
cmp_code(const void *a, const void *b)
{
	Sector		x = ((const CatalogCode *) a)->code;
	Sector		y = ((const CatalogCode *) b)->code;

	return x < y ? -1 : (x > y ? 1 : 0);
}

static int
cmp_link(const void *a, const void *b)
{
	const CatalogLink *x = a;
	const CatalogLink *y = b;

	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return (int) x->partial - (int) y->partial;
}

static char *
text_attr(HeapTuple tup, TupleDesc desc, AttrNumber att)
{
	bool		isnull;
	Datum		d = heap_getattr(tup, att, desc, &isnull);

	return isnull ? NULL : TextDatumGetCString(d);
}

static Oid
table_in(Oid nsp, const char *name)
{
	Oid			relid = get_relname_relid(name, nsp);

	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s.%s\" does not exist", get_namespace_name(nsp), name)));
	return relid;
}

static void
load_all(CatalogCache *c)
{
	Relation	cat,
				cw;
	Snapshot	snap;
	TableScanDesc scan;
	HeapTuple	tup;
	AttrNumber	a_code,
				a_zh,
				a_en,
				a_src,
				a_tgt,
				a_partial;
	int			cap;
	MemoryContext old;
	/* copied: an invalidation while opening them clears relids */
	Oid			catid = relids[0],
				cwid = relids[1];

	cat = table_open(catid, AccessShareLock);
	cw = table_open(cwid, AccessShareLock);
	a_code = get_attnum(catid, "code");
	a_zh = get_attnum(catid, "name_zh");
	a_en = get_attnum(catid, "name_en");
	a_src = get_attnum(cwid, "source");
	a_tgt = get_attnum(cwid, "target");
	a_partial = get_attnum(cwid, "partial");
	if (a_code == InvalidAttrNumber || a_zh == InvalidAttrNumber || a_en == InvalidAttrNumber ||
		a_src == InvalidAttrNumber || a_tgt == InvalidAttrNumber || a_partial == InvalidAttrNumber)
		elog(ERROR, "sector_catalog or sector_crosswalk lacks an expected column");

	c->transient = IsInParallelMode();
	snap = RegisterSnapshot(c->transient ? GetActiveSnapshot() : GetLatestSnapshot());
	old = MemoryContextSwitchTo(c->cxt);

	cap = 8192;
	c->codes = palloc(sizeof(CatalogCode) * cap);
	scan = table_beginscan(cat, snap, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		bool		isnull;
		Datum		d = heap_getattr(tup, a_code, RelationGetDescr(cat), &isnull);

		CHECK_FOR_INTERRUPTS();
		if (isnull)
			continue;
		if (c->ncodes == cap)
			c->codes = repalloc_huge(c->codes, sizeof(CatalogCode) * (cap *= 2));
		c->codes[c->ncodes].code = DatumGetSector(d);
		c->codes[c->ncodes].name_zh = text_attr(tup, RelationGetDescr(cat), a_zh);
		c->codes[c->ncodes].name_en = text_attr(tup, RelationGetDescr(cat), a_en);
		c->ncodes++;
	}
	table_endscan(scan);

	cap = 8192;
	c->links = palloc(sizeof(CatalogLink) * cap);
	scan = table_beginscan(cw, snap, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		bool		n1,
					n2,
					n3;
		Datum		s = heap_getattr(tup, a_src, RelationGetDescr(cw), &n1);
		Datum		t = heap_getattr(tup, a_tgt, RelationGetDescr(cw), &n2);
		Datum		p = heap_getattr(tup, a_partial, RelationGetDescr(cw), &n3);

		CHECK_FOR_INTERRUPTS();
		if (n1 || n2)
			continue;
		if (c->nlinks == cap)
			c->links = repalloc_huge(c->links, sizeof(CatalogLink) * (cap *= 2));
		c->links[c->nlinks].source = DatumGetSector(s);
		c->links[c->nlinks].target = DatumGetSector(t);
		c->links[c->nlinks].partial = n3 ? true : DatumGetBool(p);
		c->nlinks++;
	}
	table_endscan(scan);

	MemoryContextSwitchTo(old);
	UnregisterSnapshot(snap);
	table_close(cw, AccessShareLock);
	table_close(cat, AccessShareLock);
}

/*
 * What the current user sees under row-level security: the same rows
 * through SPI, so the policies apply, with the statement's snapshot.
 * Policies may read other tables or settings whose changes we are not
 * told about, so this is kept for the statement only.
 */
static void
load_visible(CatalogCache *c, Oid nsp)
{
	const char *n = quote_identifier(get_namespace_name(nsp));
	char		sql[NAMEDATALEN * 2 + 64];
	MemoryContext old;

	c->transient = true;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	snprintf(sql, sizeof(sql), "SELECT code, name_zh, name_en FROM %s.sector_catalog", n);
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read sector_catalog");
	c->codes = MemoryContextAllocHuge(c->cxt, sizeof(CatalogCode) * Max(SPI_processed, 1));
	old = MemoryContextSwitchTo(c->cxt);
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		isnull;
		Datum		d = SPI_getbinval(tup, desc, 1, &isnull);

		CHECK_FOR_INTERRUPTS();
		if (isnull)
			continue;
		c->codes[c->ncodes].code = DatumGetSector(d);
		c->codes[c->ncodes].name_zh = text_attr(tup, desc, 2);
		c->codes[c->ncodes].name_en = text_attr(tup, desc, 3);
		c->ncodes++;
	}
	MemoryContextSwitchTo(old);

	snprintf(sql, sizeof(sql), "SELECT source, target, partial FROM %s.sector_crosswalk", n);
	if (SPI_execute(sql, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read sector_crosswalk");
	c->links = MemoryContextAllocHuge(c->cxt, sizeof(CatalogLink) * Max(SPI_processed, 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		n1,
					n2,
					n3;
		Datum		s = SPI_getbinval(tup, desc, 1, &n1);
		Datum		t = SPI_getbinval(tup, desc, 2, &n2);
		Datum		p = SPI_getbinval(tup, desc, 3, &n3);

		CHECK_FOR_INTERRUPTS();
		if (n1 || n2)
			continue;
		c->links[c->nlinks].source = DatumGetSector(s);
		c->links[c->nlinks].target = DatumGetSector(t);
		c->links[c->nlinks].partial = n3 ? true : DatumGetBool(p);
		c->nlinks++;
	}
	SPI_finish();
}

static void
ensure_cache(FunctionCallInfo fcinfo)
{
	Oid			nsp = InvalidOid;
	Oid			user = GetUserId();
	TimestampTz stmt = GetCurrentStatementStartTimestamp();
	CatalogCache *c;

	/*
	 * A statement that locks no table would not look at the invalidation
	 * queue; look once per statement so that a change another session
	 * committed is seen by the next statement, as a table read would.
	 */
	if (stmt != last_statement)
	{
		last_statement = stmt;
		AcceptInvalidationMessages();
	}
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(catalog_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	for (;;)
	{
		uint64		seen = invalidations;
		bool		rls;

		if (!OidIsValid(relids[0]) || !OidIsValid(relids[1]))
		{
			nsp = get_func_namespace(fcinfo->flinfo->fn_oid);
			relids[0] = table_in(nsp, "sector_catalog");
			relids[1] = table_in(nsp, "sector_crosswalk");
		}
		/* 42501 without SELECT; whose rows to serve under RLS */
		rls = catalog_rights_check(&rights, relids, 2);
		c = &caches[rls ? 1 : 0];
		if (c->valid && c->transient &&
			(c->loaded_stmt != stmt || c->loaded_lxid != MyProc->lxid || c->userid != user))
			c->valid = false;
		if (c->valid)
			break;

		if (c->cxt == NULL)
			c->cxt = AllocSetContextCreate(CacheMemoryContext, "sector catalog cache",
										   ALLOCSET_DEFAULT_SIZES);
		MemoryContextReset(c->cxt);
		c->ncodes = c->nlinks = 0;
		c->userid = user;
		c->loaded_lxid = MyProc->lxid;
		c->loaded_stmt = stmt;
		if (rls)
			load_visible(c, OidIsValid(nsp) ? nsp : get_func_namespace(fcinfo->flinfo->fn_oid));
		else
			load_all(c);
		qsort(c->codes, c->ncodes, sizeof(CatalogCode), cmp_code);
		qsort(c->links, c->nlinks, sizeof(CatalogLink), cmp_link);
		/* an invalidation that arrived while loading means: load again */
		if (seen == invalidations)
		{
			c->valid = true;
			break;
		}
	}
	cur = c;
}

/* index of the first cached code >= s */
static int
code_lower_bound(Sector s)
{
	int			lo = 0,
				hi = cur->ncodes;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (cur->codes[mid].code < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

PG_FUNCTION_INFO_V1(sector_name);
Datum
sector_name(PG_FUNCTION_ARGS)
{
	Sector		s = PG_GETARG_SECTOR(0);
	char	   *lang = text_to_cstring(PG_GETARG_TEXT_PP(1));
	bool		zh;
	int			i;
	char	   *name;

	if (strcmp(lang, "zh") == 0)
		zh = true;
	else if (strcmp(lang, "en") == 0)
		zh = false;
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unsupported language \"%s\" for sector names", lang),
				 errhint("Use 'zh' or 'en'.")));
	ensure_cache(fcinfo);
	i = code_lower_bound(s);
	if (i >= cur->ncodes || cur->codes[i].code != s)
		PG_RETURN_NULL();
	name = zh ? cur->codes[i].name_zh : cur->codes[i].name_en;
	if (name == NULL)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(name));
}

/* children (direct = true) or all descendants of a code, from the catalog */
static Datum
list_subtree(FunctionCallInfo fcinfo, bool direct)
{
	FuncCallContext *funcctx;
	Sector	   *items;

	if (SRF_IS_FIRSTCALL())
	{
		Sector		s = PG_GETARG_SECTOR(0);
		Sector		max = sector_subtree_max(s);
		int			want = sector_level_internal(s) + 1;
		int			n = 0;
		MemoryContext old;

		funcctx = SRF_FIRSTCALL_INIT();
		ensure_cache(fcinfo);
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		/* copied: the cache may be reloaded between calls */
		items = palloc(sizeof(Sector) * Max(cur->ncodes, 1));
		for (int i = code_lower_bound(s + 1); i < cur->ncodes && cur->codes[i].code <= max; i++)
			if (!direct || sector_level_internal(cur->codes[i].code) == want)
				items[n++] = cur->codes[i].code;
		funcctx->user_fctx = items;
		funcctx->max_calls = n;
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	items = funcctx->user_fctx;
	if (funcctx->call_cntr < funcctx->max_calls)
	{
		/* SRF_RETURN_NEXT advances call_cntr before it reads its argument */
		Datum		result = SectorGetDatum(items[funcctx->call_cntr]);

		SRF_RETURN_NEXT(funcctx, result);
	}
	SRF_RETURN_DONE(funcctx);
}

PG_FUNCTION_INFO_V1(sector_children);
Datum
sector_children(PG_FUNCTION_ARGS)
{
	return list_subtree(fcinfo, true);
}

PG_FUNCTION_INFO_V1(sector_descendants);
Datum
sector_descendants(PG_FUNCTION_ARGS)
{
	return list_subtree(fcinfo, false);
}

/* Is name a taxonomy a sector can belong to? */
static bool
taxonomy_name_ok(const char *name)
{
	int			n = strlen(name);

	for (int id = 1; id <= SECTOR_TAX_NBUILTIN; id++)
		if (strcmp(name, sector_builtin_layouts[id].name) == 0)
			return true;
	if (n < 2 || n > 1 + SECTOR_USER_NAME_CHARS || name[0] != 'x')
		return false;
	for (int i = 1; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9')))
			return false;
	return true;
}

/*
 * sector_map(s, taxonomy): the links of the nearest code on the path from
 * s to its root that has links into the taxonomy.
 */
PG_FUNCTION_INFO_V1(sector_map);
Datum
sector_map(PG_FUNCTION_ARGS)
{
	Sector		s = PG_GETARG_SECTOR(0);
	char	   *taxonomy = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	char		own[16];
	Datum		values[2];
	bool		nulls[2] = {false, false};

	/* taxonomy names are case-insensitive, as in sector input */
	for (char *c = taxonomy; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c += 'a' - 'A';
	if (!taxonomy_name_ok(taxonomy))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown taxonomy \"%s\"", taxonomy),
				 errhint("The built-in taxonomies are gbt4754, sei2018, gd, isic4 and naics2022; user taxonomies are named x followed by 1 to 6 letters or digits.")));
	InitMaterializedSRF(fcinfo, 0);
	sector_taxonomy_name(s, own);
	if (strcmp(own, taxonomy) == 0)
	{
		values[0] = SectorGetDatum(s);
		values[1] = BoolGetDatum(false);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		return (Datum) 0;
	}
	ensure_cache(fcinfo);
	for (Sector a = s;;)
	{
		int			lo = 0,
					hi = cur->nlinks,
					found = 0;
		char		tax[16];

		while (lo < hi)
		{
			int			mid = lo + (hi - lo) / 2;

			if (cur->links[mid].source < a)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (int i = lo; i < cur->nlinks && cur->links[i].source == a; i++)
		{
			const CatalogLink *k = &cur->links[i];

			/* sorted by target then partial: one row per target, full wins */
			if (i > lo && k->target == cur->links[i - 1].target)
				continue;
			sector_taxonomy_name(k->target, tax);
			if (strcmp(tax, taxonomy) != 0)
				continue;
			values[0] = SectorGetDatum(k->target);
			values[1] = BoolGetDatum(k->partial);
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
			found++;
		}
		if (found > 0 || !sector_parent_internal(a, &a))
			break;
	}
	return (Datum) 0;
}

/* trigger: announce a change of a catalog table to every backend's cache */
PG_FUNCTION_INFO_V1(sector_catalog_changed);
Datum
sector_catalog_changed(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("_sector_catalog_changed() must be called as a trigger")));
	CacheInvalidateRelcache(((TriggerData *) fcinfo->context)->tg_relation);
	return PointerGetDatum(NULL);
}

/* --- install-time fillers ----------------------------------------------- */

PG_FUNCTION_INFO_V1(sector_builtin_catalog);
Datum
sector_builtin_catalog(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < sector_data_ncodes; i++)
	{
		SectorBuiltinEntry e = sector_builtin_entry(i);
		Datum		values[5];
		bool		nulls[5] = {false, false, e.name_zh == NULL, e.name_en == NULL, e.notes == NULL};

		values[0] = SectorGetDatum(e.code);
		values[1] = CStringGetTextDatum(e.text);
		values[2] = e.name_zh ? CStringGetTextDatum(e.name_zh) : (Datum) 0;
		values[3] = e.name_en ? CStringGetTextDatum(e.name_en) : (Datum) 0;
		values[4] = e.notes ? CStringGetTextDatum(e.notes) : (Datum) 0;
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

PG_FUNCTION_INFO_V1(sector_builtin_crosswalk);
Datum
sector_builtin_crosswalk(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int i = 0; i < sector_data_nlinks; i++)
	{
		SectorBuiltinLink k = sector_builtin_link(i);
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		values[0] = SectorGetDatum(k.source);
		values[1] = SectorGetDatum(k.target);
		values[2] = BoolGetDatum(k.partial);
		values[3] = CStringGetTextDatum(k.origin);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
