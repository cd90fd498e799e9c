/*
 * fuzz_version_recv.c
 *	  Binary input through the generic type driver (see fuzz_version_in.c).
 *
 * FUZZ_SOURCES: src/version.c test/fuzz/shim/versiontype.c
 */
#include "fuzz.h"
#include "versiontype.h"

FUZZ_TARGET
{
	return fuzz_type_recv(&fuzzversion_type, data, size);
}
