-- setup for match.pgbench: offers with a GiST index and two needs
CREATE TABLE bench.offers (id serial PRIMARY KEY, profile supply NOT NULL);
INSERT INTO bench.offers (profile)
	SELECT supply_profile(ARRAY[(ARRAY['gbt4754:C3963', 'gbt4754:C39', 'naics2022:334413', 'gd:E01'])[g % 4 + 1]]::sector[],
	                               (ARRAY['机器视觉 缺陷检测', '工业机器人 焊接', '半导体 芯片 封装', '储能 电池'])[g % 4 + 1] || ' ' || g,
	                               1000 * g, ARRAY[(ARRAY['深圳', '广州', '佛山'])[g % 3 + 1]], 1 + g % 9, date '2024-01-01' + g)
	  FROM generate_series(1, 300) g;
CREATE INDEX offers_profile ON bench.offers USING gist (profile);
CREATE TABLE bench.needs (id int PRIMARY KEY, profile demand NOT NULL);
INSERT INTO bench.needs VALUES
	(1, demand_profile(ARRAY['gbt4754:C39']::sector[], '机器视觉 检测 产线', 50000, '深圳', 6, '2024-12-31')),
	(2, demand_profile(ARRAY['gd:E01']::sector[], '储能 电站', 200000, '佛山', 7, '2025-06-30'));
