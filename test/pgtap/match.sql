-- match: properties of profiles, scores and the top-k index
BEGIN;
SELECT plan(56);

-- random-ish profiles from a fixed seed
SELECT setseed(0.5);
CREATE TEMP TABLE w(word text);
INSERT INTO w VALUES ('无人机'), ('巡检'), ('工业机器人'), ('焊接'), ('低空物流'), ('配送'), ('储能'), ('电池'),
  ('视频分析'), ('城市治理'), ('drone'), ('inspection'), ('welding'), ('robot'), ('battery'), ('storage'), ('platform'), ('系统');
CREATE TEMP TABLE sec(code sector);
INSERT INTO sec VALUES ('gbt4754:C3963'), ('gbt4754:C3961'), ('gbt4754:C3491'), ('gbt4754:G5631'), ('gbt4754:I6531'), ('gbt4754:D4416'),
  ('gd:K01'), ('gd:K0102'), ('gd:K02'), ('gbt4754:C39');
CREATE TEMP TABLE reg(r text);
INSERT INTO reg VALUES ('深圳'), ('广州'), ('汕头'), ('湛江'), ('广东'), ('韶关');

CREATE TEMP TABLE d AS
SELECT i AS id, demand_profile(
         sectors => CASE WHEN random() < 0.8 THEN ARRAY[(SELECT code FROM sec ORDER BY random() + i * 0 LIMIT 1)] END,
         text => CASE WHEN random() < 0.8 THEN (SELECT string_agg(word, ' ') FROM (SELECT word FROM w ORDER BY random() + i * 0 LIMIT 3) x) END,
         budget => CASE WHEN random() < 0.8 THEN round((random() * 1e6)::numeric, 2) END,
         region => CASE WHEN random() < 0.8 THEN (SELECT r FROM reg ORDER BY random() + i * 0 LIMIT 1) END,
         trl => CASE WHEN random() < 0.8 THEN 1 + (random() * 8)::int END,
         deadline => CASE WHEN random() < 0.8 THEN date '2026-01-01' + (random() * 365)::int END) AS p
  FROM generate_series(1, 40) i;
CREATE TEMP TABLE s AS
SELECT i AS id, (SELECT code FROM sec ORDER BY random() + i * 0 LIMIT 1) AS sector,
       round((random() * 1e6)::numeric, 2)::float8 AS price, NULL::supply AS p
  FROM generate_series(1, 400) i;
UPDATE s SET p = supply_profile(
         sectors => CASE WHEN random() < 0.8 THEN ARRAY[sector] END,
         text => CASE WHEN random() < 0.8 THEN (SELECT string_agg(word, ' ') FROM (SELECT word FROM w ORDER BY random() + id * 0 LIMIT 3) x) END,
         price => CASE WHEN random() < 0.8 THEN price END,
         regions => CASE WHEN random() < 0.8 THEN ARRAY[(SELECT r FROM reg ORDER BY random() + id * 0 LIMIT 1)] END,
         trl => CASE WHEN random() < 0.8 THEN 1 + (random() * 8)::int END,
         available => CASE WHEN random() < 0.8 THEN date '2026-01-01' + (random() * 365)::int END);

SELECT is((SELECT count(*) FROM d, s WHERE NOT match_score(d.p, s.p) BETWEEN 0 AND 1), 0::bigint,
          'every score is in [0, 1]');
SELECT is((SELECT count(*) FROM d, s
            WHERE abs(match_score(d.p, s.p) - (match_explain(d.p, s.p) ->> 'score')::float8) > 1e-12), 0::bigint,
          'match_explain reports the score match_score returns');
SELECT is((SELECT count(*) FROM d, s
            WHERE (SELECT sum((v ->> 'applied')::float8) FROM jsonb_each(match_explain(d.p, s.p) -> 'criteria') AS e(k, v))
                  > match_coverage(d.p, s.p) + 1e-5), 0::bigint,
          'applied weights sum to at most the coverage');
SELECT is((SELECT count(*) FROM d, s
            WHERE abs(match_score(d.p, s.p) - (
                  SELECT sum((v ->> 'applied')::float8 * coalesce((v ->> 'score')::float8, 0))
                    FROM jsonb_each(match_explain(d.p, s.p) -> 'criteria') AS e(k, v))) > 1e-5), 0::bigint,
          'the score is the sum of applied weight times criterion score');
SELECT is((SELECT count(*) FROM d, s
            WHERE abs(match_coverage(d.p, s.p) - (match_explain(d.p, s.p) ->> 'coverage')::float8) > 1e-6
               OR abs(match_coverage(d.p, s.p) - (
                  SELECT sum((v ->> 'weight')::float8) FILTER (WHERE v ->> 'score' IS NOT NULL)
                    FROM jsonb_each(match_explain(d.p, s.p) -> 'criteria') AS e(k, v))) > 1e-9
               OR match_score(d.p, s.p) > match_coverage(d.p, s.p) + 1e-12), 0::bigint,
          'coverage: the weight of the known criteria over the whole weight, in match_explain too, and never below the score');
SELECT is(round(match_coverage(demand_profile(text => 'drone', budget => 1), supply_profile(text => 'robot', price => 1), '{"text": 3}')::numeric, 6),
          round(3.1 / 3.65::numeric, 6), 'match_coverage takes weights');

-- symmetric criteria: swapping the texts (or sectors) of the two sides keeps the score
SELECT is((SELECT count(*) FROM w a, w b
            WHERE abs(match_score(demand_profile(text => a.word || ' 平台'), supply_profile(text => b.word || ' 系统'))
                    - match_score(demand_profile(text => b.word || ' 系统'), supply_profile(text => a.word || ' 平台'))) > 1e-12),
          0::bigint, 'the text criterion is symmetric');
SELECT is((SELECT count(*) FROM sec a, sec b
            WHERE match_score(demand_profile(sectors => ARRAY[a.code]), supply_profile(sectors => ARRAY[b.code]))
               <> match_score(demand_profile(sectors => ARRAY[b.code]), supply_profile(sectors => ARRAY[a.code]))),
          0::bigint, 'the sector criterion is symmetric');
SELECT is((SELECT count(*) FROM reg a, reg b
            WHERE a.r <> '广东' AND b.r <> '广东'
              AND match_score(demand_profile(region => a.r), supply_profile(regions => ARRAY[b.r]))
               <> match_score(demand_profile(region => b.r), supply_profile(regions => ARRAY[a.r]))),
          0::bigint, 'the region criterion is symmetric between cities');
SELECT is(round((match_explain(demand_profile(text => '无人机巡检'), supply_profile(text => '无人机巡检')) #>> '{criteria,text,score}')::numeric, 6),
          1.000000, 'identical texts score 1 on the text criterion');

-- districts and counties roll up to their city (data/gbt2260_guangdong):
-- every 6-digit code of Guangdong the input accepts, and what it becomes
CREATE FUNCTION pg_temp.region_of(code text) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
  RETURN demand_jsonb(demand_profile(region => code)) ->> 'region';
EXCEPTION WHEN invalid_parameter_value THEN
  RETURN NULL;
END $$;
CREATE TEMP TABLE county AS
SELECT code, city FROM (SELECT c::text AS code, pg_temp.region_of(c::text) AS city
                          FROM generate_series(440001, 445399) c) x
 WHERE city IS NOT NULL AND city <> code;
SELECT is((SELECT count(*) FROM county), 122::bigint, 'the 122 district and county codes of Guangdong are accepted');
SELECT is((SELECT count(*) FROM county
            WHERE left(city, 4) <> left(code, 4) OR right(city, 2) <> '00' OR pg_temp.region_of(city) IS DISTINCT FROM city),
          0::bigint, 'each district or county rolls up to its own city, a region the scorer knows');
SELECT is((SELECT count(*) FROM county
            WHERE (match_explain(demand_profile(region => code), supply_profile(regions => ARRAY[city])) #>> '{criteria,region,score}')::float8 <> 1
               OR (match_explain(demand_profile(region => city), supply_profile(regions => ARRAY[code])) #>> '{criteria,region,score}')::float8 <> 1),
          0::bigint, 'a district and its city are the same region');
SELECT is((SELECT count(*) FROM county, reg
            WHERE match_score(demand_profile(region => code), supply_profile(regions => ARRAY[reg.r]))
               <> match_score(demand_profile(region => city), supply_profile(regions => ARRAY[reg.r]))
               OR match_score(demand_profile(region => reg.r), supply_profile(regions => ARRAY[code]))
               <> match_score(demand_profile(region => reg.r), supply_profile(regions => ARRAY[city]))),
          0::bigint, 'a district scores as its city against any region, on either side');

-- unknown is not absent: a profile with fields dropped never outranks the
-- complete one (same values on what is left), for every demand, dropping
-- each field with probability one half
CREATE TEMP TABLE sp AS
SELECT s.id, s.p, supply_profile(
         sectors => CASE WHEN random() < 0.5 THEN (SELECT array_agg(x::sector) FROM jsonb_array_elements_text(supply_jsonb(s.p) -> 'sectors') x) END,
         text => CASE WHEN random() < 0.5 THEN supply_jsonb(s.p) ->> 'text' END,
         price => CASE WHEN random() < 0.5 THEN (supply_jsonb(s.p) ->> 'price')::float8 END,
         regions => CASE WHEN random() < 0.5 THEN (SELECT array_agg(x) FROM jsonb_array_elements_text(supply_jsonb(s.p) -> 'regions') x) END,
         trl => CASE WHEN random() < 0.5 THEN (supply_jsonb(s.p) ->> 'trl')::int END,
         available => CASE WHEN random() < 0.5 THEN (supply_jsonb(s.p) ->> 'available')::date END) AS sparse
  FROM s, generate_series(1, 3) k WHERE s.id % 4 = 0;
SELECT is((SELECT count(*) FROM d, sp WHERE match_score(d.p, sp.sparse) > match_score(d.p, sp.p) + 1e-12), 0::bigint,
          'a sparse offer never outranks the complete offer it was cut from');
SELECT is((SELECT count(*) FROM d, sp
            WHERE match_score(d.p, sp.sparse, '{"text": 1, "money": 0.5, "time": 0}') > match_score(d.p, sp.p, '{"text": 1, "money": 0.5, "time": 0}') + 1e-12),
          0::bigint, 'nor with other weights');
SELECT is((SELECT count(*) FROM d, sp WHERE match_coverage(d.p, sp.sparse) > match_coverage(d.p, sp.p)), 0::bigint,
          'and its coverage is no higher');
SELECT ok(match_score(d, supply_profile(sectors => '{gbt4754:C3963}')) <
          match_score(d, supply_profile(sectors => '{gbt4754:C3963}', text => '巡检', price => 1e7, regions => '{湛江}', trl => 1, available => '2030-01-01')),
          'a sector-only offer scores below a complete poor one with the same sector and some shared text')
  FROM (VALUES (demand_profile(sectors => '{gbt4754:C3963}', text => '无人机巡检', budget => 1000, region => '深圳', trl => 9, deadline => '2026-01-01'))) t(d);
-- sector similarity rewards specificity
SELECT ok(match_score(demand_profile(sectors => ARRAY[a]), supply_profile(sectors => ARRAY[b]))
          < match_score(demand_profile(sectors => '{gbt4754:C3963}'), supply_profile(sectors => '{gbt4754:C3963}')),
          format('a broad code and a class (%s, %s) score below two equal classes', a, b))
  FROM (VALUES ('gbt4754:C39'::sector, 'gbt4754:C3963'::sector), ('gd:K01', 'gbt4754:C3963'), ('gbt4754:C3963', 'gd:K01'),
               ('gbt4754:C39', 'gbt4754:C39'), ('gd:K01', 'gbt4754:C3741')) AS t(a, b);
-- required criteria are filters
SELECT is((SELECT count(*) FROM d, s
            WHERE match_score(d.p, s.p, '{}', '{trl,time}')
               <> CASE WHEN (match_explain(d.p, s.p) #>> '{criteria,trl,score}')::float8 = 1
                        AND (match_explain(d.p, s.p) #>> '{criteria,time,score}')::float8 = 1
                       THEN match_score(d.p, s.p) ELSE 0 END), 0::bigint,
          'required {trl,time}: the score when both are known and met, else 0');
SELECT is((SELECT count(*) FROM d, s
            WHERE (match_score(d.p, s.p, '{}', '{sector}') = 0)
               <> coalesce((match_explain(d.p, s.p) #>> '{criteria,sector,score}')::float8 = 0, true)), 0::bigint,
          'required sector: 0 exactly when the sector criterion is unknown or 0');
SELECT is((SELECT count(*) FROM d, s
            WHERE (match_explain(d.p, s.p, '{}', '{money,region}') ->> 'required_missed')
                  IS DISTINCT FROM CASE WHEN coalesce((match_explain(d.p, s.p) #>> '{criteria,money,score}')::float8 < 1, true) THEN 'money'
                                        WHEN coalesce((match_explain(d.p, s.p) #>> '{criteria,region,score}')::float8 < 1, true) THEN 'region' END),
          0::bigint, 'match_explain names the first required criterion missed');
SELECT throws_ok($$SELECT match_score(demand_profile(), supply_profile(), '{}', '{speed}')$$, '22023', NULL, 'unknown required criterion: 22023');

-- round trips: text, jsonb fields, binary COPY
SELECT is((SELECT count(*) FROM d WHERE p::text::demand::text <> p::text), 0::bigint, 'demand text round trip');
SELECT is((SELECT count(*) FROM s WHERE p::text::supply::text <> p::text), 0::bigint, 'supply text round trip');
CREATE TEMP TABLE d2 (id int, p demand);
CREATE TEMP TABLE s2 (id int, p supply);
-- (files in the data directory, which goes with the throwaway cluster)
SELECT format('COPY d TO %L (FORMAT binary)', current_setting('data_directory') || '/scenario_match_d_' || pg_backend_pid() || '.bin') \gexec
SELECT format('COPY d2 FROM %L (FORMAT binary)', current_setting('data_directory') || '/scenario_match_d_' || pg_backend_pid() || '.bin') \gexec
SELECT format('COPY (SELECT id, p FROM s) TO %L (FORMAT binary)', current_setting('data_directory') || '/scenario_match_s_' || pg_backend_pid() || '.bin') \gexec
SELECT format('COPY s2 FROM %L (FORMAT binary)', current_setting('data_directory') || '/scenario_match_s_' || pg_backend_pid() || '.bin') \gexec
SELECT is((SELECT count(*) FROM d JOIN d2 USING (id) WHERE d.p::text = d2.p::text), 40::bigint, 'demand binary COPY round trip');
SELECT is((SELECT count(*) FROM s JOIN s2 USING (id) WHERE s.p::text = s2.p::text), 400::bigint, 'supply binary COPY round trip');
SELECT is((SELECT count(*) FROM d, s2 JOIN s USING (id) WHERE match_score(d.p, s.p) <> match_score(d.p, s2.p)), 0::bigint,
          'profiles read back in binary score the same');

-- the index: catalog, amvalidate, top-k equals brute force; a few offers
-- tagged with every broad sector have too many crosswalk targets for an
-- index key (their keys leave them out and are rechecked)
INSERT INTO s
SELECT 400 + i, 'gbt4754:C3963', 1000 * i,
       supply_profile(sectors => (SELECT array_agg(c::sector) FROM unnest(ARRAY['isic4:A', 'isic4:B', 'isic4:C', 'isic4:D',
                        'isic4:F', 'isic4:G', 'isic4:H', 'isic4:J', 'isic4:M', 'isic4:N', 'gd:P01', 'gd:P02', 'gd:P05',
                        'gd:E01', 'gd:E02', 'gd:E06', 'gd:K01', 'gd:K02', 'gbt4754:C', 'gbt4754:I']) c),
                      text => '无人机 welding robot 储能', price => 1000 * i, trl => 9)
  FROM generate_series(1, 3) i;
SELECT ok((SELECT bool_and(pg_column_size(p::text::supply) > 2048) FROM s WHERE id > 400), 'broad offers carry more crosswalk targets than an index key holds');
-- and the sparse offers cut from them, which the index bounds with criteria
-- some offers lack
INSERT INTO s SELECT 1000 + row_number() OVER (), 'gbt4754:C3963', 1, sparse FROM sp;
CREATE INDEX ON s USING gist (p);
ANALYZE s;
SELECT ok((SELECT amvalidate(oid) FROM pg_opclass WHERE opcname = 'supply_ops'), 'supply_ops passes amvalidate');
SET LOCAL enable_seqscan = off;
SELECT ok((SELECT bool_and(x) FROM (
             SELECT (SELECT array_agg(round(sc::numeric, 9) ORDER BY sc DESC) FROM
                       (SELECT 1 - (s.p <-> d.p) AS sc FROM s ORDER BY s.p <-> d.p LIMIT 10) a)
                  = (SELECT array_agg(round(sc::numeric, 9) ORDER BY sc DESC) FROM
                       (SELECT match_score(d.p, s.p) AS sc FROM s ORDER BY 1 DESC LIMIT 10) b) AS x
               FROM d) t), 'top-10 scores through the index equal brute force for every opportunity');
SELECT ok((SELECT bool_and(x) FROM (
             SELECT (SELECT array_agg(round(sc::numeric, 9) ORDER BY sc DESC) FROM
                       (SELECT 1 - (s.p <-> d.p) AS sc FROM s WHERE s.sector <@ 'gbt4754:C39' AND s.price < 300000
                         ORDER BY s.p <-> d.p LIMIT 10) a)
                  = (SELECT array_agg(round(sc::numeric, 9) ORDER BY sc DESC) FROM
                       (SELECT match_score(d.p, s.p) AS sc FROM s WHERE s.sector <@ 'gbt4754:C39' AND s.price < 300000
                         ORDER BY 1 DESC LIMIT 10) b) AS x
               FROM d) t), 'with filters too');
-- the demo programme: 480 offers and, cut from a quarter of them, sparse ones
CREATE TEMP TABLE demo_s AS
SELECT f.offer_id AS id, supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
         price => f.price::float8, regions => f.regions, trl => f.trl::integer, available => f.available_on) AS p
  FROM programme.offering f;
INSERT INTO demo_s
SELECT 10000 + id, supply_profile(sectors => CASE WHEN id % 2 = 0 THEN (SELECT array_agg(x::sector) FROM jsonb_array_elements_text(supply_jsonb(p) -> 'sectors') x) END,
                                  text => CASE WHEN id % 3 = 0 THEN supply_jsonb(p) ->> 'text' END,
                                  trl => CASE WHEN id % 5 = 0 THEN (supply_jsonb(p) ->> 'trl')::int END)
  FROM demo_s WHERE id % 4 = 0;
INSERT INTO demo_s VALUES (20000, supply_profile(sectors => '{gbt4754:C3963}')), (20001, supply_profile(sectors => '{gd:K01}')),
  (20002, supply_profile());
CREATE TEMP TABLE demo_d AS
SELECT o.opp_id AS id, demand_profile(sectors => ARRAY[o.sector, o.cluster], text => o.title || '。' || o.description,
         budget => o.investment::float8, region => o.region_code, trl => o.trl_required::integer, deadline => o.deadline) AS p
  FROM programme.opportunity o;
CREATE INDEX ON demo_s USING gist (p);
ANALYZE demo_s;
SELECT ok((SELECT bool_and(x) FROM (
             SELECT (SELECT array_agg(round(sc::numeric, 9) ORDER BY sc DESC) FROM
                       (SELECT 1 - (s.p <-> d.p) AS sc FROM demo_s s ORDER BY s.p <-> d.p LIMIT 10) a)
                  = (SELECT array_agg(round(sc::numeric, 9) ORDER BY sc DESC) FROM
                       (SELECT match_score(d.p, s.p) AS sc FROM demo_s s ORDER BY 1 DESC LIMIT 10) b) AS x
               FROM demo_d d) t), 'demo: top-10 scores through the index equal a sorted scan for all 149 opportunities');
SELECT is((SELECT count(*) FROM demo_d d
            WHERE (SELECT max(match_score(d.p, s.p)) FROM demo_s s WHERE s.id >= 10000)
                > (SELECT max(match_score(d.p, s.p)) FROM demo_s s WHERE s.id < 10000)), 0::bigint,
          'demo: no sparse offer outscores every complete one for any opportunity');
SELECT is((SELECT count(*) FROM (SELECT 1 FROM s WHERE s.sector = 'gbt4754:D4416' AND s.price < 50000
                                   ORDER BY s.p <-> (SELECT p FROM d WHERE id = 1) LIMIT 1000) x),
          (SELECT count(*) FROM s WHERE s.sector = 'gbt4754:D4416' AND s.price < 50000),
          'a selective filter still returns every row that passes it');
CREATE FUNCTION pg_temp.plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
BEGIN RETURN QUERY EXECUTE 'EXPLAIN (COSTS OFF) ' || q; END $$;
SELECT ok((SELECT string_agg(l, ' ') FROM pg_temp.plan(
             'SELECT id FROM s WHERE price < 1000 ORDER BY p <-> (SELECT p FROM d WHERE id = 2) LIMIT 5') AS l)
          LIKE '%Index Scan using % on s%Order By: (p <-> $0)%', 'ORDER BY <-> LIMIT k is an ordered GiST index scan');
SELECT ok(EXISTS (SELECT 1 FROM pg_opclass WHERE opcname = 'supply_ops' AND opcdefault), 'supply_ops is the default GiST opclass of supply');

-- top_offers: the per-opportunity top-k as a function equals the LATERAL
-- form, on the demo programme (ids and distances, best first), with a
-- filter, and on the random set; it reads the index
CREATE TEMP TABLE top_offer AS
SELECT f.offer_id, f.price, f.regions,
       supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
                      price => f.price, regions => f.regions, trl => f.trl, available => f.available_on) AS profile
  FROM programme.offering f;
CREATE INDEX ON top_offer USING gist (profile);
ANALYZE top_offer;
CREATE TEMP TABLE top_opp AS
SELECT o.opp_id, demand_profile(sectors => ARRAY[o.sector, o.cluster], text => o.title || '。' || o.description,
                                budget => o.investment, region => o.region_code, trl => o.trl_required,
                                deadline => o.deadline) AS profile
  FROM programme.opportunity o;
SELECT set_eq(
    $$SELECT q.opp_id, t.offer_id, t.profile <-> q.profile FROM top_opp q
        CROSS JOIN LATERAL top_offers(NULL::top_offer, q.profile, 5) t$$,
    $$SELECT q.opp_id, t.offer_id, t.profile <-> q.profile FROM top_opp q
        CROSS JOIN LATERAL (SELECT * FROM top_offer f ORDER BY f.profile <-> q.profile LIMIT 5) t$$,
    'demo: top_offers(opportunity, 5) equals the LATERAL top-5 for all 149 opportunities');
SELECT is((SELECT count(*) FROM top_opp q
            WHERE (SELECT array_agg(t.offer_id) FROM top_offers(NULL::top_offer, q.profile, 5) t)
                  IS DISTINCT FROM
                  (SELECT array_agg(t.offer_id) FROM (SELECT * FROM top_offer f ORDER BY f.profile <-> q.profile LIMIT 5) t)),
          0::bigint, 'demo: top_offers returns them best first, as the ordered scan does');
SELECT set_eq(
    $$SELECT q.opp_id, t.offer_id FROM top_opp q
        CROSS JOIN LATERAL top_offers(NULL::top_offer, q.profile, 3, 'price < 5e6 AND ''440300'' = ANY (regions)') t$$,
    $$SELECT q.opp_id, t.offer_id FROM top_opp q
        CROSS JOIN LATERAL (SELECT * FROM top_offer f WHERE f.price < 5e6 AND '440300' = ANY (f.regions)
                             ORDER BY f.profile <-> q.profile LIMIT 3) t$$,
    'demo: top_offers with a filter equals the filtered LATERAL top-3');
SELECT is((SELECT count(*) FROM d, LATERAL (SELECT count(*) AS n FROM top_offers(NULL::s, d.p, 7, 'sector <@ ''gbt4754:C39''')) t
            WHERE t.n <> LEAST(7, (SELECT count(*) FROM s WHERE s.sector <@ 'gbt4754:C39'))), 0::bigint,
          'a filtered top_offers returns k rows, or every row that passes');
SELECT ok((SELECT string_agg(l, ' ') FROM pg_temp.plan(
             'SELECT o.* FROM top_offer o ORDER BY o.profile <-> (SELECT profile FROM top_opp LIMIT 1) LIMIT 5') AS l)
          LIKE '%Index Scan using % on top_offer%', 'the query top_offers runs is an ordered GiST index scan');
SELECT throws_ok($$SELECT * FROM top_offers(NULL::top_opp, demand_profile(), 1)$$, '42703', NULL,
                 'top_offers on a table without a supply column: 42703');

-- the IDF table compiled in at build time agrees with the tokeniser: common
-- terms are found in it and weigh less than a term the corpora never saw
SELECT ok(_match_term_idf('公司') < _match_term_idf('嚯嚯') AND _match_term_idf('the') < _match_term_idf('zzqxjw')
          AND _match_term_idf('无人') < _match_term_idf('zzqxjw') AND _match_term_idf('Device') = _match_term_idf('device'),
          'IDF: common Chinese and English terms are in the compiled table, case-folded');
SELECT ok(_match_term_idf('the') < 4 AND _match_term_idf('zzqxjw') > 11, 'IDF: "the" weighs little, an unseen term most');

-- errors carry their SQLSTATE
SELECT throws_ok($$SELECT demand_profile(region => '北京')$$, '22023', NULL, 'unknown region: 22023');
SELECT throws_ok($$SELECT supply_profile(trl => 0)$$, '22003', NULL, 'TRL out of range: 22003');
SELECT throws_ok($$SELECT demand_profile(budget => -5)$$, '22003', NULL, 'negative money: 22003');
SELECT throws_ok($$SELECT supply_profile(price => 'NaN')$$, '22023', NULL, 'NaN money: 22023');
SELECT throws_ok($$SELECT demand_profile(deadline => 'infinity')$$, '22008', NULL, 'infinite date: 22008');
SELECT throws_ok($$SELECT 'trl=5 trl=6'::demand$$, '22P02', NULL, 'malformed text: 22P02');
SELECT throws_ok($$SELECT match_score(demand_profile(), supply_profile(), '{"x": 1}')$$, '22023', NULL, 'malformed weights: 22023');

SELECT * FROM finish();
ROLLBACK;
