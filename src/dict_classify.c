/*
 * dict_classify.c
 *	  classify() and classify_topk(): text to sector through the keyword
 *	  table scenario.sector_keyword, and the per-backend cache of automata.
 *
 * One automaton per taxonomy asked for, built at the first call from the
 * rows of that taxonomy and the rows of other taxonomies mapped into it
 * through sector_crosswalk (sector_map), and kept in CacheMemoryContext.
 * It is dropped by a relcache callback on sector_keyword, sector_catalog
 * and sector_crosswalk: each has a statement trigger that sends a relcache
 * invalidation, which this backend sees at its next command and the others
 * at their next statement (the first call of each statement accepts
 * pending invalidations, so even a statement that locks no table notices).
 *
 * The automaton is read with the statement's snapshot through SPI, so a
 * parallel worker builds the very same one from the leader's snapshot.  It
 * outlives its statement only when that is safe: built under a
 * transaction snapshot (REPEATABLE READ, SERIALIZABLE) it lasts until the
 * transaction ends; built in a statement that had just received an
 * invalidation (whose change may have committed after the snapshot was
 * taken) it lasts for that statement only.
 *
 * Rights: the SPI queries run as the caller, but the automaton outlives
 * the call, so before serving one catalog_rights_check() makes sure the
 * current user may SELECT from the three tables (42501 otherwise, even
 * after SET ROLE with a warm cache).  When row-level security applies to
 * the user on one of them, the automaton is built from what that user
 * sees, served to that user only and kept for the statement only (a
 * policy may depend on tables or settings that send us no invalidation);
 * without RLS one automaton per taxonomy serves every user, as before.
 */
#include "dict.h"
#include "catalog_rights.h"

#include <math.h>

#include "access/xact.h"
#include "catalog/namespace.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "utils/guc.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "storage/proc.h"
#include "textfeat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/inval.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

#define DICT_MAX_CACHED 16

typedef enum DictScope
{
	SCOPE_SESSION,
	SCOPE_STATEMENT,
	SCOPE_TRANSACTION
} DictScope;

typedef struct CachedDict
{
	DictAutomaton *a;
	Oid			userid;			/* built for this user under RLS, or InvalidOid */
	DictScope	scope;
	LocalTransactionId lxid;
	TimestampTz stmt;
} CachedDict;

static CachedDict cached[DICT_MAX_CACHED];
static int	ncached = 0;
static bool valid = false;
static uint64 invalidations = 0;
static bool callback_registered = false;
static Oid	watched[3];
static CatalogRights rights;
static LocalTransactionId last_lxid = InvalidLocalTransactionId;
static TimestampTz last_stmt = 0;
static bool stmt_invalidated = false;

static void
dict_relcache_callback(Datum arg, Oid relid)
{
	if (relid == InvalidOid || relid == watched[0] || relid == watched[1] || relid == watched[2])
	{
		valid = false;
		rights.userid = InvalidOid;
		invalidations++;
	}
}

static void
drop_all(void)
{
	for (int i = 0; i < ncached; i++)
		MemoryContextDelete(cached[i].a->cxt);
	ncached = 0;
}

static bool
taxonomy_name_ok(const char *t)
{
	int			n = strlen(t);

	if (n < 1 || n > 15)
		return false;
	for (int i = 0; i < n; i++)
		if (!((t[i] >= 'a' && t[i] <= 'z') || (t[i] >= '0' && t[i] <= '9')))
			return false;
	return true;
}

static void
unknown_taxonomy(const char *t)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown taxonomy \"%s\"", t),
			 errhint("A taxonomy is known when sector_catalog has codes of it, e.g. gbt4754 or gd.")));
}

/*
 * The rows that count for taxonomy $1: its own, and the others mapped
 * through sector_crosswalk from the nearest ancestor that has links into
 * the taxonomy (as sector_map does; one row per target, a full link wins
 * over a partial one).  Written as a join rather than with sector_map,
 * whose cache may not load in a parallel worker.
 */
static const char *load_sql =
"SELECT k.keyword, k.sector, k.sector, k.weight::float8, k.builtin, true"
"  FROM %1$s.sector_keyword k WHERE %1$s.sector_taxonomy(k.sector) = $1 "
"UNION ALL ("
"WITH anc AS ("
"  SELECT k.keyword, k.sector, k.weight, k.builtin, l.lvl, %1$s.sector_ancestor(k.sector, l.lvl) AS src"
"    FROM %1$s.sector_keyword k, pg_catalog.generate_series(1, 5) AS l(lvl)"
"   WHERE %1$s.sector_taxonomy(k.sector) <> $1 AND l.lvl <= %1$s.sector_level(k.sector)"
"), links AS ("
"  SELECT anc.*, x.target, x.partial, max(anc.lvl) OVER (PARTITION BY anc.keyword, anc.sector, anc.builtin) AS top"
"    FROM anc JOIN %1$s.sector_crosswalk x ON x.source OPERATOR(%1$s.=) anc.src"
"   WHERE %1$s.sector_taxonomy(x.target) = $1"
")"
"SELECT keyword, sector, target,"
"       (weight * CASE WHEN bool_and(partial) THEN 0.5 ELSE 1 END)::float8, builtin, false"
"  FROM links WHERE lvl = top GROUP BY keyword, sector, weight, builtin, target)";

static int
override_cmp(const void *x, const void *y)
{
	const DictEntry *a = x,
			   *b = y;
	int			c = memcmp(a->norm, b->norm, Min(a->normlen, b->normlen));

	if (c != 0)
		return c;
	if (a->normlen != b->normlen)
		return a->normlen < b->normlen ? -1 : 1;
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	return (int) a->builtin - (int) b->builtin;
}

/*
 * The rules that decide which rows count (docs/dict.md): a user row replaces the
 * shipped rows of the same keyword and sector; a keyword with rows of the
 * taxonomy itself is not also counted through the crosswalk; weight 0
 * silences.
 */
static int
apply_rules(DictEntry *e, int n)
{
	int			k = 0;

	qsort(e, n, sizeof(DictEntry), override_cmp);
	for (int i = 0; i < n;)
	{
		int			j = i;
		bool		user = false,
					direct = false;

		while (j < n && e[j].normlen == e[i].normlen && memcmp(e[j].norm, e[i].norm, e[i].normlen) == 0)
		{
			direct |= e[j].direct;
			j++;
		}
		for (int m = i; m < j; m++)
		{
			if (m == i || e[m].source != e[m - 1].source)
				user = !e[m].builtin;	/* builtin sorts last within a source */
			if (user && e[m].builtin)
				continue;
			if (direct && !e[m].direct)
				continue;
			if (!(e[m].weight > 0))
				continue;
			e[k++] = e[m];
		}
		i = j;
	}
	return k;
}

static DictAutomaton *
build(const char *taxonomy, Oid nsp)
{
	const char *nspname = quote_identifier(get_namespace_name(nsp));
	StringInfoData sql;
	Oid			argtypes[1] = {TEXTOID};
	Datum		args[1] = {CStringGetTextDatum(taxonomy)};
	MemoryContext cxt,
				old;
	DictEntry  *e;
	int			n = 0;
	int			max_level;
	bool		isnull;
	DictAutomaton *a;
	int			save_nestlevel;

	cxt = AllocSetContextCreate(CurrentMemoryContext, "scenario dictionary", ALLOCSET_DEFAULT_SIZES);

	/*
	 * The queries name our objects with their schema, but operators and
	 * built-ins (=, <>, max ...) resolve through search_path: run them with
	 * pg_catalog first, so that objects in the caller's schemas cannot
	 * capture them (test/pgtap/security.sql tries it).
	 */
	save_nestlevel = NewGUCNestLevel();
	(void) set_config_option("search_path", "pg_catalog, pg_temp",
							 PGC_USERSET, PGC_S_SESSION, GUC_ACTION_SAVE, true, 0, false);
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT max(level) FROM %s.sector_catalog WHERE %s.sector_taxonomy(code) = $1",
					 nspname, nspname);
	if (SPI_execute_with_args(sql.data, 1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read sector_catalog");
	max_level = DatumGetInt32(SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull));
	if (isnull)
		unknown_taxonomy(taxonomy);

	resetStringInfo(&sql);
	appendStringInfo(&sql, load_sql, nspname);
	if (SPI_execute_with_args(sql.data, 1, argtypes, args, NULL, true, 0) != SPI_OK_SELECT)
		elog(ERROR, "could not read sector_keyword");

	old = MemoryContextSwitchTo(cxt);
	e = palloc(sizeof(DictEntry) * Max(SPI_processed, 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		nulls[6];
		Datum		v[6];
		StringInfoData norm;
		text	   *kw;
		const char *s;
		int			len;

		CHECK_FOR_INTERRUPTS();
		for (int c = 0; c < 6; c++)
			v[c] = SPI_getbinval(tup, desc, c + 1, &nulls[c]);
		if (nulls[0] || nulls[1] || nulls[2] || nulls[3])
			continue;
		kw = DatumGetTextPP(v[0]);
		len = VARSIZE_ANY_EXHDR(kw);
		s = textfeat_as_utf8(VARDATA_ANY(kw), &len);
		initStringInfo(&norm);
		dict_normalize(s, len, &norm, &e[n].nchars);
		if (norm.len == 0 || norm.len > DICT_MAX_KEYWORD_BYTES)
			continue;			/* the table's checks keep these out */
		e[n].norm = norm.data;
		e[n].normlen = norm.len;
		e[n].keyword = TextDatumGetCString(v[0]);
		e[n].source = DatumGetSector(v[1]);
		e[n].target = DatumGetSector(v[2]);
		e[n].weight = DatumGetFloat8(v[3]);
		e[n].builtin = nulls[4] ? false : DatumGetBool(v[4]);
		e[n].direct = DatumGetBool(v[5]);
		n++;
	}
	MemoryContextSwitchTo(old);
	SPI_finish();
	AtEOXact_GUC(true, save_nestlevel);

	n = apply_rules(e, n);
	a = dict_build(e, n, cxt);
	strlcpy(a->taxonomy, taxonomy, sizeof(a->taxonomy));
	a->max_level = max_level;
	return a;
}

static Oid
table_oid(Oid nsp, const char *name)
{
	return get_relname_relid(name, nsp);
}

DictAutomaton *
dict_get(const char *taxonomy, Oid nsp)
{
	LocalTransactionId lxid = MyProc->lxid;
	TimestampTz stmt = GetCurrentStatementStartTimestamp();
	Oid			owner;

	if (!taxonomy_name_ok(taxonomy))
		unknown_taxonomy(taxonomy);
	if (!callback_registered)
	{
		CacheRegisterRelcacheCallback(dict_relcache_callback, (Datum) 0);
		callback_registered = true;
	}
	if (lxid != last_lxid || stmt != last_stmt)
	{
		uint64		before = invalidations;

		last_lxid = lxid;
		last_stmt = stmt;
		AcceptInvalidationMessages();
		stmt_invalidated = invalidations != before;
	}
	if (!valid)
	{
		drop_all();
		watched[0] = table_oid(nsp, "sector_keyword");
		watched[1] = table_oid(nsp, "sector_catalog");
		watched[2] = table_oid(nsp, "sector_crosswalk");
		valid = true;
	}
	/* 42501 without SELECT; under RLS, only what this user built */
	owner = catalog_rights_check(&rights, watched, 3) ? GetUserId() : InvalidOid;
	for (int i = 0; i < ncached; i++)
	{
		CachedDict *c = &cached[i];

		if (strcmp(c->a->taxonomy, taxonomy) != 0 || c->userid != owner)
			continue;
		if ((c->scope == SCOPE_TRANSACTION && c->lxid != lxid) ||
			(c->scope == SCOPE_STATEMENT && (c->lxid != lxid || c->stmt != stmt)))
		{
			MemoryContextDelete(c->a->cxt);
			cached[i] = cached[--ncached];
			break;
		}
		return c->a;
	}

	for (;;)
	{
		uint64		seen = invalidations;
		DictAutomaton *a = build(taxonomy, nsp);

		if (seen != invalidations)
		{
			/* the tables changed while we read them: drop and read again */
			MemoryContextDelete(a->cxt);
			stmt_invalidated = true;
			drop_all();
			valid = true;
			owner = catalog_rights_check(&rights, watched, 3) ? GetUserId() : InvalidOid;
			continue;
		}
		if (ncached == DICT_MAX_CACHED)
			drop_all();
		MemoryContextSetParent(a->cxt, CacheMemoryContext);
		cached[ncached].a = a;
		cached[ncached].userid = owner;
		cached[ncached].lxid = lxid;
		cached[ncached].stmt = stmt;
		/* a policy may read tables that send us no invalidation */
		cached[ncached].scope = OidIsValid(owner) ? SCOPE_STATEMENT :
			IsolationUsesXactSnapshot() ? SCOPE_TRANSACTION :
			stmt_invalidated ? SCOPE_STATEMENT : SCOPE_SESSION;
		ncached++;
		return a;
	}
}

/* --- scoring ------------------------------------------------------------ */

typedef struct Hit
{
	Sector		sector;
	int32		pattern;
	double		contrib;
} Hit;

typedef struct Ranked
{
	Sector		sector;
	double		score;
	int			first;			/* its hits: hits[first .. first + nhits) */
	int			nhits;
} Ranked;

static int
hit_cmp(const void *x, const void *y)
{
	const Hit  *a = x,
			   *b = y;

	if (a->sector != b->sector)
		return a->sector < b->sector ? -1 : 1;
	return a->pattern - b->pattern;
}

static int
ranked_cmp(const void *x, const void *y)
{
	const Ranked *a = x,
			   *b = y;

	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	return a->sector < b->sector ? -1 : a->sector > b->sector ? 1 : 0;
}

static DictAutomaton *hits_owner;	/* for the evidence order */

static int
evidence_cmp(const void *x, const void *y)
{
	const Hit  *a = x,
			   *b = y;

	if (a->contrib != b->contrib)
		return a->contrib > b->contrib ? -1 : 1;
	return strcmp(hits_owner->patterns[a->pattern].keyword, hits_owner->patterns[b->pattern].keyword);
}

/*
 * Scan doc and rank the sectors (rolled up to level when level > 0).
 * Returns the number of ranked sectors; *ranked and *hits are palloc'd.
 */
static int
rank(DictAutomaton *a, text *doc, int level, Ranked **ranked_out, Hit **hits_out)
{
	Hit		   *hits;
	Ranked	   *ranked;
	int			nh = 0,
				nr = 0,
				cap = 0;

	dict_scan(a, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc));
	for (int i = 0; i < a->ntouched; i++)
		cap += a->patterns[a->touched[i]].ntargets;
	hits = palloc(sizeof(Hit) * Max(cap, 1));
	for (int i = 0; i < a->ntouched; i++)
	{
		int32		pid = a->touched[i];
		const DictPattern *p = &a->patterns[pid];

		for (int t = 0; t < p->ntargets; t++)
		{
			const DictTarget *dt = &a->targets[p->first_target + t];
			Sector		s = a->sectors[dt->sector];

			if (level > 0)
			{
				if (sector_level_internal(s) < level)
					continue;
				(void) sector_ancestor_internal(s, level, &s);
			}
			hits[nh].sector = s;
			hits[nh].pattern = pid;
			hits[nh].contrib = (double) a->counts[pid] * dt->contrib;
			nh++;
		}
	}
	dict_reset(a);
	qsort(hits, nh, sizeof(Hit), hit_cmp);

	/* merge the same (sector, pattern) from several child sectors */
	{
		int			k = 0;

		for (int i = 0; i < nh; i++)
		{
			if (k > 0 && hits[k - 1].sector == hits[i].sector && hits[k - 1].pattern == hits[i].pattern)
				hits[k - 1].contrib += hits[i].contrib;
			else
				hits[k++] = hits[i];
		}
		nh = k;
	}
	ranked = palloc(sizeof(Ranked) * Max(nh, 1));
	for (int i = 0; i < nh; i++)
	{
		if (nr == 0 || ranked[nr - 1].sector != hits[i].sector)
		{
			ranked[nr].sector = hits[i].sector;
			ranked[nr].score = 0;
			ranked[nr].first = i;
			ranked[nr].nhits = 0;
			nr++;
		}
		ranked[nr - 1].score += hits[i].contrib;
		ranked[nr - 1].nhits++;
	}
	qsort(ranked, nr, sizeof(Ranked), ranked_cmp);
	*ranked_out = ranked;
	*hits_out = hits;
	return nr;
}

static DictAutomaton *
get_for_call(FunctionCallInfo fcinfo, text *taxonomy)
{
	char	   *t = text_to_cstring(taxonomy);

	return dict_get(t, get_func_namespace(fcinfo->flinfo->fn_oid));
}

PG_FUNCTION_INFO_V1(dict_classify);
Datum
dict_classify(PG_FUNCTION_ARGS)
{
	text	   *doc = PG_GETARG_TEXT_PP(0);
	DictAutomaton *a = get_for_call(fcinfo, PG_GETARG_TEXT_PP(1));
	Ranked	   *ranked;
	Hit		   *hits;
	int			nr = rank(a, doc, 0, &ranked, &hits);

	if (nr == 0)
		PG_RETURN_NULL();
	PG_RETURN_SECTOR(ranked[0].sector);
}

PG_FUNCTION_INFO_V1(dict_classify_topk);
Datum
dict_classify_topk(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc;
	int32		k;
	int32		level = 0;
	DictAutomaton *a;
	Ranked	   *ranked;
	Hit		   *hits;
	int			nr;

	InitMaterializedSRF(fcinfo, 0);
	if (PG_ARGISNULL(0) || PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return (Datum) 0;
	k = PG_GETARG_INT32(1);
	if (k <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be positive, got %d", k)));
	a = get_for_call(fcinfo, PG_GETARG_TEXT_PP(2));
	if (!PG_ARGISNULL(3))
	{
		level = PG_GETARG_INT32(3);
		if (level < 1 || level > a->max_level)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("level %d is out of range for taxonomy \"%s\"", level, a->taxonomy),
					 errdetail("Its levels are 1 to %d.", a->max_level)));
	}
	doc = PG_GETARG_TEXT_PP(0);
	nr = rank(a, doc, level, &ranked, &hits);
	hits_owner = a;
	for (int i = 0; i < nr && i < k; i++)
	{
		Ranked	   *r = &ranked[i];
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		Datum	   *ev = palloc(sizeof(Datum) * r->nhits);

		qsort(hits + r->first, r->nhits, sizeof(Hit), evidence_cmp);
		for (int h = 0; h < r->nhits; h++)
			ev[h] = CStringGetTextDatum(a->patterns[hits[r->first + h].pattern].keyword);
		values[0] = SectorGetDatum(r->sector);
		values[1] = Float8GetDatum(r->score);
		values[2] = PointerGetDatum(construct_array(ev, r->nhits, TEXTOID, -1, false, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}

/* trigger: a change of sector_keyword reaches every backend's cache */
PG_FUNCTION_INFO_V1(dict_keyword_changed);
Datum
dict_keyword_changed(PG_FUNCTION_ARGS)
{
	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("_sector_keyword_changed() must be called as a trigger")));
	CacheInvalidateRelcache(((TriggerData *) fcinfo->context)->tg_relation);
	return PointerGetDatum(NULL);
}
