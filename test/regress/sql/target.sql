-- target: the target type (grammar, canonical form, accessors, comparison),
-- expected pace, progress, status rules at their boundaries, the pace line

-- the issue's examples, each printed back in the canonical form
SELECT t AS input, t::target AS canonical, (t::target)::text::target = t::target AS round_trip
  FROM (VALUES ('>= 10 by 2027-12-31 from 2024-01-01'),
               ('>= 100 per year'),
               ('>= 40e9 CNY by 2025-12-31 from 2023-01-01 at 0'),
               ('<= 5 per month')) v(t);

-- spacing, case, clause order and number forms do not matter
SELECT t::target AS canonical
  FROM (VALUES ('>=10 per QUARTER'),
               ('  <=   2.50   per   month  '),
               ('>= 1e3 cny FROM 2023-01-01 BY 2025-12-31'),
               ('>= 12 zones at 3 by 2027-12-31 from 2024-01-01'),
               ('>= 0.1 per year at -0'),
               ('>= 123456789.125 USD per year at -1e-3')) v(t);

-- accessors, jsonb
SELECT target_op(t), target_goal(t), target_unit(t), target_period(t),
       target_start(t), target_due(t), target_baseline(t)
  FROM (VALUES ('>= 10 by 2027-12-31 from 2024-01-01'::target),
               ('>= 40e9 CNY by 2025-12-31 from 2023-01-01 at 5e9'),
               ('<= 5 per month')) v(t);
SELECT '>= 40e9 CNY by 2025-12-31 from 2023-01-01'::target::jsonb;
SELECT '<= 5 uses per month at 1'::target::jsonb;
SELECT '<= 5 per month'::target::text AS as_text;

-- equality, order, hashing
SELECT '>= 10 per year'::target = '>=  10  PER  YEAR'::target AS same,
       '>= 10 per year'::target = '>= 10 per year at 1'::target AS other_baseline,
       '>= 10 per year'::target <> '>= 10 zones per year'::target AS other_unit,
       '>= 10 per year'::target < '<= 10 per year'::target AS floors_first;
SELECT t FROM (VALUES ('<= 5 per month'::target), ('>= 10 per year'), ('>= 10 by 2027-12-31 from 2024-01-01'),
                      ('>= 9 per year'), ('>= 10 by 2026-12-31 from 2024-01-01')) v(t) ORDER BY t;
SELECT count(DISTINCT t) FROM (VALUES ('>= 10 per year'::target), ('>= 10 per year'), ('>= 10.0 per year'), ('>= 1e1 per year')) v(t);

-- bad input: syntax (22P02)
SELECT ''::target;
SELECT '10 per year'::target;
SELECT '> 10 per year'::target;
SELECT '= 10 per year'::target;
SELECT '>= per year'::target;
SELECT '>= 10'::target;
SELECT '>= 10 by 2027-12-31'::target;
SELECT '>= 10 from 2024-01-01'::target;
SELECT '>= 10 per year from 2024-01-01'::target;
SELECT '>= 10 by 2027-12-31 by 2028-12-31 from 2024-01-01'::target;
SELECT '>= 10 per'::target;
SELECT '>= 10 per year at'::target;
SELECT '>= 10 per year at 1 at 2'::target;
SELECT '>= 10 per year and more'::target;
SELECT '>= 10 per year;'::target;
SELECT '>= 1O per year'::target;
SELECT '>= 10 by 2027/12/31 from 2024-01-01'::target;
SELECT '>= 10 by 2027-12-31x from 2024-01-01'::target;
SELECT '>= 10 by 27-12-31 from 2024-01-01'::target;
-- bad parameters (22023)
SELECT '>= 10 by 2024-01-01 from 2024-06-30'::target;
SELECT '>= 10 by 2024-01-01 from 2024-01-01'::target;
SELECT '>= 10 per year at 10'::target;
SELECT '>= 5 per year at 10'::target;
SELECT '>= -1 per year'::target;
SELECT '>= NaN per year'::target;
SELECT '>= Infinity per year'::target;
SELECT '>= -inf per year'::target;
SELECT '>= 10 per year at nan'::target;
SELECT '>= 10 per fortnight'::target;
SELECT '>= 10 parsecs per year'::target;
-- out of range (22003) and dates (22008)
SELECT '>= 1e999 per year'::target;
SELECT '>= 10 by 2027-02-29 from 2024-01-01'::target;
SELECT '>= 10 by 2027-13-01 from 2024-01-01'::target;
SELECT '>= 10 by 2027-12-31 from 0000-12-31'::target;
SELECT '>= 10 by 2028-02-29 from 2024-01-01'::target AS leap_day_is_fine;

-- expected pace: linear from the start of the first day to the end of the
-- due day; per-period targets within the period that holds the day
SELECT d, target_expected('>= 10 by 2024-01-10 from 2024-01-01', d) AS window10,
          target_expected('>= 12 by 2024-01-10 from 2024-01-01 at 2', d) AS baseline2,
          target_expected('>= 31 per month', d) AS per_month,
          target_expected('>= 366 per year', d) AS per_year,
          target_expected('>= 91 per quarter', d) AS per_quarter
  FROM unnest('{2023-12-31,2024-01-01,2024-01-05,2024-01-10,2024-01-31,2024-02-01,2024-03-31,2024-12-31}'::date[]) d;
SELECT target_expected('>= 10 per year', 'infinity');
SELECT target_expected('>= 10 per year', '10000-01-01');

-- progress: share of the way from baseline to goal
SELECT target_progress('>= 10 by 2027-12-31 from 2024-01-01', 4) AS p4,
       target_progress('>= 12 by 2027-12-31 from 2024-01-01 at 2', 7) AS p_half,
       target_progress('>= 10 per year', 15) AS over,
       target_progress('<= 5 per month', 1) AS ceiling;
SELECT target_progress('>= 10 per year', 'NaN');

-- status rules at their boundaries: a 10-day window to 10, day 5 expects 5
SELECT a, target_status('>= 10 by 2024-01-10 from 2024-01-01', a, '2024-01-05') AS floor_day5
  FROM unnest('{10,5,4.999,4,3.999,-1}'::float8[]) a;
SELECT d, target_status('>= 10 by 2024-01-10 from 2024-01-01', 9.99, d) AS floor_9_99,
          target_status('>= 10 by 2024-01-10 from 2024-01-01', 10, d) AS floor_10
  FROM unnest('{2023-12-31,2024-01-01,2024-01-09,2024-01-10,2024-02-01}'::date[]) d;
-- ceilings mirrored: the allowance used against the pace (at_risk up to 1/0.8 of it)
SELECT a, target_status('<= 10 by 2024-01-10 from 2024-01-01', a, '2024-01-05') AS ceiling_day5
  FROM unnest('{0,5,5.001,6.25,6.26,10,10.5}'::float8[]) a;
SELECT target_status('<= 10 by 2024-01-10 from 2024-01-01', 10, '2024-01-10') AS ceiling_end_at_goal,
       target_status('<= 10 by 2024-01-10 from 2024-01-01', 10.5, '2024-01-10') AS ceiling_end_over,
       target_status('<= 5 per month', 2, '2024-02-29') AS ceiling_month_end,
       target_status('>= 5 per month', 2, '2024-02-29') AS floor_month_end;
-- thresholds may be overridden
SELECT target_status('>= 10 by 2024-01-10 from 2024-01-01', 4.5, '2024-01-05', 0.9, 0.5) AS lenient,
       target_status('>= 10 by 2024-01-10 from 2024-01-01', 5, '2024-01-05', 1.2, 1.0) AS strict_,
       target_status('>= 10 by 2024-01-10 from 2024-01-01', 2.5, '2024-01-05', at_risk => 0.5) AS named;
SELECT target_status('>= 10 per year', 1, '2024-01-05', 0.5, 0.8);
SELECT target_status('>= 10 per year', 1, '2024-01-05', 1, 0);
SELECT target_status('>= 10 per year', 1, '2024-01-05', 'NaN', 0.8);
SELECT target_status('>= 10 per year', 1, '-infinity');

-- the pace line
SELECT * FROM target_pace('>= 10 by 2027-12-31 from 2024-01-01', '1 year');
SELECT * FROM target_pace('>= 100 per quarter', '1 month', '2025-05-05');
SELECT * FROM target_pace('>= 31 by 2024-03-31 from 2024-01-31', '1 month');
SELECT count(*) FROM target_pace('>= 10 by 2024-01-10 from 2024-01-01', '1 day');
SELECT * FROM target_pace('>= 100 per quarter', '1 month');
SELECT * FROM target_pace('>= 10 by 2024-01-10 from 2024-01-01', '0 days');
SELECT * FROM target_pace('>= 10 by 2024-01-10 from 2024-01-01', '-1 day');
SELECT * FROM target_pace('>= 10 by 2024-01-10 from 2024-01-01', '6 hours');
