-- scenario install script, assembled from the modules' SQL by the Makefile.
-- complain if script is sourced in psql, rather than via CREATE EXTENSION
\echo Use "CREATE EXTENSION scenario" to load this file. \quit

-- core -----------------------------------------------------------------

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
