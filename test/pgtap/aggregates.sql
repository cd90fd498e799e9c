-- Aggregates, parallel query and Citus: every aggregate of the extension
-- (found from the catalog) must have a combine function, a state of a real
-- SQL type of ours (not internal, so its text form can travel between
-- nodes), and be PARALLEL SAFE with all its support functions.
BEGIN;
SELECT * FROM no_plan();
\ir helpers/parallel.sql

CREATE TEMP VIEW ext_members AS
	SELECT d.classid, d.objid
	  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
	 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
	   AND e.extname = 'scenario';

-- One row per problem: (aggregate, what is wrong).
CREATE TEMP VIEW aggregate_problems AS
	SELECT a.aggfnoid::regprocedure AS agg, problem
	  FROM pg_aggregate a
	  JOIN ext_members m ON m.classid = 'pg_proc'::regclass AND m.objid = a.aggfnoid
	  JOIN pg_proc p ON p.oid = a.aggfnoid
	  JOIN pg_type st ON st.oid = a.aggtranstype
	  CROSS JOIN LATERAL (VALUES
		(CASE WHEN a.aggcombinefn::oid = 0 THEN 'no COMBINEFUNC' END),
		(CASE WHEN a.aggtranstype = 'internal'::regtype THEN 'state type is internal' END),
		(CASE WHEN NOT EXISTS (SELECT FROM ext_members t WHERE t.classid = 'pg_type'::regclass
		                        AND t.objid = a.aggtranstype)
		      THEN 'state type ' || a.aggtranstype::regtype || ' is not the extension''s' END),
		(CASE WHEN p.proparallel <> 's' THEN 'aggregate not PARALLEL SAFE' END),
		((SELECT string_agg(f::regproc || ' not PARALLEL SAFE', ', ')
		   FROM unnest(ARRAY[a.aggtransfn, a.aggcombinefn, a.aggfinalfn, a.aggserialfn,
		                     a.aggdeserialfn, st.typinput, st.typoutput, st.typreceive, st.typsend]) f
		   JOIN pg_proc fp ON fp.oid = f
		  WHERE f::oid <> 0 AND fp.proparallel <> 's')),
		(CASE WHEN st.typreceive::oid = 0 OR st.typsend::oid = 0 THEN 'state type has no binary I/O' END)
	  ) AS x(problem)
	 WHERE problem IS NOT NULL;

SELECT is_empty('SELECT agg::text || '': '' || problem FROM aggregate_problems',
                'every aggregate: COMBINEFUNC, a state type of ours, PARALLEL SAFE throughout');
SELECT ok(true, (SELECT count(*) FROM pg_aggregate a JOIN ext_members m
                  ON m.classid = 'pg_proc'::regclass AND m.objid = a.aggfnoid)
                || ' aggregates of the extension checked');

-- Control: an aggregate made the careless way shows each problem.
SAVEPOINT control;
CREATE AGGREGATE _tap_sum(int8) (SFUNC = int8pl, STYPE = int8);
ALTER EXTENSION scenario ADD AGGREGATE _tap_sum(int8);
SELECT string_agg(problem, '; ' ORDER BY problem) AS found FROM aggregate_problems \gset
ROLLBACK TO SAVEPOINT control;
SELECT is(:'found'::text,
          'aggregate not PARALLEL SAFE; no COMBINEFUNC; state type bigint is not the extension''s',
          'control: the check finds a careless aggregate''s problems');

-- The helper modules use for their own aggregates (shown on a built-in one):
-- a forced parallel plan with Partial Aggregate gives the serial result.
CREATE TABLE public._tap_parallel AS SELECT g AS x, g % 7 AS k FROM generate_series(1, 20000) g;
ANALYZE public._tap_parallel;
SELECT pg_temp.parallel_same('SELECT k, sum(x), count(*) FROM public._tap_parallel GROUP BY k',
                             'control: a forced parallel plan aggregates like the serial one');

SELECT * FROM finish();
ROLLBACK;
