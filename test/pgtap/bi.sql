-- BI support: every extension type has explicit casts to text and jsonb,
-- the jsonb forms agree with the types' accessors over the demo data, and
-- the views of programme_bi (demo/bi.sql, loaded by test/pgtap/run) have
-- plain column types and totals that match the programme tables.
BEGIN;
SELECT plan(32);

-- casts ----------------------------------------------------------------------
CREATE TEMP VIEW ext_types AS
SELECT t.oid, t.typname FROM pg_type t
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'scenario'
WHERE t.typtype IN ('b', 'e')
  -- index-key types (supply_gist_key) live only inside indexes and have no text form
  AND coalesce(obj_description(t.oid, 'pg_type'), '') NOT LIKE 'internal:%';

SELECT cmp_ok((SELECT count(*)::int FROM ext_types), '>=', 13, 'the extension has types');
SELECT is(ARRAY(SELECT typname::text FROM ext_types t WHERE NOT EXISTS (
		SELECT FROM pg_cast c WHERE c.castsource = t.oid AND c.casttarget = 'jsonb'::regtype AND c.castcontext = 'e')
		ORDER BY 1), '{}', 'every type has an explicit cast to jsonb');
SELECT is(ARRAY(SELECT typname::text FROM ext_types t WHERE NOT EXISTS (
		SELECT FROM pg_cast c WHERE c.castsource = t.oid AND c.casttarget = 'text'::regtype)
		ORDER BY 1), '{}', 'every type has a cast to text listed in pg_cast');
SELECT is(ARRAY(SELECT p.proname::text FROM pg_cast c JOIN pg_proc p ON p.oid = c.castfunc
		WHERE c.castsource IN (SELECT oid FROM ext_types) AND c.casttarget = 'jsonb'::regtype
		  AND NOT (p.provolatile = 'i' AND p.proisstrict AND p.proparallel = 's') ORDER BY 1),
	'{}', 'jsonb cast functions are immutable, strict and parallel safe');
SELECT is(ARRAY(SELECT p.proname::text FROM pg_cast c JOIN pg_proc p ON p.oid = c.castfunc
		WHERE c.castsource IN (SELECT oid FROM ext_types) AND c.casttarget = 'jsonb'::regtype
		  AND p.prolang = (SELECT oid FROM pg_language WHERE lanname = 'sql') AND NOT ('search_path=pg_catalog, pg_temp' = ANY (p.proconfig))
		ORDER BY 1),
	'{}', 'SQL cast functions fix their search_path');

-- jsonb agrees with the accessors, over the demo data -------------------------
CREATE TEMP TABLE moves AS
SELECT s.opp_id::bigint AS item, s.stage::stage AS stage,
       s.changed_on::timestamp AT TIME ZONE 'Asia/Shanghai' AS at, o.cluster
FROM programme.stage_change s JOIN programme.opportunity o USING (opp_id);
CREATE TEMP TABLE funnels AS SELECT cluster, funnel(item, stage, at) AS f FROM moves GROUP BY cluster;

SELECT is((SELECT count(*)::int FROM funnels f, funnel_rows(f.f) r,
		jsonb_array_elements(f.f::jsonb->'stages') j
		WHERE (j->>'position')::int = r.position AND j->>'stage' = r.stage
		  AND (j->>'reached')::bigint = r.reached
		  AND (j->>'median_days')::float8 IS NOT DISTINCT FROM r.median_days
		  AND (j->>'conversion_first')::float8 IS NOT DISTINCT FROM r.conversion_first),
	(SELECT 6 * count(*)::int FROM funnels), 'funnel jsonb = funnel_rows() for every cluster''s funnel');
SELECT is((SELECT count(*)::int FROM funnels f, jsonb_array_elements(f.f::jsonb->'stages') j
		WHERE round((j->>'median_seconds')::numeric * 1000000) = round((j->>'median_days')::numeric * 86400000000)),
	(SELECT count(*)::int FROM funnels f, jsonb_array_elements(f.f::jsonb->'stages') j
		WHERE j->>'median_seconds' IS NOT NULL),
	'median_seconds (exact) and median_days (float) agree');
SELECT is((SELECT sum((j->>'timed')::int)::int FROM funnels f, jsonb_array_elements(f.f::jsonb->'stages') j
		WHERE f.cluster = 'gd:K01' AND j->>'stage' = 'released'),
	(SELECT count(*)::int FROM programme.stage_change s JOIN programme.opportunity o USING (opp_id)
		WHERE o.cluster = 'gd:K01' AND s.stage = 'matched'),
	'timed = items seen leaving the stage (K01, released)');

CREATE AGGREGATE pg_temp.state_of(bigint, stage, timestamptz) (
	SFUNC = funnel_transfn, STYPE = funnel_state);
SELECT is((SELECT jsonb_array_length(pg_temp.state_of(item, stage, at)::jsonb->'transitions') FROM moves),
	(SELECT count(*)::int FROM moves), 'funnel_state jsonb has every transition');
SELECT is((SELECT count(*)::int FROM (SELECT pg_temp.state_of(item, stage, at) AS s FROM moves) x,
		jsonb_array_elements(x.s::jsonb->'transitions') t
		JOIN moves m ON m.item = (t->>'item')::bigint AND m.stage::text = t->>'stage'
		            AND m.at = (t->>'at')::timestamptz),
	(SELECT count(*)::int FROM moves), 'funnel_state jsonb transitions are the rows, times exact');

CREATE TEMP TABLE cand AS
SELECT o.opp_id::bigint AS d, f.offer_id::bigint AS s, (10 - abs(f.trl - o.trl_required)) / 10.0::float8 AS score
FROM programme.opportunity o JOIN programme.offering f ON f.cluster = o.cluster;
CREATE TEMP TABLE assignments AS
SELECT m, assign(d, s, score, m) AS a FROM cand, (VALUES ('optimal'), ('stable'), ('greedy')) v(m) GROUP BY m;
SELECT is((SELECT count(*)::int FROM assignments WHERE (a::jsonb->>'pair_count')::int = pair_count(a)
		AND jsonb_array_length(a::jsonb->'pairs') = pair_count(a) AND a::jsonb->>'method' = method(a)
		AND (a::jsonb->>'total_score')::float8 = total_score(a)), 3, 'assignment jsonb: method, counts, total');
SELECT is((SELECT count(*)::int FROM assignments x, jsonb_array_elements(x.a::jsonb->'pairs') p
		JOIN LATERAL unnest(x.a) u ON u.demand_id = (p->>'demand_id')::bigint
		 AND u.supply_id = (p->>'supply_id')::bigint AND u.score = (p->>'score')::float8),
	(SELECT sum(pair_count(a))::int FROM assignments), 'assignment jsonb pairs = unnest(), scores exact');
CREATE AGGREGATE pg_temp.assign_state_of(bigint, bigint, float8, integer, integer) (
	SFUNC = assign_trans, STYPE = assign_state);
SELECT is((SELECT count(*)::int FROM (SELECT pg_temp.assign_state_of(d, s, score, NULL, (s % 3)::int) AS st FROM cand) x,
		jsonb_array_elements(x.st::jsonb->'candidates') c
		JOIN cand ON cand.d = (c->>'demand_id')::bigint AND cand.s = (c->>'supply_id')::bigint
		 AND cand.score = (c->>'score')::float8 AND c->'demand_capacity' = 'null'
		 AND (c->>'supply_capacity')::int = cand.s % 3),
	(SELECT count(*)::int FROM cand), 'assign_state jsonb = the candidate rows with their capacities');

SELECT is((SELECT train_classifier(title, cluster::text)::jsonb - 'temperature' - 'features' FROM programme.opportunity),
	jsonb_build_object('version', 1, 'documents', 149,
		'labels', (SELECT jsonb_agg(DISTINCT cluster::text ORDER BY cluster::text) FROM programme.opportunity),
		'options', 'c=0.5 beta=0.5 tol=0.01 max_iter=1000 ngram=1-2 latin=chars boundaries=on nb=on'),
	'classifier jsonb: what the model holds');
CREATE AGGREGATE pg_temp.clf_state_of(text, text) (
	SFUNC = _classifier_accum, STYPE = classifier_state);
SELECT is((SELECT pg_temp.clf_state_of(title, cluster::text)::jsonb->'labels' FROM programme.opportunity),
	(SELECT jsonb_object_agg(cluster, n) FROM (SELECT cluster::text AS cluster, count(*) AS n FROM programme.opportunity GROUP BY 1) x),
	'classifier_state jsonb counts the documents per label');
SELECT throws_ok($$SELECT 'classifier_state:AQAAAAEAAAA='::classifier_state::jsonb$$, '22P02', NULL,
	'a damaged classifier state is refused, not walked');

SELECT is((SELECT count(*)::int FROM (SELECT DISTINCT sector::sector AS s FROM programme.opportunity) x
		WHERE s::jsonb = jsonb_build_object('text', s::text, 'taxonomy', sector_taxonomy(s), 'code', sector_code(s),
			'level', sector_level(s), 'parent', sector_parent(s)::text)
		  AND (s::jsonb->>'text')::sector = s),
	(SELECT count(DISTINCT sector)::int FROM programme.opportunity), 'sector jsonb: its parts, the text reads back');
CREATE TEMP TABLE tr AS
SELECT track('>= 100 uses per year', used_on) AS t FROM programme.first_use;
SELECT is((SELECT (SELECT sum((d->>'n')::int)::int FROM jsonb_array_elements(t::jsonb->'days') d) FROM tr),
	(SELECT count(*)::int FROM programme.first_use), 'tracking jsonb: the events of every day');
SELECT is((SELECT (SELECT count(*)::int FROM jsonb_array_elements(t::jsonb->'days') d
		WHERE (d->>'n')::int = (SELECT count(*) FROM programme.first_use u WHERE u.used_on = (d->>'day')::date)) FROM tr),
	(SELECT count(DISTINCT used_on)::int FROM programme.first_use), 'tracking jsonb: each day''s count');
SELECT is((SELECT t::jsonb->'target' FROM tr), '>= 100 uses per year'::target::jsonb, 'tracking jsonb: its target');
SELECT is(ARRAY(SELECT s::jsonb #>> '{}' FROM unnest(enum_range(NULL::target_status)) s),
	enum_range(NULL::target_status)::text[], 'target_status jsonb: the labels');

-- text forms do not depend on the session's settings
CREATE TEMP TABLE vals AS
SELECT (SELECT funnel(item, stage, at) FROM moves) AS f,
       (SELECT pg_temp.state_of(item, stage, at) FROM moves WHERE item < 5) AS fs,
       (SELECT a FROM assignments WHERE m = 'optimal') AS a,
       (SELECT pg_temp.assign_state_of(d, s, score / 3, NULL, 2) FROM cand WHERE d < 20) AS ast,
       (SELECT t FROM tr) AS tr,
       '>= 40e9 CNY by 2025-12-31 from 2023-01-01 at 1.5'::target AS t,
       'gbt4754:3963'::sector AS s;
CREATE TEMP TABLE texts AS SELECT f::text AS f, fs::text AS fs, a::text AS a, ast::text AS ast, tr::text AS tr,
	t::text AS t, s::text AS s FROM vals;
SET LOCAL DateStyle = 'SQL, DMY';
SET LOCAL IntervalStyle = 'sql_standard';
SET LOCAL TimeZone = 'America/St_Johns';
SET LOCAL extra_float_digits = -10;
SET LOCAL lc_numeric = 'C';
SELECT is((SELECT (f::text, fs::text, a::text, ast::text, tr::text, t::text, s::text)::text FROM vals),
	(SELECT (f, fs, a, ast, tr, t, s)::text FROM texts),
	'text forms are the same under other DateStyle, IntervalStyle, TimeZone and extra_float_digits');
RESET DateStyle; RESET IntervalStyle; RESET TimeZone; RESET extra_float_digits; RESET lc_numeric;

-- the BI views ---------------------------------------------------------------
SELECT is(ARRAY(SELECT table_name::text FROM information_schema.views
		WHERE table_schema = 'programme_bi' ORDER BY 1),
	ARRAY['cluster', 'cluster_rollup', 'funnel', 'opportunity', 'target_status', 'top_match'], 'the BI views');
SELECT is(ARRAY(SELECT c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
		FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
		WHERE c.relnamespace = 'programme_bi'::regnamespace AND a.attnum > 0
		  AND a.atttypid NOT IN ('text'::regtype, 'numeric'::regtype, 'int4'::regtype, 'int8'::regtype,
		                         'date'::regtype, 'timestamptz'::regtype, 'bool'::regtype, 'float8'::regtype)
		ORDER BY 1), '{}', 'every column of programme_bi is a plain type');
SELECT is(ARRAY(SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = 'programme_bi'::regnamespace
		AND obj_description(c.oid, 'pg_class') IS NULL ORDER BY 1), '{}', 'every BI view has a comment');
SELECT is((SELECT (opportunities, investment_rmb, matched, operating, typical_cases)::text
		FROM programme_bi.cluster_rollup WHERE level = 'programme'),
	(SELECT (count(*), sum(investment), count(offer_id), count(*) FILTER (WHERE stage = 'operating'),
		(SELECT count(*) FROM programme.typical_case))::text FROM programme.opportunity),
	'programme totals of cluster_rollup = the tables');
SELECT is((SELECT array_agg(opportunities ORDER BY cluster_code) FROM programme_bi.cluster_rollup WHERE level = 'cluster'),
	(SELECT array_agg((SELECT count(*) FROM programme.opportunity o WHERE o.cluster = c.code) ORDER BY code::text)
		FROM programme.cluster c), 'cluster_rollup per cluster = the tables, empty clusters included');
SELECT is((SELECT count(*)::int FROM programme_bi.funnel b JOIN funnels f ON f.cluster::text = b.cluster_code
		JOIN LATERAL funnel_rows(f.f) r ON r.stage = b.stage
		WHERE b.level = 'cluster' AND r.reached = b.reached
		  AND r.median_days IS NOT DISTINCT FROM b.median_days),
	(SELECT 6 * count(*)::int FROM funnels), 'programme_bi.funnel per cluster = funnel() per cluster');
SELECT is((SELECT count(*)::int FROM programme_bi.opportunity o JOIN programme.stage_change s
		ON s.opp_id = o.opp_id AND s.stage = o.stage
		WHERE (o.stage_reached_at AT TIME ZONE 'Asia/Shanghai')::date = s.changed_on
		  AND o.stage_position = array_position(enum_range(NULL::stage), o.stage::stage)),
	149, 'each opportunity''s stage, its position and when it was reached');

SELECT is((SELECT array_agg((actual, status, events)::text ORDER BY target_id) FROM programme_bi.target_status),
	ARRAY[(SELECT (r.actual, r.status, r.events)::text FROM programme.about a,
		tracking_report((SELECT track('>= 10 zones by 2027-12-31 from 2023-01-01', designated_on) FROM programme.pilot_zone), a.as_of) r),
	      (SELECT (r.actual, r.status, r.events)::text FROM programme.about a,
		tracking_report((SELECT t FROM tr), a.as_of) r),
	      (SELECT (sum(investment)::float8, 'on_track', count(*))::text FROM programme.opportunity),
	      (SELECT (count(*)::float8, 'achieved', count(*))::text FROM programme.stage_change WHERE stage = 'operating')],
	'target_status rows = tracking_report() over the event tables');

CREATE TEMP TABLE tm AS SELECT * FROM programme_bi.top_match;
SELECT is((SELECT count(*)::int FROM tm t
		JOIN programme.opportunity o ON o.opp_id = t.opp_id JOIN programme.offering f ON f.offer_id = t.offer_id
		WHERE t.score = match_score(
			demand_profile(sectors => ARRAY[o.sector, o.cluster], text => o.title || '。' || o.description,
			               budget => o.investment::float8, region => o.region_code, trl => o.trl_required::int,
			               deadline => o.deadline),
			supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
			               price => f.price::float8, regions => f.regions, trl => f.trl::int, available => f.available_on))
		  AND t.score >= ALL (SELECT t2.score FROM tm t2 WHERE t2.opp_id = t.opp_id AND t2.rank > t.rank)),
	745, 'top_match: five offers per opportunity, scores = match_score, in rank order');
SELECT is((SELECT count(*)::int FROM tm t JOIN programme.opportunity o USING (opp_id)
		WHERE t.matched_offer = (t.offer_id IS NOT DISTINCT FROM o.offer_id)), 745,
	'top_match: matched_offer says whether it is the opportunity''s matched offering');

SELECT * FROM finish();
ROLLBACK;
