-- funnel: the stored funnel and its rows
SELECT f::text FROM dumptest.funnels;
SELECT r.* FROM dumptest.funnels, funnel_rows(f) r;
