-- since: 0.2.0
-- target_zone: targets in time zones (issue 14), indexed (also on their
-- zone), and trackings of timestamptz events counted in each target's zone
CREATE TABLE dumptest.zoned_targets (id int PRIMARY KEY, goal target NOT NULL);
INSERT INTO dumptest.zoned_targets VALUES
	(1, '>= 10 per year in UTC'), (2, '>= 10 per year'), (3, '>= 10 per year in Asia/Shanghai'),
	(4, '>= 10 by 2027-12-31 from 2024-01-01 in America/Los_Angeles'), (5, '<= 5 per month in Etc/GMT-8');
CREATE INDEX zoned_targets_goal ON dumptest.zoned_targets (goal);
CREATE INDEX zoned_targets_goal_hash ON dumptest.zoned_targets USING hash (goal);
CREATE INDEX zoned_targets_zone ON dumptest.zoned_targets (target_time_zone(goal));
CREATE TABLE dumptest.zoned_trackings (id int PRIMARY KEY, tr tracking NOT NULL);
INSERT INTO dumptest.zoned_trackings
	SELECT id, track(goal, ts)
	  FROM dumptest.zoned_targets,
	       generate_series(timestamptz '2024-03-01 00:00:00+00', '2024-03-20 00:00:00+00', interval '7 hours 30 minutes') ts
	 GROUP BY id, goal;
