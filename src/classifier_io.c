/*
 * classifier_io.c
 *	  Input, output, send and receive of scenario.classifier and
 *	  scenario.classifier_state, their validators, and training options.
 *
 * The text form is a readable prefix and the base64 of the binary image, so
 * text and binary round trips are both exact and share one validator.
 */
#include "classifier.h"

#include <math.h>

#include "aggstate.h"
#include "common/base64.h"
#include "funcapi.h"
#include "libpq/pqformat.h"
#include "mb/pg_wchar.h"
#include "textio.h"
#include "utils/array.h"
#include "utils/builtins.h"

#define CLF_PREFIX		"classifier:"
#define STATE_PREFIX	"classifier_state:"

/* ---------- options ---------- */

void
classifier_default_options(ClassifierOptions *o)
{
	memset(o, 0, sizeof(*o));
	o->c = 0.5;
	o->beta = 0.5;
	o->tol = 0.01;
	o->max_iter = 1000;
	o->ngram_min = 1;
	o->ngram_max = 2;
	o->tf_flags = TEXTFEAT_BOUNDARIES;
	o->nb = 1;
}

static void pg_attribute_noreturn()
bad_option(const char *s, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("invalid classifier option: \"%s\"", s),
			 errdetail("%s", detail),
			 errhint("Options are key=value pairs among c, beta, tol, max_iter, ngram, latin, boundaries, nb.")));
}

static bool
opt_bool(const char *v, const char *item)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return true;
	if (strcmp(v, "off") == 0 || strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		return false;
	bad_option(item, "The value must be on or off.");
}

static double
parse_num(const char *v, const char *item, double lo, double hi)
{
	TextCursor	c;
	double		d;

	textio_init(&c, v, "classifier option");
	if (textio_scan_float8(&c, &d) != TEXTIO_OK || *c.p != '\0' || d < lo || d > hi)
		bad_option(item, psprintf("The value must be a number from %g to %g.", lo, hi));
	return d;
}

/* "min-max", each of one or two digits */
static void
parse_ngram(const char *v, const char *item, ClassifierOptions *o)
{
	TextCursor	c;
	int64		a,
				b;

	textio_init(&c, v, "classifier option");
	if (textio_digits(&c, 2, &a) == 0 || *c.p++ != '-' ||
		textio_digits(&c, 2, &b) == 0 || *c.p != '\0' ||
		a < 1 || b < a || b > TEXTFEAT_MAX_NGRAM)
		bad_option(item, psprintf("The value is a range min-max with 1 <= min <= max <= %d.",
								  TEXTFEAT_MAX_NGRAM));
	o->ngram_min = (int) a;
	o->ngram_max = (int) b;
}

/* One key=value item. */
static void
parse_option(const char *item, ClassifierOptions *o)
{
	const char *eq = strchr(item, '=');
	char	   *key;
	const char *val;

	if (eq == NULL)
		bad_option(item, "Each option is written key=value.");
	key = pnstrdup(item, eq - item);
	val = eq + 1;
	if (strcmp(key, "c") == 0)
		o->c = parse_num(val, item, 1e-6, 1e6);
	else if (strcmp(key, "beta") == 0)
		o->beta = parse_num(val, item, 0, 1);
	else if (strcmp(key, "tol") == 0)
		o->tol = parse_num(val, item, 1e-9, 10);
	else if (strcmp(key, "max_iter") == 0)
		o->max_iter = (int32) parse_num(val, item, 1, 100000);
	else if (strcmp(key, "ngram") == 0)
		parse_ngram(val, item, o);
	else if (strcmp(key, "latin") == 0)
	{
		if (strcmp(val, "words") == 0)
			o->tf_flags |= TEXTFEAT_LATIN_WORDS;
		else if (strcmp(val, "chars") == 0)
			o->tf_flags &= ~TEXTFEAT_LATIN_WORDS;
		else
			bad_option(item, "The value must be chars or words.");
	}
	else if (strcmp(key, "boundaries") == 0)
	{
		if (opt_bool(val, item))
			o->tf_flags |= TEXTFEAT_BOUNDARIES;
		else
			o->tf_flags &= ~TEXTFEAT_BOUNDARIES;
	}
	else if (strcmp(key, "nb") == 0)
		o->nb = opt_bool(val, item) ? 1 : 0;
	else
		bad_option(item, "The key is unknown.");
}

/* "c=0.5, ngram=1-3 latin=words": commas or white space between key=value pairs */
void
classifier_parse_options(const char *s, ClassifierOptions *o)
{
	TextCursor	c;

	classifier_default_options(o);
	textio_init(&c, s, "classifier options");
	for (;;)
	{
		const char *start;
		int			len;

		while (textio_take_char(&c, ','))
			;
		if (textio_at_end(&c))
			break;
		len = textio_token(&c, ",", &start);
		parse_option(pnstrdup(start, len), o);
	}
}

char *
classifier_options_text(const ClassifierOptions *o)
{
	return psprintf("c=%g beta=%g tol=%g max_iter=%d ngram=%d-%d latin=%s boundaries=%s nb=%s",
					o->c, o->beta, o->tol, o->max_iter, o->ngram_min, o->ngram_max,
					(o->tf_flags & TEXTFEAT_LATIN_WORDS) ? "words" : "chars",
					(o->tf_flags & TEXTFEAT_BOUNDARIES) ? "on" : "off",
					o->nb ? "on" : "off");
}

/* The invariants of stored options (a corrupted value must not pass). */
void
classifier_check_options(const ClassifierOptions *o, bool state)
{
	const char *what = state ? "classifier_state" : "classifier";

	/* bounds as float4, the way parsed values were stored */
	if (!(o->c >= (float4) 1e-6 && o->c <= (float4) 1e6) || !(o->beta >= 0 && o->beta <= 1) ||
		!(o->tol >= (float4) 1e-9 && o->tol <= 10) || o->max_iter < 1 || o->max_iter > 100000 ||
		o->ngram_min < 1 || o->ngram_max < o->ngram_min ||
		o->ngram_max > TEXTFEAT_MAX_NGRAM ||
		(o->tf_flags & ~(TEXTFEAT_LATIN_WORDS | TEXTFEAT_BOUNDARIES)) != 0 || o->nb > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid %s value", what),
				 errdetail("The training options are out of range.")));
}

/* ---------- shared helpers ---------- */

static void
corrupt(const char *what, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid %s value", what),
			 errdetail("%s", detail)));
}

static void
check_version_flags(const char *what, int version, int current, int flags, int mask)
{
	if (version > current)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s format version %d is not supported", what, version),
				 errdetail("This library reads versions up to %d.", current),
				 errhint("The value was written by a newer scenario release; upgrade the extension.")));
	if (version < 1)
		corrupt(what, psprintf("The format version %d is invalid.", version));
	if ((flags & ~mask) != 0)
		corrupt(what, "Unknown flag bits are set.");
	if ((flags & CLF_FLAG_LITTLE_ENDIAN) != CLF_FLAG_HOST_ORDER)
		corrupt(what, "The value was written on a host with the other byte order.");
}

/* Label bytes: valid in the server encoding (no NUL), bounded length. */
static bool
label_ok(const char *s, Size len)
{
	return len <= CLF_MAX_LABEL_LEN && pg_verifymbstr(s, (int) len, true);
}

/* A 64-bit hash of a byte range; stable across platforms of one byte order. */
static uint64
hash_bytes64(const char *p, Size len)
{
	uint64		h = UINT64CONST(0x51afd7ed558ccd1f) ^ len;
	Size		i;

	for (i = 0; i + 8 <= len; i += 8)
	{
		uint64		w;

		memcpy(&w, p + i, 8);
		h = (h ^ (w * UINT64CONST(0x9e3779b97f4a7c15))) * UINT64CONST(0xbf58476d1ce4e5b9);
		h ^= h >> 29;
	}
	if (i < len)
	{
		uint64		w = 0;

		memcpy(&w, p + i, len - i);
		h = (h ^ (w * UINT64CONST(0x9e3779b97f4a7c15))) * UINT64CONST(0xbf58476d1ce4e5b9);
	}
	h ^= h >> 31;
	h *= UINT64CONST(0x94d049bb133111eb);
	h ^= h >> 29;
	return h;
}

uint64
classifier_checksum(const ClassifierData *m)
{
	Size		off = offsetof(ClassifierData, checksum) + sizeof(uint64);

	return hash_bytes64((const char *) m + off, VARSIZE(m) - off);
}

/* ---------- the model ---------- */

void
classifier_validate(const ClassifierData *m, Size size)
{
	uint64		need;
	const uint32 *keys;
	const float4 *f;
	uint64		nfloats;
	const char *lab,
			   *labend,
			   *prev = NULL;

	if (size < CLF_HDRSZ)
		corrupt("classifier", "The value is shorter than its header.");
	check_version_flags("classifier", m->version, CLASSIFIER_VERSION, m->flags, CLF_FLAG_MASK);
	if (m->reserved != 0 || m->reserved2 != 0)
		corrupt("classifier", "Reserved header fields are not zero.");
	if (m->nlabels < 1 || m->nlabels > CLF_MAX_LABELS)
		corrupt("classifier", psprintf("The label count %u is out of range.", m->nlabels));
	need = (uint64) CLF_HDRSZ + (uint64) m->nfeatures * 8 +
		(uint64) m->nfeatures * m->nlabels * 4 + (uint64) m->nlabels * 4 + m->labels_size;
	if (need != size)
		corrupt("classifier", "The section sizes do not add up to the value's size.");
	if (classifier_checksum(m) != m->checksum)
		corrupt("classifier", "The checksum does not match the contents.");
	if (!(isfinite(m->temperature) && m->temperature > 0))
		corrupt("classifier", "The temperature is not a positive finite number.");
	classifier_check_options(&m->opts, false);
	if (((m->flags & CLF_FLAG_NB) != 0) != (m->opts.nb != 0))
		corrupt("classifier", "The flags disagree with the options.");

	keys = CLF_KEYS(m);
	for (uint32 i = 1; i < m->nfeatures; i++)
		if (keys[i] <= keys[i - 1])
			corrupt("classifier", "The feature keys are not strictly increasing.");
	f = CLF_IDF(m);
	for (uint32 i = 0; i < m->nfeatures; i++)
		if (!(isfinite(f[i]) && f[i] > 0))
			corrupt("classifier", "An idf weight is not a positive finite number.");
	f = CLF_WEIGHTS(m);
	nfloats = (uint64) m->nfeatures * m->nlabels + m->nlabels;
	for (uint64 i = 0; i < nfloats; i++)
		if (!isfinite(f[i]))
			corrupt("classifier", "A weight is not finite.");

	lab = CLF_LABELS(m);
	labend = lab + m->labels_size;
	for (uint32 i = 0; i < m->nlabels; i++)
	{
		const char *z = memchr(lab, '\0', labend - lab);

		if (z == NULL || !label_ok(lab, z - lab))
			corrupt("classifier", "A label is not a valid string.");
		if (prev && strcmp(prev, lab) >= 0)
			corrupt("classifier", "The labels are not strictly increasing.");
		prev = lab;
		lab = z + 1;
	}
	if (lab != labend)
		corrupt("classifier", "The label section has extra bytes.");
}

/* Base64 text of an image, behind prefix. */
static char *
image_to_text(const char *prefix, const char *img, Size len)
{
	Size		plen = strlen(prefix);
	int			enc = pg_b64_enc_len((int) len);
	char	   *out = palloc(plen + enc + 1);
	int			n;

	memcpy(out, prefix, plen);
	n = pg_b64_encode(img, (int) len, out + plen, enc);
	if (n < 0)
		elog(ERROR, "base64 encoding failed");
	out[plen + n] = '\0';
	return out;
}

/* The varlena image of prefix+base64 text, or a 22P02 error. */
static struct varlena *
text_to_image(const char *what, const char *prefix, const char *str)
{
	Size		plen = strlen(prefix);
	Size		len;
	int			dec;
	struct varlena *v;
	int			n;

	if (strncmp(str, prefix, plen) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%.40s%s\"", what, str,
						strlen(str) > 40 ? "..." : ""),
				 errdetail("The value must begin with \"%s\".", prefix)));
	len = strlen(str + plen);
	if (len > MaxAllocSize / 3 * 4 - 8)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s value is too long", what)));
	dec = pg_b64_dec_len((int) len);
	v = palloc(VARHDRSZ + dec + 8);
	n = pg_b64_decode(str + plen, (int) len, VARDATA(v), dec);
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid input syntax for type %s: \"%.40s%s\"", what, str,
						strlen(str) > 40 ? "..." : ""),
				 errdetail("The text after the prefix is not valid base64.")));
	SET_VARSIZE(v, VARHDRSZ + n);
	return v;
}

/*
 * The model image is the whole varlena; its text/binary form is the image
 * without the varlena header, so its length is known from the form.
 */
static ClassifierData *
classifier_from_bytes(const char *bytes, Size n)
{
	ClassifierData *m;

	if (n + VARHDRSZ < CLF_HDRSZ)
		corrupt("classifier", "The value is shorter than its header.");
	m = palloc(VARHDRSZ + n);
	memcpy((char *) m + VARHDRSZ, bytes, n);
	SET_VARSIZE(m, VARHDRSZ + n);
	classifier_validate(m, VARHDRSZ + n);
	return m;
}

PG_FUNCTION_INFO_V1(classifier_in);
Datum
classifier_in(PG_FUNCTION_ARGS)
{
	struct varlena *img = text_to_image("classifier", CLF_PREFIX, PG_GETARG_CSTRING(0));

	PG_RETURN_POINTER(classifier_from_bytes(VARDATA(img), VARSIZE(img) - VARHDRSZ));
}

PG_FUNCTION_INFO_V1(classifier_out);
Datum
classifier_out(PG_FUNCTION_ARGS)
{
	ClassifierData *m = PG_GETARG_CLASSIFIER_P(0);

	PG_RETURN_CSTRING(image_to_text(CLF_PREFIX, (char *) m + VARHDRSZ, VARSIZE(m) - VARHDRSZ));
}

PG_FUNCTION_INFO_V1(classifier_recv);
Datum
classifier_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Size		n = buf->len - buf->cursor;
	const char *p = pq_getmsgbytes(buf, n);

	PG_RETURN_POINTER(classifier_from_bytes(p, n));
}

PG_FUNCTION_INFO_V1(classifier_send);
Datum
classifier_send(PG_FUNCTION_ARGS)
{
	ClassifierData *m = PG_GETARG_CLASSIFIER_P(0);
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, (char *) m + VARHDRSZ, VARSIZE(m) - VARHDRSZ);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* classifier_info(model): what a model holds */
PG_FUNCTION_INFO_V1(classifier_info);
Datum
classifier_info(PG_FUNCTION_ARGS)
{
	ClassifierData *m = PG_GETARG_CLASSIFIER_P(0);
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {0};
	Datum	   *labs = palloc(sizeof(Datum) * m->nlabels);
	const char *lab = CLF_LABELS(m);

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "return type must be a row type");
	for (uint32 i = 0; i < m->nlabels; i++)
	{
		labs[i] = CStringGetTextDatum(lab);
		lab += strlen(lab) + 1;
	}
	values[0] = Int32GetDatum(m->version);
	values[1] = PointerGetDatum(construct_array(labs, m->nlabels, TEXTOID, -1, false, TYPALIGN_INT));
	values[2] = Int64GetDatum(m->nfeatures);
	values[3] = Int64GetDatum(m->ndocs);
	values[4] = Float8GetDatum(m->temperature);
	values[5] = CStringGetTextDatum(classifier_options_text(&m->opts));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(BlessTupleDesc(tupdesc), values, nulls)));
}

/* ---------- the training state ---------- */

void
classifier_state_validate(const char *payload, Size size)
{
	const ClassifierStateHeader *h = (const ClassifierStateHeader *) payload;
	Size		off = sizeof(ClassifierStateHeader);
	uint32		docs = 0;

	if (size < sizeof(ClassifierStateHeader))
		corrupt("classifier_state", "The value is shorter than its header.");
	check_version_flags("classifier_state", h->version, CLASSIFIER_STATE_VERSION,
						h->flags, CLF_FLAG_LITTLE_ENDIAN);
	if (h->has_opts > 1 || h->reserved != 0)
		corrupt("classifier_state", "The header is malformed.");
	if (!h->has_opts)
	{
		static const ClassifierOptions zero;

		if (h->ndocs != 0 || size != off || memcmp(&h->opts, &zero, sizeof(zero)) != 0)
			corrupt("classifier_state", "A state without options must be empty.");
		return;
	}
	classifier_check_options(&h->opts, true);
	while (off < size)
	{
		ClassifierDocRec rec;
		const ClassifierFeat *f;

		if (size - off < sizeof(rec))
			corrupt("classifier_state", "A document record is truncated.");
		memcpy(&rec, payload + off, sizeof(rec));
		off += sizeof(rec);
		if (rec.label_len > CLF_MAX_LABEL_LEN || size - off < CLF_PAD4(rec.label_len) ||
			!label_ok(payload + off, rec.label_len))
			corrupt("classifier_state", "A label is not a valid string.");
		for (Size i = rec.label_len; i < CLF_PAD4(rec.label_len); i++)
			if (payload[off + i] != 0)
				corrupt("classifier_state", "Label padding is not zero.");
		off += CLF_PAD4(rec.label_len);
		if ((size - off) / sizeof(ClassifierFeat) < rec.nfeat)
			corrupt("classifier_state", "A document record is truncated.");
		f = (const ClassifierFeat *) (payload + off);
		for (uint32 i = 0; i < rec.nfeat; i++)
			if (f[i].count == 0 || (i > 0 && f[i].hash <= f[i - 1].hash))
				corrupt("classifier_state", "Document features are not strictly increasing with positive counts.");
		off += (Size) rec.nfeat * sizeof(ClassifierFeat);
		docs++;
	}
	if (docs != h->ndocs)
		corrupt("classifier_state", "The document count does not match the records.");
}

static struct varlena *
state_from_bytes(const char *bytes, Size n)
{
	struct varlena *v = palloc(VARHDRSZ + n);

	memcpy(VARDATA(v), bytes, n);
	SET_VARSIZE(v, VARHDRSZ + n);
	classifier_state_validate(VARDATA(v), n);
	return v;
}

PG_FUNCTION_INFO_V1(classifier_state_in);
Datum
classifier_state_in(PG_FUNCTION_ARGS)
{
	struct varlena *img = text_to_image("classifier_state", STATE_PREFIX, PG_GETARG_CSTRING(0));

	classifier_state_validate(VARDATA(img), VARSIZE(img) - VARHDRSZ);
	PG_RETURN_POINTER(img);
}

PG_FUNCTION_INFO_V1(classifier_state_out);
Datum
classifier_state_out(PG_FUNCTION_ARGS)
{
	struct varlena *v = classifier_state_unpacked(growstate_flat_arg(fcinfo, 0));

	PG_RETURN_CSTRING(image_to_text(STATE_PREFIX, VARDATA(v), VARSIZE(v) - VARHDRSZ));
}

PG_FUNCTION_INFO_V1(classifier_state_recv);
Datum
classifier_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	Size		n = buf->len - buf->cursor;

	PG_RETURN_POINTER(state_from_bytes(pq_getmsgbytes(buf, n), n));
}

PG_FUNCTION_INFO_V1(classifier_state_send);
Datum
classifier_state_send(PG_FUNCTION_ARGS)
{
	struct varlena *v = classifier_state_unpacked(growstate_flat_arg(fcinfo, 0));
	StringInfoData buf;

	pq_begintypsend(&buf);
	pq_sendbytes(&buf, VARDATA(v), VARSIZE(v) - VARHDRSZ);
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

/* ---------- the memory bound of training ---------- */

/*
 * scenario.classifier_train_memory (defined in classifier_init), here
 * beside its check so that every file that checks it, the state's packer
 * included, links without the parallel machinery.
 */
int			classifier_train_memory = CLF_TRAIN_MEMORY_DEFAULT;

/* Error out (54000) when need bytes are more than the bound allows. */
void
classifier_check_memory(Size need, const char *what)
{
	if (need / 1024 > (Size) classifier_train_memory)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s needs more memory than scenario.classifier_train_memory allows", what),
				 errdetail("It needs about %zu kB; the setting is %d kB.",
						   (need + 1023) / 1024, classifier_train_memory),
				 errhint("Raise scenario.classifier_train_memory, or train on fewer documents.")));
}
