
-- catalog: the extension's catalog tables on every node --------------------
-- sector_catalog, sector_crosswalk, sector_keyword (every table marked with
-- pg_extension_config_dump) are local tables on each node; under Citus the
-- coordinator copies its rows to the workers (src/catalog_sync.c).
SELECT @extschema@._require_library('0.2.0');

CREATE FUNCTION @extschema@.catalog_fingerprint(
    OUT catalog text, OUT part text, OUT rows bigint, OUT fingerprint text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'catalog_fingerprint' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 6;
COMMENT ON FUNCTION @extschema@.catalog_fingerprint() IS
'for each catalog table and part (shipped rows, user rows) on this node: the row count and a fingerprint that depends on the rows only, not on their order';

CREATE FUNCTION @extschema@.catalog_drift(
    OUT node text, OUT catalog text, OUT part text, OUT rows bigint, OUT fingerprint text, OUT drift boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'catalog_drift' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE ROWS 18;
COMMENT ON FUNCTION @extschema@.catalog_drift() IS
'catalog_fingerprint of this node (local) and, on a Citus coordinator, of every worker, with drift true where a worker''s rows differ from this node''s';

CREATE FUNCTION @extschema@.catalog_sync(
    OUT node text, OUT catalog text, OUT part text, OUT rows bigint, OUT changed boolean)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'catalog_sync' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE ROWS 6;
COMMENT ON FUNCTION @extschema@.catalog_sync() IS
'on a Citus coordinator: copy each part of the catalog tables that differs on some worker to every worker, as the calling user; without Citus a notice and no rows';

CREATE FUNCTION @extschema@._catalog_apply(payload text) RETURNS text
AS 'MODULE_PATHNAME', 'catalog_apply' LANGUAGE C VOLATILE STRICT PARALLEL UNSAFE;
COMMENT ON FUNCTION @extschema@._catalog_apply(text) IS
'internal: run by catalog_sync on each worker; replaces the parts of the catalog tables it is sent, as the calling user, and checks their fingerprints';
