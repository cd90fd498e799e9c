-- Programme overview: the published headline figures, recomputed from the data
-- Every figure is a query over schema programme (demo/generate.py); the last
-- column of the first table is what the programme published or set as target.

-- How far into its last year the data goes: the pace of partial years.
CREATE TEMP VIEW snapshot AS
SELECT as_of,
       extract(year FROM as_of)::int AS year,
       (as_of - make_date(extract(year FROM as_of)::int, 1, 1) + 1)::numeric
         / (make_date(extract(year FROM as_of)::int + 1, 1, 1)
            - make_date(extract(year FROM as_of)::int, 1, 1)) AS year_done
FROM programme.about;

\echo 'Headline figures'
WITH o AS (
    SELECT count(*) AS released,
           sum(investment) AS investment,
           count(*) FILTER (WHERE stage = 'operating') AS operating
    FROM programme.opportunity),
e AS (
    SELECT count(*) AS n, min(held_on) AS since FROM programme.event),
c AS (
    SELECT count(*) AS n, count(*) FILTER (WHERE first_trial) AS first FROM programme.typical_case),
z AS (
    SELECT count(*) AS n FROM programme.pilot_zone),
u AS (
    SELECT count(*) FILTER (WHERE extract(year FROM used_on) = s.year) AS this_year,
           round(count(*) FILTER (WHERE extract(year FROM used_on) = s.year) / s.year_done) AS pace,
           count(*) FILTER (WHERE extract(year FROM used_on) = s.year - 1) AS last_year
    FROM programme.first_use, snapshot s
    GROUP BY s.year, s.year_done)
SELECT figure AS "figure", demo AS "demo data", published AS "published / target"
FROM o, e, c, z, u, snapshot s,
LATERAL (VALUES
    ('supply-demand matching events', format('%s since %s', e.n, extract(year FROM e.since)), '10 since 2023'),
    ('scenario opportunities released', o.released::text, '149'),
    ('investment attracted', format('%s billion RMB', round(o.investment / 1e9, 2)), 'about 40 billion RMB'),
    ('projects operating', o.operating::text, '90+'),
    ('typical cases', c.n::text, '20'),
    ('  of which first trials', format('%s (%s%%)', c.first, round(100.0 * c.first / c.n)), '35%'),
    ('pilot zones designated', format('%s so far', z.n), 'at least 10 by 2027'),
    ('first uses, last full year', format('%s in %s', u.last_year, s.year - 1), 'over 100 a year'),
    ('first uses, this year', format('%s so far in %s (pace %s)', u.this_year, s.year, u.pace), 'over 100 a year')
) AS f(figure, demo, published);

\echo 'Matching events'
SELECT e.event_id AS "#", e.held_on AS "held on", e.city,
       count(o.*) AS opportunities,
       round(sum(o.investment) / 1e8, 1) AS "investment (100m RMB)",
       count(*) FILTER (WHERE o.stage = 'operating') AS operating,
       substring(e.name FROM '（(.*)）') AS "session"
FROM programme.event e
JOIN programme.opportunity o USING (event_id)
GROUP BY e.event_id
ORDER BY e.event_id;

\echo 'Pipeline: where the opportunities stand'
SELECT stage, count(*) AS opportunities,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS "share %",
       round(sum(investment) / 1e8, 1) AS "investment (100m RMB)",
       count(*) FILTER (WHERE first_trial) AS "first trial"
FROM programme.opportunity
GROUP BY stage
ORDER BY array_position(ARRAY['released', 'matched', 'signed', 'operating'], stage);

\echo 'Priority sectors and clusters'
WITH g AS (
    SELECT code, grp,
           CASE grp WHEN 'priority' THEN code || ' ' || name_zh || ' ' || name_en
                    ELSE grp || ' clusters' END AS sector
    FROM programme.cluster)
SELECT g.sector,
       count(DISTINCT o.cluster) AS clusters,
       count(o.*) AS opportunities,
       round(100.0 * count(o.*) / sum(count(o.*)) OVER (), 1) AS "share %",
       round(sum(o.investment) / 1e8, 1) AS "investment (100m RMB)",
       count(*) FILTER (WHERE o.stage = 'operating') AS operating,
       (SELECT count(*) FROM programme.offering f JOIN g g2 ON g2.code = f.cluster
        WHERE g2.sector = g.sector) AS offerings
FROM programme.opportunity o
JOIN g ON g.code = o.cluster
GROUP BY g.sector, g.grp
ORDER BY array_position(ARRAY['priority', 'pillar', 'emerging', 'future'], g.grp), g.sector;

\echo 'First uses of new technologies and products per year (target: over 100 a year)'
SELECT y.year, y.n AS "first uses", y.via_opp AS "through an opportunity",
       CASE WHEN y.year = s.year THEN round(y.n / s.year_done) END AS "full-year pace",
       CASE WHEN y.year < s.year THEN CASE WHEN y.n > 100 THEN 'met' ELSE 'missed' END
            WHEN y.n / s.year_done > 100 THEN 'on pace'
            ELSE 'behind pace' END AS "vs 100"
FROM (SELECT extract(year FROM used_on)::int AS year, count(*) AS n, count(opp_id) AS via_opp
      FROM programme.first_use GROUP BY 1) y, snapshot s
ORDER BY y.year;

\echo 'Pilot zones (target: at least 10 by 2027)'
SELECT designated_on AS "designated", name, city,
       count(*) OVER (ORDER BY designated_on) AS "count",
       10 - count(*) OVER (ORDER BY designated_on) AS "still to go"
FROM programme.pilot_zone
ORDER BY designated_on;

\echo 'Typical cases (* first trial)'
SELECT t.case_id AS "#", t.year,
       CASE WHEN t.first_trial THEN '*' ELSE '' END AS "*",
       t.title, f.supplier,
       round(o.investment / 1e4) AS "investment (10k RMB)"
FROM programme.typical_case t
JOIN programme.opportunity o USING (opp_id)
JOIN programme.offering f ON f.offer_id = t.offer_id
ORDER BY t.case_id;
