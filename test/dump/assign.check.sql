-- assign: the stored results and their accessors
SELECT id, result::text, total_score(result), pair_count(result) FROM dumptest.assign_runs ORDER BY id LIMIT 5;
SELECT count(DISTINCT result), md5(string_agg(result::text, ',' ORDER BY id)) FROM dumptest.assign_runs;
