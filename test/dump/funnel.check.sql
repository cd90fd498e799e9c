-- funnel: the stored funnel and its rows
SET search_path = public, scenario;
SELECT f::text FROM dumptest.funnels;
SELECT r.* FROM dumptest.funnels, funnel_rows(f) r;
