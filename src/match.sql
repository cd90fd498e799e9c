
-- match: matching profiles, scores, top-k -------------------------------
SELECT @extschema@._require_library('0.1.0');

CREATE TYPE @extschema@.demand;
CREATE TYPE @extschema@.supply;

CREATE FUNCTION @extschema@.demand_in(cstring) RETURNS @extschema@.demand
AS 'MODULE_PATHNAME', 'demand_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.demand_out(@extschema@.demand) RETURNS cstring
AS 'MODULE_PATHNAME', 'profile_out_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.demand_recv(internal) RETURNS @extschema@.demand
AS 'MODULE_PATHNAME', 'demand_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.demand_send(@extschema@.demand) RETURNS bytea
AS 'MODULE_PATHNAME', 'profile_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.demand (
	INPUT = @extschema@.demand_in, OUTPUT = @extschema@.demand_out,
	RECEIVE = @extschema@.demand_recv, SEND = @extschema@.demand_send,
	INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);

CREATE FUNCTION @extschema@.supply_in(cstring) RETURNS @extschema@.supply
AS 'MODULE_PATHNAME', 'supply_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.supply_out(@extschema@.supply) RETURNS cstring
AS 'MODULE_PATHNAME', 'profile_out_fn' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.supply_recv(internal) RETURNS @extschema@.supply
AS 'MODULE_PATHNAME', 'supply_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.supply_send(@extschema@.supply) RETURNS bytea
AS 'MODULE_PATHNAME', 'profile_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.supply (
	INPUT = @extschema@.supply_in, OUTPUT = @extschema@.supply_out,
	RECEIVE = @extschema@.supply_recv, SEND = @extschema@.supply_send,
	INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended
);

COMMENT ON TYPE @extschema@.demand IS
'matching profile of a scenario opportunity: sectors, text, budget, region, required TRL, deadline (any may be missing)';
COMMENT ON TYPE @extschema@.supply IS
'matching profile of an offered technology or product: sectors, text, price, served regions, TRL, availability date (any may be missing)';
COMMENT ON FUNCTION @extschema@.demand_in(cstring) IS 'text input of demand profiles';
COMMENT ON FUNCTION @extschema@.demand_out(@extschema@.demand) IS 'canonical text output of demand profiles';
COMMENT ON FUNCTION @extschema@.demand_recv(internal) IS 'binary input of demand profiles, validated as text input is';
COMMENT ON FUNCTION @extschema@.demand_send(@extschema@.demand) IS 'binary output of demand profiles';
COMMENT ON FUNCTION @extschema@.supply_in(cstring) IS 'text input of supply profiles';
COMMENT ON FUNCTION @extschema@.supply_out(@extschema@.supply) IS 'canonical text output of supply profiles';
COMMENT ON FUNCTION @extschema@.supply_recv(internal) IS 'binary input of supply profiles, validated as text input is';
COMMENT ON FUNCTION @extschema@.supply_send(@extschema@.supply) IS 'binary output of supply profiles';

CREATE FUNCTION @extschema@.demand_profile(
	sectors @extschema@.sector[] DEFAULT NULL, text text DEFAULT NULL, budget float8 DEFAULT NULL,
	region text DEFAULT NULL, trl integer DEFAULT NULL, deadline date DEFAULT NULL)
RETURNS @extschema@.demand
AS 'MODULE_PATHNAME', 'demand_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_profile(@extschema@.sector[], text, float8, text, integer, date) IS
'builds a demand profile; region is a GB/T 2260 code or a Guangdong city name, budget in RMB, trl 1-9; NULL arguments are missing fields';

CREATE FUNCTION @extschema@.supply_profile(
	sectors @extschema@.sector[] DEFAULT NULL, text text DEFAULT NULL, price float8 DEFAULT NULL,
	regions text[] DEFAULT NULL, trl integer DEFAULT NULL, available date DEFAULT NULL)
RETURNS @extschema@.supply
AS 'MODULE_PATHNAME', 'supply_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.supply_profile(@extschema@.sector[], text, float8, text[], integer, date) IS
'builds a supply profile; regions served are GB/T 2260 codes or Guangdong city names, price in RMB, trl 1-9; NULL arguments are missing fields';

CREATE FUNCTION @extschema@.demand_jsonb(@extschema@.demand) RETURNS jsonb
AS 'MODULE_PATHNAME', 'profile_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.demand_jsonb(@extschema@.demand) IS 'the fields of a demand profile as jsonb';
CREATE FUNCTION @extschema@.supply_jsonb(@extschema@.supply) RETURNS jsonb
AS 'MODULE_PATHNAME', 'profile_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.supply_jsonb(@extschema@.supply) IS 'the fields of a supply profile as jsonb';
CREATE CAST (@extschema@.demand AS jsonb) WITH FUNCTION @extschema@.demand_jsonb(@extschema@.demand);
CREATE CAST (@extschema@.supply AS jsonb) WITH FUNCTION @extschema@.supply_jsonb(@extschema@.supply);
CREATE CAST (@extschema@.demand AS text) WITH INOUT;
CREATE CAST (@extschema@.supply AS text) WITH INOUT;
COMMENT ON CAST (@extschema@.demand AS jsonb) IS 'the fields of a demand profile as jsonb';
COMMENT ON CAST (@extschema@.supply AS jsonb) IS 'the fields of a supply profile as jsonb';
COMMENT ON CAST (@extschema@.demand AS text) IS 'the canonical text of a demand profile';
COMMENT ON CAST (@extschema@.supply AS text) IS 'the canonical text of a supply profile';

CREATE FUNCTION @extschema@.match_score(@extschema@.demand, @extschema@.supply) RETURNS float8
AS 'MODULE_PATHNAME', 'match_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_score(@extschema@.demand, @extschema@.supply) IS
'how well an offer fits an opportunity, in [0, 1]: the weight the sector, text, money, region, trl and time criteria earn over the whole weight (default weights); a criterion one side lacks earns 0, sector and text gate the other four';
CREATE FUNCTION @extschema@.match_score(@extschema@.demand, @extschema@.supply, weights jsonb) RETURNS float8
AS 'MODULE_PATHNAME', 'match_score' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_score(@extschema@.demand, @extschema@.supply, jsonb) IS
'match_score with weights overridden by a jsonb object such as {"text": 0.5, "time": 0}';

CREATE FUNCTION @extschema@.match_explain(@extschema@.demand, @extschema@.supply) RETURNS jsonb
AS 'MODULE_PATHNAME', 'match_explain' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_explain(@extschema@.demand, @extschema@.supply) IS
'match_score criterion by criterion: coverage, relevance gate, each score, the weight asked for and applied, and the evidence';
CREATE FUNCTION @extschema@.match_explain(@extschema@.demand, @extschema@.supply, weights jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'match_explain' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_explain(@extschema@.demand, @extschema@.supply, jsonb) IS
'match_explain with weights overridden by a jsonb object';

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

CREATE FUNCTION @extschema@.match_distance(@extschema@.supply, @extschema@.demand) RETURNS float8
AS 'MODULE_PATHNAME', 'match_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_distance(@extschema@.supply, @extschema@.demand) IS
'1 - match_score(demand, supply) with the default weights; the <-> operator';
CREATE FUNCTION @extschema@.match_distance(@extschema@.demand, @extschema@.supply) RETURNS float8
AS 'MODULE_PATHNAME', 'match_distance_commute' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_distance(@extschema@.demand, @extschema@.supply) IS
'1 - match_score(demand, supply) with the default weights; the <-> operator';

CREATE OPERATOR @extschema@.<-> (
	LEFTARG = @extschema@.supply, RIGHTARG = @extschema@.demand,
	FUNCTION = @extschema@.match_distance, COMMUTATOR = OPERATOR(@extschema@.<->)
);
CREATE OPERATOR @extschema@.<-> (
	LEFTARG = @extschema@.demand, RIGHTARG = @extschema@.supply,
	FUNCTION = @extschema@.match_distance, COMMUTATOR = OPERATOR(@extschema@.<->)
);
COMMENT ON OPERATOR @extschema@.<-> (@extschema@.supply, @extschema@.demand) IS
'match distance, 1 - match_score: ORDER BY offer <-> opportunity LIMIT k uses a GiST index';
COMMENT ON OPERATOR @extschema@.<-> (@extschema@.demand, @extschema@.supply) IS
'match distance, 1 - match_score';

-- The index key: a supply profile stripped for the index, or a summary of a
-- subtree.  Plain storage, so index tuples are never compressed (keys are
-- read on every visit; decompressing them cost a third of a search).
CREATE TYPE @extschema@.supply_gist_key;
CREATE FUNCTION @extschema@.supply_gist_key_in(cstring) RETURNS @extschema@.supply_gist_key
AS 'MODULE_PATHNAME', 'match_gist_key_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.supply_gist_key_out(@extschema@.supply_gist_key) RETURNS cstring
AS 'MODULE_PATHNAME', 'match_gist_key_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.supply_gist_key (
	INPUT = @extschema@.supply_gist_key_in, OUTPUT = @extschema@.supply_gist_key_out,
	INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = plain
);
COMMENT ON TYPE @extschema@.supply_gist_key IS 'internal: the key of supply_ops GiST indexes';
COMMENT ON FUNCTION @extschema@.supply_gist_key_in(cstring) IS 'internal: not supported (index keys have no text form)';
COMMENT ON FUNCTION @extschema@.supply_gist_key_out(@extschema@.supply_gist_key) IS 'internal: not supported (index keys have no text form)';

CREATE FUNCTION @extschema@.match_gist_consistent(internal, @extschema@.supply, smallint, oid, internal) RETURNS boolean
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.match_gist_union(internal, internal) RETURNS @extschema@.supply_gist_key
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.match_gist_compress(internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.match_gist_penalty(internal, internal, internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.match_gist_picksplit(internal, internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.match_gist_same(@extschema@.supply_gist_key, @extschema@.supply_gist_key, internal) RETURNS internal
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.match_gist_distance(internal, @extschema@.supply, smallint, oid, internal) RETURNS float8
AS 'MODULE_PATHNAME' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.match_gist_consistent(internal, @extschema@.supply, smallint, oid, internal) IS 'GiST support for supply_ops';
COMMENT ON FUNCTION @extschema@.match_gist_union(internal, internal) IS 'GiST support for supply_ops';
COMMENT ON FUNCTION @extschema@.match_gist_compress(internal) IS 'GiST support for supply_ops';
COMMENT ON FUNCTION @extschema@.match_gist_penalty(internal, internal, internal) IS 'GiST support for supply_ops';
COMMENT ON FUNCTION @extschema@.match_gist_picksplit(internal, internal) IS 'GiST support for supply_ops';
COMMENT ON FUNCTION @extschema@.match_gist_same(@extschema@.supply_gist_key, @extschema@.supply_gist_key, internal) IS 'GiST support for supply_ops';
COMMENT ON FUNCTION @extschema@.match_gist_distance(internal, @extschema@.supply, smallint, oid, internal) IS 'GiST support for supply_ops: 1 - an upper bound of the score below a key';

CREATE OPERATOR CLASS @extschema@.supply_ops DEFAULT FOR TYPE @extschema@.supply USING gist AS
	OPERATOR 15 @extschema@.<-> (@extschema@.supply, @extschema@.demand) FOR ORDER BY pg_catalog.float_ops,
	FUNCTION 1 @extschema@.match_gist_consistent(internal, @extschema@.supply, smallint, oid, internal),
	FUNCTION 2 @extschema@.match_gist_union(internal, internal),
	FUNCTION 3 @extschema@.match_gist_compress(internal),
	FUNCTION 5 @extschema@.match_gist_penalty(internal, internal, internal),
	FUNCTION 6 @extschema@.match_gist_picksplit(internal, internal),
	FUNCTION 7 @extschema@.match_gist_same(@extschema@.supply_gist_key, @extschema@.supply_gist_key, internal),
	FUNCTION 8 @extschema@.match_gist_distance(internal, @extschema@.supply, smallint, oid, internal),
	STORAGE @extschema@.supply_gist_key;
COMMENT ON OPERATOR CLASS @extschema@.supply_ops USING gist IS
'exact top-k offers for an opportunity: ORDER BY offer <-> opportunity LIMIT k';

CREATE FUNCTION @extschema@._match_term_idf(term text) RETURNS real
AS 'MODULE_PATHNAME', 'match_term_idf' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._match_term_idf(text) IS
'internal: the inverse document frequency the text criterion gives one term (a word, or one or two CJK characters)';

-- The per-opportunity top-k as a function: the form Citus runs on a
-- distributed offer table.  Reads a table: STABLE; runs a query: PARALLEL
-- RESTRICTED; not STRICT, since the table is named by a NULL of its type.
CREATE FUNCTION @extschema@.top_offers(offers anyelement, opportunity @extschema@.demand, k integer,
                                       filter text DEFAULT NULL)
RETURNS SETOF anyelement
AS 'MODULE_PATHNAME', 'top_offers' LANGUAGE C STABLE PARALLEL RESTRICTED ROWS 10;
COMMENT ON FUNCTION @extschema@.top_offers(anyelement, @extschema@.demand, integer, text) IS
'the k rows of a table of offers (named by its row type, as NULL::offer) whose supply profile is nearest the opportunity, best first, through its GiST index; filter: an SQL condition on the table''s columns; the per-opportunity top-k that runs on Citus';
