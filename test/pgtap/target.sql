-- target and tracking: catalog checks, opclasses, binary round trips,
-- error codes, and properties (round trips on many values, combine of two
-- halves equals the whole, serial equals parallel, bands hold the forecast).
BEGIN;
SELECT plan(56);

SELECT has_type('public', 'target', 'type target exists');
SELECT has_type('public', 'tracking', 'type tracking exists');
SELECT enum_has_labels('public', 'target_status',
       ARRAY['achieved', 'on_track', 'at_risk', 'off_track', 'missed', 'not_started'],
       'target_status labels in order');
SELECT ok(amvalidate(oid), 'opclass ' || opcname || ' validates')
  FROM pg_opclass WHERE opcname IN ('target_ops', 'target_hash_ops')
   AND opcnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario') ORDER BY opcname;
SELECT is((SELECT count(*)::int FROM pg_aggregate a JOIN pg_proc p ON p.oid = a.aggfnoid
            WHERE p.proname = 'track' AND p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario')
              AND a.aggcombinefn <> 0 AND p.proparallel = 's'
              AND a.aggtranstype = 'tracking'::regtype), 4,
          'four track() aggregates, parallel safe, with a combine function and a tracking state');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario')
            AND (proname LIKE 'target%' OR proname LIKE 'tracking%' OR proname = 'burnup_svg')
            AND (proparallel <> 's' OR provolatile <> 'i')), 0,
          'target and tracking functions are immutable and parallel safe');

-- text round trip over many generated targets
SELECT is((SELECT count(*)::int FROM (
             SELECT format('%s %s%s %s%s',
                           CASE WHEN i % 2 = 0 THEN '>=' ELSE '<=' END,
                           (i * 7.3 + 0.001 * i)::float8,
                           CASE WHEN i % 3 = 0 THEN ' CNY' ELSE '' END,
                           CASE WHEN i % 4 = 0 THEN 'per ' || (ARRAY['year', 'quarter', 'month'])[1 + i % 3]
                                ELSE format('by %s from %s', date '2024-01-01' + i * 13 + 1, date '2024-01-01' - i) END,
                           CASE WHEN i % 5 = 0 THEN ' at ' || (-i / 3.0)::float8 ELSE '' END)::target t
               FROM generate_series(1, 500) i) s
            WHERE t::text::target <> t OR t::text <> t::text::target::text), 0,
          'text output of 500 targets reads back to the same target and text');

-- binary round trips through COPY
CREATE TEMP TABLE tg (t target, tr tracking);
INSERT INTO tg SELECT '>= 40e9 CNY by 2025-12-31 from 2023-01-01 at 1.5', track('>= 40e9 CNY by 2025-12-31 from 2023-01-01 at 1.5', d, 1e9 / 3)
  FROM generate_series(date '2023-01-01', '2024-06-30', '3 days') d;
INSERT INTO tg SELECT '<= 5 per month', track('<= 5 per month', d::date) FROM generate_series(date '2024-01-01', '2024-03-01', '1 week') d;
CREATE TEMP TABLE tg2 (LIKE tg);
DO $$
DECLARE f text := format('/tmp/scenario_target_%s.bin', pg_backend_pid());
BEGIN
	EXECUTE format('COPY tg TO %L (FORMAT binary)', f);
	EXECUTE format('COPY tg2 FROM %L (FORMAT binary)', f);
	EXECUTE format('COPY (SELECT 1 WHERE false) TO %L', f);
END $$;
SELECT results_eq('SELECT t::text, tr::text FROM tg ORDER BY 1', 'SELECT t::text, tr::text FROM tg2 ORDER BY 1',
                  'binary COPY round trip of target and tracking');
SELECT is((SELECT tr::text::tracking::text FROM tg LIMIT 1), (SELECT tr::text FROM tg LIMIT 1),
          'tracking text round trip');
SELECT is((SELECT count(*)::int FROM tg, tg2 WHERE tg.t = tg2.t AND tg.tr::text = tg2.tr::text), 2,
          'both rows survive binary COPY unchanged');
SELECT is(target_send('>= 10 by 2027-12-31 from 2024-01-01'),
          '\x010100000000223e000027f240240000000000000000000000000000'::bytea,
          'binary layout of a target: version, op, period, unit, start, due, goal, baseline');

-- binary input is as strict as text input: feed crafted values through a
-- binary COPY file (signature, flags, extension; one tuple of one field)
CREATE TEMP TABLE bin_target (t target);
CREATE TEMP TABLE bin_tracking (tr tracking);
CREATE FUNCTION pg_temp.copy_binary(tbl text, payload bytea) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
	f text := format('/tmp/scenario_target_recv_%s.bin', pg_backend_pid());
	lo oid;
	result text;
BEGIN
	lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || '\x0000000000000000'::bytea
	                       || '\x0001'::bytea || int4send(length(payload)) || payload || '\xffff'::bytea);
	PERFORM lo_export(lo, f);
	PERFORM lo_unlink(lo);
	EXECUTE format('TRUNCATE %I', tbl);
	BEGIN
		EXECUTE format('COPY %I FROM %L (FORMAT binary)', tbl, f);
	EXCEPTION WHEN OTHERS THEN
		EXECUTE format('COPY (SELECT 1 WHERE false) TO %L', f);
		RAISE;
	END;
	EXECUTE format('COPY (SELECT 1 WHERE false) TO %L', f);
	EXECUTE format('SELECT string_agg(x::text, '','') FROM %I x', tbl) INTO result;
	RETURN result;
END $$;
SELECT is(pg_temp.copy_binary('bin_target', target_send('>= 40e9 CNY by 2025-12-31 from 2023-01-01 at 3')),
          '(">= 40000000000 CNY by 2025-12-31 from 2023-01-01 at 3")', 'a sent target is received unchanged');
SELECT throws_ok($$SELECT pg_temp.copy_binary('bin_target', '\x030100000000223e000027f240240000000000000000000000000000')$$,
                 '22P03', NULL, 'binary target: unknown version rejected');
SELECT throws_ok($$SELECT pg_temp.copy_binary('bin_target', '\x01010000000027f20000223e40240000000000000000000000000000')$$,
                 '22023', NULL, 'binary target: due before start rejected as in text');
SELECT throws_ok($$SELECT pg_temp.copy_binary('bin_target', '\x01010100000000010000000040240000000000000000000000000000')$$,
                 '22023', NULL, 'binary target: a per-period target with a start day rejected');
SELECT throws_ok(format($$SELECT pg_temp.copy_binary('bin_tracking', %L)$$,
                   overlay(tracking_send('>= 5 per year; ignored 0 0 0; 2024-01-05 2 2 2, 2024-02-05 1 1 1')
                           PLACING int4send(('2023-12-01'::date - '2000-01-01'::date)) FROM 87 FOR 4)),
                 '22023', NULL, 'binary tracking: days out of order rejected as in text');
SELECT is(pg_temp.copy_binary('bin_tracking', tracking_send('>= 5 per year; ignored 0 0 0; 2024-01-05 2 2 2, 2024-02-05 1 1 1')),
          '(">= 5 per year; ignored 0 0 0; 2024-01-05 2 2 2, 2024-02-05 1 1 1")', 'a sent tracking is received unchanged');

-- error codes
SELECT throws_ok($$SELECT '>= 10 per year junk'::target$$, '22P02', NULL, 'trailing junk: 22P02');
SELECT throws_ok($$SELECT '>= 10 by 2027-12-31'::target$$, '22P02', NULL, 'window without start: 22P02');
SELECT throws_ok($$SELECT '>= 10 by 2024-01-01 from 2024-02-01'::target$$, '22023', NULL, 'due before start: 22023');
SELECT throws_ok($$SELECT '>= 10 by 2024-01-01 from 2024-01-01'::target$$, '22023', NULL, 'zero-length window: 22023');
SELECT throws_ok($$SELECT '>= 3 per year at 3'::target$$, '22023', NULL, 'goal equal to baseline: 22023');
SELECT throws_ok($$SELECT '>= NaN per year'::target$$, '22023', NULL, 'NaN goal: 22023');
SELECT throws_ok($$SELECT '>= 3 per week'::target$$, '22023', NULL, 'unknown period: 22023');
SELECT throws_ok($$SELECT '>= 3 furlongs per year'::target$$, '22023', NULL, 'unknown unit: 22023');
SELECT throws_ok($$SELECT '>= 3 by 2024-02-30 from 2024-01-01'::target$$, '22008', NULL, 'impossible date: 22008');
SELECT throws_ok($$SELECT '>= 1e400 per year'::target$$, '22003', NULL, 'goal out of range: 22003');
SELECT throws_ok($$SELECT track('>= 3 per year', now(), 'Infinity') $$, '22023', NULL, 'infinite amount: 22023');
SELECT throws_ok($$SELECT track('>= 3 per year', 'infinity'::timestamptz) $$, '22008', NULL, 'infinite event time: 22008');
SELECT throws_ok($$SELECT tracking_status(track('>= 3 per year', current_date), current_date, 0.5, 0.9)$$,
                 '22023', NULL, 'bad thresholds: 22023');
SELECT throws_ok($$SELECT '>= 3 per year; ignored 0 0 0; 2024-01-01 1 1 1,'::tracking$$, '22P02', NULL,
                 'bad tracking text: 22P02');

-- combine of two halves equals the whole: drive the combine function as a
-- transition function over the partial results of two halves
CREATE AGGREGATE pg_temp.merge_tracking(tracking) (SFUNC = _tracking_combine, STYPE = tracking);
CREATE TEMP TABLE events AS
  SELECT date '2024-01-01' + (i * 7919) % 1461 AS d, ((i * 31) % 17)::float8 AS amount
    FROM generate_series(1, 200000) i;
INSERT INTO events VALUES ('2023-06-01', 1), ('2028-01-01', 2), (NULL, 3), ('2025-01-01', NULL);
ANALYZE events;
SELECT is((SELECT pg_temp.merge_tracking(h)::text FROM (
             SELECT track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount) h FROM events WHERE d < '2025-07-01'
             UNION ALL
             SELECT track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount) FROM events WHERE d >= '2025-07-01' OR d IS NULL) s),
          (SELECT track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount)::text FROM events),
          'combine of two halves equals the whole (window target)');
SELECT is((SELECT pg_temp.merge_tracking(h)::text FROM (
             SELECT track('>= 1e4 per month', d, amount) h FROM events WHERE d < '2025-07-01'
             UNION ALL
             SELECT track('>= 1e4 per month', d, amount) FROM events WHERE d >= '2025-07-01' OR d IS NULL) s),
          (SELECT track('>= 1e4 per month', d, amount)::text FROM events),
          'combine of two halves equals the whole (per-month target)');

-- serial equals parallel
SET LOCAL max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS
  SELECT track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount)::text AS w,
         track('>= 1e4 per month', d, amount)::text AS m FROM events;
SET LOCAL parallel_setup_cost = 0;
SET LOCAL parallel_tuple_cost = 0;
SET LOCAL min_parallel_table_scan_size = 0;
SET LOCAL max_parallel_workers_per_gather = 2;
CREATE FUNCTION pg_temp.explain_lines(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
	FOR r IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP
		RETURN NEXT r."QUERY PLAN";
	END LOOP;
END $$;
-- temp tables are not scanned in parallel: use a regular one
CREATE TABLE public.scenario_tap_events AS SELECT * FROM events;
ANALYZE public.scenario_tap_events;
SELECT matches((SELECT string_agg(l, E'\n') FROM pg_temp.explain_lines(
                  'SELECT track(''>= 1e6 by 2027-12-31 from 2024-01-01'', d, amount) FROM public.scenario_tap_events') l),
               'Partial Aggregate', 'a forced parallel plan runs track() as a Partial Aggregate');
SELECT is((SELECT track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount)::text FROM public.scenario_tap_events),
          (SELECT w FROM serial), 'parallel equals serial (window target)');
SELECT is((SELECT track('>= 1e4 per month', d, amount)::text FROM public.scenario_tap_events),
          (SELECT m FROM serial), 'parallel equals serial (per-month target)');

-- forecasts: the band holds the forecast, the completion days are ordered
SELECT is((SELECT count(*)::int FROM (
             SELECT tracking_forecast_low(t, a) lo, tracking_forecast(t, a) f, tracking_forecast_high(t, a) hi,
                    tracking_eta_early(t, a) e, tracking_eta(t, a) m, tracking_eta_late(t, a) l
               FROM (SELECT track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount) t FROM events) s,
                    generate_series(date '2024-01-01', '2027-12-31', '29 days') g, LATERAL (SELECT g::date a) c) x
            WHERE NOT (lo <= f AND f <= hi) OR e > m OR m > l), 0,
          'forecast_low <= forecast <= forecast_high and eta_early <= eta <= eta_late on every day');
SELECT is((SELECT tracking_events(track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount)) +
                  tracking_ignored(track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount)) FROM events),
          (SELECT count(*) FROM events), 'every row is either counted or ignored');
SELECT is((SELECT tracking_actual(track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount), '2026-05-31') FROM events),
          (SELECT sum(amount) FROM events WHERE d BETWEEN '2024-01-01' AND '2026-05-31'),
          'actual as of a day is the sum of the amounts in the window up to that day');

-- the chart is well-formed XML
SELECT ok(xml_is_well_formed_document(burnup_svg(track('>= 1e6 by 2027-12-31 from 2024-01-01', d, amount), '2026-05-31')),
          'burnup_svg is a well-formed XML document') FROM events;
SELECT ok(xml_is_well_formed_document(burnup_svg(track('>= 3 per quarter at 1', d), '2024-05-01')),
          'burnup_svg of a per-period target is well-formed') FROM events;

-- on the demo programme: every designation and first use is counted
SELECT is((SELECT tracking_events(track('>= 10 zones by 2027-12-31 from 2023-01-01', designated_on))
             FROM programme.pilot_zone), (SELECT count(*) FROM programme.pilot_zone),
          'demo: every pilot zone designation is counted');
SELECT is((SELECT array_agg(actual::int ORDER BY period_start) FROM tracking_periods(
             (SELECT track('>= 100 uses per year', used_on) FROM programme.first_use))),
          (SELECT array_agg(n::int ORDER BY y) FROM (SELECT extract(year FROM used_on) y, count(*) n
             FROM programme.first_use GROUP BY 1) s),
          'demo: per-year first uses equal a GROUP BY year');
SELECT is((SELECT tracking_status(track('>= 40e9 CNY by 2025-12-31 from 2023-01-01', released_on, investment::float8), a.as_of)
             FROM programme.opportunity, programme.about a GROUP BY a.as_of),
          'on_track', 'demo: the investment target is on track on the snapshot day');


-- tracking_periods as of a day (issue 13): on every day of a span, the
-- periods' events add up to the events up to that day, only the period
-- holding the day (if still running) has met NULL, and the old signature is
-- the new one as of the last event's day
CREATE TEMP TABLE asof AS
  SELECT track('>= 4 per month', d::date) AS tr
    FROM generate_series(date '2024-01-03', '2024-06-20', '5 days') d;
SELECT is((SELECT count(*)::int FROM generate_series(date '2024-01-01', '2024-08-31', '1 day') a(day)
            WHERE (SELECT coalesce(sum(events), 0) FROM tracking_periods((SELECT tr FROM asof), a.day::date))
                  <> (SELECT count(*) FROM generate_series(date '2024-01-03', '2024-06-20', '5 days') d WHERE d <= a.day)),
          0, 'tracking_periods as of any day counts exactly the events up to that day');
SELECT is((SELECT count(*)::int FROM generate_series(date '2024-01-03', '2024-08-31', '1 day') a(day),
                  tracking_periods((SELECT tr FROM asof), a.day::date) p
            WHERE (p.met IS NULL) <> (p.period_due > a.day)), 0,
          'met is NULL exactly for the period still running on the as-of day');
SELECT results_eq('SELECT * FROM tracking_periods((SELECT tr FROM asof))',
                  'SELECT * FROM tracking_periods((SELECT tr FROM asof), ''2024-06-18'')',
                  'tracking_periods(tr) is tracking_periods(tr, last event day)');
SELECT throws_ok('SELECT * FROM tracking_periods((SELECT tr FROM asof), ''infinity'')', '22008', NULL,
                 'an infinite as-of day is refused');

-- totals that overflow: 22003 from text, binary and the aggregate alike
SELECT throws_ok($$SELECT '>= 10 per year; ignored 0 0 0; 2024-01-01 9223372036854775807 1 1, 2024-01-02 1 1 1'::tracking$$,
                 '22003', NULL, 'text: day counts summing past bigint');
SELECT throws_ok($$SELECT '>= 10 per year; ignored 0 0 0; 2024-01-01 1 1e308 1, 2024-01-02 1 1e308 1'::tracking$$,
                 '22003', NULL, 'text: day amounts summing past float8');
SELECT throws_ok($$SELECT track('>= 10 per year', d, 1e308) FROM (VALUES (date '2024-01-01'), ('2024-01-02')) v(d)$$,
                 '22003', NULL, 'track(): amounts summing past float8 over days');
CREATE TEMP TABLE trb (tr tracking);
DO $$
DECLARE
	f text := format('/tmp/scenario_tracking_%s.bin', pg_backend_pid());
	b bytea;
	o oid;
BEGIN
	EXECUTE format('COPY (SELECT %L::tracking) TO %L (FORMAT binary)',
				   '>= 10 per year; ignored 0 0 0; 2024-01-01 1 1 1, 2024-01-02 1 1 1', f);
	b := pg_read_binary_file(f);
	-- 19 bytes of header, 2 of field count, 4 of length; day 1's count is
	-- 62 bytes into the value (version, flags, target 28, ignored 24,
	-- ndays 4, day 4)
	b := overlay(b placing '\x7fffffffffffffff'::bytea from 88 for 8);
	o := lo_from_bytea(0, b);
	PERFORM lo_export(o, f);
	PERFORM lo_unlink(o);
END $$;
SELECT throws_ok(format('COPY trb FROM %L (FORMAT binary)', format('/tmp/scenario_tracking_%s.bin', pg_backend_pid())),
                 '22003', NULL, 'binary: day counts summing past bigint');
DO $$
DECLARE
	f text := format('/tmp/scenario_tracking_%s.bin', pg_backend_pid());
	b bytea;
	o oid;
BEGIN
	b := pg_read_binary_file(f);
	b := overlay(b placing '\x0000000000000001'::bytea from 88 for 8);
	-- day 1's and day 2's sums (8 bytes after each count) to 1e308
	b := overlay(b placing float8send(1e308) from 96 for 8);
	b := overlay(b placing float8send(1e308) from 124 for 8);
	o := lo_from_bytea(0, b);
	PERFORM lo_export(o, f);
	PERFORM lo_unlink(o);
END $$;
SELECT throws_ok(format('COPY trb FROM %L (FORMAT binary)', format('/tmp/scenario_tracking_%s.bin', pg_backend_pid())),
                 '22003', NULL, 'binary: day amounts summing past float8');
DO $$
DECLARE
	f text := format('/tmp/scenario_tracking_%s.bin', pg_backend_pid());
	b bytea;
	o oid;
BEGIN
	b := pg_read_binary_file(f);
	b := overlay(b placing float8send(1e307) from 96 for 8);
	o := lo_from_bytea(0, b);
	PERFORM lo_export(o, f);
	PERFORM lo_unlink(o);
	EXECUTE format('COPY trb FROM %L (FORMAT binary)', f);
	EXECUTE format('COPY (SELECT 1 WHERE false) TO %L', f);
END $$;
SELECT is((SELECT tracking_actual(tr, '2024-12-31') FROM trb), 1.1e308::float8,
          'binary: totals within float8 read back');
SELECT throws_ok($$SELECT match_score(demand_profile(), supply_profile(), '{"text": 1e308, "sector": 1e308}')$$,
                 '22003', 'weights out of range: their sum overflows double precision',
                 'match_score: weights summing past float8 are 22003, not "all zero"');

SELECT * FROM finish();
ROLLBACK;
