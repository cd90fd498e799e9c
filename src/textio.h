/*
 * textio.h
 *	  The text kit: what every type's text input and output is built from.
 *
 * A TextCursor walks one input string; the scanners read at the cursor and
 * advance it past what they read.  Only the take/expect functions skip
 * white space before what they read; elsewhere the grammar says where space
 * may be, with textio_skip_space.  Errors go
 * through one reporter, which quotes the whole input and says at which
 * character the problem is:
 *
 *	ERROR:  invalid input syntax for type funnel: "released 3; matched"
 *	DETAIL:  Expected a number at character 20.
 *
 * Numbers are decimal only (no nan, infinity or hexadecimal, which strtod
 * would take) and are written in the shortest form that reads back to the
 * same double, whatever extra_float_digits says; dates and times are ISO
 * 8601 whatever DateStyle and TimeZone say, so every text form is the same
 * in every session and reads back exactly.
 */
#ifndef SCENARIO_TEXTIO_H
#define SCENARIO_TEXTIO_H

#include "postgres.h"

#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "utils/date.h"

typedef struct TextCursor
{
	const char *input;			/* the whole input, quoted in messages */
	const char *p;				/* the next character to read */
	const char *type;			/* the type's name, for messages */
} TextCursor;

static inline void
textio_init(TextCursor *c, const char *input, const char *type)
{
	c->input = input;
	c->p = input;
	c->type = type;
}

/* 1-based character position of at in the input, as messages give it */
static inline int
textio_pos(const TextCursor *c, const char *at)
{
	return (int) (at - c->input) + 1;
}

/* white space: the C locale's, whatever the server's */
static inline bool
textio_isspace(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' ||
		ch == '\f' || ch == '\v';
}

/* The cursor is at the end of a word: white space or the end of the input. */
static inline bool
textio_at_break(const TextCursor *c)
{
	return *c->p == '\0' || textio_isspace(*c->p);
}

static inline bool
textio_isdigit(char ch)
{
	return ch >= '0' && ch <= '9';
}

/*
 * 22P02 "invalid input syntax for type <type>: "<input>"", errdetail the
 * detail followed by " at character N." (N: the cursor's position).
 */
extern void textio_error(const TextCursor *c, const char *detail) pg_attribute_noreturn();

/* textio_error with an errhint (a sentence) saying what would be accepted. */
extern void textio_error_hint(const TextCursor *c, const char *detail,
							  const char *hint) pg_attribute_noreturn();

/* The same errmsg with a whole-sentence detail and no position. */
extern void textio_invalid(const TextCursor *c, const char *detail) pg_attribute_noreturn();

/* 22003 "value out of range for type <type>: "<input>"" with a detail. */
extern void textio_out_of_range(const TextCursor *c, const char *detail) pg_attribute_noreturn();

extern void textio_skip_space(TextCursor *c);
extern bool textio_at_end(TextCursor *c);
extern void textio_expect_end(TextCursor *c, const char *detail);
extern bool textio_take_char(TextCursor *c, char ch);
extern void textio_expect_char(TextCursor *c, char ch);
extern bool textio_take_keyword(TextCursor *c, const char *word);
extern int	textio_word(TextCursor *c, const char **start);
extern int	textio_token(TextCursor *c, const char *stop, const char **start);

typedef enum TextioScan
{
	TEXTIO_OK,
	TEXTIO_NONE,				/* no number at the cursor */
	TEXTIO_OUT_OF_RANGE
} TextioScan;

/* Numbers: false (cursor unchanged) when no number starts at the cursor. */
extern bool textio_int64(TextCursor *c, bool sign, int64 *v);
extern int64 textio_expect_int64(TextCursor *c, bool sign, const char *expected);
extern TextioScan textio_scan_float8(TextCursor *c, float8 *v);
extern bool textio_float8(TextCursor *c, float8 *v);
extern float8 textio_expect_float8(TextCursor *c, const char *expected);
extern int	textio_digits(TextCursor *c, int max, int64 *v);
extern bool textio_nonfinite(const char *word, int len, float8 *v);

/* Dates YYYY-MM-DD and times YYYY-MM-DDTHH:MM:SS[.ffffff]Z (UTC). */
extern bool textio_ymd(TextCursor *c, int *y, int *m, int *d);
extern bool textio_day_exists(int y, int m, int d);
extern bool textio_fraction(TextCursor *c, int *usec);
extern bool textio_timestamp(TextCursor *c, TimestampTz *at);

/* Output: each appends to buf. */
extern void textio_append_float8(StringInfo buf, float8 v);
extern void textio_append_date(StringInfo buf, DateADT d);
extern void textio_append_fraction(StringInfo buf, int usec);
extern void textio_append_timestamp(StringInfo buf, TimestampTz at);

#endif							/* SCENARIO_TEXTIO_H */
