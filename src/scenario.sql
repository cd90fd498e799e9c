-- scenario install script, assembled from the modules' SQL by the Makefile.
-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION scenario" to load this file. \quit

-- core -----------------------------------------------------------------

-- The objects go into the schema CREATE EXTENSION is given (default: the
-- current one).  Refuse a schema owned by a role that could later replace
-- or shadow what we create there (not the installer, not a superuser, not
-- the database owner), and warn when other roles may create objects in it:
-- their look-alikes would catch callers who use unqualified names.
DO $guard$
DECLARE
	nsp_owner oid;
	ext_owner oid;
	open_to text;
BEGIN
	SELECT n.nspowner INTO nsp_owner
	  FROM pg_catalog.pg_namespace n WHERE n.oid = '@extschema@'::pg_catalog.regnamespace;
	SELECT e.extowner INTO ext_owner
	  FROM pg_catalog.pg_extension e WHERE e.extname = 'scenario';
	IF nsp_owner OPERATOR(pg_catalog.<>) ext_owner
	   AND nsp_owner OPERATOR(pg_catalog.<>) 'pg_database_owner'::pg_catalog.regrole
	   AND NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) nsp_owner) THEN
		RAISE EXCEPTION 'schema % is not safe to install into', '@extschema@'
			USING ERRCODE = 'insufficient_privilege',
			      DETAIL = pg_catalog.format('It is owned by role %I, which is neither the role creating the extension, the database owner nor a superuser.',
			                                 nsp_owner::pg_catalog.regrole),
			      HINT = 'Create the extension in a schema you own: CREATE EXTENSION scenario SCHEMA name.';
	END IF;
	SELECT pg_catalog.string_agg(CASE WHEN a.grantee OPERATOR(pg_catalog.=) 0 THEN 'PUBLIC'
	                                  ELSE pg_catalog.quote_ident(a.grantee::pg_catalog.regrole::text) END,
	                             ', ' ORDER BY a.grantee)
	  INTO open_to
	  FROM pg_catalog.pg_namespace n, pg_catalog.aclexplode(n.nspacl) a
	 WHERE n.oid = '@extschema@'::pg_catalog.regnamespace
	   AND a.privilege_type OPERATOR(pg_catalog.=) 'CREATE'
	   AND a.grantee OPERATOR(pg_catalog.<>) nsp_owner
	   AND a.grantee OPERATOR(pg_catalog.<>) ext_owner
	   AND (a.grantee OPERATOR(pg_catalog.=) 0
	        OR NOT (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.oid OPERATOR(pg_catalog.=) a.grantee));
	IF open_to IS NOT NULL THEN
		RAISE WARNING 'schema % lets other roles create objects in it: %', '@extschema@', open_to
			USING DETAIL = 'A function or operator they add there could be run instead of the extension''s by queries that use unqualified names.',
			      HINT = pg_catalog.format('REVOKE CREATE ON SCHEMA %s FROM %s, or install into a schema only trusted roles can create in.',
			                               '@extschema@', open_to);
	END IF;
END
$guard$;

CREATE FUNCTION @extschema@.scenario_version() RETURNS text
AS 'MODULE_PATHNAME', 'scenario_version'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.scenario_version() IS
'version of the loaded scenario shared library';

CREATE FUNCTION @extschema@._require_library(text) RETURNS boolean
AS 'MODULE_PATHNAME', 'scenario_require_library'
LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._require_library(text) IS
'internal: fails unless the loaded library is at least the given version; called by the install and upgrade scripts';

SELECT @extschema@._require_library('0.1.0');

-- Functions are executable by PUBLIC by default; who may use the schema is
-- the schema owner's choice (public: everyone).  Catalog tables grant
-- SELECT only and stay writable by the extension's owner.
