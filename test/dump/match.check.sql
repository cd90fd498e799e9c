-- match: scores, the GiST top-k and the user keyword after the round trip
SELECT md5(string_agg(profile::text, ',' ORDER BY id)) FROM dumptest.offers;
SELECT n.id, round(match_score(n.profile, o.profile)::numeric, 6), o.id
  FROM dumptest.needs n, dumptest.offers o WHERE o.id IN (1, 2, 3, 150) ORDER BY 1, 3;
SET enable_seqscan = off;
SELECT n.id, array_agg(t.id) FROM dumptest.needs n,
       LATERAL (SELECT o.id FROM dumptest.offers o ORDER BY o.profile <-> n.profile, o.id LIMIT 5) t GROUP BY n.id ORDER BY 1;
RESET enable_seqscan;
SELECT sector, keyword, weight, lang FROM sector_keyword WHERE NOT builtin ORDER BY 1, 2;
