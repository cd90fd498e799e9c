-- Parallel training of the classifier (issue 15): with a forced parallel
-- plan the text work runs in the partial aggregates and the final function
-- trains the classes in workers of its own; the model is byte for byte the
-- serial one at 1, 2 and 4 workers.  scenario.classifier_train_memory bounds
-- training with SQLSTATE 54000, for the state and for the final function.
BEGIN;
SELECT plan(22);

-- 6,000 real titles: about 90 pages, enough for a plan with 4 workers, and
-- about 300,000 matrix entries, enough for the final function's workers
CREATE TABLE clfp_docs (doc text, label text);
\copy clfp_docs FROM 'data/thucnews_titles/dev.txt'
DELETE FROM clfp_docs WHERE ctid IN (SELECT ctid FROM clfp_docs OFFSET 6000);
ANALYZE clfp_docs;

SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE clfp_serial AS SELECT train_classifier(doc, label) AS model FROM clfp_docs;
SELECT is((SELECT documents FROM classifier_info((SELECT model FROM clfp_serial))), 6000::bigint,
          'serial training saw every document');

SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;

SET LOCAL max_parallel_workers_per_gather = 4;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan('SELECT train_classifier(doc, label) FROM clfp_docs') l
                   WHERE l LIKE '%Workers Planned: 4%')
          AND EXISTS (SELECT 1 FROM pg_temp.plan('SELECT train_classifier(doc, label) FROM clfp_docs') l
                   WHERE l LIKE '%Partial Aggregate%'),
          'the forced plan has 4 workers and a Partial Aggregate');

CREATE TEMP TABLE clfp_par (workers int, model classifier);
SET LOCAL max_parallel_workers_per_gather = 1;
INSERT INTO clfp_par SELECT 1, train_classifier(doc, label) FROM (SELECT * FROM clfp_docs) d;
SET LOCAL max_parallel_workers_per_gather = 2;
INSERT INTO clfp_par SELECT 2, train_classifier(doc, label) FROM (SELECT * FROM clfp_docs) d;
SET LOCAL max_parallel_workers_per_gather = 4;
INSERT INTO clfp_par SELECT 4, train_classifier(doc, label) FROM (SELECT * FROM clfp_docs) d;
-- a temporary table is never scanned in parallel: the final function's
-- own workers alone
CREATE TEMP TABLE clfp_tmp AS SELECT * FROM clfp_docs;
SELECT ok(NOT EXISTS (SELECT 1 FROM pg_temp.plan('SELECT train_classifier(doc, label) FROM clfp_tmp') l
                       WHERE l LIKE '%Partial Aggregate%'), 'a temporary table: no parallel plan');
CREATE TEMP TABLE clfp_final_only AS SELECT train_classifier(doc, label) AS model FROM clfp_tmp;
SET LOCAL max_parallel_workers_per_gather = 0;

SELECT is((SELECT model::text FROM clfp_par WHERE workers = 1), (SELECT model::text FROM clfp_serial),
          '1 worker: the very model serial training gives');
SELECT is((SELECT model::text FROM clfp_par WHERE workers = 2), (SELECT model::text FROM clfp_serial),
          '2 workers: the very model serial training gives');
SELECT is((SELECT model::text FROM clfp_par WHERE workers = 4), (SELECT model::text FROM clfp_serial),
          '4 workers: the very model serial training gives');
SELECT is((SELECT model::text FROM clfp_final_only), (SELECT model::text FROM clfp_serial),
          'classes trained by the final function''s workers only: the very model serial training gives');

-- the packed form -------------------------------------------------------
-- A partial state leaves a worker packed (labels once, 4-byte hashes, only
-- counts above 1), and so does a state flattened anywhere, stored in a
-- table say; every reader unpacks it, and its text and binary forms are
-- the unpacked image, as they always were.
CREATE AGGREGATE pg_temp.clfp_state(text, text) (
	SFUNC = _classifier_accum, STYPE = classifier_state,
	COMBINEFUNC = _classifier_combine, PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.clfp_merge(classifier_state) (
	SFUNC = _classifier_combine, STYPE = classifier_state);
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE TEMP TABLE clfp_states AS
	SELECT 'parallel' AS how, pg_temp.clfp_state(doc, label) AS s FROM (SELECT * FROM clfp_docs) d;
SET LOCAL max_parallel_workers_per_gather = 0;
INSERT INTO clfp_states SELECT 'serial', pg_temp.clfp_state(doc, label) FROM clfp_docs;
SELECT ok((SELECT bool_and(pg_column_size(s) < octet_length(classifier_state_send(s)) * 0.7) FROM clfp_states),
          'a stored state is packed: under 70% of its binary form');
SELECT is((SELECT length(s::text) FROM clfp_states WHERE how = 'parallel'),
          (SELECT length(s::text) FROM clfp_states WHERE how = 'serial'),
          'the text form is the unpacked image: as long as the serial state''s');
SELECT is((SELECT s::text FROM clfp_states WHERE how = 'serial'),
          (SELECT s::text::classifier_state::text FROM clfp_states WHERE how = 'serial'),
          'text output of a packed state reads back to the same text');
SELECT is((SELECT classifier_state_send(s) FROM clfp_states WHERE how = 'serial'),
          (SELECT classifier_state_send(s::text::classifier_state) FROM clfp_states WHERE how = 'serial'),
          'binary output of a packed state is the image the text form holds');
SELECT is((SELECT s::jsonb FROM clfp_states WHERE how = 'parallel'),
          (SELECT s::jsonb FROM clfp_states WHERE how = 'serial'),
          'the jsonb summary reads a packed state: the same documents per label');
SELECT is((SELECT _classifier_final(s)::text FROM clfp_states WHERE how = 'parallel'),
          (SELECT model::text FROM clfp_serial),
          'training from a stored packed state: the very model serial training gives');
SELECT is((SELECT (pg_temp.clfp_merge(s)::jsonb)->'documents' FROM clfp_states), '12000'::jsonb,
          'combining packed states unpacks them into place: every document of both');
SELECT is((SELECT _classifier_final(pg_temp.clfp_merge(s))::text FROM clfp_states WHERE how = 'serial'),
          (SELECT model::text FROM clfp_serial),
          'a packed state combined into an empty one trains the serial model');
-- A packed state carries its per-term statistics (key, documents), which
-- the combine function merges so that the final function need not count
-- them; merged from packed states or counted from unpacked ones (or a
-- mix, which drops them), the model is the same.
SELECT is((SELECT _classifier_final(pg_temp.clfp_merge(s))::text FROM clfp_states),
          (SELECT _classifier_final(pg_temp.clfp_merge(s::text::classifier_state))::text FROM clfp_states),
          'two packed states'' merged term statistics train the model counting them gives');
SELECT is((SELECT _classifier_final(pg_temp.clfp_merge(CASE how WHEN 'serial' THEN s::text::classifier_state ELSE s END
                                                       ORDER BY how))::text FROM clfp_states),
          (SELECT _classifier_final(pg_temp.clfp_merge(s::text::classifier_state))::text FROM clfp_states),
          'a packed state merged into an unpacked one: the statistics are counted, the same model');
-- the packed flag is not a text or binary form: input refuses it
SELECT throws_ok($$SELECT ('classifier_state:' || translate(encode(set_byte(decode(substr(s::text, 18), 'base64'), 1, 129),
                                                                 'base64'), E'\n', ''))::classifier_state
                   FROM clfp_states WHERE how = 'serial'$$,
                 '22P02', 'invalid classifier_state value',
                 'input refuses a value with the packed flag');

-- the memory bound --------------------------------------------------------
SELECT is(current_setting('scenario.classifier_train_memory'), '4GB', 'the bound is 4 GB by default');
-- 6,000 titles make a state of about 2.5 MB: past a bound of 1 MB while rows come in
SET LOCAL scenario.classifier_train_memory = '1MB';
SELECT throws_ok('SELECT train_classifier(doc, label) FROM clfp_docs', '54000',
                 'train_classifier state needs more memory than scenario.classifier_train_memory allows',
                 'a state past the bound: SQLSTATE 54000');
-- 2,000 titles: the state (about 0.8 MB) fits, training (matrix, scratch) does not
SELECT throws_ok('SELECT train_classifier(doc, label) FROM (SELECT * FROM clfp_docs LIMIT 2000) d', '54000',
                 'train_classifier needs more memory than scenario.classifier_train_memory allows',
                 'a training past the bound: SQLSTATE 54000 before the large allocations');
RESET scenario.classifier_train_memory;
SELECT lives_ok('SELECT train_classifier(doc, label) FROM (SELECT * FROM clfp_docs LIMIT 2000) d',
                'within the default bound the same training runs');

SELECT * FROM finish();
ROLLBACK;
