/*
 * textio.c
 *	  The text kit (see textio.h): cursor, white space, expected characters
 *	  and keywords, strict integer, decimal, date and time scanning, the
 *	  canonical number, date and time writers, and the one syntax-error
 *	  reporter every type's parser uses.
 */
#include "textio.h"

#include <errno.h>
#include <math.h>

#include "common/int.h"
#include "common/shortest_dec.h"
#include "utils/datetime.h"
#include "utils/float.h"
#include "utils/timestamp.h"

/* ---------------------------------------------------------------------
 * Errors
 */

void
textio_invalid(const TextCursor *c, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", c->type, c->input),
			 errdetail("%s", detail)));
	pg_unreachable();
}

void
textio_error(const TextCursor *c, const char *detail)
{
	textio_invalid(c, psprintf("%s at character %d.", detail, textio_pos(c, c->p)));
}

void
textio_error_hint(const TextCursor *c, const char *detail, const char *hint)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", c->type, c->input),
			 errdetail("%s at character %d.", detail, textio_pos(c, c->p)),
			 errhint("%s", hint)));
	pg_unreachable();
}

void
textio_out_of_range(const TextCursor *c, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("value out of range for type %s: \"%s\"", c->type, c->input),
			 errdetail("%s", detail)));
	pg_unreachable();
}

/* ---------------------------------------------------------------------
 * White space, characters, keywords
 */

void
textio_skip_space(TextCursor *c)
{
	while (textio_isspace(*c->p))
		c->p++;
}

/* Only white space is left. */
bool
textio_at_end(TextCursor *c)
{
	textio_skip_space(c);
	return *c->p == '\0';
}

/* Only white space may be left; detail says what came before the end. */
void
textio_expect_end(TextCursor *c, const char *detail)
{
	if (!textio_at_end(c))
		textio_error(c, detail);
}

/* After optional white space, ch if it is next. */
bool
textio_take_char(TextCursor *c, char ch)
{
	textio_skip_space(c);
	if (*c->p != ch)
		return false;
	c->p++;
	return true;
}

void
textio_expect_char(TextCursor *c, char ch)
{
	if (!textio_take_char(c, ch))
		textio_error(c, psprintf("Expected \"%c\"", ch));
}

static inline bool
is_letter(char ch)
{
	return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
}

/* After optional white space, word if it is next and not part of a longer word. */
bool
textio_take_keyword(TextCursor *c, const char *word)
{
	size_t		n = strlen(word);

	textio_skip_space(c);
	if (strncmp(c->p, word, n) != 0 || is_letter(c->p[n]))
		return false;
	c->p += n;
	return true;
}

/* The run of ASCII letters at the cursor: its start and length. */
int
textio_word(TextCursor *c, const char **start)
{
	*start = c->p;
	while (is_letter(*c->p))
		c->p++;
	return (int) (c->p - *start);
}

/*
 * The run of characters up to white space, the end or one of stop (which
 * may be ""): its start and length.
 */
int
textio_token(TextCursor *c, const char *stop, const char **start)
{
	*start = c->p;
	while (!textio_at_break(c) && strchr(stop, *c->p) == NULL)
		c->p++;
	return (int) (c->p - *start);
}

/* ---------------------------------------------------------------------
 * Numbers
 */

/*
 * A decimal integer (with an optional sign when sign is true).  Overflow is
 * a 22003 error naming the digit at which the number leaves bigint.
 */
bool
textio_int64(TextCursor *c, bool sign, int64 *v)
{
	const char *start = c->p;
	bool		neg = false;
	int64		acc = 0;

	if (sign && (*c->p == '-' || *c->p == '+'))
		neg = (*c->p++ == '-');
	if (!textio_isdigit(*c->p))
	{
		c->p = start;
		return false;
	}
	for (; textio_isdigit(*c->p); c->p++)
	{
		/* accumulated negatively so that the minimum bigint reads back */
		if (pg_mul_s64_overflow(acc, 10, &acc) || pg_sub_s64_overflow(acc, *c->p - '0', &acc) ||
			(!neg && acc == PG_INT64_MIN && !textio_isdigit(c->p[1])))
			textio_out_of_range(c, psprintf("The number at character %d exceeds the range of bigint.",
											textio_pos(c, c->p)));
	}
	*v = neg ? acc : -acc;
	return true;
}

/* After optional white space, an integer or the error "Expected <expected>". */
int64
textio_expect_int64(TextCursor *c, bool sign, const char *expected)
{
	int64		v;

	textio_skip_space(c);
	if (!textio_int64(c, sign, &v))
		textio_error(c, psprintf("Expected %s", expected));
	return v;
}

/* After optional white space, a decimal or the error "Expected <expected>". */
float8
textio_expect_float8(TextCursor *c, const char *expected)
{
	float8		v;

	textio_skip_space(c);
	if (!textio_float8(c, &v))
		textio_error(c, psprintf("Expected %s", expected));
	return v;
}

/* At most max digits (no sign) into *v; returns how many were read. */
int
textio_digits(TextCursor *c, int max, int64 *v)
{
	int			n = 0;

	*v = 0;
	while (n < max && textio_isdigit(*c->p))
	{
		*v = *v * 10 + (*c->p++ - '0');
		n++;
	}
	return n;
}

static const char *
skip_digits(const char *p)
{
	while (textio_isdigit(*p))
		p++;
	return p;
}

/*
 * A decimal number: [sign] digits [. digits] [e [sign] digits], with at
 * least one digit before the exponent (an "e" without digits after it is
 * left unread).  As in float8in, underflow to a denormal is fine, to zero
 * or infinity is out of range.  Nothing is raised: TEXTIO_NONE leaves the
 * cursor where it was, the others move it past the number.
 */
TextioScan
textio_scan_float8(TextCursor *c, float8 *v)
{
	const char *p = c->p;
	const char *digits;
	char	   *copy;
	bool		range;

	if (*p == '-' || *p == '+')
		p++;
	digits = p;
	p = skip_digits(p);
	if (*p == '.')
		p = skip_digits(p + 1);
	if (p == digits || (p == digits + 1 && *digits == '.'))
		return TEXTIO_NONE;
	if (*p == 'e' || *p == 'E')
	{
		const char *e = p + 1;

		if (*e == '-' || *e == '+')
			e++;
		if (textio_isdigit(*e))
			p = skip_digits(e);
	}
	copy = pnstrdup(c->p, p - c->p);
	errno = 0;
	*v = strtod(copy, NULL);
	range = (errno == ERANGE && (*v == 0.0 || isinf(*v)));
	pfree(copy);
	c->p = p;
	return range ? TEXTIO_OUT_OF_RANGE : TEXTIO_OK;
}

/* The same, with out of range a 22003 error naming the number. */
bool
textio_float8(TextCursor *c, float8 *v)
{
	const char *start = c->p;

	switch (textio_scan_float8(c, v))
	{
		case TEXTIO_NONE:
			return false;
		case TEXTIO_OUT_OF_RANGE:
			textio_out_of_range(c, psprintf("The number \"%s\" is out of range for type double precision.",
											pnstrdup(start, c->p - start)));
		case TEXTIO_OK:
			break;
	}
	return true;
}

/*
 * The words strtod reads as non-finite numbers, [sign] nan, inf or
 * infinity in any case, which a grammar may want to refuse with its own
 * message rather than as a syntax error; v gets the value.
 */
bool
textio_nonfinite(const char *word, int len, float8 *v)
{
	bool		neg = false;

	if (len > 0 && (word[0] == '-' || word[0] == '+'))
	{
		neg = (word[0] == '-');
		word++, len--;
	}
	if (len == 3 && pg_strncasecmp(word, "nan", 3) == 0)
		*v = get_float8_nan();
	else if ((len == 3 && pg_strncasecmp(word, "inf", 3) == 0) ||
			 (len == 8 && pg_strncasecmp(word, "infinity", 8) == 0))
		*v = neg ? -get_float8_infinity() : get_float8_infinity();
	else
		return false;
	return true;
}

/* ---------------------------------------------------------------------
 * Dates and times
 */

/* exactly n digits at p into *v */
static bool
fixed_digits(const char *p, int n, int *v)
{
	*v = 0;
	for (int i = 0; i < n; i++)
	{
		if (!textio_isdigit(p[i]))
			return false;
		*v = *v * 10 + (p[i] - '0');
	}
	return true;
}

/* YYYY-MM-DD, not followed by a digit; fields unchecked (textio_day_exists). */
bool
textio_ymd(TextCursor *c, int *y, int *m, int *d)
{
	const char *p = c->p;

	if (!fixed_digits(p, 4, y) || p[4] != '-' || !fixed_digits(p + 5, 2, m) ||
		p[7] != '-' || !fixed_digits(p + 8, 2, d) || textio_isdigit(p[10]))
		return false;
	c->p = p + 10;
	return true;
}

/* A day of the proleptic Gregorian calendar (any year). */
bool
textio_day_exists(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= day_tab[isleap(y)][m - 1];
}

/* [-]YYYY (4 to 7 digits): an astronomical year, 0 is 1 BC */
static bool
scan_year(TextCursor *c, int *y)
{
	bool		neg = (*c->p == '-');
	int64		v;
	int			n;

	if (neg)
		c->p++;
	n = textio_digits(c, 7, &v);
	if (n < 4 || textio_isdigit(*c->p))
		return false;
	*y = neg ? (int) -v : (int) v;
	return true;
}

/* exactly two digits and then sep (when not '\0') */
static bool
scan_two(TextCursor *c, int *v, char sep)
{
	if (!fixed_digits(c->p, 2, v))
		return false;
	c->p += 2;
	if (sep != '\0' && *c->p++ != sep)
		return false;
	return true;
}

/*
 * Optional fractional seconds, "." and 1 to 6 digits, as microseconds.
 * False, with the cursor where the digits go wrong, when malformed.
 */
bool
textio_fraction(TextCursor *c, int *usec)
{
	int64		v;
	int			n;

	*usec = 0;
	if (*c->p != '.')
		return true;
	c->p++;
	n = textio_digits(c, 6, &v);
	if (n == 0 || textio_isdigit(*c->p))
		return false;
	for (; n < 6; n++)
		v *= 10;
	*usec = (int) v;
	return true;
}

/*
 * An ISO 8601 UTC time, YYYY-MM-DDTHH:MM:SS[.ffffff]Z, of a finite
 * timestamp.  False, with the cursor unchanged, when it is malformed or out
 * of range.
 */
bool
textio_timestamp(TextCursor *c, TimestampTz *at)
{
	const char *start = c->p;
	struct pg_tm tm;
	int			fsec;
	Timestamp	ts;

	memset(&tm, 0, sizeof(tm));
	if (!scan_year(c, &tm.tm_year) || *c->p++ != '-' ||
		!scan_two(c, &tm.tm_mon, '-') || !scan_two(c, &tm.tm_mday, 'T') ||
		!scan_two(c, &tm.tm_hour, ':') || !scan_two(c, &tm.tm_min, ':') ||
		!scan_two(c, &tm.tm_sec, '\0') || !textio_fraction(c, &fsec) ||
		*c->p++ != 'Z' ||
		!textio_day_exists(tm.tm_year, tm.tm_mon, tm.tm_mday) ||
		tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 59 ||
		!IS_VALID_JULIAN(tm.tm_year, tm.tm_mon, tm.tm_mday) ||
		tm2timestamp(&tm, fsec, NULL, &ts) != 0 || !IS_VALID_TIMESTAMP(ts))
	{
		c->p = start;
		return false;
	}
	*at = ts;
	return true;
}

/* ---------------------------------------------------------------------
 * Output
 */

/* The shortest text that reads back to exactly v. */
void
textio_append_float8(StringInfo buf, float8 v)
{
	char		tmp[DOUBLE_SHORTEST_DECIMAL_LEN];

	double_to_shortest_decimal_buf(v, tmp);
	appendStringInfoString(buf, tmp);
}

void
textio_append_date(StringInfo buf, DateADT d)
{
	int			y,
				m,
				dd;

	j2date(d + POSTGRES_EPOCH_JDATE, &y, &m, &dd);
	appendStringInfo(buf, "%04d-%02d-%02d", y, m, dd);
}

/* ".f" to ".ffffff" without trailing zeros; nothing for 0 */
void
textio_append_fraction(StringInfo buf, int usec)
{
	char		digits[8];
	int			n = 6;

	if (usec == 0)
		return;
	snprintf(digits, sizeof(digits), "%06d", usec);
	while (digits[n - 1] == '0')
		n--;
	appendStringInfo(buf, ".%.*s", n, digits);
}

void
textio_append_timestamp(StringInfo buf, TimestampTz at)
{
	struct pg_tm tm;
	fsec_t		fsec;

	if (timestamp2tm(at, NULL, &tm, &fsec, NULL, NULL) != 0)
		elog(ERROR, "timestamp out of range");
	appendStringInfo(buf, "%s%04d-%02d-%02dT%02d:%02d:%02d",
					 tm.tm_year < 0 ? "-" : "", abs(tm.tm_year),
					 tm.tm_mon, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	textio_append_fraction(buf, (int) fsec);
	appendStringInfoChar(buf, 'Z');
}
