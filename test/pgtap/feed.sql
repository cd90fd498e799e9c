-- The match feed: catalog shape, the error codes of bad trigger arguments
-- (at CREATE TRIGGER and at the first firing), and the feed on the demo
-- programme: built from its typed columns (sector, numeric,
-- smallint), searching the offerings through their GiST index, and leaving
-- the rows it fires on unchanged.  What is sent is checked by
-- sql/feed.sql and by a real listener (test/shell/feed_listen.sh).
BEGIN;
SELECT plan(31);

-- catalog ------------------------------------------------------------------
SELECT is((SELECT prorettype::regtype::text FROM pg_proc WHERE oid = 'match_feed()'::regprocedure),
	'trigger', 'match_feed is a trigger function');
SELECT is((SELECT provolatile::text || proparallel::text FROM pg_proc WHERE oid = 'match_feed()'::regprocedure),
	'vu', 'match_feed is VOLATILE and PARALLEL UNSAFE (it sends notifications)');
SELECT isnt(obj_description('match_feed()'::regprocedure, 'pg_proc'), NULL, 'match_feed has a comment');
SELECT is((SELECT evtevent || ' ' || array_to_string(evttags, ',') || ' ' || evtenabled::text
             FROM pg_event_trigger WHERE evtname = 'scenario_match_feed_check'),
	'ddl_command_end CREATE TRIGGER O', 'the check runs at the end of every CREATE TRIGGER');
SELECT is((SELECT evtfoid FROM pg_event_trigger WHERE evtname = 'scenario_match_feed_check'),
	'_match_feed_check()'::regprocedure::oid, 'through _match_feed_check');
SELECT ok(EXISTS (SELECT 1 FROM pg_depend d JOIN pg_event_trigger e ON e.oid = d.objid
                   WHERE d.classid = 'pg_event_trigger'::regclass AND d.deptype = 'e'
                     AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'scenario')),
	'the event trigger belongs to the extension (dropped with it, not dumped)');
SELECT isnt(obj_description((SELECT oid FROM pg_event_trigger WHERE evtname = 'scenario_match_feed_check'),
                            'pg_event_trigger'), NULL, 'the event trigger has a comment');

-- the demo programme gets profiles, an index and the feed --------------------
ALTER TABLE programme.offering ADD COLUMN profile supply GENERATED ALWAYS AS (
    supply_profile(sectors => ARRAY[sector, cluster], text => title || '。' || description,
                   price => price::float8, regions => regions, trl => trl, available => available_on)) STORED;
CREATE INDEX offering_profile_idx ON programme.offering USING gist (profile);
CREATE TEMP TABLE before_rows AS SELECT * FROM programme.opportunity;

SELECT lives_ok($$
    CREATE TRIGGER opportunity_feed AFTER INSERT OR UPDATE ON programme.opportunity
        FOR EACH ROW WHEN (NEW.stage = 'released')
        EXECUTE FUNCTION match_feed('id=opp_id', 'sectors=sector,cluster', 'text=title,description',
            'budget=investment', 'region=region_code', 'trl=trl_required', 'deadline=deadline',
            'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=profile', 'k=5')$$,
	'a feed built from the demo columns (sector, numeric, smallint, date) is accepted');
SELECT pg_stat_get_xact_numscans('programme.offering_profile_idx'::regclass) AS scans_before \gset
SELECT lives_ok($$UPDATE programme.opportunity SET title = title WHERE stage = 'released'$$,
	'updating every released opportunity fires the feed');
SELECT is(pg_stat_get_xact_numscans('programme.offering_profile_idx'::regclass) - :scans_before,
	(SELECT count(*) FROM programme.opportunity WHERE stage = 'released'),
	'one GiST index scan per released opportunity');
SELECT is(pg_stat_get_xact_numscans('programme.offering_profile_idx'::regclass) - :scans_before,
	14::bigint, 'the demo has 14 released opportunities');
SELECT lives_ok($$UPDATE programme.opportunity SET title = title WHERE stage <> 'released'$$,
	'the others do not fire it (WHEN)');
SELECT is(pg_stat_get_xact_numscans('programme.offering_profile_idx'::regclass) - :scans_before,
	14::bigint, 'no scan for them');
SELECT set_eq('SELECT * FROM programme.opportunity', 'SELECT * FROM before_rows',
	'the trigger leaves the rows as they were');
SELECT lives_ok($$INSERT INTO programme.opportunity (opp_id, title, description, publisher, city, region_code,
        sector, cluster, investment, trl_required, released_on, deadline, event_id, stage, first_trial)
    VALUES (150, '无人机电力巡检', '输电线路缺陷识别', '深圳供电局', '深圳', '440300', 'gbt4754:C3963', 'gd:K01',
            5000000, 7, '2025-11-01', '2025-12-31', 10, 'released', true)$$,
	'a new released opportunity is inserted with the feed on');

-- the offers' side, against open opportunities
ALTER TABLE programme.opportunity ADD COLUMN profile demand GENERATED ALWAYS AS (
    demand_profile(sectors => ARRAY[sector, cluster], text => title || '。' || description,
                   budget => investment::float8, region => region_code, trl => trl_required,
                   deadline => deadline)) STORED,
    ADD COLUMN open boolean GENERATED ALWAYS AS (stage = 'released') STORED;
SELECT lives_ok($$
    CREATE TRIGGER offering_feed AFTER INSERT ON programme.offering FOR EACH ROW
        EXECUTE FUNCTION match_feed('id=offer_id', 'profile=profile', 'opportunities=programme.opportunity',
            'opportunity_id=opp_id', 'opportunity_profile=profile', 'open=open')$$,
	'a feed of new offerings against open opportunities is accepted');
SELECT lives_ok($$INSERT INTO programme.offering (offer_id, title, description, supplier, price, trl, regions,
        available_on, sector, cluster)
    SELECT 1000, title, description, supplier, price, trl, regions, available_on, sector, cluster
    FROM programme.offering WHERE offer_id = 109$$, 'a new offering is inserted with the feed on');

-- errors: codes ----------------------------------------------------------------
CREATE TABLE feed_t (id int, profile demand, note text);
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed('nonsense')$$,
	'22023', NULL, 'an argument without = is 22023');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed('idd=id')$$,
	'22023', NULL, 'an unknown key is 22023');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=profile', 'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=profile', 'k=-1')$$,
	'22023', NULL, 'k out of range is 22023');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=profile', 'offers=offering', 'offer_id=offer_id', 'offer_profile=profile')$$,
	'22023', NULL, 'an unqualified table is 22023');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=profile', 'offers=programme.nothing', 'offer_id=offer_id', 'offer_profile=profile')$$,
	'42P01', NULL, 'an unknown table is 42P01');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=profile', 'offers=programme.offering', 'offer_id=id', 'offer_profile=profile')$$,
	'42703', NULL, 'an unknown column of the searched table is 42703');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=ident', 'profile=profile', 'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=profile')$$,
	'42703', NULL, 'an unknown column of the trigger''s table is 42703');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=note', 'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=profile')$$,
	'42804', NULL, 'a profile column of another type is 42804');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=profile', 'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=title')$$,
	'42804', NULL, 'an offer profile of another type is 42804');
SELECT throws_ok($$CREATE TRIGGER x BEFORE INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=profile', 'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=profile')$$,
	'39P01', NULL, 'a BEFORE trigger is 39P01');
SELECT throws_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=id', 'profile=profile', 'offers=programme.offering o; DROP TABLE feed_t', 'offer_id=offer_id', 'offer_profile=profile')$$,
	'42602', NULL, 'a table name that is not a name is 42602');
SELECT lives_ok($$CREATE TRIGGER x AFTER INSERT ON feed_t FOR EACH ROW EXECUTE FUNCTION match_feed(
	'id=note', 'profile=profile', 'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=profile')$$,
	'the same arguments, right, are accepted');
SELECT throws_ok($$INSERT INTO feed_t VALUES (1, NULL, repeat('x', 8000))$$,
	'54000', NULL, 'an id too long for any NOTIFY payload is 54000');
SELECT throws_ok('SELECT match_feed()', '39P01', NULL, 'called as a function, 39P01');

SELECT * FROM finish();
ROLLBACK;
