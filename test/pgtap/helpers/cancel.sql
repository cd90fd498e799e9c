-- pgTAP helper for cancellation checks; include with \ir helpers/cancel.sql.
--
-- pg_temp.cancel_limit(quiet interval) -> interval: how long a cancelled
-- statement may take to stop on this server now.  The bound is stated for a
-- quiet machine; a shared or loaded one slows every backend alike, so the
-- bound is scaled by how much slower a fixed reference query runs now than
-- it does on a quiet development machine (0.25 s; median of three runs,
-- never scaled below 1).  A check stays able to fail: work without its own
-- interrupt checks runs two to three times the quiet bound, and is slowed
-- by the same factor.  scenario_test.cancel_limit, when set (valgrind),
-- replaces the bound.
CREATE FUNCTION pg_temp.cancel_limit(quiet interval) RETURNS interval
LANGUAGE plpgsql AS $$
DECLARE
	t0 timestamptz;
	runs float8[] := '{}';
	dummy numeric;
	fixed text := nullif(current_setting('scenario_test.cancel_limit', true), '');
BEGIN
	IF fixed IS NOT NULL THEN
		RETURN fixed::interval;
	END IF;
	FOR i IN 1 .. 3 LOOP
		t0 := clock_timestamp();
		SELECT sum(g) INTO dummy FROM generate_series(1, 2000000) g;
		runs := runs || extract(epoch FROM clock_timestamp() - t0)::float8;
	END LOOP;
	RETURN quiet * greatest(1.0, (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY r) FROM unnest(runs) r) / 0.25);
END
$$;
