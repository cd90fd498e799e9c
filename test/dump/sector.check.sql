-- sector: values, index scans and the user catalog rows after the round trip
SELECT count(*), count(secondary), md5(string_agg(sector::text || '|' || coalesce(secondary::text, '-'), ',' ORDER BY id))
  FROM dumptest.sector_items;
SET enable_seqscan = off;
SELECT count(*) FROM dumptest.sector_items WHERE sector <@ 'gbt4754:C'::sector;
SELECT sector_taxonomy(sector), count(*) FROM dumptest.sector_items GROUP BY 1 ORDER BY 1;
RESET enable_seqscan;
SELECT code, level, name_zh, name_en, builtin FROM sector_catalog WHERE NOT builtin ORDER BY code;
SELECT source, target, partial, origin FROM sector_crosswalk WHERE origin = 'dump-test';
SELECT sector_name('xdump:1.1', 'en'), sector_children('xdump:1');
SELECT origin, count(*) FROM sector_crosswalk GROUP BY origin ORDER BY origin;
