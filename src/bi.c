/*
 * bi.c
 *	  What a client that knows nothing of our types needs and SQL alone
 *	  cannot give: a jsonb summary of a classifier training state, whose
 *	  text form is an opaque base64 image (see src/bi.sql for the other
 *	  casts, written in SQL over the types' documented text forms).
 */
#include "classifier.h"

#include "aggstate.h"
#include "fmgr.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/jsonb.h"

typedef struct LabelRef
{
	const char *s;
	uint32		len;
} LabelRef;

static int
label_ref_cmp(const void *a, const void *b)
{
	const LabelRef *x = a;
	const LabelRef *y = b;
	int			c = memcmp(x->s, y->s, Min(x->len, y->len));

	if (c != 0)
		return c;
	return (x->len > y->len) - (x->len < y->len);
}

static void
append_json_label(StringInfo buf, const char *s, uint32 len)
{
	char	   *z = pnstrdup(s, len);

	escape_json(buf, z);
	pfree(z);
}

/*
 * {"documents": N, "options": "c=0.5 ...", "labels": {"<label>": docs, ...}}
 * The state is validated first, so a damaged stored value errors instead of
 * being walked.  Labels are counted by sorting pointers to them: a state
 * holds at most a few million documents, and sorting keeps memory at 16
 * bytes per document whatever the labels' lengths.
 */
PG_FUNCTION_INFO_V1(classifier_state_jsonb);
Datum
classifier_state_jsonb(PG_FUNCTION_ARGS)
{
	struct varlena *v = growstate_flat_arg(fcinfo, 0);
	const char *payload = VARDATA(v);
	Size		size = VARSIZE(v) - VARHDRSZ;
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	Size		off = sizeof(ClassifierStateHeader);
	LabelRef   *refs;
	uint32		n = 0;
	StringInfoData buf;

	classifier_state_validate(payload, size);
	refs = palloc(sizeof(LabelRef) * Max(h->ndocs, 1));
	while (off < size)
	{
		ClassifierDocRec rec;

		CHECK_FOR_INTERRUPTS();
		memcpy(&rec, payload + off, sizeof(rec));
		off += sizeof(rec);
		refs[n].s = payload + off;
		refs[n].len = rec.label_len;
		n++;
		off += CLF_PAD4(rec.label_len) + (Size) rec.nfeat * sizeof(ClassifierFeat);
	}
	qsort(refs, n, sizeof(LabelRef), label_ref_cmp);

	initStringInfo(&buf);
	appendStringInfo(&buf, "{\"documents\": %u, \"options\": ", n);
	if (h->has_opts)
		escape_json(&buf, classifier_options_text(&h->opts));
	else
		appendStringInfoString(&buf, "null");
	appendStringInfoString(&buf, ", \"labels\": {");
	for (uint32 i = 0; i < n;)
	{
		uint32		j = i + 1;

		while (j < n && label_ref_cmp(&refs[i], &refs[j]) == 0)
			j++;
		if (i > 0)
			appendStringInfoString(&buf, ", ");
		append_json_label(&buf, refs[i].s, refs[i].len);
		appendStringInfo(&buf, ": %u", j - i);
		i = j;
	}
	appendStringInfoString(&buf, "}}");
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(buf.data)));
}
