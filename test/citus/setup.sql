-- test/citus/setup.sql: after the demo programme is loaded (schema
-- programme, local tables), keep a local copy of it as schema single and
-- distribute the original, with the profile tables of docs/match.md
-- (offer, opp) in both.
SET client_min_messages = warning;

-- a user edit of the catalogs on the coordinator, copied to the workers
-- (docs/catalog.md): every classification check below sees it
INSERT INTO sector_keyword (sector, keyword, weight) VALUES
    ('gbt4754:C3963', '巡检', 6), ('gbt4754:I6513', '监管平台', 6), ('gd:K01', '低空', 6);
SELECT * FROM catalog_sync();

-- profile tables: offers and opportunities as matching profiles
CREATE TABLE programme.offer AS
SELECT f.offer_id, f.price, f.regions,
       supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
                      price => f.price, regions => f.regions, trl => f.trl,
                      available => f.available_on) AS profile
  FROM programme.offering f;
ALTER TABLE programme.offer ADD PRIMARY KEY (offer_id);
CREATE INDEX ON programme.offer USING gist (profile);
CREATE TABLE programme.opp AS
SELECT o.opp_id, o.event_id,
       demand_profile(sectors => ARRAY[o.sector, o.cluster], text => o.title || '。' || o.description,
                      budget => o.investment, region => o.region_code, trl => o.trl_required,
                      deadline => o.deadline) AS profile
  FROM programme.opportunity o;
ALTER TABLE programme.opp ADD PRIMARY KEY (opp_id);
-- the configuration docs/citus.md recommends for feeds and top_offers:
-- opportunities on the coordinator as a local table, offers distributed
CREATE TABLE programme.opp_local AS TABLE programme.opp;
ALTER TABLE programme.opp_local ADD PRIMARY KEY (opp_id);
-- and as a reference table (whose shard on the coordinator the feed check uses)
CREATE TABLE programme.opp_ref AS TABLE programme.opp;
ALTER TABLE programme.opp_ref ADD PRIMARY KEY (opp_id);

-- the local copy: every table of the programme, with its keys
CREATE SCHEMA single;
DO $$
DECLARE
    t text;
BEGIN
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'programme' ORDER BY 1 LOOP
        EXECUTE format('CREATE TABLE single.%I (LIKE programme.%I INCLUDING ALL)', t, t);
        EXECUTE format('INSERT INTO single.%I SELECT * FROM programme.%I', t, t);
    END LOOP;
END $$;
ANALYZE;

-- Distribution.  The demo's keys decide: opportunity is referenced by
-- stage_change (key opp_id, stage), typical_case and first_use (keys of
-- their own), and references offering and event.  So the tables an
-- opportunity points at are reference tables, opportunity and stage_change
-- are distributed by opp_id, colocated, and typical_case and first_use
-- (whose keys do not include opp_id) are reference tables without their
-- foreign key to opportunity, which Citus cannot enforce from a reference
-- table (their other keys stay).  offer is distributed by its key, opp by
-- opp_id with opportunity.
ALTER TABLE programme.typical_case DROP CONSTRAINT typical_case_opp_id_fkey;
ALTER TABLE programme.first_use DROP CONSTRAINT first_use_opp_id_fkey;
ALTER TABLE programme.opportunity DROP CONSTRAINT opportunity_event_id_fkey;
ALTER TABLE programme.opportunity DROP CONSTRAINT opportunity_offer_id_fkey;
ALTER TABLE programme.stage_change DROP CONSTRAINT stage_change_opp_id_fkey;
ALTER TABLE programme.typical_case DROP CONSTRAINT typical_case_offer_id_fkey;
ALTER TABLE programme.first_use DROP CONSTRAINT first_use_offer_id_fkey;
SELECT create_reference_table('programme.' || t)
  FROM unnest('{about,cluster,event,offering,pilot_zone,typical_case,first_use,opp_ref}'::text[]) t;
SELECT create_distributed_table('programme.opportunity', 'opp_id');
SELECT create_distributed_table('programme.stage_change', 'opp_id', colocate_with => 'programme.opportunity');
SELECT create_distributed_table('programme.opp', 'opp_id', colocate_with => 'programme.opportunity');
SELECT create_distributed_table('programme.offer', 'offer_id');
-- the foreign keys back, now between distributed and reference tables
ALTER TABLE programme.opportunity ADD FOREIGN KEY (event_id) REFERENCES programme.event;
ALTER TABLE programme.opportunity ADD FOREIGN KEY (offer_id) REFERENCES programme.offering;
ALTER TABLE programme.stage_change ADD FOREIGN KEY (opp_id) REFERENCES programme.opportunity;
ALTER TABLE programme.typical_case ADD FOREIGN KEY (offer_id) REFERENCES programme.offering;
ALTER TABLE programme.first_use ADD FOREIGN KEY (offer_id) REFERENCES programme.offering;
ANALYZE;
