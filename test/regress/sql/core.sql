-- core: library version, control settings, the install-script guard

SELECT scenario_version() = extversion AS library_matches_script
  FROM pg_extension WHERE extname = 'scenario';

SELECT extname, extversion, extrelocatable, extnamespace::regnamespace AS schema
  FROM pg_extension WHERE extname = 'scenario';

-- the objects went into the current schema (public); a schema owned by
-- another role is refused, and one where other roles may create objects
-- gets a warning that says what to do
BEGIN;
DROP EXTENSION scenario CASCADE;
CREATE ROLE scenario_regress_other;
CREATE SCHEMA theirs AUTHORIZATION scenario_regress_other;
CREATE EXTENSION scenario SCHEMA theirs;
ROLLBACK;
BEGIN;
DROP EXTENSION scenario CASCADE;
CREATE ROLE scenario_regress_other;
CREATE SCHEMA shared_room;
GRANT CREATE ON SCHEMA shared_room TO PUBLIC, scenario_regress_other;
CREATE EXTENSION scenario SCHEMA shared_room;
SELECT extnamespace::regnamespace AS schema FROM pg_extension WHERE extname = 'scenario';
ROLLBACK;

-- the script checks the library it binds to
SELECT _require_library('0.1.0');
SELECT _require_library('0.0.9');
SELECT _require_library('99.0.0');
SELECT _require_library('1.x');
SELECT _require_library('');

-- every function of the extension is in its schema and says what it does
SELECT count(*) AS functions_without_comment
  FROM pg_proc p
  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'scenario'
 WHERE obj_description(p.oid, 'pg_proc') IS NULL;

-- running the install script by hand stops at the guard: it prints the
-- message and creates nothing
SELECT count(*) AS functions_before FROM pg_proc WHERE proname = '_require_library';
\i sql/scenario--0.1.0.sql
SELECT count(*) AS functions_after FROM pg_proc WHERE proname = '_require_library';
