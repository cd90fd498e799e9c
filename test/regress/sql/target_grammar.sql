-- target_grammar: targets as people write them (issue 13): every spelling
-- reads to the one canonical text, and bad spellings name the word at fault

-- operators: symbols, words and Chinese phrases, all stored as >= or <=
SELECT t, t::target AS canonical
  FROM (VALUES ('>= 10 per year'), ('≥ 10 per year'), ('≥10 per year'), ('at least 10 per year'),
               ('AT  LEAST 10 per year'), ('不少于 10 per year'), ('不低于10 per year'),
               ('<= 5 per month'), ('≤ 5 per month'), ('at most 5 per month'),
               ('不超过 5 per month'), ('不高于5 per month')) v(t);
-- a bare > or < is refused with a hint; so are other openings
SELECT '> 9 per year'::target;
SELECT '< 5 per month'::target;
SELECT '= 10 per year'::target;
SELECT 'at 10 per year'::target;
SELECT 'at leastways 10 per year'::target;
-- (found by the fuzzer: a short input after "at" was read past its end)
SELECT 'at 不l'::target;
SELECT 'at'::target;

-- currencies: CNY, RMB and 元; multipliers folded into the number
SELECT t, t::target AS canonical
  FROM (VALUES ('>= 40 亿元 by 2025-12-31 from 2023-01-01'), ('>= 40亿元 by 2025-12-31 from 2023-01-01'),
               ('>= 40 亿 元 by 2025-12-31 from 2023-01-01'), ('>= 4 billion RMB by 2025-12-31 from 2023-01-01'),
               ('>= 4e9 CNY by 2025-12-31 from 2023-01-01'), ('>= 4,000,000,000 rmb by 2025-12-31 from 2023-01-01'),
               ('不少于 400000 万元 by 2025-12-31 from 2023-01-01'), ('>= 4000 million 元 by 2025-12-31 from 2023-01-01'),
               ('<= 5 万元 per month'), ('>= 2.5 thousand per year'), ('>= 0.1 billion USD per year'),
               ('>= 1e-3 million per year'), ('>= 3 亿 per year'), ('>= 2 million per year at 1.5 million')) v(t);
-- the same value, whatever the spelling: equal bytes, equal hashes
SELECT count(DISTINCT t::target) AS values, count(DISTINCT target_hash(t::target)) AS hashes
  FROM (VALUES ('>= 40 亿元 by 2025-12-31 from 2023-01-01'), ('>= 4 billion RMB by 2025-12-31 from 2023-01-01'),
               ('>= 4e9 CNY by 2025-12-31 from 2023-01-01'), ('>= 4,000,000,000 元 by 2025-12-31 from 2023-01-01')) v(t);
SELECT '>= 1e300 billion per year'::target;
SELECT '>= 10 亿美元 per year'::target;
SELECT '>= 10 thousands per year'::target;

-- units singular or plural
SELECT t, t::target AS canonical
  FROM (VALUES ('>= 1 zone by 2027-12-31 from 2024-01-01'), ('>= 1 Zones by 2027-12-31 from 2024-01-01'),
               ('>= 3 project per quarter'), ('>= 3 item per quarter'), ('>= 3 use per quarter'),
               ('>= 3 firm per quarter'), ('>= 3 event per quarter')) v(t);
SELECT '>= 10 parsecs per year'::target;
SELECT '>= 10 zonez per year'::target;

-- digit groups: three digits after every comma, commas before the point only
SELECT t, t::target AS canonical
  FROM (VALUES ('>= 1,000 per year'), ('>= 1,000,000.5 per year'), ('>= -1,000 per year at -2,000'),
               ('>= 12,345 zones per year')) v(t);
SELECT '>= 1,00 per year'::target;
SELECT '>= 1000,000 per year'::target;
SELECT '>= 10,000,00 per year'::target;
SELECT '>= 1000, per year'::target;
SELECT '>= 1.000,5 per year'::target;

-- a misspelt keyword names itself, with the shape as a hint
SELECT '>= 10 until 2027-12-31'::target;
SELECT '>= 10 zones until 2027-12-31 from 2024-01-01'::target;
SELECT '>= 10 by 2027-12-31 since 2024-01-01'::target;
SELECT '>= 10 every year'::target;
SELECT '>= 10 by 2027-12-31'::target;
SELECT '>= per year'::target;
