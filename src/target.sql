SELECT @extschema@._require_library('0.1.0');

-- target: targets and tracking ------------------------------------------

-- the target type ------------------------------------------------------

CREATE TYPE @extschema@.target;

CREATE FUNCTION @extschema@.target_in(cstring) RETURNS @extschema@.target
AS 'MODULE_PATHNAME', 'target_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.target_out(@extschema@.target) RETURNS cstring
AS 'MODULE_PATHNAME', 'target_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.target_recv(internal) RETURNS @extschema@.target
AS 'MODULE_PATHNAME', 'target_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.target_send(@extschema@.target) RETURNS bytea
AS 'MODULE_PATHNAME', 'target_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.target (
	INPUT = @extschema@.target_in,
	OUTPUT = @extschema@.target_out,
	RECEIVE = @extschema@.target_recv,
	SEND = @extschema@.target_send,
	INTERNALLENGTH = 32,
	ALIGNMENT = double,
	STORAGE = plain
);
COMMENT ON TYPE @extschema@.target IS
'a goal with a pace: ">= 10 by 2027-12-31 from 2024-01-01", ">= 100 per year", ">= 40e9 CNY by 2025-12-31 from 2023-01-01 at 0", "<= 5 per month in UTC" (days of Asia/Shanghai unless "in" names a zone)';
COMMENT ON FUNCTION @extschema@.target_in(cstring) IS 'text input of target (see the grammar in the README)';
COMMENT ON FUNCTION @extschema@.target_out(@extschema@.target) IS 'canonical text of a target';
COMMENT ON FUNCTION @extschema@.target_recv(internal) IS 'binary input of target, validated as text input is';
COMMENT ON FUNCTION @extschema@.target_send(@extschema@.target) IS 'binary output of target';

CREATE TYPE @extschema@.target_status AS ENUM
	('achieved', 'on_track', 'at_risk', 'off_track', 'missed', 'not_started');
COMMENT ON TYPE @extschema@.target_status IS
'where a target stands on a day: achieved, on_track, at_risk, off_track, missed, not_started';

-- accessors

CREATE FUNCTION @extschema@.target_op(@extschema@.target) RETURNS text
AS 'MODULE_PATHNAME', 'target_op' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_op(@extschema@.target) IS
'">=" for a floor (reach at least the goal), "<=" for a ceiling (stay at or under it)';
CREATE FUNCTION @extschema@.target_goal(@extschema@.target) RETURNS float8
AS 'MODULE_PATHNAME', 'target_goal' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_goal(@extschema@.target) IS 'the goal value of a target';
CREATE FUNCTION @extschema@.target_unit(@extschema@.target) RETURNS text
AS 'MODULE_PATHNAME', 'target_unit' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_unit(@extschema@.target) IS 'the unit of a target (CNY, zones, ...), NULL when it has none';
CREATE FUNCTION @extschema@.target_period(@extschema@.target) RETURNS text
AS 'MODULE_PATHNAME', 'target_period' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_period(@extschema@.target) IS 'year, quarter or month for a per-period target; NULL for a window target';
CREATE FUNCTION @extschema@.target_start(@extschema@.target) RETURNS date
AS 'MODULE_PATHNAME', 'target_start' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_start(@extschema@.target) IS 'first day of a window target (NULL for a per-period target)';
CREATE FUNCTION @extschema@.target_due(@extschema@.target) RETURNS date
AS 'MODULE_PATHNAME', 'target_due' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_due(@extschema@.target) IS 'due day (last day) of a window target (NULL for a per-period target)';
CREATE FUNCTION @extschema@.target_baseline(@extschema@.target) RETURNS float8
AS 'MODULE_PATHNAME', 'target_baseline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_baseline(@extschema@.target) IS 'the value already reached at the start (0 unless "at" says otherwise)';
CREATE FUNCTION @extschema@.target_time_zone(@extschema@.target) RETURNS text
AS 'MODULE_PATHNAME', 'target_time_zone' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_time_zone(@extschema@.target) IS
'the time zone whose days the target counts ("in" clause; Asia/Shanghai when none is named)';

CREATE FUNCTION @extschema@.target_to_jsonb(@extschema@.target) RETURNS jsonb
AS 'MODULE_PATHNAME', 'target_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_to_jsonb(@extschema@.target) IS
'a target as a jsonb object: op, goal, unit, period, start, due, baseline and its canonical text';
CREATE CAST (@extschema@.target AS jsonb) WITH FUNCTION @extschema@.target_to_jsonb(@extschema@.target);
CREATE CAST (@extschema@.target AS text) WITH INOUT;
COMMENT ON CAST (@extschema@.target AS jsonb) IS 'a target as a jsonb object (target_to_jsonb)';
COMMENT ON CAST (@extschema@.target AS text) IS 'the canonical text of a target';

-- comparison: equality, and an order (by operator, period, due, start, goal,
-- baseline, unit) so that targets can be sorted, grouped and indexed

CREATE FUNCTION @extschema@.target_cmp(@extschema@.target, @extschema@.target) RETURNS int4
AS 'MODULE_PATHNAME', 'target_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_cmp(@extschema@.target, @extschema@.target) IS 'btree support: -1, 0 or 1';
CREATE FUNCTION @extschema@.target_eq(@extschema@.target, @extschema@.target) RETURNS boolean
AS 'MODULE_PATHNAME', 'target_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_eq(@extschema@.target, @extschema@.target) IS 'implementation of = on targets';
CREATE FUNCTION @extschema@.target_ne(@extschema@.target, @extschema@.target) RETURNS boolean
AS 'MODULE_PATHNAME', 'target_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_ne(@extschema@.target, @extschema@.target) IS 'implementation of <> on targets';
CREATE FUNCTION @extschema@.target_lt(@extschema@.target, @extschema@.target) RETURNS boolean
AS 'MODULE_PATHNAME', 'target_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_lt(@extschema@.target, @extschema@.target) IS 'implementation of < on targets';
CREATE FUNCTION @extschema@.target_le(@extschema@.target, @extschema@.target) RETURNS boolean
AS 'MODULE_PATHNAME', 'target_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_le(@extschema@.target, @extschema@.target) IS 'implementation of <= on targets';
CREATE FUNCTION @extschema@.target_gt(@extschema@.target, @extschema@.target) RETURNS boolean
AS 'MODULE_PATHNAME', 'target_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_gt(@extschema@.target, @extschema@.target) IS 'implementation of > on targets';
CREATE FUNCTION @extschema@.target_ge(@extschema@.target, @extschema@.target) RETURNS boolean
AS 'MODULE_PATHNAME', 'target_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_ge(@extschema@.target, @extschema@.target) IS 'implementation of >= on targets';
CREATE FUNCTION @extschema@.target_hash(@extschema@.target) RETURNS int4
AS 'MODULE_PATHNAME', 'target_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_hash(@extschema@.target) IS 'hash support for targets';
CREATE FUNCTION @extschema@.target_hash_extended(@extschema@.target, int8) RETURNS int8
AS 'MODULE_PATHNAME', 'target_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_hash_extended(@extschema@.target, int8) IS 'seeded hash support for targets';

CREATE OPERATOR @extschema@.= (
	LEFTARG = @extschema@.target, RIGHTARG = @extschema@.target,
	FUNCTION = @extschema@.target_eq, COMMUTATOR = OPERATOR(@extschema@.=),
	NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel,
	HASHES, MERGES);
CREATE OPERATOR @extschema@.<> (
	LEFTARG = @extschema@.target, RIGHTARG = @extschema@.target,
	FUNCTION = @extschema@.target_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
	NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
CREATE OPERATOR @extschema@.< (
	LEFTARG = @extschema@.target, RIGHTARG = @extschema@.target,
	FUNCTION = @extschema@.target_lt, COMMUTATOR = OPERATOR(@extschema@.>),
	NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
CREATE OPERATOR @extschema@.<= (
	LEFTARG = @extschema@.target, RIGHTARG = @extschema@.target,
	FUNCTION = @extschema@.target_le, COMMUTATOR = OPERATOR(@extschema@.>=),
	NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
CREATE OPERATOR @extschema@.> (
	LEFTARG = @extschema@.target, RIGHTARG = @extschema@.target,
	FUNCTION = @extschema@.target_gt, COMMUTATOR = OPERATOR(@extschema@.<),
	NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
CREATE OPERATOR @extschema@.>= (
	LEFTARG = @extschema@.target, RIGHTARG = @extschema@.target,
	FUNCTION = @extschema@.target_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
	NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR @extschema@.= (@extschema@.target, @extschema@.target) IS 'same target';
COMMENT ON OPERATOR @extschema@.<> (@extschema@.target, @extschema@.target) IS 'different targets';
COMMENT ON OPERATOR @extschema@.< (@extschema@.target, @extschema@.target) IS 'sorts before';
COMMENT ON OPERATOR @extschema@.<= (@extschema@.target, @extschema@.target) IS 'sorts before or equal';
COMMENT ON OPERATOR @extschema@.> (@extschema@.target, @extschema@.target) IS 'sorts after';
COMMENT ON OPERATOR @extschema@.>= (@extschema@.target, @extschema@.target) IS 'sorts after or equal';

CREATE OPERATOR CLASS @extschema@.target_ops DEFAULT FOR TYPE @extschema@.target USING btree AS
	OPERATOR 1 @extschema@.<,
	OPERATOR 2 @extschema@.<=,
	OPERATOR 3 @extschema@.=,
	OPERATOR 4 @extschema@.>=,
	OPERATOR 5 @extschema@.>,
	FUNCTION 1 @extschema@.target_cmp(@extschema@.target, @extschema@.target);
CREATE OPERATOR CLASS @extschema@.target_hash_ops DEFAULT FOR TYPE @extschema@.target USING hash AS
	OPERATOR 1 @extschema@.=,
	FUNCTION 1 @extschema@.target_hash(@extschema@.target),
	FUNCTION 2 @extschema@.target_hash_extended(@extschema@.target, int8);
COMMENT ON OPERATOR CLASS @extschema@.target_ops USING btree IS 'default btree order of targets';
COMMENT ON OPERATOR CLASS @extschema@.target_hash_ops USING hash IS 'default hash opclass of targets';

-- evaluating a target on a day

CREATE FUNCTION @extschema@.target_progress(t @extschema@.target, actual float8) RETURNS float8
AS 'MODULE_PATHNAME', 'target_progress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_progress(@extschema@.target, float8) IS
'share of the way from baseline to goal: (actual - baseline) / (goal - baseline); may exceed 1';
CREATE FUNCTION @extschema@.target_expected(t @extschema@.target, at date) RETURNS float8
AS 'MODULE_PATHNAME', 'target_expected' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_expected(@extschema@.target, date) IS
'the value linear pace expects at the end of day at (per-period targets: within the period holding at)';
CREATE FUNCTION @extschema@.target_status(t @extschema@.target, actual float8, at date,
	on_track float8 DEFAULT 1.0, at_risk float8 DEFAULT 0.8) RETURNS @extschema@.target_status
AS 'MODULE_PATHNAME', 'target_status' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.target_status(@extschema@.target, float8, date, float8, float8) IS
'status of actual at the end of day at: achieved, on_track (gain >= on_track * expected gain), at_risk (>= at_risk *), off_track, missed, not_started; ceilings mirrored';
CREATE FUNCTION @extschema@.target_pace(t @extschema@.target, step interval, period_of date DEFAULT NULL)
	RETURNS TABLE (at date, expected float8)
AS 'MODULE_PATHNAME', 'target_pace' LANGUAGE C IMMUTABLE PARALLEL SAFE ROWS 50;
COMMENT ON FUNCTION @extschema@.target_pace(@extschema@.target, interval, date) IS
'the expected-pace line: (day, expected) from the first day in steps of step, ending on the due day; per-period targets draw the period holding period_of';

-- tracking: the aggregate and its result ---------------------------------

CREATE TYPE @extschema@.tracking;

CREATE FUNCTION @extschema@.tracking_in(cstring) RETURNS @extschema@.tracking
AS 'MODULE_PATHNAME', 'tracking_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.tracking_out(@extschema@.tracking) RETURNS cstring
AS 'MODULE_PATHNAME', 'tracking_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.tracking_recv(internal) RETURNS @extschema@.tracking
AS 'MODULE_PATHNAME', 'tracking_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.tracking_send(@extschema@.tracking) RETURNS bytea
AS 'MODULE_PATHNAME', 'tracking_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.tracking (
	INPUT = @extschema@.tracking_in,
	OUTPUT = @extschema@.tracking_out,
	RECEIVE = @extschema@.tracking_recv,
	SEND = @extschema@.tracking_send,
	INTERNALLENGTH = VARIABLE,
	ALIGNMENT = double,
	STORAGE = extended
);
COMMENT ON TYPE @extschema@.tracking IS
'result (and partial state) of track(): a target with the per-day count, sum and sum of squares of its counted events and the ignored counts';
COMMENT ON FUNCTION @extschema@.tracking_in(cstring) IS 'text input of tracking: "<target>; ignored <before> <after> <null>; <day> <n> <sum> <sumsq>, ..."';
COMMENT ON FUNCTION @extschema@.tracking_out(@extschema@.tracking) IS 'text output of tracking; reads back exactly';
COMMENT ON FUNCTION @extschema@.tracking_recv(internal) IS 'binary input of tracking, validated as text input is';
COMMENT ON FUNCTION @extschema@.tracking_send(@extschema@.tracking) IS 'binary output of tracking';

CREATE FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, date) RETURNS @extschema@.tracking
AS 'MODULE_PATHNAME', 'tracking_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, date, float8) RETURNS @extschema@.tracking
AS 'MODULE_PATHNAME', 'tracking_trans_date' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, timestamptz) RETURNS @extschema@.tracking
AS 'MODULE_PATHNAME', 'tracking_trans_tstz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, timestamptz, float8) RETURNS @extschema@.tracking
AS 'MODULE_PATHNAME', 'tracking_trans_tstz' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@._tracking_combine(@extschema@.tracking, @extschema@.tracking) RETURNS @extschema@.tracking
AS 'MODULE_PATHNAME', 'tracking_combine' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, date) IS 'internal: transition function of track(target, date)';
COMMENT ON FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, date, float8) IS 'internal: transition function of track(target, date, amount)';
COMMENT ON FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, timestamptz) IS 'internal: transition function of track(target, timestamptz); the day is taken in the target''s time zone';
COMMENT ON FUNCTION @extschema@._tracking_trans(@extschema@.tracking, @extschema@.target, timestamptz, float8) IS 'internal: transition function of track(target, timestamptz, amount); the day is taken in the target''s time zone';
COMMENT ON FUNCTION @extschema@._tracking_combine(@extschema@.tracking, @extschema@.tracking) IS 'internal: combine function of track()';

CREATE AGGREGATE @extschema@.track(@extschema@.target, date) (
	SFUNC = @extschema@._tracking_trans, STYPE = @extschema@.tracking,
	COMBINEFUNC = @extschema@._tracking_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.track(@extschema@.target, date, float8) (
	SFUNC = @extschema@._tracking_trans, STYPE = @extschema@.tracking,
	COMBINEFUNC = @extschema@._tracking_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.track(@extschema@.target, timestamptz) (
	SFUNC = @extschema@._tracking_trans, STYPE = @extschema@.tracking,
	COMBINEFUNC = @extschema@._tracking_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.track(@extschema@.target, timestamptz, float8) (
	SFUNC = @extschema@._tracking_trans, STYPE = @extschema@.tracking,
	COMBINEFUNC = @extschema@._tracking_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.track(@extschema@.target, date) IS
'tracks a target over event rows, one event per row (amount 1); events outside a window target are counted as ignored';
COMMENT ON AGGREGATE @extschema@.track(@extschema@.target, date, float8) IS
'tracks a target over event rows with amounts; events outside a window target are counted as ignored';
COMMENT ON AGGREGATE @extschema@.track(@extschema@.target, timestamptz) IS
'tracks a target over timestamped events (day in the target''s time zone, never the session''s), one event per row';
COMMENT ON AGGREGATE @extschema@.track(@extschema@.target, timestamptz, float8) IS
'tracks a target over timestamped events with amounts (day in the target''s time zone, never the session''s)';

-- accessors of a tracking value

CREATE FUNCTION @extschema@.tracking_target(@extschema@.tracking) RETURNS @extschema@.target
AS 'MODULE_PATHNAME', 'tracking_target' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_target(@extschema@.tracking) IS 'the target tracked';
CREATE FUNCTION @extschema@.tracking_events(@extschema@.tracking) RETURNS int8
AS 'MODULE_PATHNAME', 'tracking_events' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_events(@extschema@.tracking) IS 'number of events counted';
CREATE FUNCTION @extschema@.tracking_ignored(@extschema@.tracking) RETURNS int8
AS 'MODULE_PATHNAME', 'tracking_ignored' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_ignored(@extschema@.tracking) IS
'number of rows not counted: events before the start or after the due day of a window target, rows with a NULL day or amount';
CREATE FUNCTION @extschema@.tracking_actual(tr @extschema@.tracking, at date) RETURNS float8
AS 'MODULE_PATHNAME', 'tracking_actual' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_actual(@extschema@.tracking, date) IS
'baseline plus the events counted up to the end of day at (per-period targets: in the period holding at)';
CREATE FUNCTION @extschema@.tracking_expected(tr @extschema@.tracking, at date) RETURNS float8
AS 'MODULE_PATHNAME', 'tracking_expected' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_expected(@extschema@.tracking, date) IS 'the value linear pace expects at the end of day at';
CREATE FUNCTION @extschema@.tracking_progress(tr @extschema@.tracking, at date) RETURNS float8
AS 'MODULE_PATHNAME', 'tracking_progress' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_progress(@extschema@.tracking, date) IS 'share of the way from baseline to goal at the end of day at';
CREATE FUNCTION @extschema@.tracking_status(tr @extschema@.tracking, at date,
	on_track float8 DEFAULT 1.0, at_risk float8 DEFAULT 0.8) RETURNS @extschema@.target_status
AS 'MODULE_PATHNAME', 'tracking_status' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_status(@extschema@.tracking, date, float8, float8) IS
'status at the end of day at, by the rules of target_status';
CREATE FUNCTION @extschema@.tracking_forecast(tr @extschema@.tracking, at date) RETURNS float8
AS 'MODULE_PATHNAME', 'tracking_forecast' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_forecast(@extschema@.tracking, date) IS
'forecast value at the due day from the daily rate observed up to day at (compound Poisson rate model); NULL before the start';
CREATE FUNCTION @extschema@.tracking_forecast_low(tr @extschema@.tracking, at date) RETURNS float8
AS 'MODULE_PATHNAME', 'tracking_forecast_low' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_forecast_low(@extschema@.tracking, date) IS 'low end of the 90% band of the forecast at the due day';
CREATE FUNCTION @extschema@.tracking_forecast_high(tr @extschema@.tracking, at date) RETURNS float8
AS 'MODULE_PATHNAME', 'tracking_forecast_high' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_forecast_high(@extschema@.tracking, date) IS 'high end of the 90% band of the forecast at the due day';
CREATE FUNCTION @extschema@.tracking_eta(tr @extschema@.tracking, at date) RETURNS date
AS 'MODULE_PATHNAME', 'tracking_eta' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_eta(@extschema@.tracking, date) IS
'forecast day the total reaches the goal (the day it did, once reached); NULL when the trend never gets there (or, per period, not within the period)';
CREATE FUNCTION @extschema@.tracking_eta_early(tr @extschema@.tracking, at date) RETURNS date
AS 'MODULE_PATHNAME', 'tracking_eta_early' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_eta_early(@extschema@.tracking, date) IS 'earliest completion day in the 90% band (the high curve reaches the goal)';
CREATE FUNCTION @extschema@.tracking_eta_late(tr @extschema@.tracking, at date) RETURNS date
AS 'MODULE_PATHNAME', 'tracking_eta_late' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_eta_late(@extschema@.tracking, date) IS 'latest completion day in the 90% band (the low curve reaches the goal); NULL when it never does';

CREATE FUNCTION @extschema@.tracking_report(tr @extschema@.tracking, as_of date,
	OUT target text, OUT at date, OUT actual float8, OUT expected float8, OUT progress float8,
	OUT status text, OUT forecast float8, OUT forecast_low float8, OUT forecast_high float8,
	OUT eta date, OUT eta_early date, OUT eta_late date, OUT events int8, OUT ignored int8)
AS 'MODULE_PATHNAME', 'tracking_report' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_report(@extschema@.tracking, date) IS
'the flat form for BI tools: one row of plain columns as of day as_of';
CREATE FUNCTION @extschema@.tracking_periods(tr @extschema@.tracking,
	OUT period_start date, OUT period_due date, OUT events int8, OUT actual float8, OUT met boolean)
	RETURNS SETOF record
AS 'MODULE_PATHNAME', 'tracking_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.tracking_periods(@extschema@.tracking) IS
'per-period targets: one row per period from the first event''s to the last''s, gaps included, with its total and whether it met the goal (NULL for the period still running on the last event''s day); window targets: one row, met as at the due day';
CREATE FUNCTION @extschema@.tracking_periods(tr @extschema@.tracking, as_of date,
	OUT period_start date, OUT period_due date, OUT events int8, OUT actual float8, OUT met boolean)
	RETURNS SETOF record
AS 'MODULE_PATHNAME', 'tracking_periods' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 12;
COMMENT ON FUNCTION @extschema@.tracking_periods(@extschema@.tracking, date) IS
'as of a day: per-period targets, one row per period from the first event''s to the one holding as_of; window targets, one row; events up to as_of counted, met NULL while the period is still running';
CREATE FUNCTION @extschema@.burnup_svg(tr @extschema@.tracking, at date,
	width int4 DEFAULT 720, height int4 DEFAULT 360) RETURNS text
AS 'MODULE_PATHNAME', 'tracking_burnup' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.burnup_svg(@extschema@.tracking, date, int4, int4) IS
'burn-up chart as SVG text: expected pace, actual running total, forecast with its band, goal and due-day markers, as of day at';

-- jsonb forms (their casts are in bi.sql) ------------------------------

CREATE FUNCTION @extschema@.target_status_jsonb(@extschema@.target_status) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$ SELECT pg_catalog.to_jsonb($1::pg_catalog.text) $$;
COMMENT ON FUNCTION @extschema@.target_status_jsonb(@extschema@.target_status) IS
'a target status as a JSON string, its label';

CREATE FUNCTION @extschema@.tracking_jsonb(@extschema@.tracking) RETURNS jsonb
AS 'MODULE_PATHNAME', 'tracking_jsonb' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.tracking_jsonb(@extschema@.tracking) IS
'a tracking as {"target": {...}, "events", "ignored": {before, after, null}, "days": [{day, n, sum, sumsq}, ...]}';
