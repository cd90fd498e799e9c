-- Real-time match feed: a new opportunity is published and its best offers arrive by NOTIFY
-- match_feed() on programme.opportunity: each released opportunity's
-- top offers (an ordered GiST scan over the offerings' profiles) go out on
-- channel scenario_match when the transaction commits; psql, listening,
-- prints what it receives.  The demo puts everything back afterwards.

\echo 'The offerings get a profile (a generated column) and its GiST index; the opportunities get the feed'
ALTER TABLE programme.offering ADD COLUMN profile supply GENERATED ALWAYS AS (
    supply_profile(sectors => ARRAY[sector, cluster], text => title || '。' || description,
                            price => price::float8, regions => regions, trl => trl,
                            available => available_on)) STORED;
CREATE INDEX offering_profile_idx ON programme.offering USING gist (profile);
CREATE TRIGGER opportunity_feed
    AFTER INSERT OR UPDATE ON programme.opportunity
    FOR EACH ROW WHEN (NEW.stage = 'released')
    EXECUTE FUNCTION match_feed('id=opp_id',
        'sectors=sector,cluster', 'text=title,description', 'budget=investment',
        'region=region_code', 'trl=trl_required', 'deadline=deadline',
        'offers=programme.offering', 'offer_id=offer_id', 'offer_profile=profile', 'k=5');
LISTEN scenario_match;

\echo ''
\echo 'Opportunity 150 is published (INSERT, autocommit); the notification follows:'
INSERT INTO programme.opportunity (opp_id, title, description, publisher, city, region_code, sector, cluster,
                                   investment, trl_required, released_on, deadline, event_id, stage, first_trial)
VALUES (150, '输电线路无人机智能巡检场景建设（深圳宝安区）',
        '深圳供电局为解决输电线路人工巡检效率低、风险高，拟在深圳宝安区开展无人机自主巡检应用。建设内容包括无人机机巢、缺陷识别和红外测温，兼顾应急抢修。技术成熟度不低于 TRL 7。项目计划投资约 0.36 亿元。',
        '深圳供电局', '深圳', '440300', 'gbt4754:C3963', 'gd:K01', 36000000, 7,
        '2025-11-01', '2025-12-31', 10, 'released', true);

\echo ''
\echo 'The offers it names, with what they are:'
SELECT f.offer_id, left(f.title, 24) AS offer, left(f.supplier, 16) AS supplier,
       round((1 - (f.profile <-> o.profile))::numeric, 4) AS score
FROM (SELECT demand_profile(sectors => ARRAY[sector, cluster],
                                     text => title || E'\n' || description, budget => investment::float8,
                                     region => region_code, trl => trl_required, deadline => deadline) AS profile
      FROM programme.opportunity WHERE opp_id = 150) o
CROSS JOIN LATERAL (SELECT * FROM programme.offering ORDER BY profile <-> o.profile LIMIT 5) f
ORDER BY score DESC, f.offer_id;

\echo ''
\echo 'Opportunity 151 is inserted and rolled back: nothing arrives'
BEGIN;
INSERT INTO programme.opportunity (opp_id, title, description, publisher, city, region_code, sector, cluster,
                                   investment, trl_required, released_on, deadline, event_id, stage, first_trial)
SELECT 151, title, description, publisher, city, region_code, sector, cluster,
       investment, trl_required, released_on, deadline, event_id, stage, first_trial
FROM programme.opportunity WHERE opp_id = 150;
ROLLBACK;

\echo ''
\echo 'The other way round: offering 481 is listed, and the open (released) opportunities it suits are announced'
ALTER TABLE programme.opportunity
    ADD COLUMN profile demand GENERATED ALWAYS AS (
        demand_profile(sectors => ARRAY[sector, cluster], text => title || '。' || description,
                                budget => investment::float8, region => region_code, trl => trl_required,
                                deadline => deadline)) STORED,
    ADD COLUMN open boolean GENERATED ALWAYS AS (stage = 'released') STORED;
CREATE TRIGGER offering_feed
    AFTER INSERT ON programme.offering
    FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=offer_id', 'profile=profile',
        'opportunities=programme.opportunity', 'opportunity_id=opp_id', 'opportunity_profile=profile',
        'open=open', 'k=3');
INSERT INTO programme.offering (offer_id, title, description, supplier, price, trl, regions, available_on,
                                sector, cluster)
VALUES (481, '启迅焊接机器人柔性产线',
        '面向汽车零部件焊接、焊接机器人智能产线等场景，珠海启迅机器人有限公司提供焊接机器人工作站与视觉焊缝跟踪一体化解决方案，支持多车型混线生产。',
        '珠海启迅机器人有限公司', 8500000, 8, '{440400,440600,442000}', '2025-11-01', 'gbt4754:C3491', 'gd:K02');
SELECT o.opp_id, left(o.title, 24) AS opportunity, o.city, o.stage
FROM programme.opportunity o, programme.offering f
WHERE f.offer_id = 481 AND o.open
ORDER BY o.profile <-> f.profile, o.opp_id LIMIT 3;

\echo ''
\echo 'Put back as it was'
UNLISTEN scenario_match;
DELETE FROM programme.offering WHERE offer_id = 481;
DELETE FROM programme.opportunity WHERE opp_id = 150;
DROP TRIGGER offering_feed ON programme.offering;
DROP TRIGGER opportunity_feed ON programme.opportunity;
DROP INDEX programme.offering_profile_idx;
ALTER TABLE programme.offering DROP COLUMN profile;
ALTER TABLE programme.opportunity DROP COLUMN profile, DROP COLUMN open;
SELECT (SELECT count(*) FROM programme.opportunity) AS opportunities,
       (SELECT count(*) FROM programme.offering) AS offerings;
