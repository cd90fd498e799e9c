/*
 * fuzz_target_recv.c
 *	  Binary input of target through the generic type driver.
 *
 * FUZZ_SOURCES: src/target_io.c src/target_zone.c src/target_eval.c src/textio.c
 */
#include "fuzz.h"

extern Datum target_in(PG_FUNCTION_ARGS);
extern Datum target_out(PG_FUNCTION_ARGS);
extern Datum target_recv(PG_FUNCTION_ARGS);
extern Datum target_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "target", .in = target_in, .out = target_out, .recv = target_recv, .send = target_send,
	.typlen = 32, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_recv(&type, data, size);
}
