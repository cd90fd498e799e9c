-- classifier: the trainable text classifier -------------------------------
SELECT @extschema@._require_library('0.1.0');

-- The model ---------------------------------------------------------------

CREATE TYPE @extschema@.classifier;

CREATE FUNCTION @extschema@.classifier_in(cstring) RETURNS @extschema@.classifier
AS 'MODULE_PATHNAME', 'classifier_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_in(cstring) IS
'input function of type classifier: "classifier:" followed by the base64 of the binary image';

CREATE FUNCTION @extschema@.classifier_out(@extschema@.classifier) RETURNS cstring
AS 'MODULE_PATHNAME', 'classifier_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_out(@extschema@.classifier) IS
'output function of type classifier';

CREATE FUNCTION @extschema@.classifier_recv(internal) RETURNS @extschema@.classifier
AS 'MODULE_PATHNAME', 'classifier_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_recv(internal) IS
'binary input function of type classifier (validates like classifier_in)';

CREATE FUNCTION @extschema@.classifier_send(@extschema@.classifier) RETURNS bytea
AS 'MODULE_PATHNAME', 'classifier_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_send(@extschema@.classifier) IS
'binary output function of type classifier';

-- STORAGE external: models are large and float data barely compresses;
-- out of line and uncompressed, predictors recognise a model by its toast
-- pointer without reading it.
CREATE TYPE @extschema@.classifier (
	INTERNALLENGTH = VARIABLE,
	INPUT = @extschema@.classifier_in,
	OUTPUT = @extschema@.classifier_out,
	RECEIVE = @extschema@.classifier_recv,
	SEND = @extschema@.classifier_send,
	ALIGNMENT = double,
	STORAGE = external
);
COMMENT ON TYPE @extschema@.classifier IS
'a trained text classifier (NB-SVM over TF-IDF character n-grams); made by train_classifier, used by predict and predict_topk';

-- The training state -----------------------------------------------------

CREATE TYPE @extschema@.classifier_state;

CREATE FUNCTION @extschema@.classifier_state_in(cstring) RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_state_in(cstring) IS
'input function of type classifier_state: "classifier_state:" followed by the base64 of the binary image';

CREATE FUNCTION @extschema@.classifier_state_out(@extschema@.classifier_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'classifier_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_state_out(@extschema@.classifier_state) IS
'output function of type classifier_state';

CREATE FUNCTION @extschema@.classifier_state_recv(internal) RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_state_recv(internal) IS
'binary input function of type classifier_state (validates like classifier_state_in)';

CREATE FUNCTION @extschema@.classifier_state_send(@extschema@.classifier_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'classifier_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_state_send(@extschema@.classifier_state) IS
'binary output function of type classifier_state';

CREATE TYPE @extschema@.classifier_state (
	INTERNALLENGTH = VARIABLE,
	INPUT = @extschema@.classifier_state_in,
	OUTPUT = @extschema@.classifier_state_out,
	RECEIVE = @extschema@.classifier_state_recv,
	SEND = @extschema@.classifier_state_send,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.classifier_state IS
'state of the aggregate train_classifier: the labelled documents as hashed features';

-- Training ---------------------------------------------------------------

CREATE FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, text)
RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, text) IS
'internal: transition function of train_classifier(doc, label)';

CREATE FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, text, text)
RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_accum'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, text, text) IS
'internal: transition function of train_classifier(doc, label, options)';

CREATE FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector)
RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_accum_sector'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector) IS
'internal: transition function of train_classifier(doc, label sector)';

CREATE FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector, text)
RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_accum_sector'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector, text) IS
'internal: transition function of train_classifier(doc, label sector, options)';

CREATE FUNCTION @extschema@._classifier_combine(@extschema@.classifier_state, @extschema@.classifier_state)
RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_combine'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_combine(@extschema@.classifier_state, @extschema@.classifier_state) IS
'internal: combine function of train_classifier (concatenates the training sets)';

CREATE FUNCTION @extschema@._classifier_final(@extschema@.classifier_state)
RETURNS @extschema@.classifier
AS 'MODULE_PATHNAME', 'classifier_final'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_final(@extschema@.classifier_state) IS
'internal: final function of train_classifier (trains the model)';

CREATE AGGREGATE @extschema@.train_classifier(doc text, label text) (
	SFUNC = @extschema@._classifier_accum,
	STYPE = @extschema@.classifier_state,
	COMBINEFUNC = @extschema@._classifier_combine,
	FINALFUNC = @extschema@._classifier_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.train_classifier(text, text) IS
'train a text classifier on (document, label) rows with the default options; NULL with no rows';

CREATE AGGREGATE @extschema@.train_classifier(doc text, label text, options text) (
	SFUNC = @extschema@._classifier_accum,
	STYPE = @extschema@.classifier_state,
	COMBINEFUNC = @extschema@._classifier_combine,
	FINALFUNC = @extschema@._classifier_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.train_classifier(text, text, text) IS
'train a text classifier; options are key=value pairs: c, beta, tol, max_iter, ngram (min-max), latin (chars|words), boundaries, nb';

-- Sector labels train exactly as their canonical text (the same model, byte
-- for byte), so predictions cast back: predict(model, doc)::sector.  The
-- cast sector -> text is only an assignment cast, which function calls do
-- not apply, hence these overloads.
CREATE AGGREGATE @extschema@.train_classifier(doc text, label @extschema@.sector) (
	SFUNC = @extschema@._classifier_accum,
	STYPE = @extschema@.classifier_state,
	COMBINEFUNC = @extschema@._classifier_combine,
	FINALFUNC = @extschema@._classifier_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.train_classifier(text, @extschema@.sector) IS
'train a text classifier on (document, sector) rows with the default options, labels as the sectors'' canonical text; NULL with no rows';

CREATE AGGREGATE @extschema@.train_classifier(doc text, label @extschema@.sector, options text) (
	SFUNC = @extschema@._classifier_accum,
	STYPE = @extschema@.classifier_state,
	COMBINEFUNC = @extschema@._classifier_combine,
	FINALFUNC = @extschema@._classifier_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.train_classifier(text, @extschema@.sector, text) IS
'train a text classifier on (document, sector) rows, labels as the sectors'' canonical text; options as for train_classifier(text, text, text)';

-- Prediction -------------------------------------------------------------

CREATE FUNCTION @extschema@.predict(model @extschema@.classifier, doc text) RETURNS text
AS 'MODULE_PATHNAME', 'classifier_predict'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.predict(@extschema@.classifier, text) IS
'the most likely label of the document; NULL when no feature of the document is known to the model';

CREATE FUNCTION @extschema@.predict_topk(model @extschema@.classifier, doc text, k integer DEFAULT 3,
	OUT label text, OUT probability double precision)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'classifier_predict_topk'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION @extschema@.predict_topk(@extschema@.classifier, text, integer) IS
'the k most likely labels of the document with their probabilities (softmax of the decision values), most likely first';

CREATE FUNCTION @extschema@.classifier_info(model @extschema@.classifier,
	OUT version integer, OUT labels text[], OUT features bigint, OUT documents bigint,
	OUT temperature double precision, OUT options text)
AS 'MODULE_PATHNAME', 'classifier_info'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_info(@extschema@.classifier) IS
'what a trained classifier holds: format version, labels, feature count, training documents, softmax temperature, options';

-- The per-session cache of decoded models (classifier_cache.c) -----------

CREATE FUNCTION @extschema@.classifier_cache_stats(
	OUT hits bigint, OUT misses bigint, OUT evictions bigint,
	OUT entries integer, OUT size_limit integer, OUT memory_bytes bigint)
AS 'MODULE_PATHNAME', 'classifier_cache_stats'
LANGUAGE C VOLATILE PARALLEL RESTRICTED;
COMMENT ON FUNCTION @extschema@.classifier_cache_stats() IS
'the decoded-model cache of predict and predict_topk in this session: models found in it, decoded into it, evicted from it since the session began; models and bytes it holds now; its limit (scenario.classifier_cache_size)';

-- jsonb forms (their casts are in bi.sql) ------------------------------

CREATE FUNCTION @extschema@.classifier_jsonb(@extschema@.classifier) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.to_jsonb(i) FROM @extschema@.classifier_info($1) AS i $$;
COMMENT ON FUNCTION @extschema@.classifier_jsonb(@extschema@.classifier) IS
'a classifier as {"version", "labels", "features", "documents", "temperature", "options"} (classifier_info); the weights stay in the text form';

CREATE FUNCTION @extschema@.classifier_state_jsonb(@extschema@.classifier_state) RETURNS jsonb
AS 'MODULE_PATHNAME', 'classifier_state_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_state_jsonb(@extschema@.classifier_state) IS
'a classifier training state as {"documents", "options", "labels": {label: documents}}; the features stay in the text form';
