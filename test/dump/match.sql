-- since: 0.1.0
-- match: demand and supply profiles with a GiST index (the exact top-k
-- index), and a user keyword added to the dictionary catalog
CREATE TABLE dumptest.offers (id int PRIMARY KEY, profile supply NOT NULL);
INSERT INTO dumptest.offers
	SELECT g, supply_profile(ARRAY[(ARRAY['gbt4754:C3963', 'gbt4754:C39', 'naics2022:334413', 'gd:E01'])[g % 4 + 1]]::sector[],
	                                  (ARRAY['机器视觉 缺陷检测', '工业机器人 焊接', '半导体 芯片 封装', '储能 电池'])[g % 4 + 1] || ' ' || g,
	                                  1000 * g, ARRAY[(ARRAY['深圳', '广州', '佛山'])[g % 3 + 1]], 1 + g % 9, date '2024-01-01' + g)
	  FROM generate_series(1, 300) g;
CREATE INDEX offers_profile ON dumptest.offers USING gist (profile);
CREATE TABLE dumptest.needs (id int PRIMARY KEY, profile demand NOT NULL);
INSERT INTO dumptest.needs VALUES
	(1, demand_profile(ARRAY['gbt4754:C39']::sector[], '机器视觉 检测 产线', 50000, '深圳', 6, '2024-12-31')),
	(2, demand_profile(ARRAY['gd:E01']::sector[], '储能 电站', 200000, '佛山', 7, '2025-06-30'));
INSERT INTO sector_keyword (sector, keyword, weight, lang) VALUES ('gd:E01', '测试储能关键词', 2, 'zh');
