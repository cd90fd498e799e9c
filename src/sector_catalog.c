/*
 * sector_catalog.c
 *	  Readers of scenario.sector_catalog and scenario.sector_crosswalk
 *	  (sector_name, sector_children, sector_descendants, sector_map), the
 *	  per-backend cache behind them, and the set-returning functions that
 *	  fill both tables from the compiled-in lists at install time.
 *
 * The cache holds every catalog code with its names and every crosswalk
 * link, sorted.  When it is dropped, which snapshot loads it and whom it
 * is served to is tablecache.c's business: before serving, the current
 * user must have SELECT on both tables (42501 otherwise, even from a warm
 * cache after SET ROLE).  When row-level security applies to that user on
 * either table, the rows are read as that user, so the policies filter
 * them, into a second cache kept for that user and statement only.
 * Without RLS, the common case, the shared cache is served.
 */
#include "sector_internal.h"

#include "funcapi.h"
#include "miscadmin.h"
#include "tablecache.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

/* each begins with the Sector it is sorted by (lower_bound) */
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
	TableCacheStamp stamp;
	MemoryContext cxt;
	int			ncodes;
	int			capcodes;
	CatalogCode *codes;
	int			nlinks;
	int			caplinks;
	CatalogLink *links;
} CatalogCache;

static TableCache catalog_tables = {.tables = {"sector_catalog", "sector_crosswalk"}};

/* [0]: every row; [1]: what one user under row-level security sees */
static CatalogCache caches[2];
static CatalogCache *cur;

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
text_or_null(Datum d, bool isnull)
{
	return isnull ? NULL : TextDatumGetCString(d);
}

/* arr, or a larger copy, with room for element n of size bytes; *cap held */
static void *
room_for(void *arr, int n, int *cap, Size size)
{
	if (n < *cap)
		return arr;
	*cap *= 2;
	return repalloc_huge(arr, size * *cap);
}

static const char *const code_columns[] = {"code", "name_zh", "name_en"};

static void
add_code(void *arg, const Datum *v, const bool *isnull)
{
	CatalogCache *c = arg;
	CatalogCode *k;

	if (isnull[0])
		return;
	c->codes = room_for(c->codes, c->ncodes, &c->capcodes, sizeof(CatalogCode));
	k = &c->codes[c->ncodes++];
	k->code = DatumGetSector(v[0]);
	k->name_zh = text_or_null(v[1], isnull[1]);
	k->name_en = text_or_null(v[2], isnull[2]);
}

static const char *const link_columns[] = {"source", "target", "partial"};

static void
add_link(void *arg, const Datum *v, const bool *isnull)
{
	CatalogCache *c = arg;
	CatalogLink *k;

	if (isnull[0] || isnull[1])
		return;
	c->links = room_for(c->links, c->nlinks, &c->caplinks, sizeof(CatalogLink));
	k = &c->links[c->nlinks++];
	k->source = DatumGetSector(v[0]);
	k->target = DatumGetSector(v[1]);
	k->partial = isnull[2] ? true : DatumGetBool(v[2]);
}

/* Every code and link the current user sees, sorted, into c's context. */
static void
load(CatalogCache *c)
{
	MemoryContext old = MemoryContextSwitchTo(c->cxt);

	c->ncodes = c->nlinks = 0;
	c->capcodes = c->caplinks = 1024;
	c->codes = palloc(sizeof(CatalogCode) * c->capcodes);
	c->links = palloc(sizeof(CatalogLink) * c->caplinks);
	tablecache_read(&catalog_tables, 0, code_columns, lengthof(code_columns), add_code, c);
	tablecache_read(&catalog_tables, 1, link_columns, lengthof(link_columns), add_link, c);
	MemoryContextSwitchTo(old);
	qsort(c->codes, c->ncodes, sizeof(CatalogCode), cmp_code);
	qsort(c->links, c->nlinks, sizeof(CatalogLink), cmp_link);
}

static void
ensure_cache(FunctionCallInfo fcinfo)
{
	for (;;)
	{
		bool		rls = tablecache_open(&catalog_tables, fcinfo->flinfo->fn_oid);
		CatalogCache *c = &caches[rls ? 1 : 0];

		if (tablecache_valid(&catalog_tables, &c->stamp))
		{
			cur = c;
			return;
		}
		if (c->cxt == NULL)
			c->cxt = AllocSetContextCreate(CacheMemoryContext, "sector catalog cache",
										   ALLOCSET_DEFAULT_SIZES);
		MemoryContextReset(c->cxt);
		tablecache_load_begin(&catalog_tables, &c->stamp);
		load(c);
		tablecache_load_end(&catalog_tables, &c->stamp);
	}
}

/*
 * Index of the first element >= s of a sorted array of codes or links,
 * both of which begin with the Sector they are sorted by.
 */
static int
lower_bound(const void *base, int n, size_t size, Sector s)
{
	int			lo = 0,
				hi = n;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (*(const Sector *) ((const char *) base + mid * size) < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
code_lower_bound(Sector s)
{
	return lower_bound(cur->codes, cur->ncodes, sizeof(CatalogCode), s);
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
		int			lo = lower_bound(cur->links, cur->nlinks, sizeof(CatalogLink), a),
					found = 0;
		char		tax[16];

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
