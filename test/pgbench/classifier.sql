-- setup for classifier.pgbench: training documents and a stored model
CREATE TABLE bench.clf_docs (doc text, label text);
INSERT INTO bench.clf_docs
	SELECT (ARRAY['工业机器人 智能制造', '云计算 软件 平台', '新能源 电池 储能', '生物 医药 疫苗'])[g % 4 + 1] || ' ' || g, (ARRAY['C', 'I', 'D', 'M'])[g % 4 + 1]
	  FROM generate_series(1, 200) g;
CREATE TABLE bench.clf_models (id int PRIMARY KEY, model classifier NOT NULL);
INSERT INTO bench.clf_models SELECT 1, train_classifier(doc, label) FROM bench.clf_docs;
