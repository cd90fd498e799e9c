-- The demo programme (demo/generate.py, loaded by test/pgtap/run): the
-- published headline figures come out of the data, the rows hang together,
-- and the generator is deterministic (checksums of every table's rows).
BEGIN;
SELECT plan(44);
SET LOCAL search_path = programme, public;
SET LOCAL datestyle = 'ISO, YMD';

SELECT has_schema('programme', 'the demo data has its own schema');
SELECT tables_are('programme',
    ARRAY['about', 'cluster', 'event', 'opportunity', 'offering', 'stage_change', 'typical_case',
          'pilot_zone', 'first_use'],
    'the demo tables');
SELECT is((SELECT count(*)::int FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.oid = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario') AND c.relname IN ('opportunity', 'offering', 'event')), 0,
          'no demo table in the extension''s schema');

-- Headline figures.
SELECT is((SELECT count(*)::int FROM event), 10, '10 matching events');
SELECT is((SELECT min(held_on) >= '2023-01-01' AND max(held_on) < '2026-01-01' FROM event), true,
          'events held 2023 to 2025');
SELECT ok((SELECT count(DISTINCT region_code) FROM event) >= 8, 'events across the province''s cities');
SELECT is((SELECT count(*)::int FROM opportunity), 149, '149 scenario opportunities released');
SELECT is((SELECT sum(investment) FROM opportunity), 39620000000.00, 'investment: 39.62 billion RMB');
SELECT is((SELECT count(*)::int FROM opportunity WHERE stage = 'operating'), 93, '93 projects operating (90+)');
SELECT is((SELECT count(*)::int FROM typical_case), 20, '20 typical cases');
SELECT is((SELECT round(100.0 * count(*) FILTER (WHERE first_trial) / count(*)) FROM typical_case), 35::numeric,
          '35% of typical cases are first trials');
SELECT is((SELECT count(*)::int FROM pilot_zone), 6, '6 pilot zones so far (target: at least 10 by 2027)');
SELECT is((SELECT max(designated_on) < '2026-01-01' FROM pilot_zone), true, 'pilot zones designated 2023-2025');
SELECT results_eq(
    'SELECT extract(year FROM used_on)::int, count(*)::int FROM first_use GROUP BY 1 ORDER BY 1',
    $$VALUES (2023, 96), (2024, 127), (2025, 94)$$,
    'first uses per year: 2023 below 100, 2024 above, 2025 partial');
SELECT is((SELECT as_of FROM about), '2025-10-31'::date, 'the data is a snapshot as of 2025-10-31');

-- Shape of the rows.
SELECT is((SELECT count(*)::int FROM offering), 480, 'several hundred offerings');
SELECT is_empty($$SELECT sector FROM opportunity WHERE sector::text !~ '^gbt4754:[A-T][0-9]{4}$' OR sector_level(sector) <> 4
                  UNION ALL SELECT sector FROM offering WHERE sector::text !~ '^gbt4754:[A-T][0-9]{4}$' OR sector_level(sector) <> 4$$,
                'sectors are GB/T 4754 classes (level 4) in canonical form');
SELECT is_empty($$SELECT cluster FROM opportunity EXCEPT SELECT code FROM cluster$$,
                'opportunity clusters are programme codes');
SELECT is_empty($$SELECT cluster FROM offering EXCEPT SELECT code FROM cluster$$,
                'offering clusters are programme codes');
SELECT is((SELECT count(*)::int FROM cluster), 27, '27 clusters and priority sectors');
SELECT ok((SELECT count(*) FILTER (WHERE cluster IN ('gd:K01', 'gd:K02'))::numeric / count(*) FROM opportunity) >= 0.4,
          'a good share of opportunities in the priority sectors');
SELECT is((SELECT count(DISTINCT cluster)::int FROM offering), 27, 'offerings in every cluster');
SELECT is_empty($$
    SELECT region_code FROM opportunity UNION SELECT region_code FROM event
    UNION SELECT region_code FROM pilot_zone UNION SELECT region_code FROM first_use
    UNION SELECT unnest(regions) FROM offering
    EXCEPT SELECT unnest('{440100,440200,440300,440400,440500,440600,440700,440800,440900,441200,441300,
                           441400,441500,441600,441700,441800,441900,442000,445100,445200,445300}'::text[])$$,
    'region codes are GB/T 2260 codes of Guangdong''s cities');
SELECT is((SELECT count(DISTINCT title)::int FROM opportunity), 149, 'opportunity titles are distinct');
SELECT is_empty($$SELECT opp_id FROM opportunity WHERE title !~ '[一-龥]' OR description !~ '[一-龥]'
                  OR length(description) < 60$$,
                'opportunities have Chinese titles and descriptions');
SELECT ok((SELECT count(*) FROM offering WHERE description ~ '[A-Za-z]{4,} [A-Za-z]{3,}') >= 50,
          'some offerings mix in English');
SELECT is_empty($$SELECT o.opp_id FROM opportunity o JOIN event e USING (event_id)
                  WHERE o.released_on > e.held_on OR o.released_on < e.held_on - 30 OR o.deadline <= o.released_on$$,
                'opportunities are released for their event, with a later deadline');
SELECT is_empty($$SELECT opp_id FROM opportunity WHERE trl_required NOT BETWEEN 1 AND 9
                  UNION ALL SELECT offer_id FROM offering WHERE trl NOT BETWEEN 1 AND 9$$,
                'TRL in 1-9');

-- The pipeline hangs together.
SELECT is_empty($$
    SELECT o.opp_id FROM opportunity o
    WHERE (SELECT array_agg(stage ORDER BY changed_on, array_position(ARRAY['released', 'matched', 'signed', 'operating'], stage))
           FROM stage_change s WHERE s.opp_id = o.opp_id)
       IS DISTINCT FROM (ARRAY['released', 'matched', 'signed', 'operating'])
          [1:array_position(ARRAY['released', 'matched', 'signed', 'operating'], o.stage)]$$,
    'each opportunity passed through the stages in order up to its own');
SELECT is_empty($$SELECT s.opp_id FROM stage_change s JOIN opportunity o USING (opp_id), about
                  WHERE s.changed_on > about.as_of OR (s.stage = 'released' AND s.changed_on <> o.released_on)$$,
                'stage changes are dated between release and the snapshot');
SELECT is_empty($$
    SELECT o.opp_id FROM opportunity o JOIN offering f USING (offer_id)
    JOIN stage_change m ON m.opp_id = o.opp_id AND m.stage = 'matched'
    WHERE f.cluster <> o.cluster OR f.trl < o.trl_required OR NOT o.region_code = ANY (f.regions)
       OR f.available_on > m.changed_on OR f.price > o.investment$$,
    'each matched offering fits its opportunity (cluster, TRL, region, date, price)');
SELECT is_empty($$SELECT t.case_id FROM typical_case t JOIN opportunity o USING (opp_id)
                  WHERE o.stage <> 'operating' OR o.first_trial <> t.first_trial OR o.offer_id <> t.offer_id$$,
                'typical cases are operating projects, first trial as their opportunity');
SELECT is_empty($$SELECT u.use_id FROM first_use u JOIN offering f USING (offer_id), about
                  WHERE u.used_on < f.available_on OR u.used_on > about.as_of
                     OR NOT u.region_code = ANY (f.regions)$$,
                'first uses come after availability, in a region served, before the snapshot');
SELECT is_empty($$SELECT u.use_id FROM first_use u JOIN opportunity o USING (opp_id)
                  WHERE NOT o.first_trial OR o.offer_id <> u.offer_id OR o.stage <> 'operating'$$,
                'first uses through an opportunity are its operating first trial');
SELECT ok((SELECT count(*) FROM offering, about WHERE available_on > as_of) > 0,
          'some offerings are announced but not yet available');

-- Determinism: the generator makes the same rows on every run. After a
-- deliberate change to demo/generate.py or demo/vocab.py, record the new
-- values (the failure prints them).
CREATE TEMP TABLE demo_sum AS
SELECT 'event' AS t, md5(string_agg(x::text, E'\n' ORDER BY x.event_id)) AS h FROM event x
UNION ALL SELECT 'opportunity', md5(string_agg(x::text, E'\n' ORDER BY x.opp_id)) FROM opportunity x
UNION ALL SELECT 'offering', md5(string_agg(x::text, E'\n' ORDER BY x.offer_id)) FROM offering x
UNION ALL SELECT 'stage_change', md5(string_agg(x::text, E'\n' ORDER BY x.opp_id, x.changed_on, x.stage)) FROM stage_change x
UNION ALL SELECT 'typical_case', md5(string_agg(x::text, E'\n' ORDER BY x.case_id)) FROM typical_case x
UNION ALL SELECT 'pilot_zone', md5(string_agg(x::text, E'\n' ORDER BY x.zone_id)) FROM pilot_zone x
UNION ALL SELECT 'first_use', md5(string_agg(x::text, E'\n' ORDER BY x.use_id)) FROM first_use x
UNION ALL SELECT 'cluster', md5(string_agg(x::text, E'\n' ORDER BY x.code::text)) FROM cluster x;
SELECT is((SELECT h FROM demo_sum WHERE t = 'event'), 'ec1c0e34d57139daade8809e68b8be3f', 'checksum of programme.event');
SELECT is((SELECT h FROM demo_sum WHERE t = 'opportunity'), '8de58a684f66287f844f5de3ae7efce2', 'checksum of programme.opportunity');
SELECT is((SELECT h FROM demo_sum WHERE t = 'offering'), 'f2595dff0d27721900eaefc8946befdf', 'checksum of programme.offering');
SELECT is((SELECT h FROM demo_sum WHERE t = 'stage_change'), 'cf68fbbd48c8617a87a6bc6b8a068ec6', 'checksum of programme.stage_change');
SELECT is((SELECT h FROM demo_sum WHERE t = 'typical_case'), 'd76a80fb80ca4f99d1b9ac5784939294', 'checksum of programme.typical_case');
SELECT is((SELECT h FROM demo_sum WHERE t = 'pilot_zone'), '56f1493e5e0fc6f7d972526e4b19316e', 'checksum of programme.pilot_zone');
SELECT is((SELECT h FROM demo_sum WHERE t = 'first_use'), '726e08ec206e4369c6b120885e0ab7cd', 'checksum of programme.first_use');
SELECT is((SELECT h FROM demo_sum WHERE t = 'cluster'), 'f62e742aed87f8a67da7f84fe3d44833', 'checksum of programme.cluster');

SELECT is((SELECT count(*)::int FROM opportunity o JOIN cluster c ON c.code = o.cluster), 149,
          'every opportunity joins its cluster''s name');

SELECT * FROM finish();
ROLLBACK;
