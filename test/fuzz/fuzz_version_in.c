/*
 * fuzz_version_in.c
 *	  Text input through the generic type driver, on a stand-in type built
 *	  on the real version parser (shim/versiontype.c).  A real type's target
 *	  looks the same with its own FuzzType, e.g.
 *		static const FuzzType sector = {"sector", sector_in, sector_out,
 *										sector_recv, sector_send, NULL, -1, false, -1};
 *
 * FUZZ_SOURCES: src/version.c test/fuzz/shim/versiontype.c
 */
#include "fuzz.h"
#include "versiontype.h"

FUZZ_TARGET
{
	return fuzz_type_in(&fuzzversion_type, data, size);
}
