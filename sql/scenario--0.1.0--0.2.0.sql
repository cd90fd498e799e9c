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

-- train_classifier takes scenario.sector labels (trained as their canonical
-- text) without a cast
CREATE FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector)
RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_accum_sector'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector) IS
'internal: transition function of train_classifier(doc, label sector)';

CREATE FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector, text)
RETURNS @extschema@.classifier_state
AS 'MODULE_PATHNAME', 'classifier_accum_sector'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._classifier_accum(@extschema@.classifier_state, text, @extschema@.sector, text) IS
'internal: transition function of train_classifier(doc, label sector, options)';

CREATE AGGREGATE @extschema@.train_classifier(doc text, label @extschema@.sector) (
	SFUNC = @extschema@._classifier_accum,
	STYPE = @extschema@.classifier_state,
	COMBINEFUNC = @extschema@._classifier_combine,
	FINALFUNC = @extschema@._classifier_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.train_classifier(text, @extschema@.sector) IS
'train a text classifier on (document, sector) rows with the default options, labels as the sectors'' canonical text; NULL with no rows';

CREATE AGGREGATE @extschema@.train_classifier(doc text, label @extschema@.sector, options text) (
	SFUNC = @extschema@._classifier_accum,
	STYPE = @extschema@.classifier_state,
	COMBINEFUNC = @extschema@._classifier_combine,
	FINALFUNC = @extschema@._classifier_final,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.train_classifier(text, @extschema@.sector, text) IS
'train a text classifier on (document, sector) rows, labels as the sectors'' canonical text; options as for train_classifier(text, text, text)';

-- Crosswalks for comparison (issue 12): GB/T 4754 <-> ISIC Rev.4 and
-- SEI 2018 <-> GB/T 4754, curated, compiled into the library like the
-- others; their rows ship, so they are not dumped.  sector_map composes
-- two crosswalks through a third taxonomy and names a missing crosswalk.
-- (A 0.1.0 install made by this library already has the rows.)
DELETE FROM @extschema@.sector_crosswalk
 WHERE origin IN ('scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754');
INSERT INTO @extschema@.sector_crosswalk (source, target, partial, origin)
SELECT source, target, partial, origin FROM @extschema@._sector_builtin_crosswalk()
 WHERE origin IN ('scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sector_crosswalk',
    $$WHERE origin NOT IN ('census-naics2017-isic4', 'scenario-gd-gbt4754', 'scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754')$$);
COMMENT ON COLUMN @extschema@.sector_crosswalk.origin IS
'where the link comes from; census-naics2017-isic4, scenario-gd-gbt4754, scenario-gbt4754-isic4 and scenario-sei2018-gbt4754 are shipped';
COMMENT ON FUNCTION @extschema@.sector_map(@extschema@.sector, text) IS
'codes of another taxonomy a sector maps to through sector_crosswalk, using the nearest ancestor that has links, through a third taxonomy when no link joins the two (an error when none does); the sector itself in its own taxonomy';

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
