-- bi: casts and BI support ---------------------------------------------
--
-- Every type of ours reads as text (its documented text form, through its
-- output function) and as jsonb (its fields as a JSON object) in a client
-- that knows nothing of it. The jsonb casts of the types below are written
-- in SQL over the text forms the modules document, so these functions are
-- also parsers of those grammars and tests of them. Types whose module
-- defines its own jsonb cast are left to that module.

SELECT @extschema@._require_library('0.1.0');

-- stage: the enum's label as a JSON string ----------------------------

CREATE FUNCTION @extschema@.stage_jsonb(@extschema@.stage) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.to_jsonb($1::pg_catalog.text) $$;
COMMENT ON FUNCTION @extschema@.stage_jsonb(@extschema@.stage) IS
'a stage as a JSON string, its label';
CREATE CAST (@extschema@.stage AS jsonb) WITH FUNCTION @extschema@.stage_jsonb(@extschema@.stage);
COMMENT ON CAST (@extschema@.stage AS jsonb) IS 'a stage as a JSON string, its label (stage_jsonb)';

-- funnel: one object per stage ------------------------------------------
-- Text: clauses "<stage> <reached>[ median <D>d HH:MM:SS[.f] over <timed>]"
-- joined by "; ", all six stages in order.

CREATE FUNCTION @extschema@.funnel_jsonb(@extschema@.funnel) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.jsonb_build_object('stages', pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
	'stage', r.stage, 'position', r.position, 'reached', r.reached,
	'timed', COALESCE(m[7]::bigint, 0),
	'median_seconds', m[3]::numeric * 86400 + m[4]::numeric * 3600 + m[5]::numeric * 60 + m[6]::numeric,
	'median_days', r.median_days,
	'conversion_prev', r.conversion_prev, 'conversion_first', r.conversion_first)
	ORDER BY r.position))
FROM pg_catalog.regexp_split_to_table($1::pg_catalog.text, '; ') WITH ORDINALITY AS c(clause, n)
CROSS JOIN LATERAL pg_catalog.regexp_match(c.clause,
	'^([a-z]+) ([0-9]+)(?: median ([0-9]+)d ([0-9]{2}):([0-9]{2}):([0-9]{2}(?:\.[0-9]+)?) over ([0-9]+))?$') AS m
JOIN @extschema@.funnel_rows($1) AS r ON r.position = c.n AND r.stage = m[1]
$$;
COMMENT ON FUNCTION @extschema@.funnel_jsonb(@extschema@.funnel) IS
'a funnel as {"stages": [{stage, position, reached, timed, median_seconds, median_days, conversion_prev, conversion_first}, ...]} in stage order';
CREATE CAST (@extschema@.funnel AS jsonb) WITH FUNCTION @extschema@.funnel_jsonb(@extschema@.funnel);
COMMENT ON CAST (@extschema@.funnel AS jsonb) IS 'a funnel as jsonb, one object per stage (funnel_jsonb)';

-- funnel_state: the transitions -----------------------------------------
-- Text: "<item> <stage> <ISO 8601 UTC time>" joined by "; " (empty: no rows).

CREATE FUNCTION @extschema@.funnel_state_jsonb(@extschema@.funnel_state) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.jsonb_build_object('transitions', COALESCE(pg_catalog.jsonb_agg(
	pg_catalog.jsonb_build_object('item', m[1]::bigint, 'stage', m[2], 'at', m[3]) ORDER BY c.n),
	'[]'))
FROM pg_catalog.regexp_split_to_table(NULLIF($1::pg_catalog.text, ''), '; ') WITH ORDINALITY AS c(clause, n)
CROSS JOIN LATERAL pg_catalog.regexp_match(c.clause, '^(-?[0-9]+) ([a-z]+) (\S+Z)$') AS m
$$;
COMMENT ON FUNCTION @extschema@.funnel_state_jsonb(@extschema@.funnel_state) IS
'a funnel aggregate state as {"transitions": [{item, stage, at}, ...]} in arrival order, at in ISO 8601 UTC';
CREATE CAST (@extschema@.funnel_state AS jsonb) WITH FUNCTION @extschema@.funnel_state_jsonb(@extschema@.funnel_state);
COMMENT ON CAST (@extschema@.funnel_state AS jsonb) IS 'a funnel state as jsonb (funnel_state_jsonb)';

-- assignment: method, totals and pairs ----------------------------------

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
CREATE CAST (@extschema@.assignment AS jsonb) WITH FUNCTION @extschema@.assignment_jsonb(@extschema@.assignment);
COMMENT ON CAST (@extschema@.assignment AS jsonb) IS 'an assignment as jsonb (assignment_jsonb)';

-- assign_state: the candidate pairs -------------------------------------
-- Text: "<method>:{(d,s,score,dcap,scap),...}", an empty capacity = not given.

CREATE FUNCTION @extschema@.assign_state_jsonb(@extschema@.assign_state) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.jsonb_build_object(
	'method', pg_catalog.split_part($1::pg_catalog.text, ':', 1),
	'candidates', COALESCE((
		SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
			'demand_id', m[1]::bigint, 'supply_id', m[2]::bigint, 'score', m[3]::float8,
			'demand_capacity', NULLIF(m[4], '')::integer,
			'supply_capacity', NULLIF(m[5], '')::integer) ORDER BY c.n)
		FROM pg_catalog.regexp_matches($1::pg_catalog.text,
			'\((-?[0-9]+),(-?[0-9]+),([^,()]+),([0-9]*),([0-9]*)\)', 'g') WITH ORDINALITY AS c(m, n)),
		'[]'))
$$;
COMMENT ON FUNCTION @extschema@.assign_state_jsonb(@extschema@.assign_state) IS
'an assign aggregate state as {"method", "candidates": [{demand_id, supply_id, score, demand_capacity, supply_capacity}, ...]}';
CREATE CAST (@extschema@.assign_state AS jsonb) WITH FUNCTION @extschema@.assign_state_jsonb(@extschema@.assign_state);
COMMENT ON CAST (@extschema@.assign_state AS jsonb) IS 'an assign state as jsonb (assign_state_jsonb)';

-- classifier: what the model holds (its text form is the base64 image) ---

CREATE FUNCTION @extschema@.classifier_jsonb(@extschema@.classifier) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.to_jsonb(i) FROM @extschema@.classifier_info($1) AS i $$;
COMMENT ON FUNCTION @extschema@.classifier_jsonb(@extschema@.classifier) IS
'a classifier as {"version", "labels", "features", "documents", "temperature", "options"} (classifier_info); the weights stay in the text form';
CREATE CAST (@extschema@.classifier AS jsonb) WITH FUNCTION @extschema@.classifier_jsonb(@extschema@.classifier);
COMMENT ON CAST (@extschema@.classifier AS jsonb) IS 'a classifier summary as jsonb (classifier_jsonb)';

CREATE FUNCTION @extschema@.classifier_state_jsonb(@extschema@.classifier_state) RETURNS jsonb
AS 'MODULE_PATHNAME', 'classifier_state_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classifier_state_jsonb(@extschema@.classifier_state) IS
'a classifier training state as {"documents", "options", "labels": {label: documents}}; the features stay in the text form';
CREATE CAST (@extschema@.classifier_state AS jsonb) WITH FUNCTION @extschema@.classifier_state_jsonb(@extschema@.classifier_state);
COMMENT ON CAST (@extschema@.classifier_state AS jsonb) IS 'a classifier state summary as jsonb (classifier_state_jsonb)';

-- sector: its parts (names come from the catalog, so they stay out of an
-- immutable cast: sector_name() gives them)

CREATE FUNCTION @extschema@.sector_jsonb(@extschema@.sector) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.jsonb_build_object('text', $1::pg_catalog.text,
	'taxonomy', @extschema@.sector_taxonomy($1), 'code', @extschema@.sector_code($1),
	'level', @extschema@.sector_level($1), 'parent', @extschema@.sector_parent($1)::pg_catalog.text)
$$;
COMMENT ON FUNCTION @extschema@.sector_jsonb(@extschema@.sector) IS
'a sector as {"text", "taxonomy", "code", "level", "parent"}';
CREATE CAST (@extschema@.sector AS jsonb) WITH FUNCTION @extschema@.sector_jsonb(@extschema@.sector);
COMMENT ON CAST (@extschema@.sector AS jsonb) IS 'a sector as jsonb (sector_jsonb)';

-- target_status: the label ----------------------------------------------

CREATE FUNCTION @extschema@.target_status_jsonb(@extschema@.target_status) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.to_jsonb($1::pg_catalog.text) $$;
COMMENT ON FUNCTION @extschema@.target_status_jsonb(@extschema@.target_status) IS
'a target status as a JSON string, its label';
CREATE CAST (@extschema@.target_status AS jsonb) WITH FUNCTION @extschema@.target_status_jsonb(@extschema@.target_status);
COMMENT ON CAST (@extschema@.target_status AS jsonb) IS 'a target status as a JSON string (target_status_jsonb)';

-- tracking: the target, the ignored tallies and the days with events -----
-- Text: "<target>; ignored <before> <after> <null>;[ <day> <n> <sum> <sumsq>{, ...}]"

CREATE FUNCTION @extschema@.tracking_jsonb(@extschema@.tracking) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.jsonb_build_object(
	'target', @extschema@.target_to_jsonb(@extschema@.tracking_target($1)),
	'events', @extschema@.tracking_events($1),
	'ignored', pg_catalog.jsonb_build_object('before', m[1]::bigint, 'after', m[2]::bigint, 'null', m[3]::bigint),
	'days', COALESCE((
		SELECT pg_catalog.jsonb_agg(pg_catalog.jsonb_build_object(
			'day', d[1], 'n', d[2]::bigint, 'sum', d[3]::float8, 'sumsq', d[4]::float8) ORDER BY c.n)
		FROM pg_catalog.regexp_matches(m[4], '(\d{4}-\d\d-\d\d) (\d+) (\S+) ([^\s,]+)', 'g') WITH ORDINALITY AS c(d, n)),
		'[]'))
FROM pg_catalog.regexp_match($1::pg_catalog.text, '; ignored (\d+) (\d+) (\d+);(.*)$') AS m
$$;
COMMENT ON FUNCTION @extschema@.tracking_jsonb(@extschema@.tracking) IS
'a tracking as {"target": {...}, "events", "ignored": {before, after, null}, "days": [{day, n, sum, sumsq}, ...]}';
CREATE CAST (@extschema@.tracking AS jsonb) WITH FUNCTION @extschema@.tracking_jsonb(@extschema@.tracking);
COMMENT ON CAST (@extschema@.tracking AS jsonb) IS 'a tracking as jsonb (tracking_jsonb)';

-- text casts, listed in pg_cast so that tools which look there find them
-- (an explicit ::text works for every type in any case, through its output)

CREATE CAST (@extschema@.stage AS text) WITH INOUT;
CREATE CAST (@extschema@.funnel AS text) WITH INOUT;
CREATE CAST (@extschema@.funnel_state AS text) WITH INOUT;
CREATE CAST (@extschema@.assignment AS text) WITH INOUT;
CREATE CAST (@extschema@.assign_state AS text) WITH INOUT;
CREATE CAST (@extschema@.classifier AS text) WITH INOUT;
CREATE CAST (@extschema@.classifier_state AS text) WITH INOUT;
CREATE CAST (@extschema@.target_status AS text) WITH INOUT;
CREATE CAST (@extschema@.tracking AS text) WITH INOUT;
COMMENT ON CAST (@extschema@.stage AS text) IS 'the label of a stage';
COMMENT ON CAST (@extschema@.funnel AS text) IS 'the documented text form of a funnel';
COMMENT ON CAST (@extschema@.funnel_state AS text) IS 'the documented text form of a funnel state';
COMMENT ON CAST (@extschema@.assignment AS text) IS 'the documented text form of an assignment';
COMMENT ON CAST (@extschema@.assign_state AS text) IS 'the documented text form of an assign state';
COMMENT ON CAST (@extschema@.classifier AS text) IS 'the text form of a classifier (classifier: + base64 image)';
COMMENT ON CAST (@extschema@.classifier_state AS text) IS 'the text form of a classifier state (classifier_state: + base64 image)';
COMMENT ON CAST (@extschema@.target_status AS text) IS 'the label of a target status';
COMMENT ON CAST (@extschema@.tracking AS text) IS 'the documented text form of a tracking';
