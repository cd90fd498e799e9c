-- scenario install script, assembled from the modules' SQL by the Makefile.
-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION scenario" to load this file. \quit

-- core -----------------------------------------------------------------

-- Refuse a schema prepared by someone else: CREATE EXTENSION reuses an
-- existing schema of the control file's name, and a role that owns it (or
-- put objects in it) could later shadow or replace what we create there for
-- everyone who has scenario on search_path.
DO $guard$
DECLARE
	owner_ok boolean;
	foreign_objects bigint;
BEGIN
	SELECT n.nspowner = e.extowner
	       OR (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid = n.nspowner)
	  INTO owner_ok
	  FROM pg_catalog.pg_namespace n, pg_catalog.pg_extension e
	 WHERE n.nspname = '@extschema@' AND e.extname = 'scenario';
	SELECT (SELECT pg_catalog.count(*) FROM pg_catalog.pg_proc WHERE pronamespace = '@extschema@'::regnamespace)
	     + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_class WHERE relnamespace = '@extschema@'::regnamespace)
	     + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_type WHERE typnamespace = '@extschema@'::regnamespace)
	     + (SELECT pg_catalog.count(*) FROM pg_catalog.pg_operator WHERE oprnamespace = '@extschema@'::regnamespace)
	  INTO foreign_objects;
	IF NOT owner_ok OR foreign_objects > 0 THEN
		RAISE EXCEPTION 'schema "@extschema@" already exists and is not safe to install into'
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = 'It must be owned by the role creating the extension or by a superuser, and be empty.',
			      HINT = 'Drop or rename the existing schema, then create the extension again.';
	END IF;
END
$guard$;

CREATE FUNCTION @extschema@.version() RETURNS text
AS 'MODULE_PATHNAME', 'scenario_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.version() IS
'version of the loaded scenario shared library';

CREATE FUNCTION @extschema@._require_library(text) RETURNS boolean
AS 'MODULE_PATHNAME', 'scenario_require_library'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._require_library(text) IS
'internal: fails unless the loaded library is at least the given version; called by the install and upgrade scripts';

SELECT @extschema@._require_library('0.1.0');

-- Everyone may look up and call what the extension offers (functions are
-- executable by PUBLIC by default; the schema needs USAGE too). Catalog
-- tables grant SELECT only and stay writable by the extension's owner.
GRANT USAGE ON SCHEMA @extschema@ TO PUBLIC;
