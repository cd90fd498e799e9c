-- Text to sector: every opportunity and offering classified from its text, against the hand-assigned codes
-- scenario.classify_topk() over title and description with the shipped
-- keyword dictionary (GB/T 4754 names and notes, the curated low-altitude
-- and robotics terms); gd clusters are scored through the same keywords and
-- the gd-GB/T 4754 crosswalk, rolled up to the cluster level.

CREATE TEMP TABLE classified AS
SELECT d.kind, d.id, d.title, d.sector AS hand_sector, d.cluster AS hand_cluster,
       g.sector AS dict_sector, g.score, g.evidence,
       (SELECT c.sector FROM scenario.classify_topk(d.doc, 1, 'gd', 2) c) AS dict_cluster
FROM (SELECT 'opportunity' AS kind, opp_id AS id, title, title || '。' || description AS doc, sector, cluster
        FROM programme.opportunity
      UNION ALL
      SELECT 'offering', offer_id, title, title || '。' || description, sector, cluster
        FROM programme.offering) d
LEFT JOIN LATERAL scenario.classify_topk(d.doc, 1) g ON true;

\echo 'Agreement with the hand-assigned GB/T 4754 class and gd cluster (% of rows)'
SELECT kind, count(*) AS "rows",
       round(100.0 * count(dict_sector) / count(*), 1) AS "% classified",
       round(100.0 * count(*) FILTER (WHERE dict_sector = hand_sector) / count(*), 1) AS "% same class",
       round(100.0 * count(*) FILTER (WHERE scenario.sector_ancestor(dict_sector, 2)
                                        = scenario.sector_ancestor(hand_sector, 2)) / count(*), 1)
           AS "% same division",
       round(100.0 * count(*) FILTER (WHERE scenario.sector_ancestor(dict_sector, 1)
                                        = scenario.sector_ancestor(hand_sector, 1)) / count(*), 1)
           AS "% same section",
       round(100.0 * count(*) FILTER (WHERE dict_cluster = hand_cluster) / count(*), 1) AS "% same cluster"
FROM classified GROUP BY ROLLUP (kind) ORDER BY kind NULLS LAST;

\echo 'Cluster agreement for the priority sectors and the rest'
SELECT CASE hand_cluster WHEN 'gd:K01' THEN 'K01 低空经济 low-altitude'
                         WHEN 'gd:K02' THEN 'K02 工业机器人 robotics'
                         ELSE 'other clusters' END AS "hand-assigned",
       count(*) AS "rows",
       round(100.0 * count(*) FILTER (WHERE dict_cluster = hand_cluster) / count(*), 1) AS "% same cluster",
       round(100.0 * count(*) FILTER (WHERE dict_cluster IS NULL) / count(*), 1) AS "% no cluster"
FROM classified GROUP BY 1 ORDER BY 1;

\echo 'The evidence for a few rows'
SELECT kind, id, left(title, 24) AS title, hand_sector, dict_sector, round(score::numeric, 1) AS score,
       evidence[1:4] AS evidence
FROM classified
WHERE (kind, id) IN (('opportunity', 17), ('offering', 109), ('opportunity', 2), ('offering', 3),
                     ('opportunity', 60), ('offering', 200))
ORDER BY kind DESC, id;

\echo 'Where the dictionary and the hand-assigned class differ most often'
SELECT hand_sector, scenario.sector_name(hand_sector) AS hand_name,
       dict_sector, scenario.sector_name(dict_sector) AS dict_name, count(*) AS "rows"
FROM classified
WHERE dict_sector IS DISTINCT FROM hand_sector
GROUP BY 1, 2, 3, 4 ORDER BY 5 DESC, 1, 3 LIMIT 6;
