/*
 * fuzz_sector_in.c
 *	  Text input of sector through the generic type driver.
 *
 * FUZZ_SOURCES: src/sector_io.c src/sector_code.c src/sector_table.c src/sector_data.c src/sector_parse.c src/sector_format.c
 */
#include "fuzz.h"

extern Datum sector_in(PG_FUNCTION_ARGS);
extern Datum sector_out(PG_FUNCTION_ARGS);
extern Datum sector_recv(PG_FUNCTION_ARGS);
extern Datum sector_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "sector", .in = sector_in, .out = sector_out, .recv = sector_recv, .send = sector_send,
	.typlen = 8, .byval = true, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_in(&type, data, size);
}
