-- target_tracking: the track() aggregate, its tracking value and accessors,
-- forecasts on series with known answers, ignored events, the flat form,
-- per-period results and the burn-up chart

-- 10 events, one a day on days 1..10 of a 20-day window to 20, plus one
-- before the start, one after the due day and two with NULLs
CREATE TEMP TABLE ev (d date, amount float8);
INSERT INTO ev SELECT date '2024-01-01' + i, 1 FROM generate_series(0, 9) i;
INSERT INTO ev VALUES ('2023-12-31', 1), ('2024-01-21', 1), (NULL, 1), ('2024-01-03', NULL);
CREATE TEMP TABLE tr AS
  SELECT track('>= 20 by 2024-01-20 from 2024-01-01', d, amount) AS tr FROM ev;
SELECT tr FROM tr;
SELECT tracking_target(tr), tracking_events(tr), tracking_ignored(tr) FROM tr;

-- Known answer (Poisson counts): as of day 10, T = 10 days, N = 10, R = 10
-- days left: rate 1/day, forecast 10 + 10 = 20, variance N (R/T)(1 + R/T)
-- = 20, band 20 -/+ 1.6448536 sqrt(20) = 12.644 .. 27.356, eta day 20
SELECT (tracking_report(tr, '2024-01-10')).* FROM tr;
SELECT abs(tracking_forecast_high(tr, '2024-01-10') - (20 + 1.6448536269514722 * sqrt(20))) < 1e-12 AS high_exact,
       abs(tracking_forecast_low(tr, '2024-01-10') - (20 - 1.6448536269514722 * sqrt(20))) < 1e-12 AS low_exact
  FROM tr;
-- as of day 5: 5 counted, expected 5, R/T = 3: variance 5 * 3 * 4 = 60
SELECT tracking_actual(tr, '2024-01-05') AS actual, tracking_expected(tr, '2024-01-05') AS expected,
       tracking_progress(tr, '2024-01-05') AS progress, tracking_status(tr, '2024-01-05') AS status,
       tracking_forecast(tr, '2024-01-05') AS forecast,
       round(((tracking_forecast_high(tr, '2024-01-05') - 20) / 1.6448536269514722)::numeric ^ 2, 9) AS variance,
       tracking_eta(tr, '2024-01-05') AS eta
  FROM tr;
-- before the start: nothing to forecast; after the due day: the final result
SELECT (tracking_report(tr, '2023-12-01')).* FROM tr;
SELECT (tracking_report(tr, '2024-03-01')).* FROM tr;
-- a stricter threshold
SELECT tracking_status(tr, '2024-01-10', 1.2, 1.1) AS strict_, tracking_status(tr, '2024-01-10', 1.2, 0.9) AS lenient FROM tr;

-- Known answer (amounts): 2 a day on days 1..5 of a 10-day window with
-- baseline 3: Y = 10, Q = 20, T = 5, R = 5: forecast 3 + 20 = 23, variance
-- 20 * 1 * 2 = 40; goal 23 is reached on day 10
SELECT (tracking_report(track('>= 23 CNY by 2024-01-10 from 2024-01-01 at 3', d, 2), '2024-01-05')).*
  FROM generate_series(date '2024-01-01', '2024-01-05', '1 day') d;
SELECT round(((tracking_forecast_high(t, '2024-01-05') - 23) / 1.6448536269514722)::numeric ^ 2, 9) AS variance
  FROM (SELECT track('>= 23 CNY by 2024-01-10 from 2024-01-01 at 3', d::date, 2) t
          FROM generate_series(date '2024-01-01', '2024-01-05', '1 day') d) s;

-- Known answer (per month): 50 events in the first 15 days of January:
-- rate 10/3 a day, forecast 50 * 31 / 15, the goal 100 on day 30; in
-- February the month starts afresh
SELECT (tracking_report(t, '2024-01-15')).*, abs(tracking_forecast(t, '2024-01-15') - 50.0 * 31 / 15) < 1e-12 AS exact
  FROM (SELECT track('>= 100 per month', date '2024-01-01' + i % 15) t FROM generate_series(0, 49) i) s;
SELECT tracking_actual(t, '2024-02-10') AS feb_actual, tracking_status(t, '2024-02-10') AS feb_status,
       tracking_forecast(t, '2024-02-10') AS feb_forecast, tracking_eta(t, '2024-02-10') AS feb_eta,
       tracking_status(t, '2024-01-31') AS jan_final
  FROM (SELECT track('>= 100 per month', date '2024-01-01' + i % 15) t FROM generate_series(0, 49) i) s;
-- a slow month never gets there within it: eta NULL
SELECT tracking_forecast(t, '2024-01-15') AS forecast, tracking_eta(t, '2024-01-15') AS eta
  FROM (SELECT track('>= 100 per month', date '2024-01-01' + i % 15) t FROM generate_series(0, 9) i) s;

-- a ceiling: 3 events in the first 10 days of June against "<= 5 per month":
-- the pace allows 5/3 by then (off_track); the trend reaches 5 on day 17
SELECT (tracking_report(track('<= 5 per month', d), '2024-06-10')).*
  FROM unnest('{2024-06-02,2024-06-05,2024-06-09}'::date[]) d;

-- reached already: eta is the day the running total got there
SELECT tracking_eta(t, '2024-01-30') AS eta, tracking_eta_early(t, '2024-01-30') AS early,
       tracking_eta_late(t, '2024-01-30') AS late, tracking_status(t, '2024-01-30') AS status
  FROM (SELECT track('>= 5 by 2024-12-31 from 2024-01-01', date '2024-01-01' + 3 * i) t FROM generate_series(0, 9) i) s;

-- no counted events: forecast stays at the baseline, no completion day
SELECT (tracking_report(track('>= 5 by 2024-12-31 from 2024-06-01 at 1', d), '2024-07-01')).*
  FROM unnest('{2024-01-05,2025-02-01}'::date[]) d;

-- timestamps count on their day in the session time zone
SET TIME ZONE 'Asia/Shanghai';
SELECT tracking_events(t), tracking_ignored(t), tracking_actual(t, '2024-01-01') AS on_first_day
  FROM (SELECT track('>= 3 by 2024-01-31 from 2024-01-01', ts) t
          FROM unnest('{2023-12-31 16:30:00+00,2023-12-31 15:59:59+00,2024-01-31 15:59:59+00,2024-01-31 16:00:00+00}'::timestamptz[]) ts) s;
SELECT tracking_events(track('>= 3 by 2024-01-31 from 2024-01-01', ts, 2.5)) FROM unnest('{2024-01-05 10:00+08}'::timestamptz[]) ts;
RESET TIME ZONE;

-- one target per group; GROUP BY the target to track several
SELECT track(t, d) FROM (VALUES ('>= 5 per year'::target, date '2024-01-01'), ('>= 6 per year', '2024-01-02')) v(t, d);
SELECT t, tracking_events(track(t, d)) FROM (VALUES ('>= 5 per year'::target, date '2024-01-01'),
       ('>= 6 per year', '2024-01-02'), ('>= 5 per year', '2024-03-02')) v(t, d) GROUP BY t ORDER BY t;
-- no rows, or a NULL target: NULL
SELECT track('>= 5 per year', d) IS NULL AS empty FROM ev WHERE false;
SELECT track(NULL::target, d) IS NULL AS null_target FROM ev;

-- bad events: NaN or infinite amounts (22023), days out of range (22008),
-- sums out of range (22003)
SELECT track('>= 5 per year', d, 'NaN') FROM ev;
SELECT track('>= 5 per year', d, '-Infinity') FROM ev;
SELECT track('>= 5 per year', 'infinity'::date) FROM ev;
SELECT track('>= 5 per year', '10000-01-01'::date) FROM ev;
SELECT track('>= 5 by 2024-12-31 from 2024-01-01', '-infinity'::timestamptz) FROM ev;
SELECT track('>= 5 per year', d, 1e200) FROM ev;
SELECT _tracking_trans(NULL, '>= 5 per year', date '2024-01-01');

-- a window state turns dense (a slot per day) once an eighth of its days
-- have events; the value is the same: 40 days in a scrambled order, against
-- a window too long to turn dense
SELECT substr(a::text, strpos(a::text, ';')) = substr(b::text, strpos(b::text, ';')) AS same_days,
       tracking_events(a) AS events, tracking_actual(a, '2024-01-20') AS actual_jan20,
       tracking_actual(b, '2024-01-20') AS sparse_jan20
  FROM (SELECT track('>= 100 by 2024-02-09 from 2024-01-01', date '2024-01-01' + (i * 17) % 40) a,
               track('>= 100 by 2044-02-09 from 2024-01-01', date '2024-01-01' + (i * 17) % 40) b
          FROM generate_series(0, 79) i) x;

-- text form: round trip, and strict input
SELECT tr::text::tracking::text = tr::text AS round_trip FROM tr;
SELECT '>= 5 per year; ignored 0 0 0; 2024-01-05 2 1.5 1.25, 2025-03-01 1 -0.1 0.010000000000000002'::tracking;
SELECT '>= 5 per year; ignored 0 0 0;'::tracking;
SELECT '>= 5 per year; ignored 0 0 0; 2025-03-01 1 1 1, 2024-01-05 2 2 2'::tracking;
SELECT '>= 5 per year; ignored 0 0 0; 2024-01-05 2 2 2, 2024-01-05 1 1 1'::tracking;
SELECT '>= 5 by 2024-12-31 from 2024-01-01; ignored 0 0 0; 2025-01-05 2 2 2'::tracking;
SELECT '>= 5 per year; ignored 0 0 0; 2024-01-05 0 0 0'::tracking;
SELECT '>= 5 per year; ignored 0 0 0; 2024-01-05 1 1 -1'::tracking;
SELECT '>= 5 per year; ignored 0 0 0; 2024-01-05 1 NaN 1'::tracking;
SELECT '>= 5 per year; ignored 1 0 0;'::tracking;
SELECT '>= 5 per year; ignored 0 0; 2024-01-05 1 1 1'::tracking;
SELECT '>= 5 per year; ignored 0 0 0; 2024-01-05 1 1 1 junk'::tracking;
SELECT '>= 5 per year'::tracking;
SELECT '>= 5 per fortnight; ignored 0 0 0;'::tracking;

-- per-period results: every month from the first event's to the last's
SELECT * FROM tracking_periods((SELECT track('>= 2 per month', d)
  FROM unnest('{2024-01-05,2024-01-20,2024-01-21,2024-03-01,2024-03-02}'::date[]) d));
SELECT * FROM tracking_periods((SELECT tr FROM tr));

-- the burn-up chart: an SVG document that XML parsers accept
SELECT left(s, 60) AS head, right(s, 7) AS tail,
       s LIKE '%<polyline%' AS actual_line, s LIKE '%<polygon%' AS band,
       s LIKE '%due 2024-01-20%' AS due_marker, s LIKE '%&gt;= 20 by 2024-01-20%' AS escaped_title
  FROM (SELECT burnup_svg(tr, '2024-01-10') s FROM tr) x;
SELECT burnup_svg(tr, '2024-01-10', 100, 100) FROM tr;
\pset tuples_only on
\pset format unaligned
SELECT burnup_svg(tr, '2024-01-10', 640, 320) FROM tr \g results/target_burnup_window.svg
SELECT burnup_svg(track('<= 5 per month', d), '2024-06-10')
  FROM unnest('{2024-06-02,2024-06-05,2024-06-09}'::date[]) d \g results/target_burnup_month.svg
\! /usr/bin/python3 -c 'import sys, xml.etree.ElementTree as E; [print(f, E.parse(f).getroot().tag) for f in sys.argv[1:]]' results/target_burnup_window.svg results/target_burnup_month.svg

-- tracking_periods as of a day (issue 13): only events up to that day
-- count, met is NULL for a period still running on it; later periods up to
-- the as-of day are listed, empty ones missed
CREATE TEMP TABLE months AS
  SELECT track('>= 3 per month', d::date) AS tr
    FROM generate_series(date '2024-01-01', '2024-03-20', '9 days') d;
SELECT * FROM tracking_periods((SELECT tr FROM months));
SELECT * FROM tracking_periods((SELECT tr FROM months), '2024-02-10');
SELECT * FROM tracking_periods((SELECT tr FROM months), '2024-02-29');
SELECT * FROM tracking_periods((SELECT tr FROM months), '2024-05-10');
SELECT * FROM tracking_periods((SELECT tr FROM months), '2023-12-31');
-- a ceiling: met NULL while running even when already broken
SELECT * FROM tracking_periods((SELECT track('<= 2 per month', d::date)
                                  FROM generate_series(date '2024-01-01', '2024-02-05', '4 days') d), '2024-02-05');
-- a window target: one row, met as at the due day without as_of
SELECT * FROM tracking_periods((SELECT track('>= 3 by 2024-12-31 from 2024-01-01', d::date)
                                  FROM generate_series(date '2024-01-01', '2024-03-20', '9 days') d));
SELECT * FROM tracking_periods((SELECT track('>= 3 by 2024-12-31 from 2024-01-01', d::date)
                                  FROM generate_series(date '2024-01-01', '2024-03-20', '9 days') d), '2024-06-30');
SELECT * FROM tracking_periods((SELECT track('>= 3 by 2024-12-31 from 2024-01-01', d::date)
                                  FROM generate_series(date '2024-01-01', '2024-03-20', '9 days') d), '2025-01-01');
SELECT * FROM tracking_periods((SELECT tr FROM months), 'infinity');
