/*
 * fuzz_require_library_in.c
 *	  _require_library(text) as SQL calls it: exercises the
 *	  ereport path (22023 for a malformed version, 55000 for a newer one).
 *
 * FUZZ_SOURCES: src/version.c
 */
#include "fuzz.h"
#include "pgshim.h"
#include "scenario.h"

#include "utils/builtins.h"

extern Datum scenario_require_library(PG_FUNCTION_ARGS);

FUZZ_TARGET
{
	Datum		arg;
	Datum		r;

	if (memchr(data, '\0', size) || !pgshim_valid_utf8((const char *) data, size))
		return -1;				/* text never holds these */
	arg = PointerGetDatum(cstring_to_text_with_len((const char *) data, size));
	if (fuzz_call(scenario_require_library, 1, &arg, &r))
		fuzz_assert(DatumGetBool(r), "accepted but returned false");
	else
		fuzz_assert(pgshim_error_sqlstate == ERRCODE_INVALID_PARAMETER_VALUE ||
					pgshim_error_sqlstate == ERRCODE_OBJECT_NOT_IN_PREREQUISITE_STATE,
					"unexpected SQLSTATE %s: %s", unpack_sql_state(pgshim_error_sqlstate),
					pgshim_error_message);
	pgshim_reset_memory();
	return 0;
}
