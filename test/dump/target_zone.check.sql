-- target_zone: stored zoned targets in index order, by zone, and their trackings
SELECT id, goal::text, target_time_zone(goal) FROM dumptest.zoned_targets ORDER BY goal, id;
SELECT id FROM dumptest.zoned_targets WHERE target_time_zone(goal) = 'UTC';
SELECT id, tr::text FROM dumptest.zoned_trackings ORDER BY id;
