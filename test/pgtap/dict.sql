-- The dictionary classifier: catalog, the cache sees every committed change
-- (this session and another one), top-k properties over the demo texts,
-- parallel = serial, errors and cancellation.
BEGIN;
SELECT plan(28);

-- catalog ----------------------------------------------------------------
SELECT has_table('public', 'sector_keyword', 'table sector_keyword');
SELECT columns_are('public', 'sector_keyword', ARRAY['sector', 'keyword', 'weight', 'lang', 'builtin', 'source'],
                   'sector_keyword columns');
SELECT is((SELECT string_agg(provolatile::text || proparallel::text, ',' ORDER BY proname) FROM pg_proc
            WHERE pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario') AND proname IN ('classify', 'classify_topk')),
          'ss,ss,ss', 'classify and classify_topk read a table: stable, parallel safe');
SELECT cmp_ok((SELECT count(*) FROM sector_keyword WHERE builtin), '>=', 5000::bigint,
              'thousands of shipped keywords');
SELECT is((SELECT count(*)::int FROM sector_keyword g
            WHERE builtin AND g.sector <@ 'gd:K'::sector
              AND g.keyword NOT IN (SELECT name_zh FROM sector_catalog WHERE name_zh IS NOT NULL
                                    UNION ALL SELECT name_en FROM sector_catalog WHERE name_en IS NOT NULL)
              AND NOT EXISTS (SELECT 1 FROM sector_keyword b WHERE b.builtin AND b.keyword = g.keyword
                                 AND sector_taxonomy(b.sector) = 'gbt4754')), 0,
          'every curated priority-sector keyword also has a GB/T 4754 row');

-- this session: the next statement sees a change --------------------------
SELECT is(classify('量子纠缠分发网络'), NULL, 'an unknown phrase matches nothing');
INSERT INTO sector_keyword (sector, keyword, weight) VALUES ('gbt4754:I6599', '量子纠缠分发', 3);
SELECT is(classify('量子纠缠分发网络')::text, 'gbt4754:I6599', 'a keyword inserted is found by the next statement');
SELECT is((SELECT evidence FROM classify_topk('量子纠缠分发网络', 1)), '{量子纠缠分发}',
          'and is its evidence');
UPDATE sector_keyword SET sector = 'gbt4754:I6520' WHERE keyword = '量子纠缠分发';
SELECT is(classify('量子纠缠分发网络')::text, 'gbt4754:I6520', 'an update is seen by the next statement');
DELETE FROM sector_keyword WHERE keyword = '量子纠缠分发';
SELECT is(classify('量子纠缠分发网络'), NULL, 'deleting it removes it');

-- another session: its commits are seen by our next statement --------------
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT dblink_connect('other', format('dbname=%s port=%s host=%s', current_database(),
       current_setting('port'), split_part(current_setting('unix_socket_directories'), ',', 1)));
SELECT is(classify('光量子计算'), NULL, 'before the other session commits: no match');
SELECT dblink_exec('other', $$INSERT INTO sector_keyword (sector, keyword) VALUES ('gbt4754:I6520', '光量子计算')$$);
SELECT is(classify('光量子计算')::text, 'gbt4754:I6520', 'a keyword another session committed is found');
SELECT dblink_exec('other', $$DELETE FROM sector_keyword WHERE keyword = '光量子计算'$$);
SELECT is(classify('光量子计算'), NULL, 'and its deletion is seen too');
SELECT dblink_disconnect('other');

-- properties over the demo texts ------------------------------------------
CREATE TEMP TABLE dict_docs AS
SELECT 'o' || opp_id AS id, title || '。' || description AS doc FROM programme.opportunity
UNION ALL
SELECT 'f' || offer_id, title || '。' || description FROM programme.offering;
CREATE TEMP TABLE dict_top AS
SELECT d.id, t.*
  FROM dict_docs d, classify_topk(d.doc, 5) WITH ORDINALITY AS t(sector, score, evidence, pos);

SELECT cmp_ok((SELECT avg((classify(doc) IS NOT NULL)::int) FROM dict_docs), '>', 0.85,
          'most demo opportunities and offerings get a sector');
SELECT is((SELECT count(*)::int FROM dict_top a JOIN dict_top b ON a.id = b.id AND b.pos = a.pos + 1
            WHERE a.pos > 1 AND b.score > a.score), 0,
          'top-k: after classify''s answer, the runners-up by score, highest first');
SELECT is((SELECT count(*)::int FROM dict_top WHERE cardinality(evidence) = 0 OR evidence IS NULL), 0,
          'every returned sector has evidence');
SELECT is((SELECT count(*)::int FROM dict_top WHERE score <= 0 OR score >= 1), 0,
          'scores are probabilities, between 0 and 1');
SELECT is((SELECT count(*)::int FROM (SELECT id, count(*) FROM dict_top GROUP BY id HAVING count(*) > 5) x), 0,
          'at most k rows');
SELECT is((SELECT count(*)::int FROM dict_docs d
            WHERE classify(d.doc) IS DISTINCT FROM (SELECT sector FROM dict_top t WHERE t.id = d.id AND pos = 1)), 0,
          'classify is the first row of classify_topk, NULL when it has none');
SELECT is((SELECT count(*)::int FROM dict_docs d
            WHERE classify(d.doc, 'gbt4754', 1) IS DISTINCT FROM
                  (SELECT sector FROM classify_topk(d.doc, 1, 'gbt4754', 1))), 0,
          'at a level, classify is the first row of classify_topk');
SELECT is((SELECT count(*)::int FROM dict_docs d, classify_topk(d.doc, 3, 'gd', 2) t
            WHERE sector_level(t.sector) <> 2), 0, 'with level, every sector is at that level');

-- parallel workers build their own automaton from the same snapshot --------
CREATE TEMP TABLE dict_serial AS SELECT id, classify(doc) AS s, classify(doc, 'gd') AS g FROM dict_docs;
CREATE TABLE public.dict_par AS SELECT * FROM dict_docs;
ANALYZE public.dict_par;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (ANALYZE, VERBOSE, COSTS OFF, TIMING OFF) ' || q; END $$;
SELECT ok((SELECT bool_or(p ~ 'Workers Launched: [1-9]') FROM
            pg_temp.plan($$SELECT id, classify(doc), classify(doc, 'gd') FROM public.dict_par$$) p),
          'forced parallel plan: workers classify (each builds its automata)');
SELECT is((SELECT count(*)::int FROM (SELECT id, classify(doc) AS s, classify(doc, 'gd') AS g FROM public.dict_par) p
             JOIN dict_serial USING (id) WHERE p.s IS DISTINCT FROM dict_serial.s OR p.g IS DISTINCT FROM dict_serial.g), 0,
          'parallel results equal serial ones');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;
RESET parallel_leader_participation;

-- errors and cancellation ------------------------------------------------
SELECT throws_ok($$SELECT * FROM classify_topk('无人机', 0)$$, '22023', NULL, 'k = 0: 22023');
SELECT throws_ok($$SELECT classify('无人机', 'nope')$$, '22023', NULL, 'unknown taxonomy: 22023');
SELECT throws_ok($$SELECT * FROM classify_topk('无人机', 3, 'gd', 9)$$, '22023', NULL,
                 'level beyond the taxonomy: 22023');

-- a 100 MB document is classified; statement_timeout stops it midway
SELECT is(classify(repeat('低空物流无人机配送，', 3500000), 'gd')::text, 'gd:K0102', 'a 100 MB document is classified');
CREATE FUNCTION pg_temp.cancelled_after(q text) RETURNS interval LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  EXECUTE q;
  RETURN clock_timestamp() - t0;
EXCEPTION WHEN query_canceled THEN
  RETURN clock_timestamp() - t0;
END $$;
SET LOCAL statement_timeout = '300ms';
SELECT cmp_ok(pg_temp.cancelled_after($$SELECT classify(repeat('低空物流无人机配送，', 3500000))$$),
              '<', interval '0.7 s', 'classifying 100 MB (about 1 s) is cancelled promptly by statement_timeout');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
