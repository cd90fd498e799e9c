-- The dictionary classifier's quality on the measuring split of the
-- labelled texts (test/quality/classify, ids whose number is a multiple of
-- 3) and on the held texts written by others: floors at what the shipped
-- keywords and scoring reach, so a change that lowers any of them fails;
-- and the shipped dictionary's invariants.
-- The same counts as ./run bench classify-quality (docs/bench/classify-quality.md).
BEGIN;
SELECT plan(23);

-- the labelled texts, and the held files of test/quality/classify/blind:
-- texts written by helper sessions from the class notes alone and only ever
-- measured, the best estimate for text nobody here has read (its README)
CREATE TEMP TABLE q (id text, lang text, style text, area text, doc text, class text, alternatives text,
                     held bool NOT NULL DEFAULT false);
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/zh.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/en.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
ALTER TABLE q ALTER held SET DEFAULT true;
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/blind/round5_held.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/blind/round7_held.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/blind/round8_held.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/blind/round9_held.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/blind/round10_held.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/blind/round11_held.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
\copy q (id, lang, style, area, doc, class, alternatives) FROM 'test/quality/classify/blind/round12_held.tsv' WITH (FORMAT csv, DELIMITER E'\t', HEADER true, QUOTE E'\x01')
SELECT is((SELECT count(*)::int FROM q WHERE NOT held), 799, 'the 799 labelled texts are loaded');
SELECT is((SELECT count(*)::int FROM q WHERE held), 480, 'the 480 held texts written by others are loaded');

-- the texts are not lookups: no official GB/T 4754 name of 4+ characters
CREATE TEMP VIEW named AS
SELECT q.held FROM q, sector_catalog c
 WHERE sector_taxonomy(c.code) = 'gbt4754' AND char_length(c.name_zh) >= 4 AND strpos(q.doc, c.name_zh) > 0;
SELECT is((SELECT count(*)::int FROM named WHERE NOT held), 0, 'no text contains an official GB/T 4754 name');
SELECT is((SELECT count(*)::int FROM named WHERE held), 0, 'no held text contains an official GB/T 4754 name');

-- an answer (the code without its taxonomy, '' for none) judged as the
-- benchmark does: the class, the class or an alternative, their division,
-- their section
CREATE FUNCTION pg_temp.judged(p text, class text, alternatives text,
                               OUT exact bool, OUT lenient bool, OUT division bool, OUT section bool)
LANGUAGE sql IMMUTABLE AS $$
  SELECT length(p) = 5 AND p = class, length(p) = 5 AND p = ANY (golds),
         length(p) >= 3 AND left(p, 3) = ANY (SELECT left(g, 3) FROM unnest(golds) g),
         p <> '' AND left(p, 1) = ANY (SELECT left(g, 1) FROM unnest(golds) g)
    FROM (SELECT ARRAY[class] || coalesce(string_to_array(alternatives, ','), '{}') AS golds) x
$$;
-- the measuring split (ids whose number is a multiple of 3) and the held texts
CREATE TEMP VIEW measured AS
SELECT * FROM q WHERE held OR substr(id, 2)::int % 3 = 0;
CREATE TEMP TABLE m AS
SELECT x.id, x.lang, x.area, x.held, x.p, j.*
  FROM (SELECT *, coalesce(split_part(classify(doc)::text, ':', 2), '') AS p FROM measured) x,
       pg_temp.judged(x.p, x.class, x.alternatives) j;
CREATE TEMP TABLE r AS
SELECT count(*) AS n,
       count(*) FILTER (WHERE exact) AS exact, count(*) FILTER (WHERE lenient) AS lenient,
       count(*) FILTER (WHERE division) AS division, count(*) FILTER (WHERE section) AS section,
       count(*) FILTER (WHERE p = '') AS abstain,
       count(*) FILTER (WHERE lenient AND area <> '') AS area_lenient,
       count(*) FILTER (WHERE division AND area <> '') AS area_division,
       count(*) FILTER (WHERE division AND lang = 'en') AS en_division,
       count(*) FILTER (WHERE section AND lang = 'en') AS en_section
  FROM m WHERE NOT held;
SELECT is((SELECT n::int FROM r), 206, 'the measuring split has 206 texts');
SELECT cmp_ok((SELECT exact::int FROM r), '>=', 148, 'class right: at least 148 of 206');
SELECT cmp_ok((SELECT lenient::int FROM r), '>=', 158, 'class or an alternative: at least 158 of 206');
SELECT cmp_ok((SELECT division::int FROM r), '>=', 177, 'division right: at least 177 of 206');
SELECT cmp_ok((SELECT section::int FROM r), '>=', 189, 'section right: at least 189 of 206');
SELECT cmp_ok((SELECT abstain::int FROM r), '<=', 1, 'abstains on at most 1 of 206');
SELECT cmp_ok((SELECT area_lenient::int FROM r), '>=', 31, 'low-altitude and robotics: class (or alternative) at least 31 of 52');
SELECT cmp_ok((SELECT area_division::int FROM r), '>=', 37, 'low-altitude and robotics: division at least 37 of 52');
SELECT cmp_ok((SELECT en_division::int FROM r), '>=', 61, 'English: division at least 61 of 73');
SELECT cmp_ok((SELECT en_section::int FROM r), '>=', 65, 'English: section at least 65 of 73');
SELECT cmp_ok((SELECT count(*)::int FROM m WHERE held AND division), '>=', 411, 'held texts: division right for at least 411 of 480');
SELECT cmp_ok((SELECT count(*)::int FROM m WHERE held AND section), '>=', 440, 'held texts: section right for at least 440 of 480');
SELECT cmp_ok((SELECT count(*)::int FROM m WHERE held AND division AND lang = 'en'), '>=', 194,
              'held texts: English division right for at least 194 of 230');

-- the section model (sector_model) beats the keywords alone on the
-- measuring split, which is why it is the default: the same judgement with
-- a user row of weight 0 in its place
INSERT INTO sector_model (taxonomy, model, weight) SELECT taxonomy, model, 0 FROM sector_model;
CREATE TEMP TABLE k AS
SELECT count(*) FILTER (WHERE j.division) AS division, count(*) FILTER (WHERE j.section) AS section
  FROM (SELECT *, coalesce(split_part(classify(doc)::text, ':', 2), '') AS p FROM measured WHERE NOT held) x,
       pg_temp.judged(x.p, x.class, x.alternatives) j;
DELETE FROM sector_model WHERE NOT builtin;
SELECT cmp_ok((SELECT division FROM r), '>', (SELECT division FROM k),
              'the section model gets more divisions right than the keywords alone');
SELECT cmp_ok((SELECT section FROM r), '>', (SELECT section FROM k),
              'the section model gets more sections right than the keywords alone');
SELECT results_eq($$SELECT taxonomy, weight, (classifier_info(model)).labels FROM sector_model$$,
                  $$SELECT 'gbt4754'::text, 0.5::real,
                           (SELECT array_agg(code::text ORDER BY code) FROM sector_catalog
                             WHERE sector_taxonomy(code) = 'gbt4754' AND level = 1)$$,
                  'one shipped model: the GB/T 4754 sections, weight 0.5');

-- the shipped dictionary
SELECT is((SELECT count(*)::int FROM sector_keyword WHERE builtin AND source IN ('', 'user')), 0,
          'every shipped keyword row names its source');
SELECT is((SELECT count(*)::int FROM sector_catalog c
            WHERE sector_taxonomy(c.code) = 'gbt4754' AND c.level = 4
              AND NOT (EXISTS (SELECT 1 FROM sector_keyword k WHERE k.sector = c.code AND k.lang = 'zh' AND k.weight > 0)
                   AND EXISTS (SELECT 1 FROM sector_keyword k WHERE k.sector = c.code AND k.lang = 'en' AND k.weight > 0))),
          0, 'every GB/T 4754 class has a Chinese and an English keyword');
SELECT cmp_ok((SELECT count(DISTINCT source)::int FROM sector_keyword WHERE builtin), '>=', 10,
              'the shipped rows come from the documented sources');

SELECT * FROM finish();
ROLLBACK;
