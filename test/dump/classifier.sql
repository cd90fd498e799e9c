-- since: 0.1.0
-- classify: a trained model stored in a table; predictions must survive
CREATE TABLE dumptest.clf_docs (doc text, label text);
INSERT INTO dumptest.clf_docs VALUES
	('工业机器人 智能制造 数控机床', 'C'), ('机器人 自动化 产线', 'C'),
	('云计算 软件 平台', 'I'), ('大数据 软件 服务', 'I'),
	('新能源 电池 储能', 'D'), ('光伏 电站 储能', 'D');
CREATE TABLE dumptest.clf_models (name text PRIMARY KEY, model classifier NOT NULL);
INSERT INTO dumptest.clf_models SELECT 'demo', train_classifier(doc, label) FROM dumptest.clf_docs;
