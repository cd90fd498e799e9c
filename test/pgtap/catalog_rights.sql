-- Functions that read the catalog tables from a per-backend cache respect
-- the current user's privileges and row-level security, even when the
-- cache was filled by a more privileged role in the same backend (SET ROLE
-- after a warm call: the attack).  src/tablecache.c, docs/hardening.md "Security".
BEGIN;
SELECT * FROM no_plan();

CREATE ROLE scenario_tap_reader NOSUPERUSER;
CREATE ROLE scenario_tap_denied NOSUPERUSER;
CREATE ROLE scenario_tap_limited NOSUPERUSER;

-- a code with links into isic4 from another taxonomy, for sector_map
CREATE TEMP TABLE src AS
	SELECT source AS s FROM sector_crosswalk
	 WHERE sector_taxonomy(target) = 'isic4' AND sector_taxonomy(source) <> 'isic4'
	 ORDER BY source LIMIT 1;
SELECT s AS src FROM src \gset
GRANT SELECT ON src TO PUBLIC;
CREATE TEMP TABLE doc (t text);
INSERT INTO doc VALUES ('拟采购焊接机器人工作站和码垛机器人，配套机器视觉缺陷检测');
GRANT SELECT ON doc TO PUBLIC;

---------------------------------------------------------------- privileges
SAVEPOINT privileges;
REVOKE SELECT ON sector_catalog, sector_crosswalk, sector_keyword FROM PUBLIC;
GRANT SELECT ON sector_catalog, sector_crosswalk, sector_keyword TO scenario_tap_reader;

-- warm every cache as the role that may read
SET ROLE scenario_tap_reader;
SELECT isnt(sector_name('gbt4754:C3963', 'zh'), NULL, 'reader: sector_name (warms the cache)');
SELECT is((SELECT count(*) FROM sector_children('gbt4754:C39')), 9::bigint, 'reader: sector_children');
SELECT ok((SELECT count(*) FROM sector_map(:'src'::sector, 'isic4')) > 0, 'reader: sector_map');
SELECT is(classify(t), 'gbt4754:C3491'::sector, 'reader: classify (warms the automaton)') FROM doc;
RESET ROLE;

SET ROLE scenario_tap_denied;
SELECT throws_ok($$SELECT sector_name('gbt4754:C3963', 'zh')$$, '42501',
                 'permission denied for table sector_catalog', 'no SELECT: sector_name refuses, cache warm');
SELECT throws_ok($$SELECT * FROM sector_children('gbt4754:C39')$$, '42501',
                 'permission denied for table sector_catalog', 'no SELECT: sector_children refuses');
SELECT throws_ok($$SELECT * FROM sector_descendants('gbt4754:C39')$$, '42501',
                 'permission denied for table sector_catalog', 'no SELECT: sector_descendants refuses');
SELECT throws_ok(format('SELECT * FROM sector_map(%L, ''isic4'')', :'src'), '42501',
                 'permission denied for table sector_catalog', 'no SELECT: sector_map refuses');
SELECT throws_ok($$SELECT classify(t) FROM doc$$, '42501',
                 'permission denied for table sector_keyword', 'no SELECT: classify refuses, automaton warm');
SELECT throws_ok($$SELECT * FROM classify_topk((SELECT t FROM doc), 5)$$, '42501',
                 'permission denied for table sector_keyword', 'no SELECT: classify_topk refuses');
RESET ROLE;

-- SELECT on the keywords alone is not enough: the catalog is read too
GRANT SELECT ON sector_keyword TO scenario_tap_denied;
SET ROLE scenario_tap_denied;
SELECT throws_ok($$SELECT classify(t) FROM doc$$, '42501',
                 'permission denied for table sector_catalog', 'SELECT on sector_keyword only: classify refuses');
RESET ROLE;

-- a GRANT is seen at once, and so is the REVOKE after it
GRANT SELECT ON sector_catalog, sector_crosswalk TO scenario_tap_denied;
SET ROLE scenario_tap_denied;
SELECT isnt(sector_name('gbt4754:C3963', 'zh'), NULL, 'after GRANT: sector_name answers');
SELECT is(classify(t), 'gbt4754:C3491'::sector, 'after GRANT: classify answers') FROM doc;
RESET ROLE;
REVOKE SELECT ON sector_catalog FROM scenario_tap_denied;
SET ROLE scenario_tap_denied;
SELECT throws_ok($$SELECT sector_name('gbt4754:C3963', 'zh')$$, '42501', NULL, 'after REVOKE: sector_name refuses again');
SELECT throws_ok($$SELECT classify(t) FROM doc$$, '42501', NULL, 'after REVOKE: classify refuses again');
RESET ROLE;

-- privilege through a role membership, and its loss
GRANT scenario_tap_reader TO scenario_tap_denied;
SET ROLE scenario_tap_denied;
SELECT isnt(sector_name('gbt4754:C3963', 'zh'), NULL, 'as a member of reader: sector_name answers');
RESET ROLE;
REVOKE scenario_tap_reader FROM scenario_tap_denied;
SET ROLE scenario_tap_denied;
SELECT throws_ok($$SELECT sector_name('gbt4754:C3963', 'zh')$$, '42501', NULL, 'membership revoked: sector_name refuses');
RESET ROLE;

SET ROLE scenario_tap_reader;
SELECT isnt(sector_name('gbt4754:C3963', 'zh'), NULL, 'the reader still gets its answers');
SELECT is(classify(t), 'gbt4754:C3491'::sector, 'the reader still classifies') FROM doc;
RESET ROLE;
ROLLBACK TO SAVEPOINT privileges;

---------------------------------------------------------------- row-level security
-- reader: a policy showing every row; limited: policies hiding C396*, the
-- links of src into isic4 (the others stay, so the crosswalk exists) and the
-- keywords of robots, welding and palletising.
CREATE FUNCTION pg_temp.seen() RETURNS text LANGUAGE sql AS $$
	SELECT concat_ws(' | ',
		coalesce(sector_name('gbt4754:C3963', 'zh'), '-'),
		(SELECT string_agg(c::text, ',' ORDER BY c) FROM sector_children('gbt4754:C39') c),
		(SELECT count(*) FROM sector_descendants('gbt4754:C39') c WHERE c::text LIKE 'gbt4754:C396%'),
		(SELECT count(*) FROM src, sector_map(src.s, 'isic4')),
		coalesce((SELECT classify(t)::text FROM doc), '-'),
		(SELECT string_agg(k.sector::text, ',' ORDER BY k.sector) FROM doc, classify_topk(doc.t, 5) k))
$$;
GRANT EXECUTE ON FUNCTION pg_temp.seen() TO PUBLIC;

SAVEPOINT rls;
ALTER TABLE sector_catalog ENABLE ROW LEVEL SECURITY;
ALTER TABLE sector_crosswalk ENABLE ROW LEVEL SECURITY;
ALTER TABLE sector_keyword ENABLE ROW LEVEL SECURITY;
CREATE POLICY everything ON sector_catalog TO scenario_tap_reader USING (true);
CREATE POLICY everything ON sector_crosswalk TO scenario_tap_reader USING (true);
CREATE POLICY everything ON sector_keyword TO scenario_tap_reader USING (true);
CREATE POLICY partly ON sector_catalog TO scenario_tap_limited
	USING (code::text NOT LIKE 'gbt4754:C396%');
CREATE POLICY partly ON sector_crosswalk TO scenario_tap_limited
	USING (sector_taxonomy(target) <> 'isic4' OR source <> :'src');
CREATE POLICY partly ON sector_keyword TO scenario_tap_limited
	USING (keyword !~ '机器人|焊接|码垛');


SELECT pg_temp.seen() AS everything \gset
SELECT ok(:'everything' ~ '^[^-].*gbt4754:C396.* \| [1-9][0-9]* \| [1-9][0-9]* \| gbt4754:C3491 \| gbt4754:C3491,.*gbt4754:C4029.*$',
          'superuser (bypasses RLS): every row, cache warm');
SET ROLE scenario_tap_limited;
SELECT pg_temp.seen() AS limited \gset
RESET ROLE;
SELECT is(:'limited'::text,
          '- | gbt4754:C391,gbt4754:C392,gbt4754:C393,gbt4754:C394,gbt4754:C395,gbt4754:C397,gbt4754:C398,gbt4754:C399 | 0 | 0 | gbt4754:C4029 | gbt4754:C3911,gbt4754:C4029,gbt4754:F5176,gbt4754:F5273,gbt4754:L7114',
          'limited: sector_name, sector_children, sector_descendants, sector_map, classify, classify_topk see only its rows');
SELECT is(pg_temp.seen(), :'everything'::text, 'superuser again: every row (the shared cache was not narrowed)');
SET ROLE scenario_tap_reader;
SELECT is(pg_temp.seen(), :'everything'::text, 'reader under a policy showing all: every row');
RESET ROLE;
SET ROLE scenario_tap_limited;
SELECT is(pg_temp.seen(), :'limited'::text, 'limited right after the reader: still only its rows');
SET row_security = off;
SELECT throws_ok($$SELECT sector_name('gbt4754:C3963', 'zh')$$, '42501', NULL,
                 'limited with row_security off: sector_name refuses, as a query would');
SELECT throws_ok($$SELECT classify(t) FROM doc$$, '42501', NULL,
                 'limited with row_security off: classify refuses');
RESET row_security;
RESET ROLE;

-- a role no policy names sees no row at all
CREATE ROLE scenario_tap_nobody NOSUPERUSER;
SET ROLE scenario_tap_nobody;
SELECT is(sector_name('gbt4754:C3963', 'zh'), NULL, 'no policy: sector_name finds nothing');
SELECT throws_ok($$SELECT classify(t) FROM doc$$, '22023', NULL,
                 'no policy: classify knows no taxonomy');
RESET ROLE;

-- policies dropped: everyone sees every row again
ROLLBACK TO SAVEPOINT rls;
SET ROLE scenario_tap_limited;
SELECT is(pg_temp.seen(), :'everything'::text, 'RLS gone: limited sees every row');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
