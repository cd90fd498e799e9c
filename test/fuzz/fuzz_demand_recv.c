/*
 * fuzz_demand_recv.c
 *	  Binary input of demand through the generic type driver.
 *
 * FUZZ_SOURCES: src/textfeat.c src/match_io.c src/match_profile.c src/match_region.c src/match_region_data.c src/match_sector.c src/match_text.c src/match_idf_data.c src/sector_io.c src/sector_code.c src/sector_table.c src/sector_data.c src/sector_parse.c src/sector_format.c src/textio.c
 */
#include "fuzz.h"

extern Datum demand_in(PG_FUNCTION_ARGS);
extern Datum profile_out_fn(PG_FUNCTION_ARGS);
extern Datum demand_recv(PG_FUNCTION_ARGS);
extern Datum profile_send(PG_FUNCTION_ARGS);

static const FuzzType type = {
	.name = "demand", .in = demand_in, .out = profile_out_fn, .recv = demand_recv, .send = profile_send,
	.typlen = -1, .byval = false, .typmod = -1,
};

FUZZ_TARGET
{
	return fuzz_type_recv(&type, data, size);
}
