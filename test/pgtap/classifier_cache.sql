-- The per-session cache of decoded classifier models (issue 15): with the
-- cache on, predict and predict_topk answer exactly as with it off, for two
-- models alternating within one statement and across statements, stored and
-- in memory, after UPDATE and ALTER TABLE of the model column, in parallel
-- workers; the size limit holds (1 model), 0 turns it off; the statistics
-- count what happened.
BEGIN;
SELECT plan(33);

-- catalog ----------------------------------------------------------------
SELECT is((SELECT provolatile::text || proparallel::text FROM pg_proc
            WHERE oid = 'classifier_cache_stats()'::regprocedure), 'vr',
          'classifier_cache_stats is volatile and parallel restricted (it reports this backend)');
SELECT is((SELECT format('%s/%s/%s/%s/%s', hits, misses, evictions, entries, size_limit) FROM classifier_cache_stats()),
          '0/0/0/0/4', 'a new session: an empty cache, limit 4');
-- (the setting exists once the library is loaded: the call above loads it)
SELECT is(current_setting('scenario.classifier_cache_size'), '4', 'scenario.classifier_cache_size defaults to 4');
SELECT throws_ok($$SET scenario.classifier_cache_size = -1$$, '22023', NULL, 'a negative cache size is refused');

-- data: two small models and 200 titles ------------------------------------
CREATE TEMP TABLE cc_dev (doc text, label text);
CREATE TEMP TABLE cc_test (doc text, label text);
\copy cc_dev FROM 'data/thucnews_titles/dev.txt'
\copy cc_test FROM 'data/thucnews_titles/test.txt'
-- regular tables: parallel workers read them
CREATE TABLE public._tap_cc_docs AS
  SELECT row_number() OVER ()::int AS id, doc FROM (SELECT doc FROM cc_test LIMIT 200) t;
CREATE TABLE public._tap_cc_models (id int PRIMARY KEY, model classifier);
INSERT INTO public._tap_cc_models
  SELECT 1, train_classifier(doc, label) FROM (SELECT * FROM cc_dev LIMIT 600) d;
INSERT INTO public._tap_cc_models
  SELECT 2, train_classifier(doc, CASE WHEN label::int < 5 THEN 'low' ELSE 'high' END)
    FROM (SELECT * FROM cc_dev LIMIT 600) d;
-- a third model, for the UPDATE below
CREATE TEMP TABLE cc_m3 AS
  SELECT train_classifier(doc, label, 'ngram=1-1') AS model FROM (SELECT * FROM cc_dev OFFSET 600 LIMIT 600) d;
ANALYZE public._tap_cc_docs, public._tap_cc_models;
SELECT is((SELECT count(DISTINCT pg_column_size(model))::int FROM public._tap_cc_models
            WHERE pg_column_size(model) > 2000), 2, 'both models are large enough to be stored out of line');

-- One row per (document, model): predict and the whole predict_topk.  The
-- join gives model 1 to odd documents and model 2 to even ones, so the model
-- argument alternates from row to row.
-- (psql variables, not views: ALTER TABLE below rewrites the column)
\set alternating 'SELECT d.id, m.id AS mid, predict(m.model, d.doc) AS p, (SELECT string_agg(label || ''='' || probability::text, '' '') FROM predict_topk(m.model, d.doc, 4)) AS topk FROM public._tap_cc_docs d JOIN public._tap_cc_models m ON m.id = 1 + d.id % 2'
-- The same in memory: each row's model parsed from text, at a new address.
\set in_memory 'SELECT d.id, m.id AS mid, predict(m.model::text::classifier, d.doc) AS p, (SELECT string_agg(label || ''='' || probability::text, '' '') FROM predict_topk(m.model::text::classifier, d.doc, 4)) AS topk FROM (SELECT * FROM public._tap_cc_docs WHERE id <= 30) d JOIN public._tap_cc_models m ON m.id = 1 + d.id % 2'
-- Both models on every document, one statement per prediction.
CREATE FUNCTION pg_temp.cc_per_statement() RETURNS TABLE (id int, mid int, p text, topk text)
LANGUAGE plpgsql AS $$
DECLARE
	d record;
BEGIN
	FOR d IN SELECT * FROM public._tap_cc_docs WHERE public._tap_cc_docs.id <= 60 ORDER BY 1 LOOP
		FOR m IN 1 .. 2 LOOP
			id := d.id;
			mid := m;
			EXECUTE 'SELECT predict(model, $1) FROM public._tap_cc_models WHERE id = $2' INTO p USING d.doc, m;
			EXECUTE 'SELECT string_agg(label || ''='' || probability::text, '' '') FROM public._tap_cc_models,
			           predict_topk(model, $1, 4) WHERE id = $2' INTO topk USING d.doc, m;
			RETURN NEXT;
		END LOOP;
	END LOOP;
END $$;
CREATE FUNCTION pg_temp.cc_explain(query text) RETURNS SETOF text
LANGUAGE plpgsql AS $$
BEGIN
	RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF, VERBOSE) ' || query;
END $$;
-- Rows of a query that differ from the reference (cache off) table ref.
CREATE FUNCTION pg_temp.cc_differences(query text, ref text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
	n bigint;
BEGIN
	EXECUTE format('SELECT count(*) FROM (%s) q FULL JOIN (%s) r ON r.id = q.id AND r.mid = q.mid
	                 WHERE q.id IS NULL OR r.id IS NULL OR q.p IS DISTINCT FROM r.p OR q.topk IS DISTINCT FROM r.topk',
	               query, ref) INTO n;
	RETURN n;
END $$;

-- the reference: cache off -----------------------------------------------
SET scenario.classifier_cache_size = 0;
CREATE TEMP TABLE cc_ref AS
  SELECT d.id, m.id AS mid, predict(m.model, d.doc) AS p,
         (SELECT string_agg(label || '=' || probability::text, ' ') FROM predict_topk(m.model, d.doc, 4)) AS topk
    FROM public._tap_cc_docs d, public._tap_cc_models m;
CREATE TEMP TABLE cc_ref3 AS
  SELECT d.id, 1 AS mid, predict(m.model, d.doc) AS p,
         (SELECT string_agg(label || '=' || probability::text, ' ') FROM predict_topk(m.model, d.doc, 4)) AS topk
    FROM public._tap_cc_docs d, cc_m3 m;
-- for the parallel workers: regular tables and functions
CREATE TABLE public._tap_cc_ref AS SELECT * FROM cc_ref;
ANALYZE public._tap_cc_ref;
CREATE FUNCTION public._tap_cc_topk(classifier, text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$ SELECT string_agg(label || '=' || probability::text, ' ') FROM predict_topk($1, $2, 4) $$;
SELECT is((SELECT count(*)::int FROM cc_ref WHERE p IS NOT NULL AND topk IS NOT NULL), 400, 'reference: 200 titles x 2 models');
SELECT is((SELECT count(DISTINCT p)::int FROM cc_ref WHERE mid = 2), 2, 'reference: model 2 says low or high');
SELECT is((SELECT format('%s/%s/%s', hits, misses, entries) FROM classifier_cache_stats()), '0/0/0',
          'cache off: nothing looked up, nothing kept');

-- cache on --------------------------------------------------------------
RESET scenario.classifier_cache_size;
SELECT is(pg_temp.cc_differences(:'alternating', 'SELECT * FROM cc_ref WHERE mid = 1 + id % 2'), 0::bigint,
          'cache on, models alternating row by row in one statement: the same answers');
SELECT is((SELECT format('%s/%s', misses, entries) FROM classifier_cache_stats()), '2/2',
          'each model decoded once');
SELECT is(pg_temp.cc_differences(:'alternating', 'SELECT * FROM cc_ref WHERE mid = 1 + id % 2'), 0::bigint,
          'the same statement again: the same answers');
SELECT is((SELECT misses FROM classifier_cache_stats()), 2::bigint, 'served from the cache: no new decode');
SELECT cmp_ok((SELECT hits FROM classifier_cache_stats()), '>=', 4::bigint, 'and counted as hits');
SELECT is(pg_temp.cc_differences('SELECT * FROM pg_temp.cc_per_statement()', 'SELECT * FROM cc_ref WHERE id <= 60'), 0::bigint,
          'across statements, one prediction each, models alternating: the same answers');
SELECT is((SELECT misses FROM classifier_cache_stats()), 2::bigint, 'still no new decode');
SELECT is(pg_temp.cc_differences(:'in_memory', 'SELECT * FROM cc_ref WHERE mid = 1 + id % 2 AND id <= 30'), 0::bigint,
          'models in memory (parsed from text on each row), alternating: the same answers');
SELECT is((SELECT misses FROM classifier_cache_stats()), 2::bigint, 'found by content: no new decode');

-- UPDATE and ALTER TABLE of the model column -------------------------------
UPDATE public._tap_cc_models m SET model = o.model FROM public._tap_cc_models o WHERE o.id = 3 - m.id;
SELECT is(pg_temp.cc_differences(:'alternating',
                                 'SELECT * FROM (SELECT id, 3 - mid AS mid, p, topk FROM cc_ref) r WHERE mid = 1 + id % 2'), 0::bigint,
          'after UPDATE swapping the two models: each row answers as its new model');
SELECT is((SELECT misses FROM classifier_cache_stats()), 2::bigint, 'the same two models: found by content, not decoded again');
UPDATE public._tap_cc_models SET model = (SELECT model FROM cc_m3) WHERE id = 1;
SELECT is(pg_temp.cc_differences(:'alternating' || ' WHERE m.id = 1',
                                 'SELECT * FROM cc_ref3 WHERE 1 + id % 2 = 1'), 0::bigint,
          'after UPDATE to a new model: its answers, not the old model''s');
ALTER TABLE public._tap_cc_models ALTER COLUMN model TYPE classifier USING model::text::classifier;
SELECT is(pg_temp.cc_differences(:'alternating' || ' WHERE m.id = 1',
                                 'SELECT * FROM cc_ref3 WHERE 1 + id % 2 = 1'), 0::bigint,
          'after ALTER TABLE rewrote the column: the same answers');
UPDATE public._tap_cc_models m SET model = r.model
  FROM (SELECT 1 AS id, train_classifier(doc, label) AS model FROM (SELECT * FROM cc_dev LIMIT 600) d) r
 WHERE m.id = r.id;
UPDATE public._tap_cc_models m SET model = r.model
  FROM (SELECT 2 AS id, train_classifier(doc, CASE WHEN label::int < 5 THEN 'low' ELSE 'high' END) AS model
          FROM (SELECT * FROM cc_dev LIMIT 600) d) r
 WHERE m.id = r.id;
SELECT is(pg_temp.cc_differences(:'alternating', 'SELECT * FROM cc_ref WHERE mid = 1 + id % 2'), 0::bigint,
          'models retrained into the column: the first answers again');
SELECT is((SELECT format('%s/%s', misses, entries) FROM classifier_cache_stats()), '3/3',
          'retrained byte for byte: found by content (3 models decoded in all: 1, 2 and the third)');
ANALYZE public._tap_cc_models;

-- parallel workers -----------------------------------------------------------
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
SET LOCAL force_parallel_mode = on;
-- the predictions agreeing with the reference, counted in the workers
\set par 'SELECT count(*) FROM public._tap_cc_docs d JOIN public._tap_cc_models m ON m.id = 1 + d.id % 2 JOIN public._tap_cc_ref r ON r.id = d.id AND r.mid = m.id WHERE r.p IS NOT DISTINCT FROM predict(m.model, d.doc) AND r.topk IS NOT DISTINCT FROM public._tap_cc_topk(m.model, d.doc)'
SELECT matches((SELECT string_agg(l, E'\n') FROM pg_temp.cc_explain(:'par') l),
               'Gather.*Join Filter: .*predict\(m.model, d.doc\).*_tap_cc_topk\(m.model, d.doc\).*Parallel Seq Scan',
               'the plan predicts in the parallel workers, below the Gather');
SELECT is((:par), 200::bigint, 'in parallel workers, cache on: the same answers');
SET LOCAL scenario.classifier_cache_size = 1;
SELECT is((:par), 200::bigint, 'in parallel workers, a cache of one model: the same answers');
SET LOCAL scenario.classifier_cache_size = 0;
SELECT is((:par), 200::bigint, 'in parallel workers, cache off: the same answers');
RESET force_parallel_mode;
RESET max_parallel_workers_per_gather;

-- the bound ---------------------------------------------------------------
SET scenario.classifier_cache_size = 4;
SELECT is((SELECT entries FROM classifier_cache_stats()), 0, 'setting 0 emptied the cache');
SELECT count(p) + count(topk) FROM (:alternating) q \g /dev/null
SELECT evictions AS ev0 FROM classifier_cache_stats() \gset
SET scenario.classifier_cache_size = 1;
SELECT is((SELECT format('%s/%s', entries, size_limit) FROM classifier_cache_stats()), '1/1',
          'lowering the limit to 1 evicts at once');
SELECT is(pg_temp.cc_differences(:'alternating', 'SELECT * FROM cc_ref WHERE mid = 1 + id % 2'), 0::bigint,
          'a cache of one model, two models alternating in one statement: the same answers');
SELECT ok((SELECT entries <= 1 AND evictions > :ev0 + 100 FROM classifier_cache_stats()),
          'at most one model kept; the other evicts it row by row');
SELECT is(pg_temp.cc_differences('SELECT * FROM pg_temp.cc_per_statement()', 'SELECT * FROM cc_ref WHERE id <= 60'), 0::bigint,
          'a cache of one model across statements: the same answers');
SELECT ok((SELECT memory_bytes > 0 AND entries = 1 FROM classifier_cache_stats()), 'the model kept takes memory');

SELECT * FROM finish();
ROLLBACK;
