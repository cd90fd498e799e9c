-- scenario 0.1.0 -> 0.2.0
\echo Use "ALTER EXTENSION scenario UPDATE TO '0.2.0'" to load this file. \quit

SELECT @extschema@._require_library('0.2.0');

-- One invalidation trigger function for every cached table (issue 11):
-- the triggers switch to it and the per-table copies go.
CREATE FUNCTION @extschema@._table_changed() RETURNS trigger
AS 'MODULE_PATHNAME', 'tablecache_table_changed' LANGUAGE C;
COMMENT ON FUNCTION @extschema@._table_changed() IS
'internal: statement trigger that makes every session reload what it cached from the table (sector_catalog, sector_crosswalk, sector_keyword)';
CREATE OR REPLACE TRIGGER sector_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sector_catalog
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._table_changed();
CREATE OR REPLACE TRIGGER sector_crosswalk_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sector_crosswalk
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._table_changed();
CREATE OR REPLACE TRIGGER sector_keyword_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sector_keyword
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._table_changed();
DROP FUNCTION @extschema@._sector_catalog_changed();
DROP FUNCTION @extschema@._sector_keyword_changed();
