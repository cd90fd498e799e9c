/*
 * fuzz_assign_state_recv.c
 *	  Binary input of assign_state through the generic type driver.
 *
 * FUZZ_SOURCES: src/assign_io.c src/textio.c
 */
#include "fuzz.h"

extern Datum assign_state_in(PG_FUNCTION_ARGS);
extern Datum assign_state_out(PG_FUNCTION_ARGS);
extern Datum assign_state_recv(PG_FUNCTION_ARGS);
extern Datum assign_state_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "assign_state", .in = assign_state_in, .out = assign_state_out, .recv = assign_state_recv, .send = assign_state_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_recv(&type, data, size);
}
