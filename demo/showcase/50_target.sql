-- Targets: where each programme target stands, its pace, forecast and burn-up chart
-- Each target is a target value; track() aggregates the event rows
-- (designations, first uses, released investment, projects reaching
-- operation) and the accessors read status, forecast and completion day as
-- of the day the demo data is a snapshot of (programme.about.as_of).

CREATE TEMP TABLE goal (name text, t target, tr tracking);
-- money is shown in billions
CREATE FUNCTION pg_temp.shown(t target, v float8) RETURNS numeric
    LANGUAGE sql IMMUTABLE AS $$
    SELECT round((v / CASE WHEN target_unit(t) = 'CNY' THEN 1e9 ELSE 1 END)::numeric, 1) $$;
INSERT INTO goal
SELECT 'pilot zones', t, (SELECT track(t, designated_on) FROM programme.pilot_zone)
  FROM (SELECT '>= 10 zones by 2027-12-31 from 2023-01-01'::target) v(t)
UNION ALL
SELECT 'first uses', t, (SELECT track(t, used_on) FROM programme.first_use)
  FROM (SELECT '>= 100 uses per year'::target) v(t)
UNION ALL
SELECT 'investment', t, (SELECT track(t, released_on, investment::float8) FROM programme.opportunity)
  FROM (SELECT '>= 40e9 CNY by 2025-12-31 from 2023-01-01'::target) v(t)
UNION ALL
SELECT 'projects operating', t, (SELECT track(t, changed_on) FROM programme.stage_change WHERE stage = 'operating')
  FROM (SELECT '>= 90 projects by 2025-12-31 from 2023-01-01'::target) v(t);

\echo 'Where each target stands (as of the snapshot day)'
SELECT g.name, r.target,
       CASE WHEN target_unit(g.t) = 'CNY' THEN 'bn CNY' ELSE target_unit(g.t) END AS shown_in,
       pg_temp.shown(g.t, r.actual) AS actual, pg_temp.shown(g.t, r.expected) AS expected,
       round(100 * r.progress::numeric) AS "progress %", r.status
  FROM goal g, programme.about a, LATERAL tracking_report(g.tr, a.as_of) r;

\echo 'Forecast at the due day (90% band) and completion day (earliest .. latest)'
SELECT g.name,
       coalesce(target_due(g.t), (date_trunc('year', a.as_of) + interval '1 year - 1 day')::date) AS due,
       pg_temp.shown(g.t, r.forecast) AS forecast,
       format('%s .. %s', pg_temp.shown(g.t, r.forecast_low), pg_temp.shown(g.t, r.forecast_high)) AS band,
       r.eta, format('%s .. %s', coalesce(r.eta_early::text, 'never'), coalesce(r.eta_late::text, 'never')) AS eta_band,
       r.events, r.ignored
  FROM goal g, programme.about a, LATERAL tracking_report(g.tr, a.as_of) r;

\echo 'First uses, year by year (the target holds every calendar year)'
SELECT extract(year FROM p.period_start)::int AS year, p.actual AS first_uses, p.met,
       CASE WHEN a.as_of BETWEEN p.period_start AND p.period_due
            THEN format('%s so far; %s as of %s', tracking_status(g.tr, a.as_of), 'forecast ' || round(tracking_forecast(g.tr, a.as_of)::numeric), a.as_of)
            ELSE CASE WHEN p.met THEN 'achieved' ELSE 'missed' END END AS status
  FROM goal g, programme.about a, LATERAL tracking_periods(g.tr) p
 WHERE g.name = 'first uses';

\echo 'Investment pace: expected value at the end of each half year'
SELECT p.at, pg_temp.shown(g.t, p.expected) AS "expected (bn CNY)",
       CASE WHEN p.at <= a.as_of THEN pg_temp.shown(g.t, tracking_actual(g.tr, p.at)) END AS "actual (bn CNY)"
  FROM goal g, programme.about a, LATERAL target_pace(g.t, '6 months') p
 WHERE g.name = 'investment';

-- The burn-up charts, written as SVG files to demo/out (or, when that folder
-- cannot be written by the user running the report, to a fresh folder in /tmp).
\set outdir `d=demo/out; mkdir -p $d 2>/dev/null && [ -w $d ] && echo $d || mktemp -d /tmp/scenario-demo-out.XXXXXX`
\pset tuples_only on
\pset format unaligned
SELECT burnup_svg(g.tr, a.as_of) FROM goal g, programme.about a WHERE g.name = 'pilot zones' \g :outdir/burnup_pilot_zones.svg
SELECT burnup_svg(g.tr, a.as_of) FROM goal g, programme.about a WHERE g.name = 'first uses' \g :outdir/burnup_first_uses.svg
SELECT burnup_svg(g.tr, a.as_of) FROM goal g, programme.about a WHERE g.name = 'investment' \g :outdir/burnup_investment.svg
SELECT burnup_svg(g.tr, a.as_of) FROM goal g, programme.about a WHERE g.name = 'projects operating' \g :outdir/burnup_operating.svg
\pset format aligned
\pset tuples_only off
\echo 'Burn-up charts written to' :outdir': burnup_pilot_zones.svg, burnup_first_uses.svg, burnup_investment.svg, burnup_operating.svg'
