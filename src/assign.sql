-- assign: optimal assignment, stable matching and greedy matching for
-- matching events -------------------------------------------------------
SELECT @extschema@._require_library('0.1.0');

-- scenario.assignment: the chosen pairs -----------------------------------

CREATE TYPE @extschema@.assignment;

CREATE FUNCTION @extschema@.assignment_in(cstring) RETURNS @extschema@.assignment
AS 'MODULE_PATHNAME', 'assignment_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_out(@extschema@.assignment) RETURNS cstring
AS 'MODULE_PATHNAME', 'assignment_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_recv(internal) RETURNS @extschema@.assignment
AS 'MODULE_PATHNAME', 'assignment_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_send(@extschema@.assignment) RETURNS bytea
AS 'MODULE_PATHNAME', 'assignment_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.assignment (
	INPUT = @extschema@.assignment_in,
	OUTPUT = @extschema@.assignment_out,
	RECEIVE = @extschema@.assignment_recv,
	SEND = @extschema@.assignment_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.assignment IS
'the pairs chosen for a matching event, with the method that chose them; text form method:{(demand_id,supply_id,score),...}, pairs sorted by ids';
COMMENT ON FUNCTION @extschema@.assignment_in(cstring) IS 'text input of assignment';
COMMENT ON FUNCTION @extschema@.assignment_out(@extschema@.assignment) IS 'text output of assignment';
COMMENT ON FUNCTION @extschema@.assignment_recv(internal) IS 'binary input of assignment';
COMMENT ON FUNCTION @extschema@.assignment_send(@extschema@.assignment) IS 'binary output of assignment';

CREATE FUNCTION @extschema@.unnest(a @extschema@.assignment,
	OUT demand_id bigint, OUT supply_id bigint, OUT score float8)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'assignment_unnest' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
ROWS 100;
COMMENT ON FUNCTION @extschema@.unnest(@extschema@.assignment) IS
'the chosen pairs as rows (demand_id, supply_id, score), ordered by demand_id, supply_id';

CREATE FUNCTION @extschema@.total_score(@extschema@.assignment) RETURNS float8
AS 'MODULE_PATHNAME', 'assignment_total_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.total_score(@extschema@.assignment) IS
'sum of the scores of the chosen pairs (0 when none)';

CREATE FUNCTION @extschema@.pair_count(@extschema@.assignment) RETURNS integer
AS 'MODULE_PATHNAME', 'assignment_pair_count' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.pair_count(@extschema@.assignment) IS
'number of chosen pairs';

CREATE FUNCTION @extschema@.method(@extschema@.assignment) RETURNS text
AS 'MODULE_PATHNAME', 'assignment_method' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.method(@extschema@.assignment) IS
'the method that chose the pairs: optimal, stable or greedy';

-- comparison (equal: same method and same pairs), btree and hash opclasses
CREATE FUNCTION @extschema@.assignment_eq(@extschema@.assignment, @extschema@.assignment) RETURNS boolean
AS 'MODULE_PATHNAME', 'assignment_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_ne(@extschema@.assignment, @extschema@.assignment) RETURNS boolean
AS 'MODULE_PATHNAME', 'assignment_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_lt(@extschema@.assignment, @extschema@.assignment) RETURNS boolean
AS 'MODULE_PATHNAME', 'assignment_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_le(@extschema@.assignment, @extschema@.assignment) RETURNS boolean
AS 'MODULE_PATHNAME', 'assignment_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_gt(@extschema@.assignment, @extschema@.assignment) RETURNS boolean
AS 'MODULE_PATHNAME', 'assignment_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_ge(@extschema@.assignment, @extschema@.assignment) RETURNS boolean
AS 'MODULE_PATHNAME', 'assignment_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_cmp(@extschema@.assignment, @extschema@.assignment) RETURNS integer
AS 'MODULE_PATHNAME', 'assignment_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assignment_hash(@extschema@.assignment) RETURNS integer
AS 'MODULE_PATHNAME', 'assignment_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assignment_eq(@extschema@.assignment, @extschema@.assignment) IS 'same method and same pairs';
COMMENT ON FUNCTION @extschema@.assignment_ne(@extschema@.assignment, @extschema@.assignment) IS 'not assignment_eq';
COMMENT ON FUNCTION @extschema@.assignment_lt(@extschema@.assignment, @extschema@.assignment) IS 'btree order: method, then pairs';
COMMENT ON FUNCTION @extschema@.assignment_le(@extschema@.assignment, @extschema@.assignment) IS 'btree order: method, then pairs';
COMMENT ON FUNCTION @extschema@.assignment_gt(@extschema@.assignment, @extschema@.assignment) IS 'btree order: method, then pairs';
COMMENT ON FUNCTION @extschema@.assignment_ge(@extschema@.assignment, @extschema@.assignment) IS 'btree order: method, then pairs';
COMMENT ON FUNCTION @extschema@.assignment_cmp(@extschema@.assignment, @extschema@.assignment) IS 'btree support: method, then pairs';
COMMENT ON FUNCTION @extschema@.assignment_hash(@extschema@.assignment) IS 'hash support for assignment';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.assignment, RIGHTARG = @extschema@.assignment,
	PROCEDURE = @extschema@.assignment_eq, COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.assignment, RIGHTARG = @extschema@.assignment,
	PROCEDURE = @extschema@.assignment_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.assignment, RIGHTARG = @extschema@.assignment,
	PROCEDURE = @extschema@.assignment_lt, COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.assignment, RIGHTARG = @extschema@.assignment,
	PROCEDURE = @extschema@.assignment_le, COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.assignment, RIGHTARG = @extschema@.assignment,
	PROCEDURE = @extschema@.assignment_gt, COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.assignment, RIGHTARG = @extschema@.assignment,
	PROCEDURE = @extschema@.assignment_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR @extschema@.=(@extschema@.assignment, @extschema@.assignment) IS 'same method and same pairs';
COMMENT ON OPERATOR @extschema@.<>(@extschema@.assignment, @extschema@.assignment) IS 'different method or pairs';
COMMENT ON OPERATOR @extschema@.<(@extschema@.assignment, @extschema@.assignment) IS 'sorts before (method, then pairs)';
COMMENT ON OPERATOR @extschema@.<=(@extschema@.assignment, @extschema@.assignment) IS 'sorts before or equal (method, then pairs)';
COMMENT ON OPERATOR @extschema@.>(@extschema@.assignment, @extschema@.assignment) IS 'sorts after (method, then pairs)';
COMMENT ON OPERATOR @extschema@.>=(@extschema@.assignment, @extschema@.assignment) IS 'sorts after or equal (method, then pairs)';

CREATE OPERATOR CLASS @extschema@.assignment_ops
DEFAULT FOR TYPE @extschema@.assignment USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.assignment_cmp(@extschema@.assignment, @extschema@.assignment);
CREATE OPERATOR CLASS @extschema@.assignment_hash_ops
DEFAULT FOR TYPE @extschema@.assignment USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.assignment_hash(@extschema@.assignment);
COMMENT ON OPERATOR CLASS @extschema@.assignment_ops USING btree IS 'btree order of assignments';
COMMENT ON OPERATOR CLASS @extschema@.assignment_hash_ops USING hash IS 'hash of assignments';

-- scenario.assign_state: the candidates collected by scenario.assign ------

CREATE TYPE @extschema@.assign_state;

CREATE FUNCTION @extschema@.assign_state_in(cstring) RETURNS @extschema@.assign_state
AS 'MODULE_PATHNAME', 'assign_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_state_out(@extschema@.assign_state) RETURNS cstring
AS 'MODULE_PATHNAME', 'assign_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_state_recv(internal) RETURNS @extschema@.assign_state
AS 'MODULE_PATHNAME', 'assign_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_state_send(@extschema@.assign_state) RETURNS bytea
AS 'MODULE_PATHNAME', 'assign_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.assign_state (
	INPUT = @extschema@.assign_state_in,
	OUTPUT = @extschema@.assign_state_out,
	RECEIVE = @extschema@.assign_state_recv,
	SEND = @extschema@.assign_state_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.assign_state IS
'state of scenario.assign: the candidate pairs so far; text form method:{(demand_id,supply_id,score,demand_capacity,supply_capacity),...}, an empty capacity meaning not given';
COMMENT ON FUNCTION @extschema@.assign_state_in(cstring) IS 'text input of assign_state';
COMMENT ON FUNCTION @extschema@.assign_state_out(@extschema@.assign_state) IS 'text output of assign_state';
COMMENT ON FUNCTION @extschema@.assign_state_recv(internal) IS 'binary input of assign_state';
COMMENT ON FUNCTION @extschema@.assign_state_send(@extschema@.assign_state) IS 'binary output of assign_state';

-- The transition and combine functions read scenario.assign_max_candidates,
-- a limit that only ever raises an error: STABLE, like anything reading a
-- setting.
CREATE FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8)
RETURNS @extschema@.assign_state
AS 'MODULE_PATHNAME', 'assign_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8, text)
RETURNS @extschema@.assign_state
AS 'MODULE_PATHNAME', 'assign_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8, integer, integer)
RETURNS @extschema@.assign_state
AS 'MODULE_PATHNAME', 'assign_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8, integer, integer, text)
RETURNS @extschema@.assign_state
AS 'MODULE_PATHNAME', 'assign_trans' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_combine(@extschema@.assign_state, @extschema@.assign_state)
RETURNS @extschema@.assign_state
AS 'MODULE_PATHNAME', 'assign_combine' LANGUAGE C STABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.assign_final(@extschema@.assign_state)
RETURNS @extschema@.assignment
AS 'MODULE_PATHNAME', 'assign_final' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8) IS
'transition function of scenario.assign: appends one candidate pair';
COMMENT ON FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8, text) IS
'transition function of scenario.assign: appends one candidate pair';
COMMENT ON FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8, integer, integer) IS
'transition function of scenario.assign: appends one candidate pair';
COMMENT ON FUNCTION @extschema@.assign_trans(@extschema@.assign_state, bigint, bigint, float8, integer, integer, text) IS
'transition function of scenario.assign: appends one candidate pair';
COMMENT ON FUNCTION @extschema@.assign_combine(@extschema@.assign_state, @extschema@.assign_state) IS
'combine function of scenario.assign: concatenates two candidate lists';
COMMENT ON FUNCTION @extschema@.assign_final(@extschema@.assign_state) IS
'final function of scenario.assign: solves the matching problem';

CREATE AGGREGATE @extschema@.assign(demand_id bigint, supply_id bigint, score float8) (
	SFUNC = @extschema@.assign_trans, STYPE = @extschema@.assign_state,
	COMBINEFUNC = @extschema@.assign_combine, FINALFUNC = @extschema@.assign_final,
	PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.assign(demand_id bigint, supply_id bigint, score float8, method text) (
	SFUNC = @extschema@.assign_trans, STYPE = @extschema@.assign_state,
	COMBINEFUNC = @extschema@.assign_combine, FINALFUNC = @extschema@.assign_final,
	PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.assign(demand_id bigint, supply_id bigint, score float8,
		demand_capacity integer, supply_capacity integer) (
	SFUNC = @extschema@.assign_trans, STYPE = @extschema@.assign_state,
	COMBINEFUNC = @extschema@.assign_combine, FINALFUNC = @extschema@.assign_final,
	PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.assign(demand_id bigint, supply_id bigint, score float8,
		demand_capacity integer, supply_capacity integer, method text) (
	SFUNC = @extschema@.assign_trans, STYPE = @extschema@.assign_state,
	COMBINEFUNC = @extschema@.assign_combine, FINALFUNC = @extschema@.assign_final,
	PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.assign(bigint, bigint, float8) IS
'maximum-total-score pairing of candidate pairs (demand_id, supply_id, score), each id matched at most once; only pairs with a positive score are chosen';
COMMENT ON AGGREGATE @extschema@.assign(bigint, bigint, float8, text) IS
'pairing of candidate pairs by method optimal (maximum total score), stable (demand-proposing deferred acceptance) or greedy (highest score first)';
COMMENT ON AGGREGATE @extschema@.assign(bigint, bigint, float8, integer, integer) IS
'maximum-total-score pairing with capacities: each demand and supply matched at most its capacity (NULL: 1; must agree between rows of an id)';
COMMENT ON AGGREGATE @extschema@.assign(bigint, bigint, float8, integer, integer, text) IS
'pairing with capacities by method optimal, stable or greedy';

CREATE FUNCTION @extschema@.assign_matrix(scores float8[], method text DEFAULT 'optimal')
RETURNS @extschema@.assignment
AS 'MODULE_PATHNAME', 'assign_matrix' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assign_matrix(float8[], text) IS
'solve a two-dimensional score matrix: demand ids are row numbers, supply ids column numbers (from 1); NULL cells are pairs not allowed';

-- jsonb forms (their casts are in bi.sql) ------------------------------

CREATE FUNCTION @extschema@.assignment_jsonb(@extschema@.assignment) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.jsonb_build_object(
	'method', @extschema@.method($1),
	'pair_count', @extschema@.pair_count($1),
	'total_score', @extschema@.total_score($1),
	'pairs', COALESCE((SELECT pg_catalog.jsonb_agg(pg_catalog.to_jsonb(p) ORDER BY p.demand_id, p.supply_id)
	                   FROM @extschema@.unnest($1) AS p), '[]'))
$$;
COMMENT ON FUNCTION @extschema@.assignment_jsonb(@extschema@.assignment) IS
'an assignment as {"method", "pair_count", "total_score", "pairs": [{demand_id, supply_id, score}, ...]}, pairs by ids';

CREATE FUNCTION @extschema@.assign_state_jsonb(@extschema@.assign_state) RETURNS jsonb
AS 'MODULE_PATHNAME', 'assign_state_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.assign_state_jsonb(@extschema@.assign_state) IS
'an assign aggregate state as {"method", "candidates": [{demand_id, supply_id, score, demand_capacity, supply_capacity}, ...]}';
