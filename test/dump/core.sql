-- since: 0.1.0
-- core: user objects that depend on the extension's functions, so dump
-- order and dependency tracking are exercised, and a table whose text
-- needs COPY's escaping.
CREATE SCHEMA dumptest;
CREATE TABLE dumptest.core_items (
	id int PRIMARY KEY,
	label text NOT NULL,
	note text,
	added date NOT NULL DEFAULT '2024-01-01'
);
CREATE INDEX core_items_label ON dumptest.core_items (label);
INSERT INTO dumptest.core_items
	SELECT g, format('item %s %s', g, (ARRAY['智能制造', 'tab	here', 'back\slash', E'new\nline', 'quote''s', ''])[g % 6 + 1]),
	       CASE WHEN g % 5 = 0 THEN NULL ELSE md5(g::text) END,
	       date '2024-01-01' + g
	  FROM generate_series(1, 2000) g;
-- the library version reader was scenario.version() before 0.2.0 renamed
-- it: a view over it must survive the upgrade
DO $$
BEGIN
	IF pg_catalog.to_regprocedure('scenario_version()') IS NOT NULL THEN
		CREATE VIEW dumptest.core_info AS SELECT scenario_version() AS library_version;
	ELSE
		CREATE VIEW dumptest.core_info AS SELECT scenario.version() AS library_version;
	END IF;
END $$;
CREATE FUNCTION dumptest.core_label(i int) RETURNS text LANGUAGE sql STABLE
BEGIN ATOMIC
	SELECT label || ' @' || (SELECT library_version FROM dumptest.core_info) FROM dumptest.core_items WHERE id = i;
END;
