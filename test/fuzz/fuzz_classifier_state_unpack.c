/*
 * fuzz_classifier_state_unpack.c
 *	  The packed form of classifier_state (src/classifier_pack.c) on raw
 *	  bytes: a packed value is only ever written by the extension itself, but
 *	  one stored in a table may be damaged, so unpacking must refuse any
 *	  bytes with an error, never read or write out of bounds.  The input is
 *	  the payload after the varlena header, its flags byte marked packed;
 *	  classifier_state_send unpacks it.
 *
 * FUZZ_SOURCES: src/classifier_io.c src/classifier_pack.c src/aggstate.c src/textio.c
 */
#include "fuzz.h"
#include "classifier.h"

extern Datum classifier_state_send(PG_FUNCTION_ARGS);

FUZZ_TARGET
{
	struct varlena *v = palloc(VARHDRSZ + size);
	Datum		arg,
				result;

	memcpy(VARDATA(v), data, size);
	SET_VARSIZE(v, VARHDRSZ + size);
	if (size >= 2)
		((uint8 *) VARDATA(v))[1] |= CLF_STATE_PACKED;
	arg = PointerGetDatum(v);
	if (fuzz_call(classifier_state_send, 1, &arg, &result))
		fuzz_assert(VARSIZE(DatumGetPointer(result)) >= VARHDRSZ, "send returned no bytes");
	pfree(v);
	return 0;
}
