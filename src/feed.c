/*
 * feed.c
 *	  scenario.match_feed(): a trigger, AFTER INSERT OR UPDATE ... FOR EACH
 *	  ROW, that finds the best matches of the new row in the other table and
 *	  sends them as compact JSON with one NOTIFY per row.  NOTIFY is
 *	  transactional: listeners hear at commit, and nothing after a rollback.
 *
 *	  Row-level rather than statement-level with transition tables: each row
 *	  needs its own top-k search anyway, and a row trigger takes a WHEN
 *	  clause (only published rows, only changed profiles), which a trigger
 *	  with transition tables cannot.
 *
 *	  A trigger's arguments are checked and its queries prepared once per
 *	  backend; a change to either table, or to a schema, makes the next
 *	  firing check them again (tablecache.c tells us).  An event trigger
 *	  (match_feed_check) runs the same checks when the trigger is created,
 *	  so a mistake shows at CREATE TRIGGER.
 */
#include "feed.h"

#include "access/table.h"
#include "catalog/pg_type.h"
#include "commands/async.h"
#include "commands/event_trigger.h"
#include "commands/trigger.h"
#include "executor/spi.h"
#include "lib/stringinfo.h"
#include "parser/parse_func.h"
#include "tablecache.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"

typedef struct FeedEntry
{
	Oid			tgoid;			/* hash key */
	bool		valid;
	MemoryContext cxt;			/* holds cfg */
	FeedConfig *cfg;
	SPIPlanPtr	build_plan;		/* NULL when the profile is a column */
	SPIPlanPtr	search_plan;
	SPIPlanPtr	ties_plan;		/* NULL when ids have no order */
} FeedEntry;

static HTAB *feed_cache = NULL;
static bool feed_stale = false;	/* some entry was invalidated since the last sweep */

static void feed_invalidate_rel(Oid relid);

/* the tables are each trigger's own; a renamed schema changes the queries */
static TableCache feed_tables = {.changed = feed_invalidate_rel, .schemas = true};

static void
feed_invalidate_rel(Oid relid)
{
	HASH_SEQ_STATUS status;
	FeedEntry  *e;

	hash_seq_init(&status, feed_cache);
	while ((e = hash_seq_search(&status)) != NULL)
		if (!OidIsValid(relid) || e->cfg == NULL ||
			e->cfg->relid == relid || e->cfg->other_relid == relid)
		{
			e->valid = false;
			feed_stale = true;
		}
}

static void
feed_clear(FeedEntry *e)
{
	if (e->build_plan)
		SPI_freeplan(e->build_plan);
	if (e->search_plan)
		SPI_freeplan(e->search_plan);
	if (e->ties_plan)
		SPI_freeplan(e->ties_plan);
	if (e->cxt)
		MemoryContextDelete(e->cxt);
	e->build_plan = e->search_plan = e->ties_plan = NULL;
	e->cxt = NULL;
	e->cfg = NULL;
}

static SPIPlanPtr
feed_prepare(const char *sql, int nargs, Oid *types)
{
	SPIPlanPtr	plan;

	if (sql == NULL)
		return NULL;
	plan = SPI_prepare(sql, nargs, types);
	if (plan == NULL)
		elog(ERROR, "match_feed: SPI_prepare failed for \"%s\": %s",
			 sql, SPI_result_code_string(SPI_result));
	return plan;
}

/*
 * The checked configuration and prepared queries of a trigger; SPI must be
 * connected.  On error nothing is kept, so the next firing checks again.
 */
static FeedEntry *
feed_entry(Trigger *trigger, Relation rel, Oid extnsp)
{
	FeedEntry  *e;
	bool		found;
	MemoryContext cxt,
				old;
	FeedConfig *cfg;
	SPIPlanPtr	build,
				search,
				ties;

	if (feed_cache == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(FeedEntry);
		feed_cache = hash_create("scenario match feeds", 16, &ctl, HASH_ELEM | HASH_BLOBS);
		tablecache_register(&feed_tables);
	}

	/*
	 * Free what invalidated entries hold, so a dropped trigger leaves nothing
	 * behind; a live one is built again below, on its next firing.  (Not in
	 * the callback: freeing plans there is not safe.)
	 */
	if (feed_stale)
	{
		HASH_SEQ_STATUS status;
		FeedEntry  *old;

		feed_stale = false;
		hash_seq_init(&status, feed_cache);
		while ((old = hash_seq_search(&status)) != NULL)
			if (!old->valid)
			{
				feed_clear(old);
				hash_search(feed_cache, &old->tgoid, HASH_REMOVE, NULL);
			}
	}
	e = hash_search(feed_cache, &trigger->tgoid, HASH_ENTER, &found);
	if (!found)
	{
		e->valid = false;
		e->cxt = NULL;
		e->cfg = NULL;
		e->build_plan = e->search_plan = e->ties_plan = NULL;
	}
	if (e->valid)
		return e;
	feed_clear(e);

	/* built under the call's context, kept only once everything passed */
	cxt = AllocSetContextCreate(CurrentMemoryContext, "scenario match feed", ALLOCSET_SMALL_SIZES);
	old = MemoryContextSwitchTo(cxt);
	cfg = feed_config(rel, extnsp, trigger->tgnargs, trigger->tgargs);
	MemoryContextSwitchTo(old);
	build = feed_prepare(cfg->build_sql, cfg->nparams, cfg->param_types);
	search = feed_prepare(cfg->search_sql, 1, &cfg->profile_type);
	ties = feed_prepare(cfg->ties_sql, 1, &cfg->profile_type);
	if (build)
		SPI_keepplan(build);
	SPI_keepplan(search);
	if (ties)
		SPI_keepplan(ties);
	MemoryContextSetParent(cxt, CacheMemoryContext);
	e->cxt = cxt;
	e->cfg = cfg;
	e->build_plan = build;
	e->search_plan = search;
	e->ties_plan = ties;
	e->valid = true;
	return e;
}

/*
 * An id as JSON: numbers and booleans bare, anything else as a string of
 * its text output (NaN and infinities too, which JSON has no number for).
 */
static void
append_json_id(StringInfo buf, Datum value, bool isnull, Oid type)
{
	Oid			outfn;
	bool		varlena;
	char	   *s;

	if (isnull)
	{
		appendStringInfoString(buf, "null");
		return;
	}
	getTypeOutputInfo(type, &outfn, &varlena);
	s = OidOutputFunctionCall(outfn, value);
	switch (getBaseType(type))
	{
		case INT2OID:
		case INT4OID:
		case INT8OID:
		case OIDOID:
			appendStringInfoString(buf, s);
			return;
		case NUMERICOID:
		case FLOAT4OID:
		case FLOAT8OID:
			if ((s[0] >= '0' && s[0] <= '9') ||
				(s[0] == '-' && s[1] >= '0' && s[1] <= '9'))
			{
				appendStringInfoString(buf, s);
				return;
			}
			break;
		case BOOLOID:
			appendStringInfoString(buf, DatumGetBool(value) ? "true" : "false");
			return;
	}
	escape_json(buf, s);
}

/* A score to 4 decimals without trailing zeros: 0.8123, 0.5, 1. */
static void
append_score(StringInfo buf, double score)
{
	char		s[32];
	int			n;

	score = Max(0.0, Min(1.0, score));
	n = snprintf(s, sizeof(s), "%.4f", score);
	while (n > 1 && s[n - 1] == '0')
		n--;
	if (s[n - 1] == '.')
		n--;
	appendBinaryStringInfo(buf, s, n);
}

/*
 * The payload: {"opportunity":17,"offers":[{"id":109,"score":0.8123},...]}.
 * If it would reach NOTIFY's limit, the list keeps its best entries that
 * fit and says so: ...],"truncated":true,"omitted":12}.
 */
static char *
feed_payload(const FeedConfig *cfg, const char *row_id, char **entries, int n)
{
	StringInfoData buf;
	int			limit = FEED_PAYLOAD_LIMIT - 1;
	int			len;
	int			fit;
	char		tail[64];

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"%s\":%s,\"%s\":[", cfg->row_key, row_id, cfg->list_key);
	len = buf.len + 2;
	for (int i = 0; i < n; i++)
		len += strlen(entries[i]) + (i > 0);
	if (len <= limit)
		fit = n;
	else
	{
		/* the longest prefix that fits with the longer ending */
		int			used = buf.len;

		fit = -1;
		for (int m = 0; m <= n; m++)
		{
			if (m > 0)
				used += strlen(entries[m - 1]) + (m > 1);
			snprintf(tail, sizeof(tail), "],\"truncated\":true,\"omitted\":%d}", n - m);
			if (used + (int) strlen(tail) > limit)
				break;
			fit = m;
		}
		if (fit < 0)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("match_feed payload would exceed the NOTIFY limit of %d bytes",
							FEED_PAYLOAD_LIMIT),
					 errdetail("The %s id alone takes %zu bytes.", cfg->row_key, strlen(row_id))));
	}
	for (int i = 0; i < fit; i++)
	{
		if (i > 0)
			appendStringInfoChar(&buf, ',');
		appendStringInfoString(&buf, entries[i]);
	}
	if (fit == n)
		appendStringInfoString(&buf, "]}");
	else
		appendStringInfo(&buf, "],\"truncated\":true,\"omitted\":%d}", n - fit);
	Assert(buf.len <= limit);
	return buf.data;
}

static double
row_score(SPITupleTable *tt, uint64 i)
{
	bool		isnull;

	return 1.0 - DatumGetFloat8(SPI_getbinval(tt->vals[i], tt->tupdesc, 2, &isnull));
}

/* How many of the first rows (best first) are matches worth sending. */
static int
count_matches(const FeedConfig *cfg, SPITupleTable *tt, uint64 nrows)
{
	int			kept = 0;

	while (kept < cfg->k && (uint64) kept < nrows &&
		   row_score(tt, kept) > 0.0 && row_score(tt, kept) >= cfg->min_score)
		kept++;
	return kept;
}

/*
 * Runs the search for a profile and returns how many of the rows left in
 * SPI_tuptable are matches: those of a positive score, at least min_score,
 * at most k.  A score of 0 means nothing in common.
 */
static int
feed_search(FeedEntry *e, Datum profile)
{
	const FeedConfig *cfg = e->cfg;
	SPITupleTable *tt;
	int			kept;

	if (SPI_execute_plan(e->search_plan, &profile, " ", false, 0) != SPI_OK_SELECT)
		elog(ERROR, "match_feed: the search failed");
	tt = SPI_tuptable;
	kept = count_matches(cfg, tt, SPI_processed);

	/*
	 * The k-th and the (k+1)-th score the same: which of the tied rows the
	 * scan returned first is up to the index, so fetch the whole tie and
	 * keep the lowest ids.
	 */
	if (kept == cfg->k && SPI_processed > (uint64) kept && e->ties_plan &&
		row_score(tt, kept) == row_score(tt, kept - 1))
	{
		if (SPI_execute_plan(e->ties_plan, &profile, " ", false, 0) != SPI_OK_SELECT)
			elog(ERROR, "match_feed: the search for tied rows failed");
		kept = count_matches(cfg, SPI_tuptable, SPI_processed);
	}
	return kept;
}

/* The row's profile: a column, or built from columns (SPI connected). */
static Datum
row_profile(FeedEntry *e, HeapTuple row, TupleDesc tupdesc, bool *isnull)
{
	const FeedConfig *cfg = e->cfg;
	Datum	   *values;
	char	   *nulls;

	if (cfg->build_sql == NULL)
		return heap_getattr(row, cfg->profile_att, tupdesc, isnull);
	values = palloc(sizeof(Datum) * cfg->nparams);
	nulls = palloc(cfg->nparams + 1);
	for (int i = 0; i < cfg->nparams; i++)
	{
		values[i] = heap_getattr(row, cfg->param_atts[i], tupdesc, isnull);
		nulls[i] = *isnull ? 'n' : ' ';
	}
	if (SPI_execute_plan(e->build_plan, values, nulls, false, 1) != SPI_OK_SELECT ||
		SPI_processed != 1)
		elog(ERROR, "match_feed: building the profile failed");
	return SPI_getbinval(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1, isnull);
}

PG_FUNCTION_INFO_V1(match_feed);
Datum
match_feed(PG_FUNCTION_ARGS)
{
	TriggerData *td;
	Relation	rel;
	TupleDesc	tupdesc;
	HeapTuple	row;
	FeedEntry  *e;
	FeedConfig *cfg;
	Datum		profile;
	bool		profile_null;
	Datum		id;
	bool		id_null;
	StringInfoData buf;
	char	  **entries = NULL;
	int			n = 0;
	char	   *payload;

	if (!CALLED_AS_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("match_feed can only be called as a trigger")));
	td = (TriggerData *) fcinfo->context;
	feed_check_events(td->tg_trigger->tgname, td->tg_trigger->tgtype);
	rel = td->tg_relation;
	tupdesc = RelationGetDescr(rel);
	row = TRIGGER_FIRED_BY_UPDATE(td->tg_event) ? td->tg_newtuple : td->tg_trigtuple;

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "match_feed: SPI_connect failed");
	e = feed_entry(td->tg_trigger, rel, get_func_namespace(fcinfo->flinfo->fn_oid));
	cfg = e->cfg;

	profile = row_profile(e, row, tupdesc, &profile_null);

	/* the best rows of the other table, best first */
	if (!profile_null)
	{
		int			kept = feed_search(e, profile);
		SPITupleTable *tt = SPI_tuptable;

		entries = palloc(sizeof(char *) * (kept + 1));
		for (n = 0; n < kept; n++)
		{
			bool		isnull;
			Datum		other = SPI_getbinval(tt->vals[n], tt->tupdesc, 1, &isnull);

			initStringInfo(&buf);
			appendStringInfoString(&buf, "{\"id\":");
			append_json_id(&buf, other, isnull, SPI_gettypeid(tt->tupdesc, 1));
			appendStringInfoString(&buf, ",\"score\":");
			append_score(&buf, row_score(tt, n));
			appendStringInfoChar(&buf, '}');
			entries[n] = buf.data;
		}
	}

	id = heap_getattr(row, cfg->id_att, tupdesc, &id_null);
	initStringInfo(&buf);
	append_json_id(&buf, id, id_null, TupleDescAttr(tupdesc, cfg->id_att - 1)->atttypid);
	payload = feed_payload(cfg, buf.data, entries, n);
	Async_Notify(cfg->channel, payload);

	SPI_finish();
	return PointerGetDatum(row);
}

/*
 * Event trigger at the end of CREATE TRIGGER: checks each new trigger that
 * calls match_feed as its first firing would, so a mistake in its arguments
 * fails the CREATE TRIGGER.
 */
PG_FUNCTION_INFO_V1(match_feed_check);
Datum
match_feed_check(PG_FUNCTION_ARGS)
{
	Oid			extnsp;
	Oid			feedfn;
	Oid			argtypes[1] = {OIDOID};
	Datum		args[1];
	uint64		ntrig;
	Oid		   *tgoids;
	Oid		   *relids;

	if (!CALLED_AS_EVENT_TRIGGER(fcinfo))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("_match_feed_check can only be called as an event trigger")));
	extnsp = get_func_namespace(fcinfo->flinfo->fn_oid);
	feedfn = LookupFuncName(list_make2(makeString(get_namespace_name(extnsp)),
									   makeString("match_feed")), 0, NULL, true);
	if (!OidIsValid(feedfn))
		PG_RETURN_VOID();

	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "match_feed_check: SPI_connect failed");
	args[0] = ObjectIdGetDatum(feedfn);
	/* not read-only: the query must see the row this very command made */
	if (SPI_execute_with_args("SELECT t.oid, t.tgrelid"
							  " FROM pg_catalog.pg_event_trigger_ddl_commands() c"
							  " JOIN pg_catalog.pg_trigger t ON t.oid OPERATOR(pg_catalog.=) c.objid"
							  " WHERE c.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_trigger'::pg_catalog.regclass"
							  " AND t.tgfoid OPERATOR(pg_catalog.=) $1",
							  1, argtypes, args, NULL, false, 0) != SPI_OK_SELECT)
		elog(ERROR, "match_feed_check: reading the new triggers failed");
	ntrig = SPI_processed;
	tgoids = palloc(sizeof(Oid) * (ntrig + 1));
	relids = palloc(sizeof(Oid) * (ntrig + 1));
	for (uint64 i = 0; i < ntrig; i++)
	{
		bool		isnull;

		tgoids[i] = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1, &isnull));
		relids[i] = DatumGetObjectId(SPI_getbinval(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2, &isnull));
	}
	for (uint64 i = 0; i < ntrig; i++)
	{
		Relation	rel = table_open(relids[i], AccessShareLock);
		TriggerDesc *trigdesc = rel->trigdesc;

		for (int j = 0; trigdesc != NULL && j < trigdesc->numtriggers; j++)
		{
			Trigger    *t = &trigdesc->triggers[j];

			if (t->tgoid == tgoids[i])
			{
				/* the very checks and preparation of a first firing */
				FeedConfig *cfg;

				feed_check_events(t->tgname, t->tgtype);
				cfg = feed_config(rel, extnsp, t->tgnargs, t->tgargs);
				feed_prepare(cfg->build_sql, cfg->nparams, cfg->param_types);
				feed_prepare(cfg->search_sql, 1, &cfg->profile_type);
				feed_prepare(cfg->ties_sql, 1, &cfg->profile_type);
			}
		}
		table_close(rel, AccessShareLock);
	}
	SPI_finish();
	PG_RETURN_VOID();
}
