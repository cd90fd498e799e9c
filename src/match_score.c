/*
 * match_score.c
 *	  match_score and match_explain: six criteria, each a documented curve in
 *	  [0, 1], and the rule that combines them.
 *
 * Curves (docs/match.md repeats them):
 *   sector  best sector similarity over the pairs of the two sides' sectors
 *           (the specificity of their lowest common sector, match_sector.c)
 *   text    cosine of the IDF-weighted term vectors (match_text.c)
 *   money   1 when budget >= price; linear from 1 at budget = price down to
 *           0 at budget = price / 2 (20% under the price scores 0.6)
 *   region  region_score (match_region.c): 1 served, 0.7 part of the
 *           province, 0.5 same zone, 0.2 elsewhere in Guangdong
 *   trl     1 when the offered TRL reaches the required one, else 0
 *   time    1 when available on or before the deadline; linear down to 0 at
 *           90 days late
 *
 * Combination: a criterion one side lacks is unknown and earns nothing (its
 * prior is 0); the score is the weight the known criteria earn over the
 * whole weight, so a sparse profile never outranks a complete one that
 * matches as well on what they share, and coverage (the known share of the
 * weight) is the most a pair can score.  Sector and text are relevance and
 * gate the four logistics criteria: those count in full once relevance
 * reaches GATE and in proportion below, so an unrelated offer gets nothing
 * from a good price and date.  The score is non-decreasing in every
 * criterion, which is what lets the GiST bound (match_gist.c) plug per
 * criterion upper bounds into combine_scores.
 */
#include "match.h"

#include <math.h>

#include "port/pg_bitutils.h"
#include "textio.h"
#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"
#include "utils/numeric.h"

const char *const criterion_names[NCRITERIA] = {"sector", "text", "money", "region", "trl", "time"};
const double default_weights[NCRITERIA] = {0.25, 0.35, 0.10, 0.10, 0.10, 0.10};

#define LATE_DAYS 90.0

double
money_score(int64 budget, int64 price)
{
	double		r;

	if (budget >= price)
		return 1.0;
	r = (double) budget / (double) price;
	return r <= 0.5 ? 0.0 : (r - 0.5) / 0.5;
}

double
trl_score(int required, int offered)
{
	return offered >= required ? 1.0 : 0.0;
}

double
time_score(int32 deadline, int32 available)
{
	double		slack = (double) deadline - (double) available;

	if (slack >= 0)
		return 1.0;
	return slack <= -LATE_DAYS ? 0.0 : 1.0 + slack / LATE_DAYS;
}

/* Does the demand ask about relevance (a weighted sector or text)? */
static bool
relevance_asked(const Profile *d, const double *w)
{
	return (w[CRIT_SECTOR] > 0 && d->nsectors > 0) ||
		(w[CRIT_TEXT] > 0 && d->nfeatures > 0);
}

/*
 * The gate on the logistics criteria: 1 when the demand asks nothing about
 * relevance, else min(1, R / GATE) where R is the weighted mean of the sector
 * and text scores the demand asks about (unknown: 0).
 */
double
relevance_gate(const Profile *d, const double *w, const double *s)
{
	double		num = 0,
				den = 0;

	if (!relevance_asked(d, w))
		return 1.0;
	if (d->nsectors > 0)
	{
		num += w[CRIT_SECTOR] * s[CRIT_SECTOR];
		den += w[CRIT_SECTOR];
	}
	if (d->nfeatures > 0)
	{
		num += w[CRIT_TEXT] * s[CRIT_TEXT];
		den += w[CRIT_TEXT];
	}
	return Min(1.0, num / den / MATCH_GATE);
}

static inline bool
is_relevance(int c)
{
	return c == CRIT_SECTOR || c == CRIT_TEXT;
}

/*
 * The weight each criterion gets in the score (its weight over the total,
 * times the gate for logistics; 0 when unknown).  Returns the score.
 */
double
applied_weights(const Profile *d, const double *w, const double *s,
				const bool *present, double *applied)
{
	double		total = 0,
				gate,
				score = 0,
				known[NCRITERIA];
	int			c;

	for (c = 0; c < NCRITERIA; c++)
	{
		total += w[c];
		known[c] = present[c] ? s[c] : 0.0;
	}
	gate = relevance_gate(d, w, known);
	for (c = 0; c < NCRITERIA; c++)
	{
		applied[c] = present[c] && w[c] > 0 ?
			w[c] / total * (is_relevance(c) ? 1.0 : gate) : 0.0;
		score += applied[c] * known[c];
	}
	return Min(1.0, score);
}

double
combine_scores(const Profile *d, const double *w, const double *s, const bool *present)
{
	double		applied[NCRITERIA];

	return applied_weights(d, w, s, present, applied);
}

/* The share of the weight both sides have data for. */
double
coverage(const double *w, const bool *present)
{
	double		total = 0,
				known = 0;
	int			c;

	for (c = 0; c < NCRITERIA; c++)
	{
		total += w[c];
		if (present[c])
			known += w[c];
	}
	return total > 0 ? known / total : 0.0;
}

/*
 * How specific the source of each crosswalk target of p can be: the most
 * specific of p's own sectors in another taxonomy than the target (the
 * crosswalks only link taxonomies, and a profile usually has one code per
 * taxonomy, so this is the target's source).  A target stands for its
 * source: gd:K01 (a cluster) reaches GB/T class C3963, but only as far as a
 * cluster is specific.
 */
double
target_cap(const Profile *p, uint64 target)
{
	const uint64 *own = PROFILE_SECTORS(p);
	double		cap = 0;
	int			i;

	for (i = 0; i < p->nsectors; i++)
		if (!msector_same_taxonomy(own[i], target))
			cap = Max(cap, msector_specificity(own[i]));
	return cap;
}

static double
sector_score(const Profile *d, const Profile *s, int *bi, int *bj)
{
	const uint64 *a = PROFILE_SECTORS(d),
			   *b = PROFILE_SECTORS(s);
	double		best = -1;
	int			i,
				j;

	for (i = 0; i < PROFILE_NALLSECTORS(d); i++)
	{
		double		capd = i < d->nsectors ? 1.0 : target_cap(d, a[i]);

		for (j = 0; j < PROFILE_NALLSECTORS(s); j++)
		{
			double		v;

			/*
			 * Crosswalks bridge taxonomies: a target meets the other side's
			 * own sectors, never the other side's targets (two codes in one
			 * broad cluster are not the same sector).
			 */
			if (i >= d->nsectors && j >= s->nsectors)
				continue;
			v = msector_similarity(a[i], b[j]);
			if (v > 0 && i >= d->nsectors)
				v = Min(v, capd);
			else if (v > 0 && j >= s->nsectors)
				v = Min(v, target_cap(s, b[j]));

			if (v > best)
			{
				best = v;
				if (bi)
					*bi = i, *bj = j;
			}
		}
	}
	return best;
}

double
profile_score(const Profile *d, const Profile *s, const double *w,
			  double *crit, bool *present)
{
	present[CRIT_SECTOR] = d->nsectors && s->nsectors;
	present[CRIT_TEXT] = d->nfeatures && s->nfeatures;
	present[CRIT_MONEY] = (d->flags & s->flags & PF_MONEY) != 0;
	present[CRIT_REGION] = d->regions && s->regions;
	present[CRIT_TRL] = (d->flags & s->flags & PF_TRL) != 0;
	present[CRIT_TIME] = (d->flags & s->flags & PF_DATE) != 0;
	memset(crit, 0, NCRITERIA * sizeof(double));
	if (present[CRIT_SECTOR])
		crit[CRIT_SECTOR] = sector_score(d, s, NULL, NULL);
	if (present[CRIT_TEXT])
		crit[CRIT_TEXT] = text_cosine(PROFILE_FEATURES(d), d->nfeatures,
									  PROFILE_FEATURES(s), s->nfeatures);
	if (present[CRIT_MONEY])
		crit[CRIT_MONEY] = money_score(d->money, s->money);
	if (present[CRIT_REGION])
		crit[CRIT_REGION] = region_score(d->regions, s->regions, NULL, NULL);
	if (present[CRIT_TRL])
		crit[CRIT_TRL] = trl_score(d->trl, s->trl);
	if (present[CRIT_TIME])
		crit[CRIT_TIME] = time_score(d->date, s->date);
	return combine_scores(d, w, crit, present);
}

/* Weights: defaults, overridden by the keys of a jsonb object. */
void
weights_from_jsonb(Jsonb *jb, double *w)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	double		sum = 0;
	int			c;

	memcpy(w, default_weights, sizeof(default_weights));
	if (jb == NULL)
		return;
	if (!JB_ROOT_IS_OBJECT(jb))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must be a jsonb object"),
				 errdetail("Keys are criteria (sector, text, money, region, trl, time), values non-negative numbers.")));
	it = JsonbIteratorInit(&jb->root);
	while ((tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		char	   *key;
		double		x;

		if (tok != WJB_KEY)
			continue;
		key = pnstrdup(v.val.string.val, v.val.string.len);
		for (c = 0; c < NCRITERIA; c++)
			if (strcmp(key, criterion_names[c]) == 0)
				break;
		if (c == NCRITERIA)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown criterion in weights: \"%s\"", key),
					 errdetail("Criteria are sector, text, money, region, trl and time.")));
		tok = JsonbIteratorNext(&it, &v, true);
		if (tok != WJB_VALUE || v.type != jbvNumeric)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight of \"%s\" must be a number", key)));
		x = DatumGetFloat8(DirectFunctionCall1(numeric_float8,
											   NumericGetDatum(v.val.numeric)));
		if (isnan(x) || isinf(x) || x < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weight of \"%s\" must be a finite non-negative number: \"%g\"", key, x)));
		w[c] = x;
	}
	for (c = 0; c < NCRITERIA; c++)
		sum += w[c];
	if (isinf(sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("weights out of range: their sum overflows double precision"),
				 errdetail("Weights are relative; scale them down (1 and 1 weigh as 1e308 and 1e308 would).")));
	if (!(sum > 0))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("weights must not all be zero")));
}

static void
check_pair(Profile *d, Profile *s)
{
	profile_validate(d);
	profile_validate(s);
	if (d->kind != PROFILE_DEMAND || s->kind != PROFILE_SUPPLY)
		elog(ERROR, "match: arguments are not a demand and a supply profile");
}

/*
 * The required criteria, from a text[] of criterion names: a bit mask.
 * A required criterion turns into a filter: the pair scores 0 unless the
 * criterion is known and met (see required_met).
 */
static uint8
required_from_array(ArrayType *arr)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n,
				i,
				c;
	uint8		mask = 0;

	if (ARR_NDIM(arr) > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("required criteria must be a one-dimensional array")));
	deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, &nulls, &n);
	for (i = 0; i < n; i++)
	{
		char	   *name;

		if (nulls[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("required criteria must not be null")));
		name = TextDatumGetCString(elems[i]);
		for (c = 0; c < NCRITERIA; c++)
			if (strcmp(name, criterion_names[c]) == 0)
				break;
		if (c == NCRITERIA)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown criterion in required: \"%s\"", name),
					 errdetail("Criteria are sector, text, money, region, trl and time.")));
		mask |= 1 << c;
	}
	return mask;
}

/*
 * Is a required criterion met?  It must be known; sector and text must
 * score above 0 (some common sector, some shared term), the logistics
 * criteria 1 (within budget, served, mature enough, on time).
 */
static bool
required_met(int c, const double *crit, const bool *present)
{
	if (!present[c])
		return false;
	return is_relevance(c) ? crit[c] > 0 : crit[c] >= 1.0;
}

/* The first required criterion the pair misses, or -1. */
static int
required_missed(uint8 required, const double *crit, const bool *present)
{
	int			c;

	for (c = 0; c < NCRITERIA; c++)
		if ((required & (1 << c)) && !required_met(c, crit, present))
			return c;
	return -1;
}

/* Weights (3rd argument) and required criteria (4th), when given. */
static void
call_options(FunctionCallInfo fcinfo, double *w, uint8 *required)
{
	weights_from_jsonb(PG_NARGS() > 2 ? PG_GETARG_JSONB_P(2) : NULL, w);
	*required = PG_NARGS() > 3 ? required_from_array(PG_GETARG_ARRAYTYPE_P(3)) : 0;
}

PG_FUNCTION_INFO_V1(match_score);
Datum
match_score(PG_FUNCTION_ARGS)
{
	Profile    *d = PG_GETARG_PROFILE_P(0);
	Profile    *s = PG_GETARG_PROFILE_P(1);
	double		w[NCRITERIA],
				crit[NCRITERIA],
				score;
	bool		present[NCRITERIA];
	uint8		required;

	check_pair(d, s);
	call_options(fcinfo, w, &required);
	score = profile_score(d, s, w, crit, present);
	if (required_missed(required, crit, present) >= 0)
		score = 0;
	PG_RETURN_FLOAT8(score);
}

PG_FUNCTION_INFO_V1(match_coverage);
Datum
match_coverage(PG_FUNCTION_ARGS)
{
	Profile    *d = PG_GETARG_PROFILE_P(0);
	Profile    *s = PG_GETARG_PROFILE_P(1);
	double		w[NCRITERIA],
				crit[NCRITERIA];
	bool		present[NCRITERIA];

	check_pair(d, s);
	weights_from_jsonb(PG_NARGS() > 2 ? PG_GETARG_JSONB_P(2) : NULL, w);
	profile_score(d, s, w, crit, present);
	PG_RETURN_FLOAT8(coverage(w, present));
}


/* Feature weight of hash h in a sorted feature array, 0 when absent. */
static float4
feature_weight(const ProfileFeature *f, int n, uint32 h)
{
	int			lo = 0,
				hi = n - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (f[mid].hash == h)
			return f[mid].weight;
		if (f[mid].hash < h)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return 0;
}

typedef struct Phrase
{
	char	   *str;
	double		contrib;
} Phrase;

static int
cmp_phrase(const void *a, const void *b)
{
	const Phrase *x = a,
			   *y = b;

	if (x->contrib != y->contrib)
		return x->contrib > y->contrib ? -1 : 1;
	return strcmp(x->str, y->str);
}

/*
 * The terms both texts share, as phrases of the demand's text: overlapping
 * shared CJK bigrams join into one phrase (无人 + 人机 = 无人机), ranked by
 * their share of the cosine.
 */
static void
append_shared_terms(StringInfo b, const Profile *d, const Profile *s)
{
	TextTerm   *t;
	int			n = text_terms(PROFILE_TEXT(d), d->textlen, &t);
	Phrase	   *ph = palloc((n + 1) * sizeof(Phrase));
	int			np = 0,
				i,
				k;

	for (i = 0; i < n;)
	{
		double		contrib;
		const char *start,
				   *end;
		int			j;

		if (feature_weight(PROFILE_FEATURES(s), s->nfeatures, t[i].hash) == 0)
		{
			i++;
			continue;
		}
		start = t[i].str;
		end = t[i].str + t[i].len;
		contrib = 0;
		for (j = i; j < n; j++)
		{
			if (j > i && (t[j].str >= end ||
						  feature_weight(PROFILE_FEATURES(s), s->nfeatures, t[j].hash) == 0))
				break;
			contrib += feature_weight(PROFILE_FEATURES(d), d->nfeatures, t[j].hash) *
				feature_weight(PROFILE_FEATURES(s), s->nfeatures, t[j].hash);
			end = t[j].str + t[j].len;
		}
		ph[np].str = pnstrdup(start, end - start);
		for (k = 0; k < np; k++)
			if (strcmp(ph[k].str, ph[np].str) == 0)
				break;
		if (k == np)
			ph[np++].contrib = contrib;
		i = j;
	}
	qsort(ph, np, sizeof(Phrase), cmp_phrase);
	appendStringInfoString(b, "{\"shared_terms\": [");
	/* a phrase inside one already listed adds nothing to read */
	for (i = 0, k = 0; i < np && k < 10; i++)
	{
		int			j;

		for (j = 0; j < i; j++)
			if (ph[j].str && strstr(ph[j].str, ph[i].str))
				break;
		if (j < i)
		{
			ph[i].str = NULL;
			continue;
		}
		appendStringInfoString(b, k++ ? ", " : "");
		escape_json(b, ph[i].str);
	}
	appendStringInfoString(b, "]}");
}

/* The profile's own sector that sector idx is, or is a crosswalk target of. */
static uint64
origin_sector(const Profile *p, int idx)
{
	uint64		v = PROFILE_SECTORS(p)[idx];
	uint64	   *xs;
	int			i,
				k,
				n;

	if (idx < p->nsectors)
		return v;
	xs = palloc(PROFILE_MAX_XSECTORS * sizeof(uint64));
	for (i = 0; i < p->nsectors; i++)
	{
		n = msector_crosswalk(PROFILE_SECTORS(p)[i], xs, PROFILE_MAX_XSECTORS);
		for (k = 0; k < n; k++)
			if (xs[k] == v)
				return PROFILE_SECTORS(p)[i];
	}
	elog(ERROR, "match: crosswalk target without a source in profile");
	return v;
}

static void
append_evidence(StringInfo b, int c, const Profile *d, const Profile *s)
{
	switch (c)
	{
		case CRIT_SECTOR:
			{
				int			i = 0,
							j = 0;
				uint64		l;

				sector_score(d, s, &i, &j);
				appendStringInfoString(b, "{\"demand\": ");
				escape_json(b, msector_out(origin_sector(d, i)));
				appendStringInfoString(b, ", \"supply\": ");
				escape_json(b, msector_out(origin_sector(s, j)));
				if (i >= d->nsectors || j >= s->nsectors)
				{
					/* the best pair came through a crosswalk: show it */
					appendStringInfoString(b, ", \"via_crosswalk\": [");
					escape_json(b, msector_out(PROFILE_SECTORS(d)[i]));
					appendStringInfoString(b, ", ");
					escape_json(b, msector_out(PROFILE_SECTORS(s)[j]));
					appendStringInfoChar(b, ']');
				}
				appendStringInfoString(b, ", \"lowest_common\": ");
				if (msector_lca(PROFILE_SECTORS(d)[i], PROFILE_SECTORS(s)[j], &l))
					escape_json(b, msector_out(l));
				else
					appendStringInfoString(b, "null");
				appendStringInfoChar(b, '}');
				break;
			}
		case CRIT_TEXT:
			append_shared_terms(b, d, s);
			break;
		case CRIT_MONEY:
			appendStringInfo(b, "{\"budget\": %s, \"price\": %s, \"ratio\": ",
							 profile_money_out(d->money), profile_money_out(s->money));
			if (s->money > 0)
				textio_append_float8(b, round((double) d->money / s->money * 1000) / 1000);
			else
				appendStringInfoString(b, "null");
			appendStringInfoChar(b, '}');
			break;
		case CRIT_REGION:
			{
				const char *rel;
				int			i,
							j = 0;

				region_score(d->regions, s->regions, &rel, &j);
				for (i = 0; i < REGION_COUNT; i++)
					if (d->regions & (1u << i))
						appendStringInfo(b, "{\"demand\": \"%d\"", region_code(i));
				appendStringInfo(b, ", \"supply\": \"%d\", \"served\": %d, \"relation\": \"%s\"}",
								 region_code(j), pg_popcount32(s->regions), rel);
				break;
			}
		case CRIT_TRL:
			appendStringInfo(b, "{\"required\": %d, \"offered\": %d, \"gap\": %d}",
							 d->trl, s->trl, (int) s->trl - (int) d->trl);
			break;
		case CRIT_TIME:
			appendStringInfo(b, "{\"deadline\": \"%s\", \"available\": \"%s\", \"slack_days\": %d}",
							 date_iso(d->date), date_iso(s->date), d->date - s->date);
			break;
	}
}

static bool
side_has(const Profile *p, int c)
{
	switch (c)
	{
		case CRIT_SECTOR:
			return p->nsectors > 0;
		case CRIT_TEXT:
			return p->nfeatures > 0;
		case CRIT_MONEY:
			return (p->flags & PF_MONEY) != 0;
		case CRIT_REGION:
			return p->regions != 0;
		case CRIT_TRL:
			return (p->flags & PF_TRL) != 0;
		default:
			return (p->flags & PF_DATE) != 0;
	}
}

PG_FUNCTION_INFO_V1(match_explain);
Datum
match_explain(PG_FUNCTION_ARGS)
{
	Profile    *d = PG_GETARG_PROFILE_P(0);
	Profile    *s = PG_GETARG_PROFILE_P(1);
	double		w[NCRITERIA],
				crit[NCRITERIA],
				applied[NCRITERIA],
				score;
	bool		present[NCRITERIA];
	uint8		required;
	int			missed,
				c;
	StringInfoData b;

	check_pair(d, s);
	call_options(fcinfo, w, &required);
	profile_score(d, s, w, crit, present);
	score = applied_weights(d, w, crit, present, applied);
	missed = required_missed(required, crit, present);
	if (missed >= 0)
		score = 0;

	initStringInfo(&b);
	appendStringInfoString(&b, "{\"score\": ");
	textio_append_float8(&b, score);
	appendStringInfoString(&b, ", \"coverage\": ");
	textio_append_float8(&b, round(coverage(w, present) * 1e6) / 1e6);
	appendStringInfoString(&b, ", \"relevance_gate\": ");
	textio_append_float8(&b, round(relevance_gate(d, w, crit) * 1e6) / 1e6);
	if (required)
	{
		int			k = 0;

		appendStringInfoString(&b, ", \"required\": [");
		for (c = 0; c < NCRITERIA; c++)
			if (required & (1 << c))
				appendStringInfo(&b, "%s\"%s\"", k++ ? ", " : "", criterion_names[c]);
		appendStringInfoString(&b, "], \"required_missed\": ");
		if (missed >= 0)
			appendStringInfo(&b, "\"%s\"", criterion_names[missed]);
		else
			appendStringInfoString(&b, "null");
	}
	appendStringInfoString(&b, ", \"criteria\": {");
	for (c = 0; c < NCRITERIA; c++)
	{
		appendStringInfo(&b, "%s\"%s\": {\"score\": ", c ? ", " : "", criterion_names[c]);
		if (present[c])
			textio_append_float8(&b, crit[c]);
		else
			appendStringInfoString(&b, "null");
		appendStringInfoString(&b, ", \"weight\": ");
		textio_append_float8(&b, w[c]);
		appendStringInfoString(&b, ", \"applied\": ");
		textio_append_float8(&b, round(applied[c] * 1e6) / 1e6);
		appendStringInfoString(&b, ", \"evidence\": ");
		if (present[c])
			append_evidence(&b, c, d, s);
		else
		{
			bool		hd = side_has(d, c),
						hs = side_has(s, c);

			appendStringInfo(&b, "{\"missing\": \"%s\"}",
							 !hd && !hs ? "both" : !hd ? "demand" : "supply");
		}
		appendStringInfoChar(&b, '}');
	}
	appendStringInfoString(&b, "}}");
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(b.data));
}
