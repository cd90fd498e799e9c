-- BI views: schema programme_bi, plain columns for Metabase, Superset, DBeaver, Excel (JDBC/ODBC)
-- demo/bi.sql creates them after the programme is loaded. Every column is
-- text, numeric, int, bigint, date, timestamptz, bool or float8, so a BI
-- tool needs nothing of the extension; test/shell/bi_jdbc.sh and
-- bi_python.sh read them through pgjdbc and psycopg2.
SET TimeZone = 'Asia/Shanghai';

\echo 'The views and what their columns are'
SELECT c.relname AS "view", count(*) AS columns,
       string_agg(DISTINCT format_type(a.atttypid, NULL), ', ') AS "column types",
       obj_description(c.oid, 'pg_class') AS "what"
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
WHERE c.relnamespace = 'programme_bi'::regnamespace
GROUP BY c.oid, c.relname ORDER BY c.relname;

\echo 'programme_bi.opportunity (3 of 149 rows, some of its columns)'
SELECT opp_id, sector_code, sector_name_zh, sector_division_name_zh, cluster_code, cluster_name_en,
       investment_100m_rmb AS "investment (100m RMB)", stage, stage_reached_at, matched, first_trial
FROM programme_bi.opportunity ORDER BY opp_id LIMIT 3;

\echo 'programme_bi.cluster_rollup: the programme, its cluster groups and the two priority sectors'
SELECT level, cluster_group, coalesce(cluster_name_en, cluster_group_name_en) AS name, opportunities,
       round(investment_rmb / 1e9, 2) AS "investment (bn RMB)", matched, signed, operating,
       round(100 * operating_share::numeric, 1) AS "% operating"
FROM programme_bi.cluster_rollup
WHERE level <> 'cluster' OR cluster_group = 'priority'
ORDER BY level DESC, cluster_group, cluster_code;

\echo 'programme_bi.funnel: the low-altitude economy cluster (gd:K01)'
SELECT stage, stage_position AS "#", reached, round(conversion_prev::numeric, 3) AS conversion_prev,
       round(conversion_first::numeric, 3) AS conversion_first, median_days
FROM programme_bi.funnel WHERE level = 'cluster' AND cluster_code = 'gd:K01' ORDER BY stage_position;

\echo 'programme_bi.top_match: the five best offers for opportunity 17, score per criterion'
SELECT rank, offer_id, offer_title, round(score::numeric, 3) AS score, round(sector_score::numeric, 2) AS sector,
       round(text_score::numeric, 2) AS text, round(money_score::numeric, 2) AS money,
       round(region_score::numeric, 2) AS region, round(trl_score::numeric, 2) AS trl,
       round(time_score::numeric, 2) AS time, matched_offer
FROM programme_bi.top_match WHERE opp_id = 17 ORDER BY rank;

\echo 'programme_bi.target_status: each target as of the snapshot day'
SELECT name_en, target, actual::numeric(16, 0) AS actual, round(progress::numeric, 3) AS progress, status,
       forecast::numeric(16, 0) AS forecast, eta
FROM programme_bi.target_status ORDER BY target_id;

\echo 'The extension''s own types, as a client that does not know them reads them: text and jsonb'
SELECT 'sector' AS type, s::text AS text, s::jsonb AS jsonb
FROM (SELECT sector::sector AS s FROM programme.opportunity WHERE opp_id = 17) x
UNION ALL
SELECT 'target', t::text, t::jsonb FROM (SELECT '>= 10 zones by 2027-12-31 from 2023-01-01'::target) v(t)
UNION ALL
SELECT 'stage', s::text, s::jsonb FROM (SELECT 'signed'::stage) v(s)
UNION ALL
SELECT 'funnel (first stage)', split_part(f::text, '; ', 1), f::jsonb->'stages'->0
FROM (SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS f
      FROM programme.stage_change) x
UNION ALL
SELECT 'assignment', a::text, a::jsonb
FROM (SELECT assign(d, s, sc) AS a FROM (VALUES (1, 10, 1.0), (1, 11, 0.9), (2, 10, 0.9)) v(d, s, sc)) x;

\echo 'To connect a BI tool: jdbc:postgresql://<host>:<port>/<database>, schema programme_bi, as a role that may read only that:'
\echo '  CREATE ROLE report LOGIN PASSWORD ''...''; -- USAGE on programme_bi and SELECT on its views are granted to PUBLIC by demo/bi.sql'
