/*
 * fuzz_funnel_state_recv.c
 *	  Binary input of funnel_state through the generic type driver.
 *
 * FUZZ_SOURCES: src/funnel_io.c src/funnel_state.c src/aggstate.c src/textio.c
 */
#include "fuzz.h"

extern Datum scenario_funnel_state_in(PG_FUNCTION_ARGS);
extern Datum scenario_funnel_state_out(PG_FUNCTION_ARGS);
extern Datum scenario_funnel_state_recv(PG_FUNCTION_ARGS);
extern Datum scenario_funnel_state_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "funnel_state", .in = scenario_funnel_state_in, .out = scenario_funnel_state_out, .recv = scenario_funnel_state_recv, .send = scenario_funnel_state_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_recv(&type, data, size);
}
