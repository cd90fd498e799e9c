-- assign: optimal, stable and greedy assignment for matching events
SET extra_float_digits = 0;

-- a small event: three demands, three supplies, six candidate pairs
CREATE TABLE event_candidates (demand_id bigint, supply_id bigint, score float8,
                               demand_capacity int, supply_capacity int);
INSERT INTO event_candidates VALUES
  (1, 10, 1.0, NULL, NULL), (1, 11, 0.9, NULL, NULL), (2, 10, 0.9, NULL, 2),
  (2, 12, 0.4, NULL, NULL), (3, 12, 0.5, NULL, NULL), (3, 11, 0.2, NULL, NULL);

-- the best pairing: 1-11, 2-10, 3-12 (2.3) beats taking 1-10 first (1.5)
SELECT assign(demand_id, supply_id, score) FROM event_candidates;
SELECT m, a, total_score(a), pair_count(a), method(a)
  FROM (SELECT m, assign(demand_id, supply_id, score, m) AS a
          FROM event_candidates, (VALUES ('optimal'), ('stable'), ('greedy')) v(m)
         GROUP BY m) x
 ORDER BY m;
-- as rows
SELECT p.* FROM (SELECT assign(demand_id, supply_id, score) AS a FROM event_candidates) x,
       unnest(x.a) p;

-- capacities: supply 10 may take two demands (given on one row, NULL = not
-- given on the others); every method respects them
SELECT m, assign(demand_id, supply_id, score, demand_capacity, supply_capacity, m)
  FROM event_candidates, (VALUES ('optimal'), ('stable'), ('greedy')) v(m)
 GROUP BY m ORDER BY m;
-- capacities on both sides: a pair is still used at most once
SELECT assign(d, s, sc, 3, 3) FROM (VALUES (1, 10, 0.5), (1, 11, 0.4), (2, 10, 0.3)) v(d, s, sc);
-- capacity 0 keeps an id out
SELECT assign(d, s, sc, dc, NULL) FROM (VALUES (1, 10, 0.5, 0), (2, 10, 0.3, 1)) v(d, s, sc, dc);

-- rectangular: more supplies than demands and the other way round
SELECT assign(d, s, sc) FROM (VALUES (1, 10, 0.5), (1, 11, 0.6), (1, 12, 0.7)) v(d, s, sc);
SELECT assign(d, s, sc) FROM (VALUES (1, 10, 0.5), (2, 10, 0.6), (3, 10, 0.7)) v(d, s, sc);

-- only positive scores are ever chosen: leaving both sides unmatched beats
-- a pair with score <= 0
SELECT assign(d, s, sc) FROM (VALUES (1, 10, -0.5), (2, 11, 0.0), (3, 12, 0.1)) v(d, s, sc);
SELECT assign(d, s, sc, 'greedy') FROM (VALUES (1, 10, -0.5), (2, 11, 0.0)) v(d, s, sc);

-- ties are broken by ids: among equal scores the smaller id wins
SELECT m, assign(d, s, 1.0, m) FROM (VALUES (1, 10), (2, 10), (1, 11)) v(d, s),
       (VALUES ('stable'), ('greedy')) w(m) GROUP BY m ORDER BY m;

-- the answer does not depend on the order of the rows
SELECT (SELECT assign(demand_id, supply_id, score ORDER BY score) FROM event_candidates)
     = (SELECT assign(demand_id, supply_id, score ORDER BY score DESC) FROM event_candidates)
       AS order_independent;

-- empty input: no rows (or only rows with a NULL id or score) give NULL
SELECT assign(demand_id, supply_id, score) IS NULL AS empty_is_null FROM event_candidates WHERE false;
SELECT assign(d, s, sc) IS NULL AS null_rows_skipped
  FROM (VALUES (1::bigint, NULL::bigint, 0.5::float8), (NULL, 2, 0.5), (1, 2, NULL)) v(d, s, sc);
SELECT coalesce(assign(demand_id, supply_id, score), 'optimal:{}') FROM event_candidates WHERE false;

-- a score matrix directly: rows are demands 1..m, columns supplies 1..n
SELECT assign_matrix('{{1,2,3},{2,4,6},{3,6,9}}');
SELECT assign_matrix('{{4,1},{2,NULL},{3,3}}', 'greedy');
SELECT assign_matrix('{}');

-- the types: text round trip, canonical order, comparison
SELECT 'optimal:{(2,1,0.5),(1,3,1e-300)}'::assignment;
SELECT ' stable : { ( 1 , 2 , 0.25 ) } '::assignment;
SELECT 'greedy:{}'::assignment = 'greedy:{ }'::assignment AS same,
       'greedy:{}'::assignment = 'stable:{}'::assignment AS method_counts;
SELECT 'optimal:{(1,2,0.1,,3),(1,2,5,1,)}'::assign_state;
SELECT 'optimal:{(1,2,0.1,,3)}'::assign_state::text::assign_state::text;

-- bad input
SELECT assign(d, s, sc) FROM (VALUES (1, 10, 'NaN'::float8)) v(d, s, sc);
SELECT assign(d, s, sc) FROM (VALUES (1, 10, 0.5), (2, 11, '-Infinity'::float8)) v(d, s, sc);
SELECT assign(d, s, sc, -1, 1) FROM (VALUES (1, 10, 0.5)) v(d, s, sc);
SELECT assign(d, s, sc, 1, -2) FROM (VALUES (1, 10, 0.5)) v(d, s, sc);
SELECT assign(d, s, sc, dc, 1) FROM (VALUES (1, 10, 0.5, 1), (1, 11, 0.5, 2)) v(d, s, sc, dc);
SELECT assign(d, s, sc) FROM (VALUES (1, 10, 0.5), (1, 10, 0.7)) v(d, s, sc);
SELECT assign(d, s, sc, 'best') FROM (VALUES (1, 10, 0.5)) v(d, s, sc);
SELECT assign(d, s, sc, NULL) FROM (VALUES (1, 10, 0.5)) v(d, s, sc);
SELECT assign(d, s, sc, m) FROM (VALUES (1, 10, 0.5, 'stable'), (2, 11, 0.5, 'greedy')) v(d, s, sc, m);
SELECT assign_matrix('{1,2,3}');
SELECT assign_matrix('{{1,NaN},{2,3}}');
SELECT assign_matrix('{{1,2}}', 'fast');
-- too many candidates: a clear error long before memory runs out
SET scenario.assign_max_candidates = 3;
SELECT assign(i, i, 0.5) FROM generate_series(1, 10) i;
RESET scenario.assign_max_candidates;
SELECT 'optimal'::assignment;
SELECT 'optimal:{(1,2)}'::assignment;
SELECT 'optimal:{(1,2,nan)}'::assignment;
SELECT 'optimal:{(1,2,Infinity)}'::assignment;
SELECT 'optimal:{(1,2,0x1p3)}'::assignment;
SELECT 'optimal:{(1,2,1e999)}'::assignment;
SELECT 'optimal:{(99999999999999999999,2,1)}'::assignment;
SELECT 'optimal:{(1,2,1),(1,2,3)}'::assignment;
SELECT 'optimal:{(1,2,1)}x'::assignment;
SELECT 'Optimal:{}'::assignment;
SELECT 'optimal:{(1,2,1,-1,)}'::assign_state;
SELECT 'optimal:{(1,2,1,1)}'::assign_state;
SELECT 'optimal:{(1,2,1,,99999999999)}'::assign_state;
