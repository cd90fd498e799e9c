-- test/citus/checks.sql: each check runs on schema programme (distributed)
-- and schema single (its local copy), as psql -v s=<schema>; the outputs
-- must be equal.  "-- check: name" starts a check, "-- limit: name" a form
-- Citus refuses distributed (docs/citus.md gives the form that works).
-- Results are cast to text so that states and models compare exactly.

-- check: track(date) over a reference table (pilot zones)
SELECT track('>= 10 zones by 2027-12-31 from 2023-01-01'::target, designated_on)::text
  FROM :"s".pilot_zone;

-- check: track(date) over a reference table (first uses, per year)
SELECT track('>= 100 uses per year'::target, used_on)::text FROM :"s".first_use;

-- check: track(date, amount) over a distributed table (investment): what it answers
-- (the state's per-day sums of squares are float sums, whose last bit
-- depends on the order rows are added: compared to 12 digits)
SELECT tracking_events(tr), tracking_actual(tr, '2025-10-31'), tracking_status(tr, '2025-10-31'),
       tracking_expected(tr, '2025-10-31'), tracking_eta(tr, '2025-10-31'),
       round(tracking_forecast(tr, '2025-10-31')::numeric, 0),
       round(tracking_forecast_low(tr, '2025-10-31')::numeric, 0), round(tracking_forecast_high(tr, '2025-10-31')::numeric, 0),
       (SELECT string_agg(format('%s %s %s %s', d ->> 'day', d ->> 'n', d ->> 'sum',
                                 to_char((d ->> 'sumsq')::float8, '9.99999999999EEEE')), ', ')
          FROM jsonb_array_elements(tracking_jsonb(tr) -> 'days') d) AS days
  FROM (SELECT track('>= 40e9 CNY by 2025-12-31 from 2023-01-01'::target, released_on, investment::float8) AS tr
          FROM :"s".opportunity) t;

-- check: track(date) over a distributed table, grouped by the distribution column's neighbour
SELECT o.cluster::text, track('>= 5 projects by 2025-12-31 from 2023-01-01'::target, s.changed_on)::text
  FROM :"s".stage_change s JOIN :"s".opportunity o USING (opp_id)
 WHERE s.stage = 'operating' GROUP BY 1 ORDER BY 1;

-- check: track(timestamptz) with UTC workers and an Asia/Shanghai coordinator (events at 20:30 UTC)
SELECT track('>= 90 projects by 2025-12-31 from 2023-01-01'::target,
             (changed_on + time '20:30') AT TIME ZONE 'UTC')::text
  FROM :"s".stage_change WHERE stage = 'operating';

-- check: track accessors and tracking_periods through a subquery
SELECT p.* FROM (SELECT track('>= 100 uses per year'::target, used_on) AS tr FROM :"s".first_use) t,
       tracking_periods(t.tr) p ORDER BY p.period_start;

-- check: tracking_periods over a distributed aggregate, in FROM
SELECT p.* FROM (SELECT track('>= 10 projects per quarter'::target, changed_on) AS tr
                   FROM :"s".stage_change WHERE stage = 'signed') t,
       tracking_periods(t.tr) p ORDER BY p.period_start;

-- check: funnel over a distributed table
SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai')::text
  FROM :"s".stage_change;

-- check: funnel per cluster (colocated join, grouped)
SELECT o.cluster::text, funnel(s.opp_id, s.stage::stage, s.changed_on::timestamp AT TIME ZONE 'Asia/Shanghai')::text
  FROM :"s".stage_change s JOIN :"s".opportunity o USING (opp_id) GROUP BY 1 ORDER BY 1;

-- check: funnel_rows over a distributed aggregate, in FROM
SELECT r.* FROM (SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS f
                   FROM :"s".stage_change) g,
       funnel_rows(g.f) r ORDER BY r.position;

-- check: funnel_rows of a scalar subquery (the docs' form)
SELECT * FROM funnel_rows((SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai')
                             FROM :"s".stage_change));

-- check: assign over opportunities (distributed) x offerings (reference), three methods
SELECT m, assign(o.opp_id, f.offer_id, match_score(q.profile,
         supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description, price => f.price, regions => f.regions, trl => f.trl, available => f.available_on)), m)::text
  FROM :"s".opportunity o JOIN :"s".opp q USING (opp_id) JOIN :"s".event e ON e.event_id = o.event_id
  JOIN :"s".offering f ON e.region_code = ANY (f.regions),
       unnest('{optimal,greedy,stable}'::text[]) m
 WHERE o.event_id <= 4 GROUP BY m ORDER BY m;

-- check: unnest(assign(...)) in FROM
SELECT p.* FROM (SELECT assign(o.opp_id, f.offer_id, match_score(q.profile,
         supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description, price => f.price, regions => f.regions, trl => f.trl, available => f.available_on))) AS a
                   FROM :"s".opportunity o JOIN :"s".opp q USING (opp_id) JOIN :"s".event e ON e.event_id = o.event_id
                   JOIN :"s".offering f ON e.region_code = ANY (f.regions)
                  WHERE o.event_id <= 4) s,
       unnest(s.a) p ORDER BY p.demand_id;

-- check: train_classifier over a distributed table (the model's text)
SELECT md5(train_classifier(title || '。' || description, cluster)::text) FROM :"s".opportunity;

-- check: train_classifier with options, and classifier_info in FROM
SELECT i.* FROM (SELECT train_classifier(title || '。' || description, cluster::text, 'c=1, ngram=1-3') AS m
                   FROM :"s".opportunity) t,
       classifier_info(t.m) i;

-- check: classify and classify_topk on every shard
SELECT opp_id, classify(title || '。' || description)::text, classify(title, 'gd')::text
  FROM :"s".opportunity ORDER BY opp_id;

-- distributed: catalog_drift() finds no drift after the user edit and catalog_sync()
-- expect: drifting parts: 0
-- expect: user keywords on every node: 3
SELECT 'drifting parts: ' || count(*) FILTER (WHERE drift) FROM catalog_drift();
SELECT 'user keywords on every node: ' || min(rows) FROM catalog_drift()
 WHERE catalog = 'sector_keyword' AND part = 'user';

-- check: classification that the user keywords decide, on every shard
SELECT opp_id, classify(title || '。' || description)::text FROM :"s".opportunity
 WHERE title || description ~ '巡检|监管平台|低空' ORDER BY opp_id;

-- check: sector_map per row (LATERAL join)
SELECT o.opp_id, m.sector::text, m.partial
  FROM :"s".opportunity o CROSS JOIN LATERAL sector_map(o.sector, 'gd') m ORDER BY 1, 2;

-- check: sector_map counted per row (LATERAL, grouped)
SELECT o.opp_id, count(m.sector)
  FROM :"s".opportunity o LEFT JOIN LATERAL sector_map(o.sector, 'gd') m ON true
 GROUP BY 1 ORDER BY 1;

-- check: sector functions and operators on every shard (no search_path set)
SELECT opp_id, sector_name(sector), sector_level(sector), sector_parent(sector)::text,
       sector <@ 'gbt4754:C', sector IS DISTINCT FROM 'gbt4754:C3963', NULLIF(sector, 'gbt4754:C3963')::text,
       CASE sector WHEN 'gbt4754:C3963' THEN 'drones' ELSE 'other' END
  FROM :"s".opportunity ORDER BY opp_id;

-- check: subtree filter and aggregates per sector
SELECT sector_ancestor(sector, 1)::text, count(*), sum(investment)
  FROM :"s".opportunity WHERE sector <@ 'gbt4754:C' GROUP BY 1 ORDER BY 1;

-- check: keyset pagination over (sector, id), the comparison written out
SELECT sector::text, opp_id FROM :"s".opportunity
 WHERE sector > 'gbt4754:C3963' OR (sector = 'gbt4754:C3963' AND opp_id > 0)
 ORDER BY sector, opp_id LIMIT 20;

-- check: match_score and match_explain on every shard
SELECT q.opp_id, round(match_score(q.profile, p.profile)::numeric, 12), match_explain(q.profile, p.profile) -> 'coverage'
  FROM :"s".opp q, :"s".offer p WHERE p.offer_id = q.opp_id ORDER BY 1;

-- check: the GiST top-k with a literal profile
SELECT offer_id, round((profile <-> 'sectors={gbt4754:C3963} text="输电线路无人机巡检，缺陷识别" region=440300'::demand)::numeric, 12)
  FROM :"s".offer ORDER BY profile <-> 'sectors={gbt4754:C3963} text="输电线路无人机巡检，缺陷识别" region=440300'::demand, offer_id LIMIT 5;

-- check: top_offers from local opportunities, offers distributed
SELECT q.opp_id, t.offer_id, round((t.profile <-> q.profile)::numeric, 12) AS dist
  FROM :"s".opp_local q CROSS JOIN LATERAL top_offers(CAST(NULL AS :"s".offer), q.profile, 3) t
 ORDER BY 1, 3, 2;

-- check: top_offers with a filter
SELECT q.opp_id, t.offer_id, round((t.profile <-> q.profile)::numeric, 12) AS dist
  FROM :"s".opp_local q
 CROSS JOIN LATERAL top_offers(CAST(NULL AS :"s".offer), q.profile, 3, $$price < 5e6 AND '440300' = ANY (regions)$$) t
 WHERE q.opp_id <= 40 ORDER BY 1, 3, 2;

-- check: top_offers for distributed opportunities, through a materialized CTE
WITH q AS MATERIALIZED (SELECT opp_id, profile FROM :"s".opp WHERE event_id <= 3)
SELECT q.opp_id, t.offer_id, round((t.profile <-> q.profile)::numeric, 12) AS dist
  FROM q CROSS JOIN LATERAL top_offers(CAST(NULL AS :"s".offer), q.profile, 3) t
 ORDER BY 1, 3, 2;

-- distributed: top_offers sends each shard the ordered, limited search (its GiST index answers it)
-- expect: ORDER BY (profile OPERATOR(public.<->) 'sectors=
-- expect: LIMIT '3'::bigint
SET citus.log_remote_commands = on;
SET client_min_messages = log;
SELECT count(*) FROM top_offers(CAST(NULL AS :"s".offer), (SELECT profile FROM :"s".opp_local WHERE opp_id = 17), 3);
RESET client_min_messages;
SET citus.log_remote_commands = off;
SET citus.explain_all_tasks = on;
-- expect: Index Scan using offer_profile_idx
EXPLAIN (COSTS OFF) SELECT o.* FROM :"s".offer o
 ORDER BY o.profile <-> 'sectors={gbt4754:C3963} text="输电线路无人机巡检，缺陷识别" region=440300'::demand LIMIT 3;

-- check: track(timestamptz, amount) over a distributed table: what it answers
SELECT tracking_events(tr), tracking_actual(tr, '2025-10-31'), tracking_status(tr, '2025-10-31'),
       tracking_expected(tr, '2025-10-31'), tracking_eta(tr, '2025-10-31'),
       (SELECT string_agg(format('%s %s %s', d ->> 'day', d ->> 'n', d ->> 'sum'), ', ')
          FROM jsonb_array_elements(tracking_jsonb(tr) -> 'days') d) AS days
  FROM (SELECT track('>= 40e9 CNY by 2025-12-31 from 2023-01-01'::target,
                     (released_on + time '20:30') AT TIME ZONE 'UTC', investment::float8) AS tr
          FROM :"s".opportunity) t;

-- check: assign with capacities, with and without a method
SELECT assign(o.opp_id, f.offer_id, match_score(q.profile, supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description, price => f.price, regions => f.regions, trl => f.trl, available => f.available_on)), 1, 2)::text,
       assign(o.opp_id, f.offer_id, match_score(q.profile, supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description, price => f.price, regions => f.regions, trl => f.trl, available => f.available_on)), 2, 1, 'greedy')::text
  FROM :"s".opportunity o JOIN :"s".opp q USING (opp_id) JOIN :"s".event e ON e.event_id = o.event_id
  JOIN :"s".offering f ON e.region_code = ANY (f.regions)
 WHERE o.event_id <= 4;

-- check: train_classifier(text, text) and (text, sector, options)
SELECT md5(train_classifier(title, cluster::text)::text),
       md5(train_classifier(title || '。' || description, sector, 'c=0.5, ngram=1-2')::text)
  FROM :"s".opportunity;

-- check: classifier_info expanded in the select list (works; trains once per column, so slower)
SELECT (classifier_info(train_classifier(title || '。' || description, cluster))).* FROM :"s".opportunity;

-- check: funnel_rows expanded in the select list over the aggregate in a subquery
SELECT (funnel_rows(f)).* FROM (SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS f
                                  FROM :"s".stage_change) g;

-- check: sector_map in a scalar subquery per row of a reference table
SELECT offer_id, (SELECT count(*) FROM sector_map(sector, 'gd')) FROM :"s".offering ORDER BY 1;

-- check: match_feed on a local table of opportunities, searching the offers (distributed in programme): the coordinator hears it
\set offers 'offers=' :s '.offer'
CREATE TABLE :"s".feed_opp (id int PRIMARY KEY, profile demand);
CREATE TRIGGER feed AFTER INSERT ON :"s".feed_opp FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', :'offers', 'offer_id=offer_id', 'offer_profile=profile', 'k=3');
-- expect: Asynchronous notification "scenario_match" with payload "{"opportunity":17,"offers":[{"id":
-- expect: Asynchronous notification "scenario_match" with payload "{"opportunity":120,
LISTEN scenario_match;
INSERT INTO :"s".feed_opp SELECT opp_id, profile FROM :"s".opp_local WHERE opp_id IN (17, 60, 120);
UNLISTEN *;
DROP TABLE :"s".feed_opp;

-- limit: match_feed on a distributed table (with Citus's own refusal of triggers lifted)
\set offers 'offers=' :s '.offer'
SET citus.enable_unsafe_triggers = on;
CREATE TRIGGER feed AFTER INSERT ON :"s".opp FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=opp_id', 'profile=profile', :'offers', 'offer_id=offer_id', 'offer_profile=profile');
DROP TRIGGER feed ON :"s".opp;

-- limit: match_feed on a reference table
\set offers 'offers=' :s '.offer'
SET citus.enable_unsafe_triggers = on;
CREATE TRIGGER feed AFTER INSERT ON :"s".opp_ref FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=opp_id', 'profile=profile', :'offers', 'offer_id=offer_id', 'offer_profile=profile');
DROP TRIGGER feed ON :"s".opp_ref;

-- limit: match_feed on a shard (the coordinator's shard of the reference table; locally the table itself)
\set offers 'offers=' :s '.offer'
SELECT coalesce((SELECT format('%I.%I', :'s', 'opp_ref_' || shardid) FROM pg_dist_shard
                  WHERE logicalrelid = to_regclass(:'s' || '.opp_ref')),
                format('%I.%I', :'s', 'opp_ref')) AS target \gset
CREATE TRIGGER feed AFTER INSERT ON :target FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=opp_id', 'profile=profile', :'offers', 'offer_id=offer_id', 'offer_profile=profile');
DROP TRIGGER feed ON :target;

-- limit: the per-opportunity top-k as a LATERAL subquery over distributed offers
SELECT q.opp_id, t.offer_id
  FROM :"s".opp_local q
 CROSS JOIN LATERAL (SELECT f.offer_id FROM :"s".offer f ORDER BY f.profile <-> q.profile LIMIT 3) t
 ORDER BY 1, 2;

-- limit: funnel_rows(funnel(...)) expanded in the select list, the aggregate in the same query
SELECT (funnel_rows(funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai'))).*
  FROM :"s".stage_change;

-- limit: tracking_periods(track(...)) in the select list
SELECT tracking_periods(track('>= 10 projects per quarter'::target, changed_on))
  FROM :"s".stage_change WHERE stage = 'signed';

-- limit: unnest(assign(...)) in the select list
SELECT unnest(assign(opp_id, offer_id, 1.0)) FROM :"s".opportunity WHERE offer_id IS NOT NULL;

-- limit: sector_map in a scalar subquery per row
SELECT opp_id, (SELECT count(*) FROM sector_map(sector, 'gd')) FROM :"s".opportunity ORDER BY 1;

-- limit: keyset pagination with a row comparison (Citus deparses the row's operators under the first one's schema)
SELECT sector::text, opp_id FROM :"s".opportunity
 WHERE (sector, opp_id) > ('gbt4754:C3963', 0) ORDER BY sector, opp_id LIMIT 20;
