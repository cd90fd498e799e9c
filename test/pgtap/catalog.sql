-- Catalog fingerprints, drift and sync on one server (src/catalog_sync.c):
-- the fingerprint depends on the rows only (not their order, the session's
-- settings or the search path), follows every INSERT, UPDATE and DELETE,
-- and every function runs with the caller's rights.  The Citus runs are in
-- docs/catalog.md.
BEGIN;
SELECT plan(27);

CREATE FUNCTION pg_temp.fp(c text, p text DEFAULT 'user') RETURNS text
LANGUAGE sql AS $$SELECT fingerprint FROM catalog_fingerprint() WHERE catalog = c AND part = p$$;

-- what the functions are ---------------------------------------------------
SELECT is((SELECT string_agg(proname || ':' || provolatile::text || proparallel::text || prosecdef::text, ',' ORDER BY proname)
             FROM pg_proc WHERE oid IN ('catalog_fingerprint'::regproc, 'catalog_drift'::regproc,
                                        'catalog_sync'::regproc, '_catalog_apply'::regproc)),
          '_catalog_apply:vufalse,catalog_drift:vufalse,catalog_fingerprint:ssfalse,catalog_sync:vufalse',
          'fingerprint stable and parallel safe; drift, sync and apply volatile and parallel unsafe; none security definer');
SELECT set_eq($$SELECT DISTINCT catalog FROM catalog_fingerprint()$$,
              $$SELECT c::regclass::text FROM pg_extension e, unnest(e.extconfig) c
                 WHERE e.extname = 'scenario' AND c::regclass::text NOT LIKE '%seq'$$,
              'the catalogs are the tables the extension marks for pg_dump');
SELECT results_eq($$SELECT node, drift, count(*) FROM catalog_drift() GROUP BY 1, 2$$,
                  $$VALUES ('local', false, 8::bigint)$$,
                  'one server: drift lists this node alone, every catalog and part, no drift');

-- the fingerprint follows each change ---------------------------------------
CREATE TEMP TABLE fp0 AS SELECT * FROM catalog_fingerprint();
SELECT is(pg_temp.fp('sector_keyword'), repeat('0', 32), 'no user keyword: the empty fingerprint (zero)');
INSERT INTO sector_keyword (sector, keyword, weight) VALUES ('gbt4754:C3963', '焊接机器人工作站', 2);
SELECT pg_temp.fp('sector_keyword') AS fp1 \gset
SELECT isnt(:'fp1'::text, repeat('0', 32), 'INSERT changes it');
UPDATE sector_keyword SET weight = 2.5 WHERE NOT builtin;
SELECT pg_temp.fp('sector_keyword') AS fp2 \gset
SELECT isnt(:'fp2'::text, :'fp1', 'UPDATE of a weight changes it');
UPDATE sector_keyword SET weight = 2 WHERE NOT builtin;
SELECT is(pg_temp.fp('sector_keyword'), :'fp1', 'UPDATE back: the same fingerprint again');
UPDATE sector_keyword SET lang = 'zh' WHERE NOT builtin;
SELECT isnt(pg_temp.fp('sector_keyword'), :'fp1', 'UPDATE of another column changes it');
DELETE FROM sector_keyword WHERE NOT builtin;
SELECT is(pg_temp.fp('sector_keyword'), repeat('0', 32), 'DELETE: empty again');
SELECT set_eq($$SELECT * FROM catalog_fingerprint()$$, $$SELECT * FROM fp0$$,
              'after the edits are undone, every part as before');

-- a shipped row edited is drift too
UPDATE sector_keyword SET weight = weight + 1
 WHERE builtin AND (sector, keyword) = (SELECT sector, keyword FROM sector_keyword WHERE builtin ORDER BY 1, 2 LIMIT 1);
SELECT isnt(pg_temp.fp('sector_keyword', 'shipped'), (SELECT fingerprint FROM fp0 WHERE catalog = 'sector_keyword' AND part = 'shipped'),
            'an edit of a shipped row changes the shipped part');
SELECT is(pg_temp.fp('sector_keyword'), repeat('0', 32), '... and not the user part');
UPDATE sector_keyword SET weight = weight - 1
 WHERE builtin AND (sector, keyword) = (SELECT sector, keyword FROM sector_keyword WHERE builtin ORDER BY 1, 2 LIMIT 1);
SELECT is(pg_temp.fp('sector_keyword', 'shipped'), (SELECT fingerprint FROM fp0 WHERE catalog = 'sector_keyword' AND part = 'shipped'),
          'undone: the shipped part as shipped');

-- equal contents, different order and layout --------------------------------
CREATE TEMP TABLE kw AS
SELECT 'gbt4754:C3963'::sector AS sector, '关键词' || i AS keyword, ((i % 7 + 1) / 3.0)::real AS weight
  FROM generate_series(1, 200) i;
INSERT INTO sector_keyword (sector, keyword, weight) SELECT * FROM kw ORDER BY keyword;
SELECT pg_temp.fp('sector_keyword') AS fp_asc \gset
DELETE FROM sector_keyword WHERE NOT builtin;
INSERT INTO sector_keyword (sector, keyword, weight) SELECT * FROM kw ORDER BY keyword DESC;
UPDATE sector_keyword SET weight = weight WHERE NOT builtin AND keyword LIKE '%3%';	-- new row versions elsewhere
SELECT is(pg_temp.fp('sector_keyword'), :'fp_asc', 'the same rows inserted in reverse order and moved: the same fingerprint');
SELECT is((SELECT rows FROM catalog_fingerprint() WHERE catalog = 'sector_keyword' AND part = 'user'), 200::bigint,
          'rows counts the user rows');
UPDATE sector_keyword SET weight = '1.3333333' WHERE NOT builtin AND keyword = '关键词17';	-- was 4/3: 1.3333334
SELECT isnt(pg_temp.fp('sector_keyword'), :'fp_asc', 'a weight one float step away changes it');

-- the session's settings and objects do not count ---------------------------
SELECT pg_temp.fp('sector_keyword') AS fp_now \gset
SET LOCAL extra_float_digits = -15;
SELECT is(pg_temp.fp('sector_keyword'), :'fp_now', 'extra_float_digits does not change it');
RESET extra_float_digits;
SELECT pg_temp.fp('sector_crosswalk', 'shipped') AS fp_cw \gset
CREATE FUNCTION public.trap_ne(text, text) RETURNS boolean LANGUAGE sql AS $$SELECT true$$;
CREATE OPERATOR public.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = public.trap_ne);
SET LOCAL search_path = public, pg_catalog;
SELECT is(pg_temp.fp('sector_crosswalk', 'shipped'), :'fp_cw',
          'an operator on the search path before pg_catalog cannot capture the user-row condition');
RESET search_path;
DROP OPERATOR public.<> (text, text);
DROP FUNCTION public.trap_ne(text, text);
DELETE FROM sector_keyword WHERE NOT builtin;

-- rights: each function works as the caller --------------------------------
CREATE ROLE scenario_tap_cat_reader NOSUPERUSER;
CREATE ROLE scenario_tap_cat_none NOSUPERUSER;
REVOKE SELECT ON sector_keyword FROM PUBLIC;
GRANT SELECT ON sector_keyword TO scenario_tap_cat_reader;
CREATE TEMP TABLE sent AS
SELECT jsonb_build_array(jsonb_build_object('catalog', 'sector_keyword', 'part', 'user',
         'fingerprint', md5('(f,注入,,gbt4754:C3963,user,9)'),	-- one row: the md5 of its text, columns by name
         'data', '[{"lang": null, "source": "user", "sector": "gbt4754:C3963", "weight": 9, "builtin": false, "keyword": "注入"}]'::jsonb))::text AS payload;
GRANT SELECT ON sent TO PUBLIC;

SET LOCAL ROLE scenario_tap_cat_none;
SELECT throws_ok($$SELECT * FROM catalog_fingerprint()$$, '42501', 'permission denied for table sector_keyword',
                 'no SELECT on a catalog: catalog_fingerprint refuses');
SELECT throws_ok($$SELECT * FROM catalog_drift()$$, '42501', 'permission denied for table sector_keyword',
                 'no SELECT on a catalog: catalog_drift refuses');
RESET ROLE;
SET LOCAL ROLE scenario_tap_cat_reader;
SELECT is((SELECT count(*) FROM catalog_fingerprint()), 8::bigint, 'with SELECT: catalog_fingerprint answers');
SELECT throws_ok($$SELECT _catalog_apply(payload) FROM sent$$, '42501', 'permission denied for table sector_keyword',
                 'without DELETE and INSERT: _catalog_apply cannot write a catalog');
SELECT lives_ok($$SELECT * FROM catalog_sync()$$, 'catalog_sync without Citus: a notice, for anyone');
RESET ROLE;
SELECT is((SELECT count(*) FROM sector_keyword WHERE NOT builtin), 0::bigint, 'nothing was written');
GRANT INSERT, DELETE ON sector_keyword TO scenario_tap_cat_reader;
SET LOCAL ROLE scenario_tap_cat_reader;
SELECT is((SELECT _catalog_apply(payload) FROM sent), '[["sector_keyword", "user", 1, true]]',
          'with DELETE and INSERT: the role may copy what it could write itself');
RESET ROLE;
SELECT is((SELECT keyword || ' ' || weight FROM sector_keyword WHERE NOT builtin), '注入 9', 'the row sent is there');

-- row-level security: the caller's view of the rows ------------------------
ALTER TABLE sector_keyword ENABLE ROW LEVEL SECURITY;
CREATE POLICY tap_builtin_only ON sector_keyword FOR SELECT TO scenario_tap_cat_reader USING (builtin);
SET LOCAL ROLE scenario_tap_cat_reader;
SELECT is(pg_temp.fp('sector_keyword'), repeat('0', 32), 'under row-level security the fingerprint covers the rows the caller sees');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
