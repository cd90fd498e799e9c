-- core: results that must be identical after dump/restore and upgrade
SELECT library_version FROM dumptest.core_info;
SELECT count(*), sum(id), count(note), md5(string_agg(label || coalesce(note, '-') || added, ',' ORDER BY id))
  FROM dumptest.core_items;
SELECT dumptest.core_label(7), dumptest.core_label(12);
SELECT id, label FROM dumptest.core_items WHERE label LIKE 'item 1_ %' ORDER BY label LIMIT 5;
