-- funnel: pipeline stages, the funnel aggregate, its state and result types

-- the stage order is the enum order; closed sorts last
SELECT enum_range(NULL::stage);
SELECT 'negotiating'::stage < 'signed'::stage AS ordered, 'closed'::stage > 'operating' AS closed_last;
SELECT 'paused'::stage;

-- a hand-made pipeline
CREATE TABLE moves (item bigint, stage stage, at timestamptz);
INSERT INTO moves VALUES
  -- 1: every step but negotiating, still operating
  (1, 'released',  '2024-01-01 00:00+00'), (1, 'matched',   '2024-01-11 00:00+00'),
  (1, 'signed',    '2024-02-01 00:00+00'), (1, 'operating', '2024-03-01 00:00+00'),
  -- 2: matched, then closed
  (2, 'released',  '2024-01-05 00:00+00'), (2, 'matched',   '2024-01-06 00:00+00'),
  (2, 'closed',    '2024-02-01 00:00+00'),
  -- 3: skips matched and negotiating
  (3, 'released',  '2024-01-02 00:00+00'), (3, 'signed',    '2024-01-20 00:00+00'),
  -- 4: released only
  (4, 'released',  '2024-01-03 00:00+00'),
  -- 5: the same row twice, and matched recorded again a day later
  (5, 'released',  '2024-01-01 00:00+00'), (5, 'released',  '2024-01-01 00:00+00'),
  (5, 'matched',   '2024-01-04 00:00+00'), (5, 'matched',   '2024-01-05 00:00+00'),
  (5, 'negotiating', '2024-01-10 12:00+00'),
  -- 6: released and matched at the same instant, then operating, then closed
  (6, 'released',  '2024-01-07 00:00+00'), (6, 'matched',   '2024-01-07 00:00+00'),
  (6, 'operating', '2024-04-01 00:00+00'), (6, 'closed',    '2024-06-01 00:00+00'),
  -- 7: only a closing is known: counts as released and closed
  (7, 'closed',    '2024-01-09 00:00+00');

SELECT funnel(item, stage, at) FROM moves;
SELECT r.* FROM funnel_rows((SELECT funnel(item, stage, at) FROM moves)) r;
-- the same through the target list, and per group
SELECT (funnel_rows(funnel(item, stage, at))).* FROM moves WHERE item <= 3;
SELECT item % 2 AS parity, funnel(item, stage, at) FROM moves GROUP BY 1 ORDER BY 1;
-- the order of the rows does not matter
SELECT (SELECT funnel(item, stage, at) FROM (SELECT * FROM moves ORDER BY at DESC, item) d)
     = (SELECT funnel(item, stage, at) FROM (SELECT * FROM moves ORDER BY item, at) a) AS order_free;

-- no rows: no funnel
SELECT funnel(item, stage, at) IS NULL AS empty FROM moves WHERE false;

-- medians: odd count, even count rounded to the microsecond, halves to even
SELECT funnel(i, s, t) FROM (VALUES
  (1, 'released'::stage, '2024-01-01 00:00:00+00'::timestamptz), (1, 'matched', '2024-01-01 00:00:00.000001+00'),
  (2, 'released', '2024-01-01 00:00:00+00'), (2, 'matched', '2024-01-01 00:00:00.000002+00')) v(i, s, t);
SELECT funnel(i, s, t) FROM (VALUES
  (1, 'released'::stage, '2024-01-01 00:00:00+00'::timestamptz), (1, 'matched', '2024-01-01 00:00:00.000002+00'),
  (2, 'released', '2024-01-01 00:00:00+00'), (2, 'matched', '2024-01-01 00:00:00.000003+00')) v(i, s, t);
-- negative ids and times long ago
SELECT funnel(i, s, t) FROM (VALUES
  (-9223372036854775808, 'released'::stage, '4713-01-01 00:00:00+00 BC'::timestamptz),
  (-9223372036854775808, 'signed', '2000-01-01 00:00:00+00')) v(i, s, t);

-- bad input: a backward move, a later stage entered first, leaving closed
SELECT funnel(item, stage, at) FROM (SELECT * FROM moves UNION ALL
  SELECT 1, 'matched', '2024-03-02 00:00+00') m;
SELECT funnel(i, s, t) FROM (VALUES
  (8, 'signed'::stage, '2024-01-01 00:00+00'::timestamptz), (8, 'released', '2024-02-01 00:00+00')) v(i, s, t);
SELECT funnel(i, s, t) FROM (VALUES
  (9, 'closed'::stage, '2024-01-01 00:00+00'::timestamptz), (9, 'matched', '2024-01-02 00:00+00')) v(i, s, t);
-- nulls and infinite times
SELECT funnel(i, s, t) FROM (VALUES (NULL::bigint, 'released'::stage, now())) v(i, s, t);
SELECT funnel(i, s, t) FROM (VALUES (1::bigint, NULL::stage, now())) v(i, s, t);
SELECT funnel(i, s, t) FROM (VALUES (1::bigint, 'released'::stage, NULL::timestamptz)) v(i, s, t);
SELECT funnel(i, s, t) FROM (VALUES (1::bigint, 'released'::stage, 'infinity'::timestamptz)) v(i, s, t);
SELECT funnel(i, s, t) FROM (VALUES (1::bigint, 'released'::stage, '-infinity'::timestamptz)) v(i, s, t);
-- the support functions are for the aggregate only
SELECT funnel_transfn(NULL, 1, 'released', now());

-- type funnel: text in and out
SELECT 'released 3 median 1d 00:00:00.5 over 2; matched 2; negotiating 1; signed 0; operating 0; closed 1'::funnel;
SELECT '  released 0 ;matched 0;negotiating 0; signed 0; operating 0; closed 0  '::funnel;
SELECT 'released 9 median 100000d 23:59:59.999999 over 9; matched 9 median 0d 00:00:00 over 1; negotiating 0; signed 0; operating 0; closed 9'::funnel;
SELECT 'released 3; matched 2; signed 1; operating 0; closed 0'::funnel;                       -- negotiating missing
SELECT 'matched 2; released 3; negotiating 1; signed 0; operating 0; closed 0'::funnel;         -- out of order
SELECT 'released 3; matched 4; negotiating 1; signed 0; operating 0; closed 0'::funnel;         -- more than before
SELECT 'released 3; matched 2; negotiating 1; signed 0; operating 0; closed 4'::funnel;         -- closed > released
SELECT 'released 3 median 1d 00:00:00 over 4; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
SELECT 'released 3 median 1d 00:00:00 over 0; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
SELECT 'released 3; matched 2; negotiating 1; signed 0; operating 0; closed 1 median 1d 00:00:00 over 1'::funnel;
SELECT 'released 3 median 1d 24:00:00 over 1; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
-- one-digit fields are read, two are written
SELECT 'released 3 median 1d 1:00:00 over 1; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
SELECT 'released 3 median 1d 01:00:00.1234567 over 1; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
SELECT 'released 3 median 106751992d 00:00:00 over 1; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
SELECT 'released -3; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
SELECT 'released 9223372036854775808; matched 2; negotiating 1; signed 0; operating 0; closed 0'::funnel;
SELECT 'released 3; matched 2; negotiating 1; signed 0; operating 0; closed 0; extra'::funnel;
SELECT ''::funnel;

-- equality and hashing
SELECT f = f::text::funnel AS text_round_trip, f <> f AS differs_from_itself,
       funnel_hash(f) = funnel_hash(f::text::funnel) AS same_hash
  FROM (SELECT funnel(item, stage, at) AS f FROM moves) s;
-- (hashable, not ordered: GROUP BY hashes)
SELECT f, count(*) FROM (
  SELECT funnel(item, stage, at) AS f FROM moves GROUP BY item % 2
  UNION ALL SELECT funnel(item, stage, at) FROM moves WHERE item % 2 = 0) s
 GROUP BY f ORDER BY 2;

-- type funnel_state: text in and out (times in UTC whatever the session says)
SET TimeZone = 'Asia/Shanghai';
SET DateStyle = 'SQL, DMY';
SELECT '42 released 2024-01-05T00:00:00Z; 42 matched 2024-02-01T12:30:00.25Z; -9223372036854775808 closed -4713-11-24T00:00:00Z'::funnel_state;
SELECT '  7 signed 0001-01-01T00:00:00Z ;7 operating 294276-12-31T23:59:59.999999Z '::funnel_state;
SELECT ''::funnel_state;
SELECT funnel_finalfn(''::funnel_state) IS NULL AS empty_state_no_funnel;
SELECT funnel_finalfn('1 released 2024-01-05T00:00:00Z; 1 signed 2024-01-06T06:00:00Z'::funnel_state);
RESET TimeZone;
RESET DateStyle;
SELECT '42 paused 2024-01-05T00:00:00Z'::funnel_state;
SELECT '42 released 2024-02-30T00:00:00Z'::funnel_state;
SELECT '42 released 2024-01-05 00:00:00Z'::funnel_state;
SELECT '42 released 2024-01-05T00:00:00'::funnel_state;
SELECT '42 released 2024-01-05T24:00:00Z'::funnel_state;
SELECT '42 released 294277-01-01T00:00:00Z'::funnel_state;
SELECT '42 released -4714-01-01T00:00:00Z'::funnel_state;
SELECT '42 released 2024-01-05T00:00:00.1234567Z'::funnel_state;
SELECT '9223372036854775808 released 2024-01-05T00:00:00Z'::funnel_state;
SELECT '42 released 2024-01-05T00:00:00Z;'::funnel_state;
SELECT 'x released 2024-01-05T00:00:00Z'::funnel_state;

DROP TABLE moves;
