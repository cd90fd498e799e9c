-- scenario 0.1.0 -> 0.2.0
\echo Use "ALTER EXTENSION scenario UPDATE TO '0.2.0'" to load this file. \quit

SELECT @extschema@._require_library('0.2.0');

-- issue 11: the jsonb forms of funnel, funnel_state, assign_state and
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
