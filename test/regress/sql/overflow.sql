-- overflow: aggregate states read from text or binary whose totals do not
-- fit are refused with 22003, as the aggregates refuse them (issue 13)
\set VERBOSITY default

-- tracking: day counts summing past bigint (was tracking_events = -2)
SELECT '>= 10 per year; ignored 0 0 0; 2024-01-01 9223372036854775807 1 1, 2024-01-02 2 2 2'::tracking;
SELECT '>= 10 per year; ignored 0 0 0; 2024-01-01 9223372036854775806 1 1, 2024-01-02 1 1 1'::tracking IS NOT NULL AS at_the_limit;
-- ignored tallies summing past bigint
SELECT '>= 10 by 2024-12-31 from 2024-01-01; ignored 9223372036854775807 1 0;'::tracking;
-- day amounts summing past float8 (was Infinity and achieved)
SELECT '>= 10 per year; ignored 0 0 0; 2024-01-01 1 1e308 1, 2024-01-02 1 1e308 1'::tracking;
SELECT '>= 10 per year; ignored 0 0 0; 2024-01-01 1 1e308 1, 2024-01-02 1 -1e308 1'::tracking;
SELECT '>= 10 per year; ignored 0 0 0; 2024-01-01 1 1 1e308, 2024-01-02 1 1 1e308'::tracking;
SELECT '>= 1.7e308 per year at 1e308; ignored 0 0 0; 2024-01-01 1 1e308 1'::tracking;
-- (binary input runs the same checks: test/pgtap/target.sql tampers a
-- binary COPY image)
-- the aggregate refuses the same data
SELECT track('>= 10 per year', d, 1e308) FROM (VALUES (date '2024-01-01'), ('2024-01-02')) v(d);
SELECT track('>= 10 per year', d, 1e308) FROM (VALUES (date '2024-01-01'), ('2024-01-01')) v(d);
SELECT track('>= 10 per year', d, 1e154) FROM (VALUES (date '2024-01-01'), ('2024-01-02')) v(d);
SELECT tracking_events(track('>= 10 per year', d, 1e150))
  FROM (VALUES (date '2024-01-01'), ('2024-01-02')) v(d);

-- match_score: weights whose sum overflows float8 have their own message
SELECT match_score(demand_profile(), supply_profile(), '{"text": 1e308, "sector": 1e308}');
SELECT match_score(demand_profile(), supply_profile(), '{"sector": 0, "text": 0, "money": 0, "region": 0, "trl": 0, "time": 0}');
SELECT match_score(demand_profile(), supply_profile(), '{"text": 1e308}') IS NOT NULL AS one_huge_weight;
