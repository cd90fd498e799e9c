/*
 * target_io.c
 *	  The target type: its grammar (one parser for text input and for the
 *	  validation of binary input), canonical output, accessors, comparison.
 *
 * Grammar (keywords and units are case-insensitive; see docs/target.md):
 *
 *	target  = op number [multiplier] [unit] (window | period) ["at" number]
 *			  ["in" zone]
 *	op      = ">=" | "≥" | "at least" | "不少于" | "不低于"
 *			| "<=" | "≤" | "at most" | "不超过" | "不高于"
 *	number  = decimal, digit groups allowed (1,000 or 1,000,000.5)
 *	multiplier = "thousand" | "million" | "billion" | "万" | "亿" (folded in)
 *	unit    = a name of target_units, a noun also singular, RMB or 元 for CNY
 *	window  = "by" date "from" date | "from" date "by" date
 *	period  = "per" ("year" | "quarter" | "month")
 *	date    = YYYY-MM-DD (years 0001..9999)
 *	zone    = a time zone name of target_zone.c's list, any case (the days
 *			  counted are that zone's; default Asia/Shanghai)
 *
 * Only ">=" and "<=" are stored: a bare ">" or "<" is refused with a hint.
 *
 * Canonical output: op goal [unit] ("by" due "from" start | "per" period)
 * [" at " baseline, only when not 0] [" in " zone, only when not the
 * default], numbers in the shortest form that reads back to the same
 * float8.  So every target without a zone prints, sends and hashes as
 * before zones existed.
 */
#include "target.h"

#include <ctype.h>
#include <math.h>

#include "access/hash.h"
#include "datatype/timestamp.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/datetime.h"

/*
 * Known units, stored by position + 1: append only, never reorder.
 * Currencies (ISO 4217) print upper case, counting nouns lower case.
 */
static const char *const target_units[] = {
	"CNY", "USD", "EUR", "HKD", "MOP", "GBP", "JPY",
	"items", "zones", "uses", "projects", "firms", "events"
};
#define N_UNITS ((int) lengthof(target_units))
#define FIRST_NOUN	7			/* target_units[7..]: nouns, also read singular */
#define UNIT_CNY	1

static const char *const target_periods[] = {NULL, "year", "quarter", "month"};

/* what every syntax error's hint shows */
#define TARGET_SHAPE_HINT \
	"Write \">= 10 zones by 2027-12-31 from 2024-01-01\" or \">= 3 per quarter\"."

/* the words that open a target, and the operator each means */
typedef struct OpWord
{
	const char *word;
	uint8		op;
} OpWord;

static const OpWord target_op_words[] = {
	{">=", TARGET_GE}, {"≥", TARGET_GE}, {"不少于", TARGET_GE},
	{"不低于", TARGET_GE},
	{"<=", TARGET_LE}, {"≤", TARGET_LE}, {"不超过", TARGET_LE},
	{"不高于", TARGET_LE}
};

/* multipliers folded into the number as a power of ten */
typedef struct Multiplier
{
	const char *word;
	int			exp10;
} Multiplier;

static const Multiplier target_multipliers[] = {
	{"万", 4}, {"亿", 8},
	{"thousand", 3}, {"million", 6}, {"billion", 9}
};

/* other spellings of a unit: RMB and yuan for CNY */
static const struct
{
	const char *word;
	int			unit;
}			target_unit_aliases[] = {
	{"RMB", UNIT_CNY}, {"元", UNIT_CNY}
};

static void
syntax_error(TextCursor *c, const char *detail)
{
	textio_error_hint(c, detail, TARGET_SHAPE_HINT);
}

/*
 * The next run of non-space characters (at most 63 kept) into word: the
 * grammar is words separated by white space.
 */
static void
next_word(TextCursor *c, char *word)
{
	const char *start;
	int			n = textio_token(c, "", &start);

	n = Min(n, 63);
	memcpy(word, start, n);
	word[n] = '\0';
}

static bool
all_alpha(const char *w)
{
	for (; *w; w++)
		if (!isalpha((unsigned char) *w))
			return false;
	return true;
}

/* a word of letters: ASCII letters or any non-ASCII (CJK) character */
static bool
is_word_start(char ch)
{
	return isalpha((unsigned char) ch) || IS_HIGHBIT_SET(ch);
}

/* every character a letter: ASCII or non-ASCII (CJK) */
static bool
all_letters(const char *w)
{
	for (; *w; w++)
		if (!is_word_start(*w))
			return false;
	return true;
}

/* The text starts with prefix (byte-wise, or ASCII case-insensitive). */
static bool
has_prefix(const char *text, const char *prefix)
{
	return pg_strncasecmp(text, prefix, strlen(prefix)) == 0;
}

/*
 * A multiplier at the cursor (after optional space): 万 and 亿 may run on
 * into the unit (亿元), the English words stand alone.  Returns the power
 * of ten and moves past it, or 0 with the cursor unchanged.
 */
static int
scan_multiplier(TextCursor *c)
{
	const char *at = c->p;
	int			i;

	textio_skip_space(c);
	for (i = 0; i < (int) lengthof(target_multipliers); i++)
	{
		const Multiplier *m = &target_multipliers[i];
		const char *after = c->p + strlen(m->word);

		if (has_prefix(c->p, m->word) &&
			(IS_HIGHBIT_SET(m->word[0]) || *after == '\0' || textio_isspace(*after)))
		{
			c->p = after;
			return m->exp10;
		}
	}
	c->p = at;
	return 0;
}

/*
 * The goal or the baseline: a decimal number with optional digit groups
 * (1,000 or 1,000,000.5: three digits after every comma, commas only before
 * the point) and an optional multiplier folded in (4 billion = 4e9, 40 亿 =
 * 4e9): the digits are read once with the power of ten added to their
 * exponent, so "40 亿" and "4e9" are the same float8.  nan and infinity are
 * 22023, beyond float8 22003.
 */
static float8
scan_number(TextCursor *c, const char *what)
{
	const char *at = c->p;
	StringInfoData digits;
	const char *p;
	const char *end;
	bool		grouped = false;
	int			exp10 = 0;
	int			k;
	char		word[64];
	float8		v;
	TextCursor	num;

	next_word(c, word);
	if (textio_nonfinite(word, strlen(word), &v))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target %s must be finite: \"%s\"", what, c->input)));
	c->p = at;
	if (word[0] == '\0')
		syntax_error(c, psprintf("The %s is missing", what));

	/* the number ends at white space or where CJK text (万, 亿, 元) starts */
	for (end = at; *end && !textio_isspace(*end) && !IS_HIGHBIT_SET(*end); end++)
		;
	initStringInfo(&digits);
	p = at;
	if (*p == '+' || *p == '-')
		appendStringInfoChar(&digits, *p++);
	k = 0;
	while (p < end && textio_isdigit(*p))
		appendStringInfoChar(&digits, *p++), k++;
	while (p < end && *p == ',' && k >= 1 && (grouped || k <= 3) &&
		   end - p >= 4 && textio_isdigit(p[1]) && textio_isdigit(p[2]) &&
		   textio_isdigit(p[3]) && (p + 4 == end || !textio_isdigit(p[4])))
	{
		appendBinaryStringInfo(&digits, p + 1, 3);
		p += 4;
		grouped = true;
	}
	if (p < end && *p == ',')
	{
		c->p = p;
		syntax_error(c, psprintf("The %s has a misplaced comma (digit groups are 1,000 or 1,000,000.5)", what));
	}
	appendBinaryStringInfo(&digits, p, end - p);
	textio_init(&num, digits.data, "target");
	if (textio_scan_float8(&num, &v) == TEXTIO_NONE || *num.p != '\0')
		syntax_error(c, psprintf("The %s must be a number", what));
	c->p = end;
	exp10 = scan_multiplier(c);
	if (exp10 != 0)
	{
		/* add the multiplier's power of ten to the number's own exponent */
		char	   *e = strpbrk(digits.data, "eE");
		long		own = 0;

		if (e != NULL)
		{
			own = strtol(e + 1, NULL, 10);
			own = Max(Min(own, 100000), -100000);
			*e = '\0';
		}
		digits.len = strlen(digits.data);
		appendStringInfo(&digits, "e%ld", own + exp10);
	}
	textio_init(&num, digits.data, "target");
	if (textio_scan_float8(&num, &v) == TEXTIO_OUT_OF_RANGE)
		textio_out_of_range(c, psprintf("The number \"%s\" is out of range for type double precision.",
										pnstrdup(at, c->p - at)));
	if (!textio_at_break(c) && !IS_HIGHBIT_SET(*c->p))
		syntax_error(c, psprintf("The %s must be a number", what));
	if (v == 0)
		v = 0;					/* no negative zero: equal values, equal bytes */
	return v;
}

/*
 * YYYY-MM-DD at the cursor.  Returns false (cursor unchanged) when it is
 * not of that shape; raises 22008 when it is but names no day of years
 * 1..9999.
 */
bool
target_scan_day(TextCursor *c, DateADT *result)
{
	int			y,
				m,
				d;

	if (!textio_ymd(c, &y, &m, &d))
		return false;
	if (y < TARGET_MIN_YEAR || !textio_day_exists(y, m, d))
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
				 errmsg("date out of range in %s: \"%s\"", c->type, c->input),
				 errdetail("Dates are YYYY-MM-DD days of the years 0001 to 9999.")));
	*result = date2j(y, m, d) - POSTGRES_EPOCH_JDATE;
	return true;
}

/*
 * The checks shared by text and binary input: everything a target must
 * satisfy beyond its shape.  what names the input for messages.
 */
void
target_validate(Target *t, const char *what)
{
	/* no negative zero: equal targets are equal bytes (hashing relies on it) */
	if (t->goal == 0)
		t->goal = 0;
	if (t->baseline == 0)
		t->baseline = 0;
	if (t->version != TARGET_VERSION)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported target version %d", t->version)));
	if (t->op != TARGET_GE && t->op != TARGET_LE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid target operator code %d in \"%s\"", t->op, what)));
	if (t->period > TARGET_MONTH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid target period code %d in \"%s\"", t->period, what)));
	if (t->unit > N_UNITS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid target unit code %d in \"%s\"", t->unit, what)));
	if (isnan(t->goal) || isinf(t->goal) || isnan(t->baseline) || isinf(t->baseline))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target goal and baseline must be finite: \"%s\"", what)));
	if (t->goal <= t->baseline)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("target goal must exceed its baseline: \"%s\"", what),
				 errdetail("Targets count events up from the baseline; a goal of %g from %g leaves nothing to count.",
						   t->goal, t->baseline)));
	if (t->period == TARGET_WINDOW)
	{
		DateADT		lo = date2j(TARGET_MIN_YEAR, 1, 1) - POSTGRES_EPOCH_JDATE;
		DateADT		hi = date2j(TARGET_MAX_YEAR, 12, 31) - POSTGRES_EPOCH_JDATE;

		if (t->start < lo || t->start > hi || t->due < lo || t->due > hi)
			ereport(ERROR,
					(errcode(ERRCODE_DATETIME_FIELD_OVERFLOW),
					 errmsg("date out of range in target: \"%s\"", what)));
		if (t->due < t->start)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("target due day is before its start: \"%s\"", what)));
		if (t->due == t->start)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("target window has zero length: \"%s\"", what),
					 errdetail("A window runs from the start of its first day to the end of its due day; give a due day after the start.")));
	}
	else if (t->start != 0 || t->due != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a per-period target has no start or due day: \"%s\"", what)));
	if (!target_zone_valid(t->zone))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("invalid target time zone code %d in \"%s\"", t->zone, what)));
}

/* The word is a keyword of the clauses. */
static bool
is_keyword(const char *w)
{
	return pg_strcasecmp(w, "by") == 0 || pg_strcasecmp(w, "from") == 0 ||
		pg_strcasecmp(w, "per") == 0 || pg_strcasecmp(w, "at") == 0 ||
		pg_strcasecmp(w, "in") == 0;
}

/* The text starts with a period's name as a whole word (year, quarter, month). */
static bool
is_period_word(const char *p)
{
	int			i;

	for (i = 1; i <= TARGET_MONTH; i++)
	{
		size_t		n = strlen(target_periods[i]);

		if (pg_strncasecmp(p, target_periods[i], n) == 0 &&
			(p[n] == '\0' || textio_isspace(p[n])))
			return true;
	}
	return false;
}

/* The unit a word names (index + 1), or 0: names, aliases, singular nouns. */
static int
unit_of_word(const char *w)
{
	int			i;
	size_t		len = strlen(w);

	for (i = 0; i < N_UNITS; i++)
	{
		const char *u = target_units[i];

		if (pg_strcasecmp(w, u) == 0 ||
			(i >= FIRST_NOUN && len > 0 && len + 1 == strlen(u) &&
			 pg_strncasecmp(w, u, len) == 0))
			return i + 1;
	}
	for (i = 0; i < (int) lengthof(target_unit_aliases); i++)
		if (pg_strcasecmp(w, target_unit_aliases[i].word) == 0)
			return target_unit_aliases[i].unit;
	return 0;
}

/*
 * An optional unit: any word that is not a keyword.  A word followed by a
 * date or a period is a keyword misspelt ("until 2027-12-31", "every
 * year"), not a unit.
 */
static void
scan_unit(TextCursor *c, Target *t)
{
	const char *at;
	char		word[64];
	TextCursor	after;

	textio_skip_space(c);
	at = c->p;
	next_word(c, word);
	if (word[0] == '\0' || !is_word_start(word[0]) || is_keyword(word))
	{
		c->p = at;
		return;
	}
	t->unit = unit_of_word(word);
	if (t->unit != 0)
		return;
	after = *c;
	textio_skip_space(&after);
	if (!all_letters(word) || textio_isdigit(*after.p) || is_period_word(after.p))
	{
		c->p = at;
		syntax_error(c, psprintf("Unexpected \"%s\" (a unit, by, from, per, at or in expected)", word));
	}
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown unit \"%s\" in target \"%s\"", word, c->input),
			 errhint("Known units: CNY (also RMB, 元), USD, EUR, HKD, MOP, GBP, JPY, items, zones, uses, projects, firms, events (singular or plural).")));
}

/* "per" year|quarter|month, the cursor after "per" */
static void
scan_period(TextCursor *c, Target *t)
{
	char		word[64];
	const char *at;
	int			i;

	textio_skip_space(c);
	at = c->p;
	next_word(c, word);
	if (word[0] == '\0' || !all_alpha(word))
	{
		c->p = at;
		textio_error(c, "Expected year, quarter or month after \"per\"");
	}
	for (i = 1; i <= TARGET_MONTH; i++)
		if (pg_strcasecmp(word, target_periods[i]) == 0)
			break;
	if (i > TARGET_MONTH)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown period \"%s\" in target \"%s\"", word, c->input),
				 errhint("Periods are year, quarter and month.")));
	t->period = i;
}

/*
 * "in" zone, the cursor after "in": a name of target_zone.c's list (any
 * case) that the server's time zone data knows (22023 otherwise).
 */
static void
scan_zone(TextCursor *c, Target *t)
{
	const char *start;
	int			n;

	textio_skip_space(c);
	n = textio_token(c, "", &start);
	if (n == 0 || is_keyword(pnstrdup(start, n)))
	{
		c->p = start;
		textio_error(c, "Expected a time zone name after \"in\"");
	}
	t->zone = target_zone_lookup(start, n);
	if (t->zone < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown time zone \"%s\" in target \"%s\"",
						pnstrdup(start, n), c->input),
				 errhint("Name a zone of the IANA time zone database, such as Asia/Shanghai (the default), Asia/Hong_Kong, Europe/Berlin or UTC (Etc/GMT-8 is a fixed UTC+8).")));
	(void) target_zone_tz(t->zone);
}

/* The clauses after the goal and unit: a window or a period, a baseline, a zone. */
static void
scan_clauses(TextCursor *c, Target *t)
{
	bool		has_by = false,
				has_from = false,
				has_at = false,
				has_in = false;
	char		word[64];

	while (!textio_at_end(c))
	{
		const char *at = c->p;

		next_word(c, word);
		if (pg_strcasecmp(word, "by") == 0 || pg_strcasecmp(word, "from") == 0)
		{
			bool		is_by = (word[0] == 'b' || word[0] == 'B');
			DateADT		d;

			if ((is_by ? has_by : has_from) || t->period != TARGET_WINDOW)
			{
				c->p = at;
				textio_error(c, psprintf("Unexpected \"%s\"", word));
			}
			textio_skip_space(c);
			if (!target_scan_day(c, &d) || !textio_at_break(c))
			{
				c->p = at + strlen(word);
				textio_skip_space(c);
				textio_error(c, "Expected a date YYYY-MM-DD");
			}
			if (is_by)
				has_by = true, t->due = d;
			else
				has_from = true, t->start = d;
		}
		else if (pg_strcasecmp(word, "per") == 0)
		{
			if (t->period != TARGET_WINDOW || has_by || has_from)
			{
				c->p = at;
				textio_error(c, "Unexpected \"per\": a target has either a window or a period");
			}
			scan_period(c, t);
		}
		else if (pg_strcasecmp(word, "at") == 0 && !has_at)
		{
			textio_skip_space(c);
			t->baseline = scan_number(c, "baseline");
			has_at = true;
		}
		else if (pg_strcasecmp(word, "in") == 0 && !has_in)
		{
			scan_zone(c, t);
			has_in = true;
		}
		else
		{
			c->p = at;
			syntax_error(c, psprintf("Unexpected \"%s\" (by, from, per, at or in expected)", word));
		}
	}
	if (t->period == TARGET_WINDOW && !(has_by && has_from))
		syntax_error(c, has_by ? "A \"by\" target needs \"from\" (the day counting starts)" :
					 "A target needs \"by <due> from <start>\" or \"per year|quarter|month\"");
}

/*
 * The operator: symbols, words or Chinese phrases (see target_op_words), or
 * "at least" / "at most".  A bare > or < is refused: a target is met at its
 * goal, and for amounts "> 4e9" has no ">=" equivalent to store.
 */
static void
scan_op(TextCursor *c, Target *t)
{
	int			i;

	for (i = 0; i < (int) lengthof(target_op_words); i++)
		if (has_prefix(c->p, target_op_words[i].word))
		{
			t->op = target_op_words[i].op;
			c->p += strlen(target_op_words[i].word);
			return;
		}
	if (has_prefix(c->p, "at") && textio_isspace(c->p[2]))
	{
		TextCursor	w = *c;
		int			ge;

		w.p += 2;
		textio_skip_space(&w);
		for (ge = 0; ge <= 1; ge++)
		{
			const char *word = ge ? "least" : "most";

			if (has_prefix(w.p, word) && !isalpha((unsigned char) w.p[strlen(word)]))
			{
				t->op = ge ? TARGET_GE : TARGET_LE;
				c->p = w.p + strlen(word);
				return;
			}
		}
	}
	if (*c->p == '>' || *c->p == '<')
		textio_error_hint(c, psprintf("\"%c\" is not a target operator", *c->p),
						  "A target is met at its goal: write \">=\" (at least) or \"<=\" (at most); for a count, \"> 9\" is \">= 10\".");
	syntax_error(c, "A target starts with \">=\", \"<=\", \"at least\" or \"at most\"");
}

/* Grammar (see the file's header): op goal [unit] clauses. */
void
target_parse(const char *str, Target *t)
{
	TextCursor	c;

	textio_init(&c, str, "target");
	memset(t, 0, sizeof(Target));
	t->version = TARGET_VERSION;
	textio_skip_space(&c);
	scan_op(&c, t);
	textio_skip_space(&c);
	t->goal = scan_number(&c, "goal");
	scan_unit(&c, t);
	scan_clauses(&c, t);
	target_validate(t, str);
}

char *
target_to_cstring(const Target *t)
{
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfoString(&buf, t->op == TARGET_GE ? ">= " : "<= ");
	textio_append_float8(&buf, t->goal);
	if (t->unit > 0)
		appendStringInfo(&buf, " %s", target_units[t->unit - 1]);
	if (t->period == TARGET_WINDOW)
	{
		appendStringInfoString(&buf, " by ");
		textio_append_date(&buf, t->due);
		appendStringInfoString(&buf, " from ");
		textio_append_date(&buf, t->start);
	}
	else
		appendStringInfo(&buf, " per %s", target_periods[t->period]);
	if (t->baseline != 0)
	{
		appendStringInfoString(&buf, " at ");
		textio_append_float8(&buf, t->baseline);
	}
	if (t->zone != 0)
		appendStringInfo(&buf, " in %s", target_zone_name(t->zone));
	return buf.data;
}

PG_FUNCTION_INFO_V1(target_in);
Datum
target_in(PG_FUNCTION_ARGS)
{
	Target	   *t = palloc(sizeof(Target));

	target_parse(PG_GETARG_CSTRING(0), t);
	PG_RETURN_TARGET_P(t);
}

PG_FUNCTION_INFO_V1(target_out);
Datum
target_out(PG_FUNCTION_ARGS)
{
	PG_RETURN_CSTRING(target_to_cstring(PG_GETARG_TARGET_P(0)));
}

/*
 * The binary form (also inside tracking's): version, op, period, unit
 * bytes; start, due int4; goal, baseline float8; in version 2 only, the
 * zone's name as a NUL-terminated string.  A target in the default zone is
 * sent as version 1, the form from before zones, which reads as the default
 * zone.  Reading checks the version and the zone: target_validate checks
 * the rest.
 */
#define TARGET_WIRE_ZONE	2	/* wire version of a target with a zone */

void
target_send_fields(StringInfo buf, const Target *t)
{
	pq_sendbyte(buf, t->zone == 0 ? TARGET_VERSION : TARGET_WIRE_ZONE);
	pq_sendbyte(buf, t->op);
	pq_sendbyte(buf, t->period);
	pq_sendbyte(buf, t->unit);
	pq_sendint32(buf, t->start);
	pq_sendint32(buf, t->due);
	pq_sendfloat8(buf, t->goal);
	pq_sendfloat8(buf, t->baseline);
	if (t->zone != 0)
		pq_sendstring(buf, target_zone_name(t->zone));
}

void
target_recv_fields(StringInfo buf, Target *t)
{
	int			wire;

	memset(t, 0, sizeof(Target));
	wire = pq_getmsgbyte(buf);
	if (wire != TARGET_VERSION && wire != TARGET_WIRE_ZONE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
				 errmsg("unsupported target version %d", wire)));
	t->version = TARGET_VERSION;
	t->op = pq_getmsgbyte(buf);
	t->period = pq_getmsgbyte(buf);
	t->unit = pq_getmsgbyte(buf);
	t->start = pq_getmsgint(buf, 4);
	t->due = pq_getmsgint(buf, 4);
	t->goal = pq_getmsgfloat8(buf);
	t->baseline = pq_getmsgfloat8(buf);
	if (wire == TARGET_WIRE_ZONE)
	{
		const char *name = pq_getmsgstring(buf);

		t->zone = target_zone_lookup(name, strlen(name));
		if (t->zone < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("unknown time zone \"%s\" in binary target", name),
					 errhint("Name a zone of the IANA time zone database, such as Asia/Shanghai (the default), Asia/Hong_Kong, Europe/Berlin or UTC (Etc/GMT-8 is a fixed UTC+8).")));
		(void) target_zone_tz(t->zone);
	}
}

PG_FUNCTION_INFO_V1(target_recv);
Datum
target_recv(PG_FUNCTION_ARGS)
{
	Target	   *t = palloc(sizeof(Target));

	target_recv_fields((StringInfo) PG_GETARG_POINTER(0), t);
	target_validate(t, "binary input");
	PG_RETURN_TARGET_P(t);
}

PG_FUNCTION_INFO_V1(target_send);
Datum
target_send(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	pq_begintypsend(&buf);
	target_send_fields(&buf, PG_GETARG_TARGET_P(0));
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* accessors ------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(target_op);
Datum
target_op(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(PG_GETARG_TARGET_P(0)->op == TARGET_GE ? ">=" : "<="));
}

PG_FUNCTION_INFO_V1(target_goal);
Datum
target_goal(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PG_GETARG_TARGET_P(0)->goal);
}

PG_FUNCTION_INFO_V1(target_baseline);
Datum
target_baseline(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(PG_GETARG_TARGET_P(0)->baseline);
}

PG_FUNCTION_INFO_V1(target_unit);
Datum
target_unit(PG_FUNCTION_ARGS)
{
	Target	   *t = PG_GETARG_TARGET_P(0);

	if (t->unit == 0)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(target_units[t->unit - 1]));
}

/* The zone the target's days are counted in: never NULL (the default named). */
PG_FUNCTION_INFO_V1(target_time_zone);
Datum
target_time_zone(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(target_zone_name(PG_GETARG_TARGET_P(0)->zone)));
}

PG_FUNCTION_INFO_V1(target_period);
Datum
target_period(PG_FUNCTION_ARGS)
{
	Target	   *t = PG_GETARG_TARGET_P(0);

	if (t->period == TARGET_WINDOW)
		PG_RETURN_NULL();
	PG_RETURN_TEXT_P(cstring_to_text(target_periods[t->period]));
}

PG_FUNCTION_INFO_V1(target_start);
Datum
target_start(PG_FUNCTION_ARGS)
{
	Target	   *t = PG_GETARG_TARGET_P(0);

	if (t->period != TARGET_WINDOW)
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(t->start);
}

PG_FUNCTION_INFO_V1(target_due);
Datum
target_due(PG_FUNCTION_ARGS)
{
	Target	   *t = PG_GETARG_TARGET_P(0);

	if (t->period != TARGET_WINDOW)
		PG_RETURN_NULL();
	PG_RETURN_DATEADT(t->due);
}

/* comparison: by kind, op, period, dates, goal, baseline, unit, zone name - */

static int
cmp_float(float8 a, float8 b)
{
	return a < b ? -1 : (a > b ? 1 : 0);
}

static int
target_cmp_internal(const Target *a, const Target *b)
{
	int			c;

	if (a->op != b->op)
		return a->op < b->op ? -1 : 1;
	if (a->period != b->period)
		return a->period < b->period ? -1 : 1;
	if (a->due != b->due)
		return a->due < b->due ? -1 : 1;
	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if ((c = cmp_float(a->goal, b->goal)) != 0)
		return c;
	if ((c = cmp_float(a->baseline, b->baseline)) != 0)
		return c;
	if (a->unit != b->unit)
		return a->unit < b->unit ? -1 : 1;
	if (a->zone != b->zone)
		return strcmp(target_zone_name(a->zone), target_zone_name(b->zone)) < 0 ? -1 : 1;
	return 0;
}

PG_FUNCTION_INFO_V1(target_cmp);
Datum
target_cmp(PG_FUNCTION_ARGS)
{
	PG_RETURN_INT32(target_cmp_internal(PG_GETARG_TARGET_P(0), PG_GETARG_TARGET_P(1)));
}

#define TARGET_CMP_FN(name, test) \
PG_FUNCTION_INFO_V1(name); \
Datum \
name(PG_FUNCTION_ARGS) \
{ \
	int c = target_cmp_internal(PG_GETARG_TARGET_P(0), PG_GETARG_TARGET_P(1)); \
	PG_RETURN_BOOL(test); \
}

TARGET_CMP_FN(target_eq, c == 0)
TARGET_CMP_FN(target_ne, c != 0)
TARGET_CMP_FN(target_lt, c < 0)
TARGET_CMP_FN(target_le, c <= 0)
TARGET_CMP_FN(target_gt, c > 0)
TARGET_CMP_FN(target_ge, c >= 0)

/* Equal targets are equal bytes (validated fields, no negative zero). */
PG_FUNCTION_INFO_V1(target_hash);
Datum
target_hash(PG_FUNCTION_ARGS)
{
	return hash_any((unsigned char *) PG_GETARG_TARGET_P(0), sizeof(Target));
}

PG_FUNCTION_INFO_V1(target_hash_extended);
Datum
target_hash_extended(PG_FUNCTION_ARGS)
{
	return hash_any_extended((unsigned char *) PG_GETARG_TARGET_P(0), sizeof(Target),
							 PG_GETARG_INT64(1));
}

/* The target as a JSON object: its parts and its canonical text. */
void
target_append_json(StringInfo buf, const Target *t)
{
	appendStringInfo(buf, "{\"op\": \"%s\", \"goal\": ", t->op == TARGET_GE ? ">=" : "<=");
	textio_append_float8(buf, t->goal);
	if (t->unit > 0)
		appendStringInfo(buf, ", \"unit\": \"%s\"", target_units[t->unit - 1]);
	else
		appendStringInfoString(buf, ", \"unit\": null");
	if (t->period == TARGET_WINDOW)
	{
		appendStringInfoString(buf, ", \"period\": null, \"start\": \"");
		textio_append_date(buf, t->start);
		appendStringInfoString(buf, "\", \"due\": \"");
		textio_append_date(buf, t->due);
		appendStringInfoChar(buf, '"');
	}
	else
		appendStringInfo(buf, ", \"period\": \"%s\", \"start\": null, \"due\": null",
						 target_periods[t->period]);
	appendStringInfoString(buf, ", \"baseline\": ");
	textio_append_float8(buf, t->baseline);
	if (t->zone != 0)
		appendStringInfo(buf, ", \"time_zone\": \"%s\"", target_zone_name(t->zone));
	appendStringInfoString(buf, ", \"text\": \"");
	appendStringInfoString(buf, target_to_cstring(t));
	appendStringInfoString(buf, "\"}");
}

PG_FUNCTION_INFO_V1(target_jsonb);
Datum
target_jsonb(PG_FUNCTION_ARGS)
{
	StringInfoData buf;

	initStringInfo(&buf);
	target_append_json(&buf, PG_GETARG_TARGET_P(0));
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data));
}
