-- Time that means the same on every node (issue 14): track() over
-- timestamptz and funnel() give the same states and results whatever the
-- session's TimeZone, as a coordinator and workers in different zones must;
-- a target's days are those of its own zone (default Asia/Shanghai).
BEGIN;
SELECT plan(19);

-- catalog: nothing left that reads the session's zone
SELECT is((SELECT count(*)::int FROM pg_proc
            WHERE oid IN ('_tracking_trans(tracking,target,timestamptz)'::regprocedure,
                          '_tracking_trans(tracking,target,timestamptz,float8)'::regprocedure,
                          '_tracking_trans(tracking,target,date)'::regprocedure,
                          '_tracking_trans(tracking,target,date,float8)'::regprocedure,
                          'target_time_zone(target)'::regprocedure)
              AND provolatile = 'i' AND proparallel = 's'), 5,
          'the track() transition functions and target_time_zone are immutable and parallel safe');

-- 40,000 events spread over two years at odd minutes, so that many fall in
-- the hours where UTC, Shanghai and Los Angeles disagree on the day
CREATE TEMP TABLE ev AS
  SELECT timestamptz '2024-01-01 00:00:00+00' + i * interval '26 minutes 17 seconds' AS ts,
         (i % 13)::float8 AS amount, i AS item,
         (ARRAY['released', 'matched', 'signed', 'operating', 'closed'])[1 + i % 5]::stage AS stage
    FROM generate_series(1, 40000) i;
-- funnel items move forward: each item's stages at increasing times
CREATE TEMP TABLE moves AS
  SELECT i / 5 AS item, (ARRAY['released', 'matched', 'negotiating', 'signed', 'operating'])[1 + i % 5]::stage AS stage,
         timestamptz '2024-01-01 00:00:00+00' + i * interval '7 hours 13 minutes' AS at
    FROM generate_series(0, 4999) i;
CREATE AGGREGATE pg_temp.funnel_states(bigint, stage, timestamptz) (
	SFUNC = funnel_transfn, STYPE = funnel_state);

CREATE TEMP TABLE under (zone text, w text, m text, la text, utc text, f text, fs text);
CREATE FUNCTION pg_temp.run_under(z text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('TimeZone', z, true);
	INSERT INTO under
	SELECT z,
	       (SELECT track('>= 30000 by 2025-12-31 from 2024-01-01', ts, amount)::text FROM ev),
	       (SELECT track('>= 1000 per month', ts)::text FROM ev),
	       (SELECT track('>= 1000 per month in America/Los_Angeles', ts)::text FROM ev),
	       (SELECT track('>= 1000 per month in UTC', ts)::text FROM ev),
	       (SELECT funnel(item, stage, at)::text FROM moves),
	       (SELECT pg_temp.funnel_states(item, stage, at)::text FROM moves);
END $$;
SELECT pg_temp.run_under('UTC');
SELECT pg_temp.run_under('Asia/Shanghai');
SELECT pg_temp.run_under('America/Los_Angeles');
SELECT pg_temp.run_under('Pacific/Chatham');
RESET TimeZone;

SELECT is((SELECT count(DISTINCT w)::int FROM under), 1,
          'track(window target, timestamptz, amount): the same state under UTC, Shanghai, Los Angeles and Chatham sessions');
SELECT is((SELECT count(DISTINCT m)::int FROM under), 1,
          'track(per-month target, timestamptz): the same state under every session zone');
SELECT is((SELECT count(DISTINCT la)::int FROM under), 1,
          'track(target in America/Los_Angeles, timestamptz): the same state under every session zone');
SELECT is((SELECT count(DISTINCT utc)::int FROM under), 1,
          'track(target in UTC, timestamptz): the same state under every session zone');
SELECT is((SELECT count(DISTINCT f)::int FROM under), 1,
          'funnel(): the same result under every session zone');
SELECT is((SELECT count(DISTINCT fs)::int FROM under), 1,
          'funnel state: the same text under every session zone');
SELECT isnt((SELECT m FROM under LIMIT 1), (SELECT utc FROM under LIMIT 1),
            'the zone of the target matters: Shanghai days differ from UTC days on these events');

-- the default is Asia/Shanghai: the same days as the session zone used to
-- give a Shanghai session, and as the date in Shanghai
SELECT is((SELECT m FROM under LIMIT 1),
          (SELECT track('>= 1000 per month', (ts AT TIME ZONE 'Asia/Shanghai')::date)::text FROM ev),
          'a target without a zone counts the days of Asia/Shanghai');
SELECT is((SELECT la FROM under LIMIT 1),
          (SELECT track('>= 1000 per month in America/Los_Angeles', (ts AT TIME ZONE 'America/Los_Angeles')::date)::text FROM ev),
          'a target in America/Los_Angeles counts the days of Los Angeles, DST included');

-- the event of the issue: 2024-03-01 20:30 UTC is 2024-03-02 in Shanghai
CREATE TEMP TABLE one_day (zone text, d text, d_utc text);
CREATE FUNCTION pg_temp.day_under(z text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
	PERFORM set_config('TimeZone', z, true);
	INSERT INTO one_day
	SELECT z, track('>= 1 per year', ts)::jsonb #>> '{days,0,day}',
	       track('>= 1 per year in UTC', ts)::jsonb #>> '{days,0,day}'
	  FROM (VALUES (timestamptz '2024-03-01 20:30:00+00')) v(ts);
END $$;
SELECT pg_temp.day_under('UTC');
SELECT pg_temp.day_under('Asia/Shanghai');
SELECT pg_temp.day_under('America/Los_Angeles');
RESET TimeZone;
SELECT is((SELECT array_agg(DISTINCT d) FROM one_day), ARRAY['2024-03-02'],
          '2024-03-01 20:30 UTC counts on 2024-03-02 (Shanghai) under UTC, Shanghai and Los Angeles sessions');
SELECT is((SELECT array_agg(DISTINCT d_utc) FROM one_day), ARRAY['2024-03-01'],
          'and on 2024-03-01 for a target in UTC, under every session zone');

-- partial states built in different session zones (workers) combine to the
-- state of one server
CREATE AGGREGATE pg_temp.merge_tracking(tracking) (SFUNC = _tracking_combine, STYPE = tracking);
CREATE TEMP TABLE part (h tracking);
SET LOCAL TimeZone = 'UTC';
INSERT INTO part SELECT track('>= 30000 by 2025-12-31 from 2024-01-01', ts, amount) FROM ev WHERE item % 2 = 0;
SET LOCAL TimeZone = 'America/Los_Angeles';
INSERT INTO part SELECT track('>= 30000 by 2025-12-31 from 2024-01-01', ts, amount) FROM ev WHERE item % 2 = 1;
SET LOCAL TimeZone = 'Asia/Shanghai';
SELECT is((SELECT pg_temp.merge_tracking(h)::text FROM part), (SELECT w FROM under LIMIT 1),
          'partial states from a UTC and a Los Angeles session combine to the one-server state');
RESET TimeZone;

-- every zone the server lists reads as a target's zone and prints as
-- listed; a failure names the zones to append to src/target_zone.c's list
-- (a tzdata newer than the list's)
CREATE FUNCTION pg_temp.zone_reads(z text) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
	RETURN target_time_zone(('>= 1 per year in ' || z)::target) = z;
EXCEPTION WHEN invalid_parameter_value THEN
	RETURN false;
END $$;
SELECT is((SELECT array_agg(name ORDER BY name) FROM pg_timezone_names
            WHERE name !~ '^(posix|right)/' AND name NOT IN ('Factory', 'localtime', 'posixrules')
              AND NOT pg_temp.zone_reads(name)), NULL,
          'every zone name of pg_timezone_names (but posix/, right/, Factory) is a target zone');
SELECT cmp_ok((SELECT count(*)::int FROM pg_timezone_names
                WHERE name !~ '^(posix|right)/' AND name NOT IN ('Factory', 'localtime', 'posixrules')), '>', 400,
              'and they are many');

-- a target's text, binary and hash do not change with the session zone
SET LOCAL TimeZone = 'America/Los_Angeles';
CREATE TEMP TABLE forms_la AS
  SELECT t::text AS t, target_send(t) AS b, target_hash(t) AS h
    FROM (VALUES ('>= 3 per month in UTC'::target), ('>= 3 per month')) v(t);
SET LOCAL TimeZone = 'Asia/Shanghai';
SELECT is((SELECT count(*)::int FROM forms_la f
            WHERE f.t::target::text = f.t AND target_send(f.t::target) = f.b AND target_hash(f.t::target) = f.h), 2,
          'target text, binary and hash are the same under other session zones');
RESET TimeZone;

-- binary: a zone travels by name (version 2), through COPY too; a tracking
-- carries it inside
SELECT is(target_send('>= 10 per year in UTC'),
          '\x0201010000000000000000004024000000000000000000000000000055544300'::bytea,
          'binary form of a target in UTC: version 2, the fields, then "UTC" and a NUL');
CREATE TEMP TABLE bt (t target, tr tracking);
INSERT INTO bt SELECT '>= 3 per month in America/Los_Angeles', track('>= 3 per month in America/Los_Angeles', ts) FROM ev;
INSERT INTO bt SELECT '>= 3 per month', track('>= 3 per month', ts) FROM ev;
CREATE TEMP TABLE bt2 (LIKE bt);
DO $$
DECLARE f text := format('/tmp/scenario_tz_copy_%s.bin', pg_backend_pid());
BEGIN
	EXECUTE format('COPY bt TO %L (FORMAT binary)', f);
	EXECUTE format('COPY bt2 FROM %L (FORMAT binary)', f);
	EXECUTE format('COPY (SELECT 1 WHERE false) TO %L', f);
END $$;
SELECT is((SELECT count(*)::int FROM bt JOIN bt2 ON bt.t = bt2.t AND bt.tr::text = bt2.tr::text), 2,
          'targets and trackings with and without a zone survive binary COPY unchanged');
SELECT throws_ok($$SELECT '>= 1 per year in Asia/Beijing'::target$$, '22023', NULL,
                 'an unknown zone is 22023');

SELECT * FROM finish();
ROLLBACK;
