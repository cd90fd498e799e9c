-- target_zone: a target counts its days in its own time zone (issue 14),
-- named by an "in" clause (default Asia/Shanghai), so track() over
-- timestamptz gives the same days whatever the session's TimeZone

-- the clause: any case, among the other clauses in any order, printed last
-- and only when it is not the default
SELECT t, t::target AS canonical, target_time_zone(t::target) AS zone
  FROM (VALUES ('>= 10 per year'), ('>= 10 per year in UTC'), ('>= 10 in utc per year'),
               ('>= 10 zones by 2027-12-31 in America/Los_Angeles from 2024-01-01 at 3'),
               ('>= 10 per year in Asia/Shanghai'), ('>= 10 per year IN asia/SHANGHAI'),
               ('≤ 5 万元 per month in Asia/Hong_Kong'), ('>= 1 per quarter in Etc/GMT-8'),
               ('>= 1 per quarter   in    PRC  '), ('>= 1 per quarter in us/pacific')) v(t);

-- the default zone named is the value without a zone: equal, same bytes,
-- same hash; another zone is another target
SELECT '>= 10 per year in Asia/Shanghai'::target = '>= 10 per year' AS same,
       target_send('>= 10 per year in Asia/Shanghai') = target_send('>= 10 per year') AS same_bytes,
       target_hash('>= 10 per year in Asia/Shanghai') = target_hash('>= 10 per year') AS same_hash,
       '>= 10 per year in UTC'::target = '>= 10 per year' AS utc_same,
       '>= 10 per year in PRC'::target = '>= 10 per year' AS prc_same;

-- binary: a target in the default zone has the form from before zones
-- (version 1); one in another zone is version 2, its name after the fields
SELECT target_send('>= 10 per year') AS default_zone,
       target_send('>= 10 per year in UTC') AS utc;

-- order: zones last, by name (the default as Asia/Shanghai)
SELECT t FROM (VALUES ('>= 10 per year in UTC'::target), ('>= 10 per year'),
                      ('>= 10 per year in America/Los_Angeles'), ('>= 9 per year in UTC'),
                      ('>= 10 per year in Europe/Berlin')) v(t) ORDER BY t;

-- jsonb: time_zone only when it is not the default
SELECT '>= 10 per year'::target::jsonb AS default_zone;
SELECT '>= 10 per year in UTC'::target::jsonb AS utc;

-- bad zones: no name (22P02), a name the time zone database lacks, a
-- POSIX rule, an offset, a path (22023); a second clause (22P02)
SELECT '>= 10 per year in'::target;
SELECT '>= 10 in per year'::target;
SELECT '>= 10 per year in UTC in UTC'::target;
SELECT '>= 10 per year in Mars/Olympus_Mons'::target;
SELECT '>= 10 per year in Asia/Beijing'::target;
SELECT '>= 10 per year in +08:00'::target;
SELECT '>= 10 per year in CST-8'::target;
SELECT '>= 10 per year in posix/Asia/Shanghai'::target;
SELECT '>= 10 per year in ../Asia/Shanghai'::target;
SELECT '>= 10 per year in Factory'::target;
SELECT '>= 10 per year in localtime'::target;

-- 2024-03-01 20:30 UTC is 2024-03-02 in Shanghai, 2024-03-01 in UTC and in
-- Los Angeles; 2024-03-01 16:00 UTC is midnight in Shanghai.  The same
-- states under every session TimeZone
CREATE TEMP TABLE ev (ts timestamptz);
INSERT INTO ev VALUES ('2024-03-01 20:30+00'), ('2024-03-01 16:00+00'), ('2024-03-01 15:59:59+00'),
                      ('2024-03-01 07:59:59+00'), ('2024-03-01 08:00+00');
SET TimeZone = 'UTC';
SELECT track('>= 3 per month', ts) AS shanghai, track('>= 3 per month in UTC', ts) AS utc,
       track('>= 3 per month in America/Los_Angeles', ts) AS los_angeles FROM ev;
SET TimeZone = 'America/Los_Angeles';
SELECT track('>= 3 per month', ts) AS shanghai, track('>= 3 per month in UTC', ts) AS utc,
       track('>= 3 per month in America/Los_Angeles', ts) AS los_angeles FROM ev;
SET TimeZone = 'Asia/Shanghai';
SELECT track('>= 3 per month', ts) AS shanghai, track('>= 3 per month in UTC', ts) AS utc,
       track('>= 3 per month in America/Los_Angeles', ts) AS los_angeles FROM ev;
RESET TimeZone;

-- a window's ends are days of the target's zone too: 2023-12-31 20:00 UTC
-- is before a UTC window from 2024-01-01 and inside a Shanghai one;
-- 2024-01-31 20:00 UTC is inside a UTC window to 2024-01-31 and after a
-- Shanghai one
SELECT track('>= 2 by 2024-01-31 from 2024-01-01 in UTC', ts) AS utc,
       track('>= 2 by 2024-01-31 from 2024-01-01', ts) AS shanghai
  FROM (VALUES (timestamptz '2023-12-31 20:00+00'), ('2024-01-31 20:00+00')) v(ts);

-- daylight saving time: Los Angeles days begin at 08:00 UTC in winter and
-- 07:00 UTC in summer (2024-03-10 and 2024-11-03 are the change days)
SELECT track('>= 3 per year in America/Los_Angeles', ts)
  FROM (VALUES (timestamptz '2024-03-10 07:59:59+00'), ('2024-03-10 08:00+00'),
               ('2024-03-11 06:59:59+00'), ('2024-03-11 07:00+00'),
               ('2024-11-03 06:59:59+00'), ('2024-11-03 07:00+00'),
               ('2024-11-04 07:59:59+00'), ('2024-11-04 08:00+00')) v(ts);

-- several zones in one call site (GROUP BY the target): each row its own
SELECT t, track(t, ts)
  FROM (VALUES ('>= 1 per year in UTC'::target), ('>= 1 per year'), ('>= 1 per year in Pacific/Kiritimati'),
               ('>= 1 per year in Pacific/Pago_Pago')) z(t),
       (VALUES (timestamptz '2024-12-31 12:00+00'), ('2025-01-01 12:00+00')) v(ts)
 GROUP BY t ORDER BY t;

-- a tracking carries its target's zone in its text form
SELECT '>= 3 per month in utc; ignored 0 0 0; 2024-03-01 1 1 1'::tracking AS canonical;
SELECT tracking_target('>= 3 per month in UTC; ignored 0 0 0; 2024-03-01 1 1 1') AS target;
-- a day outside a zone's window is refused as in any tracking
SELECT '>= 2 by 2024-01-31 from 2024-01-01 in UTC; ignored 0 0 0; 2023-12-31 1 1 1'::tracking;
-- an infinite instant is still 22008, in any zone
SELECT track('>= 1 per year in UTC', 'infinity'::timestamptz);
