-- Pipeline funnel: how far the opportunities got, conversions and time in each stage
-- funnel() over programme.stage_change (when each opportunity reached
-- each stage; dates read as midnight in Guangdong, UTC+8). The programme does
-- not record negotiations or closings: every signed opportunity counts as
-- having negotiated (a skipped stage is reached, with no time in it).

\echo 'The funnel as one value (funnel)'
SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai')
FROM programme.stage_change;

\echo 'The funnel as rows for BI (funnel_rows)'
SELECT stage, position AS "#", reached,
       round(100 * conversion_prev::numeric, 1) AS "% of previous",
       round(100 * conversion_first::numeric, 1) AS "% of released",
       round(median_days::numeric, 1) AS "median days in stage"
FROM funnel_rows((
    SELECT funnel(opp_id, stage::stage, changed_on::timestamp AT TIME ZONE 'Asia/Shanghai')
    FROM programme.stage_change));

\echo 'Per priority sector: low-altitude economy, industrial robotics, the other clusters'
SELECT g.sector, r.stage, r.reached,
       round(100 * r.conversion_first::numeric, 1) AS "% of released",
       round(r.median_days::numeric, 1) AS "median days in stage"
FROM (SELECT CASE o.cluster WHEN 'gd:K01' THEN 'K01 低空经济 low-altitude'
                            WHEN 'gd:K02' THEN 'K02 工业机器人 robotics'
                            ELSE 'other clusters' END AS sector,
             funnel(s.opp_id, s.stage::stage,
                             s.changed_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS f
      FROM programme.stage_change s JOIN programme.opportunity o USING (opp_id)
      GROUP BY 1) g,
     funnel_rows(g.f) r
WHERE r.stage NOT IN ('negotiating', 'closed')
ORDER BY g.sector, r.position;

\echo 'Per year of release: how far each cohort got by the snapshot'
SELECT c.year AS "released in",
       max(r.reached) FILTER (WHERE r.stage = 'released') AS released,
       max(r.reached) FILTER (WHERE r.stage = 'matched') AS matched,
       max(r.reached) FILTER (WHERE r.stage = 'signed') AS signed,
       max(r.reached) FILTER (WHERE r.stage = 'operating') AS operating,
       round(100 * max(r.conversion_first) FILTER (WHERE r.stage = 'operating')::numeric, 1) AS "% operating",
       round(max(r.median_days) FILTER (WHERE r.stage = 'released')::numeric, 1) AS "median days to a match"
FROM (SELECT extract(year FROM o.released_on)::int AS year,
             funnel(s.opp_id, s.stage::stage,
                             s.changed_on::timestamp AT TIME ZONE 'Asia/Shanghai') AS f
      FROM programme.stage_change s JOIN programme.opportunity o USING (opp_id)
      GROUP BY 1) c,
     funnel_rows(c.f) r
GROUP BY c.year
ORDER BY 1;
