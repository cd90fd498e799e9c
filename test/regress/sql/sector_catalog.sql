-- sector_catalog: names, children, crosswalks, user taxonomies, index use

-- the catalog holds every shipped code; counts per taxonomy and level
SELECT sector_taxonomy(code) AS taxonomy, level, count(*)
  FROM sector_catalog GROUP BY 1, 2 ORDER BY 1, 2;

SELECT code, level, name_zh, name_en, left(notes, 30) AS notes
  FROM sector_catalog
 WHERE code IN ('gbt4754:C', 'gbt4754:C39', 'gbt4754:C3963', 'sei2018:1.2', 'gd:K01',
                'gd:K0101', 'isic4:C2710', 'naics2022:31-33', 'naics2022:336411')
 ORDER BY code;

SELECT sector_name('gbt4754:C3963') AS zh, sector_name('gbt4754:C3963', 'en') AS en_missing,
       sector_name('gd:P01', 'en') AS gd_en, sector_name('isic4:C2710', 'en') AS isic_en;
SELECT sector_name('gbt4754:C3963', 'fr');
SELECT sector_name('xsz:1') IS NULL AS unknown_user_code;

SELECT sector_children('gbt4754:C396');
SELECT count(*) AS divisions_in_c FROM sector_children('gbt4754:C');
SELECT count(*) AS below_c39 FROM sector_descendants('gbt4754:C39');
SELECT sector_children('gd:K');
SELECT sector_descendants('gd:K');
SELECT sector_descendants('gbt4754:C3963') IS NULL AS leaf_has_none;
SELECT s, sector_name(s) FROM sector_children('gd:K01') s;

-- crosswalks: exact rows, through parents, identity, reverse direction
SELECT * FROM sector_map('naics2022:336411', 'isic4');
SELECT * FROM sector_map('naics2022:541715', 'isic4');
SELECT * FROM sector_map('naics2022:3364', 'isic4');
SELECT * FROM sector_map('isic4:C3030', 'naics2022');
SELECT * FROM sector_map('gbt4754:C3963', 'gbt4754');
SELECT * FROM sector_map('naics2022:336411', 'ISIC4');
SELECT m.sector, m.partial, sector_name(m.sector, 'en')
  FROM sector_map('gbt4754:C3963', 'gd') m;
SELECT m.sector, m.partial FROM sector_map('gbt4754:C3611', 'gd') m;
SELECT m.sector, m.partial, sector_name(m.sector) FROM sector_map('gd:K0201', 'gbt4754') m;
SELECT * FROM sector_map('gbt4754:C3963', 'nace2');
SELECT origin, count(*) FROM sector_crosswalk GROUP BY origin ORDER BY origin;

-- a user taxonomy: the type checks its shape, the catalog gives names
INSERT INTO sector_catalog (code, name_zh, name_en) VALUES
  ('xsz:1', '深圳 20+8 产业集群', 'Shenzhen 20+8 clusters'),
  ('xsz:1.1', '网络与通信', 'networks and communications'),
  ('xsz:1.2', '半导体与集成电路', 'semiconductors and ICs'),
  ('xsz:2', '未来产业', 'future industries');
SELECT code, level, builtin, sector_name(code, 'en') FROM sector_catalog WHERE NOT builtin ORDER BY code;
SELECT sector_children('xsz:1');
INSERT INTO sector_crosswalk VALUES ('xsz:1.2', 'gd:E01', false, 'my-mapping');
SELECT * FROM sector_map('xsz:1.2', 'gd');
UPDATE sector_catalog SET name_en = 'chips' WHERE code = 'xsz:1.2';
SELECT sector_name('xsz:1.2', 'en') AS renamed;
DELETE FROM sector_crosswalk WHERE origin = 'my-mapping';
SELECT count(*) AS after_delete FROM sector_map('xsz:1.2', 'gd');
DELETE FROM sector_catalog WHERE NOT builtin;
SELECT sector_name('xsz:1.2', 'en') IS NULL AS gone;
INSERT INTO sector_catalog (code) VALUES ('xsz:3');

-- a btree answers <@ with a range scan
CREATE TABLE sector_tags AS
  SELECT code AS sector FROM sector_catalog, generate_series(1, 20) WHERE builtin;
CREATE INDEX ON sector_tags (sector);
-- 98,980 rows: a target of 1000 samples 300,000, so ANALYZE reads every row
-- and the estimates below test the estimator, not the luck of the sample
-- (a 30,000-row sample once saw a 20-row leaf 19 times: an MCV of 63 rows)
ALTER TABLE sector_tags ALTER sector SET STATISTICS 1000;
ANALYZE sector_tags;
SET enable_seqscan = off;
SET enable_bitmapscan = off;
EXPLAIN (COSTS OFF) SELECT count(*) FROM sector_tags WHERE sector <@ 'gbt4754:C39';
SELECT count(*) FROM sector_tags WHERE sector <@ 'gbt4754:C39';
EXPLAIN (COSTS OFF) SELECT count(*) FROM sector_tags WHERE 'gbt4754:C39' @> sector;
EXPLAIN (COSTS OFF) SELECT count(*) FROM sector_tags WHERE sector <@ 'gbt4754:C3963';
EXPLAIN (COSTS OFF) SELECT count(*) FROM sector_tags WHERE sector @> 'gbt4754:C3963';
SELECT count(*) FROM sector_tags WHERE sector @> 'gbt4754:C3963';
PREPARE by_subtree(sector) AS SELECT count(*) FROM sector_tags WHERE sector <@ $1;
SET plan_cache_mode = force_generic_plan;
EXPLAIN (COSTS OFF) EXECUTE by_subtree('gbt4754:C39');
EXECUTE by_subtree('gbt4754:C39');
RESET plan_cache_mode;
RESET enable_seqscan;
RESET enable_bitmapscan;
-- estimates follow the data (within a factor of 2)
CREATE FUNCTION pg_temp.estimate(q text) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE j json;
BEGIN
  EXECUTE 'EXPLAIN (FORMAT JSON) SELECT * FROM sector_tags WHERE ' || q INTO j;
  RETURN (j->0->'Plan'->>'Plan Rows')::float8;
END $$;
SELECT c, pg_temp.estimate(format('sector <@ %L', c)) / count(*) FILTER (WHERE sector <@ c) BETWEEN 0.5 AND 2 AS subtree_ok,
       pg_temp.estimate(format('sector @> %L', c)) / count(*) FILTER (WHERE sector @> c)
         BETWEEN 0.5 AND 2 AS ancestors_ok
  FROM (VALUES ('gbt4754:C'::sector), ('gbt4754:C39'), ('gbt4754:C396'), ('gbt4754:C3963'),
               ('naics2022:31-33'), ('gd:K')) v(c)
  JOIN sector_tags ON sector <@ c OR sector @> c
 GROUP BY c ORDER BY c;
DROP TABLE sector_tags;


-- Catalog readers in parallel workers: a worker's cache starts cold and
-- may not take a new snapshot, so it loads with the statement's snapshot.
CREATE TABLE par_codes AS
  SELECT code AS s FROM sector_catalog, generate_series(1, 5)
   WHERE sector_taxonomy(code) = 'gbt4754';
ANALYZE par_codes;
SELECT count(*) AS n, count(sector_name(s)) AS named
  FROM par_codes, sector_map(s, 'gd') m;
SET parallel_setup_cost = 0;
SET parallel_tuple_cost = 0;
SET min_parallel_table_scan_size = 0;
SET max_parallel_workers_per_gather = 2;
SET parallel_leader_participation = off;
EXPLAIN (COSTS OFF)
SELECT count(*) AS n, count(sector_name(s)) AS named
  FROM par_codes, sector_map(s, 'gd') m;
SELECT count(*) AS n, count(sector_name(s)) AS named
  FROM par_codes, sector_map(s, 'gd') m;
RESET ALL;
DROP TABLE par_codes;
