/*
 * fuzz_assignment_recv.c
 *	  Binary input of assignment through the generic type driver.
 *
 * FUZZ_SOURCES: src/assign_io.c src/textio.c
 */
#include "fuzz.h"

extern Datum assignment_in(PG_FUNCTION_ARGS);
extern Datum assignment_out(PG_FUNCTION_ARGS);
extern Datum assignment_recv(PG_FUNCTION_ARGS);
extern Datum assignment_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "assignment", .in = assignment_in, .out = assignment_out, .recv = assignment_recv, .send = assignment_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_recv(&type, data, size);
}
