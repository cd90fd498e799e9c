-- forms.sql: the text, binary and jsonb forms of values of every type of
-- the extension, built from the demo programme (demo/generate.py and
-- demo/bi.sql loaded) and from literals that reach the corners of each
-- grammar.  One line per set of values:
--   name|count|md5 of the text forms|md5 of the binary forms|md5 of the jsonb forms
-- test/shell/text_forms.sh compares the output with test/forms/golden.txt.
\set ON_ERROR_STOP 1
SET extra_float_digits = 0;
SET datestyle = 'ISO, YMD';
SET timezone = 'Asia/Shanghai';
SET intervalstyle = 'postgres';
\pset format unaligned
\pset tuples_only on

-- aggregates that stop before the final function, so states show as values
CREATE AGGREGATE pg_temp.assign_states(bigint, bigint, float8, integer, integer) (
	SFUNC = assign_trans, STYPE = assign_state);
CREATE AGGREGATE pg_temp.funnel_states(bigint, stage, timestamptz) (
	SFUNC = funnel_transfn, STYPE = funnel_state);
CREATE AGGREGATE pg_temp.classifier_states(text, text, text) (
	SFUNC = _classifier_accum, STYPE = classifier_state);

CREATE TEMP TABLE form (name text, n int, t text, b bytea, j jsonb);

-- sector ------------------------------------------------------------------
INSERT INTO form SELECT 'sector', row_number() OVER (ORDER BY k, v), v::text, sector_send(v), sector_jsonb(v)
FROM (SELECT 1, code FROM programme.cluster
      UNION ALL SELECT 2, sector FROM programme.offering UNION ALL SELECT 3, cluster FROM programme.offering
      UNION ALL SELECT 4, sector FROM programme.opportunity UNION ALL SELECT 5, cluster FROM programme.opportunity
      UNION ALL SELECT 6, sector_ancestor(sector, 1) FROM programme.opportunity) s(k, v);

-- demand, supply ----------------------------------------------------------
CREATE TEMP TABLE supplies AS
SELECT f.offer_id, f.cluster,
       supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
                               price => f.price::float8, regions => f.regions, trl => f.trl::integer,
                               available => f.available_on) AS p
FROM programme.offering f;
CREATE TEMP TABLE demands AS
SELECT o.opp_id, o.cluster,
       demand_profile(sectors => ARRAY[o.sector, o.cluster], text => o.title || '。' || o.description,
                               budget => o.investment::float8, region => o.region_code, trl => o.trl_required::integer,
                               deadline => o.deadline) AS p
FROM programme.opportunity o;
INSERT INTO form SELECT 'supply', offer_id, p::text, supply_send(p), supply_jsonb(p) FROM supplies;
INSERT INTO form SELECT 'demand', opp_id, p::text, demand_send(p), demand_jsonb(p) FROM demands;
INSERT INTO form SELECT 'supply literal', n, v::text, supply_send(v), supply_jsonb(v)
FROM unnest(ARRAY[
	'', 'price=0.5', 'price=12.34 trl=1', 'price=1e3', 'price=999999999999.99',
	'sectors={gbt4754:C3963,gd:K01} price=450000 regions={440300,440000} trl=7 available=2026-03-01 text="a \"quoted\" \\ text"',
	'available=0001-01-01', 'available=9999-12-31 text=""', 'regions={440100}']::supply[]) WITH ORDINALITY AS u(v, n);
INSERT INTO form SELECT 'demand literal', n, v::text, demand_send(v), demand_jsonb(v)
FROM unnest(ARRAY[
	'', 'budget=0', 'budget=100.1', 'budget=7.25e2 trl=9', 'region=440300', 'deadline=2024-02-29',
	'sectors={gd:P01} budget=500000 region=440300 trl=6 deadline=2026-06-30 text="智能 制造"']::demand[])
	WITH ORDINALITY AS u(v, n);
INSERT INTO form SELECT 'match_explain', d.opp_id * 1000 + s.offer_id, match_score(d.p, s.p)::text, NULL,
       match_explain(d.p, s.p)
FROM demands d JOIN supplies s ON s.cluster = d.cluster WHERE d.opp_id % 7 = 0;

-- assignment, assign_state -----------------------------------------------
CREATE TEMP TABLE cand AS
SELECT d.opp_id::bigint AS d, s.offer_id::bigint AS s, match_score(d.p, s.p) AS score
FROM demands d JOIN supplies s ON s.cluster = d.cluster;
INSERT INTO form SELECT 'assignment', n, v::text, assignment_send(v), assignment_jsonb(v)
FROM (SELECT 1, assign(d, s, score) FROM cand
      UNION ALL SELECT 2, assign(d, s, score, 'stable') FROM cand
      UNION ALL SELECT 3, assign(d, s, score, 'greedy') FROM cand
      UNION ALL SELECT 4, v FROM unnest(ARRAY['optimal:{}', 'greedy:{(-9223372036854775808,9223372036854775807,-0)}',
	      'stable:{(1,2,1e-300),(1,3,1.5E+10),(2,1,-0.1),(3,3,4.9e-324)}', ' optimal : { ( 5 , 6 , +7 ) } ']::assignment[]) v) a(n, v);
INSERT INTO form SELECT 'assign_state', n, v::text, assign_state_send(v), assign_state_jsonb(v)
FROM (SELECT 1, pg_temp.assign_states(d, s, score, (d % 3)::int, NULLIF((s % 4)::int, 0)) FROM cand
      UNION ALL SELECT 2, v FROM unnest(ARRAY['optimal:{}', 'greedy:{(1,2,0.5,,),(3,4,1e10,0,2147483647)}',
	      'stable:{(-1,-2,-3,,7)}']::assign_state[]) v) a(n, v);

-- target, tracking --------------------------------------------------------
CREATE TEMP TABLE targets AS
SELECT n, v FROM unnest(ARRAY[
	'>= 10 zones by 2027-12-31 from 2023-01-01', '>= 100 uses per year', '>= 40e9 CNY by 2025-12-31 from 2023-01-01',
	'>= 90 projects by 2025-12-31 from 2023-01-01', '<= 5 per month', '<= 2.5 USD per quarter at -1',
	'>= 0.1 from 0001-01-01 by 9999-12-31 at -0', '>=1e-5 items by 2024-02-29 from 2024-02-28',
	' <= 12.75 eur PER MONTH AT 3 ', '>= 1.7976931348623157e308 events per year at -1.7976931348623157e308',
	'>= 3 firms by 2030-01-01 from 2029-12-31', '>= 123456789.125 HKD per year', '>= 7 MOP per month',
	'>= 8 GBP per month', '>= 9 JPY per month']::target[]) WITH ORDINALITY AS u(v, n);
INSERT INTO form SELECT 'target', n, v::text, target_send(v), target_to_jsonb(v) FROM targets;
CREATE TEMP TABLE trackings AS
SELECT 1 AS n, (SELECT track(v, designated_on) FROM programme.pilot_zone) AS v FROM targets WHERE n = 1
UNION ALL SELECT 2, (SELECT track(v, used_on) FROM programme.first_use) FROM targets WHERE n = 2
UNION ALL SELECT 3, (SELECT track(v, released_on, investment::float8) FROM programme.opportunity) FROM targets WHERE n = 3
UNION ALL SELECT 4, (SELECT track(v, changed_on) FROM programme.stage_change WHERE stage = 'operating') FROM targets WHERE n = 4
UNION ALL SELECT 5, (SELECT track(v, changed_on::timestamptz, opp_id / 3.0) FROM programme.stage_change) FROM targets WHERE n = 6
UNION ALL SELECT 6, (SELECT track(v, CASE WHEN g > 0 THEN NULL::date END) FROM generate_series(1, 3) g) FROM targets WHERE n = 5
UNION ALL SELECT 6 + i, v FROM unnest(ARRAY[
	'>= 10 by 2024-01-20 from 2024-01-01; ignored 1 2 3; 2024-01-02 1 0.5 0.25, 2024-01-05 3 -1e-7 3e-14',
	'>= 5 per month; ignored 0 0 9223372036854775807;']::tracking[]) WITH ORDINALITY AS u(v, i);
INSERT INTO form SELECT 'tracking', n, v::text, tracking_send(v), tracking_jsonb(v) FROM trackings;

-- funnel, funnel_state, stage ----------------------------------------------
CREATE TEMP TABLE change AS
SELECT s.opp_id::bigint AS item, s.stage::stage AS stage,
       s.changed_on::timestamp AT TIME ZONE 'Asia/Shanghai' AS at, o.cluster
FROM programme.stage_change s JOIN programme.opportunity o USING (opp_id);
INSERT INTO form SELECT 'funnel', row_number() OVER (ORDER BY k), v::text, funnel_send(v), funnel_jsonb(v)
FROM (SELECT '', funnel(item, stage, at) FROM change
      UNION ALL SELECT cluster::text, funnel(item, stage, at) FROM change GROUP BY cluster
      UNION ALL SELECT 'z' || n, v FROM unnest(ARRAY[
	      'released 0; matched 0; negotiating 0; signed 0; operating 0; closed 0',
	      'released 9 median 0d 00:00:00.000001 over 9; matched 5 median 12d 03:04:05.5 over 1; negotiating 4; signed 3 median 99999d 23:59:59.999999 over 2; operating 2; closed 1']::funnel[])
	      WITH ORDINALITY AS u(v, n)) f(k, v);
INSERT INTO form SELECT 'funnel_state', row_number() OVER (ORDER BY k), v::text, funnel_state_send(v), funnel_state_jsonb(v)
FROM (SELECT '', pg_temp.funnel_states(item, stage, at) FROM change
      UNION ALL SELECT cluster::text, pg_temp.funnel_states(item, stage, at) FROM change GROUP BY cluster
      UNION ALL SELECT 'z' || n, v FROM unnest(ARRAY['',
	      '-9223372036854775808 closed 2024-01-05T00:00:00Z; 9223372036854775807 released -4713-11-24T00:00:00Z',
	      ' 1  matched  2024-02-01T12:30:00.25Z ; 2 operating 294276-12-31T23:59:59.999999Z']::funnel_state[])
	      WITH ORDINALITY AS u(v, n)) f(k, v);
INSERT INTO form SELECT 'stage', n, v::text, NULL, stage_jsonb(v)
FROM unnest(enum_range(NULL::stage)) WITH ORDINALITY AS u(v, n);
INSERT INTO form SELECT 'target_status', n, v::text, NULL, target_status_jsonb(v)
FROM unnest(enum_range(NULL::target_status)) WITH ORDINALITY AS u(v, n);

-- classifier, classifier_state -------------------------------------------
INSERT INTO form SELECT 'classifier_state', n, v::text, classifier_state_send(v), classifier_state_jsonb(v)
FROM (SELECT 1, pg_temp.classifier_states(title, cluster::text, '') FROM (SELECT * FROM programme.opportunity ORDER BY opp_id) o
      UNION ALL SELECT 2, pg_temp.classifier_states(title || description, sector::text, 'ngram=1-3 latin=words nb=off')
	      FROM (SELECT * FROM programme.offering ORDER BY offer_id) f) s(n, v);
INSERT INTO form SELECT 'classifier', n, v::text, classifier_send(v), classifier_jsonb(v)
FROM (SELECT 1, train_classifier(title, cluster::text) FROM (SELECT * FROM programme.opportunity ORDER BY opp_id) o
      UNION ALL SELECT 2, train_classifier(title || description, sector::text, 'c=2, beta=0.25 ngram=1-3 latin=words boundaries=off nb=off')
	      FROM (SELECT * FROM programme.offering ORDER BY offer_id) f) s(n, v);

-- the BI views (their values come through the casts above)
INSERT INTO form SELECT 'programme_bi.funnel', row_number() OVER (ORDER BY to_jsonb(f)::text), NULL, NULL, to_jsonb(f)
FROM programme_bi.funnel f;
INSERT INTO form SELECT 'programme_bi.target_status', row_number() OVER (ORDER BY to_jsonb(t)::text), NULL, NULL, to_jsonb(t)
FROM programme_bi.target_status t;

SELECT name, count(*), md5(string_agg(coalesce(t, '-'), E'\n' ORDER BY n)),
       md5(string_agg(coalesce(encode(b, 'hex'), '-'), E'\n' ORDER BY n)),
       md5(string_agg(coalesce(j::text, '-'), E'\n' ORDER BY n))
FROM form GROUP BY name ORDER BY name;
