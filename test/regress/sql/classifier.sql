-- classify: the trainable text classifier (train_classifier, predict, predict_topk)

-- A small learnable set in Chinese and English: sports vs finance vs tech.
CREATE TABLE clf_train (doc text, label text);
INSERT INTO clf_train VALUES
  ('中国男篮击败美国队', 'sports'), ('足球联赛冠军诞生', 'sports'),
  ('篮球明星伤愈复出', 'sports'), ('女排夺得世界杯冠军', 'sports'),
  ('NBA playoffs: Lakers beat Celtics', 'sports'), ('World Cup football final tonight', 'sports'),
  ('股市大涨 A股成交放量', 'finance'), ('央行宣布降息 银行股走强', 'finance'),
  ('基金净值创新高', 'finance'), ('人民币汇率小幅波动', 'finance'),
  ('Stock market rally lifts bank shares', 'finance'), ('Central bank cuts interest rates', 'finance'),
  ('新款手机芯片发布', 'tech'), ('人工智能大模型开源', 'tech'),
  ('无人机物流试点启动', 'tech'), ('Quantum computing chip unveiled', 'tech'),
  ('New smartphone with AI camera', 'tech'), ('机器人焊接生产线投产', 'tech'),
  (NULL, 'tech'), ('ignored: no label', NULL);

CREATE TABLE clf_model AS SELECT train_classifier(doc, label) AS model FROM clf_train;
SELECT version, labels, features > 0 AS has_features, documents, temperature > 0 AS temperature_ok, options
  FROM classifier_info((SELECT model FROM clf_model));

-- Chinese, English and mixed documents
SELECT doc, predict((SELECT model FROM clf_model), doc)
  FROM (VALUES ('男篮世界杯冠军'), ('银行股大涨'), ('大模型芯片'), ('football final'),
               ('interest rates cut'), ('AI chip'), ('无人机 drone 物流')) AS t(doc);

-- top-k: most likely first, probabilities in (0,1] summing to 1 over all labels
SELECT label, round(probability::numeric, 3) AS p
  FROM predict_topk((SELECT model FROM clf_model), '足球冠军');
SELECT count(*), round(sum(probability)::numeric, 6) AS total
  FROM predict_topk((SELECT model FROM clf_model), '足球冠军', 10);
SELECT label FROM predict_topk((SELECT model FROM clf_model), '股市 基金', 1);

-- full-width Latin and digits fold to ASCII, capitals to lower case
SELECT a.probability = b.probability AS folded_alike
  FROM predict_topk((SELECT model FROM clf_model), 'ＡＩ　ＣＨＩＰ', 1) a,
       predict_topk((SELECT model FROM clf_model), 'ai chip', 1) b;

-- NULL and empty documents; documents with no known feature
SELECT predict((SELECT model FROM clf_model), NULL) IS NULL AS null_doc;
SELECT predict((SELECT model FROM clf_model), '') IS NULL AS empty_doc;
SELECT predict((SELECT model FROM clf_model), '   ') IS NULL AS blank_doc;
SELECT predict((SELECT model FROM clf_model), 'ΩΩΩ') IS NULL AS unknown_features;
SELECT count(*) AS no_rows FROM predict_topk((SELECT model FROM clf_model), '');

-- k <= 0
SELECT * FROM predict_topk((SELECT model FROM clf_model), '足球', 0);
SELECT * FROM predict_topk((SELECT model FROM clf_model), '足球', -1);

-- zero rows: NULL; all rows NULL: NULL
SELECT train_classifier(doc, label) IS NULL AS zero_rows FROM clf_train WHERE false;
SELECT train_classifier(doc, label) IS NULL AS null_rows FROM clf_train WHERE doc IS NULL OR label IS NULL;

-- one label: a model that always predicts it (probability 1), even for ''
CREATE TABLE clf_one AS SELECT train_classifier(doc, 'only') AS model FROM clf_train WHERE label = 'tech';
SELECT labels, features, documents FROM classifier_info((SELECT model FROM clf_one));
SELECT predict(model, '足球'), predict(model, '') FROM clf_one;
SELECT * FROM predict_topk((SELECT model FROM clf_one), 'anything', 5);

-- options
SELECT (classifier_info(train_classifier(doc, label, 'c=2, ngram=1-3 latin=words nb=off'))).options
  FROM clf_train;
-- options at their bounds are kept (and pass the model's validator)
SELECT (classifier_info(train_classifier(doc, label, 'tol=1e-9 c=1e-6 max_iter=1'))).options::text
       FROM clf_train;
SELECT (classifier_info(train_classifier(doc, label, 'tol=10 c=1e6 beta=1')::text::classifier)).options
       FROM clf_train;
SELECT train_classifier(doc, label, 'foo=1') FROM clf_train;
SELECT train_classifier(doc, label, 'ngram=2-1') FROM clf_train;
SELECT train_classifier(doc, label, 'ngram=1-6') FROM clf_train;
SELECT train_classifier(doc, label, 'c=0') FROM clf_train;
SELECT train_classifier(doc, label, 'beta=abc') FROM clf_train;
SELECT train_classifier(doc, label, 'nb=maybe') FROM clf_train;
SELECT train_classifier(doc, label, 'latin') FROM clf_train;
SELECT train_classifier(doc, label, CASE WHEN label = 'tech' THEN 'c=1' END) FROM clf_train;
SELECT train_classifier(doc, repeat('x', 1025)) FROM clf_train;

-- sector labels, without a cast: trained as their canonical text (however
-- they were written), so the model is the text-labelled one byte for byte
-- and predictions cast back to sector; a NULL label is skipped as with text
CREATE TABLE clf_sector (doc text, sector sector);
INSERT INTO clf_sector VALUES
  ('植保无人机 drone 飞行', 'GBT4754:c3963'), ('无人机物流配送', 'gbt4754:C3963'),
  ('工业机器人焊接 robot arm', 'gbt4754:3491'), ('机器人搬运生产线', 'gbt4754:C3491'),
  ('银行贷款 bank loan', 'gbt4754:J66'), ('基金 股票 银行', 'gbt4754:J66'),
  ('ignored: no sector', NULL), (NULL, 'gbt4754:J66');
SELECT train_classifier(doc, sector)::text = train_classifier(doc, sector::text)::text AS same_model,
       train_classifier(doc, sector, 'c=2 ngram=1-3')::text
         = train_classifier(doc, sector::text, 'c=2 ngram=1-3')::text AS same_model_with_options
  FROM clf_sector;
SELECT labels, documents, options
  FROM classifier_info((SELECT train_classifier(doc, sector) FROM clf_sector));
SELECT doc, predict(m, doc)::sector AS sector, sector_name(predict(m, doc)::sector) AS name
  FROM (SELECT train_classifier(doc, sector) AS m FROM clf_sector) t,
       (VALUES ('无人机'), ('焊接机器人'), ('bank')) AS d(doc);
SELECT train_classifier(doc, sector) IS NULL AS null_labels FROM clf_sector WHERE sector IS NULL;
SELECT train_classifier(doc, sector, 'c=0') FROM clf_sector;
-- an untyped literal label is text, as before
SELECT labels FROM classifier_info((SELECT train_classifier(doc, 'GBT4754:c3963') FROM clf_sector));

-- text round trip is exact; the text form has a readable prefix
SELECT model::text::classifier::text = model::text AS round_trip,
       left(model::text, 11) AS prefix FROM clf_model;

-- bad text: prefix, base64, size, checksum (a flipped byte), future version
SELECT 'foo'::classifier;
SELECT 'classifier:'::classifier;
SELECT 'classifier:%%%'::classifier;
SELECT 'classifier:AAAA'::classifier;
CREATE FUNCTION pg_temp.patch(m classifier, pos int, val int) RETURNS text
LANGUAGE sql AS $$
  SELECT 'classifier:' || translate(encode(set_byte(decode(substr(m::text, 12), 'base64'), pos, val), 'base64'), E'\n', '')
$$;
SELECT pg_temp.patch(model, 0, 2)::classifier FROM clf_model;     -- version 2
SELECT pg_temp.patch(model, 0, 0)::classifier FROM clf_model;     -- version 0
SELECT pg_temp.patch(model, 1, 255)::classifier FROM clf_model;   -- unknown flags
SELECT pg_temp.patch(model, 200, 7)::classifier FROM clf_model;   -- a weight byte
SELECT ('classifier:' || translate(encode(substr(decode(substr(model::text, 12), 'base64'), 1, 100), 'base64'), E'\n', ''))::classifier
  FROM clf_model;                                                 -- truncated

-- the state type: exact text round trip, strict input
-- (an aggregate without final function exposes the state; one that
-- combines states trains from them, as Citus would after a push-down)
CREATE AGGREGATE pg_temp.clf_state(text, text) (
  SFUNC = _classifier_accum, STYPE = classifier_state);
CREATE AGGREGATE pg_temp.clf_merge(classifier_state) (
  SFUNC = _classifier_combine, STYPE = classifier_state,
  FINALFUNC = _classifier_final);
CREATE TABLE clf_states AS
  SELECT label IS NULL OR label < 't' AS part, pg_temp.clf_state(doc, label) AS s
    FROM clf_train GROUP BY 1;
SELECT part, s::text::classifier_state::text = s::text AS state_round_trip,
       left(s::text, 17) AS prefix FROM clf_states ORDER BY part;
SELECT pg_temp.clf_merge(s::text::classifier_state)::text = (SELECT model::text FROM clf_model)
       AS merged_states_train_the_same_model FROM clf_states;
SELECT pg_temp.clf_merge(s) IS NULL AS no_states FROM clf_states WHERE false;
SELECT 'classifier_state:'::classifier_state;
SELECT 'classifier_state:AQAAAAAAAAA='::classifier_state;
SELECT 'nope'::classifier_state;
SELECT _classifier_accum(NULL, 'a', 'b');

-- invalid UTF-8 can only be stored in a SQL_ASCII database: clear 22021 there
SELECT current_database() AS regdb \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS scenario_clf_ascii;
RESET client_min_messages;
CREATE DATABASE scenario_clf_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c scenario_clf_ascii
SET client_min_messages = warning;
CREATE EXTENSION scenario;
SELECT predict(train_classifier(doc, label), 'abc') FROM (VALUES ('abc', 'x'), ('def', 'y')) t(doc, label);
SELECT predict(train_classifier(doc, label), convert_from('\x61ff62'::bytea, 'SQL_ASCII'))
  FROM (VALUES ('abc', 'x'), ('def', 'y')) t(doc, label);
SELECT train_classifier(convert_from('\xe4b8'::bytea, 'SQL_ASCII'), 'x');
\c :regdb
DROP DATABASE scenario_clf_ascii;
