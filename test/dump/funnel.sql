-- since: 0.1.0
-- funnel: a stored funnel from the aggregate over stage moves
CREATE TABLE dumptest.moves (item bigint, stage stage, at timestamptz);
INSERT INTO dumptest.moves
	SELECT i, e.s, timestamptz '2024-01-01 00:00+00' + (i * 3 + e.n) * interval '1 day'
	  FROM generate_series(1, 30) i,
	       unnest(enum_range(NULL::stage)) WITH ORDINALITY e(s, n)
	 WHERE e.n <= 1 + i % 5;
CREATE TABLE dumptest.funnels (id int PRIMARY KEY, f funnel NOT NULL);
INSERT INTO dumptest.funnels SELECT 1, funnel(item, stage, at) FROM dumptest.moves;
