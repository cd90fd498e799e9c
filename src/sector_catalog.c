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
#include "lib/stringinfo.h"
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

/* links go from a code of taxonomy source to one of target (taxonomy keys) */
typedef struct TaxonomyPair
{
	Sector		source;
	Sector		target;
} TaxonomyPair;

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
	int			npairs;
	TaxonomyPair *pairs;		/* the taxonomies links go between, sorted */
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

static int
cmp_pair(const void *a, const void *b)
{
	const TaxonomyPair *x = a;
	const TaxonomyPair *y = b;

	if (x->source != y->source)
		return x->source < y->source ? -1 : 1;
	return x->target < y->target ? -1 : (x->target > y->target ? 1 : 0);
}

static int
cmp_sector_key(const void *a, const void *b)
{
	Sector		x = *(const Sector *) a;
	Sector		y = *(const Sector *) b;

	return x < y ? -1 : (x > y ? 1 : 0);
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
	int			n;

	c->ncodes = c->nlinks = 0;
	c->capcodes = c->caplinks = 1024;
	c->codes = palloc(sizeof(CatalogCode) * c->capcodes);
	c->links = palloc(sizeof(CatalogLink) * c->caplinks);
	tablecache_read(&catalog_tables, 0, code_columns, lengthof(code_columns), add_code, c);
	tablecache_read(&catalog_tables, 1, link_columns, lengthof(link_columns), add_link, c);
	MemoryContextSwitchTo(old);
	qsort(c->codes, c->ncodes, sizeof(CatalogCode), cmp_code);
	qsort(c->links, c->nlinks, sizeof(CatalogLink), cmp_link);
	c->npairs = 0;
	c->pairs = MemoryContextAlloc(c->cxt, sizeof(TaxonomyPair) * Max(c->nlinks, 1));
	for (int i = 0; i < c->nlinks; i++)
	{
		c->pairs[c->npairs].source = sector_taxonomy_key(c->links[i].source);
		c->pairs[c->npairs].target = sector_taxonomy_key(c->links[i].target);
		c->npairs++;
	}
	qsort(c->pairs, c->npairs, sizeof(TaxonomyPair), cmp_pair);
	n = 0;
	for (int i = 0; i < c->npairs; i++)
		if (n == 0 || cmp_pair(&c->pairs[n - 1], &c->pairs[i]) != 0)
			c->pairs[n++] = c->pairs[i];
	c->npairs = n;
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

/* --- sector_map ------------------------------------------------------- */

/* Does the cache hold a link from a code of taxonomy from to one of to? */
static bool
has_pair(Sector from, Sector to)
{
	TaxonomyPair key = {from, to};

	return bsearch(&key, cur->pairs, cur->npairs, sizeof(TaxonomyPair), cmp_pair) != NULL;
}

typedef struct MapRow
{
	Sector		target;
	bool		partial;
} MapRow;

typedef struct MapRows
{
	int			n;
	int			cap;
	MapRow	   *r;
} MapRows;

static void
add_row(MapRows *out, Sector target, bool partial)
{
	if (out->cap == 0)
	{
		out->cap = 16;
		out->r = palloc(sizeof(MapRow) * out->cap);
	}
	out->r = room_for(out->r, out->n, &out->cap, sizeof(MapRow));
	out->r[out->n].target = target;
	out->r[out->n].partial = partial;
	out->n++;
}

static int
cmp_row(const void *a, const void *b)
{
	const MapRow *x = a;
	const MapRow *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	return (int) x->partial - (int) y->partial;
}

/*
 * One crosswalk: the links into taxonomy tax of the nearest code on the
 * path from s to its root that has some, added to out; partial also when
 * the way to s was (a composed mapping).
 */
static void
map_direct(Sector s, Sector tax, bool partial, MapRows *out)
{
	for (Sector a = s;;)
	{
		int			found = 0;

		for (int i = lower_bound(cur->links, cur->nlinks, sizeof(CatalogLink), a);
			 i < cur->nlinks && cur->links[i].source == a; i++)
			if (sector_taxonomy_key(cur->links[i].target) == tax)
			{
				add_row(out, cur->links[i].target, cur->links[i].partial || partial);
				found++;
			}
		if (found > 0 || !sector_parent_internal(a, &a))
			break;
	}
}

/* The taxonomies sector_map can take a code of taxonomy from to, as "a, b or c". */
static char *
reachable(Sector from)
{
	Sector	   *t = palloc(sizeof(Sector) * (2 * cur->npairs + 1));
	int			n = 0,
				k = 0;
	StringInfoData buf;

	for (int i = 0; i < cur->npairs; i++)
		if (cur->pairs[i].source == from)
		{
			t[n++] = cur->pairs[i].target;
			for (int j = 0; j < cur->npairs; j++)
				if (cur->pairs[j].source == cur->pairs[i].target && cur->pairs[j].target != from)
					t[n++] = cur->pairs[j].target;
		}
	qsort(t, n, sizeof(Sector), cmp_sector_key);
	initStringInfo(&buf);
	for (int i = 0; i < n; i++)
		if (i == 0 || t[i] != t[i - 1])
			t[k++] = t[i];
	for (int i = 0; i < k; i++)
	{
		char		name[16];

		sector_taxonomy_name(t[i], name);
		appendStringInfo(&buf, "%s%s", i == 0 ? "" : (i == k - 1 ? " or " : ", "), name);
	}
	return k > 0 ? buf.data : NULL;
}

/*
 * sector_map(s, taxonomy): the crosswalk from the taxonomy of s to the one
 * asked for, or when sector_crosswalk has no link between the two, every
 * composition of two crosswalks through a third taxonomy (partial if either
 * leg is); an error when there is neither.  Each crosswalk starts from the
 * nearest code on the path to the root that has links into its target
 * taxonomy.  One row per target, sorted; a full link wins.
 */
PG_FUNCTION_INFO_V1(sector_map);
Datum
sector_map(PG_FUNCTION_ARGS)
{
	Sector		s = PG_GETARG_SECTOR(0);
	char	   *taxonomy = text_to_cstring(PG_GETARG_TEXT_PP(1));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	Sector		own = sector_taxonomy_key(s),
				tax;
	MapRows		rows = {0, 0, NULL};
	Datum		values[2];
	bool		nulls[2] = {false, false};

	/* taxonomy names are case-insensitive, as in sector input */
	for (char *c = taxonomy; *c; c++)
		if (*c >= 'A' && *c <= 'Z')
			*c += 'a' - 'A';
	if (!sector_taxonomy_lookup(taxonomy, &tax))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown taxonomy \"%s\"", taxonomy),
				 errhint("The built-in taxonomies are gbt4754, sei2018, gd, isic4 and naics2022; user taxonomies are named x followed by 1 to 6 letters or digits.")));
	InitMaterializedSRF(fcinfo, 0);
	if (own == tax)
		add_row(&rows, s, false);
	else
	{
		ensure_cache(fcinfo);
		if (has_pair(own, tax))
			map_direct(s, tax, false, &rows);
		else
		{
			bool		composed = false;

			for (int i = 0; i < cur->npairs; i++)
			{
				MapRows		via = {0, 0, NULL};

				if (cur->pairs[i].source != own || !has_pair(cur->pairs[i].target, tax))
					continue;
				composed = true;
				map_direct(s, cur->pairs[i].target, false, &via);
				for (int j = 0; j < via.n; j++)
					map_direct(via.r[j].target, tax, via.r[j].partial, &rows);
			}
			if (!composed)
			{
				char		from[16];
				char	   *to = reachable(own);

				sector_taxonomy_name(s, from);
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("no crosswalk from taxonomy \"%s\" to taxonomy \"%s\"", from, taxonomy),
						 errdetail("sector_crosswalk links the two neither directly nor through a third taxonomy."),
						 to ? errhint("A code of %s can be mapped to %s.", from, to) :
						 errhint("sector_crosswalk has no links from codes of %s.", from)));
			}
		}
	}
	if (rows.n > 1)
		qsort(rows.r, rows.n, sizeof(MapRow), cmp_row);
	for (int i = 0; i < rows.n; i++)
	{
		/* sorted by target then partial: one row per target, full wins */
		if (i > 0 && rows.r[i].target == rows.r[i - 1].target)
			continue;
		values[0] = SectorGetDatum(rows.r[i].target);
		values[1] = BoolGetDatum(rows.r[i].partial);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
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
