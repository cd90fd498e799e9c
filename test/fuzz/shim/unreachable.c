/*
 * unreachable.c
 *	  Backend functions that the modules' I/O files reference from code the
 *	  type input and output paths never reach (set-returning functions,
 *	  JSON and array results).  They link, and abort loudly if a change
 *	  ever makes a parser call one, so the fuzzer reports it.
 */
#include <stdio.h>
#include <stdlib.h>

#define UNREACHABLE(name) \
	void name(void); \
	void name(void) \
	{ \
		fprintf(stderr, "pgshim: %s is not available to fuzz targets\n", #name); \
		abort(); \
	}

UNREACHABLE(tuplestore_putvalues)
UNREACHABLE(jsonb_in)
UNREACHABLE(float8out_internal)
UNREACHABLE(heap_form_tuple)
UNREACHABLE(get_call_result_type)
UNREACHABLE(construct_array)
UNREACHABLE(InitMaterializedSRF)
UNREACHABLE(HeapTupleHeaderGetDatum)
UNREACHABLE(BlessTupleDesc)
/* aggregate support (values from in/recv are never expanded objects) */
UNREACHABLE(DatumGetEOHP)
UNREACHABLE(EOH_init_header)
UNREACHABLE(AggCheckCallContext)
/* catalog lookups and date arithmetic of the evaluation functions */
UNREACHABLE(get_func_name)
UNREACHABLE(get_func_rettype)
UNREACHABLE(GetSysCacheOid)
UNREACHABLE(interval_mul)
UNREACHABLE(date_pl_interval)
/* array arguments of the profile constructors */
UNREACHABLE(deconstruct_array)
