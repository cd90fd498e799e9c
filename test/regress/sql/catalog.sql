-- catalog: fingerprints of the catalog tables, drift between nodes and the
-- copy to every node (catalog_sync).  Without Citus this server is the only
-- node: drift lists it alone, sync does nothing and says so.
-- The Citus cluster runs are in docs/catalog.md.

-- user parts are empty after CREATE EXTENSION; the fingerprint of no rows is zero
SELECT catalog, part, rows > 0 AS any_rows, fingerprint = repeat('0', 32) AS empty
  FROM catalog_fingerprint() ORDER BY catalog, part;

-- one server: this node only, never drift
SELECT node, catalog, part, drift FROM catalog_drift() WHERE part = 'user' ORDER BY catalog;
SELECT count(*) AS nodes_other_than_local FROM catalog_drift() WHERE node <> 'local';
SELECT * FROM catalog_sync();

-- a user edit changes the user part, and only it
CREATE TEMP TABLE before AS SELECT * FROM catalog_fingerprint();
INSERT INTO sector_keyword (sector, keyword, weight) VALUES ('gbt4754:C3963', '码垛机器人工作站', 3);
INSERT INTO sector_catalog (code, name_zh, name_en) VALUES ('xsz:1', '集群', 'clusters');
INSERT INTO sector_crosswalk VALUES ('xsz:1', 'gd:E01', false, 'shenzhen-to-gd');
SELECT f.catalog, f.part, f.rows - b.rows AS added, f.fingerprint <> b.fingerprint AS changed
  FROM catalog_fingerprint() f JOIN before b USING (catalog, part) ORDER BY 1, 2;

-- _catalog_apply, what catalog_sync runs on each worker: here it replaces
-- this node's user rows with the ones sent, and checks the fingerprint
CREATE TEMP TABLE sent AS
SELECT jsonb_build_array(jsonb_build_object(
         'catalog', 'sector_keyword', 'part', 'user',
         'fingerprint', (SELECT fingerprint FROM catalog_fingerprint()
                          WHERE catalog = 'sector_keyword' AND part = 'user'),
         'data', (SELECT jsonb_agg(to_jsonb(k)) FROM sector_keyword k WHERE NOT builtin)))::text AS payload;
-- rows already there: nothing changes
SELECT _catalog_apply(payload) FROM sent;
UPDATE sector_keyword SET weight = 0.5 WHERE NOT builtin;
INSERT INTO sector_keyword (sector, keyword) VALUES ('gbt4754:C3963', '多余的词');
SELECT _catalog_apply(payload) FROM sent;
SELECT sector, keyword, weight, builtin, source FROM sector_keyword WHERE NOT builtin;
SELECT f.part, f.fingerprint = b.fingerprint AS as_before
  FROM catalog_fingerprint() f JOIN before b USING (catalog, part)
 WHERE catalog = 'sector_keyword' ORDER BY 1;

-- a payload whose rows do not give its fingerprint fails and changes nothing
SELECT _catalog_apply('[{"catalog": "sector_keyword", "part": "user", "fingerprint": "0", "data": []}]');
SELECT count(*) AS user_keywords FROM sector_keyword WHERE NOT builtin;
-- bad payloads
SELECT _catalog_apply('[{"catalog": "pg_class", "part": "user", "fingerprint": "0", "data": []}]');
SELECT _catalog_apply('[{"catalog": "sector_keyword", "part": "mine", "fingerprint": "0", "data": []}]');
SELECT _catalog_apply('[{"catalog": "sector_keyword", "part": "user"}]');
SELECT _catalog_apply('not json');
SELECT _catalog_apply('[]');

DELETE FROM sector_keyword WHERE NOT builtin;
DELETE FROM sector_crosswalk WHERE origin = 'shenzhen-to-gd';
DELETE FROM sector_catalog WHERE NOT builtin;
SELECT catalog, part, rows FROM catalog_drift() WHERE drift OR rows = 0 ORDER BY 1, 2;
