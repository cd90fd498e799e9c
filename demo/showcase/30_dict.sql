-- Text to sector: every opportunity and offering classified from its text, against the hand-assigned codes
-- classify() over title and description with the shipped keyword
-- dictionary (GB/T 4754 names and notes, the curated low-altitude and
-- robotics terms), once for GB/T 4754 and once for the gd clusters (its
-- answer taken up to the cluster level); classify_topk() gives the evidence
-- for the GB/T answer.  No answer (NULL) counts as disagreement.

CREATE TEMP TABLE classified AS
SELECT c.*, g.score, g.evidence
FROM (SELECT d.kind, d.id, d.title, d.doc, d.sector AS hand_sector, d.cluster AS hand_cluster,
             classify(d.doc) AS dict_sector,
             sector_ancestor(classify(d.doc, 'gd'), sector_level(d.cluster))
                 AS dict_cluster
      FROM (SELECT 'opportunity' AS kind, opp_id AS id, title, title || ' ' || description AS doc, sector, cluster
              FROM programme.opportunity
            UNION ALL
            SELECT 'offering', offer_id, title, title || ' ' || description, sector, cluster
              FROM programme.offering) d) c
LEFT JOIN LATERAL (SELECT t.score, t.evidence FROM classify_topk(c.doc, 3) t
                    WHERE t.sector = c.dict_sector) g ON true;

-- 1 when got and want share their ancestor at the level, else 0 (also when
-- got is NULL or coarser than the level)
CREATE FUNCTION pg_temp.same_at(got sector, want sector, level integer) RETURNS integer
LANGUAGE sql IMMUTABLE
AS $$ SELECT coalesce(sector_ancestor(got, level) = sector_ancestor(want, level), false)::integer $$;

\echo 'Agreement with the hand-assigned codes by level (share of rows): GB/T 4754 class, group, division, section; gd cluster'
SELECT kind, count(*) AS "rows",
       round(avg(pg_temp.same_at(dict_sector, hand_sector, 4)), 3) AS class,
       round(avg(pg_temp.same_at(dict_sector, hand_sector, 3)), 3) AS "group",
       round(avg(pg_temp.same_at(dict_sector, hand_sector, 2)), 3) AS division,
       round(avg(pg_temp.same_at(dict_sector, hand_sector, 1)), 3) AS section,
       round(avg((dict_sector IS NULL)::integer), 3) AS "no answer",
       round(avg(pg_temp.same_at(dict_cluster, hand_cluster, 2)), 3) AS cluster,
       round(avg((dict_cluster IS NULL)::integer), 3) AS "no cluster"
FROM classified GROUP BY kind ORDER BY kind DESC;

\echo 'Cluster agreement for the priority sectors and the rest (share of rows)'
SELECT CASE hand_cluster WHEN 'gd:K01' THEN 'K01 低空经济 low-altitude'
                         WHEN 'gd:K02' THEN 'K02 工业机器人 robotics'
                         ELSE 'other clusters' END AS "hand-assigned",
       count(*) AS "rows",
       round(avg(pg_temp.same_at(dict_cluster, hand_cluster, 2)), 3) AS cluster,
       round(avg((dict_cluster IS NULL)::integer), 3) AS "no cluster"
FROM classified GROUP BY 1 ORDER BY 1;

\echo 'The evidence for a few rows'
SELECT kind, id, left(title, 24) AS title, hand_sector, dict_sector, round(score::numeric, 1) AS score,
       evidence[1:4] AS evidence
FROM classified
WHERE (kind, id) IN (('opportunity', 17), ('offering', 109), ('opportunity', 2), ('offering', 3),
                     ('opportunity', 60), ('offering', 200))
ORDER BY kind DESC, id;

\echo 'Where the dictionary and the hand-assigned class differ most often'
SELECT hand_sector, sector_name(hand_sector) AS hand_name,
       dict_sector, sector_name(dict_sector) AS dict_name, count(*) AS "rows"
FROM classified
WHERE dict_sector IS DISTINCT FROM hand_sector
GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 3 LIMIT 6;
