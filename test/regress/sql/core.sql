-- core: library version, control settings, the install-script guard
SET search_path = public, scenario;

SELECT scenario.version() = extversion AS library_matches_script
  FROM pg_extension WHERE extname = 'scenario';

SELECT extname, extversion, extrelocatable, extnamespace::regnamespace AS schema
  FROM pg_extension WHERE extname = 'scenario';

-- everyone may use the schema (functions are executable by PUBLIC)
SELECT has_schema_privilege('public', 'scenario', 'USAGE') AS public_usage;

-- the script checks the library it binds to
SELECT scenario._require_library('0.1.0');
SELECT scenario._require_library('0.0.9');
SELECT scenario._require_library('99.0.0');
SELECT scenario._require_library('1.x');
SELECT scenario._require_library('');

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
