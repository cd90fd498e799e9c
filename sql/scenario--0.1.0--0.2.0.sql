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

-- Coverage-aware scores (issue 13): an unknown criterion earns 0 instead
-- of dropping out, sector and text gate the logistics criteria, sector
-- similarity rewards specificity (same C functions, new results); required
-- criteria and coverage are new
COMMENT ON FUNCTION @extschema@.match_score(@extschema@.demand, @extschema@.supply) IS
'how well an offer fits an opportunity, in [0, 1]: the weight the sector, text, money, region, trl and time criteria earn over the whole weight (default weights); a criterion one side lacks earns 0, sector and text gate the other four';
COMMENT ON FUNCTION @extschema@.match_explain(@extschema@.demand, @extschema@.supply) IS
'match_score criterion by criterion: coverage, relevance gate, each score, the weight asked for and applied, and the evidence';
CREATE FUNCTION @extschema@.match_score(@extschema@.demand, @extschema@.supply, weights jsonb, required text[]) RETURNS float8
AS 'MODULE_PATHNAME', 'match_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_score(@extschema@.demand, @extschema@.supply, jsonb, text[]) IS
'match_score with weights (''{}'' for the defaults) and required criteria such as {trl,time}: 0 unless each is known and met';
CREATE FUNCTION @extschema@.match_explain(@extschema@.demand, @extschema@.supply, weights jsonb, required text[]) RETURNS jsonb
AS 'MODULE_PATHNAME', 'match_explain' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_explain(@extschema@.demand, @extschema@.supply, jsonb, text[]) IS
'match_explain with weights and required criteria; says which required criterion was missed';
CREATE FUNCTION @extschema@.match_coverage(@extschema@.demand, @extschema@.supply) RETURNS float8
AS 'MODULE_PATHNAME', 'match_coverage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_coverage(@extschema@.demand, @extschema@.supply) IS
'the share of the weight (default weights) whose criterion both sides have data for: the most match_score can be';
CREATE FUNCTION @extschema@.match_coverage(@extschema@.demand, @extschema@.supply, weights jsonb) RETURNS float8
AS 'MODULE_PATHNAME', 'match_coverage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_coverage(@extschema@.demand, @extschema@.supply, jsonb) IS
'match_coverage with weights overridden by a jsonb object';
