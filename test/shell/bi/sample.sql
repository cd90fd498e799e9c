-- sample.sql: one value of each extension type, made from the demo
-- programme, in table public.bi_sample (one column per type), for the client
-- tests (test/shell/bi_*.sh). Aggregate states come from aggregates built
-- on the extension's transition functions, as a partial aggregate makes them.
SET client_min_messages = warning;

CREATE AGGREGATE public.bi_funnel_state(bigint, stage, timestamptz) (
	SFUNC = funnel_transfn, STYPE = funnel_state);
CREATE AGGREGATE public.bi_assign_state(bigint, bigint, float8, integer, integer) (
	SFUNC = assign_trans, STYPE = assign_state);
CREATE AGGREGATE public.bi_classifier_state(text, text) (
	SFUNC = _classifier_accum, STYPE = classifier_state);

-- Candidate pairs of the second matching event: its opportunities and the
-- offerings of their cluster, scored by how close the offering's TRL is.
CREATE VIEW public.bi_candidates AS
SELECT o.opp_id::bigint AS demand_id, f.offer_id::bigint AS supply_id,
       (10 - abs(f.trl - o.trl_required)) / 10.0::float8 AS score
FROM programme.opportunity o JOIN programme.offering f ON f.cluster::text = o.cluster::text
WHERE o.event_id = 2;

CREATE TABLE public.bi_sample AS
SELECT 'signed'::stage AS stage,
       (SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai')
          FROM programme.stage_change) AS funnel,
       (SELECT public.bi_funnel_state(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai')
          FROM programme.stage_change WHERE opp_id <= 3) AS funnel_state,
       (SELECT assign(demand_id, supply_id, score) FROM public.bi_candidates) AS assignment,
       (SELECT public.bi_assign_state(demand_id, supply_id, score, NULL, CASE WHEN supply_id % 2 = 0 THEN 2 END)
          FROM (SELECT * FROM public.bi_candidates ORDER BY demand_id, supply_id LIMIT 5) c) AS assign_state,
       (SELECT train_classifier(title, cluster::text) FROM programme.opportunity) AS classifier,
       (SELECT public.bi_classifier_state(title, cluster::text) FROM programme.opportunity WHERE opp_id <= 10) AS classifier_state,
       (SELECT sector::sector FROM programme.opportunity WHERE opp_id = 17) AS sector,
       '>= 10 zones by 2027-12-31 from 2023-01-01'::target AS target,
       (SELECT track('>= 10 zones by 2027-12-31 from 2023-01-01', designated_on)
          FROM programme.pilot_zone) AS tracking,
       (SELECT tracking_status(track('>= 10 zones by 2027-12-31 from 2023-01-01', designated_on), '2025-10-31')
          FROM programme.pilot_zone) AS target_status,
       -- the matching profiles of opportunity 17 and the offering it was
       -- matched with, through their text input
       (SELECT format('sectors={%s,%s} budget=%s region=%s trl=%s deadline=%s text="%s"',
                      sector, cluster, investment, region_code, trl_required, deadline, title)::demand
          FROM programme.opportunity WHERE opp_id = 17) AS demand,
       (SELECT format('sectors={%s,%s} price=%s regions={%s} trl=%s available=%s text="%s"',
                      sector, cluster, price, array_to_string(regions, ','), trl, available_on, title)::supply
          FROM programme.offering WHERE offer_id = 109) AS supply;
