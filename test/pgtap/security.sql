-- Security: each check tries the attack, over every object the extension
-- owns (found from the catalog, so new modules are covered without edits).
-- Modules add a line to the probes below: a query returning one text value,
-- which must not change when an attacker's schema precedes pg_catalog.
BEGIN;
SELECT * FROM no_plan();

CREATE TEMP TABLE probes (query text) ON COMMIT DROP;
INSERT INTO probes VALUES
	-- core
	('SELECT public.scenario_version()'),
	('SELECT public._require_library(''0.1.0'')::text'),
	-- sector (functions that read the catalog tables)
	('SELECT public.sector_name(''naics2022:334413''::public.sector, ''en'')'),
	('SELECT public.sector_name(''gbt4754:C39''::public.sector, ''zh'')'),
	('SELECT public.sector_parent(''naics2022:334413''::public.sector)::text'),
	('SELECT (SELECT pg_catalog.string_agg(c::text, '','' ORDER BY c::text) FROM public.sector_children(''gbt4754:C39''::public.sector) c)'),
	('SELECT (SELECT pg_catalog.count(*) FROM public.sector_descendants(''gbt4754:C39''::public.sector))::text'),
	('SELECT (SELECT pg_catalog.count(*) FROM public.sector_map(''gbt4754:C3963''::public.sector, ''isic4''))::text'),
	-- classify
	('SELECT public.predict(public.train_classifier(d, l), ''工业 机器人'') FROM (VALUES (''工业 机器人 制造'', ''C''), (''软件 平台 云'', ''I'')) v(d, l)'),
	-- assign
	('SELECT public.assign(d, s, (d OPERATOR(pg_catalog.*) s)::float8)::text FROM pg_catalog.generate_series(1, 3) d, pg_catalog.generate_series(1, 3) s'),
	-- target
	('SELECT public.target_status(''>= 10 per year''::public.target, 5, ''2024-06-30'', 0.9, 0.7)::text'),
	('SELECT public.track(''>= 20 by 2024-01-20 from 2024-01-01''::public.target, ''2024-01-05''::date, 3)::text'),
	-- funnel
	('SELECT public.funnel(i, ''released''::public.stage, ''2024-01-01 00:00+00''::timestamptz)::text FROM pg_catalog.generate_series(1, 3) i'),
	-- match and the keyword dictionary (reads sector_keyword)
	('SELECT public.match_score(public.demand_profile(ARRAY[''gbt4754:C39'']::public.sector[], ''机器视觉 检测'', 50000, ''深圳'', 6, ''2024-12-31''), public.supply_profile(ARRAY[''gbt4754:C3963'']::public.sector[], ''机器视觉 缺陷检测'', 30000, ARRAY[''深圳''], 7, ''2024-06-01''))::text'),
	('SELECT public.match_explain(public.demand_profile(ARRAY[''gbt4754:C39'']::public.sector[], ''机器视觉 检测'', 50000, ''深圳'', 6, ''2024-12-31''), public.supply_profile(ARRAY[''gbt4754:C3963'']::public.sector[], ''机器视觉 缺陷检测'', 30000, ARRAY[''深圳''], 7, ''2024-06-01''))::text'),
	('SELECT (SELECT pg_catalog.string_agg(t::text, '';'') FROM public.classify_topk(''拟采购焊接机器人工作站和码垛机器人，配套机器视觉缺陷检测'', 5) t)');
GRANT SELECT ON probes TO PUBLIC;

-- Every member of the extension: (catalog, oid).
CREATE TEMP VIEW ext_members AS
	SELECT d.classid, d.objid
	  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
	 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
	   AND e.extname = 'scenario';
CREATE TEMP VIEW ext_functions AS
	SELECT p.* FROM pg_proc p JOIN ext_members m ON m.classid = 'pg_proc'::regclass AND m.objid = p.oid;
CREATE TEMP VIEW ext_relations AS
	SELECT c.* FROM pg_class c JOIN ext_members m ON m.classid = 'pg_class'::regclass AND m.objid = c.oid;
GRANT SELECT ON ext_members, ext_functions, ext_relations TO PUBLIC;

-- Functions running with their owner's rights, or resolving names through
-- the caller's search_path.
CREATE TEMP VIEW secdef_functions AS
	SELECT oid::regprocedure AS fn FROM ext_functions WHERE prosecdef;
CREATE TEMP VIEW unpinned_functions AS
	SELECT f.oid::regprocedure AS fn
	  FROM ext_functions f JOIN pg_language l ON l.oid = f.prolang
	 WHERE l.lanname NOT IN ('c', 'internal')
	   AND f.prosqlbody IS NULL		-- BEGIN ATOMIC bodies are bound at creation
	   AND NOT EXISTS (SELECT 1 FROM unnest(f.proconfig) c
	                    WHERE c ~ '^search_path=(pg_catalog(, ?pg_temp)?|"")$');

-- Relations of the extension that a role other than their owner may change:
-- tries INSERT, UPDATE, DELETE and TRUNCATE as that role; an error other
-- than 42501 means the privilege check passed.
CREATE FUNCTION pg_temp.writable_by(r name) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	t regclass;
	col name;
	stmt text;
BEGIN
	FOR t, col IN SELECT c.oid::regclass, a.attname FROM ext_relations c
	                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = 1
	                WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') LOOP
		FOREACH stmt IN ARRAY ARRAY[
			format('INSERT INTO %s DEFAULT VALUES', t),
			format('UPDATE %s SET %I = %I WHERE false', t, col, col),
			format('DELETE FROM %s WHERE false', t),
			format('TRUNCATE %s', t)] LOOP
			BEGIN
				EXECUTE format('SET LOCAL ROLE %I', r);
				EXECUTE stmt;
				RESET ROLE;
				RETURN NEXT stmt;
			EXCEPTION WHEN insufficient_privilege THEN
				RESET ROLE;
			WHEN OTHERS THEN
				RESET ROLE;
				RETURN NEXT stmt || ' (' || SQLSTATE || ')';
			END;
		END LOOP;
	END LOOP;
	-- sequences: nextval/setval
	FOR t IN SELECT oid::regclass FROM ext_relations WHERE relkind = 'S' LOOP
		IF has_sequence_privilege(r, t, 'UPDATE') OR has_sequence_privilege(r, t, 'USAGE') THEN
			RETURN NEXT format('nextval(%s)', t);
		END IF;
	END LOOP;
END $$;

CREATE ROLE scenario_tap_user LOGIN NOSUPERUSER;
CREATE ROLE scenario_tap_evil LOGIN NOSUPERUSER;
SELECT format('GRANT CREATE ON DATABASE %I TO scenario_tap_evil', current_database()) \gexec

---------------------------------------------------------------- definer
SELECT is((SELECT count(*) FROM secdef_functions), 0::bigint,
          'no function of the extension is SECURITY DEFINER');
SAVEPOINT control;
CREATE FUNCTION public._tap_secdef() RETURNS int LANGUAGE sql SECURITY DEFINER
	SET search_path = pg_catalog, pg_temp AS 'SELECT 1';
ALTER EXTENSION scenario ADD FUNCTION public._tap_secdef();
SELECT count(*) AS found FROM secdef_functions \gset
ROLLBACK TO SAVEPOINT control;
SELECT is(:found::bigint, 1::bigint, 'control: the check finds a SECURITY DEFINER member');

---------------------------------------------------------------- pinned path
SELECT is((SELECT count(*) FROM unpinned_functions), 0::bigint,
          'every SQL/PL function of the extension pins search_path = pg_catalog, pg_temp');
SAVEPOINT control;
CREATE FUNCTION public._tap_unpinned(text) RETURNS text LANGUAGE sql AS 'SELECT lower($1)';
ALTER EXTENSION scenario ADD FUNCTION public._tap_unpinned(text);
SELECT count(*) AS found FROM unpinned_functions \gset
ROLLBACK TO SAVEPOINT control;
SELECT is(:found::bigint, 1::bigint, 'control: the check finds a SQL function without a pinned search_path');

---------------------------------------------------------------- catalog tables
SELECT is((SELECT count(*) FROM ext_relations r
            WHERE NOT (SELECT rolsuper FROM pg_roles WHERE oid = r.relowner)
              AND r.relowner <> (SELECT extowner FROM pg_extension WHERE extname = 'scenario')),
          0::bigint, 'every relation of the extension belongs to a superuser or the extension owner');
SELECT is_empty('SELECT * FROM pg_temp.writable_by(''scenario_tap_user'')',
                'no relation of the extension can be changed by another role (tried)');
SAVEPOINT control;
CREATE TABLE public._tap_catalog (code text PRIMARY KEY, label text);
ALTER EXTENSION scenario ADD TABLE public._tap_catalog;
GRANT SELECT, INSERT, DELETE ON public._tap_catalog TO PUBLIC;
SELECT count(*) AS found FROM pg_temp.writable_by('scenario_tap_user') \gset
ROLLBACK TO SAVEPOINT control;
SELECT is(:found::bigint, 2::bigint, 'control: the attack succeeds on a member table granted to PUBLIC');

---------------------------------------------------------------- plain user
SET ROLE scenario_tap_user;
SELECT throws_ok('CREATE FUNCTION public.version(int) RETURNS text LANGUAGE sql AS ''SELECT 1::text''',
                 '42501', NULL, 'a plain user cannot add functions to the extension''s schema (public)');
SELECT throws_ok('CREATE OR REPLACE FUNCTION public.scenario_version() RETURNS text LANGUAGE sql AS ''SELECT 1::text''',
                 '42501', NULL, 'a plain user cannot replace an extension function');
SELECT throws_ok('ALTER FUNCTION public.scenario_version() SECURITY DEFINER',
                 '42501', NULL, 'a plain user cannot make an extension function SECURITY DEFINER');
SELECT throws_ok('DROP EXTENSION scenario', '42501', NULL, 'a plain user cannot drop the extension');
SELECT throws_ok('ALTER EXTENSION scenario UPDATE', '42501', NULL, 'a plain user cannot update the extension');
SELECT is((SELECT count(*) FROM ext_functions f
            WHERE pg_has_role('scenario_tap_user', f.proowner, 'USAGE')), 0::bigint,
          'a plain user owns (or inherits) no extension function');
SELECT is(current_user::text, 'scenario_tap_user', 'calling the probes leaves current_user as it was');
RESET ROLE;

---------------------------------------------------------------- hostile path
-- The attacker's schema holds look-alikes of every extension function and
-- of common built-in functions and operators; each records that it ran.
SET ROLE scenario_tap_evil;
CREATE SCHEMA evil;
CREATE TABLE evil.ran (what text);
GRANT USAGE ON SCHEMA evil TO PUBLIC;
GRANT INSERT ON evil.ran TO PUBLIC;
CREATE FUNCTION evil.trap(what text) RETURNS void LANGUAGE sql
	AS 'INSERT INTO evil.ran VALUES (what)';
RESET ROLE;
SELECT format('CREATE FUNCTION evil.%I(%s) RETURNS %s LANGUAGE plpgsql AS %L',
              f.proname, pg_get_function_arguments(f.oid), pg_get_function_result(f.oid),
              format('BEGIN PERFORM evil.trap(%L); RETURN%s; END', f.proname,
                     CASE WHEN f.proretset OR f.proallargtypes IS NOT NULL THEN '' ELSE ' NULL' END))
  FROM ext_functions f
 WHERE f.prokind = 'f'
   AND NOT EXISTS (SELECT 1 FROM pg_type t WHERE t.typtype = 'p'
                    AND (t.oid = f.prorettype OR t.oid = ANY (f.proargtypes)
                         OR t.oid = ANY (f.proallargtypes)))
\gexec
SELECT ok((SELECT count(*) FROM pg_proc p WHERE p.pronamespace = 'evil'::regnamespace
             AND p.proname IN (SELECT proname FROM ext_functions)) >= 2,
          'the attacker has look-alikes of the extension''s functions');
SET ROLE scenario_tap_evil;
CREATE FUNCTION evil.lower(text) RETURNS text LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('lower'); RETURN 'x'; END$$;
CREATE FUNCTION evil.upper(text) RETURNS text LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('upper'); RETURN 'x'; END$$;
CREATE FUNCTION evil.length(text) RETURNS int LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('length'); RETURN 0; END$$;
CREATE FUNCTION evil.count(bigint) RETURNS bigint LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('count'); RETURN 0; END$$;
CREATE FUNCTION evil.texteq(text, text) RETURNS bool LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('= text'); RETURN true; END$$;
CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.texteq);
CREATE FUNCTION evil.nameeq(name, name) RETURNS bool LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('= name'); RETURN true; END$$;
CREATE OPERATOR evil.= (LEFTARG = name, RIGHTARG = name, FUNCTION = evil.nameeq);
CREATE FUNCTION evil.oideq(oid, oid) RETURNS bool LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('= oid'); RETURN true; END$$;
CREATE OPERATOR evil.= (LEFTARG = oid, RIGHTARG = oid, FUNCTION = evil.oideq);
CREATE FUNCTION evil.int8pl(bigint, bigint) RETURNS bigint LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('+ bigint'); RETURN 0; END$$;
CREATE OPERATOR evil.+ (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.int8pl);
CREATE FUNCTION evil.textcat(text, text) RETURNS text LANGUAGE plpgsql AS $$BEGIN PERFORM evil.trap('|| text'); RETURN 'x'; END$$;
CREATE OPERATOR evil.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.textcat);
RESET ROLE;

-- What each probe returns on a clean path.
CREATE TEMP TABLE clean AS
	SELECT query, NULL::text AS result FROM probes;
GRANT SELECT ON clean TO PUBLIC;
SELECT format('UPDATE clean SET result = (%s) WHERE query = %L', query, query) FROM probes \gexec

-- The same probes with the attacker first, even before pg_catalog.  Only
-- plain statements run on that path (pgTAP's own functions would resolve
-- its operators there); the verdicts come after RESET.
CREATE FUNCTION pg_temp.probe_mismatches() RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE
	q text;
	want text;
	got text;
BEGIN
	FOR q, want IN SELECT query, result FROM pg_temp.clean LOOP
		EXECUTE q INTO got;
		IF (got IS NULL) OPERATOR(pg_catalog.<>) (want IS NULL)
		   OR (got IS NOT NULL AND NOT pg_catalog.texteq(got, want)) THEN
			RETURN NEXT pg_catalog.format('%s: %s instead of %s', q, got, want);
		END IF;
	END LOOP;
END $$;
SET search_path = evil, pg_catalog, public;
CREATE TEMP TABLE hostile_run AS SELECT * FROM pg_temp.probe_mismatches();
RESET search_path;
SELECT is_empty('SELECT * FROM hostile_run',
                'with an attacker''s schema before pg_catalog the probes return what they did');
SELECT is_empty('SELECT * FROM evil.ran', 'and none of the attacker''s look-alikes ran');

-- The install script under the same path.  The current schema is then the
-- attacker's, which CREATE EXTENSION refuses; named, public is fine.
DROP EXTENSION scenario CASCADE;
SET search_path = evil, pg_catalog, public;
SELECT pg_catalog.current_schema() AS hostile_current \gset
DO $$BEGIN CREATE EXTENSION scenario; EXCEPTION WHEN insufficient_privilege THEN
	CREATE TEMP TABLE refused_evil AS SELECT 1 AS refused; END$$;
CREATE EXTENSION scenario SCHEMA public;
CREATE TEMP TABLE hostile_install AS SELECT * FROM pg_temp.probe_mismatches();
RESET search_path;
SELECT is(:'hostile_current'::text, 'evil', 'with the attacker first on search_path the current schema is theirs');
SELECT ok(EXISTS (SELECT FROM pg_temp.refused_evil), 'CREATE EXTENSION refuses to install into the attacker''s schema');
SELECT has_extension('scenario', 'created again with the attacker first on search_path');
SELECT is_empty('SELECT * FROM evil.ran', 'none of the attacker''s look-alikes ran during CREATE EXTENSION');
SELECT is_empty('SELECT * FROM hostile_install', 'and the probes return what they did');

-- Control: unqualified code on that path does run the attacker's functions.
SET search_path = evil, pg_catalog, public;
SELECT lower('A') AS lowered \gset
RESET search_path;
SELECT is(:'lowered'::text, 'x', 'control: an unqualified lower() on that path runs the attacker''s');
SELECT ok(EXISTS (SELECT FROM evil.ran WHERE what = 'lower'), 'control: and the trap recorded it');

-- A plain user gets the same answers.
SET ROLE scenario_tap_user;
SELECT is_empty('SELECT * FROM pg_temp.probe_mismatches()', 'a plain user gets the same probe results');
RESET ROLE;

-- A schema prepared by another role.
DROP EXTENSION scenario;
SET ROLE scenario_tap_evil;
CREATE SCHEMA prepared;
RESET ROLE;
SELECT throws_ok('CREATE EXTENSION scenario SCHEMA prepared', '42501',
                 'schema prepared is not safe to install into',
                 'CREATE EXTENSION refuses a schema owned by another role');
DROP SCHEMA prepared;
-- A superuser's schema where another role may create objects: installed,
-- with a warning (test/regress/sql/core.sql checks its words).
CREATE SCHEMA prepared;
GRANT CREATE ON SCHEMA prepared TO scenario_tap_evil;
SELECT lives_ok('CREATE EXTENSION scenario SCHEMA prepared', 'a superuser''s schema open to CREATE installs (with a warning)');
DROP EXTENSION scenario;
DROP SCHEMA prepared;
SELECT lives_ok('CREATE EXTENSION scenario', 'the default schema public is fine');

---------------------------------------------------------------- trusted install
-- A non-superuser who installs the trusted extension owns the extension,
-- but not its functions: it cannot swap their code.
DROP EXTENSION scenario;
CREATE ROLE scenario_tap_installer LOGIN NOSUPERUSER;
SELECT format('GRANT CREATE ON DATABASE %I TO scenario_tap_installer', current_database()) \gexec
SET ROLE scenario_tap_installer;
CREATE SCHEMA installer_own;
SELECT lives_ok('CREATE EXTENSION scenario SCHEMA installer_own', 'a non-superuser installs the extension into its schema');
SELECT is((SELECT count(*) FROM ext_functions f
            WHERE NOT (SELECT rolsuper FROM pg_roles WHERE oid = f.proowner)), 0::bigint,
          'every function of the extension belongs to a superuser');
SELECT throws_ok('CREATE OR REPLACE FUNCTION installer_own.scenario_version() RETURNS text LANGUAGE sql AS ''SELECT 1::text''',
                 '42501', NULL, 'the installer cannot replace an extension function');
SELECT throws_ok('ALTER FUNCTION installer_own.scenario_version() SECURITY DEFINER',
                 '42501', NULL, 'the installer cannot make an extension function SECURITY DEFINER');
RESET ROLE;
SELECT is_empty('SELECT * FROM pg_temp.writable_by(''scenario_tap_user'')',
                'after a trusted install no relation of the extension can be changed by another role');

SELECT * FROM finish();
ROLLBACK;
