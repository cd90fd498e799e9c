-- demo/bi.sql: views of the demo programme for BI tools (schema programme_bi)
--
-- Loaded after demo/generate.py by demo/run and test/pgtap/run:
--   psql -v ON_ERROR_STOP=1 -f demo/bi.sql
-- Every column is a plain type (text, numeric, int, bigint, date,
-- timestamptz, bool, float8), so a client that knows nothing of the
-- extension (Metabase, Superset, DBeaver, Excel over ODBC) reads them as
-- they are. The views run with their owner's rights: a reporting role needs
-- USAGE on programme_bi and SELECT on the views, nothing on programme or
-- scenario. Dates of the programme are days in Guangdong; as timestamptz
-- they are midnight there (Asia/Shanghai, UTC+8).

SET client_min_messages = warning;
DROP SCHEMA IF EXISTS programme_bi CASCADE;
CREATE SCHEMA programme_bi;
COMMENT ON SCHEMA programme_bi IS
'views of the demo programme for BI tools; every column a plain type';

-- The clusters (gd:P01..gd:K02) and their groups (gd:P, gd:E, gd:F, gd:K),
-- group names from the sector catalog (sector_name).
CREATE VIEW programme_bi.cluster AS
SELECT c.code::text AS cluster_code, c.name_zh AS cluster_name_zh, c.name_en AS cluster_name_en,
       c.grp AS cluster_group, sector_ancestor(c.code, 1)::text AS cluster_group_code,
       sector_name(sector_ancestor(c.code, 1), 'zh') AS cluster_group_name_zh,
       sector_name(sector_ancestor(c.code, 1), 'en') AS cluster_group_name_en,
       array_position(ARRAY['pillar', 'emerging', 'future', 'priority'], c.grp) AS cluster_group_position
FROM programme.cluster c;
COMMENT ON VIEW programme_bi.cluster IS
'the programme''s clusters (gd:P01..gd:K02) with Chinese and English names and their group';

CREATE VIEW programme_bi.opportunity AS
SELECT o.opp_id, o.title, o.publisher, o.city, o.region_code,
       o.sector::text AS sector_code,
       sector_name(o.sector, 'zh') AS sector_name_zh,
       sector_name(o.sector, 'en') AS sector_name_en,
       sector_ancestor(o.sector, 1)::text AS sector_section_code,
       sector_name(sector_ancestor(o.sector, 1), 'zh') AS sector_section_name_zh,
       sector_ancestor(o.sector, 2)::text AS sector_division_code,
       sector_name(sector_ancestor(o.sector, 2), 'zh') AS sector_division_name_zh,
       c.cluster_code, c.cluster_name_zh, c.cluster_name_en,
       c.cluster_group, c.cluster_group_name_zh, c.cluster_group_name_en,
       o.investment::numeric AS investment_rmb,
       round(o.investment / 100000000, 4) AS investment_100m_rmb,
       o.trl_required::integer AS trl_required,
       o.released_on, o.deadline,
       extract(year FROM o.released_on)::integer AS release_year,
       o.event_id, e.name AS event_name, e.city AS event_city, e.held_on AS event_held_on,
       o.stage,
       array_position(enum_range(NULL::stage), o.stage::stage) AS stage_position,
       (s.changed_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS stage_reached_at,
       o.offer_id IS NOT NULL AS matched,
       o.stage = 'operating' AS operating,
       o.first_trial,
       EXISTS (SELECT FROM programme.typical_case t WHERE t.opp_id = o.opp_id) AS typical_case,
       o.offer_id, f.title AS offer_title, f.supplier AS offer_supplier,
       f.price::numeric AS offer_price_rmb
FROM programme.opportunity o
JOIN programme_bi.cluster c ON c.cluster_code = o.cluster::text
JOIN programme.event e ON e.event_id = o.event_id
LEFT JOIN programme.stage_change s ON s.opp_id = o.opp_id AND s.stage = o.stage
LEFT JOIN programme.offering f ON f.offer_id = o.offer_id;
COMMENT ON VIEW programme_bi.opportunity IS
'one row per scenario opportunity: its sector (GB/T 4754 class, section and division, names from sector_name) and cluster and group (zh, en), event, stage (position in stage order, when reached), the offering it was matched with';

-- Totals per cluster, per cluster group and for the programme in one view;
-- every cluster appears, those without opportunities with zeros.
CREATE VIEW programme_bi.cluster_rollup AS
SELECT CASE GROUPING(c.cluster_group, c.cluster_code)
            WHEN 0 THEN 'cluster' WHEN 1 THEN 'group' ELSE 'programme' END AS level,
       c.cluster_group,
       CASE WHEN GROUPING(c.cluster_group) = 0 THEN min(c.cluster_group_name_zh) END AS cluster_group_name_zh,
       CASE WHEN GROUPING(c.cluster_group) = 0 THEN min(c.cluster_group_name_en) END AS cluster_group_name_en,
       c.cluster_code,
       CASE WHEN GROUPING(c.cluster_code) = 0 THEN min(c.cluster_name_zh) END AS cluster_name_zh,
       CASE WHEN GROUPING(c.cluster_code) = 0 THEN min(c.cluster_name_en) END AS cluster_name_en,
       count(o.opp_id) AS opportunities,
       COALESCE(sum(o.investment_rmb), 0) AS investment_rmb,
       count(*) FILTER (WHERE o.matched) AS matched,
       count(*) FILTER (WHERE o.stage IN ('signed', 'operating')) AS signed,
       count(*) FILTER (WHERE o.operating) AS operating,
       count(*) FILTER (WHERE o.first_trial) AS first_trials,
       count(*) FILTER (WHERE o.typical_case) AS typical_cases,
       (count(*) FILTER (WHERE o.operating))::float8 / NULLIF(count(o.opp_id), 0) AS operating_share
FROM programme_bi.cluster c
LEFT JOIN programme_bi.opportunity o ON o.cluster_code = c.cluster_code
GROUP BY GROUPING SETS ((), (c.cluster_group), (c.cluster_group, c.cluster_code));
COMMENT ON VIEW programme_bi.cluster_rollup IS
'opportunities, investment and pipeline per cluster, per cluster group and for the programme (level = cluster, group, programme)';

-- funnel over the stage changes, for the programme, per cluster
-- group and per cluster, as rows (funnel_rows).
CREATE VIEW programme_bi.funnel AS
WITH moves AS (
	SELECT s.opp_id, s.stage::stage AS stage,
	       s.changed_on::timestamp AT TIME ZONE 'Asia/Shanghai' AS at,
	       c.cluster_group, c.cluster_code
	FROM programme.stage_change s
	JOIN programme.opportunity o ON o.opp_id = s.opp_id
	JOIN programme_bi.cluster c ON c.cluster_code = o.cluster::text),
f AS (
	SELECT CASE GROUPING(cluster_group, cluster_code)
	            WHEN 0 THEN 'cluster' WHEN 1 THEN 'group' ELSE 'programme' END AS level,
	       cluster_group, cluster_code, funnel(opp_id, stage, at) AS f
	FROM moves
	GROUP BY GROUPING SETS ((), (cluster_group), (cluster_group, cluster_code)))
SELECT f.level, f.cluster_group, f.cluster_code, c.cluster_name_zh, c.cluster_name_en,
       r.stage, r.position AS stage_position, r.reached,
       r.conversion_prev, r.conversion_first, r.median_days
FROM f
CROSS JOIN LATERAL funnel_rows(f.f) AS r
LEFT JOIN programme_bi.cluster c ON c.cluster_code = f.cluster_code;
COMMENT ON VIEW programme_bi.funnel IS
'the pipeline funnel (funnel_rows) for the programme, per cluster group and per cluster: items reached, conversions, median days in stage';

-- The five best offers for each opportunity by match_score, with
-- the score of each criterion (match_explain). The offers' profiles
-- are built once per query (a materialized CTE); no index is involved, so
-- this is 149 x 480 scores per read of the view.
CREATE VIEW programme_bi.top_match AS
WITH offer AS MATERIALIZED (
	SELECT f.offer_id, f.title, f.supplier, f.price,
	       supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
	                               price => f.price::float8, regions => f.regions, trl => f.trl::integer,
	                               available => f.available_on) AS profile
	FROM programme.offering f),
opp AS (
	SELECT o.opp_id, o.offer_id AS matched_offer_id,
	       demand_profile(sectors => ARRAY[o.sector, o.cluster], text => o.title || '。' || o.description,
	                               budget => o.investment::float8, region => o.region_code, trl => o.trl_required::integer,
	                               deadline => o.deadline) AS profile
	FROM programme.opportunity o)
SELECT q.opp_id, r.rank, r.offer_id, r.title AS offer_title, r.supplier AS offer_supplier,
       r.price::numeric AS offer_price_rmb, r.score,
       (x -> 'sector' ->> 'score')::float8 AS sector_score,
       (x -> 'text' ->> 'score')::float8 AS text_score,
       (x -> 'money' ->> 'score')::float8 AS money_score,
       (x -> 'region' ->> 'score')::float8 AS region_score,
       (x -> 'trl' ->> 'score')::float8 AS trl_score,
       (x -> 'time' ->> 'score')::float8 AS time_score,
       r.offer_id IS NOT DISTINCT FROM q.matched_offer_id AS matched_offer
FROM opp q
CROSS JOIN LATERAL (
	SELECT (row_number() OVER (ORDER BY s.score DESC, s.offer_id))::integer AS rank, s.*
	FROM (SELECT f.offer_id, f.title, f.supplier, f.price, match_score(q.profile, f.profile) AS score
	      FROM offer f ORDER BY 5 DESC, f.offer_id LIMIT 5) s) AS r
CROSS JOIN LATERAL (SELECT match_explain(q.profile, f.profile) -> 'criteria' AS x
                    FROM offer f WHERE f.offer_id = r.offer_id) AS e;
COMMENT ON VIEW programme_bi.top_match IS
'the five best offers for each opportunity by match_score, with the score of each criterion (match_explain) and whether it is the offer the opportunity was matched with';

-- The programme's targets, tracked over the event rows (track) and
-- reported as of the snapshot day (tracking_report).
CREATE VIEW programme_bi.target_status AS
WITH goal AS (
	SELECT 1 AS target_id, '特色试点区' AS name_zh, 'characteristic pilot zones' AS name_en, t,
	       (SELECT track(t, designated_on) FROM programme.pilot_zone) AS tr
	FROM (SELECT '>= 10 zones by 2027-12-31 from 2023-01-01'::target) v(t)
	UNION ALL
	SELECT 2, '新技术新产品首试首用', 'first uses of new technologies and products', t,
	       (SELECT track(t, used_on) FROM programme.first_use)
	FROM (SELECT '>= 100 uses per year'::target) v(t)
	UNION ALL
	SELECT 3, '吸引投资', 'investment attracted', t,
	       (SELECT track(t, released_on, investment::float8) FROM programme.opportunity)
	FROM (SELECT '>= 40e9 CNY by 2025-12-31 from 2023-01-01'::target) v(t)
	UNION ALL
	SELECT 4, '项目落地运营', 'projects operating', t,
	       (SELECT track(t, changed_on) FROM programme.stage_change WHERE stage = 'operating')
	FROM (SELECT '>= 90 projects by 2025-12-31 from 2023-01-01'::target) v(t))
SELECT g.target_id, g.name_zh, g.name_en, r.target,
       target_op(g.t) AS op, target_goal(g.t) AS goal, target_unit(g.t) AS unit,
       target_period(g.t) AS period, target_start(g.t) AS start_on,
       target_due(g.t) AS due_on, target_baseline(g.t) AS baseline,
       r.at AS as_of, r.actual, r.expected, r.progress, r.status,
       r.forecast, r.forecast_low, r.forecast_high, r.eta, r.eta_early, r.eta_late,
       r.events, r.ignored
FROM goal g
CROSS JOIN programme.about a
CROSS JOIN LATERAL tracking_report(g.tr, a.as_of) AS r;
COMMENT ON VIEW programme_bi.target_status IS
'each programme target as of the snapshot day: actual, expected by linear pace, progress, status, forecast at the due day with its 90% band, completion day (tracking_report)';

GRANT USAGE ON SCHEMA programme_bi TO PUBLIC;
GRANT SELECT ON ALL TABLES IN SCHEMA programme_bi TO PUBLIC;
