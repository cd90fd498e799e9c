-- match: demand and supply profiles, explained scores, top-k through GiST

-- constructors with named arguments; any field may be missing
SELECT demand_profile(sectors => '{gbt4754:C3963,gd:K01}', text => '工业园区无人机巡检',
                      budget => 500000, region => '深圳', trl => 6, deadline => '2026-06-30');
SELECT supply_profile(sectors => '{gbt4754:C3963}', text => 'Drone inspection, "autonomous"',
                      price => 450000.5, regions => '{440300,Guangzhou,广东省}', trl => 7,
                      available => '2026-03-01');
SELECT demand_profile(), supply_profile();
SELECT demand_profile(region => r) FROM unnest(ARRAY['440300', '深圳', '深圳市', 'shenzhen', 'SHENZHEN',
                                                    '广东', '广东省', 'Guangdong', '445300', '云浮市']) AS r;

-- text input: keys in any order, names for regions; output is canonical
SELECT 'trl=6 region=深圳 budget=1e6 text="a \"b\" \\ c"'::demand;
-- districts and counties (GB/T 2260, data/gbt2260_guangdong) count as their city
SELECT r, demand_profile(region => r)::text
  FROM unnest(ARRAY['440304', '福田区', '441502', '连山壮族瑶族自治县', '普宁市', '441900']) r;
SELECT 'regions={440305,440306,445281,440100}'::supply;
SELECT 'text="" trl=9'::supply;
SELECT 'regions={}'::supply;
SELECT ' budget=0.10 '::demand, 'budget=0.05'::demand;
SELECT d::text::demand::text = d::text AS round_trip
  FROM (VALUES (demand_profile(sectors => '{gbt4754:C3963}', text => '无人机 "x" \ y', budget => 123.45,
                               region => '440100', trl => 3, deadline => '2027-01-01'))) AS t(d);

-- casts to jsonb and text
SELECT demand_profile(sectors => '{gbt4754:C3963}', text => '巡检', budget => 12.5, region => '汕头',
                      trl => 4, deadline => '2026-01-02')::jsonb;
SELECT supply_profile(regions => '{440300}', price => 0)::jsonb;
SELECT supply_profile(trl => 5)::text;

-- bad input
SELECT demand_profile(region => '北京');
SELECT demand_profile(region => '110000');
SELECT supply_profile(regions => '{深圳,Atlantis}');
SELECT 'region=440301'::demand;
SELECT demand_profile(trl => 0);
SELECT supply_profile(trl => 10);
SELECT 'trl=12'::demand;
SELECT 'trl=6.5'::demand;
SELECT demand_profile(budget => -1);
SELECT supply_profile(price => 'NaN');
SELECT supply_profile(price => 'Infinity');
SELECT 'budget=nan'::demand;
SELECT 'budget=-0.5'::demand;
SELECT 'price=1e20'::supply;
SELECT 'price=1e400'::supply;
SELECT 'price=0x10'::supply;
SELECT demand_profile(deadline => 'infinity');
SELECT 'deadline=2026-02-30'::demand;
SELECT 'deadline=26-01-01'::demand;
SELECT 'budget=1 budget=2'::demand;
SELECT 'price=1'::demand;
SELECT 'colour=red'::supply;
-- an unknown key: the hint lists the kind's keys and suggests the nearest
SELECT 'budjet=500000'::demand;
SELECT 'trl=6 Deadline=2026-06-30'::demand;
SELECT 'budget=5'::supply;
SELECT 'region={440300}'::supply;
SELECT '=5'::supply;
SELECT 'trl=6 "x"'::demand;
SELECT 'region=城区'::demand;
SELECT 'region=449900'::demand;
SELECT 'text="unterminated'::supply;
SELECT 'text="a\nb"'::supply;
SELECT 'trl=5text="x"'::supply;
SELECT 'region={440300}'::demand;
SELECT 'sectors={gbt4754:C3963'::demand;
SELECT 'sectors={nosuch:1}'::demand;
SELECT 'trl='::demand;

-- hand-checked criteria (default weights: sector .25, text .35, money .1,
-- region .1, trl .1, time .1), each read from match_explain
CREATE FUNCTION pg_temp.crit(d demand, s supply, c text) RETURNS float8
LANGUAGE sql AS $$ SELECT (match_explain(d, s) -> 'criteria' -> c ->> 'score')::float8 $$;
SELECT round(pg_temp.crit(demand_profile(budget => 400000), supply_profile(price => 500000), 'money')::numeric, 6) AS budget_20pct_under;
SELECT round(pg_temp.crit(demand_profile(budget => 250000), supply_profile(price => 500000), 'money')::numeric, 6) AS budget_half;
SELECT round(pg_temp.crit(demand_profile(budget => 600000), supply_profile(price => 500000), 'money')::numeric, 6) AS budget_over;
SELECT round(pg_temp.crit(demand_profile(budget => 0), supply_profile(price => 0), 'money')::numeric, 6) AS both_free;
SELECT pg_temp.crit(demand_profile(trl => 6), supply_profile(trl => 5), 'trl') AS trl_below,
       pg_temp.crit(demand_profile(trl => 6), supply_profile(trl => 6), 'trl') AS trl_equal,
       pg_temp.crit(demand_profile(trl => 6), supply_profile(trl => 9), 'trl') AS trl_above;
SELECT round(pg_temp.crit(demand_profile(deadline => '2026-06-30'), supply_profile(available => d), 'time')::numeric, 6) AS time_score, d
  FROM unnest(ARRAY['2026-01-01', '2026-06-30', '2026-07-15', '2026-08-14', '2026-09-28', '2027-01-01']::date[]) AS d;
SELECT r, round(pg_temp.crit(demand_profile(region => '深圳'), supply_profile(regions => r), 'region')::numeric, 6) AS region_score
  FROM (VALUES ('{深圳}'::text[]), ('{广东}'), ('{广州}'), ('{汕头}'), ('{汕头,东莞}')) AS t(r);
SELECT round(pg_temp.crit(demand_profile(region => '广东'), supply_profile(regions => '{深圳}'), 'region')::numeric, 6) AS province_demand;
-- sector similarity rewards specificity: the specificity (level / levels of
-- the taxonomy) of the lowest common sector; a crosswalk target is worth no
-- more than the code it came from (gd:K01, a cluster, level 2 of 3)
SELECT round(pg_temp.crit(demand_profile(sectors => '{gbt4754:C3963}'), supply_profile(sectors => s), 'sector')::numeric, 6) AS sector_score, s
  FROM (VALUES ('{gbt4754:C3963}'::sector[]), ('{gbt4754:C3961}'), ('{gbt4754:C39}'), ('{gbt4754:A0111}'), ('{gbt4754:A0111,gbt4754:C3969}'),
              ('{gd:K01}'), ('{gd:K0101}'), ('{gd:K02}'), ('{isic4:C2610}')) AS t(s);
SELECT round(pg_temp.crit(demand_profile(sectors => '{gbt4754:C39}'), supply_profile(sectors => '{gbt4754:C39}'), 'sector')::numeric, 6) AS equal_divisions,
       round(pg_temp.crit(demand_profile(sectors => '{gbt4754:C3963,gd:K01}'), supply_profile(sectors => '{gbt4754:C3741}'), 'sector')::numeric, 6) AS cluster_to_class;
SELECT round(pg_temp.crit(demand_profile(text => '无人机巡检'), supply_profile(text => '无人机巡检'), 'text')::numeric, 6) AS same_text,
       pg_temp.crit(demand_profile(text => '无人机巡检'), supply_profile(text => 'welding robots'), 'text') AS disjoint_text;

-- combination: the weight the known criteria earn over the whole weight; a
-- criterion one side lacks earns 0.  Money .6 and trl 1 with weights .1
-- each: .16; the demand asks nothing about relevance, so nothing is gated
SELECT round(match_score(demand_profile(budget => 400000, trl => 5, region => '深圳'),
                         supply_profile(price => 500000, trl => 7, available => '2026-01-01'))::numeric, 6) AS unknown_earns_nothing,
       round(match_coverage(demand_profile(budget => 400000, trl => 5, region => '深圳'),
                            supply_profile(price => 500000, trl => 7, available => '2026-01-01'))::numeric, 6) AS coverage;
-- a lone criterion scores its weight share; the same weights alone: its curve
SELECT round(match_score(demand_profile(trl => 6), supply_profile(trl => 7))::numeric, 6) AS lone_trl,
       round(match_score(demand_profile(trl => 6), supply_profile(trl => 7),
                         '{"sector": 0, "text": 0, "money": 0, "region": 0, "time": 0}')::numeric, 6) AS trl_weight_only;
-- nothing in common: 0, coverage 0
SELECT match_score(demand_profile(budget => 1), supply_profile(trl => 3)) AS no_common_criterion,
       match_coverage(demand_profile(budget => 1), supply_profile(trl => 3)) AS coverage;
-- a sparse offer (a sector only) scores below a complete one that matches
-- as well on that sector
SELECT round(match_score(d, supply_profile(sectors => '{gbt4754:C3963}'))::numeric, 6) AS sparse,
       round(match_score(d, supply_profile(sectors => '{gbt4754:C3963}', text => '输电线路无人机巡检', price => 300000,
                                          regions => '{深圳}', trl => 7, available => '2026-06-01'))::numeric, 6) AS complete
  FROM (VALUES (demand_profile(sectors => '{gbt4754:C3963}', text => '输电线路无人机巡检', budget => 400000,
                               region => '深圳', trl => 6, deadline => '2026-06-30'))) AS t(d);
-- the relevance gate: an unrelated offer gets little from price, region,
-- TRL and date (sector and text at relevance .5 and above let them count in full)
SELECT round(match_score(d, s)::numeric, 6) AS unrelated, match_explain(d, s) -> 'relevance_gate' AS gate,
       round(match_score(d, s, '{"sector": 0, "text": 0}')::numeric, 6) AS relevance_unweighted
  FROM (VALUES (demand_profile(sectors => '{gbt4754:C3963}', text => '输电线路无人机巡检', budget => 400000,
                               region => '深圳', trl => 6, deadline => '2026-06-30'),
                supply_profile(sectors => '{gbt4754:A0111}', text => '水稻种植', price => 300000,
                               regions => '{深圳}', trl => 7, available => '2026-06-01'))) AS t(d, s);
-- required criteria are filters: 0 unless known and met (sector, text: above
-- 0; money, region, trl, time: 1)
SELECT round(match_score(d, s)::numeric, 6) AS plain,
       match_score(d, s, '{}', '{trl}') AS trl_required,
       round(match_score(d, s, '{}', '{money,region}')::numeric, 6) AS money_region_required,
       match_score(d, s, '{}', '{time}') AS time_required_unknown,
       match_explain(d, s, '{}', '{region,trl}') -> 'required_missed' AS missed
  FROM (VALUES (demand_profile(sectors => '{gbt4754:C3963}', text => '输电线路无人机巡检', budget => 400000,
                               region => '深圳', trl => 7, deadline => '2026-06-30'),
                supply_profile(sectors => '{gbt4754:C3963}', text => '输电线路无人机巡检', price => 300000,
                               regions => '{深圳}', trl => 5))) AS t(d, s);
SELECT match_score(demand_profile(), supply_profile(), '{}', '{speed}');
SELECT match_score(demand_profile(), supply_profile(), '{}', '{trl,NULL}');
SELECT match_score(demand_profile(), supply_profile(), '{}', '{{trl},{time}}');
SELECT match_score(demand_profile(), supply_profile(), '{}', '{}') AS nothing_required;

-- a full pair, explained
SELECT jsonb_pretty(match_explain(
    demand_profile(sectors => '{gbt4754:C3963}', text => '输电线路无人机巡检，缺陷识别', budget => 400000,
                   region => '深圳', trl => 6, deadline => '2026-06-30'),
    supply_profile(sectors => '{gbt4754:C3961}', text => '电力巡检无人机：输电线路缺陷识别与红外测温',
                   price => 500000, regions => '{广州}', trl => 7, available => '2026-07-15')));
SELECT jsonb_pretty(match_explain(demand_profile(budget => 1, trl => 5), supply_profile(trl => 3)));
-- across taxonomies through the compiled-in crosswalk: gd:K01 (low-altitude
-- economy) covers GB/T 4754 class C3963 (drones)
SELECT match_explain(demand_profile(sectors => '{gbt4754:C3963}'), supply_profile(sectors => '{gd:K01}')) -> 'criteria' -> 'sector';
SELECT match_explain(demand_profile(sectors => '{gd:K0101}'), supply_profile(sectors => '{gbt4754:C3741,gbt4754:C3990}')) -> 'criteria' -> 'sector';
SELECT jsonb_pretty(match_explain('text="Robotic welding cell for car body parts"'::demand,
                                  'text="Welding robot: arc welding cell, seam tracking for car parts"'::supply));

-- weights per call
SELECT round(match_score(d, s)::numeric, 6) AS default_weights,
       round(match_score(d, s, '{"money": 0}')::numeric, 6) AS without_money,
       round(match_score(d, s, '{"money": 1, "trl": 0}')::numeric, 6) AS money_only,
       round(match_score(d, s, '{}')::numeric, 6) AS empty_object
  FROM (VALUES (demand_profile(budget => 400000, trl => 5), supply_profile(price => 500000, trl => 7))) AS t(d, s);
SELECT match_explain(demand_profile(trl => 5), supply_profile(trl => 7), '{"trl": 2, "text": 1}') -> 'criteria' -> 'trl';
SELECT match_score(demand_profile(), supply_profile(), '[1, 2]');
SELECT match_score(demand_profile(), supply_profile(), '{"colour": 1}');
SELECT match_score(demand_profile(), supply_profile(), '{"text": "high"}');
SELECT match_score(demand_profile(), supply_profile(), '{"text": -1}');
SELECT match_score(demand_profile(), supply_profile(), '{"sector": 0, "text": 0, "money": 0, "region": 0, "trl": 0, "time": 0}');

-- the distance operator is 1 - score with the default weights, both ways round
SELECT round((s <-> d)::numeric, 6) AS sd, round((d <-> s)::numeric, 6) AS ds, round(1 - match_score(d, s)::numeric, 6) AS one_minus
  FROM (VALUES ('budget=400000'::demand, 'price=500000'::supply)) AS t(d, s);

-- top-k through the index equals brute force, filters applied on top
CREATE TABLE match_offer (id int PRIMARY KEY, sector sector, price float8, profile supply);
INSERT INTO match_offer
SELECT i, s, p, supply_profile(sectors => ARRAY[s], text => t, price => p,
                               regions => ARRAY[(ARRAY['深圳', '广州', '汕头', '广东'])[1 + i % 4]],
                               trl => 1 + i % 9, available => date '2026-01-01' + (i * 7) % 365)
  FROM (SELECT i, (ARRAY['gbt4754:C3963', 'gbt4754:C3961', 'gbt4754:C3491', 'gbt4754:G5631', 'gd:K02'])[1 + i % 5]::sector AS s,
               (ARRAY['无人机巡检', '工业机器人焊接', '低空物流配送', '城市大脑视频分析', 'drone inspection', 'welding robot'])[1 + i % 6]
                 || ' ' || (ARRAY['系统', '平台', 'platform', '方案', '服务'])[1 + (i / 7) % 5] AS t,
               1000.0 * (1 + (i * 37) % 900) AS p
          FROM generate_series(1, 600) AS i) AS g;
CREATE INDEX match_offer_profile ON match_offer USING gist (profile);
ANALYZE match_offer;
CREATE TABLE match_opp (id int, profile demand);
INSERT INTO match_opp VALUES
  (1, demand_profile(sectors => '{gbt4754:C3963}', text => '无人机巡检平台', budget => 300000, region => '深圳', trl => 6, deadline => '2026-06-30')),
  (2, demand_profile(text => 'welding robot service', budget => 50000, region => '汕头')),
  (3, demand_profile(sectors => '{gbt4754:G5631}', trl => 9));
SET enable_seqscan = off;
EXPLAIN (COSTS OFF)
SELECT o.id FROM match_offer o ORDER BY o.profile <-> (SELECT profile FROM match_opp WHERE id = 1) LIMIT 5;
SELECT q.id AS opp, count(*) AS k,
       bool_and(i.id IS NOT NULL AND round(i.score::numeric, 12) = round(b.score::numeric, 12)) AS same_scores
  FROM match_opp q
  CROSS JOIN LATERAL (SELECT row_number() OVER () AS rk, o.id, 1 - (o.profile <-> q.profile) AS score
                        FROM match_offer o ORDER BY o.profile <-> q.profile LIMIT 10) AS i
  JOIN LATERAL (SELECT row_number() OVER (ORDER BY match_score(q.profile, o.profile) DESC) AS rk,
                       match_score(q.profile, o.profile) AS score
                  FROM match_offer o ORDER BY 2 DESC LIMIT 10) AS b ON b.rk = i.rk
 GROUP BY q.id ORDER BY q.id;
-- with filters (sector subtree, budget): the ordered scan keeps reading until k rows pass
SELECT o.id, o.sector, o.price, round((1 - (o.profile <-> q.profile))::numeric, 6) AS score
  FROM match_opp q, LATERAL (SELECT * FROM match_offer o
                              WHERE o.sector <@ 'gbt4754:C39' AND o.price <= 20000
                              ORDER BY o.profile <-> q.profile LIMIT 5) AS o
 WHERE q.id = 1;
RESET enable_seqscan;
SELECT o.id, o.sector, o.price, round(match_score(q.profile, o.profile)::numeric, 6) AS score
  FROM match_opp q, match_offer o
 WHERE q.id = 1 AND o.sector <@ 'gbt4754:C39' AND o.price <= 20000
 ORDER BY 4 DESC, 1 LIMIT 5;
DROP TABLE match_offer, match_opp;

-- top_offers: the per-opportunity top-k as a function (the form Citus
-- runs), best first, with a filter; rows of the table, dropped columns
-- and all; errors
CREATE TABLE top_offer (id int PRIMARY KEY, gone int, price numeric, regions text[], profile supply);
ALTER TABLE top_offer DROP COLUMN gone;
CREATE INDEX ON top_offer USING gist (profile);
INSERT INTO top_offer VALUES
  (1, 500000, '{440100}', supply_profile(sectors => '{gbt4754:C3961}', text => '电力巡检无人机：输电线路缺陷识别与红外测温',
                                         price => 500000, regions => '{广州}', trl => 7, available => '2026-07-15')),
  (2, 2000000, '{440300}', supply_profile(sectors => '{gbt4754:C3491}', text => '焊接机器人工作站',
                                          price => 2000000, regions => '{深圳}', trl => 8)),
  (3, 300000, '{440300,440400}', supply_profile(sectors => '{gd:K01}', text => '无人机巡检服务，缺陷识别',
                                               price => 300000, regions => '{深圳,珠海}', trl => 7));
CREATE TABLE top_opp (id int PRIMARY KEY, profile demand);
INSERT INTO top_opp VALUES
  (17, demand_profile(sectors => '{gbt4754:C3963}', text => '输电线路无人机巡检，缺陷识别',
                      budget => 400000, region => '深圳', trl => 6, deadline => '2026-06-30')),
  (18, demand_profile(sectors => '{gbt4754:C3491}', text => '焊接机器人', region => '佛山'));
SELECT q.id AS opp, o.id, o.price, round((1 - (o.profile <-> q.profile))::numeric, 4) AS score
  FROM top_opp q CROSS JOIN LATERAL top_offers(NULL::top_offer, q.profile, 2) o
 ORDER BY q.id;
SELECT q.id AS opp, o.id, round((1 - (o.profile <-> q.profile))::numeric, 4) AS score
  FROM top_opp q
 CROSS JOIN LATERAL top_offers(NULL::top_offer, q.profile, 10, $$price < 5e6 AND '440300' = ANY (regions)$$) o
 ORDER BY q.id;
SELECT count(*) FROM top_offers(NULL::top_offer, NULL, 3);
SELECT count(*) FROM top_offers(NULL::top_offer, demand_profile(), 0);
SELECT * FROM top_offers(NULL::top_offer, demand_profile(), -1);
SELECT * FROM top_offers(NULL::int, demand_profile(), 1);
SELECT * FROM top_offers(NULL::top_opp, demand_profile(), 1);
SELECT * FROM top_offers(NULL::top_offer, demand_profile(), 1, 'nope > 0');
SELECT * FROM top_offers(NULL::top_offer, demand_profile(), 1, 'true) UNION ALL (SELECT * FROM top_offer');
SELECT * FROM top_offers(NULL::top_offer, demand_profile(), 1, 'true; DELETE FROM top_offer');
DROP TABLE top_offer, top_opp;
