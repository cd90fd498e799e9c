-- The extension as a package: control settings, the install schema (the
-- current one unless CREATE EXTENSION names one), trusted install by a
-- non-superuser, and names that resolve with no search_path setting.
BEGIN;
SELECT plan(17);

SELECT has_extension('scenario', 'extension scenario is installed');
SELECT is((SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'scenario'),
          'public', 'installed into the current schema (public)');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'scenario'),
          scenario_version(), 'library version equals the installed script version');
SELECT ok(NOT (SELECT extrelocatable FROM pg_extension WHERE extname = 'scenario'),
          'control: not relocatable');
SELECT throws_ok('ALTER EXTENSION scenario SET SCHEMA pg_temp', '0A000', NULL,
                 'ALTER EXTENSION ... SET SCHEMA is refused');
SELECT is((SELECT count(*)::int FROM pg_namespace WHERE nspname = 'scenario'), 0,
          'no schema scenario is created');
SELECT is((SELECT count(*)::int FROM pg_depend d
            WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
              AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'scenario')
              AND d.classid = 'pg_namespace'::regclass), 0,
          'the schema is not a member of the extension');

-- A plain path works: operators and casts resolve without scenario on it.
SET LOCAL search_path = "$user", public;
SELECT is('gbt4754:C3963'::sector <@ 'gbt4754:C', true, 'subtree filter with an untyped literal on the default path');
SELECT is(('gbt4754:C3963'::sector, 1) > ('gbt4754:C39'::sector, 2), true, 'row comparison (keyset pagination) resolves');
RESET search_path;

-- CREATE EXTENSION ... SCHEMA: objects go there and every internal reference follows.
DROP EXTENSION scenario CASCADE;
CREATE SCHEMA elsewhere;
SELECT lives_ok('CREATE EXTENSION scenario SCHEMA elsewhere', 'CREATE EXTENSION scenario SCHEMA elsewhere');
SET LOCAL search_path = pg_catalog;
SELECT elsewhere.sector_name('gbt4754:C3963'::elsewhere.sector, 'zh') AS elsewhere_name \gset
SELECT pg_catalog.count(*) > 0 AS elsewhere_classified FROM elsewhere.classify_topk('植保无人机飞防作业服务', 3) \gset
RESET search_path;
SELECT is(:'elsewhere_name'::text, '智能无人飞行器制造',
          'a catalog reader finds its tables in the chosen schema with only pg_catalog on the path');
SELECT is(:'elsewhere_classified'::text, 't', 'the classifier finds its dictionary in the chosen schema');
DROP EXTENSION scenario CASCADE;
DROP SCHEMA elsewhere;

-- A role without superuser that may create objects in this database
-- installs the trusted extension into a schema it owns.
CREATE ROLE scenario_tap_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
SELECT format('GRANT CREATE ON DATABASE %I TO scenario_tap_owner', current_database()) \gexec
SET ROLE scenario_tap_owner;
CREATE SCHEMA owned;
SELECT lives_ok('CREATE EXTENSION scenario SCHEMA owned', 'a non-superuser with CREATE on the database installs scenario');
SELECT is((SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'scenario'),
          'scenario_tap_owner', 'the installing role owns the extension');
SELECT is(owned.scenario_version(), (SELECT extversion FROM pg_extension WHERE extname = 'scenario'),
          'functions work for the non-superuser');
SELECT is((SELECT count(*)::int FROM pg_proc WHERE pronamespace = 'owned'::regnamespace
            AND NOT (SELECT rolsuper FROM pg_roles WHERE oid = proowner)), 0,
          'the functions belong to a superuser, not the installer');
RESET ROLE;
SELECT ok(NOT has_schema_privilege('public', 'owned', 'USAGE'),
          'the install grants nothing on the installer''s schema');

SELECT * FROM finish();
ROLLBACK;
