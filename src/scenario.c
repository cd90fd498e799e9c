/*
 * scenario.c
 *	  Module magic and the library version.
 *
 * Every install or upgrade script calls _require_library() with the version
 * that introduced its objects, so a script never runs against an older
 * shared library that lacks the C symbols it binds to.
 */
#include "scenario.h"

#include "utils/builtins.h"

PG_MODULE_MAGIC;

void		_PG_init(void);

/* Settings of the modules, defined when the library loads. */
void
_PG_init(void)
{
	assign_init();
}

/* Parse "X.Y.Z" into a comparable integer; -1 when malformed. */
static int64
parse_version(const char *s)
{
	int64		result = 0;
	int			parts = 0;

	while (parts < 3)
	{
		int64		n = 0;
		int			digits = 0;

		while (*s >= '0' && *s <= '9' && digits < 6)
		{
			n = n * 10 + (*s++ - '0');
			digits++;
		}
		if (digits == 0)
			return -1;
		result = result * 1000000 + n;
		parts++;
		if (parts < 3 && *s++ != '.')
			return -1;
	}
	return *s == '\0' ? result : -1;
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
	int64		w = parse_version(wanted);

	if (w < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("invalid version string: \"%s\"", wanted)));
	if (parse_version(SCENARIO_VERSION) < w)
		ereport(ERROR,
				(errcode(ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE),
				 errmsg("scenario library version %s is older than the SQL script version %s",
						SCENARIO_VERSION, wanted),
				 errhint("Install the matching scenario library and reconnect.")));
	PG_RETURN_BOOL(true);
}
