-- Bad input everywhere: every function of the extension,
-- found from the catalog so that functions added later are covered too, is
-- called with edge values (NULL, empty, 10 MB text, NaN and infinities,
-- extreme integers and dates, values from other taxonomies, empty arrays and
-- arrays of NULLs), one argument at a time away from a good baseline call.
-- Each call must give a value or an error of a documented SQLSTATE class,
-- never XX (internal error) and never a crash (a crash ends this file).
-- Then the long-running functions must stop within 1 s of statement_timeout.
-- (Invalid UTF-8 cannot be stored in a UTF8 database; the fuzzers and the
-- recv tests cover it.)
BEGIN;
SELECT plan(11);

-- Probe values per argument type: expr is an SQL expression of that type,
-- good marks the baseline value.
CREATE TEMP TABLE probe_val (typ regtype, expr text, good boolean DEFAULT false);
INSERT INTO probe_val (typ, expr, good) VALUES
	('text', $$'gbt4754'$$, true), ('text', 'NULL', false), ('text', $$''$$, false),
	('text', $$repeat('x', 10 * 1024 * 1024)$$, false), ('text', $$'isic4:C2710'$$, false),
	('text', $$repeat('机器人 ', 20000)$$, false), ('text', $$'no-such-thing=1-6'$$, false),
	('integer', '3', true), ('integer', 'NULL', false), ('integer', '0', false), ('integer', '-1', false),
	('integer', '2147483647', false), ('integer', '(-2147483648)', false),
	('bigint', '1', true), ('bigint', 'NULL', false), ('bigint', '0', false), ('bigint', '-1', false),
	('bigint', '9223372036854775807', false), ('bigint', '(-9223372036854775808)', false),
	('smallint', '1', true), ('smallint', 'NULL', false), ('smallint', '0', false), ('smallint', '(-32768)', false),
	('double precision', '0.5', true), ('double precision', 'NULL', false),
	('double precision', $$'NaN'$$, false), ('double precision', $$'Infinity'$$, false),
	('double precision', $$'-Infinity'$$, false), ('double precision', '0', false), ('double precision', '-1', false),
	('double precision', '1e308', false), ('double precision', '(-1e308)', false), ('double precision', '5e-324', false),
	('date', $$'2025-06-30'$$, true), ('date', 'NULL', false), ('date', $$'infinity'$$, false),
	('date', $$'-infinity'$$, false), ('date', $$'4714-11-24 BC'$$, false), ('date', $$'5874897-12-31'$$, false),
	('timestamp with time zone', $$'2025-06-30 12:00+00'$$, true),
	('timestamp with time zone', 'NULL', false), ('timestamp with time zone', $$'infinity'$$, false),
	('timestamp with time zone', $$'-infinity'$$, false),
	('timestamp with time zone', $$'4714-11-24 00:00+00 BC'$$, false),
	('timestamp with time zone', $$'294276-12-31 23:59:59+00'$$, false),
	('interval', $$'1 month'$$, true), ('interval', 'NULL', false), ('interval', $$'0'$$, false),
	('interval', $$'-1 month'$$, false), ('interval', $$'1 microsecond'$$, false),
	('interval', $$'178000000 years'$$, false), ('interval', $$'-178000000 years'$$, false),
	('jsonb', $${"sector": 1}$$, true), ('jsonb', 'NULL', false), ('jsonb', $${}$$, false), ('jsonb', $$[]$$, false),
	('jsonb', $$null$$, false), ('jsonb', $$"x"$$, false), ('jsonb', $${"sector": "NaN", "text": -1e308, "x": 1}$$, false),
	('jsonb', $${"sector": 1e400, "budget": -1, "region": null}$$, false),
	('text[]', $${440300}$$, true), ('text[]', 'NULL', false), ('text[]', $${}$$, false), ('text[]', $${NULL}$$, false),
	('text[]', $${"",NULL,""}$$, false), ('text[]', $$array_fill('x'::text, ARRAY[100000])$$, false),
	('double precision[]', $${{1,2},{3,4}}$$, true), ('double precision[]', 'NULL', false),
	('double precision[]', $${}$$, false), ('double precision[]', $${{NULL}}$$, false),
	('double precision[]', $${{NaN,1},{1,1}}$$, false), ('double precision[]', $${{Infinity,-Infinity},{1,2}}$$, false),
	('double precision[]', $${1,2,3}$$, false), ('double precision[]', $${{{1}}}$$, false),
	('double precision[]', $${{1e308,-1e308},{1e308,1e308}}$$, false),
	('double precision[]', $$'[5:6][-1:0]={{1,2},{3,4}}'$$, false),
	('sector', $$gbt4754:C3963$$, true), ('sector', 'NULL', false),
	('sector', $$isic4:C2710$$, false), ('sector', $$naics2022:31-33$$, false),
	('sector', $$gbt4754:C$$, false),
	('sector[]', $${gbt4754:C3963}$$, true), ('sector[]', 'NULL', false),
	('sector[]', $${}$$, false), ('sector[]', $${NULL}$$, false),
	('sector[]', $${isic4:C2710,gbt4754:C3963,NULL}$$, false),
	('stage', $$signed$$, true), ('stage', 'NULL', false),
	('target', $$>= 10 by 2027-12-31 from 2024-01-01$$, true), ('target', 'NULL', false),
	('target', $$<= 5 per month$$, false), ('target', $$>= -inf per year$$, false),
	('target', $$= 0 by 2024-01-01 from 2024-01-01$$, false);
-- quote the plain literals above (those that are not already expressions)
UPDATE probe_val SET expr = quote_literal(expr)
 WHERE expr <> 'NULL' AND expr !~ '^(''|\(|-?[0-9]|repeat|array_fill)';

-- Values of the extension's other types, made by its own functions and kept
-- as literals (other taxonomies, empty and extreme variants beside a good one).
-- (the classifier's transition state, made by an aggregate without final
-- function as in classifier.sql)
CREATE AGGREGATE pg_temp.probe_clf_state(text, text) (
	SFUNC = _classifier_accum, STYPE = classifier_state);
CREATE TEMP TABLE probe_made (typ regtype, v text, good boolean);
INSERT INTO probe_made
SELECT 'demand'::regtype, demand_profile('{gbt4754:C3963}', '无人机巡检', 1e6, '440300', 7, '2026-01-01')::text, true
UNION ALL SELECT 'demand', demand_profile('{isic4:C2710}', '', 0, NULL, 1, NULL)::text, false
UNION ALL SELECT 'demand', demand_profile()::text, false
UNION ALL SELECT 'supply', supply_profile('{gbt4754:C3963}', 'drone inspection', 5e5, '{440300}', 8, '2025-01-01')::text, true
UNION ALL SELECT 'supply', supply_profile('{isic4:C2710,naics2022:31-33}', '', 0, '{}', 9, NULL)::text, false
UNION ALL SELECT 'supply', supply_profile()::text, false
UNION ALL SELECT 'classifier', train_classifier(d, l)::text, true
  FROM (VALUES ('solar panel factory', 'gbt4754:C3825'), ('bank loan credit', 'gbt4754:J66'),
               ('robot welding line', 'gbt4754:C3491')) v(d, l)
UNION ALL SELECT 'classifier', train_classifier('x', 'only')::text, false
UNION ALL SELECT 'assign_state', 'optimal:{(1,2,0.1,,3),(1,2,5,1,)}', true
UNION ALL SELECT 'assign_state', 'stable:{(1,10,0.75,,2),(2,10,-1,3,),(2,11,2.5e+20,,)}', false
UNION ALL SELECT 'assign_state', 'optimal:{}', false
UNION ALL SELECT 'assignment', assign_matrix('{{1,2},{3,4}}', 'optimal')::text, true
UNION ALL SELECT 'assignment', assign_matrix('{}', 'optimal')::text, false
UNION ALL SELECT 'tracking', track('>= 10 by 2027-12-31 from 2024-01-01'::target, d, 2)::text, true
  FROM (VALUES (date '2024-02-01'), ('2024-03-01'), ('2025-01-01')) v(d)
UNION ALL SELECT 'tracking', track('<= 5 per month'::target, d)::text, false
  FROM (VALUES (date '0001-01-01'), ('9999-12-31')) v(d)
UNION ALL SELECT 'tracking', track('>= 10 by 2027-12-31 from 2024-01-01'::target, d)::text, false
  FROM (VALUES (NULL::date)) v(d)
UNION ALL SELECT 'funnel', funnel(i, s, t)::text, true
  FROM (VALUES (1::bigint, 'released'::stage, timestamptz '2024-01-01'), (1, 'signed', '2024-02-01'),
               (2, 'matched', '2024-01-05')) v(i, s, t)
UNION ALL SELECT 'funnel', funnel(i, s, t)::text, false
  FROM (VALUES (9223372036854775807::bigint, 'closed'::stage, timestamptz '0001-01-01 00:00+00')) v(i, s, t)
UNION ALL SELECT 'target_status', target_status('>= 10 by 2027-12-31 from 2024-01-01', 3, '2025-01-01', 0.9, 0.7)::text, true
UNION ALL SELECT 'classifier_state', pg_temp.probe_clf_state(d, l)::text, true
  FROM (VALUES ('solar panel factory', 'gbt4754:C3825'), ('bank loan credit', 'gbt4754:J66')) v(d, l)
UNION ALL SELECT 'classifier_state', pg_temp.probe_clf_state(d, l)::text, false
  FROM (VALUES ('', ''), (NULL, 'x')) v(d, l);
-- the aggregate states as the text their types print (the final state of a
-- real aggregate, through the state type's own input)
INSERT INTO probe_made
SELECT 'funnel_state'::regtype, '1 released 2024-01-05T00:00:00Z; 1 signed 2024-01-06T06:00:00Z', true
UNION ALL SELECT 'funnel_state', '', false;
INSERT INTO probe_val (typ, expr, good)
SELECT typ, quote_literal(v), good FROM probe_made WHERE v IS NOT NULL
UNION ALL SELECT DISTINCT typ, 'NULL', false FROM probe_made;
UPDATE probe_val SET expr = expr || '::' || typ::text;
-- anyelement is top_offers' table argument: a null of a table of offers
-- with a supply column (the good one), and of a type that is not a table
CREATE TEMP TABLE probe_offer (id int, profile supply);
INSERT INTO probe_offer
SELECT i, supply_profile('{gbt4754:C3963}', 'drone inspection ' || i, 5e5, '{440300}', 8, '2025-01-01')
  FROM generate_series(1, 5) i;
INSERT INTO probe_val (typ, expr, good) VALUES
	('anyelement', 'NULL::probe_offer', true), ('anyelement', 'NULL::integer', false),
	('anyelement', 'NULL::probe_val', false);

-- Where the generic good value of a type is not a good argument (a method
-- name, an option string, a size), the baseline takes one of these
-- (function name, argument position, expression of the argument's type).
CREATE TEMP TABLE probe_arg (proname name, pos int, expr text);
INSERT INTO probe_arg VALUES
	('_require_library', 1, $$'0.1.0'::text$$), ('sector_name', 2, $$'en'::text$$),
	('train_classifier', 3, $$'c=1'::text$$), ('demand_profile', 4, $$'440300'::text$$),
	('assign', 4, $$'optimal'::text$$), ('assign', 6, $$'optimal'::text$$),
	('assign_matrix', 2, $$'optimal'::text$$),
	('burnup_svg', 3, '400::integer'), ('burnup_svg', 4, '300::integer'),
	('sector_map', 2, $$'isic4'::text$$), ('classify', 2, $$'gbt4754'::text$$),
	('top_offers', 4, $$'id > 1'::text$$);

-- Functions to call: members of the extension, minus those a user cannot
-- call meaningfully (internal-typed support, triggers, aggregate support).
CREATE TEMP VIEW probe_fn AS
	SELECT p.oid, p.oid::regprocedure AS fn, p.proname, p.prokind, p.proretset,
	       ARRAY(SELECT unnest(p.proargtypes::regtype[])) AS args
	  FROM pg_proc p
	  JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
	  JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'scenario'
	 WHERE p.prorettype NOT IN ('trigger'::regtype, 'event_trigger'::regtype, 'internal'::regtype)
	   AND NOT 'internal'::regtype = ANY (p.proargtypes::regtype[])
	   AND NOT EXISTS (SELECT FROM pg_aggregate a
	                    WHERE p.oid IN (a.aggtransfn, a.aggcombinefn, a.aggfinalfn,
	                                    a.aggserialfn, a.aggdeserialfn));

-- An argument type with no probe values would leave its functions untested
-- (supply_gist_key is the GiST index's internal key: it has no input).
SELECT is_empty($$SELECT DISTINCT fn::text || ': ' || t::text
                    FROM probe_fn, unnest(args) t
                   WHERE t NOT IN ('cstring'::regtype, 'supply_gist_key'::regtype)
                     AND NOT EXISTS (SELECT FROM probe_val v WHERE v.typ = t AND v.good)$$,
                'every argument type of every function has a good probe value');

CREATE TEMP TABLE probe_result (fn regprocedure, pos int, call text, sqlstate text, msg text);

-- Call every probed function (or just one) with its baseline and probes.
CREATE FUNCTION pg_temp.probe(only_fn regprocedure) RETURNS void LANGUAGE plpgsql AS $do$
DECLARE
	f record;
	v record;
	base text[];
	a text[];
	call text;
	n int;
	i int;
	dummy text;
BEGIN
	FOR f IN SELECT * FROM probe_fn WHERE only_fn IS NULL OR fn = only_fn ORDER BY fn::text LOOP
		n := coalesce(array_length(f.args, 1), 0);
		base := ARRAY[]::text[];
		FOR i IN 1 .. n LOOP
			-- a cstring argument of a type's input function: the good text of
			-- the type it makes
			IF f.args[i] = 'cstring'::regtype THEN
				base := base || coalesce(
					(SELECT expr || '::text::cstring' FROM probe_val
					  WHERE typ = (SELECT prorettype FROM pg_proc WHERE oid = f.oid) AND good LIMIT 1),
					$$''::cstring$$);
			ELSE
				base := base || coalesce(
					(SELECT expr FROM probe_arg pa WHERE pa.proname = f.proname AND pa.pos = i
					    AND pa.expr LIKE '%::' || f.args[i]::text),
					(SELECT expr FROM probe_val WHERE typ = f.args[i] AND good LIMIT 1));
			END IF;
		END LOOP;
		IF base IS NULL OR array_position(base, NULL) IS NOT NULL THEN
			CONTINUE;	-- reported by the test above
		END IF;
		-- the baseline, then one argument at a time through its probe values
		FOR v IN SELECT 0 AS pos, NULL::text AS expr
		         UNION ALL
		         SELECT g.k, pv.expr FROM generate_series(1, n) g(k)
		           JOIN probe_val pv ON pv.typ = f.args[g.k] AND NOT pv.good
		         UNION ALL
		         SELECT g.k, pv.expr || '::cstring' FROM generate_series(1, n) g(k)
		           JOIN probe_val pv ON pv.typ = 'text'::regtype AND f.args[g.k] = 'cstring'::regtype
		                            AND pv.expr <> 'NULL'
		         ORDER BY 1 LOOP
			a := base;
			IF v.pos > 0 THEN
				a[v.pos] := CASE WHEN v.expr = 'NULL' THEN 'NULL::' || f.args[v.pos]::text ELSE v.expr END;
			END IF;
			IF f.prokind = 'a' THEN
				-- an aggregate over a few rows: two good ones and the probe
				call := format('SELECT length(%s(%s)::text) FROM (VALUES (%s), (%s), (%s)) v(%s)',
				               f.oid::regproc, (SELECT string_agg('c' || k, ', ') FROM generate_series(1, n) k),
				               array_to_string(array_replace(base, '1::bigint', '2::bigint'), ', '),
				               array_to_string(array_replace(base, '1::bigint', '3::bigint'), ', '),
				               array_to_string(a, ', '),
				               (SELECT string_agg('c' || k, ', ') FROM generate_series(1, n) k));
			ELSE
				call := format('SELECT sum(length(x::text)) FROM (SELECT %s(%s) AS x) s',
				               f.oid::regproc, array_to_string(a, ', '));
			END IF;
			BEGIN
				EXECUTE call INTO dummy;
				INSERT INTO probe_result VALUES (f.fn, v.pos, call, NULL, NULL);
			EXCEPTION WHEN OTHERS THEN
				INSERT INTO probe_result VALUES (f.fn, v.pos, call, SQLSTATE, SQLERRM);
			END;
		END LOOP;
		IF f.prokind = 'a' THEN
			-- and over no rows at all
			call := format('SELECT length(%s(%s)::text) FROM (VALUES (%s)) v(%s) WHERE false',
			               f.oid::regproc, (SELECT string_agg('c' || k, ', ') FROM generate_series(1, n) k),
			               array_to_string(base, ', '),
			               (SELECT string_agg('c' || k, ', ') FROM generate_series(1, n) k));
			BEGIN
				EXECUTE call INTO dummy;
				INSERT INTO probe_result VALUES (f.fn, -1, call, NULL, NULL);
			EXCEPTION WHEN OTHERS THEN
				INSERT INTO probe_result VALUES (f.fn, -1, call, SQLSTATE, SQLERRM);
			END;
		END IF;
	END LOOP;
END
$do$;

-- Control: a careless function added to the extension, failing with an
-- internal error on a long text, is found by the loop and the check below.
SAVEPOINT control;
CREATE FUNCTION _tap_careless(t text) RETURNS text LANGUAGE plpgsql AS $f$
BEGIN
	IF length(t) > 1000 THEN
		RAISE EXCEPTION 'careless' USING ERRCODE = 'XX000';
	END IF;
	RETURN t;
END
$f$;
ALTER EXTENSION scenario ADD FUNCTION _tap_careless(text);
SELECT pg_temp.probe('_tap_careless(text)');
SELECT string_agg(DISTINCT sqlstate, ',') AS control_xx FROM probe_result
 WHERE sqlstate LIKE 'XX%' \gset
ROLLBACK TO SAVEPOINT control;
SELECT is(:'control_xx'::text, 'XX000', 'control: an internal error in an extension function is caught and recorded');

SELECT pg_temp.probe(NULL);

CREATE TEMP VIEW probe_shown AS
	SELECT fn::text || ' -> ' || coalesce(sqlstate || ' ' || left(msg, 120), 'ok')
	       || ' | ' || left(regexp_replace(call, '\s+', ' ', 'g'), 240) AS line, sqlstate, fn
	  FROM probe_result;

SELECT is_empty($$SELECT line FROM probe_shown WHERE sqlstate LIKE 'XX%'$$,
                'no call raised an internal error (SQLSTATE class XX)');
SELECT is_empty($$SELECT line FROM probe_shown
                   WHERE left(sqlstate, 2) NOT IN ('22', '54', '42', '0A', '39', '57', '53')$$,
                'every error is of a documented class (22, 54, 42, 0A, 39, 57, 53)');
-- the harness builds its calls right: no call failed for want of a matching
-- function or type, so 42 errors are the functions' own
SELECT is_empty($$SELECT line FROM probe_shown WHERE sqlstate IN ('42883', '42725', '42804', '42601', '42846')$$,
                'every generated call resolves to the function probed');
SELECT is_empty($$SELECT f.fn::text FROM probe_fn f
                   WHERE NOT 'supply_gist_key'::regtype = ANY (f.args)
                     AND NOT EXISTS (SELECT FROM probe_result r WHERE r.fn = f.fn AND r.sqlstate IS NULL)$$,
                'every function gave a value for at least one call');
SELECT cmp_ok((SELECT count(*)::int FROM probe_result), '>', 1000,
              'more than 1000 calls made (' || (SELECT count(*) FROM probe_result) || ' over '
              || (SELECT count(DISTINCT fn) FROM probe_result) || ' functions)');

-- Cancellation: with statement_timeout at 300 ms the long-running functions
-- stop with 57014 within 1 s of it. The aggregates' states are built first
-- (temporary aggregates over the extension's own transition functions), so
-- the timed statement is the final function's work alone: training and
-- solving, not the scan that feeds them. Uncancelled, training runs ~2.6 s
-- here and the assignment ~3 s, so finishing "in time" needs their own
-- interrupt checks; a 106 MB classify takes only ~0.65 s in all, so that case
-- shows the bound holds for it, not that classify checks for interrupts.
\ir helpers/cancel.sql
CREATE FUNCTION pg_temp.timed_cancel(sql text) RETURNS text LANGUAGE plpgsql AS $f$
DECLARE
	limit_ interval := current_setting('scenario_test.cancel_now')::interval;
	t0 timestamptz := clock_timestamp();
	dummy text;
BEGIN
	EXECUTE sql INTO dummy;
	RETURN 'finished after ' || round(extract(epoch FROM clock_timestamp() - t0)::numeric, 2) || ' s';
EXCEPTION WHEN query_canceled THEN
	-- 1.3 s on a quiet machine, scaled by its load (helpers/cancel.sql)
	RETURN SQLSTATE || CASE WHEN clock_timestamp() - t0 < limit_
	                        THEN ' in time'
	                        ELSE ' after ' || round(extract(epoch FROM clock_timestamp() - t0)::numeric, 2) || ' s' END;
END
$f$;

CREATE AGGREGATE pg_temp.clf_state(text, text) (
	SFUNC = _classifier_accum, STYPE = classifier_state);
CREATE AGGREGATE pg_temp.clf_finish(classifier_state) (
	SFUNC = _classifier_combine, STYPE = classifier_state,
	FINALFUNC = _classifier_final);
CREATE TEMP TABLE big_clf AS
	SELECT pg_temp.clf_state(md5(g::text) || ' word' || (g % 977) || ' term' || (g % 331), 'c' || (g % 50)) AS st
	  FROM generate_series(1, 15000) g;
CREATE AGGREGATE pg_temp.assign_state(bigint, bigint, float8) (
	SFUNC = assign_trans, STYPE = assign_state, INITCOND = 'optimal:{}');
CREATE AGGREGATE pg_temp.assign_finish(assign_state) (
	SFUNC = assign_combine, STYPE = assign_state,
	FINALFUNC = assign_final);
-- d * s scores: the classic hard case for shortest augmenting paths
CREATE TEMP TABLE big_assign AS
	SELECT pg_temp.assign_state(d, s, (d * s)::float8) AS st
	  FROM generate_series(1, 1700) d, generate_series(1, 1700) s;
CREATE TEMP TABLE big_doc AS
	SELECT repeat('solar panel robot welding drone inspection bank loan ', 2000000) AS doc;

-- the bound, measured before statement_timeout is set (the measure takes ~0.75 s)
SELECT set_config('scenario_test.cancel_now', pg_temp.cancel_limit('1.3 s')::text, true) AS cancel_now \gset
SET LOCAL statement_timeout = '300ms';
SELECT is(pg_temp.timed_cancel($$SELECT length(pg_temp.clf_finish(st)::text) FROM big_clf$$),
          '57014 in time', 'training a classifier (15000 documents, 50 labels) stops on statement_timeout');
SELECT is(pg_temp.timed_cancel($$SELECT pair_count(pg_temp.assign_finish(st)) FROM big_assign$$),
          '57014 in time', 'assign over a dense 1700 x 1700 candidate set stops on statement_timeout');
SELECT is(pg_temp.timed_cancel($$SELECT classify(doc)::text FROM big_doc$$),
          '57014 in time', 'classify on a 106 MB document stops on statement_timeout');
-- and the same through the aggregate itself, scan included
SELECT is(pg_temp.timed_cancel($$
	SELECT length(train_classifier(md5(g::text) || ' word' || (g % 977), 'c' || (g % 50))::text)
	  FROM generate_series(1, 15000) g$$), '57014 in time',
	'train_classifier over a generated set stops on statement_timeout');
RESET statement_timeout;

SELECT * FROM finish();
ROLLBACK;
