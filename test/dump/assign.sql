-- since: 0.1.0
-- assign: stored assignments, with a btree index on the type
CREATE TABLE dumptest.assign_runs (id int PRIMARY KEY, result assignment NOT NULL);
INSERT INTO dumptest.assign_runs
	SELECT r, assign(d, s, ((d * 7 + s * 13 + r) % 17)::float8)
	  FROM generate_series(1, 20) r, generate_series(1, 6) d, generate_series(1, 5) s
	 GROUP BY r;
CREATE INDEX assign_runs_result ON dumptest.assign_runs (result);
