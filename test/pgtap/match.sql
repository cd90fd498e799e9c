-- match: properties of profiles, scores and the top-k index
BEGIN;
SET LOCAL search_path = public, scenario;
SELECT plan(36);

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
            WHERE abs((SELECT sum((v ->> 'applied')::float8) FROM jsonb_each(match_explain(d.p, s.p) -> 'criteria') AS e(k, v)) - 1) > 1e-5
              AND match_score(d.p, s.p) > 0), 0::bigint,
          'applied weights sum to 1 whenever a criterion is present');
SELECT is((SELECT count(*) FROM d, s
            WHERE abs(match_score(d.p, s.p) - (
                  SELECT sum((v ->> 'applied')::float8 * coalesce((v ->> 'score')::float8, 0))
                    FROM jsonb_each(match_explain(d.p, s.p) -> 'criteria') AS e(k, v))) > 1e-5), 0::bigint,
          'the score is the applied-weight mean of the criteria');

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
SELECT is(round(match_score(demand_profile(text => '无人机巡检'), supply_profile(text => '无人机巡检'))::numeric, 6), 1.000000,
          'identical texts score 1');

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
            WHERE match_score(demand_profile(region => code), supply_profile(regions => ARRAY[city])) <> 1
               OR match_score(demand_profile(region => city), supply_profile(regions => ARRAY[code])) <> 1),
          0::bigint, 'a district and its city are the same region');
SELECT is((SELECT count(*) FROM county, reg
            WHERE match_score(demand_profile(region => code), supply_profile(regions => ARRAY[reg.r]))
               <> match_score(demand_profile(region => city), supply_profile(regions => ARRAY[reg.r]))
               OR match_score(demand_profile(region => reg.r), supply_profile(regions => ARRAY[code]))
               <> match_score(demand_profile(region => reg.r), supply_profile(regions => ARRAY[city]))),
          0::bigint, 'a district scores as its city against any region, on either side');

-- missing data renormalises: a criterion missing on one side does not move the score
SELECT is((SELECT count(*) FROM d, s
            WHERE abs(match_score(d.p, s.p, '{"trl": 0}')
                    - match_score(demand_profile(sectors => (SELECT array_agg(x::sector) FROM jsonb_array_elements_text(demand_jsonb(d.p) -> 'sectors') x),
                                                 text => demand_jsonb(d.p) ->> 'text',
                                                 budget => (demand_jsonb(d.p) ->> 'budget')::float8,
                                                 region => demand_jsonb(d.p) ->> 'region',
                                                 deadline => (demand_jsonb(d.p) ->> 'deadline')::date), s.p)) > 1e-12),
          0::bigint, 'dropping a field equals giving its criterion weight 0');
SELECT is(match_score(demand_profile(budget => 400000, trl => 5), supply_profile(price => 500000, trl => 7)),
          match_score(demand_profile(budget => 400000, trl => 5, text => '无人机'), supply_profile(price => 500000, trl => 7)),
          'a field present on one side only drops out');
SELECT is(round(match_score(demand_profile(budget => 400000), supply_profile(price => 500000))::numeric, 12),
          round(match_score(demand_profile(budget => 400000), supply_profile(price => 500000), '{"money": 7}')::numeric, 12),
          'a lone criterion scores the same whatever its weight');

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
