-- assign: the optimum equals exhaustive search, stable matchings have no
-- blocking pair, capacities hold, parallel equals serial, the types round
-- trip in text and binary, bad input fails with the documented SQLSTATE.
BEGIN;
SELECT plan(42);

-- catalog ---------------------------------------------------------------
SELECT has_type('public', 'assignment', 'type assignment');
SELECT has_type('public', 'assign_state', 'type assign_state');
SELECT is((SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
            WHERE p.proname = 'assign' AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario')
              AND a.aggcombinefn <> 0 AND a.aggtranstype = 'assign_state'::regtype
              AND p.proparallel = 's'),
          4, 'four assign aggregates, each with a combine function, state assign_state, parallel safe');
SELECT ok(bool_and(amvalidate(o.oid)), 'assignment btree and hash opclasses validate')
  FROM pg_opclass o WHERE o.opcname IN ('assignment_ops', 'assignment_hash_ops')
   AND o.opcnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario')
            AND (proname LIKE 'assign%' OR proname IN ('unnest', 'total_score', 'pair_count', 'method'))
            AND provolatile = 'v'), 0, 'no assignment function is volatile');

-- random small events: 40 cases of up to 4 x 4 ids and 10 pairs, tied and
-- negative scores, capacities 1-3 on both sides (setseed: reproducible)
SELECT setseed(0.42);
CREATE TEMP TABLE cases AS
WITH ids AS (
  SELECT c AS case_id, 1 + floor(random() * 4)::int AS nd, 1 + floor(random() * 4)::int AS ns
    FROM generate_series(1, 40) c),
pairs AS (
  SELECT case_id, d, s, round((random() * 5)::numeric - 1.5) / 4 AS w, random() AS r
    FROM ids, generate_series(1, nd) d, generate_series(1, ns) s),
kept AS (
  SELECT *, row_number() OVER (PARTITION BY case_id ORDER BY r) AS k FROM pairs)
SELECT case_id, d::bigint AS d, (10 + s)::bigint AS s, w::float8 AS w
  FROM kept WHERE k <= 10 AND r < 0.8;
CREATE TEMP TABLE caps AS
SELECT case_id, side, id, 1 + floor(random() * 3)::int AS cap
  FROM (SELECT DISTINCT case_id, 'd' AS side, d AS id FROM cases
        UNION ALL
        SELECT DISTINCT case_id, 's', s FROM cases) x
 ORDER BY 1, 2, 3;
CREATE TEMP VIEW cases_caps AS
SELECT c.*, dc.cap AS dcap, sc.cap AS scap FROM cases c
  JOIN caps dc ON dc.case_id = c.case_id AND dc.side = 'd' AND dc.id = c.d
  JOIN caps sc ON sc.case_id = c.case_id AND sc.side = 's' AND sc.id = c.s;

-- exhaustive search: every subset of the pairs that respects the capacities
CREATE FUNCTION pg_temp.best_total(cd bigint[], cs bigint[], cw float8[], dcap int[], scap int[])
RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
  n int := coalesce(array_length(cd, 1), 0);
  best float8 := 0;
  tot float8;
  dl int[];
  sl int[];
  ok boolean;
BEGIN
  FOR mask IN 0 .. (1 << n) - 1 LOOP
    dl := dcap; sl := scap; tot := 0; ok := true;
    FOR k IN 1 .. n LOOP
      IF mask & (1 << (k - 1)) <> 0 THEN
        dl[cd[k]] := dl[cd[k]] - 1;
        sl[cs[k] - 10] := sl[cs[k] - 10] - 1;
        IF dl[cd[k]] < 0 OR sl[cs[k] - 10] < 0 THEN ok := false; EXIT; END IF;
        tot := tot + cw[k];
      END IF;
    END LOOP;
    IF ok AND tot > best THEN best := tot; END IF;
  END LOOP;
  RETURN best;
END $$;

CREATE TEMP TABLE truth AS
SELECT c.case_id,
       pg_temp.best_total(array_agg(d ORDER BY d, s), array_agg(s ORDER BY d, s),
                          array_agg(w ORDER BY d, s),
                          array_fill(1, ARRAY[4]), array_fill(1, ARRAY[4])) AS best1,
       pg_temp.best_total(array_agg(d ORDER BY d, s), array_agg(s ORDER BY d, s),
                          array_agg(w ORDER BY d, s),
                          (SELECT array_agg(coalesce(cap, 0) ORDER BY i) FROM generate_series(1, 4) i
                             LEFT JOIN caps k ON k.case_id = c.case_id AND k.side = 'd' AND k.id = i),
                          (SELECT array_agg(coalesce(cap, 0) ORDER BY i) FROM generate_series(1, 4) i
                             LEFT JOIN caps k ON k.case_id = c.case_id AND k.side = 's' AND k.id = 10 + i)) AS bestc
  FROM cases c GROUP BY c.case_id;

SELECT cmp_ok((SELECT count(*)::int FROM truth), '>=', 35, 'enough random cases');

CREATE FUNCTION pg_temp.mismatches(solver text) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE n bigint;
BEGIN
  PERFORM set_config('scenario.assign_solver', solver, true);
  SELECT count(*) INTO n FROM truth t
    JOIN (SELECT case_id, total_score(assign(d, s, w)) AS t1 FROM cases GROUP BY case_id) a USING (case_id)
    JOIN (SELECT case_id, total_score(assign(d, s, w, dcap, scap)) AS tc FROM cases_caps GROUP BY case_id) b USING (case_id)
   WHERE abs(a.t1 - t.best1) > 1e-9 OR abs(b.tc - t.bestc) > 1e-9;
  PERFORM set_config('scenario.assign_solver', 'auto', true);
  RETURN n;
END $$;
SELECT is(pg_temp.mismatches('auto'), 0::bigint, 'optimal total equals exhaustive search (auto solver)');
SELECT is(pg_temp.mismatches('dense'), 0::bigint, 'optimal total equals exhaustive search (dense solver)');
SELECT is(pg_temp.mismatches('flow'), 0::bigint, 'optimal total equals exhaustive search (flow solver)');

-- the chosen pairs of every method respect capacities and are listed pairs
-- with a positive score
CREATE TEMP TABLE chosen AS
SELECT m, case_id, p.* FROM
  (SELECT m, case_id, assign(d, s, w, dcap, scap, m) AS a
     FROM cases_caps, (VALUES ('optimal'), ('stable'), ('greedy')) v(m) GROUP BY m, case_id) x,
  unnest(x.a) p;
SELECT is((SELECT count(*) FROM (SELECT m, case_id, demand_id, count(*) n FROM chosen
             GROUP BY 1, 2, 3) x
             JOIN caps k ON k.case_id = x.case_id AND k.side = 'd' AND k.id = x.demand_id
           WHERE n > cap), 0::bigint, 'no demand above its capacity (all methods)');
SELECT is((SELECT count(*) FROM (SELECT m, case_id, supply_id, count(*) n FROM chosen
             GROUP BY 1, 2, 3) x
             JOIN caps k ON k.case_id = x.case_id AND k.side = 's' AND k.id = x.supply_id
           WHERE n > cap), 0::bigint, 'no supply above its capacity (all methods)');
SELECT is((SELECT count(*) FROM chosen h
            WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.case_id = h.case_id AND c.d = h.demand_id
                                AND c.s = h.supply_id AND c.w = h.score AND c.w > 0)),
          0::bigint, 'every chosen pair is a listed pair with its positive score');
SELECT is((SELECT count(*) FROM (SELECT case_id FROM chosen h JOIN truth t USING (case_id)
            WHERE m = 'optimal' GROUP BY case_id, bestc HAVING abs(sum(score) - bestc) > 1e-9) x), 0::bigint,
          'unnest of the optimal assignment sums to the optimum');

-- stable: no blocking pair.  (d, s) blocks when both would rather have each
-- other: d has room or holds a worse supply, s has room or holds a worse
-- demand; worse = lower score, or equal score and larger id.
SELECT is((
  SELECT count(*) FROM cases_caps c
   WHERE c.w > 0
     AND NOT EXISTS (SELECT 1 FROM chosen h WHERE h.m = 'stable' AND h.case_id = c.case_id
                       AND h.demand_id = c.d AND h.supply_id = c.s)
     AND ((SELECT count(*) FROM chosen h WHERE h.m = 'stable' AND h.case_id = c.case_id
             AND h.demand_id = c.d) < c.dcap
          OR EXISTS (SELECT 1 FROM chosen h WHERE h.m = 'stable' AND h.case_id = c.case_id
             AND h.demand_id = c.d AND (h.score < c.w OR (h.score = c.w AND h.supply_id > c.s))))
     AND ((SELECT count(*) FROM chosen h WHERE h.m = 'stable' AND h.case_id = c.case_id
             AND h.supply_id = c.s) < c.scap
          OR EXISTS (SELECT 1 FROM chosen h WHERE h.m = 'stable' AND h.case_id = c.case_id
             AND h.supply_id = c.s AND (h.score < c.w OR (h.score = c.w AND h.demand_id > c.d))))),
  0::bigint, 'stable matching has no blocking pair');
-- one score ranks both sides, so the stable matching is unique and greedy finds it
SELECT is((SELECT count(*) FROM (
             (SELECT case_id, demand_id, supply_id FROM chosen WHERE m = 'stable'
              EXCEPT SELECT case_id, demand_id, supply_id FROM chosen WHERE m = 'greedy')
             UNION ALL
             (SELECT case_id, demand_id, supply_id FROM chosen WHERE m = 'greedy'
              EXCEPT SELECT case_id, demand_id, supply_id FROM chosen WHERE m = 'stable')) x),
          0::bigint, 'stable and greedy choose the same pairs');
SELECT is((SELECT count(*) FROM
            (SELECT case_id, sum(score) g FROM chosen WHERE m = 'greedy' GROUP BY case_id) g
            JOIN truth t USING (case_id)
           WHERE g.g > t.bestc + 1e-9 OR g.g < t.bestc / 2 - 1e-9), 0::bigint,
          'greedy total is between half the optimum and the optimum');

-- parallel plan: partial aggregates combined equal the serial answer
CREATE TEMP TABLE par AS
SELECT i::bigint AS d, j::bigint AS s, ((i * 7919 + j * 104729) % 1000) / 1000.0::float8 AS w,
       1 + i % 3 AS dc
  FROM generate_series(1, 200) i, generate_series(1, 200) j;
CREATE TABLE assign_par_test AS SELECT * FROM par;   -- temp tables are not scanned in parallel
ANALYZE assign_par_test;
CREATE TEMP TABLE serial AS
SELECT assign(d, s, w) AS o, assign(d, s, w, 'stable') AS st, assign(d, s, w, dc, NULL) AS oc
  FROM assign_par_test;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP RETURN NEXT r."QUERY PLAN"; END LOOP;
END $$;
SELECT ok(EXISTS (SELECT 1 FROM pg_temp.plan('SELECT assign(d, s, w) FROM assign_par_test') p
                   WHERE p LIKE '%Partial Aggregate%'), 'EXPLAIN shows a Partial Aggregate');
SELECT is((SELECT assign(d, s, w) FROM assign_par_test), (SELECT o FROM serial),
          'parallel optimal equals serial');
SELECT is((SELECT assign(d, s, w, 'stable') FROM assign_par_test), (SELECT st FROM serial),
          'parallel stable equals serial');
SELECT is((SELECT assign(d, s, w, dc, NULL) FROM assign_par_test), (SELECT oc FROM serial),
          'parallel optimal with capacities equals serial');
RESET parallel_setup_cost;
RESET parallel_tuple_cost;
RESET min_parallel_table_scan_size;
RESET max_parallel_workers_per_gather;

-- the state: exact text round trip, and solvable from its text (Citus)
CREATE AGGREGATE pg_temp.collect(bigint, bigint, float8, int, int) (
  SFUNC = assign_trans, STYPE = assign_state,
  COMBINEFUNC = assign_combine);
CREATE TEMP TABLE st AS
SELECT pg_temp.collect(d, s, w * random() + 1e-300, dc, NULL) AS st FROM par;
SELECT is((SELECT st::text::assign_state::text FROM st), (SELECT st::text FROM st),
          'assign_state text round trip is exact (40000 random doubles)');
SELECT is((SELECT assign_final(st::text::assign_state) FROM st),
          (SELECT assign_final(st) FROM st), 'solving the reparsed state gives the same answer');
-- a stored state is in the packed form a worker ships; readers unpack it
SELECT is((SELECT assign_state_send(st) FROM st),
          (SELECT assign_state_send(st::text::assign_state) FROM st),
          'the binary form of a stored (packed) state equals that of its reparsed text');
SELECT is((SELECT assign_final(st)::text::assignment = assign_final(st) FROM st), true,
          'assignment text round trip is exact');

-- binary COPY round trip of both types (files in the data directory, which
-- goes with the throwaway cluster)
CREATE TEMP TABLE bin_src AS
SELECT st, assign_final(st) AS a, 'greedy:{}'::assignment AS e FROM st;
SELECT format('COPY bin_src TO %L (FORMAT binary)', current_setting('data_directory') || '/scenario_assign_' || pg_backend_pid() || '.bin') \gexec
CREATE TEMP TABLE bin_dst (LIKE bin_src);
SELECT format('COPY bin_dst FROM %L (FORMAT binary)', current_setting('data_directory') || '/scenario_assign_' || pg_backend_pid() || '.bin') \gexec
SELECT is((SELECT (d.st::text = s.st::text) AND d.a = s.a AND d.e = s.e FROM bin_src s, bin_dst d), true,
          'binary COPY round trip of assign_state and assignment');

-- recv is as strict as in: bytes written as bytea, read back as our types
CREATE FUNCTION pg_temp.recv(typ text, bytes bytea) RETURNS void LANGUAGE plpgsql AS $$
DECLARE f text := current_setting('data_directory') || '/scenario_assign_recv_' || pg_backend_pid() || '.bin';
BEGIN
  EXECUTE format('COPY (SELECT %L::bytea) TO %L (FORMAT binary)', bytes, f);
  EXECUTE format('CREATE TEMP TABLE IF NOT EXISTS recv_%s (v %s)', typ, typ);
  EXECUTE format('COPY recv_%s FROM %L (FORMAT binary)', typ, f);
END $$;
SELECT lives_ok($$SELECT pg_temp.recv('assignment', '\x010100000001000000000000000100000000000000024000000000000000'::bytea)$$,
                'recv accepts a valid assignment');
SELECT is((SELECT v::text FROM recv_assignment), 'optimal:{(1,2,2)}', 'and reads it right');
SELECT throws_ok($$SELECT pg_temp.recv('assignment', '\x02010000000000'::bytea)$$, '22P03',
                 'invalid external assignment value', 'recv rejects an unknown version');
SELECT throws_ok($$SELECT pg_temp.recv('assignment', '\x010100000002000000000000000100000000000000024000000000000000'::bytea)$$,
                 '22P03', 'invalid external assignment value', 'recv rejects a count that does not match');
SELECT throws_ok($$SELECT pg_temp.recv('assignment', '\x010100000001000000000000000100000000000000027ff8000000000000'::bytea)$$,
                 '22P03', 'invalid external assignment value', 'recv rejects a NaN score');
SELECT throws_ok($$SELECT pg_temp.recv('assign_state', '\x01010000000100000000000000010000000000000002400000000000000000000001fffffffe'::bytea)$$,
                 '22P03', 'invalid external assign_state value', 'recv rejects a negative capacity');

-- bad input: SQLSTATEs
SELECT throws_ok($$SELECT assign(1, 2, 'NaN')$$, '22023', 'score of candidate pair (1, 2) is not finite', 'NaN score');
SELECT throws_ok($$SELECT assign(1, 2, 'Infinity')$$, '22023', NULL, 'infinite score');
SELECT throws_ok($$SELECT assign(1, 2, 0.5, -1, 1)$$, '22023', NULL, 'negative capacity');
SELECT throws_ok($$SELECT assign(d, 2, 0.5, 1, d::int) FROM generate_series(1, 2) d$$, '22023',
                 'capacity of supply 2 differs between rows', 'conflicting capacities');
SELECT throws_ok($$SELECT assign(1, 2, x) FROM generate_series(1, 2) x$$, '22023',
                 'duplicate candidate pair (1, 2)', 'duplicate pair');
SELECT throws_ok($$SELECT assign_final('optimal:{(1,2,0.5,,),(1,2,0.7,,)}')$$, '22023',
                 'duplicate candidate pair (1, 2)', 'duplicate pair in a state from text');
SELECT throws_ok($$SELECT assign(1, 2, 0.5, 'cheapest')$$, '22023', NULL, 'unknown method');
SELECT throws_ok($$SELECT 'optimal:{(1,2,abc)}'::assignment$$, '22P02', NULL, 'malformed assignment');
SELECT throws_ok($$SELECT 'optimal:{(1,2,1e999,,)}'::assign_state$$, '22003', NULL, 'score out of range');
SELECT throws_ok($$SET LOCAL scenario.assign_max_candidates = 100;
                   SELECT assign(i, i, 0.5) FROM generate_series(1, 1000) i$$, '54000',
                 'too many candidate pairs for assign', 'candidate limit (lowered)');

-- a long solve stops promptly on statement_timeout (this structured
-- 1500 x 1500 matrix takes the flow solver well over a second here)
CREATE TEMP TABLE big AS
SELECT array_agg(r) AS m FROM (SELECT array_agg(((i * j) % 1500)::float8 + 1) AS r
  FROM generate_series(1, 1500) i, generate_series(1, 1500) j GROUP BY i) x;
CREATE FUNCTION pg_temp.timed_out() RETURNS interval LANGUAGE plpgsql AS $$
DECLARE t0 timestamptz := clock_timestamp();
BEGIN
  BEGIN
    PERFORM pair_count(assign_matrix(m)) FROM big;
    RETURN NULL;
  EXCEPTION WHEN query_canceled THEN
    RETURN clock_timestamp() - t0;
  END;
END $$;
SET LOCAL scenario.assign_solver = flow;
-- 1.5 s on a quiet machine, scaled by its load (helpers/cancel.sql)
\ir helpers/cancel.sql
SELECT pg_temp.cancel_limit('1.5 s') AS cancel_limit \gset
SET LOCAL statement_timeout = 250;
SELECT cmp_ok(pg_temp.timed_out(), '<', :'cancel_limit'::interval,
              'a long flow solve is cancelled by statement_timeout (250 ms) in time (1.5 s on a quiet machine, scaled by its load)');
RESET statement_timeout;
RESET scenario.assign_solver;

SELECT * FROM finish();
ROLLBACK;
