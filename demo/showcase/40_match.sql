-- Matching: the best offers for an opportunity, explained criterion by criterion
-- Profiles are built from the ordinary columns; the top offers come from an
-- ordered GiST index scan (ORDER BY offer <-> opportunity LIMIT k), exact.

CREATE TEMP TABLE opp AS
SELECT o.opp_id, o.title, o.offer_id AS signed_offer,
       demand_profile(sectors => ARRAY[o.sector, o.cluster], text => o.title || '。' || o.description,
                      budget => o.investment, region => o.region_code, trl => o.trl_required,
                      deadline => o.deadline) AS profile
FROM programme.opportunity o;

CREATE TEMP TABLE offer AS
SELECT f.offer_id, f.title, f.supplier, f.price, f.regions,
       supply_profile(sectors => ARRAY[f.sector, f.cluster], text => f.title || '。' || f.description,
                      price => f.price, regions => f.regions, trl => f.trl,
                      available => f.available_on) AS profile
FROM programme.offering f;
CREATE INDEX ON offer USING gist (profile);
ANALYZE offer;

\echo 'Top 3 offers for three opportunities (scores per criterion; - = no data on one side)'
SELECT q.opp_id AS opp, left(q.title, 16) AS opportunity, r.rank AS "#", left(r.title, 14) AS offer,
       round(r.score::numeric, 3) AS score,
       round((x -> 'sector' ->> 'score')::numeric, 2) AS sector,
       round((x -> 'text' ->> 'score')::numeric, 2) AS text,
       round((x -> 'money' ->> 'score')::numeric, 2) AS money,
       round((x -> 'region' ->> 'score')::numeric, 2) AS region,
       round((x -> 'trl' ->> 'score')::numeric, 2) AS trl,
       round((x -> 'time' ->> 'score')::numeric, 2) AS time,
       (SELECT string_agg(t, ' ') FROM (SELECT jsonb_array_elements_text(x -> 'text' -> 'evidence' -> 'shared_terms') t LIMIT 4) s) AS "shared terms"
FROM opp q
CROSS JOIN LATERAL (
    SELECT row_number() OVER () AS rank, f.title, 1 - (f.profile <-> q.profile) AS score,
           match_explain(q.profile, f.profile) -> 'criteria' AS x
    FROM offer f
    ORDER BY f.profile <-> q.profile
    LIMIT 3) AS r
WHERE q.opp_id IN (17, 60, 120)
ORDER BY q.opp_id, r.rank;

\echo 'The same, with ordinary filters: offers priced under 5 million RMB that serve Shenzhen'
SELECT q.opp_id AS opp, f.offer_id, left(f.title, 16) AS offer, f.price, round((1 - (f.profile <-> q.profile))::numeric, 3) AS score
FROM opp q
CROSS JOIN LATERAL (
    SELECT * FROM offer f
    WHERE f.price < 5e6 AND '440300' = ANY (f.regions)
    ORDER BY f.profile <-> q.profile
    LIMIT 3) AS f
WHERE q.opp_id = 17;

\echo 'Why the best offer for opportunity 17 scores what it does'
SELECT jsonb_pretty(match_explain(q.profile, f.profile)) AS explanation
FROM opp q
CROSS JOIN LATERAL (SELECT profile FROM offer ORDER BY profile <-> q.profile LIMIT 1) AS f
WHERE q.opp_id = 17;

\echo 'Where the offer each matched opportunity signed ranks among all 480 offers'
WITH ranked AS (
    SELECT q.opp_id,
           1 + (SELECT count(*) FROM offer f
                 WHERE match_score(q.profile, f.profile) > match_score(q.profile, s.profile)) AS rank
    FROM opp q JOIN offer s ON s.offer_id = q.signed_offer)
SELECT count(*) AS "matched opportunities",
       count(*) FILTER (WHERE rank = 1) AS "signed offer ranked 1st",
       count(*) FILTER (WHERE rank <= 10) AS "in the top 10",
       percentile_disc(0.5) WITHIN GROUP (ORDER BY rank) AS "median rank"
FROM ranked;
