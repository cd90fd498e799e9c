-- feed: match_feed, the real-time match feed trigger

-- psql prints each notification as
--   Asynchronous notification "<channel>" with payload "<json>" received from server process with PID <pid>.
-- The PID changes from run to run, so the statements that notify run with
-- their output piped through sed, which masks it.  Echoed statements go to
-- stdout directly, so the notifications of a block follow the block's
-- closing \o.
\set notify_out '\\o | sed -e ''s/PID [0-9]*/PID N/'''

CREATE TABLE offer (
    id int PRIMARY KEY,
    title text NOT NULL,
    on_sale boolean NOT NULL DEFAULT true,
    profile supply
);
CREATE INDEX ON offer USING gist (profile);
INSERT INTO offer (id, title, on_sale, profile) VALUES
 (1, 'power-line inspection drone', true,
  supply_profile(sectors => '{gbt4754:C3963}', text => '电力巡检无人机：输电线路缺陷识别与红外测温',
                 price => 500000, regions => '{广州}', trl => 7, available => '2026-03-01')),
 (2, 'welding robot cell', true,
  supply_profile(sectors => '{gbt4754:C3491}', text => '焊接机器人工作站，汽车零部件焊接',
                 price => 900000, regions => '{深圳}', trl => 8)),
 (3, 'delivery drone', true,
  supply_profile(sectors => '{gbt4754:C3963}', text => '城市物流配送无人机',
                 price => 300000, regions => '{440000}', trl => 6)),
 (4, 'inspection drone, withdrawn', false,
  supply_profile(sectors => '{gbt4754:C3963}', text => '电力巡检无人机：输电线路缺陷识别与红外测温',
                 price => 500000, regions => '{广州}', trl => 7, available => '2026-03-01')),
 (5, 'delivery drone, second listing', true,
  supply_profile(sectors => '{gbt4754:C3963}', text => '城市物流配送无人机',
                 price => 300000, regions => '{440000}', trl => 6)),
 (6, 'not profiled yet', true, NULL);

-- Opportunities: the profile is built from ordinary columns, and kept in a
-- generated column too, for the offers' trigger to search.
CREATE TABLE opportunity (
    opp_id int PRIMARY KEY,
    title text NOT NULL,
    description text,
    sector sector,
    cluster text,
    budget numeric(14,2),
    city text,
    trl_required smallint,
    deadline date,
    status text NOT NULL DEFAULT 'draft',
    is_open boolean GENERATED ALWAYS AS (status = 'published') STORED,
    profile demand GENERATED ALWAYS AS (
        demand_profile(sectors => ARRAY[sector, cluster::sector], text => title || E'\n' || coalesce(description, ''),
                       budget => budget::float8, region => city, trl => trl_required, deadline => deadline)) STORED
);

-- the feed of published opportunities: the profile from columns
CREATE TRIGGER opportunity_feed
    AFTER INSERT OR UPDATE ON opportunity
    FOR EACH ROW WHEN (NEW.status = 'published')
    EXECUTE FUNCTION match_feed('id=opp_id',
        'sectors=sector,cluster', 'text=title,description', 'budget=budget',
        'region=city', 'trl=trl_required', 'deadline=deadline',
        'offers=public.offer', 'offer_id=id', 'offer_profile=profile', 'open=on_sale', 'k=3');

LISTEN scenario_match;

-- a published opportunity: its best three offers on sale (4 is withdrawn);
-- a draft sends nothing (the trigger's WHEN)
:notify_out
INSERT INTO opportunity (opp_id, title, description, sector, cluster, budget, city, trl_required, deadline, status)
VALUES (17, '输电线路无人机巡检', '缺陷识别，红外测温', 'gbt4754:C3963', 'gd:K01', 400000, '深圳', 6, '2026-06-30', 'published'),
       (18, '焊接机器人', NULL, 'gbt4754:C3491', NULL, 1000000, '佛山', 7, NULL, 'draft');
\o

-- a rollback sends nothing; the commit after it sends the one committed row
:notify_out
BEGIN;
UPDATE opportunity SET status = 'published' WHERE opp_id = 18;
ROLLBACK;
BEGIN;
UPDATE opportunity SET status = 'published', budget = 1200000 WHERE opp_id = 18;
COMMIT;
\o

-- one notification per row, in the order of the rows; identical ones in one
-- transaction are folded into one by NOTIFY itself
:notify_out
INSERT INTO opportunity (opp_id, title, sector, status)
VALUES (20, '城市物流配送无人机航线', 'gbt4754:G5612', 'published'),
       (21, '物流无人机', NULL, 'published');
BEGIN;
UPDATE opportunity SET budget = 1 WHERE opp_id = 18;
UPDATE opportunity SET budget = 1 WHERE opp_id = 18;
COMMIT;
\o

-- 3 and 5 score the same: the lower id comes first, and with k = 1 only 3
-- makes the list, whatever order the index returns them in
CREATE TRIGGER top1 AFTER UPDATE OF budget ON opportunity FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=opp_id', 'profile=profile', 'offers=public.offer',
                                'offer_id=id', 'offer_profile=profile', 'k=1', 'channel=top1');
LISTEN top1;
SET enable_seqscan = off;
:notify_out
UPDATE opportunity SET budget = 300000 WHERE opp_id = 21;
\o
RESET enable_seqscan;
DROP TRIGGER top1 ON opportunity;

-- nothing in common, or under min_score: an empty list
CREATE TRIGGER strict_feed AFTER INSERT ON opportunity FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=opp_id', 'profile=profile', 'offers=public.offer',
                                'offer_id=id', 'offer_profile=profile', 'min_score=0.9', 'channel=strict');
LISTEN strict;
:notify_out
INSERT INTO opportunity (opp_id, title, status) VALUES (30, 'zzz', 'draft');
INSERT INTO opportunity (opp_id, title, sector, status) VALUES (31, '焊接机器人', 'gbt4754:C3491', 'draft');
\o
DROP TRIGGER strict_feed ON opportunity;

-- New offers against open opportunities: the trigger sits on the offers.
CREATE TRIGGER offer_feed
    AFTER INSERT ON offer
    FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile',
        'opportunities=public.opportunity', 'opportunity_id=opp_id',
        'opportunity_profile=profile', 'open=is_open', 'k=2');
-- 30 and 31 are drafts and stay out
:notify_out
INSERT INTO offer (id, title, profile) VALUES
 (7, 'welding robot, new', supply_profile(sectors => '{gbt4754:C3491}', text => '焊接机器人', trl => 9)),
 (8, 'no profile', NULL);
\o

-- Ids of any type: text is a JSON string (escaped), numbers and booleans
-- are bare, a NULL id is null.
CREATE TABLE request (code text, amount numeric, profile demand);
CREATE TRIGGER request_feed AFTER INSERT ON request FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=code', 'profile=profile', 'offers=public.offer',
                                'offer_id=title', 'offer_profile=profile', 'k=1');
CREATE TRIGGER request_amount AFTER INSERT ON request FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=amount', 'profile=profile', 'offers=public.offer',
                                'offer_id=on_sale', 'offer_profile=profile', 'k=1', 'channel=amount');
LISTEN amount;
:notify_out
INSERT INTO request VALUES ('R-1 "urgent"\', 12.50, demand_profile(text => '焊接机器人')),
                           (NULL, 'NaN', demand_profile(text => '焊接机器人'));
\o

-- Quoted names keep their case; a name is only ever a name.
CREATE TABLE "Mixed Case" ("Id" int, "Profile" demand);
CREATE TRIGGER mixed AFTER INSERT ON "Mixed Case" FOR EACH ROW
    EXECUTE FUNCTION match_feed('id="Id"', 'profile = "Profile"', 'offers = public.offer',
                                'offer_id=id', 'offer_profile=profile', 'k=1');
:notify_out
INSERT INTO "Mixed Case" VALUES (1, demand_profile(text => '物流无人机'));
\o

-- Within NOTIFY's 8000-byte limit: 100 offers of 206-byte ids tie with the
-- best score; the list keeps the lowest ids that fit and says how many it
-- left out.  (sed drops all but the last entry kept, to keep this file short.)
CREATE TABLE wide (id text PRIMARY KEY, profile supply);
INSERT INTO wide SELECT 'offer-' || lpad(i::text, 200, '0'), supply_profile(text => '焊接机器人')
FROM generate_series(1, 150) i;
CREATE INDEX ON wide USING gist (profile);
CREATE TABLE req (id text, profile demand);
CREATE TRIGGER req_feed AFTER INSERT ON req FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.wide',
                                'offer_id=id', 'offer_profile=profile', 'k=100');
\o | sed -e 's/PID [0-9]*/PID N/' -e 's/{"id":"offer-0*[0-9]*","score":1},//g'
INSERT INTO req VALUES ('r1', demand_profile(text => '焊接机器人'));
\o
-- an id that leaves no room
INSERT INTO req VALUES (repeat('x', 7990), demand_profile(text => '焊接机器人'));
UNLISTEN *;

-- Bad arguments fail CREATE TRIGGER (an event trigger checks them).
CREATE TABLE t (id int, profile demand, sprofile supply, flag text);
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION match_feed();
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION match_feed('id');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION match_feed('ids=id');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION match_feed('id=id', 'id=id');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION match_feed('id=', 'offers=public.offer');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'offers=public.offer', 'opportunities=public.opportunity');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offers', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer_pkey', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=no_such', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id="Id"', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=sprofile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=title');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile', 'open=title');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'text=flag', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'price=flag', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'trl=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'region=flag,flag', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=sprofile', 'opportunities=public.opportunity',
                                'opportunity_id=opp_id', 'opportunity_profile=profile', 'offer_id=id');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile', 'k=0');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile', 'k=5x');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile', 'k=1001');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile', 'min_score=1.5');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile',
                                'channel=cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc');
-- wrong timing, level or event
CREATE TRIGGER bad BEFORE INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH STATEMENT
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
CREATE TRIGGER bad AFTER INSERT OR DELETE ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
-- names go into the SQL quoted: an attempt at injection is an unknown name
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id',
                                'offer_profile=profile', 'open="on_sale; DROP TABLE offer; --"');
CREATE TRIGGER bad AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer o; DROP TABLE offer; --',
                                'offer_id=id', 'offer_profile=profile');
SELECT count(*) AS triggers_named_bad FROM pg_trigger WHERE tgname = 'bad';
SELECT match_feed();

-- A trigger made while the check is off fails at its first firing, as does
-- one whose table changed after it was made; once fixed it works again.
ALTER EVENT TRIGGER scenario_match_feed_check DISABLE;
CREATE TRIGGER late AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=nope');
ALTER EVENT TRIGGER scenario_match_feed_check ENABLE;
INSERT INTO t (id) VALUES (1);
DROP TRIGGER late ON t;
CREATE TRIGGER t_feed AFTER INSERT ON t FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
INSERT INTO t (id) VALUES (2);
ALTER TABLE offer RENAME COLUMN profile TO offer_profile;
INSERT INTO t (id) VALUES (3);
ALTER TABLE offer RENAME COLUMN offer_profile TO profile;
INSERT INTO t (id) VALUES (4);
SELECT id FROM t ORDER BY id;

DROP TABLE t, "Mixed Case", request, req, wide, opportunity, offer;

-- Citus: match_feed refuses a table of Citus (distributed, reference or
-- local) and a shard, reading Citus's catalog only when it exists.  Without
-- Citus, a stand-in for its two catalog tables, rolled back.
BEGIN;
SET LOCAL allow_system_table_mods = on;
SET LOCAL client_min_messages = warning;
CREATE TABLE pg_catalog.pg_dist_partition (logicalrelid regclass, partmethod "char", repmodel "char");
CREATE TABLE pg_catalog.pg_dist_shard (logicalrelid regclass, shardid bigint);
CREATE TABLE opp (id int, profile demand);
CREATE TABLE opp_102008 (id int, profile demand);
CREATE TABLE offer (id int, profile supply);
INSERT INTO pg_catalog.pg_dist_partition VALUES ('opp', 'h', 's'), ('offer', 'h', 's');
INSERT INTO pg_catalog.pg_dist_shard VALUES ('opp', 102008);
SAVEPOINT s;
CREATE TRIGGER feed AFTER INSERT ON opp FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
ROLLBACK TO s;
CREATE TRIGGER feed AFTER INSERT ON opp_102008 FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
ROLLBACK TO s;
UPDATE pg_catalog.pg_dist_partition SET partmethod = 'n', repmodel = 't' WHERE logicalrelid = 'opp'::regclass;
CREATE TRIGGER feed AFTER INSERT ON opp FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
ROLLBACK TO s;
-- the configuration that works: the trigger's table local, the offers distributed
DELETE FROM pg_catalog.pg_dist_partition WHERE logicalrelid = 'opp'::regclass;
CREATE TRIGGER feed AFTER INSERT ON opp FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.offer', 'offer_id=id', 'offer_profile=profile');
ROLLBACK;
