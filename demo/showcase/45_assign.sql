-- Matching event: plan the pairings of the latest event's opportunities with the offers
-- Candidates are each opportunity's 5 best offers among the suppliers that
-- serve the host city (GiST top-k with a filter); assign() then gives each
-- opportunity one offer, each offer at most one opportunity, maximising the
-- total score; greedy and stable for contrast.

CREATE TEMP TABLE offer AS
SELECT f.offer_id, f.regions,
       supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
                      price => f.price, regions => f.regions, trl => f.trl,
                      available => f.available_on) AS profile
FROM programme.offering f;
CREATE INDEX ON offer USING gist (profile);
ANALYZE offer;

-- the suppliers at the event: offers that serve its host city
CREATE TEMP TABLE cand AS
SELECT o.opp_id, f.offer_id, 1 - f.dist AS score
FROM programme.opportunity o
JOIN programme.event e USING (event_id)
CROSS JOIN LATERAL (
    SELECT f.offer_id,
           f.profile <-> demand_profile(sectors => ARRAY[o.sector, o.cluster],
                                        text => o.title || '。' || o.description,
                                        budget => o.investment, region => o.region_code,
                                        trl => o.trl_required, deadline => o.deadline) AS dist
    FROM offer f
    WHERE e.region_code = ANY (f.regions)
    ORDER BY 2
    LIMIT 5) AS f
WHERE o.event_id = (SELECT max(event_id) FROM programme.event);

\echo 'The event and its candidate pairs'
SELECT e.name AS event, e.held_on, count(DISTINCT c.opp_id) AS opportunities,
       count(DISTINCT c.offer_id) AS offers_in_play, count(*) AS candidate_pairs
FROM cand c JOIN programme.opportunity o USING (opp_id) JOIN programme.event e USING (event_id)
GROUP BY 1, 2;

\echo 'Three ways to pair them (each offer to one opportunity at most)'
SELECT m.method, pair_count(a) AS pairs, round(total_score(a)::numeric, 3) AS total_score
FROM (VALUES ('optimal'), ('greedy'), ('stable')) AS m(method)
CROSS JOIN LATERAL (SELECT assign(opp_id, offer_id, score, m.method) AS a FROM cand) AS s
ORDER BY total_score DESC, m.method;

\echo 'The optimal plan'
SELECT p.demand_id AS opp, left(o.title, 22) AS opportunity, p.supply_id AS offer,
       left(f.title, 18) AS offering, left(f.supplier, 12) AS supplier, round(p.score::numeric, 3) AS score
FROM (SELECT assign(opp_id, offer_id, score) AS a FROM cand) AS s
CROSS JOIN LATERAL unnest(s.a) AS p
JOIN programme.opportunity o ON o.opp_id = p.demand_id
JOIN programme.offering f ON f.offer_id = p.supply_id
ORDER BY p.demand_id;

\echo 'How contested the event is: opportunities whose first choice is also another''s first choice'
SELECT count(*) AS opportunities,
       count(*) FILTER (WHERE n_first > 1) AS share_their_first_choice
FROM (SELECT c.opp_id, count(*) OVER (PARTITION BY c.offer_id) AS n_first
      FROM cand c
      WHERE c.score = (SELECT max(score) FROM cand c2 WHERE c2.opp_id = c.opp_id)) AS f;
