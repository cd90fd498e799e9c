/*
 * fuzz_classifier_state_in.c
 *	  Text input of classifier_state through the generic type driver.
 *
 * FUZZ_SOURCES: src/classifier_io.c src/classifier_pack.c src/aggstate.c src/textio.c
 */
#include "fuzz.h"

extern Datum classifier_state_in(PG_FUNCTION_ARGS);
extern Datum classifier_state_out(PG_FUNCTION_ARGS);
extern Datum classifier_state_recv(PG_FUNCTION_ARGS);
extern Datum classifier_state_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "classifier_state", .in = classifier_state_in, .out = classifier_state_out, .recv = classifier_state_recv, .send = classifier_state_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_in(&type, data, size);
}
