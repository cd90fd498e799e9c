/*
 * version.c
 *	  The library version and the install-script guard.
 *
 * Every install or upgrade script calls _require_library() with the version
 * that introduced its objects, so a script never runs against an older
 * shared library that lacks the C symbols it binds to.  The parser is
 * length-based and free of backend calls so the fuzz harness links it alone.
 */
#include "scenario.h"

#include "utils/builtins.h"

/*
 * Parse "X.Y.Z" (each part 1 to 6 digits) from the len bytes at str into a
 * comparable integer.  Returns false when malformed; never reads past len,
 * so the fuzz harness (test/fuzz) can call it on raw bytes.
 */
bool
scenario_parse_version(const char *str, int len, int64 *result)
{
	const char *end = str + len;
	int64		value = 0;
	int			parts;

	for (parts = 0; parts < 3; parts++)
	{
		int64		n = 0;
		int			digits = 0;

		if (parts > 0)
		{
			if (str >= end || *str != '.')
				return false;
			str++;
		}
		while (str < end && *str >= '0' && *str <= '9' && digits < 6)
		{
			n = n * 10 + (*str++ - '0');
			digits++;
		}
		if (digits == 0)
			return false;
		value = value * 1000000 + n;
	}
	if (str != end)
		return false;
	*result = value;
	return true;
}

PG_FUNCTION_INFO_V1(scenario_version);
Datum
scenario_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(SCENARIO_VERSION));
}

PG_FUNCTION_INFO_V1(scenario_require_library);
Datum
scenario_require_library(PG_FUNCTION_ARGS)
{
	char	   *wanted = text_to_cstring(PG_GETARG_TEXT_PP(0));
	int64		w;
	int64		have;

	if (!scenario_parse_version(wanted, strlen(wanted), &w))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid version string: \"%s\"", wanted)));
	if (!scenario_parse_version(SCENARIO_VERSION, strlen(SCENARIO_VERSION), &have))
		elog(ERROR, "malformed built-in version \"%s\"", SCENARIO_VERSION);
	if (have < w)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("scenario library version %s is older than the SQL script version %s",
						SCENARIO_VERSION, wanted),
				 errhint("Install the matching scenario library and reconnect.")));
	PG_RETURN_BOOL(true);
}
