/*
 * fuzz_tracking_recv.c
 *	  Binary input of tracking through the generic type driver.
 *
 * FUZZ_SOURCES: src/target_track.c src/target_io.c src/target_zone.c src/target_eval.c src/aggstate.c src/textio.c
 */
#include "fuzz.h"

extern Datum tracking_in(PG_FUNCTION_ARGS);
extern Datum tracking_out(PG_FUNCTION_ARGS);
extern Datum tracking_recv(PG_FUNCTION_ARGS);
extern Datum tracking_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "tracking", .in = tracking_in, .out = tracking_out, .recv = tracking_recv, .send = tracking_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_recv(&type, data, size);
}
