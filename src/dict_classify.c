/*
 * dict_classify.c
 *	  classify() and classify_topk(): text to sector through the keyword
 *	  table scenario.sector_keyword, and the per-backend cache of automata.
 *
 * One automaton per taxonomy asked for, built at the first call from the
 * rows of that taxonomy and the rows of other taxonomies mapped into it
 * through sector_crosswalk (sector_map), and kept in CacheMemoryContext.
 * The taxonomy's row of sector_model, when there is one, comes with it.
 * It depends on sector_keyword, sector_catalog, sector_crosswalk and
 * sector_model; when it is dropped, which snapshot builds it and whom it is
 * served to is tablecache.c's business: the current user must have SELECT
 * on the four tables (42501 otherwise, even after SET ROLE with a warm cache); when
 * row-level security applies to the user on one of them, the automaton is
 * built from what that user sees, for that user and statement only; a
 * parallel worker builds its own from the statement's snapshot.  Without
 * RLS one automaton per taxonomy serves every user.
 */
#include "dict.h"

#include <ctype.h>
#include <math.h>

#include "classifier_cache.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "tablecache.h"
#include "textfeat.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/memutils.h"

#define DICT_MAX_CACHED 16

typedef struct CachedDict
{
	DictAutomaton *a;
	TableCacheStamp stamp;
} CachedDict;

static TableCache dict_tables = {.tables = {"sector_keyword", "sector_catalog", "sector_crosswalk", "sector_model"}};
static CachedDict cached[DICT_MAX_CACHED];
static int	ncached = 0;

static void
drop(int i)
{
	MemoryContextDelete(cached[i].a->cxt);
	cached[i] = cached[--ncached];
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
"SELECT k.keyword, k.sector, k.sector, k.weight::float8, k.builtin, true, k.source"
"  FROM %1$s.sector_keyword k WHERE %1$s.sector_taxonomy(k.sector) = $1 "
"UNION ALL ("
"WITH anc AS ("
"  SELECT k.keyword, k.sector, k.weight, k.builtin, k.source, l.lvl, %1$s.sector_ancestor(k.sector, l.lvl) AS src"
"    FROM %1$s.sector_keyword k, pg_catalog.generate_series(1, 5) AS l(lvl)"
"   WHERE %1$s.sector_taxonomy(k.sector) <> $1 AND l.lvl <= %1$s.sector_level(k.sector)"
"), links AS ("
"  SELECT anc.*, x.target, x.partial, max(anc.lvl) OVER (PARTITION BY anc.keyword, anc.sector, anc.builtin) AS top"
"    FROM anc JOIN %1$s.sector_crosswalk x ON x.source OPERATOR(%1$s.=) anc.src"
"   WHERE %1$s.sector_taxonomy(x.target) = $1"
")"
"SELECT keyword, sector, target,"
"       (weight * CASE WHEN bool_and(partial) THEN 0.5 ELSE 1 END)::float8, builtin, false, source"
"  FROM links WHERE lvl = top GROUP BY keyword, sector, weight, builtin, source, target)";

static int
override_cmp(const void *x, const void *y)
{
	const DictEntry *a = x,
			   *b = y;
	int			c = dict_norm_cmp(a, b);

	if (c != 0)
		return c;
	if (a->source != b->source)
		return a->source < b->source ? -1 : 1;
	return (int) a->builtin - (int) b->builtin;
}

/*
 * The rules that decide which rows count (docs/dict.md): a user row replaces the
 * shipped rows of the same keyword and sector; a keyword with rows of the
 * taxonomy itself is not also counted through the crosswalk; weight 0
 * silences (the keyword still matches, hiding the keywords inside it).
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

		while (j < n && dict_norm_cmp(&e[j], &e[i]) == 0)
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
			e[k++] = e[m];		/* weight 0: matched, counts for nothing */
		}
		i = j;
	}
	return k;
}

/*
 * The role and activity of a keyword, from the source its row names (NULL:
 * none): the rules of rank() that a keyword's source switches on.
 */
static void
entry_roles(DictEntry *e, Datum source)
{
	char	   *src;

	e->role = DICT_ROLE_NONE;
	e->activity = DICT_ACTIVITY_NONE;
	e->head = false;
	e->suffix = false;
	e->org = false;
	if (source == (Datum) 0)
		return;
	src = TextDatumGetCString(source);
	if (strcmp(src, "activity-make") == 0)
		e->activity = DICT_ACTIVITY_MAKE;
	else if (strcmp(src, "activity-cue") == 0)
		e->activity = DICT_ACTIVITY_OTHER;
	else if (strcmp(src, "activity-product") == 0)
	{
		e->activity = DICT_ACTIVITY_OTHER;
		e->head = true;
	}
	else if (strcmp(src, "role-buyer") == 0)
		e->activity = DICT_ACTIVITY_BUYER;

	if (strcmp(src, "role-customer") == 0)
		e->role = DICT_ROLE_CUSTOMER;
	else if (strcmp(src, "role-demand") == 0)
		e->role = DICT_ROLE_DEMAND;
	else if (strcmp(src, "role-purchase") == 0)
		e->role = DICT_ROLE_PURCHASE;
	else if (strcmp(src, "role-extra") == 0)
		e->role = DICT_ROLE_EXTRA;
	else if (strcmp(src, "role-org") == 0)
		e->suffix = true;
	pfree(src);
}

/*
 * Take the organisation suffixes (role-org rows) out of e[0 .. n) and mark
 * the entries that end with one (DICT_MAX_ORG_SUFFIXES, dict.h); returns
 * the entries left.  A suffix that starts with a letter or digit needs a
 * word boundary before it: "office" ends "post office", not "backoffice".
 */
static int
mark_organisations(DictEntry *e, int n)
{
	DictEntry  *suffix;
	int			nsuffix = 0,
				k = 0;

	for (int i = 0; i < n; i++)
		nsuffix += e[i].suffix;
	if (nsuffix == 0)
		return n;
	nsuffix = Min(nsuffix, DICT_MAX_ORG_SUFFIXES);
	suffix = palloc(sizeof(DictEntry) * nsuffix);
	for (int i = 0, j = 0; i < n; i++)
	{
		if (!e[i].suffix)
			e[k++] = e[i];
		else if (j < nsuffix)
			suffix[j++] = e[i];
	}
	for (int i = 0; i < k; i++)
	{
		DictEntry  *x = &e[i];

		if (i % 4096 == 0)
			CHECK_FOR_INTERRUPTS();
		for (int j = 0; j < nsuffix && !x->org; j++)
		{
			const DictEntry *sf = &suffix[j];
			int			at = x->normlen - sf->normlen;

			if (at < 0 || x->norm[x->normlen - 1] != sf->norm[sf->normlen - 1] ||
				memcmp(x->norm + at, sf->norm, sf->normlen) != 0)
				continue;
			/* a word of letters or digits: a boundary before it */
			if (at > 0 && isalnum((unsigned char) sf->norm[0]) &&
				isalnum((unsigned char) x->norm[at - 1]))
				continue;
			x->org = true;
		}
	}
	pfree(suffix);
	return k;
}

/*
 * The model that weighs the evidence (a's row of sector_model), decoded
 * into a's context with the sector of each label.  The table's check has
 * made sure every label is a sector of the taxonomy.
 */
static void
model_load(DictAutomaton *a, Datum model, double weight)
{
	MemoryContext old = MemoryContextSwitchTo(a->cxt);
	ClassifierModel *mc = classifier_model_decode(model, a->cxt);

	a->model_levels = palloc(sizeof(int) * mc->k);
	a->model_anc = palloc0(sizeof(Sector) * mc->k * (DICT_MODEL_MAX_LEVEL + 1));
	for (int c = 0; c < mc->k; c++)
	{
		Sector		s = sector_parse(mc->labels[c], strlen(mc->labels[c]));

		a->model_levels[c] = sector_level_internal(s);
		for (int l = 1; l <= Min(a->model_levels[c], DICT_MODEL_MAX_LEVEL); l++)
			if (!sector_ancestor_internal(s, l, &a->model_anc[c * (DICT_MODEL_MAX_LEVEL + 1) + l]))
				a->model_anc[c * (DICT_MODEL_MAX_LEVEL + 1) + l] = 0;
	}
	a->model_work = palloc0(sizeof(ClassifierWork));
	a->model_work->buf.cxt = a->cxt;
	a->model_weight = weight;
	a->model = mc;
	MemoryContextSwitchTo(old);
}

/* The automaton of a taxonomy, in a context of its own (SPI connected). */
static DictAutomaton *
build(const char *taxonomy)
{
	const char *nspname = tablecache_schema(&dict_tables);
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

	cxt = AllocSetContextCreate(CurrentMemoryContext, "scenario dictionary", ALLOCSET_DEFAULT_SIZES);
	old = MemoryContextSwitchTo(cxt);
	e = palloc(sizeof(DictEntry) * Max(SPI_processed, 1));
	for (uint64 r = 0; r < SPI_processed; r++)
	{
		HeapTuple	tup = SPI_tuptable->vals[r];
		TupleDesc	desc = SPI_tuptable->tupdesc;
		bool		nulls[7];
		Datum		v[7];
		StringInfoData norm;
		text	   *kw;
		const char *s;
		int			len;

		CHECK_FOR_INTERRUPTS();
		for (int c = 0; c < 7; c++)
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
		entry_roles(&e[n], nulls[6] ? (Datum) 0 : v[6]);
		n++;
	}
	MemoryContextSwitchTo(old);

	n = mark_organisations(e, n);
	n = apply_rules(e, n);
	a = dict_build(e, n, cxt);
	strlcpy(a->taxonomy, taxonomy, sizeof(a->taxonomy));
	a->max_level = max_level;

	/* a user row replaces the shipped one; weight 0 switches it off */
	resetStringInfo(&sql);
	appendStringInfo(&sql,
					 "SELECT model, weight::float8 FROM %s.sector_model WHERE taxonomy = $1"
					 " ORDER BY builtin LIMIT 1", nspname);
	if (SPI_execute_with_args(sql.data, 1, argtypes, args, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "could not read sector_model");
	if (SPI_processed == 1)
	{
		double		weight = DatumGetFloat8(SPI_getbinval(SPI_tuptable->vals[0],
														  SPI_tuptable->tupdesc, 2, &isnull));

		if (weight > 0)
			model_load(a, SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, &isnull),
					   weight);
	}
	return a;
}

/* The automaton of a taxonomy for the current user, built when needed. */
static DictAutomaton *
dict_get(const char *taxonomy, Oid fn_oid)
{
	if (!taxonomy_name_ok(taxonomy))
		unknown_taxonomy(taxonomy);
	for (;;)
	{
		CachedDict *c;

		/* 42501 without SELECT; under RLS, only what this user built */
		(void) tablecache_open(&dict_tables, fn_oid);
		for (int i = ncached - 1; i >= 0; i--)
			if (tablecache_expired(&dict_tables, &cached[i].stamp))
				drop(i);
		for (int i = 0; i < ncached; i++)
			if (strcmp(cached[i].a->taxonomy, taxonomy) == 0 &&
				tablecache_valid(&dict_tables, &cached[i].stamp))
				return cached[i].a;

		if (ncached == DICT_MAX_CACHED)
			drop(ncached - 1);
		c = &cached[ncached];
		tablecache_load_begin(&dict_tables, &c->stamp);
		c->a = build(taxonomy);
		/* kept even if an invalidation came meanwhile: then it has expired */
		MemoryContextSetParent(c->a->cxt, CacheMemoryContext);
		ncached++;
		tablecache_load_end(&dict_tables, &c->stamp);
	}
}

/* --- scoring ------------------------------------------------------------ */

/*
 * The confidence model (docs/design/dict.md): the estimated probability
 * that a node is right at its level is
 *     1 / (1 + exp(-(a + b * share + c * ln(1 + total))))
 * where share is the node's evidence over all the evidence of the text and
 * total that evidence; a, b, c per level, fitted by logistic regression on
 * the tuning split of test/quality/classify (tools/fit_dict_confidence.py
 * prints this table).  classify answers NULL below DICT_MIN_CONFIDENCE.
 */
#define DICT_MIN_CONFIDENCE 0.05
static const double confidence_model[4][3] = {
	{-5.715, 7.168, 1.278},		/* level 1: 412 answers, 88.3% right */
	{-4.617, 5.474, 1.352},		/* level 2: 412 answers, 84.2% right */
	{-2.951, 2.560, 1.173},		/* level 3: 412 answers, 75.5% right */
	{-3.348, 2.510, 1.320},		/* level 4: 412 answers, 73.3% right */
};

/* The least the model keeps of a node's evidence; what it reads of a text. */
#define DICT_MODEL_MIN_SHARE 1e-6
#define DICT_MODEL_MAX_BYTES 65536

typedef struct Hit
{
	Sector		sector;
	int32		pattern;
	double		contrib;
} Hit;

typedef struct Ranked
{
	Sector		sector;
	int			level;
	double		score;			/* its own evidence and its descendants' */
	int			first;			/* its hits: hits[first .. first + nhits) */
	int			nhits;
} Ranked;

typedef struct Ranking
{
	Ranked	   *r;				/* every node with evidence, best first */
	int			n;
	Hit		   *hits;
	double		total;			/* all the evidence of the text */
} Ranking;

/*
 * Hits by sector, then pattern.  A large document has hundreds of thousands
 * of them, so the sort is generated with its comparison inline rather than
 * called through qsort()'s pointer.
 */
#define ST_SORT sort_hits
#define ST_ELEMENT_TYPE Hit
#define ST_COMPARE(a, b) \
	((a)->sector != (b)->sector ? ((a)->sector < (b)->sector ? -1 : 1) : \
	 ((a)->pattern > (b)->pattern) - ((a)->pattern < (b)->pattern))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

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
 * The role factor of occurrence m (not a cue) from the cues of its clause;
 * followed[j] says whether purchase cue j has a thing bought after it.
 */
static double
occurrence_factor(const DictAutomaton *a, const DictPlace *m, const bool *followed)
{
	bool		customer = false,
				bought = false,
				buyer = false,
				extra = false;

	for (int j = 0; j < a->nplaced; j++)
	{
		const DictPlace *c = &a->placed[j];
		int			role = a->patterns[c->pattern].role;

		if (role == DICT_ROLE_NONE || c->clause != m->clause)
			continue;
		if (role == DICT_ROLE_EXTRA)
			extra |= c->start < m->start && a->patterns[m->pattern].activity != DICT_ACTIVITY_NONE;
		else if (role == DICT_ROLE_CUSTOMER && c->start < m->start)
			customer = true;
		else if (role != DICT_ROLE_CUSTOMER && c->start < m->start)
			bought = true;
		else if (role == DICT_ROLE_DEMAND)
			buyer = true;
		else if (role == DICT_ROLE_PURCHASE && followed[j])
			buyer = true;		/* "X采购Y": X is the buyer */
	}
	if (extra)
		return DICT_CUSTOMER_FACTOR;
	if (bought)
		return customer ? 1.0 : DICT_BOUGHT_FACTOR;
	/* an organisation in a demand text, outside the thing bought: the buyer */
	if (customer || buyer || (a->demand && a->patterns[m->pattern].org && a->patterns[m->pattern].plain))
		return DICT_CUSTOMER_FACTOR;
	return 1.0;
}

/*
 * Whether occurrence i is a modifier: a word written right before a head in
 * its clause, where Chinese and English put the head last; it names the
 * head's use or domain, not what the text is about.  Heads are the products
 * of the making section, for a word of another section (气象探测|无人机,
 * 货运|无人机, "weather | drone"; a word of the making section there is left
 * alone, it may be the head itself: 工业机器人|焊接|工作站), and the head
 * nouns of the activity-product cues, for a word of any section but theirs
 * (低空飞行服务|管理平台, 工业机器人|管理系统, "fleet | management platform").
 */
static bool
modifier(const DictAutomaton *a, int i)
{
	const DictPlace *m = &a->placed[i];
	const DictPattern *p = &a->patterns[m->pattern];

	const DictTarget *own = NULL;
	Sector		own_sec = 0;

	if (!p->plain)
		return false;
	for (int t = 0; t < p->ntargets; t++)
		if (own == NULL || a->targets[p->first_target + t].contrib > own->contrib)
			own = &a->targets[p->first_target + t];
	if (own == NULL || !sector_ancestor_internal(a->sectors[own->sector], 1, &own_sec))
		return false;
	for (int k = 0; k < a->nplaced; k++)
	{
		const DictPlace *n = &a->placed[k];
		const DictPattern *q = &a->patterns[n->pattern];
		const DictTarget *best = NULL;
		Sector		sec;

		if (n->clause != m->clause || !(q->plain || q->head) ||
			!(n->start == m->start + p->len || (p->trail && q->lead && n->start == m->start + p->len + 1)))
			continue;
		for (int t = 0; t < q->ntargets; t++)
			if (best == NULL || a->targets[q->first_target + t].contrib > best->contrib)
				best = &a->targets[q->first_target + t];
		if (best == NULL || !sector_ancestor_internal(a->sectors[best->sector], 1, &sec))
			continue;
		if (q->head ? sec != own_sec : (a->making != 0 && sec == a->making && own_sec != a->making))
			return true;
	}
	return false;
}

/*
 * The role factor of each occurrence (dict.h): after a customer cue in its
 * clause DICT_CUSTOMER_FACTOR; before a demand cue in its clause the buyer,
 * DICT_CUSTOMER_FACTOR; after a demand or purchase cue in its clause the
 * thing bought, DICT_BOUGHT_FACTOR (1 when a customer cue comes between);
 * before a purchase cue the buyer only when the thing bought follows it.  factor[pid]
 * gets the mean over the pattern's occurrences; returns false (all 1) when
 * the text has no cue or too many matches to have kept their places.
 */
static bool
role_factors(DictAutomaton *a, double *factor)
{
	int			np = a->nplaced;
	bool		any = false;
	bool		followed[DICT_MAX_PLACED];
	double		occ[DICT_MAX_PLACED];	/* each occurrence's factor, < 0 for a cue */
	int32		lead = -1;		/* the first clause with evidence of the doer */
	bool		later = false;	/* evidence in a later clause too */
	bool		modifiers = false;	/* a word before a product (modifier()) */

	a->demand = false;
	a->lead = -1;
	if (np == 0 || np > DICT_MAX_PLACED)
		return false;
	for (int i = 0; i < np; i++)
	{
		const DictPattern *p = &a->patterns[a->placed[i].pattern];

		any |= p->role != DICT_ROLE_NONE;
		a->demand |= p->role == DICT_ROLE_DEMAND || p->role == DICT_ROLE_PURCHASE;
	}
	for (int i = 0; i < np; i++)
	{
		const DictPlace *c = &a->placed[i];

		factor[c->pattern] = 0;
		/* a purchase cue with a thing bought after it in its clause */
		followed[i] = false;
		if (a->patterns[c->pattern].role != DICT_ROLE_PURCHASE)
			continue;
		for (int k = 0; k < np && !followed[i]; k++)
			followed[i] = a->placed[k].clause == c->clause && a->placed[k].start > c->start &&
				a->patterns[a->placed[k].pattern].role == DICT_ROLE_NONE &&
				a->patterns[a->placed[k].pattern].ntargets > 0;
	}
	for (int i = 0; i < np; i++)
	{
		const DictPlace *m = &a->placed[i];
		double		f;

		if (a->patterns[m->pattern].role != DICT_ROLE_NONE)
		{
			occ[i] = -1;		/* a cue itself */
			continue;
		}
		f = any ? occurrence_factor(a, m, followed) : 1.0;
		if (modifier(a, i))
		{
			f *= DICT_MODIFIER_FACTOR;
			modifiers = true;
		}
		occ[i] = f;
		/* the lead: the first clause with evidence not of a customer or buyer */
		if (f >= 1.0 && a->patterns[m->pattern].ntargets > 0 && (lead < 0 || m->clause < lead))
			lead = m->clause;
	}
	for (int i = 0; i < np && lead >= 0 && !later; i++)
		later = occ[i] >= 0 && a->placed[i].clause > lead &&
			a->patterns[a->placed[i].pattern].ntargets > 0;
	if (later)
		a->lead = lead;
	if (!any && !later && !modifiers)
		return false;
	for (int i = 0; i < np; i++)
	{
		const DictPlace *m = &a->placed[i];
		double		f = occ[i] < 0 ? 1.0 : occ[i];

		/* only the doer's own words are lifted, not a customer's in its clause */
		if (later && m->clause == lead && occ[i] >= 1.0)
			f *= DICT_LEAD_FACTOR;
		factor[m->pattern] += f / a->counts[m->pattern];
	}
	return true;
}

/*
 * What the activity cues of a scanned text decide: the products of the
 * making section count DICT_NOT_MADE_FACTOR unless their division is named
 * by a cue (ncue_div < 0: no demotion), and when the cues of a whole section
 * win (cue_section), the other sections' words count so too.
 */
typedef struct Cues
{
	Sector		making;
	Sector		cue_section;
	Sector		cue_div[8];
	int			ncue_div;
	int			buyer_level;
} Cues;

/*
 * The share of the occurrences of cue pid joined to a making cue (at most
 * DICT_OWN_GAP characters between them in one clause: 生产和零售, 研发、生产、
 * 销售, "manufacture and retail"): a maker that sells, repairs or installs
 * what it makes in the same breath does so as the maker, so those
 * occurrences say nothing against making.  0 when the places were not kept.
 */
static double
own_share(const DictAutomaton *a, const double *factor, int32 pid)
{
	int			own = 0,
				n = 0;

	if (a->nplaced > DICT_MAX_PLACED)
		return 0;
	for (int i = 0; i < a->nplaced; i++)
	{
		if (a->placed[i].pattern != pid)
			continue;
		n++;
		for (int k = 0; k < a->nplaced; k++)
		{
			const DictPlace *m = &a->placed[k];
			const DictPlace *c = &a->placed[i];
			int32		gap = m->start < c->start ?
				c->start - (m->start + a->patterns[m->pattern].len) :
				m->start - (c->start + a->patterns[c->pattern].len);

			if (m->clause == c->clause && gap >= 0 && gap <= DICT_OWN_GAP &&
				a->patterns[m->pattern].activity == DICT_ACTIVITY_MAKE &&
				(factor == NULL || factor[m->pattern] >= 1.0))
			{
				own++;
				break;
			}
		}
	}
	return n > 0 ? (double) own / n : 0;
}

/*
 * The role factors with each activity cue's own share (own_share()) taken
 * out, so that the cues and the evidence both see it: factor itself, or
 * a->factor set up when the roles left none (NULL: all 1) and a cue is
 * joined to a making cue.
 */
static double *
own_factors(DictAutomaton *a, double *factor)
{
	bool		makes = false;

	for (int i = 0; i < a->ntouched && !makes; i++)
		makes = a->patterns[a->touched[i]].activity == DICT_ACTIVITY_MAKE;
	if (!makes)
		return factor;
	for (int i = 0; i < a->ntouched; i++)
	{
		int32		pid = a->touched[i];
		double		share;

		if (a->patterns[pid].activity != DICT_ACTIVITY_OTHER ||
			(share = own_share(a, factor, pid)) == 0)
			continue;
		if (factor == NULL)
		{
			factor = a->factor;
			for (int j = 0; j < a->ntouched; j++)
				factor[a->touched[j]] = 1.0;
		}
		factor[pid] *= 1.0 - share;
	}
	return factor;
}

/*
 * Read the activity cues of the scanned text into cues; returns the number
 * of (pattern, target) pairs touched, which bounds the hits.
 */
static int
activity_cues(DictAutomaton *a, const double *factor, Cues *cues)
{
	double		made = 0,
				other = 0,
				whole = 0;		/* cues that name a whole section (施工: E) */
	int			cap = 0;

	cues->making = a->making;
	cues->cue_section = 0;
	cues->ncue_div = 0;
	cues->buyer_level = a->buyer != 0 ? sector_level_internal(a->buyer) : 0;
	for (int i = 0; i < a->ntouched; i++)
	{
		int32		pid = a->touched[i];
		const DictPattern *p = &a->patterns[pid];

		cap += p->ntargets;
		/* the activity cues: making against the others */
		if (p->activity == DICT_ACTIVITY_NONE)
			continue;
		for (int t = 0; t < p->ntargets; t++)
		{
			const DictTarget *dt = &a->targets[p->first_target + t];
			Sector		s = a->sectors[dt->sector];
			double		c = (1.0 + log((double) a->counts[pid])) * dt->contrib *
				(factor ? factor[pid] : 1.0);
			Sector		anc;

			if (p->activity == DICT_ACTIVITY_MAKE)
				made += c;
			else
			{
				other += c;
				if (cues->ncue_div < (int) lengthof(cues->cue_div) && sector_ancestor_internal(s, 2, &anc))
					cues->cue_div[cues->ncue_div++] = anc;
				else if (sector_level_internal(s) == 1 && (cues->cue_section == 0 || cues->cue_section == s))
				{
					cues->cue_section = s;
					whole += c;
				}
			}
		}
	}
	/*
	 * The lead clause's own activity decides making against the others
	 * when it names one: a business scope lists its principal activity
	 * first (肥料生产；农药零售 makes fertiliser), a profile opens with it.
	 */
	if (a->lead >= 0)
	{
		double		lead_made = 0,
					lead_other = 0;

		for (int i = 0; i < a->nplaced && i < DICT_MAX_PLACED; i++)
		{
			const DictPattern *p = &a->patterns[a->placed[i].pattern];

			if (a->placed[i].clause != a->lead || p->activity == DICT_ACTIVITY_NONE ||
				p->activity == DICT_ACTIVITY_BUYER)
				continue;
			for (int t = 0; t < p->ntargets; t++)
				*(p->activity == DICT_ACTIVITY_MAKE ? &lead_made : &lead_other) +=
					a->targets[p->first_target + t].contrib;
		}
		/* a lead that makes sells or repairs as the maker (own_share()) */
		if (lead_made > 0)
			other = 0;			/* the lead makes: no demotion */
		else if (lead_other > 0 && lead_made == 0)
			made = 0;
	}
	/*
	 * The text builds something (the cues of a whole section, 施工 and
	 * construction for E, outweigh making and the other activities): what
	 * other sections' words name is the thing built, and counts
	 * DICT_NOT_MADE_FACTOR.
	 */
	if (!(whole >= DICT_MIN_ACTIVITY && whole > made && whole > other - whole))
		cues->cue_section = 0;
	/* weak cues alone (平台, 设计, installation: weight 0.5) move nothing */
	if (!(other > made) || other < DICT_MIN_ACTIVITY || cues->making == 0)
		cues->ncue_div = -1;	/* no demotion */
	return cap;
}

/* The evidence c of pattern p for sector s, after the cues and the buyer rule. */
static double
cued_evidence(const DictAutomaton *a, const DictPattern *p, Sector s, double c,
			  const double *factor, const Cues *cues)
{
	Sector		anc;

	/* a product of the making section, when the text sells or operates it */
	if (cues->ncue_div >= 0 && p->activity == DICT_ACTIVITY_NONE &&
		sector_ancestor_internal(s, 1, &anc) && anc == cues->making)
	{
		bool		named = false;

		for (int d = 0; d < cues->ncue_div && !named; d++)
			named = sector_ancestor_internal(s, 2, &anc) && anc == cues->cue_div[d];
		if (!named)
			c *= DICT_NOT_MADE_FACTOR;
	}
	else if (cues->cue_section != 0 && p->activity == DICT_ACTIVITY_NONE &&
			 sector_ancestor_internal(s, 1, &anc) && anc != cues->cue_section)
		c *= DICT_NOT_MADE_FACTOR;
	/* the organisation that buys, in a demand text */
	if (factor && a->demand && cues->buyer_level > 0 &&
		sector_ancestor_internal(s, cues->buyer_level, &anc) && anc == a->buyer)
		c *= DICT_CUSTOMER_FACTOR;
	return c;
}

/*
 * Sorted hits to ranked sectors: the same (sector, pattern) reached from
 * several sectors below merged into one hit, then one Ranked per sector
 * with the sum of its hits, best first.  Sets out->r, out->n and nhits.
 */
static void
rank_hits(Hit *hits, int *nhits, Ranking *out)
{
	Ranked	   *ranked;
	int			nh = *nhits,
				nr = 0,
				k = 0;

	for (int i = 0; i < nh; i++)
	{
		if (k > 0 && hits[k - 1].sector == hits[i].sector && hits[k - 1].pattern == hits[i].pattern)
			hits[k - 1].contrib += hits[i].contrib;
		else
			hits[k++] = hits[i];
	}
	nh = *nhits = k;
	ranked = palloc(sizeof(Ranked) * Max(nh, 1));
	for (int i = 0; i < nh; i++)
	{
		if (nr == 0 || ranked[nr - 1].sector != hits[i].sector)
		{
			ranked[nr].sector = hits[i].sector;
			ranked[nr].level = sector_level_internal(hits[i].sector);
			ranked[nr].score = 0;
			ranked[nr].first = i;
			ranked[nr].nhits = 0;
			nr++;
		}
		ranked[nr - 1].score += hits[i].contrib;
		ranked[nr - 1].nhits++;
	}
	qsort(ranked, nr, sizeof(Ranked), ranked_cmp);
	out->r = ranked;
	out->n = nr;
}

/*
 * Weigh the evidence of each ranked node by the model (docs/dict.md, "The
 * section model"): times (p / the best p of its level) ^ weight, where p
 * is the probability the model gives the node, that of the label that is
 * the node or one of its ancestors, or the sum of the labels below it; a
 * level none of whose nodes the labels reach is left alone.  Then ranked
 * again.  Nothing changes when no feature of the text is known to the
 * model.  The model reads the first DICT_MODEL_MAX_BYTES of the text: the
 * sections of a long document are settled well before, and the workspace
 * it keeps between calls stays small.
 */
static void
model_weigh(const DictAutomaton *a, text *doc, Ranking *rk)
{
	const ClassifierModel *mc = a->model;
	ClassifierWork *w = a->model_work;
	double		best[DICT_MODEL_MAX_LEVEL + 1] = {0};
	double	   *p;
	int			len = VARSIZE_ANY_EXHDR(doc);

	if (rk->n == 0)
		return;
	if (len > DICT_MODEL_MAX_BYTES)
		len = pg_mbcliplen(VARDATA_ANY(doc), len, DICT_MODEL_MAX_BYTES);
	if (!classifier_score(mc, w, VARDATA_ANY(doc), len))
		return;
	classifier_probabilities(mc, w->scores);
	p = palloc(sizeof(double) * rk->n);
	for (int i = 0; i < rk->n; i++)
	{
		Sector		s = rk->r[i].sector;
		int			ls = rk->r[i].level;
		Sector		anc[DICT_MODEL_MAX_LEVEL + 1] = {0};

		p[i] = 0;
		if (ls < 1 || ls > DICT_MODEL_MAX_LEVEL)
			continue;
		for (int l = 1; l <= ls; l++)
			if (!sector_ancestor_internal(s, l, &anc[l]))
				anc[l] = 0;
		for (int c = 0; c < mc->k; c++)
		{
			const Sector *lanc = &a->model_anc[c * (DICT_MODEL_MAX_LEVEL + 1)];
			int			ll = a->model_levels[c];

			/* the label is the node or above it, or below it */
			if (ll <= ls ? anc[ll] == lanc[ll] : lanc[ls] == s)
				p[i] += w->scores[c];
		}
		best[ls] = Max(best[ls], p[i]);
	}
	for (int i = 0; i < rk->n; i++)
	{
		int			ls = rk->r[i].level;

		if (ls >= 1 && ls <= DICT_MODEL_MAX_LEVEL && best[ls] > 0)
			rk->r[i].score *= pow(Max(p[i] / best[ls], DICT_MODEL_MIN_SHARE), a->model_weight);
	}
	qsort(rk->r, rk->n, sizeof(Ranked), ranked_cmp);
	pfree(p);
}

/*
 * Scan doc and score every node of the taxonomy that has evidence: a
 * keyword counts for its sector and for each of its ancestors, 1 + ln(n)
 * times for n occurrences, times its role factor and what the cues say.
 */
static void
rank(DictAutomaton *a, text *doc, Ranking *out)
{
	Hit		   *hits;
	int			nh = 0;
	double	   *factor;
	Cues		cues;
	int			cap;

	dict_scan(a, VARDATA_ANY(doc), VARSIZE_ANY_EXHDR(doc));
	factor = own_factors(a, role_factors(a, a->factor) ? a->factor : NULL);
	cap = activity_cues(a, factor, &cues);
	hits = palloc(sizeof(Hit) * Max(cap * Max(a->max_level, 1), 1));
	out->total = 0;
	for (int i = 0; i < a->ntouched; i++)
	{
		int32		pid = a->touched[i];
		const DictPattern *p = &a->patterns[pid];
		double		times = 1.0 + log((double) a->counts[pid]);

		if (factor)
			times *= factor[pid];

		for (int t = 0; t < p->ntargets; t++)
		{
			const DictTarget *dt = &a->targets[p->first_target + t];
			Sector		s = a->sectors[dt->sector];
			int			ls = sector_level_internal(s);
			double		c = cued_evidence(a, p, s, times * dt->contrib, factor, &cues);

			out->total += c;
			for (int l = Min(ls, a->max_level); l >= 1; l--)
			{
				Sector		anc;

				if (!sector_ancestor_internal(s, l, &anc))
					continue;
				hits[nh].sector = anc;
				hits[nh].pattern = pid;
				hits[nh].contrib = c;
				nh++;
			}
		}
	}
	dict_reset(a);
	sort_hits(hits, nh);
	rank_hits(hits, &nh, out);
	out->hits = hits;
	if (a->model)
		model_weigh(a, doc, out);
}

/* The calibrated probability that node r is right at its level. */
static double
confidence(const Ranking *rk, const Ranked *r)
{
	const double *m = confidence_model[Min(Max(r->level, 1), 4) - 1];
	double		share = rk->total > 0 ? Min(r->score / rk->total, 1.0) : 0;

	return 1.0 / (1.0 + exp(-(m[0] + m[1] * share + m[2] * log(1.0 + rk->total))));
}

/*
 * The answer down to level: from the top, the best-scored child of the
 * node chosen so far, while one has evidence.  A class thus wins over its
 * own group or division on equal evidence, and evidence spread over the
 * classes of one division still makes that division win.  Returns the
 * index in rk->r, or -1 when nothing matched.
 */
static int
decode(const Ranking *rk, int level)
{
	int			best = -1;

	for (int l = 1; l <= level; l++)
	{
		int			next = -1;

		/* ranked best first: the first child found is the best */
		for (int i = 0; i < rk->n && next < 0; i++)
		{
			Sector		parent;

			if (rk->r[i].level != l)
				continue;
			if (best >= 0 && !(sector_parent_internal(rk->r[i].sector, &parent) &&
							   parent == rk->r[best].sector))
				continue;
			next = i;
		}
		if (next < 0)
			break;
		best = next;
	}
	return best;
}

static DictAutomaton *
get_for_call(FunctionCallInfo fcinfo, text *taxonomy)
{
	char	   *t = text_to_cstring(taxonomy);

	/* taxonomy names are case-insensitive, as in sector input */
	for (char *c = t; *c; c++)
		*c = pg_ascii_tolower((unsigned char) *c);
	return dict_get(t, fcinfo->flinfo->fn_oid);
}

static int
check_level(DictAutomaton *a, int32 level)
{
	if (level < 1 || level > a->max_level)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("level %d is out of range for taxonomy \"%s\"", level, a->taxonomy),
				 errdetail("Its levels are 1 to %d.", a->max_level)));
	return level;
}

/* classify(doc, taxonomy [, level]): the answer, or NULL when unsure. */
PG_FUNCTION_INFO_V1(dict_classify);
Datum
dict_classify(PG_FUNCTION_ARGS)
{
	text	   *doc;
	DictAutomaton *a;
	Ranking		rk;
	int			level,
				best;

	if (PG_ARGISNULL(0) || PG_ARGISNULL(1))
		PG_RETURN_NULL();
	doc = PG_GETARG_TEXT_PP(0);
	a = get_for_call(fcinfo, PG_GETARG_TEXT_PP(1));
	level = (PG_NARGS() > 2 && !PG_ARGISNULL(2)) ? check_level(a, PG_GETARG_INT32(2)) : a->max_level;
	rank(a, doc, &rk);
	best = decode(&rk, level);
	if (best < 0 || confidence(&rk, &rk.r[best]) < DICT_MIN_CONFIDENCE)
		PG_RETURN_NULL();
	PG_RETURN_SECTOR(rk.r[best].sector);
}

/*
 * classify_topk(doc, k, taxonomy, level): classify's answer at that level
 * (the level of its answer when level is NULL) first, even when unsure,
 * then the other nodes of that level by score; the score is the calibrated
 * probability.
 */
PG_FUNCTION_INFO_V1(dict_classify_topk);
Datum
dict_classify_topk(PG_FUNCTION_ARGS)
{
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	text	   *doc;
	int32		k;
	int32		level = 0;
	DictAutomaton *a;
	Ranking		rk;
	int			best,
				emitted = 0;

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
		level = check_level(a, PG_GETARG_INT32(3));
	doc = PG_GETARG_TEXT_PP(0);
	rank(a, doc, &rk);
	best = decode(&rk, level > 0 ? level : a->max_level);
	if (best < 0)
		return (Datum) 0;
	if (level == 0)
		level = rk.r[best].level;
	hits_owner = a;
	for (int j = -1; j < rk.n && emitted < k; j++)
	{
		Ranked	   *r;
		Datum		values[3];
		bool		nulls[3] = {false, false, false};
		Datum	   *ev;

		if (j == best || (j >= 0 && rk.r[j].level != level))
			continue;
		r = &rk.r[j < 0 ? best : j];
		ev = palloc(sizeof(Datum) * r->nhits);
		qsort(rk.hits + r->first, r->nhits, sizeof(Hit), evidence_cmp);
		for (int h = 0; h < r->nhits; h++)
			ev[h] = CStringGetTextDatum(a->patterns[rk.hits[r->first + h].pattern].keyword);
		values[0] = SectorGetDatum(r->sector);
#ifdef DICT_FIT_FEATURES
		/* for tools/fit_dict_confidence.py: total and share instead */
		values[1] = Float8GetDatum(floor(rk.total * 1000) * 10 + Min(r->score / rk.total, 1.0) * 9.99);
#else
		values[1] = Float8GetDatum(confidence(&rk, r));
#endif
		values[2] = PointerGetDatum(construct_array(ev, r->nhits, TEXTOID, -1, false, TYPALIGN_INT));
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		emitted++;
	}
	return (Datum) 0;
}
