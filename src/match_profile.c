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
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/datetime.h"
#include "utils/date.h"

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
	int			y,
				m,
				day;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &day);
	return psprintf("%04d-%02d-%02d", y, m, day);
}

Profile *
profile_build(ProfileFields *f)
{
	ProfileFeature *feat = NULL;
	int			nf = 0,
				ns = 0,
				nx = 0,
				i,
				j;
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

	/*
	 * Crosswalk targets (a gd cluster stands for the GB/T 4754 codes it
	 * covers), so the sector criterion compares across taxonomies; kept
	 * sorted, without the sectors themselves.
	 */
	xs = palloc(PROFILE_MAX_XSECTORS * sizeof(uint64));
	for (i = 0; i < ns; i++)
		nx += msector_crosswalk(f->sectors[i], xs + nx, PROFILE_MAX_XSECTORS - nx);
	qsort(xs, nx, sizeof(uint64), cmp_u64);
	for (i = 0, j = 0; i < nx; i++)
		if ((j == 0 || xs[j - 1] != xs[i]) &&
			!bsearch(&xs[i], f->sectors, ns, sizeof(uint64), cmp_u64))
			xs[j++] = xs[i];
	nx = j;
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

typedef struct Cursor
{
	const char *str;			/* whole input, for messages */
	const char *p;
	char		kind;
} Cursor;

pg_attribute_noreturn()
static void
syntax_error(Cursor *c, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"",
					c->kind == PROFILE_DEMAND ? "demand" : "supply", c->str),
			 errdetail("%s at character %d.", detail, (int) (c->p - c->str) + 1)));
}

/* A bare value runs to the next space; its bounds go to *s, *len. */
static void
bare_value(Cursor *c, const char **s, int *len, const char *stop)
{
	*s = c->p;
	while (*c->p && !isspace((unsigned char) *c->p) && !strchr(stop, *c->p))
		c->p++;
	*len = c->p - *s;
	if (*len == 0)
		syntax_error(c, "A value is missing");
}

static double
number_value(Cursor *c)
{
	const char *s;
	int			len;
	char	   *tmp,
			   *end;
	double		v;

	bare_value(c, &s, &len, "");
	tmp = pnstrdup(s, len);
	errno = 0;
	v = strtod(tmp, &end);
	/* decimal only (strtod would also read hexadecimal) */
	if (*end != '\0' || strpbrk(tmp, "xXpP") != NULL)
	{
		c->p = s;
		syntax_error(c, "A number is expected");
	}
	if (errno == ERANGE && v != 0)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("number out of range: \"%s\"", tmp)));
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
money_value(Cursor *c, const char *what)
{
	const char *start = c->p;
	const char *s;
	int			len;
	int			i = 0;
	int64		units = 0;
	int			frac = 0;
	int			nfrac = 0;

	bare_value(c, &s, &len, "");
	while (i < len && s[i] >= '0' && s[i] <= '9' && units < PROFILE_MAX_FEN / 100)
		units = units * 10 + (s[i++] - '0');
	if (i > 0 && i < len && s[i] == '.')
	{
		i++;
		while (i < len && s[i] >= '0' && s[i] <= '9' && nfrac < 2)
		{
			frac = frac * 10 + (s[i++] - '0');
			nfrac++;
		}
		if (nfrac == 0)
			i = -1;
	}
	if (i > 0 && i == len && units < PROFILE_MAX_FEN / 100)
		return units * 100 + (nfrac == 1 ? frac * 10 : frac);
	c->p = start;
	return profile_money_from_float(number_value(c), what);
}

static void
parse_list(Cursor *c, ProfileFields *f, bool sectors)
{
	if (*c->p != '{')
		syntax_error(c, "A list in braces is expected");
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
			syntax_error(c, "A comma or closing brace is expected");
	}
	c->p++;
}

static void
parse_quoted(Cursor *c, ProfileFields *f)
{
	StringInfoData b;

	if (*c->p != '"')
		syntax_error(c, "A double-quoted text is expected");
	initStringInfo(&b);
	c->p++;
	while (*c->p != '"')
	{
		if (*c->p == '\0')
			syntax_error(c, "The text has no closing quote");
		if (*c->p == '\\')
		{
			c->p++;
			if (*c->p != '"' && *c->p != '\\')
				syntax_error(c, "Only \\\" and \\\\ are escapes");
		}
		appendStringInfoChar(&b, *c->p++);
	}
	c->p++;
	f->text = b.data;
	f->textlen = b.len;
}

Profile *
profile_parse(const char *str, char kind)
{
	static const char *const dkeys[] = {"sectors", "budget", "region", "trl", "deadline", "text"};
	static const char *const skeys[] = {"sectors", "price", "regions", "trl", "available", "text"};
	const char *const *keys = kind == PROFILE_DEMAND ? dkeys : skeys;
	Cursor		c = {str, str, kind};
	ProfileFields f;
	int			seen = 0;

	memset(&f, 0, sizeof(f));
	f.kind = kind;
	for (;;)
	{
		const char *k;
		int			klen,
					i;

		while (isspace((unsigned char) *c.p))
			c.p++;
		if (*c.p == '\0')
			break;
		k = c.p;
		while (*c.p >= 'a' && *c.p <= 'z')
			c.p++;
		klen = c.p - k;
		for (i = 0; i < 6; i++)
			if ((int) strlen(keys[i]) == klen && memcmp(keys[i], k, klen) == 0)
				break;
		if (i == 6)
		{
			c.p = k;
			syntax_error(&c, "An unknown or missing key");
		}
		if (seen & (1 << i))
		{
			c.p = k;
			syntax_error(&c, "A key is repeated");
		}
		seen |= 1 << i;
		if (*c.p++ != '=')
		{
			c.p--;
			syntax_error(&c, "\"=\" is expected after a key");
		}
		switch (i)
		{
			case 0:
				parse_list(&c, &f, true);
				break;
			case 1:
				f.has_money = true;
				f.money = money_value(&c, kind == PROFILE_DEMAND ? "budget" : "price");
				break;
			case 2:
				if (kind == PROFILE_DEMAND)
				{
					const char *s;
					int			len;

					bare_value(&c, &s, &len, "");
					f.regions = 1u << region_parse(s, len);
				}
				else
					parse_list(&c, &f, false);
				break;
			case 3:
				{
					double		v = number_value(&c);

					if (v != floor(v))
						syntax_error(&c, "A TRL is an integer");
					if (v < 1 || v > 9)
						ereport(ERROR,
								(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
								 errmsg("technology readiness level out of range: \"%g\"", v),
								 errdetail("A TRL is an integer from 1 to 9.")));
					f.has_trl = true;
					f.trl = (int) v;
					break;
				}
			case 4:
				{
					const char *s;
					int			len,
								y = 0,
								m = 0,
								d = 0;
					char		tail;

					bare_value(&c, &s, &len, "");
					if (len != 10 || sscanf(pnstrdup(s, len), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 ||
						m < 1 || m > 12 || d < 1 || d > day_tab[isleap(y)][m - 1] ||
						!IS_VALID_JULIAN(y, m, d))
					{
						c.p = s;
						syntax_error(&c, "A date is written YYYY-MM-DD");
					}
					f.has_date = true;
					f.date = date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
					break;
				}
			case 5:
				parse_quoted(&c, &f);
				break;
		}
		if (*c.p && !isspace((unsigned char) *c.p))
			syntax_error(&c, "A space is expected between fields");
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
