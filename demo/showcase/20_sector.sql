-- Sectors: the opportunities on the GB/T 4754 tree and rolled up by Guangdong cluster
\echo 'A few opportunities with their sector codes, names and place in the tree'
SELECT o.opp_id AS "#", o.title, o.sector,
       sector_name(o.sector) AS class_zh,
       sector_parent(o.sector) AS "group",
       sector_ancestor(o.sector, 2) AS division,
       sector_name(sector_ancestor(o.sector, 2)) AS division_zh
  FROM programme.opportunity o
 WHERE o.opp_id IN (2, 3, 40, 90)
 ORDER BY o.opp_id;

\echo 'Opportunities per GB/T 4754 division (a subtree is one btree range: col <@ division)'
SELECT d.code AS division, d.name_zh,
       (SELECT count(*) FROM programme.opportunity o WHERE o.sector <@ d.code) AS opportunities,
       (SELECT count(*) FROM programme.offering f WHERE f.sector <@ d.code) AS offerings
  FROM sector_catalog d
 WHERE sector_taxonomy(d.code) = 'gbt4754' AND d.level = 2
   AND EXISTS (SELECT 1 FROM programme.opportunity o WHERE o.sector <@ d.code)
 ORDER BY opportunities DESC, division
 LIMIT 8;

\echo 'Roll-up by Guangdong cluster through the shipped gd -> GB/T 4754 crosswalk'
SELECT sector_ancestor(m.sector, 2) AS cluster,
       sector_name(sector_ancestor(m.sector, 2)) AS name_zh,
       sector_name(sector_ancestor(m.sector, 2), 'en') AS name_en,
       count(DISTINCT o.opp_id) AS opportunities,
       count(DISTINCT o.opp_id) FILTER (WHERE NOT m.partial) AS wholly_inside
  FROM programme.opportunity o
  CROSS JOIN LATERAL sector_map(o.sector, 'gd') m
 GROUP BY 1, 2, 3
 ORDER BY 1;

\echo 'Does the crosswalk from the GB/T class reach the cluster the programme assigned?'
SELECT count(*) AS opportunities,
       count(*) FILTER (WHERE EXISTS (
           SELECT 1 FROM sector_map(o.sector, 'gd') m
            WHERE m.sector <@ o.cluster OR o.cluster <@ m.sector)) AS cluster_reached
  FROM programme.opportunity o;
