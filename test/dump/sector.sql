-- since: 0.1.0
-- sector: a column of every taxonomy, btree and hash indexes, and rows users
-- add to the extension's catalog (a user taxonomy and a crosswalk), which
-- pg_dump must carry although the built-in rows are not dumped.
CREATE TABLE dumptest.sector_items (
	id int PRIMARY KEY,
	sector sector NOT NULL,
	secondary sector
);
INSERT INTO sector_catalog (code, name_zh, name_en) VALUES
	('xdump:1', '测试集群', 'dump test cluster'),
	('xdump:1.1', '子集群', 'sub-cluster'),
	('xdump:2', NULL, 'second cluster');
INSERT INTO sector_crosswalk VALUES ('xdump:1.1', 'gd:E01', false, 'dump-test');
INSERT INTO dumptest.sector_items
	SELECT row_number() OVER (ORDER BY c.code), c.code,
	       CASE WHEN row_number() OVER (ORDER BY c.code) % 3 = 0 THEN NULL ELSE sector_parent(c.code) END
	  FROM sector_catalog c
	 WHERE md5(c.code::text) < '4';
CREATE INDEX sector_items_btree ON dumptest.sector_items (sector);
CREATE INDEX sector_items_hash ON dumptest.sector_items USING hash (sector);
