/*
 * feed_args.c
 *	  The match feed's trigger arguments: key=value pairs, checked against
 *	  the trigger's table and the table it searches, and turned into the two
 *	  queries the trigger runs.
 *
 *	  Names follow SQL's rules (unquoted names fold to lower case, double
 *	  quotes keep case and commas), and every name reaches the SQL through
 *	  quote_identifier, so no argument can inject SQL.  The searched table
 *	  must be schema-qualified: the trigger fires under whatever search_path
 *	  the writing session has, and must not find another table then.
 */
#include "feed.h"

#include <ctype.h>
#include "catalog/namespace.h"
#include "catalog/pg_namespace.h"
#include "catalog/pg_trigger.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "funcapi.h"
#include "parser/parse_func.h"
#include "lib/stringinfo.h"
#include "nodes/makefuncs.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/regproc.h"
#include "utils/syscache.h"
#include "utils/typcache.h"
#include "utils/varlena.h"

typedef enum FeedKey
{
	K_ID, K_PROFILE,
	K_SECTORS, K_TEXT, K_BUDGET, K_REGION, K_DEADLINE,
	K_PRICE, K_REGIONS, K_AVAILABLE, K_TRL,
	K_OFFERS, K_OFFER_ID, K_OFFER_PROFILE,
	K_OPPORTUNITIES, K_OPPORTUNITY_ID, K_OPPORTUNITY_PROFILE,
	K_OPEN, K_K, K_MIN_SCORE, K_CHANNEL,
	K_COUNT
} FeedKey;

static const char *const key_names[K_COUNT] = {
	"id", "profile",
	"sectors", "text", "budget", "region", "deadline",
	"price", "regions", "available", "trl",
	"offers", "offer_id", "offer_profile",
	"opportunities", "opportunity_id", "opportunity_profile",
	"open", "k", "min_score", "channel"
};

/* How the columns of a profile field become the constructor's argument. */
typedef enum FieldKind
{
	FK_LIST,					/* an array: scalars and arrays concatenated */
	FK_TEXT,					/* text: the columns joined by newlines */
	FK_SCALAR					/* one column, cast */
} FieldKind;

#define SIDE(s)	(1 << (s))
#define BOTH	(SIDE(FEED_OPPORTUNITIES) | SIDE(FEED_OFFERS))

/* The constructor's arguments are named as the keys are. */
static const struct
{
	FeedKey		key;
	int			sides;
	FieldKind	kind;
}			fields[] =
{
	{K_SECTORS, BOTH, FK_LIST},
	{K_TEXT, BOTH, FK_TEXT},
	{K_BUDGET, SIDE(FEED_OPPORTUNITIES), FK_SCALAR},
	{K_REGION, SIDE(FEED_OPPORTUNITIES), FK_SCALAR},
	{K_DEADLINE, SIDE(FEED_OPPORTUNITIES), FK_SCALAR},
	{K_PRICE, SIDE(FEED_OFFERS), FK_SCALAR},
	{K_REGIONS, SIDE(FEED_OFFERS), FK_LIST},
	{K_AVAILABLE, SIDE(FEED_OFFERS), FK_SCALAR},
	{K_TRL, BOTH, FK_SCALAR},
};

static char *
trim(char *s)
{
	char	   *end;

	while (isspace((unsigned char) *s))
		s++;
	end = s + strlen(s);
	while (end > s && isspace((unsigned char) end[-1]))
		end--;
	*end = '\0';
	return s;
}

static void
parse_args(int nargs, char **args, char **vals)
{
	for (int i = 0; i < nargs; i++)
	{
		char	   *arg = pstrdup(args[i]);
		char	   *eq = strchr(arg, '=');
		char	   *key;
		int			k;

		if (eq == NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("invalid match_feed argument: \"%s\"", args[i]),
					 errdetail("Arguments are key=value pairs, such as 'id=opp_id'.")));
		*eq = '\0';
		key = trim(arg);
		for (k = 0; k < K_COUNT; k++)
			if (strcmp(key, key_names[k]) == 0)
				break;
		if (k == K_COUNT)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown match_feed argument: \"%s\"", key),
					 errhint("The keys are id, profile, sectors, text, budget, region, deadline, price, "
							 "regions, available, trl, offers, offer_id, offer_profile, opportunities, "
							 "opportunity_id, opportunity_profile, open, k, min_score and channel.")));
		if (vals[k] != NULL)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("match_feed argument \"%s\" is given twice", key)));
		vals[k] = trim(eq + 1);
		if (*vals[k] == '\0')
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("match_feed argument \"%s\" is empty", key)));
	}
}

/* The column names of an argument; one only unless a list is allowed. */
static List *
names_of(FeedKey key, const char *val, bool list)
{
	char	   *copy = pstrdup(val);
	List	   *names;

	if (!SplitIdentifierString(copy, ',', &names) || names == NIL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid column name in match_feed argument \"%s\": \"%s\"",
						key_names[key], val)));
	if (!list && list_length(names) != 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match_feed argument \"%s\" takes one column, not \"%s\"",
						key_names[key], val)));
	return names;
}

static AttrNumber
column_of(Oid relid, FeedKey key, const char *name)
{
	AttrNumber	att = get_attnum(relid, name);

	if (att == InvalidAttrNumber)
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_COLUMN),
				 errmsg("column \"%s\" of relation \"%s\" does not exist", name, get_rel_name(relid)),
				 errdetail("match_feed argument \"%s\" names it.", key_names[key])));
	if (att < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match_feed argument \"%s\" cannot name system column \"%s\"",
						key_names[key], name)));
	return att;
}

/* The one column an argument names, of the given type if want is valid. */
static AttrNumber
typed_column(Oid relid, FeedKey key, const char *val, Oid want)
{
	char	   *name = linitial(names_of(key, val, false));
	AttrNumber	att = column_of(relid, key, name);

	if (OidIsValid(want) && getBaseType(get_atttype(relid, att)) != want)
		ereport(ERROR,
				(errcode(ERRCODE_DATATYPE_MISMATCH),
				 errmsg("column \"%s\" of relation \"%s\" is of type %s, not %s",
						name, get_rel_name(relid),
						format_type_be(get_atttype(relid, att)), format_type_be(want)),
				 errdetail("match_feed argument \"%s\" names it.", key_names[key])));
	return att;
}

static Oid
table_of(FeedKey key, const char *val)
{
	List	   *names = stringToQualifiedNameList(val);
	Oid			relid;
	char		kind;

	if (list_length(names) < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match_feed argument \"%s\" must name a schema-qualified table: \"%s\"",
						key_names[key], val),
				 errhint("Write %s=schema.table, such as %s=public.%s.", key_names[key],
						 key_names[key], key_names[key])));
	relid = RangeVarGetRelid(makeRangeVarFromNameList(names), NoLock, true);
	if (!OidIsValid(relid))
		ereport(ERROR,
				(errcode(ERRCODE_UNDEFINED_TABLE),
				 errmsg("relation \"%s\" does not exist", val),
				 errdetail("match_feed argument \"%s\" names it.", key_names[key])));
	kind = get_rel_relkind(relid);
	if (kind != RELKIND_RELATION && kind != RELKIND_PARTITIONED_TABLE && kind != RELKIND_VIEW &&
		kind != RELKIND_MATVIEW && kind != RELKIND_FOREIGN_TABLE)
		ereport(ERROR,
				(errcode(ERRCODE_WRONG_OBJECT_TYPE),
				 errmsg("\"%s\" is not a table or view", val),
				 errdetail("match_feed argument \"%s\" names it.", key_names[key])));
	return relid;
}

static int
int_arg(FeedKey key, const char *val, int lo, int hi)
{
	char	   *end;
	long		n;

	errno = 0;
	n = strtol(val, &end, 10);
	if (errno != 0 || *end != '\0' || n < lo || n > hi)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for match_feed argument \"%s\": \"%s\"", key_names[key], val),
				 errdetail("It must be a whole number from %d to %d.", lo, hi)));
	return (int) n;
}

static double
score_arg(FeedKey key, const char *val)
{
	char	   *end;
	double		x;

	errno = 0;
	x = strtod(val, &end);
	if (errno != 0 || *end != '\0' || !(x >= 0.0 && x <= 1.0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid value for match_feed argument \"%s\": \"%s\"", key_names[key], val),
				 errdetail("It must be a score from 0 to 1.")));
	return x;
}

/*
 * The argument expression for one profile field over the columns it names,
 * each a new parameter $n: lists are concatenated arrays, text is the
 * columns joined by newlines, a scalar is a cast to the parameter's type.
 */
static const char *
field_expr(FeedConfig *cfg, Oid relid, FeedKey key, FieldKind kind, Oid ptype, List *names)
{
	StringInfoData expr;
	ListCell   *lc;

	initStringInfo(&expr);
	foreach(lc, names)
	{
		const char *name = lfirst(lc);
		AttrNumber	att = column_of(relid, key, name);
		Oid			type = get_atttype(relid, att);
		bool		is_array = OidIsValid(get_element_type(getBaseType(type)));
		int			p = ++cfg->nparams;
		Oid			target;
		char	   *prev;

		cfg->param_atts[p - 1] = att;
		cfg->param_types[p - 1] = type;
		if (kind == FK_LIST)
		{
			target = is_array ? ptype : get_element_type(ptype);
			prev = pstrdup(expr.data);
			resetStringInfo(&expr);
			if (foreach_current_index(lc) > 0)
				appendStringInfo(&expr, "pg_catalog.array_cat(%s, ", prev);
			if (is_array)
				appendStringInfo(&expr, "$%d::%s", p, format_type_be_qualified(target));
			else
				appendStringInfo(&expr, "ARRAY[$%d::%s]", p, format_type_be_qualified(target));
			if (foreach_current_index(lc) > 0)
				appendStringInfoChar(&expr, ')');
		}
		else if (kind == FK_TEXT)
		{
			/* concat_ws reads any type through its output function */
			target = InvalidOid;
			appendStringInfo(&expr, "%s$%d", foreach_current_index(lc) == 0 ?
							 "pg_catalog.concat_ws(E'\\n', " : ", ", p);
			if (foreach_current_index(lc) == list_length(names) - 1)
				appendStringInfoChar(&expr, ')');
		}
		else
		{
			target = ptype;
			appendStringInfo(&expr, "$%d::%s", p, format_type_be_qualified(target));
		}
		if (OidIsValid(target) && !can_coerce_type(1, &type, &target, COERCION_EXPLICIT))
			ereport(ERROR,
					(errcode(ERRCODE_DATATYPE_MISMATCH),
					 errmsg("column \"%s\" of relation \"%s\" is of type %s, which cannot be cast to %s",
							name, get_rel_name(relid), format_type_be(type), format_type_be(target)),
					 errdetail("match_feed argument \"%s\" names it.", key_names[key])));
	}
	return expr.data;
}

/*
 * The SQL building the row's profile from its columns: the constructor
 * called with named arguments over $1..$n, one parameter per column.
 */
static void
build_profile_sql(FeedConfig *cfg, Oid relid, char **vals, Oid extnsp, const char *ext)
{
	const char *ctor_name = cfg->side == FEED_OPPORTUNITIES ? "demand_profile" : "supply_profile";
	Oid			ctor;
	HeapTuple	proc;
	int			nctor;
	Oid		   *ctor_types;
	char	  **ctor_names;
	char	   *ctor_modes;
	StringInfoData sql;
	int			maxp = 0;
	bool		first = true;

	for (int f = 0; f < (int) lengthof(fields); f++)
		if (vals[fields[f].key])
			maxp += list_length(names_of(fields[f].key, vals[fields[f].key], true));
	cfg->param_atts = palloc(sizeof(AttrNumber) * maxp);
	cfg->param_types = palloc(sizeof(Oid) * maxp);
	cfg->nparams = 0;

	ctor = LookupFuncName(list_make2(makeString(get_namespace_name(extnsp)), makeString(pstrdup(ctor_name))),
						  -1, NULL, false);
	proc = SearchSysCache1(PROCOID, ObjectIdGetDatum(ctor));
	if (!HeapTupleIsValid(proc))
		elog(ERROR, "cache lookup failed for function %u", ctor);
	nctor = get_func_arg_info(proc, &ctor_types, &ctor_names, &ctor_modes);
	ReleaseSysCache(proc);

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT %s.%s(", ext, ctor_name);
	for (int f = 0; f < (int) lengthof(fields); f++)
	{
		FeedKey		key = fields[f].key;
		FieldKind	kind = fields[f].kind;
		bool		list = (kind == FK_LIST || kind == FK_TEXT);
		const char *expr;
		Oid			ptype = InvalidOid;

		if (vals[key] == NULL)
			continue;
		/* the constructor's parameter of that name says what to cast to */
		for (int i = 0; i < nctor && ctor_names; i++)
			if (ctor_names[i] && strcmp(ctor_names[i], key_names[key]) == 0)
				ptype = ctor_types[i];
		if (!OidIsValid(ptype) || (kind == FK_LIST && !OidIsValid(get_element_type(ptype))))
			elog(ERROR, "%s has no parameter \"%s\" of the expected kind", ctor_name, key_names[key]);
		expr = field_expr(cfg, relid, key, kind, ptype, names_of(key, vals[key], list));
		appendStringInfo(&sql, "%s%s => %s", first ? "" : ", ", key_names[key], expr);
		first = false;
	}
	appendStringInfoChar(&sql, ')');
	cfg->build_sql = sql.data;
}

/*
 * Best first, equal scores by id (when ids have an order) so that the
 * list is the same on every run.  A sort key after the distance would
 * stop the planner from using the GiST index's ordered scan, so the
 * scan sits in a subquery and the tie-break is applied to its rows: the
 * usual query reads k + 1 rows, and only when the (k+1)-th ties with the
 * k-th does the trigger ask for the whole tie (WITH TIES).
 */
static void
search_sql(FeedConfig *cfg, bool opp, const char *ext, AttrNumber other_id,
		   AttrNumber other_profile, AttrNumber open_att)
{
	const char *id_col = quote_identifier(get_attname(cfg->other_relid, other_id, false));
	const char *prof_col = quote_identifier(get_attname(cfg->other_relid, other_profile, false));
	const char *table = quote_qualified_identifier(get_namespace_name(get_rel_namespace(cfg->other_relid)),
												   get_rel_name(cfg->other_relid));
	StringInfoData scan,
				sql;
	Oid			other_id_type = get_atttype(cfg->other_relid, other_id);
	bool		orderable = OidIsValid(lookup_type_cache(other_id_type, TYPECACHE_LT_OPR)->lt_opr);

	initStringInfo(&scan);
	appendStringInfo(&scan, "SELECT o.%s, ", id_col);
	if (opp)
		appendStringInfo(&scan, "o.%s OPERATOR(%s.<->) $1", prof_col, ext);
	else
		appendStringInfo(&scan, "$1 OPERATOR(%s.<->) o.%s", ext, prof_col);
	appendStringInfo(&scan, " FROM %s o WHERE o.%s IS NOT NULL", table, prof_col);
	if (open_att != InvalidAttrNumber)
		appendStringInfo(&scan, " AND o.%s",
						 quote_identifier(get_attname(cfg->other_relid, open_att, false)));
	appendStringInfoString(&scan, " ORDER BY 2");

	initStringInfo(&sql);
	appendStringInfo(&sql, "SELECT * FROM (%s LIMIT %d) s ORDER BY 2%s",
					 scan.data, cfg->k + 1, orderable ? ", 1" : "");
	cfg->search_sql = sql.data;
	if (orderable)
	{
		initStringInfo(&sql);
		appendStringInfo(&sql, "SELECT * FROM (%s FETCH FIRST %d ROWS WITH TIES) s ORDER BY 2, 1 LIMIT %d",
						 scan.data, cfg->k, cfg->k);
		cfg->ties_sql = sql.data;
	}
}

/*
 * The arguments fit the table's side: the other side's keys name only the
 * other table's columns, field keys describe this side, the keys every
 * trigger needs are there.  Whether fields to build a profile are named.
 */
static bool
check_keys(FeedConfig *cfg, char **vals, FeedKey other_key, FeedKey other_id_key,
		   FeedKey other_profile_key)
{
	bool		opp = cfg->side == FEED_OPPORTUNITIES;
	bool		has_fields = false;

	for (FeedKey k = K_OFFER_ID; k <= K_OPPORTUNITY_PROFILE; k++)
		if (vals[k] != NULL && k != other_id_key && k != other_profile_key && k != other_key)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("match_feed argument \"%s\" goes with \"%s\", not \"%s\"", key_names[k],
							opp ? "opportunities" : "offers", key_names[other_key])));
	for (int f = 0; f < (int) lengthof(fields); f++)
	{
		if (vals[fields[f].key] == NULL)
			continue;
		if (!(fields[f].sides & SIDE(cfg->side)))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("match_feed argument \"%s\" describes %s, but this table holds %s",
							key_names[fields[f].key], opp ? "an offer" : "an opportunity",
							opp ? "opportunities" : "offers"),
					 errdetail("The table holds %s because the trigger names %s=%s.",
							   opp ? "opportunities" : "offers", key_names[other_key], vals[other_key])));
		has_fields = true;
	}
	{
		FeedKey		required[] = {K_ID, other_id_key, other_profile_key};

		for (int i = 0; i < (int) lengthof(required); i++)
			if (vals[required[i]] == NULL)
				ereport(ERROR,
						(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						 errmsg("match_feed argument \"%s\" is missing", key_names[required[i]])));
	}
	return has_fields;
}

/*
 * Citus: a feed on a distributed or reference table (or Citus local table)
 * would fire on whichever node holds the shard, and a listener on the
 * coordinator would hear nothing; the trigger on a shard is refused for the
 * same reason.  What works is the table with the trigger a plain table on
 * the coordinator, the table it searches distributed.  Citus's catalog is
 * read only when it exists, by name, so this costs nothing without Citus.
 * SPI must be connected.
 */
static void
refuse_citus_table(Oid relid)
{
	Oid			argtypes[4] = {OIDOID, INT8OID, OIDOID, TEXTOID};
	Datum		args[4];
	char		nulls[4] = {' ', 'n', ' ', ' '};
	const char *relname = get_rel_name(relid);
	const char *suffix = strrchr(relname, '_');
	const char *kind = NULL;
	const char *logical = NULL;

	if (!OidIsValid(get_relname_relid("pg_dist_partition", PG_CATALOG_NAMESPACE)) ||
		!OidIsValid(get_relname_relid("pg_dist_shard", PG_CATALOG_NAMESPACE)))
		return;

	/*
	 * The table itself, or the table a shard belongs to: a shard is named
	 * <table>_<shardid> in its table's schema.  The name comes from the
	 * relcache, not from a query on pg_class, which Citus filters to hide
	 * shards.
	 */
	args[0] = ObjectIdGetDatum(relid);
	args[1] = (Datum) 0;
	if (suffix != NULL && suffix[1] != '\0' && strspn(suffix + 1, "0123456789") == strlen(suffix + 1) &&
		strlen(suffix + 1) <= 18)
	{
		args[1] = Int64GetDatum(strtoll(suffix + 1, NULL, 10));
		nulls[1] = ' ';
	}
	args[2] = ObjectIdGetDatum(get_rel_namespace(relid));
	args[3] = CStringGetTextDatum(relname);
	if (SPI_execute_with_args(
							  "SELECT CASE WHEN p.partmethod OPERATOR(pg_catalog.=) 'n'"
							  "            THEN CASE WHEN p.repmodel OPERATOR(pg_catalog.=) 't'"
							  "                      THEN 'Citus reference' ELSE 'Citus local' END"
							  "            ELSE 'Citus distributed' END,"
							  "       NULL::pg_catalog.text"
							  "  FROM pg_catalog.pg_dist_partition p"
							  " WHERE p.logicalrelid OPERATOR(pg_catalog.=) $1"
							  " UNION ALL "
							  "SELECT 'shard', s.logicalrelid::pg_catalog.regclass::pg_catalog.text"
							  "  FROM pg_catalog.pg_dist_shard s, pg_catalog.pg_class l"
							  " WHERE s.shardid OPERATOR(pg_catalog.=) $2"
							  "   AND l.oid OPERATOR(pg_catalog.=) s.logicalrelid"
							  "   AND l.relnamespace OPERATOR(pg_catalog.=) $3"
							  "   AND $4 OPERATOR(pg_catalog.=)"
							  "       (l.relname::pg_catalog.text OPERATOR(pg_catalog.||) '_' OPERATOR(pg_catalog.||) s.shardid::pg_catalog.text)"
							  " LIMIT 1",
							  4, argtypes, args, nulls, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "match_feed: reading the Citus catalog failed");
	if (SPI_processed == 0)
		return;
	kind = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1);
	logical = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 2);
	if (logical != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("match_feed cannot be attached to \"%s\", a shard of the Citus table %s",
						relname, logical),
				 errdetail("A trigger on a shard fires on the node holding the shard; a listener on the coordinator would hear nothing."),
				 errhint("Keep the table with the trigger a local table on the coordinator; the table it searches may be distributed "
						 "(for example, opportunities local with the trigger and offers=, offers distributed).")));
	ereport(ERROR,
			(errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
			 errmsg("match_feed cannot be attached to \"%s\", a %s table",
					relname, kind),
			 errdetail("Its rows are written on the nodes holding its shards, whose notifications a listener on the coordinator would not hear."),
			 errhint("Keep the table with the trigger a local table on the coordinator; the table it searches may be distributed "
					 "(for example, opportunities local with the trigger and offers=, offers distributed).")));
}

FeedConfig *
feed_config(Relation rel, Oid extnsp, int nargs, char **args)
{
	FeedConfig *cfg = palloc0(sizeof(FeedConfig));
	char	   *vals[K_COUNT] = {0};
	Oid			relid = RelationGetRelid(rel);
	Oid			demand = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										 CStringGetDatum("demand"), ObjectIdGetDatum(extnsp));
	Oid			supply = GetSysCacheOid2(TYPENAMENSP, Anum_pg_type_oid,
										 CStringGetDatum("supply"), ObjectIdGetDatum(extnsp));
	const char *ext = quote_identifier(get_namespace_name(extnsp));
	bool		opp;
	bool		has_fields = false;
	FeedKey		other_key,
				other_id_key,
				other_profile_key;
	AttrNumber	other_id,
				other_profile,
				open_att = InvalidAttrNumber;

	if (!OidIsValid(demand) || !OidIsValid(supply))
		elog(ERROR, "type demand or supply is missing from the extension's schema");
	parse_args(nargs, args, vals);
	refuse_citus_table(relid);

	/* which side the table is on: the other table says */
	if ((vals[K_OFFERS] != NULL) == (vals[K_OPPORTUNITIES] != NULL))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match_feed needs exactly one of the arguments \"offers\" and \"opportunities\""),
				 errdetail("On a table of opportunities, offers=schema.table names the offers to search; "
						   "on a table of offers, opportunities=schema.table names the opportunities.")));
	opp = vals[K_OFFERS] != NULL;
	cfg->side = opp ? FEED_OPPORTUNITIES : FEED_OFFERS;
	cfg->relid = relid;
	cfg->row_key = opp ? "opportunity" : "offer";
	cfg->list_key = opp ? "offers" : "opportunities";
	other_key = opp ? K_OFFERS : K_OPPORTUNITIES;
	other_id_key = opp ? K_OFFER_ID : K_OPPORTUNITY_ID;
	other_profile_key = opp ? K_OFFER_PROFILE : K_OPPORTUNITY_PROFILE;
	has_fields = check_keys(cfg, vals, other_key, other_id_key, other_profile_key);

	/* the row */
	cfg->id_att = typed_column(relid, K_ID, vals[K_ID], InvalidOid);
	cfg->profile_type = opp ? demand : supply;
	if (vals[K_PROFILE] != NULL && has_fields)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match_feed takes either \"profile\" or the columns to build it from, not both")));
	if (vals[K_PROFILE] != NULL)
		cfg->profile_att = typed_column(relid, K_PROFILE, vals[K_PROFILE], cfg->profile_type);
	else if (has_fields)
		build_profile_sql(cfg, relid, vals, extnsp, ext);
	else
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match_feed argument \"profile\" is missing"),
				 errhint(opp ? "Name a column of type %s with profile=, or the columns to build it from "
						 "with sectors=, text=, budget=, region=, trl=, deadline=." :
						 "Name a column of type %s with profile=, or the columns to build it from "
						 "with sectors=, text=, price=, regions=, trl=, available=.",
						 format_type_be(cfg->profile_type))));

	/* the table searched */
	cfg->other_relid = table_of(other_key, vals[other_key]);
	other_id = typed_column(cfg->other_relid, other_id_key, vals[other_id_key], InvalidOid);
	other_profile = typed_column(cfg->other_relid, other_profile_key, vals[other_profile_key],
								 opp ? supply : demand);
	if (vals[K_OPEN] != NULL)
		open_att = typed_column(cfg->other_relid, K_OPEN, vals[K_OPEN], BOOLOID);

	cfg->k = vals[K_K] ? int_arg(K_K, vals[K_K], 1, FEED_MAX_K) : FEED_DEFAULT_K;
	cfg->min_score = vals[K_MIN_SCORE] ? score_arg(K_MIN_SCORE, vals[K_MIN_SCORE]) : 0.0;
	if (vals[K_CHANNEL] != NULL && strlen(vals[K_CHANNEL]) >= NAMEDATALEN)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("match_feed channel name is too long: \"%s\"", vals[K_CHANNEL]),
				 errdetail("A channel name has at most %d bytes.", NAMEDATALEN - 1)));
	strlcpy(cfg->channel, vals[K_CHANNEL] ? vals[K_CHANNEL] : FEED_DEFAULT_CHANNEL, NAMEDATALEN);

	search_sql(cfg, opp, ext, other_id, other_profile, open_att);
	return cfg;
}

void
feed_check_events(const char *trigname, uint16 tgtype)
{
	if (!TRIGGER_FOR_ROW(tgtype) || !TRIGGER_FOR_AFTER(tgtype) ||
		TRIGGER_FOR_DELETE(tgtype) || TRIGGER_FOR_TRUNCATE(tgtype))
		ereport(ERROR,
				(errcode(ERRCODE_E_R_I_E_TRIGGER_PROTOCOL_VIOLATED),
				 errmsg("trigger \"%s\" cannot call match_feed", trigname),
				 errdetail("match_feed must be fired AFTER INSERT or UPDATE (or both), FOR EACH ROW.")));
}
