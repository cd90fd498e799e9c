-- The extension as a package: control settings, schema, trusted install by
-- a non-superuser who owns the database.
BEGIN;
SELECT plan(9);

SELECT has_extension('scenario', 'scenario', 'extension scenario lives in schema scenario');
SELECT is((SELECT extversion FROM pg_extension WHERE extname = 'scenario'),
          scenario.version(), 'library version equals the installed script version');
SELECT ok(NOT (SELECT extrelocatable FROM pg_extension WHERE extname = 'scenario'),
          'control: not relocatable');
SELECT is((SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'scenario'),
          'scenario', 'control: schema scenario');
SELECT ok(has_schema_privilege('public', 'scenario', 'USAGE'), 'PUBLIC may use schema scenario');

-- A role without superuser that may create objects in this database
-- installs the trusted extension; the extension's objects belong to it.
DROP EXTENSION scenario CASCADE;
DROP SCHEMA scenario CASCADE;
CREATE ROLE scenario_tap_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
SELECT format('GRANT CREATE ON DATABASE %I TO scenario_tap_owner', current_database()) \gexec
SET ROLE scenario_tap_owner;
SELECT lives_ok('CREATE EXTENSION scenario', 'a non-superuser with CREATE on the database installs scenario');
SELECT is((SELECT extowner::regrole::text FROM pg_extension WHERE extname = 'scenario'),
          'scenario_tap_owner', 'the installing role owns the extension');
SELECT is(scenario.version(), (SELECT extversion FROM pg_extension WHERE extname = 'scenario'),
          'functions work for the non-superuser');
SELECT ok(has_schema_privilege('scenario_tap_owner', 'scenario', 'CREATE'),
          'the installing role owns schema scenario');
RESET ROLE;

SELECT * FROM finish();
ROLLBACK;
