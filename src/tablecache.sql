
-- table cache: how the per-session caches of the extension's tables learn
-- of a change (src/tablecache.c) -----------------------------------------
SELECT @extschema@._require_library('0.2.0');

-- Plain DML sends no relcache invalidation: this statement trigger sends
-- one for its table, which every session's cache of it listens to.
CREATE FUNCTION @extschema@._table_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'tablecache_table_changed' LANGUAGE C;
COMMENT ON FUNCTION @extschema@._table_changed() IS
'internal: statement trigger that makes every session reload what it cached from the table (sector_catalog, sector_crosswalk, sector_keyword, sector_model)';
