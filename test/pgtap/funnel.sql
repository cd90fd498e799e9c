-- The funnel aggregate: catalog shape, text and binary round trips of both
-- types, strict binary input, combining partial states that share items,
-- and a forced parallel plan that must equal the serial result.
BEGIN;
SELECT plan(38);

-- catalog ------------------------------------------------------------------
SELECT enum_has_labels('public', 'stage',
	ARRAY['released', 'matched', 'negotiating', 'signed', 'operating', 'closed'],
	'stage labels in pipeline order, closed last');
SELECT is(ARRAY(SELECT stage FROM funnel_rows(
		'released 0; matched 0; negotiating 0; signed 0; operating 0; closed 0'::funnel)),
	enum_range(NULL::stage)::text[], 'the library names the stages as the enum does');
SELECT is((SELECT aggtranstype::regtype::text FROM pg_aggregate
			WHERE aggfnoid = 'funnel(bigint,stage,timestamptz)'::regprocedure),
	'funnel_state', 'the state is a real SQL type, not internal');
SELECT is((SELECT aggcombinefn::text FROM pg_aggregate
			WHERE aggfnoid = 'funnel(bigint,stage,timestamptz)'::regprocedure),
	'funnel_combinefn', 'funnel has a combine function');
SELECT is((SELECT proparallel::text FROM pg_proc
			WHERE oid = 'funnel(bigint,stage,timestamptz)'::regprocedure),
	's', 'funnel is parallel safe');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE proname LIKE 'funnel%'
			AND pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario') AND proparallel <> 's'),
	0, 'every funnel function is parallel safe');
SELECT ok((SELECT amvalidate(oid) FROM pg_opclass WHERE opcname = 'funnel_hash_ops'),
	'funnel_hash_ops validates');
SELECT is((SELECT typalign::text || typstorage::text FROM pg_type WHERE oid = 'funnel_state'::regtype),
	'ix', 'funnel_state is toastable');

-- data: 3000 items, rows stored stage by stage so that one item's rows lie
-- far apart and parallel workers see parts of the same item
CREATE TABLE funnel_t (id serial, item bigint, stage stage, at timestamptz,
	grp int GENERATED ALWAYS AS (item % 3) STORED);
-- item i gets as far as stage 1 + i % 5, skips negotiating when i is even
-- and matched when i % 7 = 0, and closes when i % 4 = 0; stage p is entered
-- in its own 20-day window, so every item moves forward
INSERT INTO funnel_t (item, stage, at)
SELECT i, (enum_range(NULL::stage))[p],
	   timestamptz '2023-01-01 00:00+00' + make_interval(days => i % 97 + 20 * (p - 1),
														secs => (i * 7919 + p * 104729) % 1728000)
  FROM generate_series(1, 3000) i, generate_series(1, 6) p
 WHERE (p <= 1 + i % 5 AND NOT (p = 3 AND i % 2 = 0) AND NOT (p = 2 AND i % 7 = 0))
	OR (p = 6 AND i % 4 = 0)
 ORDER BY p, i;
-- duplicates: a third of the released rows again
INSERT INTO funnel_t (item, stage, at)
SELECT item, stage, at FROM funnel_t WHERE stage = 'released' AND item % 3 = 0;
ANALYZE funnel_t;

CREATE TEMP TABLE serial AS SELECT funnel(item, stage, at) AS f FROM funnel_t;
SELECT is((SELECT reached FROM funnel_rows((SELECT f FROM serial)) WHERE stage = 'released'),
	3000::bigint, 'every item counts as released');
SELECT cmp_ok((SELECT reached FROM funnel_rows((SELECT f FROM serial)) WHERE stage = 'negotiating'),
	'<', (SELECT reached FROM funnel_rows((SELECT f FROM serial)) WHERE stage = 'matched'),
	'counts fall along the pipeline');

-- the same funnel in plain SQL (the rules of docs/funnel.md, spelled out)
CREATE TEMP TABLE plain AS
WITH firsts AS (
	SELECT item, stage, min(at) AS at FROM funnel_t GROUP BY item, stage
), timed AS (
	SELECT stage, lead(at) OVER w - at AS d FROM firsts
	WINDOW w AS (PARTITION BY item ORDER BY at, stage)
), items AS (
	SELECT item, greatest('released', max(stage) FILTER (WHERE stage <> 'closed')) AS top,
		   bool_or(stage = 'closed') AS closed
	  FROM firsts GROUP BY item
)
SELECT s.stage::text,
	   CASE WHEN s.stage = 'closed' THEN (SELECT count(*) FROM items WHERE closed)
			ELSE (SELECT count(*) FROM items WHERE top >= s.stage) END AS reached,
	   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY d) FROM timed t
		 WHERE t.stage = s.stage AND d IS NOT NULL) AS median
  FROM unnest(enum_range(NULL::stage)) s(stage);
SELECT is(ARRAY(SELECT (stage, reached)::text FROM funnel_rows((SELECT f FROM serial))),
	ARRAY(SELECT (stage, reached)::text FROM plain), 'reached counts equal plain SQL');
SELECT is(ARRAY(SELECT round((median_days * 86400)::numeric, 3) FROM funnel_rows((SELECT f FROM serial))),
	ARRAY(SELECT round(extract(epoch FROM median), 3) FROM plain),
	'medians equal percentile_cont in plain SQL');

-- medians with many ties, odd and even counts
SELECT is((SELECT median_days * 86400 FROM funnel_rows((
			SELECT funnel(i, s, t) FROM generate_series(1, n) i,
				LATERAL (VALUES ('released'::stage, timestamptz '2024-01-01'),
					('matched', timestamptz '2024-01-01' + make_interval(secs => i * 7919 % 13 % 5))) v(s, t)))
		   WHERE stage = 'released'),
	(SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY i * 7919 % 13 % 5) FROM generate_series(1, n) i),
	format('median of %s durations with ties', n))
  FROM (VALUES (2001), (2000)) c(n);

-- text round trips ------------------------------------------------------------
CREATE AGGREGATE pg_temp.fstate(bigint, stage, timestamptz) (
	SFUNC = funnel_transfn, STYPE = funnel_state, COMBINEFUNC = funnel_combinefn,
	PARALLEL = SAFE);
CREATE AGGREGATE pg_temp.fmerge(funnel_state) (
	SFUNC = funnel_combinefn, STYPE = funnel_state, FINALFUNC = funnel_finalfn);
CREATE TEMP TABLE states AS
SELECT id % 2 AS half, pg_temp.fstate(item, stage, at) AS s FROM funnel_t GROUP BY 1;

SELECT is((SELECT f::text::funnel FROM serial), (SELECT f FROM serial), 'funnel: text round trip');
SELECT is((SELECT f::text::funnel::text FROM serial), (SELECT f::text FROM serial),
	'funnel: text output is canonical');
SELECT is((SELECT count(*)::int FROM states WHERE s::text::funnel_state::text = s::text), 2,
	'funnel_state: text round trip');
SELECT is((SELECT funnel_send(f::text::funnel) FROM serial), (SELECT funnel_send(f) FROM serial),
	'funnel: same bytes after a text round trip');
SELECT is((SELECT count(*)::int FROM states
			WHERE funnel_state_send(s::text::funnel_state) = funnel_state_send(s)), 2,
	'funnel_state: same bytes after a text round trip');

-- combining partial states ---------------------------------------------------
SELECT is((SELECT pg_temp.fmerge(s) FROM states), (SELECT f FROM serial),
	'two halves (split by row, sharing items) combine to the whole');
SELECT is((SELECT pg_temp.fmerge(s::text::funnel_state) FROM states), (SELECT f FROM serial),
	'halves shipped as text combine to the whole');
SELECT is((SELECT pg_temp.fmerge(s) FROM (
			SELECT pg_temp.fstate(item, stage, at) AS s FROM funnel_t GROUP BY at < '2023-03-01'
			UNION ALL SELECT NULL) h),
	(SELECT f FROM serial), 'halves split by time, and a null partial, combine to the whole');
SELECT is((SELECT pg_temp.fmerge(s) FROM (SELECT s FROM states ORDER BY half DESC) h),
	(SELECT pg_temp.fmerge(s) FROM (SELECT s FROM states ORDER BY half) h),
	'combining is order-free');

-- binary round trips through COPY, and strict binary input -----------------
CREATE TABLE funnel_bin (f funnel, s funnel_state);
INSERT INTO funnel_bin SELECT (SELECT f FROM serial), s FROM states;
CREATE TABLE funnel_bin2 (LIKE funnel_bin);
CREATE TABLE funnel_raw (a bytea, b bytea);
CREATE FUNCTION pg_temp.copy_through(src text, dst text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
	path text := current_setting('data_directory') || '/funnel_copy.bin';
BEGIN
	EXECUTE format('COPY %s TO %L (FORMAT binary)', src, path);
	EXECUTE format('COPY %s FROM %L (FORMAT binary)', dst, path);
END $$;
SELECT pg_temp.copy_through('funnel_bin', 'funnel_bin2');
SELECT is((SELECT count(*)::int FROM funnel_bin b JOIN funnel_bin2 c
			ON b.f = c.f AND b.s::text = c.s::text), 2, 'binary COPY round trip of both types');

-- raw bytes (as bytea) read back as our types go through recv
INSERT INTO funnel_raw VALUES (
	overlay(funnel_send((SELECT f FROM serial)) PLACING '\x02' FROM 1),
	overlay(funnel_state_send('1 released 2024-01-01T00:00:00Z'::funnel_state) PLACING '\x09' FROM 19));
SELECT throws_ok($$SELECT pg_temp.copy_through('(SELECT a, NULL FROM funnel_raw)', 'funnel_bin2')$$,
	'22P03', 'invalid external value for type funnel', 'funnel recv: wrong version');
SELECT throws_ok($$SELECT pg_temp.copy_through('(SELECT NULL, b FROM funnel_raw)', 'funnel_bin2')$$,
	'22P03', 'invalid external value for type funnel_state', 'funnel_state recv: bad stage');
UPDATE funnel_raw SET
	a = overlay(funnel_send('released 2; matched 1; negotiating 0; signed 0; operating 0; closed 0'::funnel)
				PLACING '\x0000000000000003' FROM 27),
	b = funnel_state_send('1 released 2024-01-01T00:00:00Z'::funnel_state) || '\x00'::bytea;
SELECT throws_ok($$SELECT pg_temp.copy_through('(SELECT a, NULL FROM funnel_raw)', 'funnel_bin2')$$,
	'22P03', 'invalid external value for type funnel', 'funnel recv: counts that rise');
SELECT throws_ok($$SELECT pg_temp.copy_through('(SELECT NULL, b FROM funnel_raw)', 'funnel_bin2')$$,
	'22P03', 'invalid external value for type funnel_state', 'funnel_state recv: trailing bytes');

-- errors -----------------------------------------------------------------------
SELECT throws_ok($$SELECT funnel(NULL, 'released', now())$$, '22004', NULL, 'null item');
SELECT throws_ok($$SELECT funnel(i, s, t) FROM (VALUES (1, 'signed'::stage, '2024-01-01'::timestamptz),
	(1, 'matched', '2024-01-02')) v(i, s, t)$$, '22023', NULL, 'backward move');
SELECT throws_ok($$SELECT funnel(1, 'released', 'infinity')$$, '22008', NULL, 'infinite time');
SELECT throws_ok($$SELECT 'released 1'::funnel$$, '22P02', NULL, 'truncated funnel text');
SELECT throws_ok($$SELECT '99999999999999999999 released 2024-01-01T00:00:00Z'::funnel_state$$,
	'22003', NULL, 'item id out of range');

-- a forced parallel plan ----------------------------------------------------
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
SET LOCAL parallel_leader_participation = off;
CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	line text;
	result text := '';
BEGIN
	FOR line IN EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) ' || q LOOP
		result := result || line || E'\n';
	END LOOP;
	RETURN result;
END $$;
SELECT matches(pg_temp.plan('SELECT funnel(item, stage, at) FROM funnel_t'),
	'Partial Aggregate', 'the plan has a Partial Aggregate');
SELECT matches(pg_temp.plan('SELECT funnel(item, stage, at) FROM funnel_t'),
	'Workers Launched: [12]', 'workers ran the partial aggregates');
SELECT is((SELECT funnel(item, stage, at) FROM funnel_t), (SELECT f FROM serial),
	'parallel result equals serial');
SELECT matches(pg_temp.plan('SELECT grp, funnel(item, stage, at) FROM funnel_t GROUP BY 1'),
	'Partial (Hash|Group)Aggregate', 'grouped: partial aggregates');
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE grouped_serial AS
SELECT grp, funnel(item, stage, at) AS f FROM funnel_t GROUP BY 1;
SET LOCAL max_parallel_workers_per_gather = 2;
SELECT is((SELECT count(*)::int FROM grouped_serial s JOIN
			(SELECT grp, funnel(item, stage, at) AS f FROM funnel_t GROUP BY 1) p
			ON p.grp = s.grp AND p.f = s.f), 3, 'grouped: parallel equals serial');

SELECT * FROM finish();
ROLLBACK;
