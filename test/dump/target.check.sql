-- target: stored targets, index order and the tracking's report
SELECT id, goal::text FROM dumptest.targets ORDER BY goal, id;
SELECT tr::text, tracking_progress(tr, '2024-01-10'), tracking_actual(tr, '2024-01-10') FROM dumptest.trackings;
