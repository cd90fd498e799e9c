-- pgTAP helpers for aggregates; include with \ir helpers/parallel.sql.
--
-- pg_temp.parallel_same(query, description): runs query (a SELECT whose
-- top is an aggregate) serially and with a forced parallel plan, passes when
-- the plan shows a Partial (Hash)Aggregate and the two results are identical.
-- The table it reads must be a regular (not temporary) table.
CREATE FUNCTION pg_temp.parallel_same(query text, description text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	serial text;
	parallel text;
	plan text := '';
	line text;
	old text[];
	names text[] := ARRAY['parallel_setup_cost', 'parallel_tuple_cost',
	                      'min_parallel_table_scan_size', 'max_parallel_workers_per_gather',
	                      'force_parallel_mode', 'parallel_leader_participation'];
	vals text[] := ARRAY['0', '0', '0', '2', 'off', 'off'];
	rows text := format('SELECT string_agg(t::text, %L ORDER BY t::text) FROM (%s) t', E'\n', query);
BEGIN
	SELECT array_agg(current_setting(n) ORDER BY i) INTO old
	  FROM unnest(names) WITH ORDINALITY AS u(n, i);
	PERFORM set_config('max_parallel_workers_per_gather', '0', true);
	EXECUTE rows INTO serial;
	FOR i IN 1 .. array_length(names, 1) LOOP
		PERFORM set_config(names[i], vals[i], true);
	END LOOP;
	FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || query LOOP
		plan := plan || line || E'\n';
	END LOOP;
	EXECUTE rows INTO parallel;
	FOR i IN 1 .. array_length(names, 1) LOOP
		PERFORM set_config(names[i], old[i], true);
	END LOOP;
	IF plan !~ 'Partial (Hash|Group|Mixed)?Aggregate' THEN
		RETURN ok(false, description) || E'\n' || diag('no Partial Aggregate in the plan:' || E'\n' || plan);
	END IF;
	RETURN is(parallel, serial, description);
END $$;
