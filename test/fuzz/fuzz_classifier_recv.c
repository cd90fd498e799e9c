/*
 * fuzz_classifier_recv.c
 *	  Binary input of classifier through the generic type driver.
 *
 * FUZZ_SOURCES: src/classifier_io.c src/classifier_pack.c src/aggstate.c src/textio.c
 */
#include "fuzz.h"

extern Datum classifier_in(PG_FUNCTION_ARGS);
extern Datum classifier_out(PG_FUNCTION_ARGS);
extern Datum classifier_recv(PG_FUNCTION_ARGS);
extern Datum classifier_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "classifier", .in = classifier_in, .out = classifier_out, .recv = classifier_recv, .send = classifier_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_recv(&type, data, size);
}
