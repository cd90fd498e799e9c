/*
 * fuzz_version_parse.c
 *	  The version parser of src/version.c on raw bytes.
 *
 * FUZZ_SOURCES: src/version.c
 */
#include "fuzz.h"
#include "scenario.h"

static void
check(const char *str, int len)
{
	int64		v;
	int64		again;
	char		canon[32];
	int			n;

	if (!scenario_parse_version(str, len, &v))
		return;
	/* three parts of at most six digits each */
	fuzz_assert(v >= 0 && v < INT64CONST(1000000000000000000), "version %lld out of range", (long long) v);
	n = snprintf(canon, sizeof(canon), "%d.%d.%d", (int) (v / 1000000000000),
				 (int) (v / 1000000 % 1000000), (int) (v % 1000000));
	/* the canonical spelling parses to the same value and is never longer */
	fuzz_assert(scenario_parse_version(canon, n, &again) && again == v,
				"\"%s\" does not parse back to %lld", canon, (long long) v);
	fuzz_assert(n <= len, "canonical \"%s\" longer than the input", canon);
}

FUZZ_TARGET
{
	return fuzz_parser(data, size, check);
}
