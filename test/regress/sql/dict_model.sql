-- dict_model: the section model of sector_model that weighs classify's
-- keyword evidence

-- the shipped row: the GB/T 4754 sections, learnt from the shipped keywords
-- and names
SELECT taxonomy, weight, builtin, array_length((classifier_info(model)).labels, 1) AS labels,
       (classifier_info(model)).labels[1:3] AS first_labels,
       (classifier_info(model)).options
  FROM sector_model;

-- it is what the install script trains (training is deterministic)
SELECT train_classifier(doc, section, 'ngram=1-2, latin=words')::text
       = (SELECT model::text FROM sector_model WHERE builtin) AS same_model
  FROM (SELECT k.keyword, sector_ancestor(k.sector, 1)
          FROM sector_keyword k
         WHERE k.builtin AND k.weight > 0 AND sector_taxonomy(k.sector) = 'gbt4754'
           AND sector_level(k.sector) >= 2 AND k.source <> ALL ('{activity-cue,activity-product,boilerplate}')
        UNION ALL
        SELECT n.name, sector_ancestor(c.code, 1)
          FROM sector_catalog c, LATERAL (VALUES (c.name_zh), (c.name_en)) AS n(name)
         WHERE sector_taxonomy(c.code) = 'gbt4754' AND c.level >= 2 AND n.name IS NOT NULL) AS t(doc, section);

-- with and without it: a user row of weight 0 replaces the shipped one
CREATE TEMP TABLE texts (doc text);
INSERT INTO texts VALUES
  ('Shenzhen securities firm sponsors and underwrites the STAR Market IPO of a humanoid robot maker.'),
  ('Injection moulding shop with 60 presses making plastic housings and panels for appliance and auto brands.'),
  ('某5A景区希望引入载人飞行器开展空中观光项目，寻找具备运营资质的合作方'),
  ('二手房买卖、租赁居间，门店200家'),
  ('承接园林绿化工程施工及养护');
CREATE TEMP TABLE with_model AS SELECT doc, classify(doc) AS sector FROM texts;
BEGIN;
INSERT INTO sector_model (taxonomy, model, weight) SELECT taxonomy, model, 0 FROM sector_model;
SELECT left(t.doc, 40) AS doc, classify(t.doc) AS keywords_only, w.sector AS with_model
  FROM texts t JOIN with_model w USING (doc) ORDER BY t.doc;
ROLLBACK;

-- the weight is a power: 2 counts the model more than the shipped 0.5
SELECT sector, round(score::numeric, 3) AS score
  FROM classify_topk('无人机物流配送与工业机器人焊接', 3, 'gbt4754', 1);
BEGIN;
INSERT INTO sector_model (taxonomy, model, weight) SELECT taxonomy, model, 2 FROM sector_model;
SELECT sector, round(score::numeric, 3) AS score
  FROM classify_topk('无人机物流配送与工业机器人焊接', 3, 'gbt4754', 1);
ROLLBACK;

-- a user's own model, with labels at any level of the taxonomy: here two
-- divisions; the sections they fall in are weighed by them too
BEGIN;
INSERT INTO sector_model (taxonomy, model, weight)
SELECT 'gbt4754', train_classifier(doc, label::sector), 1
  FROM (VALUES ('无人机配送', 'gbt4754:G56'), ('无人机物流', 'gbt4754:G56'),
               ('焊接机器人', 'gbt4754:C34'), ('工业机器人焊接', 'gbt4754:C34')) AS t(doc, label);
SELECT builtin, (classifier_info(model)).labels FROM sector_model ORDER BY builtin;
SELECT sector, round(score::numeric, 3) AS score
  FROM classify_topk('无人机物流配送与工业机器人焊接', 3, 'gbt4754', 1);
SELECT sector, round(score::numeric, 3) AS score
  FROM classify_topk('无人机物流配送与工业机器人焊接', 3, 'gbt4754', 2);
ROLLBACK;

-- the model reads the first 64 kB of a text, the keywords all of it: here
-- the model sees only punctuation and leaves the keywords' answer alone
SELECT classify(repeat('，', 30000) || '二手房买卖、租赁居间，门店200家') AS far,
       classify('二手房买卖、租赁居间，门店200家') AS near;

-- other taxonomies have no model: nothing changes there
SELECT classify('低空经济无人机物流配送', 'gd') AS gd;

-- bad rows
INSERT INTO sector_model (taxonomy, model)
SELECT 'gbt4754', train_classifier(doc, label)
  FROM (VALUES ('无人机', 'drones'), ('机器人', 'robots')) AS t(doc, label);
INSERT INTO sector_model (taxonomy, model)
SELECT 'gbt4754', train_classifier(doc, label::sector)
  FROM (VALUES ('无人机', 'isic4:H'), ('机器人', 'isic4:C')) AS t(doc, label);
-- (terse: the failing row would print the shipped model's bytes, which
-- change with every change of the shipped keywords)
\set VERBOSITY terse
INSERT INTO sector_model (taxonomy, model, weight) SELECT taxonomy, model, -1 FROM sector_model;
INSERT INTO sector_model (taxonomy, model, weight) SELECT taxonomy, model, 11 FROM sector_model;
INSERT INTO sector_model (taxonomy, model) SELECT 'GBT4754', model FROM sector_model;
\set VERBOSITY default
INSERT INTO sector_model (taxonomy, model, builtin) SELECT taxonomy, model, true FROM sector_model;
