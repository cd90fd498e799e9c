/*
 * fuzz_funnel_in.c
 *	  Text input of funnel through the generic type driver.
 *
 * FUZZ_SOURCES: src/funnel_io.c src/funnel_state.c src/aggstate.c src/textio.c
 */
#include "fuzz.h"

extern Datum scenario_funnel_in(PG_FUNCTION_ARGS);
extern Datum scenario_funnel_out(PG_FUNCTION_ARGS);
extern Datum scenario_funnel_recv(PG_FUNCTION_ARGS);
extern Datum scenario_funnel_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "funnel", .in = scenario_funnel_in, .out = scenario_funnel_out, .recv = scenario_funnel_recv, .send = scenario_funnel_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_in(&type, data, size);
}
