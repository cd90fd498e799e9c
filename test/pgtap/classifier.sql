-- The trainable classifier: catalog, round trips (text and binary) of the
-- model and the state, strict input, a learnable data set, top-k
-- properties, parallel training equal to serial, cancellation.
BEGIN;
SELECT plan(38);

-- catalog ----------------------------------------------------------------
SELECT has_type('public', 'classifier', 'type classifier');
SELECT has_type('public', 'classifier_state', 'type classifier_state');
SELECT is((SELECT typstorage FROM pg_type WHERE oid = 'classifier'::regtype), 'e',
          'models are stored out of line, uncompressed');
SELECT is((SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
            WHERE p.proname = 'train_classifier' AND a.aggcombinefn <> 0
              AND a.aggtranstype = 'classifier_state'::regtype AND p.proparallel = 's'), 4,
          'the four train_classifier aggregates (text or sector labels, with or without options): combine function, state of our SQL type, parallel safe');
SELECT is((SELECT string_agg(DISTINCT provolatile::text || proparallel::text, ',') FROM pg_proc
            WHERE pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario')
              AND (proname LIKE '%classifier%' OR proname LIKE 'predict%') AND prokind = 'f'
              AND proname <> 'classifier_cache_stats'),
          'is', 'classifier functions are immutable and parallel safe (but classifier_cache_stats, see classifier_cache.sql)');
SELECT ok((SELECT bool_and(proisstrict) FROM pg_proc WHERE pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario')
            AND proname IN ('predict', 'predict_topk', 'classifier_info')),
          'predict, predict_topk, classifier_info are strict');

-- data: a slice of THUCNews (the benchmark uses the full split) ------------
CREATE TEMP TABLE clf_dev (doc text, label text);
CREATE TEMP TABLE clf_test (doc text, label text);
\copy clf_dev FROM 'data/thucnews_titles/dev.txt'
\copy clf_test FROM 'data/thucnews_titles/test.txt'
DELETE FROM clf_dev WHERE ctid IN (SELECT ctid FROM clf_dev OFFSET 4000);
DELETE FROM clf_test WHERE ctid IN (SELECT ctid FROM clf_test OFFSET 2000);
CREATE TEMP TABLE clf_m AS SELECT train_classifier(doc, label) AS model FROM clf_dev;

SELECT is((SELECT labels FROM classifier_info((SELECT model FROM clf_m))),
          '{0,1,2,3,4,5,6,7,8,9}'::text[], 'ten labels, sorted');
SELECT cmp_ok((SELECT avg((predict((SELECT model FROM clf_m), doc) = label)::int) FROM clf_test),
              '>', 0.80::numeric, 'trained on 4,000 titles, over 80% right on 2,000 others');
SELECT is((SELECT count(*)::int FROM clf_dev WHERE predict((SELECT model FROM clf_m), doc) IS NULL), 0,
          'every training title gets a label');

-- the decoded-model cache: a stored (toasted) model, the same model as a
-- literal and two models in one query all agree
SELECT is((SELECT count(*)::int FROM clf_test
            WHERE predict((SELECT model FROM clf_m), doc)
                  IS DISTINCT FROM predict((SELECT model::text::classifier FROM clf_m), doc)), 0,
          'a model read from a table and the same model from text predict alike');
CREATE TEMP TABLE clf_two AS
  SELECT 1 AS id, model FROM clf_m
  UNION ALL SELECT 2, train_classifier(doc, CASE WHEN label::int < 5 THEN 'low' ELSE 'high' END) FROM clf_dev;
SELECT is((SELECT array_agg(DISTINCT p ORDER BY p) FROM
             (SELECT predict(model, doc) AS p FROM clf_two, (SELECT doc FROM clf_test LIMIT 50) d
               WHERE id = 2) q),
          '{high,low}'::text[], 'alternating models in one query are not mixed up');
SELECT is((SELECT count(*)::int FROM (SELECT doc FROM clf_test LIMIT 200) d, clf_two
            WHERE predict(model, doc) NOT IN (SELECT unnest(labels) FROM classifier_info(model))), 0,
          'each prediction is a label of its own model');

-- top-k: sorted, probabilities in [0,1] summing to 1, first = predict ------
SELECT is((SELECT count(*)::int FROM (SELECT doc FROM clf_test LIMIT 200) d
            WHERE (SELECT round(sum(probability)::numeric, 9) FROM predict_topk((SELECT model FROM clf_m), doc, 10)) <> 1), 0,
          'probabilities over all labels sum to 1');
SELECT is((SELECT count(*)::int FROM (SELECT doc FROM clf_test LIMIT 200) d,
             LATERAL (SELECT array_agg(probability ORDER BY n) AS ps
                        FROM predict_topk((SELECT model FROM clf_m), doc, 5) WITH ORDINALITY t(l, probability, n)) t
            WHERE ps <> (SELECT array_agg(x ORDER BY x DESC) FROM unnest(ps) x)
               OR (SELECT min(x) FROM unnest(ps) x) < 0 OR (SELECT max(x) FROM unnest(ps) x) > 1), 0,
          'top-k rows are sorted by probability, within [0,1]');
SELECT is((SELECT count(*)::int FROM (SELECT doc FROM clf_test LIMIT 200) d
            WHERE (SELECT label FROM predict_topk((SELECT model FROM clf_m), doc, 1))
                  IS DISTINCT FROM predict((SELECT model FROM clf_m), doc)), 0,
          'the top label is the predicted label');
SELECT is((SELECT count(*)::int FROM predict_topk((SELECT model FROM clf_m), '上证指数大涨', 3)), 3, 'k rows');
SELECT is((SELECT count(*)::int FROM predict_topk((SELECT model FROM clf_m), '上证指数大涨', 50)), 10,
          'k beyond the label count gives every label');

-- round trips: text and binary, model and state ------------------------------
SELECT is((SELECT model::text::classifier::text FROM clf_m), (SELECT model::text FROM clf_m), 'model text round trip');
CREATE AGGREGATE pg_temp.clf_state(text, text) (
  SFUNC = _classifier_accum, STYPE = classifier_state);
CREATE TEMP TABLE clf_s AS SELECT pg_temp.clf_state(doc, label) AS s FROM (SELECT * FROM clf_dev LIMIT 300) d;
SELECT is((SELECT s::text::classifier_state::text FROM clf_s), (SELECT s::text FROM clf_s), 'state text round trip');

CREATE FUNCTION pg_temp.copy_binary(src text, dst text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f text := current_setting('data_directory') || '/clf_tap_' || pg_backend_pid() || '.bin';
BEGIN
  EXECUTE format('COPY (SELECT * FROM %s) TO %L (FORMAT binary)', src, f);
  EXECUTE format('COPY %s FROM %L (FORMAT binary)', dst, f);
END $$;
CREATE TEMP TABLE clf_m2 (model classifier);
CREATE TEMP TABLE clf_s2 (s classifier_state);
SELECT pg_temp.copy_binary('clf_m', 'clf_m2');
SELECT pg_temp.copy_binary('clf_s', 'clf_s2');
SELECT is((SELECT model::text FROM clf_m2), (SELECT model::text FROM clf_m), 'model binary (send/recv) round trip');
SELECT is((SELECT s::text FROM clf_s2), (SELECT s::text FROM clf_s), 'state binary (send/recv) round trip');
SELECT is((SELECT classifier_send(model) FROM clf_m2), (SELECT classifier_send(model) FROM clf_m), 'send is stable');

-- recv is as strict as in: a binary COPY file with a patched image
CREATE FUNCTION pg_temp.recv_patched(typ text, img bytea) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f text := current_setting('data_directory') || '/clf_tap_bad_' || pg_backend_pid() || '.bin';
        lo oid;
BEGIN
  lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
                         || '\x0001'::bytea || int4send(length(img)) || img || '\xffff'::bytea);
  PERFORM lo_export(lo, f);
  PERFORM lo_unlink(lo);
  EXECUTE format('CREATE TEMP TABLE clf_recv_%s (v %s)', pg_backend_pid(), typ);
  EXECUTE format('COPY clf_recv_%s FROM %L (FORMAT binary)', pg_backend_pid(), f);
END $$;
SELECT throws_ok($$SELECT pg_temp.recv_patched('classifier', set_byte((SELECT classifier_send(model) FROM clf_m), 5000, 1))$$,
                 '22P02', NULL, 'recv: a flipped byte fails the checksum');
SELECT throws_ok($$SELECT pg_temp.recv_patched('classifier', set_byte((SELECT classifier_send(model) FROM clf_m), 0, 9))$$,
                 '22023', NULL, 'recv: a future format version is refused');
SELECT throws_ok($$SELECT pg_temp.recv_patched('classifier', substr((SELECT classifier_send(model) FROM clf_m), 1, 77))$$,
                 '22P02', NULL, 'recv: a truncated model is refused');
SELECT throws_ok($$SELECT pg_temp.recv_patched('classifier_state', substr((SELECT classifier_state_send(s) FROM clf_s), 1, 1000))$$,
                 '22P02', NULL, 'recv: a truncated state is refused');
SELECT throws_ok($$SELECT pg_temp.recv_patched('classifier_state', set_byte((SELECT classifier_state_send(s) FROM clf_s), 0, 2))$$,
                 '22023', NULL, 'recv: a state of a future format version is refused');

-- errors -----------------------------------------------------------------------
SELECT throws_ok($$SELECT * FROM predict_topk((SELECT model FROM clf_m), 'x', 0)$$, '22023', NULL, 'k = 0');
SELECT throws_ok($$SELECT train_classifier(doc, label, 'epochs=3') FROM clf_dev$$, '22023', NULL, 'unknown option');
SELECT throws_ok($$SELECT 'classifier:!!'::classifier$$, '22P02', NULL, 'bad base64');
SELECT throws_ok($$SELECT train_classifier('x', repeat('y', 2000))$$, '54000', NULL, 'label too long');
SELECT lives_ok($$SELECT predict((SELECT model FROM clf_m), repeat('中国经济增长 股市 ABC ', 7000000))$$,
                'a 100 MB document is classified');

-- training stops promptly on statement_timeout (a model this strict would
-- take minutes): the cancel arrives within a second of the deadline
CREATE FUNCTION pg_temp.cancelled_after(q text) RETURNS interval LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  EXECUTE q;
  RETURN NULL;
EXCEPTION WHEN query_canceled THEN
  RETURN clock_timestamp() - t0;
END $$;
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancelled_after($$SELECT train_classifier(doc, label, 'tol=1e-9 max_iter=100000 c=1000') FROM clf_dev$$),
              '<', interval '1.3 s', 'training is cancelled promptly by statement_timeout');
RESET statement_timeout;

-- parallel training: Partial Aggregate in the plan, the same model as serial ---
CREATE TABLE clf_par AS SELECT *, ('gbt4754:' || chr(65 + label::int))::sector AS sector FROM clf_dev;
ANALYZE clf_par;
CREATE TEMP TABLE clf_serial AS SELECT train_classifier(doc, label) AS model FROM clf_par;
CREATE TEMP TABLE clf_serial_text AS SELECT train_classifier(doc, sector::text) AS model FROM clf_par;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan('SELECT train_classifier(doc, label) FROM clf_par') l
                   WHERE l LIKE '%Partial Aggregate%'), 'the forced parallel plan has a Partial Aggregate');
CREATE TEMP TABLE clf_parallel AS SELECT train_classifier(doc, label) AS model FROM clf_par;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan('SELECT train_classifier(doc, sector) FROM clf_par') l
                   WHERE l LIKE '%Partial Aggregate%'), 'sector labels: the forced parallel plan has a Partial Aggregate');
CREATE TEMP TABLE clf_parallel_sector AS SELECT train_classifier(doc, sector) AS model FROM clf_par;
RESET max_parallel_workers_per_gather;
SELECT is((SELECT model::text FROM clf_parallel_sector), (SELECT model::text FROM clf_serial_text),
          'sector labels trained in parallel give the model of their text trained serially');
SELECT is((SELECT model::text FROM clf_parallel), (SELECT model::text FROM clf_serial),
          'parallel training gives the very same model as serial');
SELECT is((SELECT count(*)::int FROM clf_test
            WHERE predict((SELECT model FROM clf_parallel), doc) IS DISTINCT FROM predict((SELECT model FROM clf_serial), doc)), 0,
          'and the same predictions');

SELECT * FROM finish();
ROLLBACK;
