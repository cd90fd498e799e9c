/*
 * pgshim_adt.c
 *	  Stand-ins for the backend's date/time and number helpers that type
 *	  parsers call (utils/adt in the server), with the server's results for
 *	  the session time zone UTC, which is all the fuzz targets need.
 */
#include "postgres.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>

#include "datatype/timestamp.h"
#include "fmgr.h"
#include "mb/pg_wchar.h"
#include "utils/date.h"
#include "utils/datetime.h"
#include "utils/sortsupport.h"
#include "utils/timestamp.h"
#include "utils/varlena.h"

const int	day_tab[2][13] = {
	{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0},
	{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0}
};

/* Julian day number of a proleptic Gregorian date (astronomical year). */
int
date2j(int year, int month, int day)
{
	int64		a = (14 - month) / 12;
	int64		y = (int64) year + 4800 - a;
	int64		m = month + 12 * a - 3;

	return (int) (day + (153 * m + 2) / 5 + 365 * y + y / 4 - y / 100 + y / 400 - 32045);
}

void
j2date(int jd, int *year, int *month, int *day)
{
	int64		a = (int64) jd + 32044;
	int64		b = (4 * a + 3) / 146097;
	int64		c = a - 146097 * b / 4;
	int64		d = (4 * c + 3) / 1461;
	int64		e = c - 1461 * d / 4;
	int64		m = (5 * e + 2) / 153;

	*day = (int) (e - (153 * m + 2) / 5 + 1);
	*month = (int) (m + 3 - 12 * (m / 10));
	*year = (int) (100 * b + d - 4800 + m / 10);
}

/*
 * Every zone name is known, and every zone is UTC (timestamp2tm below):
 * the fuzzer exercises the parsers, not the server's time zone data.
 */
pg_tz *
pg_tzset(const char *tzname)
{
	static char known;

	return (pg_tz *) &known;
}

/* Without a time zone (tzp NULL) or in UTC, as the shim's session is. */
int
timestamp2tm(Timestamp dt, int *tzp, struct pg_tm *tm, fsec_t *fsec,
			 const char **tzn, pg_tz *attimezone)
{
	Timestamp	date = dt / USECS_PER_DAY;
	Timestamp	time = dt - date * USECS_PER_DAY;

	if (TIMESTAMP_NOT_FINITE(dt))
		return -1;
	if (time < 0)
	{
		time += USECS_PER_DAY;
		date -= 1;
	}
	date += POSTGRES_EPOCH_JDATE;
	if (date < 0 || date > (Timestamp) INT_MAX)
		return -1;
	j2date((int) date, &tm->tm_year, &tm->tm_mon, &tm->tm_mday);
	tm->tm_hour = time / USECS_PER_HOUR;
	time -= tm->tm_hour * USECS_PER_HOUR;
	tm->tm_min = time / USECS_PER_MINUTE;
	time -= tm->tm_min * USECS_PER_MINUTE;
	tm->tm_sec = time / USECS_PER_SEC;
	*fsec = time - tm->tm_sec * USECS_PER_SEC;
	tm->tm_isdst = tzp ? 0 : -1;
	tm->tm_gmtoff = 0;
	tm->tm_zone = tzp ? "UTC" : NULL;
	if (tzp)
		*tzp = 0;
	if (tzn)
		*tzn = tzp ? "UTC" : NULL;
	return 0;
}

int
tm2timestamp(struct pg_tm *tm, fsec_t fsec, int *tzp, Timestamp *result)
{
	int64		date;
	int64		time;

	if (!IS_VALID_JULIAN(tm->tm_year, tm->tm_mon, tm->tm_mday))
		return -1;
	date = date2j(tm->tm_year, tm->tm_mon, tm->tm_mday) - POSTGRES_EPOCH_JDATE;
	time = (((int64) tm->tm_hour * MINS_PER_HOUR + tm->tm_min) * SECS_PER_MINUTE + tm->tm_sec)
		* USECS_PER_SEC + fsec;
	if (__builtin_mul_overflow(date, USECS_PER_DAY, result) ||
		__builtin_add_overflow(*result, time, result))
		return -1;
	if (tzp != NULL)
		*result -= (int64) *tzp * USECS_PER_SEC;
	if (!IS_VALID_TIMESTAMP(*result))
		return -1;
	return 0;
}

Datum
timestamptz_date(PG_FUNCTION_ARGS)
{
	TimestampTz ts = PG_GETARG_TIMESTAMPTZ(0);
	struct pg_tm tm;
	fsec_t		fsec;

	if (TIMESTAMP_IS_NOBEGIN(ts))
		PG_RETURN_DATEADT(DATEVAL_NOBEGIN);
	if (TIMESTAMP_IS_NOEND(ts))
		PG_RETURN_DATEADT(DATEVAL_NOEND);
	if (timestamp2tm(ts, NULL, &tm, &fsec, NULL, NULL) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_DATETIME_VALUE_OUT_OF_RANGE),
				 errmsg("timestamp out of range")));
	PG_RETURN_DATEADT(date2j(tm.tm_year, tm.tm_mon, tm.tm_mday) - POSTGRES_EPOCH_JDATE);
}

/* float8 input as the server reads it, errors included. */
double
float8in_internal(char *num, char **endptr_p, const char *type_name,
				  const char *orig_string)
{
	double		val;
	char	   *endptr;

	while (*num != '\0' && isspace((unsigned char) *num))
		num++;
	if (*num == '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", type_name, orig_string)));
	errno = 0;
	val = strtod(num, &endptr);
	if (endptr == num)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", type_name, orig_string)));
	if (errno == ERANGE && (val == 0.0 || isinf(val)))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("\"%.*s\" is out of range for type double precision",
						(int) (endptr - num), num)));
	while (*endptr != '\0' && isspace((unsigned char) *endptr))
		endptr++;
	if (endptr_p)
		*endptr_p = endptr;
	else if (*endptr != '\0')
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%s\"", type_name, orig_string)));
	return val;
}

/* Longest prefix of at most limit bytes that ends on a character boundary. */
int
pg_mbcliplen(const char *mbstr, int len, int limit)
{
	int			clen = 0;

	while (len > 0 && *mbstr)
	{
		int			l = pg_mblen(mbstr);

		if (clen + l > limit)
			break;
		clen += l;
		if (clen == limit)
			break;
		len -= l;
		mbstr += l;
	}
	return clen;
}

/*
 * Edit distance by bytes, capped at max_d + 1 (the server counts
 * characters; the callers compare ASCII key names).
 */
int
varstr_levenshtein_less_equal(const char *source, int slen, const char *target, int tlen,
							  int ins_c, int del_c, int sub_c, int max_d, bool trusted)
{
	int		   *prev = palloc((tlen + 1) * sizeof(int));
	int		   *cur = palloc((tlen + 1) * sizeof(int));
	int			i,
				j,
				d;

	for (j = 0; j <= tlen; j++)
		prev[j] = j * ins_c;
	for (i = 1; i <= slen; i++)
	{
		int		   *t;

		cur[0] = i * del_c;
		for (j = 1; j <= tlen; j++)
		{
			int			v = prev[j - 1] + (source[i - 1] == target[j - 1] ? 0 : sub_c);

			v = Min(v, prev[j] + del_c);
			cur[j] = Min(v, cur[j - 1] + ins_c);
		}
		t = prev, prev = cur, cur = t;
	}
	d = prev[tlen];
	pfree(prev);
	pfree(cur);
	return Min(d, max_d + 1);
}

int
ssup_datum_signed_cmp(Datum x, Datum y, SortSupport ssup)
{
	int64		a = DatumGetInt64(x);
	int64		b = DatumGetInt64(y);

	return a < b ? -1 : a > b ? 1 : 0;
}
