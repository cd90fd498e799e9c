-- scenario 0.1.0 -> 0.2.0
\echo Use "ALTER EXTENSION scenario UPDATE TO '0.2.0'" to load this file. \quit

SELECT @extschema@._require_library('0.2.0');

-- One invalidation trigger function for every cached table :
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

-- The jsonb forms of funnel, funnel_state, assign_state and
-- tracking are built in C by the modules that own the types, instead of
-- SQL that re-parsed their text forms with regular expressions (same
-- names, signatures and results)
CREATE OR REPLACE FUNCTION @extschema@.funnel_jsonb(@extschema@.funnel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'scenario_funnel_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION @extschema@.funnel_state_jsonb(@extschema@.funnel_state) RETURNS jsonb
AS 'MODULE_PATHNAME', 'scenario_funnel_state_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION @extschema@.assign_state_jsonb(@extschema@.assign_state) RETURNS jsonb
AS 'MODULE_PATHNAME', 'assign_state_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION @extschema@.tracking_jsonb(@extschema@.tracking) RETURNS jsonb
AS 'MODULE_PATHNAME', 'tracking_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- tracking_periods as of a day: events up to that day counted, met NULL
-- for a period still running on it; without the day, met is NULL for the
-- period still running on the last event's day (issue 13)
CREATE FUNCTION @extschema@.tracking_periods(tr @extschema@.tracking, as_of date,
	OUT period_start date, OUT period_due date, OUT events int8, OUT actual float8, OUT met boolean)
	RETURNS SETOF record
AS 'MODULE_PATHNAME', 'tracking_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.tracking_periods(@extschema@.tracking, date) IS
'as of a day: per-period targets, one row per period from the first event''s to the one holding as_of; window targets, one row; events up to as_of counted, met NULL while the period is still running';
COMMENT ON FUNCTION @extschema@.tracking_periods(@extschema@.tracking) IS
'per-period targets: one row per period from the first event''s to the last''s, gaps included, with its total and whether it met the goal (NULL for the period still running on the last event''s day); window targets: one row, met as at the due day';
