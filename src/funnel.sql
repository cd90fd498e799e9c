
-- funnel: pipeline stages and the funnel aggregate ----------------------

SELECT @extschema@._require_library('0.1.0');

CREATE TYPE @extschema@.stage AS ENUM
	('released', 'matched', 'negotiating', 'signed', 'operating', 'closed');
COMMENT ON TYPE @extschema@.stage IS
'pipeline stage of an opportunity, in pipeline order: released < matched < negotiating < signed < operating; closed (last) leaves the pipeline from any stage';

-- The result: per stage, items reached, items timed and the median time.
CREATE TYPE @extschema@.funnel;

CREATE FUNCTION @extschema@.funnel_in(cstring) RETURNS @extschema@.funnel
AS 'MODULE_PATHNAME', 'scenario_funnel_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_in(cstring) IS
'text input of type funnel ("released 3 median 1d 00:00:00 over 2; matched 2; ...")';

CREATE FUNCTION @extschema@.funnel_out(@extschema@.funnel) RETURNS cstring
AS 'MODULE_PATHNAME', 'scenario_funnel_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_out(@extschema@.funnel) IS
'text output of type funnel';

CREATE FUNCTION @extschema@.funnel_recv(internal) RETURNS @extschema@.funnel
AS 'MODULE_PATHNAME', 'scenario_funnel_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_recv(internal) IS
'binary input of type funnel';

CREATE FUNCTION @extschema@.funnel_send(@extschema@.funnel) RETURNS bytea
AS 'MODULE_PATHNAME', 'scenario_funnel_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_send(@extschema@.funnel) IS
'binary output of type funnel';

CREATE TYPE @extschema@.funnel (
	INPUT = @extschema@.funnel_in,
	OUTPUT = @extschema@.funnel_out,
	RECEIVE = @extschema@.funnel_recv,
	SEND = @extschema@.funnel_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = plain
);
COMMENT ON TYPE @extschema@.funnel IS
'a pipeline funnel: per stage the items that reached it and the median time in the stage; see funnel_rows()';

CREATE FUNCTION @extschema@.funnel_eq(@extschema@.funnel, @extschema@.funnel) RETURNS boolean
AS 'MODULE_PATHNAME', 'scenario_funnel_eq'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_eq(@extschema@.funnel, @extschema@.funnel) IS
'true when two funnels have the same counts and medians';

CREATE FUNCTION @extschema@.funnel_ne(@extschema@.funnel, @extschema@.funnel) RETURNS boolean
AS 'MODULE_PATHNAME', 'scenario_funnel_ne'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_ne(@extschema@.funnel, @extschema@.funnel) IS
'true when two funnels differ';

CREATE FUNCTION @extschema@.funnel_hash(@extschema@.funnel) RETURNS integer
AS 'MODULE_PATHNAME', 'scenario_funnel_hash'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_hash(@extschema@.funnel) IS
'hash of a funnel, for hash joins and hash aggregation';

CREATE FUNCTION @extschema@.funnel_hash_extended(@extschema@.funnel, bigint) RETURNS bigint
AS 'MODULE_PATHNAME', 'scenario_funnel_hash_extended'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_hash_extended(@extschema@.funnel, bigint) IS
'64-bit seeded hash of a funnel';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.funnel, RIGHTARG = @extschema@.funnel,
	FUNCTION = @extschema@.funnel_eq,
	COMMUTATOR = OPERATOR(@extschema@.=), NEGATOR = OPERATOR(@extschema@.<>),
	RESTRICT = pg_catalog.eqsel, JOIN = pg_catalog.eqjoinsel, HASHES
);
COMMENT ON OPERATOR @extschema@.= (@extschema@.funnel, @extschema@.funnel) IS
'funnels are equal';

CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.funnel, RIGHTARG = @extschema@.funnel,
	FUNCTION = @extschema@.funnel_ne,
	COMMUTATOR = OPERATOR(@extschema@.<>), NEGATOR = OPERATOR(@extschema@.=),
	RESTRICT = pg_catalog.neqsel, JOIN = pg_catalog.neqjoinsel
);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.funnel, @extschema@.funnel) IS
'funnels differ';

CREATE OPERATOR CLASS @extschema@.funnel_hash_ops
	DEFAULT FOR TYPE @extschema@.funnel USING hash AS
	OPERATOR 1 @extschema@.= (@extschema@.funnel, @extschema@.funnel),
	FUNCTION 1 @extschema@.funnel_hash(@extschema@.funnel),
	FUNCTION 2 @extschema@.funnel_hash_extended(@extschema@.funnel, bigint);
COMMENT ON OPERATOR CLASS @extschema@.funnel_hash_ops USING hash IS
'hash equality of funnels (GROUP BY, DISTINCT, hash joins)';

CREATE FUNCTION @extschema@.funnel_rows(@extschema@.funnel,
	OUT stage text, OUT "position" integer, OUT reached bigint,
	OUT conversion_prev double precision, OUT conversion_first double precision,
	OUT median_days double precision)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'scenario_funnel_rows'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 6;
COMMENT ON FUNCTION @extschema@.funnel_rows(@extschema@.funnel) IS
'one row per stage in order: items reached, conversion from the previous stage and from released, median days in the stage';

-- The aggregate state: every transition seen, exact through text and binary.
CREATE TYPE @extschema@.funnel_state;

CREATE FUNCTION @extschema@.funnel_state_in(cstring) RETURNS @extschema@.funnel_state
AS 'MODULE_PATHNAME', 'scenario_funnel_state_in'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_state_in(cstring) IS
'text input of type funnel_state ("42 released 2024-01-05T00:00:00Z; 42 matched ...")';

CREATE FUNCTION @extschema@.funnel_state_out(@extschema@.funnel_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'scenario_funnel_state_out'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_state_out(@extschema@.funnel_state) IS
'text output of type funnel_state';

CREATE FUNCTION @extschema@.funnel_state_recv(internal) RETURNS @extschema@.funnel_state
AS 'MODULE_PATHNAME', 'scenario_funnel_state_recv'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_state_recv(internal) IS
'binary input of type funnel_state';

CREATE FUNCTION @extschema@.funnel_state_send(@extschema@.funnel_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'scenario_funnel_state_send'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_state_send(@extschema@.funnel_state) IS
'binary output of type funnel_state';

CREATE TYPE @extschema@.funnel_state (
	INPUT = @extschema@.funnel_state_in,
	OUTPUT = @extschema@.funnel_state_out,
	RECEIVE = @extschema@.funnel_state_recv,
	SEND = @extschema@.funnel_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = int4,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.funnel_state IS
'state of the funnel aggregate: the stage transitions (item, stage, time) seen so far';

CREATE FUNCTION @extschema@.funnel_transfn(@extschema@.funnel_state, bigint,
										   @extschema@.stage, timestamptz)
RETURNS @extschema@.funnel_state
AS 'MODULE_PATHNAME', 'scenario_funnel_transfn'
LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_transfn(@extschema@.funnel_state, bigint, @extschema@.stage, timestamptz) IS
'transition function of aggregate funnel: adds one transition (STABLE: reads the labels of scenario.stage)';

CREATE FUNCTION @extschema@.funnel_combinefn(@extschema@.funnel_state, @extschema@.funnel_state)
RETURNS @extschema@.funnel_state
AS 'MODULE_PATHNAME', 'scenario_funnel_combinefn'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_combinefn(@extschema@.funnel_state, @extschema@.funnel_state) IS
'combine function of aggregate funnel: merges two partial states';

CREATE FUNCTION @extschema@.funnel_finalfn(@extschema@.funnel_state)
RETURNS @extschema@.funnel
AS 'MODULE_PATHNAME', 'scenario_funnel_finalfn'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_finalfn(@extschema@.funnel_state) IS
'final function of aggregate funnel: checks each item moves forward and computes the funnel';

CREATE AGGREGATE @extschema@.funnel(item bigint, stage @extschema@.stage, at timestamptz) (
	SFUNC = @extschema@.funnel_transfn,
	STYPE = @extschema@.funnel_state,
	COMBINEFUNC = @extschema@.funnel_combinefn,
	FINALFUNC = @extschema@.funnel_finalfn,
	PARALLEL = SAFE
);
COMMENT ON AGGREGATE @extschema@.funnel(bigint, @extschema@.stage, timestamptz) IS
'pipeline funnel over stage transitions (item, stage, time): items reached per stage, conversions, median time in stage';

-- jsonb forms (their casts are in bi.sql) ------------------------------

CREATE FUNCTION @extschema@.stage_jsonb(@extschema@.stage) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.to_jsonb($1::pg_catalog.text) $$;
COMMENT ON FUNCTION @extschema@.stage_jsonb(@extschema@.stage) IS
'a stage as a JSON string, its label';

CREATE FUNCTION @extschema@.funnel_jsonb(@extschema@.funnel) RETURNS jsonb
AS 'MODULE_PATHNAME', 'scenario_funnel_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_jsonb(@extschema@.funnel) IS
'a funnel as {"stages": [{stage, position, reached, timed, median_seconds, median_days, conversion_prev, conversion_first}, ...]} in stage order';

CREATE FUNCTION @extschema@.funnel_state_jsonb(@extschema@.funnel_state) RETURNS jsonb
AS 'MODULE_PATHNAME', 'scenario_funnel_state_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.funnel_state_jsonb(@extschema@.funnel_state) IS
'a funnel aggregate state as {"transitions": [{item, stage, at}, ...]} in arrival order, at in ISO 8601 UTC';
