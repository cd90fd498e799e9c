-- since: 0.1.0
-- target: targets with indexes, and trackings stored from the aggregate
CREATE TABLE dumptest.targets (id int PRIMARY KEY, goal target NOT NULL);
INSERT INTO dumptest.targets VALUES
	(1, '>= 10 by 2027-12-31 from 2024-01-01'), (2, '>= 40e9 CNY by 2025-12-31 from 2023-01-01'),
	(3, '<= 5 per month'), (4, '>= 10 per year'), (5, '>= 20 by 2024-01-20 from 2024-01-01');
CREATE INDEX targets_goal ON dumptest.targets (goal);
CREATE INDEX targets_goal_hash ON dumptest.targets USING hash (goal);
CREATE TABLE dumptest.trackings (id int PRIMARY KEY, tr tracking NOT NULL);
INSERT INTO dumptest.trackings
	SELECT 1, track('>= 20 by 2024-01-20 from 2024-01-01'::target, d::date,
	                         extract(day FROM d)::float8 / 4)
	  FROM generate_series(date '2024-01-01', date '2024-01-15', interval '1 day') d;
