/*
 * match_profile.c
 *	  Building, validating, parsing and printing matching profiles.
 *
 * One validator serves every way in: the text input, binary receive and the
 * constructor functions all fill a ProfileFields and call profile_build,
 * which checks every field and precomputes what scoring needs.  The text
 * form is a list of key=value pairs in a fixed order, missing fields left
 * out, so output is canonical and reads back to the same value:
 *
 *   demand: sectors={gbt4754:C3963,gd:K01} budget=500000 region=440300 trl=6 deadline=2026-06-30 text="..."
 *   supply: sectors={...} price=450000 regions={440300,440000} trl=7 available=2026-03-01 text="..."
 */
#include "match.h"

#include <math.h>

#include "datatype/timestamp.h"
#include "mb/pg_wchar.h"
#include "textio.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/datetime.h"
#include "utils/date.h"
#include "utils/varlena.h"

static int
cmp_u64(const void *a, const void *b)
{
	uint64		x = *(const uint64 *) a,
				y = *(const uint64 *) b;

	return x < y ? -1 : x > y;
}

int64
profile_money_from_float(float8 v, const char *what)
{
	if (isnan(v) || isinf(v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a finite number: \"%g\"", what, v)));
	if (v < 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s must not be negative: \"%g\"", what, v)));
	if (v * 100.0 >= (double) PROFILE_MAX_FEN)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range: \"%g\"", what, v),
				 errdetail("Amounts are RMB below 10^15, kept to the fen (0.01).")));
	return (int64) rint(v * 100.0);
}

char *
profile_money_out(int64 fen)
{
	if (fen % 100 == 0)
		return psprintf(INT64_FORMAT, fen / 100);
	if (fen % 10 == 0)
		return psprintf(INT64_FORMAT ".%d", fen / 100, (int) (fen % 100) / 10);
	return psprintf(INT64_FORMAT ".%02d", fen / 100, (int) (fen % 100));
}

void
profile_check_trl(int v)
{
	if (v < 1 || v > 9)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("technology readiness level out of range: \"%d\"", v),
				 errdetail("A TRL is an integer from 1 to 9.")));
}

void
profile_check_date(int32 d, const char *what)
{
	int			y,
				m,
				day;

	if (DATE_NOT_FINITE(d) || !IS_VALID_DATE(d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a finite date", what)));
	/* the text form is YYYY-MM-DD: recv must not accept what in cannot read */
	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	if (y < 1 || y > 9999)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("%s must be a date from year 1 to 9999", what)));
}

/* ISO 8601 whatever the DateStyle: output must not depend on settings. */
char *
date_iso(int32 d)
{
	StringInfoData buf;

	initStringInfo(&buf);
	textio_append_date(&buf, d);
	return buf.data;
}

/*
 * Crosswalk targets of the (sorted, unique) sectors: a gd cluster stands
 * for the GB/T 4754 codes it covers, so the sector criterion compares
 * across taxonomies.  Kept sorted, without the sectors themselves.
 */
static int
crosswalk_targets(const ProfileFields *f, uint64 **out)
{
	uint64	   *xs = palloc(PROFILE_MAX_XSECTORS * sizeof(uint64));
	int			nx = 0,
				i,
				j;

	for (i = 0; i < f->nsectors; i++)
		nx += msector_crosswalk(f->sectors[i], xs + nx, PROFILE_MAX_XSECTORS - nx);
	qsort(xs, nx, sizeof(uint64), cmp_u64);
	for (i = 0, j = 0; i < nx; i++)
		if ((j == 0 || xs[j - 1] != xs[i]) &&
			!bsearch(&xs[i], f->sectors, f->nsectors, sizeof(uint64), cmp_u64))
			xs[j++] = xs[i];
	*out = xs;
	return j;
}

Profile *
profile_build(ProfileFields *f)
{
	ProfileFeature *feat = NULL;
	int			nf = 0,
				ns = 0,
				nx,
				i;
	uint64	   *xs;
	Size		size;
	Profile    *p;

	if (f->has_money && (f->money < 0 || f->money >= PROFILE_MAX_FEN))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("amount out of range: \"" INT64_FORMAT "\" fen", f->money)));
	if (f->has_trl)
		profile_check_trl(f->trl);
	if (f->has_date)
		profile_check_date(f->date, f->kind == PROFILE_DEMAND ? "deadline" : "available");
	if (f->regions >> REGION_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown region in profile")));
	if (f->kind == PROFILE_DEMAND && (f->regions & (f->regions - 1)) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a demand profile names at most one region")));
	if (f->nsectors < 0 || f->nsectors > PROFILE_MAX_SECTORS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a profile holds at most %d sectors", PROFILE_MAX_SECTORS)));
	qsort(f->sectors, f->nsectors, sizeof(uint64), cmp_u64);
	for (i = 0; i < f->nsectors; i++)
		if (ns == 0 || f->sectors[ns - 1] != f->sectors[i])
			f->sectors[ns++] = f->sectors[i];
	f->nsectors = ns;

	nx = crosswalk_targets(f, &xs);
	if (f->text)
	{
		if (f->textlen > PROFILE_MAX_TEXT)
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("profile text is too long (%d bytes)", f->textlen),
					 errdetail("The limit is %d bytes.", PROFILE_MAX_TEXT)));
		pg_verify_mbstr(PG_UTF8, f->text, f->textlen, false);
		if (memchr(f->text, '\0', f->textlen))
			ereport(ERROR,
					(errcode(ERRCODE_CHARACTER_NOT_IN_REPERTOIRE),
					 errmsg("profile text contains a NUL byte")));
		nf = text_features(f->text, f->textlen, &feat);
	}

	size = PROFILE_SIZE(ns + nx, nf, f->text ? f->textlen : 0);
	p = palloc0(size);
	SET_VARSIZE(p, size);
	p->version = PROFILE_VERSION;
	p->kind = f->kind;
	p->flags = (f->has_money ? PF_MONEY : 0) | (f->has_trl ? PF_TRL : 0) |
		(f->has_date ? PF_DATE : 0) | (f->text ? PF_TEXT : 0);
	p->trl = f->has_trl ? f->trl : 0;
	p->regions = f->regions;
	p->date = f->has_date ? f->date : 0;
	p->money = f->has_money ? f->money : 0;
	p->nsectors = ns;
	p->nxsectors = nx;
	p->nfeatures = nf;
	p->textlen = f->text ? f->textlen : 0;
	memcpy(PROFILE_SECTORS(p), f->sectors, ns * sizeof(uint64));
	memcpy(PROFILE_SECTORS(p) + ns, xs, nx * sizeof(uint64));
	if (nf)
		memcpy(PROFILE_FEATURES(p), feat, nf * sizeof(ProfileFeature));
	if (f->text)
		memcpy(PROFILE_TEXT(p), f->text, f->textlen);
	return p;
}

void
profile_fields(const Profile *p, ProfileFields *f)
{
	memset(f, 0, sizeof(*f));
	f->kind = p->kind;
	f->nsectors = p->nsectors;
	memcpy(f->sectors, PROFILE_SECTORS(p), p->nsectors * sizeof(uint64));
	f->has_money = (p->flags & PF_MONEY) != 0;
	f->money = p->money;
	f->regions = p->regions;
	f->has_trl = (p->flags & PF_TRL) != 0;
	f->trl = p->trl;
	f->has_date = (p->flags & PF_DATE) != 0;
	f->date = p->date;
	if (p->flags & PF_TEXT)
	{
		f->text = PROFILE_TEXT(p);
		f->textlen = p->textlen;
	}
}

/* Cheap structural check of a stored value before it is read. */
void
profile_validate(const Profile *p)
{
	if (VARSIZE(p) < sizeof(Profile) || p->version != PROFILE_VERSION ||
		(p->kind != PROFILE_DEMAND && p->kind != PROFILE_SUPPLY) ||
		VARSIZE(p) != PROFILE_SIZE(PROFILE_NALLSECTORS(p), p->nfeatures, p->textlen))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("invalid matching profile value (format version %d)", p->version)));
}

/* ---- text form ---- */

/* A bare value runs to the next space (or a stop character); its bounds. */
static void
bare_value(TextCursor *c, const char **s, int *len, const char *stop)
{
	*len = textio_token(c, stop, s);
	if (*len == 0)
		textio_error(c, "A value is missing");
}

/* A decimal number filling a bare value (nan and infinity left to callers). */
static double
number_value(TextCursor *c)
{
	const char *s;
	int			len;
	double		v;

	bare_value(c, &s, &len, "");
	if (textio_nonfinite(s, len, &v))
		return v;
	c->p = s;
	if (!textio_float8(c, &v) || c->p != s + len)
	{
		c->p = s;
		textio_error(c, "A number is expected");
	}
	return v;
}

/*
 * A money amount in fen.  Plain decimals with at most two decimal places
 * (the spelling the output writes) are read exactly; other spellings
 * (exponents, more decimals) go through float8 and are rounded to the fen.
 * Reading the output's spelling exactly keeps in(out(v)) = v up to the
 * 10^15 RMB limit, past the 2^53 exactness of a double (found by fuzzing
 * recv: amounts near the limit came back a few fen off).
 */
static int64
money_value(TextCursor *c, const char *what)
{
	const char *start = c->p;
	const char *s;
	int			len;
	int64		units = 0;
	int64		frac = 0;
	int			nunits,
				nfrac = 0;

	bare_value(c, &s, &len, "");
	c->p = s;
	nunits = textio_digits(c, 16, &units);
	if (nunits > 0 && *c->p == '.')
	{
		c->p++;
		nfrac = textio_digits(c, 2, &frac);
		if (nfrac == 0)
			nunits = 0;
	}
	if (nunits > 0 && c->p == s + len && units < PROFILE_MAX_FEN / 100)
		return units * 100 + (nfrac == 1 ? frac * 10 : frac);
	c->p = start;
	return profile_money_from_float(number_value(c), what);
}

static void
parse_list(TextCursor *c, ProfileFields *f, bool sectors)
{
	if (*c->p != '{')
		textio_error(c, "A list in braces is expected");
	c->p++;
	while (*c->p != '}')
	{
		const char *s;
		int			len;

		bare_value(c, &s, &len, ",}");
		if (sectors)
		{
			if (f->nsectors >= PROFILE_MAX_SECTORS)
				ereport(ERROR,
						(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
						 errmsg("a profile holds at most %d sectors", PROFILE_MAX_SECTORS)));
			f->sectors[f->nsectors++] = msector_parse(s, len);
		}
		else
			f->regions |= 1u << region_parse(s, len);
		if (*c->p == ',')
			c->p++;
		else if (*c->p != '}')
			textio_error(c, "A comma or closing brace is expected");
	}
	c->p++;
}

static void
parse_quoted(TextCursor *c, ProfileFields *f)
{
	StringInfoData b;

	if (*c->p != '"')
		textio_error(c, "A double-quoted text is expected");
	initStringInfo(&b);
	c->p++;
	while (*c->p != '"')
	{
		if (*c->p == '\0')
			textio_error(c, "The text has no closing quote");
		if (*c->p == '\\')
		{
			c->p++;
			if (*c->p != '"' && *c->p != '\\')
				textio_error(c, "Only \\\" and \\\\ are escapes");
		}
		appendStringInfoChar(&b, *c->p++);
	}
	c->p++;
	f->text = b.data;
	f->textlen = b.len;
}

static void
parse_trl(TextCursor *c, ProfileFields *f)
{
	double		v = number_value(c);

	if (v != floor(v))
		textio_error(c, "A TRL is an integer");
	if (v < 1 || v > 9)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("technology readiness level out of range: \"%g\"", v),
				 errdetail("A TRL is an integer from 1 to 9.")));
	f->has_trl = true;
	f->trl = (int) v;
}

/* YYYY-MM-DD filling a bare value; the year's range is profile_build's */
static void
parse_date(TextCursor *c, ProfileFields *f)
{
	const char *s;
	int			len,
				y,
				m,
				d;

	bare_value(c, &s, &len, "");
	c->p = s;
	if (!textio_ymd(c, &y, &m, &d) || c->p != s + len || !textio_day_exists(y, m, d))
	{
		c->p = s;
		textio_error(c, "A date is written YYYY-MM-DD");
	}
	f->has_date = true;
	f->date = date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
}

/* The value of the i-th key of the kind's list (see profile_parse). */
static void
parse_field(TextCursor *c, ProfileFields *f, int i)
{
	bool		demand = (f->kind == PROFILE_DEMAND);
	const char *s;
	int			len;

	switch (i)
	{
		case 0:
			parse_list(c, f, true);
			break;
		case 1:
			f->has_money = true;
			f->money = money_value(c, demand ? "budget" : "price");
			break;
		case 2:
			if (!demand)
				parse_list(c, f, false);
			else
			{
				bare_value(c, &s, &len, "");
				f->regions = 1u << region_parse(s, len);
			}
			break;
		case 3:
			parse_trl(c, f);
			break;
		case 4:
			parse_date(c, f);
			break;
		case 5:
			parse_quoted(c, f);
			break;
	}
}

static const char *const demand_keys[] = {"sectors", "budget", "region", "trl", "deadline", "text"};
static const char *const supply_keys[] = {"sectors", "price", "regions", "trl", "available", "text"};

/*
 * The key at the cursor is none of the kind's: say which word was read,
 * list the keys, and suggest one when the word is the other kind's key
 * for the same field (price in a demand) or a near miss (budjet).
 */
static void pg_attribute_noreturn()
unknown_key(TextCursor *c, char kind)
{
	bool		demand = (kind == PROFILE_DEMAND);
	const char *const *keys = demand ? demand_keys : supply_keys;
	const char *const *other = demand ? supply_keys : demand_keys;
	const char *what = demand ? "demand" : "supply";
	const char *list = demand ? "sectors, budget, region, trl, deadline and text" :
		"sectors, price, regions, trl, available and text";
	const char *k;
	int			klen = textio_token(c, "=", &k),
				best = -1,
				bestd = 3,
				i;
	char		word[33];

	c->p = k;
	/* keys are words: anything else is a missing key, not a strange one */
	if (klen == 0 || !((k[0] >= 'a' && k[0] <= 'z') || (k[0] >= 'A' && k[0] <= 'Z')))
		textio_error_hint(c, "A key is expected",
						  psprintf("The keys of a %s are %s.", what, list));
	/* compare in lower case; a long word is no near miss of a short key */
	for (i = 0; i < klen && i < (int) sizeof(word) - 1; i++)
		word[i] = pg_ascii_tolower((unsigned char) k[i]);
	word[i] = '\0';
	for (i = 0; i < 6 && klen < (int) sizeof(word); i++)
	{
		int			d;

		if (strcmp(word, other[i]) == 0)
			textio_error_hint(c, psprintf("Unknown key \"%s\"", pnstrdup(k, klen)),
							  psprintf("\"%s\" is a key of a %s; a %s's is \"%s\". The keys of a %s are %s.",
									   other[i], demand ? "supply" : "demand", what, keys[i], what, list));
		d = varstr_levenshtein_less_equal(word, klen, keys[i], strlen(keys[i]),
										  1, 1, 1, 2, true);
		if (d < bestd && 3 * d <= (int) strlen(keys[i]))
			best = i, bestd = d;
	}
	textio_error_hint(c, psprintf("Unknown key \"%s\"", pnstrdup(k, pg_mbcliplen(k, klen, 32))),
					  best >= 0 ?
					  psprintf("Perhaps you meant \"%s\". The keys of a %s are %s.", keys[best], what, list) :
					  psprintf("The keys of a %s are %s.", what, list));
}

Profile *
profile_parse(const char *str, char kind)
{
	const char *const *keys = kind == PROFILE_DEMAND ? demand_keys : supply_keys;
	TextCursor	c;
	ProfileFields f;
	int			seen = 0;

	textio_init(&c, str, kind == PROFILE_DEMAND ? "demand" : "supply");
	memset(&f, 0, sizeof(f));
	f.kind = kind;
	while (!textio_at_end(&c))
	{
		const char *k;
		int			klen = textio_word(&c, &k),
					i;

		for (i = 0; i < 6; i++)
			if ((int) strlen(keys[i]) == klen && memcmp(keys[i], k, klen) == 0)
				break;
		c.p = k;
		if (i == 6)
			unknown_key(&c, kind);
		if (seen & (1 << i))
			textio_error(&c, "A key is repeated");
		seen |= 1 << i;
		c.p += klen;
		if (*c.p != '=')
			textio_error(&c, "\"=\" is expected after a key");
		c.p++;
		parse_field(&c, &f, i);
		if (!textio_at_break(&c))
			textio_error(&c, "A space is expected between fields");
	}
	return profile_build(&f);
}

static void
append_quoted(StringInfo b, const char *s, int len)
{
	int			i;

	appendStringInfoChar(b, '"');
	for (i = 0; i < len; i++)
	{
		if (s[i] == '"' || s[i] == '\\')
			appendStringInfoChar(b, '\\');
		appendStringInfoChar(b, s[i]);
	}
	appendStringInfoChar(b, '"');
}

char *
profile_out(const Profile *p)
{
	StringInfoData b;
	bool		d = p->kind == PROFILE_DEMAND;
	const char *sep = "";
	int			i;

	initStringInfo(&b);
	if (p->nsectors)
	{
		appendStringInfoString(&b, "sectors={");
		for (i = 0; i < p->nsectors; i++)
			appendStringInfo(&b, "%s%s", i ? "," : "", msector_out(PROFILE_SECTORS(p)[i]));
		appendStringInfoChar(&b, '}');
		sep = " ";
	}
	if (p->flags & PF_MONEY)
	{
		appendStringInfo(&b, "%s%s=%s", sep, d ? "budget" : "price", profile_money_out(p->money));
		sep = " ";
	}
	if (p->regions)
	{
		bool		first = true;

		appendStringInfo(&b, "%s%s", sep, d ? "region=" : "regions={");
		for (i = 0; i < REGION_COUNT; i++)
			if (p->regions & (1u << i))
			{
				appendStringInfo(&b, "%s%d", first ? "" : ",", region_code(i));
				first = false;
			}
		if (!d)
			appendStringInfoChar(&b, '}');
		sep = " ";
	}
	if (p->flags & PF_TRL)
	{
		appendStringInfo(&b, "%strl=%d", sep, p->trl);
		sep = " ";
	}
	if (p->flags & PF_DATE)
	{
		appendStringInfo(&b, "%s%s=%s", sep, d ? "deadline" : "available", date_iso(p->date));
		sep = " ";
	}
	if (p->flags & PF_TEXT)
	{
		appendStringInfo(&b, "%stext=", sep);
		append_quoted(&b, PROFILE_TEXT(p), p->textlen);
	}
	return b.data;
}

char *
profile_to_json(const Profile *p)
{
	StringInfoData b;
	bool		d = p->kind == PROFILE_DEMAND;
	int			i;
	bool		first = true;

	initStringInfo(&b);
	appendStringInfoString(&b, "{\"sectors\": [");
	for (i = 0; i < p->nsectors; i++)
	{
		appendStringInfoString(&b, i ? ", " : "");
		escape_json(&b, msector_out(PROFILE_SECTORS(p)[i]));
	}
	appendStringInfo(&b, "], \"%s\": %s", d ? "budget" : "price",
					 (p->flags & PF_MONEY) ? profile_money_out(p->money) : "null");
	appendStringInfo(&b, ", \"%s\": ", d ? "region" : "regions");
	if (!d)
		appendStringInfoChar(&b, '[');
	for (i = 0; i < REGION_COUNT; i++)
		if (p->regions & (1u << i))
		{
			appendStringInfo(&b, "%s\"%d\"", first ? "" : ", ", region_code(i));
			first = false;
		}
	if (!d)
		appendStringInfoChar(&b, ']');
	else if (first)
		appendStringInfoString(&b, "null");
	if (p->flags & PF_TRL)
		appendStringInfo(&b, ", \"trl\": %d", p->trl);
	else
		appendStringInfoString(&b, ", \"trl\": null");
	appendStringInfo(&b, ", \"%s\": ", d ? "deadline" : "available");
	if (p->flags & PF_DATE)
		appendStringInfo(&b, "\"%s\"", date_iso(p->date));
	else
		appendStringInfoString(&b, "null");
	appendStringInfoString(&b, ", \"text\": ");
	if (p->flags & PF_TEXT)
		escape_json(&b, pnstrdup(PROFILE_TEXT(p), p->textlen));
	else
		appendStringInfoString(&b, "null");
	appendStringInfoChar(&b, '}');
	return b.data;
}
