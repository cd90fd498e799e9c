-- sector_crosswalk: the comparison crosswalks (GB/T 4754 <-> ISIC Rev.4,
-- SEI 2018 <-> GB/T 4754, both curated), crosswalks composed through a
-- third taxonomy, the error for two taxonomies no crosswalk joins, and
-- taxonomy names in any letter case

SELECT origin, sector_taxonomy(source) AS source, sector_taxonomy(target) AS target,
       count(*) AS links, count(*) FILTER (WHERE partial) AS partial
  FROM sector_crosswalk
 WHERE origin IN ('scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754')
 GROUP BY 1, 2, 3 ORDER BY 1, 2, 3;

-- GB/T 4754 -> ISIC: one class wholly inside one ISIC class; a class split
-- between two; the reverse, partial where several GB/T classes share it
SELECT m.sector, m.partial, sector_name(m.sector, 'en') FROM sector_map('gbt4754:A0111', 'isic4') m;
SELECT m.sector, m.partial, sector_name(m.sector, 'en') FROM sector_map('gbt4754:C3963', 'isic4') m;
SELECT m.sector, m.partial, sector_name(m.sector) FROM sector_map('isic4:A0112', 'gbt4754') m;
SELECT m.sector, m.partial, sector_name(m.sector) FROM sector_map('isic4:C3030', 'gbt4754') m;
-- a section or division has no links of its own, nor an ancestor with some
SELECT * FROM sector_map('gbt4754:C39', 'isic4');

-- SEI 2018 -> GB/T: a category is split among its classes, so every link
-- is partial; from the class, partial says the category covers only part
-- of it (the standard's asterisk)
SELECT count(*) AS classes, count(*) FILTER (WHERE partial) AS partial
  FROM sector_map('sei2018:1.2', 'gbt4754');
SELECT m.sector, m.partial, sector_name(m.sector) FROM sector_map('sei2018:1.2', 'gbt4754') m LIMIT 4;
SELECT m.sector, m.partial, sector_name(m.sector) FROM sector_map('gbt4754:C3963', 'sei2018') m;
SELECT m.sector, m.partial, sector_name(m.sector) FROM sector_map('gbt4754:C3973', 'sei2018') m;
SELECT * FROM sector_map('sei2018:1', 'gbt4754');

-- composed through ISIC: GB/T <-> NAICS, partial when either leg is
SELECT * FROM sector_map('gbt4754:C3963', 'naics2022');
SELECT * FROM sector_map('naics2022:336411', 'gbt4754');
SELECT * FROM sector_map('gbt4754:A0111', 'naics2022');
-- and through GB/T: gd and SEI to ISIC, ISIC to gd
SELECT * FROM sector_map('gd:K0101', 'isic4');
SELECT count(*) AS isic_classes FROM sector_map('sei2018:1.2', 'isic4');
SELECT * FROM sector_map('isic4:C3030', 'gd');

-- no crosswalk, direct or composed: 22023, with the taxonomies the code can reach
SELECT * FROM sector_map('sei2018:1.2', 'naics2022');
SELECT * FROM sector_map('naics2022:336411', 'gd');
SELECT * FROM sector_map('gbt4754:C3963', 'xsz');
-- the code's own taxonomy needs no crosswalk
SELECT * FROM sector_map('sei2018:1.2', 'sei2018');

-- a user taxonomy linked to gd reaches GB/T through it
INSERT INTO sector_crosswalk VALUES ('xsz:1.2', 'gd:E01', false, 'my-mapping');
SELECT count(*) AS gbt_codes, bool_and(partial) AS all_partial FROM sector_map('xsz:1.2', 'gbt4754');
-- at most two crosswalks: xsz -> gd -> gbt4754 -> isic4 would be three
SELECT count(*) FROM sector_map('xsz:1.2', 'isic4');
SELECT * FROM sector_map('gd:E01', 'xsz');
DELETE FROM sector_crosswalk WHERE origin = 'my-mapping';
SELECT * FROM sector_map('xsz:1.2', 'gd');
SELECT * FROM sector_map('xsz:1.2', 'xsz');

-- taxonomy names in any letter case, in every function that takes one
SELECT * FROM sector_map('gbt4754:C3963', 'ISIC4');
SELECT * FROM sector_map('GBT4754:c3963', 'Sei2018');
SELECT * FROM sector_map('xsz:1.2', 'XSZ');
SELECT * FROM sector_map('gbt4754:C3963', 'Nace2');
SELECT classify('无人机', 'GBT4754') IS NOT DISTINCT FROM classify('无人机', 'gbt4754') AS classify_same,
       classify('无人机', 'Gd') IS NOT DISTINCT FROM classify('无人机', 'gd') AS classify_gd_same;
SELECT (SELECT array_agg(sector) FROM classify_topk('无人机', 3, 'GBT4754'))
       IS NOT DISTINCT FROM (SELECT array_agg(sector) FROM classify_topk('无人机', 3, 'gbt4754')) AS topk_same;
SELECT classify('无人机', 'NOPE');
