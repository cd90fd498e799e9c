-- dictionary classifier: classify, classify_topk, sector_keyword

-- the shipped rows: GB/T 4754 names and note terms, gd names, curated list
SELECT sector_taxonomy(sector) AS taxonomy, lang, count(*) > 0 AS has_rows
  FROM sector_keyword WHERE builtin GROUP BY 1, 2 ORDER BY 1, 2;
SELECT count(*) >= 5000 AS at_least_5000_shipped FROM sector_keyword WHERE builtin;
SELECT sector, keyword, weight, lang FROM sector_keyword
 WHERE sector IN ('gbt4754:C3963', 'gd:K0101') AND keyword IN ('无人机', '智能无人飞行器', 'eVTOL', 'drone')
 ORDER BY sector, keyword;

-- a Chinese opportunity: low-altitude flight services
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('深圳低空经济发展有限公司围绕低空飞行缺少统一监管与服务平台，拟在深圳南山区开展低空飞行服务保障平台应用。建设内容包括无人机反制、低空飞行服务平台和ADS-B，兼顾通信导航监视。');
SELECT classify('拟采购焊接机器人工作站和码垛机器人，配套机器视觉缺陷检测') AS sector;
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('拟采购焊接机器人工作站和码垛机器人，配套机器视觉缺陷检测', 5);

-- English, upper case and full width are the same text
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('Drone delivery and eVTOL air taxi trials; UAV makers welcome.', 3);
SELECT classify('ＥＶＴＯＬ') AS full_width, classify('evtol') AS lower, classify('EVTOL') AS upper;

-- the gd taxonomy: its own keywords, and GB/T 4754 ones through the crosswalk
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('协作机器人 cobot 与 RV减速器', 3, 'gd');
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('协作机器人 cobot 与 RV减速器', 3, 'gd', 2);
-- (a class in several clusters gives each the same score: ties go in code order)
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('锂离子电池储能系统', 3, 'gd');

-- roles: a customer after "for"/面向 counts 0.3, the buyer before "seeks"/寻求
-- 0.3 and the thing bought after it 2x; 采购 with a thing after it makes
-- what precedes the buyer; the cues alone give no answer
SELECT classify('Cloud software for hospitals') AS for_customer,
       classify('hospitals') AS hospital_alone;
SELECT classify('某医院集团寻求无人机配送运营商') AS demand,
       classify('市中心医院采购核磁共振设备两台') AS purchase,
       classify('面向') AS cue_alone;
-- the lead: when the evidence spans clauses, the first clause with evidence
-- counts 1.5 times (a business scope lists the principal activity first);
-- shown on the keywords alone (a user row of weight 0 switches the section
-- model off), and with the model, which here prefers the trade section
BEGIN;
INSERT INTO sector_model (taxonomy, model, weight) SELECT taxonomy, model, 0 FROM sector_model;
SELECT classify('保健食品生产；化妆品批发') AS food_first,
       classify('化妆品批发；保健食品生产') AS wholesale_first;
ROLLBACK;
SELECT classify('保健食品生产；化妆品批发') AS food_first,
       classify('化妆品批发；保健食品生产') AS wholesale_first;
-- a government body in a demand text is the buyer: its evidence counts 0.3
SELECT (SELECT score FROM classify_topk('区教育局教职工体检服务采购', 5) WHERE sector = 'gbt4754:S9224')
     < (SELECT score FROM classify_topk('区教育局教职工体检服务', 5) WHERE sector = 'gbt4754:S9224')
       AS buyer_weaker_in_a_notice;
-- a drone flown to do a job is a tool (instrument rows): the job decides
SELECT classify('crop spraying by drone') AS by_drone, classify('crop spraying drone') AS drone;
-- activity: renting or repairing a product moves the answer out of making
SELECT classify('工业机器人') AS product, classify('工业机器人租赁，按月计费') AS rented,
       classify('Industrial robot maker, OEM for integrators') AS made;
-- a clause that makes and sells (or repairs) does so as the maker; in
-- separate clauses selling still moves the answer
SELECT classify('童装的生产和零售') AS made_and_sold, classify('童装零售') AS sold,
       classify('Manufacture and retail of garments') AS made_and_sold_en;
-- a word right before a head noun of the software cues names its domain:
-- a flight-service management platform is software
SELECT classify('征集低空飞行服务管理平台') AS platform, classify('低空飞行服务') AS service,
       classify('seeks a fleet management platform') AS platform_en;
-- building cues: a general contract for an airfield is construction
SELECT classify('低空起降场施工总承包招标') AS built, classify('低空起降场运营') AS operated;
-- a term of a section that holds that section's cue is the cue too (土建施工
-- of E4899 holds 施工, which would otherwise lie hidden inside it)
SELECT classify('新区起降场土建施工招标') AS civil_works, classify('新区起降场运营服务招标') AS operation;
-- an organisation (a keyword ending with a role-org suffix: 局, 集团,
-- hospital ...) in a demand text, outside the thing bought, is the buyer
SELECT (SELECT round(score::numeric, 2) FROM classify_topk('市供电局变电站巡检机器人采购', 10)
         WHERE sector = 'gbt4754:D4420') AS utility_in_a_notice,
       (SELECT round(score::numeric, 2) FROM classify_topk('市供电局变电站巡检机器人', 10)
         WHERE sector = 'gbt4754:D4420') AS utility_in_a_description;
-- a title's separator ends a clause: the factory after 场景需求｜ is the
-- buyer, not the thing sought
SELECT classify('场景需求｜某陶瓷厂：希望引入节能服务商') AS separated,
       classify('场景需求 某陶瓷厂：希望引入节能服务商') AS run_on;
-- extras: the activity cues after 含 / including in their clause are bought
-- with the thing, not its kind
SELECT classify('县卫健局采购彩超30台，含操作培训') AS with_training,
       classify('县卫健局采购彩超30台，另有操作培训') AS and_training,
       classify('Tender: supply of CT scanners, including installation and training') AS including_en;
-- roll-up to a level: the classes' evidence is merged under the section
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('无人机物流配送与工业机器人焊接', 3, 'gbt4754', 1);
SELECT sector, round(score::numeric, 3) AS score, evidence
  FROM classify_topk('无人机物流配送与工业机器人焊接', 3, 'gbt4754', 2);

-- overlaps: the longest match hides its own substrings (工业机器人 hides
-- 机器人, 无人机配送 hides 无人机); partial overlaps both count
SELECT evidence FROM classify_topk('工业机器人', 10);
SELECT sector, evidence FROM classify_topk('无人机配送', 10, 'gd');

-- user rows: added, found by the next statement, override, silence, removed
INSERT INTO sector_keyword (sector, keyword, weight, lang) VALUES
  ('gbt4754:I6513', 'AI', 2, 'en'),
  ('gbt4754:I6513', '大模型', 2, 'zh');
-- Latin keywords need word boundaries; Chinese ones do not
SELECT d AS doc, classify(d) AS sector
  FROM (VALUES ('AI chip'), ('an email'), ('AI视觉'), ('chinese AI'), ('ai-driven'),
               ('PAIR'), ('行业大模型训练')) t(d);
-- a user row with weight 0 silences a shipped keyword for its sector
INSERT INTO sector_keyword (sector, keyword, weight) VALUES ('gbt4754:C3963', '无人机', 0);
SELECT classify('无人机') AS silenced;
UPDATE sector_keyword SET weight = 5 WHERE sector = 'gbt4754:C3963' AND keyword = '无人机' AND NOT builtin;
SELECT sector, round(score::numeric, 3) AS score, evidence FROM classify_topk('无人机', 1) AS overridden;
DELETE FROM sector_keyword WHERE NOT builtin;
SELECT classify('AI chip') AS after_delete, classify('无人机') AS shipped_again;

-- what a row may hold
INSERT INTO sector_keyword (sector, keyword) VALUES ('gbt4754:C3963', '  ');
INSERT INTO sector_keyword (sector, keyword, weight) VALUES ('gbt4754:C3963', 'x', -1);
INSERT INTO sector_keyword (sector, keyword, weight) VALUES ('gbt4754:C3963', 'x', 'NaN');
INSERT INTO sector_keyword (sector, keyword, lang) VALUES ('gbt4754:C3963', 'x', 'Chinese');
INSERT INTO sector_keyword (sector, keyword) VALUES ('gbt4754:C3963', repeat('无', 86));
INSERT INTO sector_keyword (sector, keyword) VALUES ('gbt4754:X9999', 'x');

-- bad input
SELECT classify(NULL) AS null_doc, classify('') AS empty_doc, classify('   ') AS blank_doc,
       classify('the quick brown fox') AS no_match, classify('无人机', NULL) AS null_taxonomy;
SELECT count(*) AS rows_for_null FROM classify_topk(NULL);
SELECT count(*) AS rows_for_empty FROM classify_topk('');
SELECT * FROM classify_topk('无人机', 0);
SELECT * FROM classify_topk('无人机', -1);
SELECT classify('无人机', 'nope');
SELECT classify('无人机', 'GBT4754') = classify('无人机', 'gbt4754') AS case_insensitive;
SELECT * FROM classify_topk('无人机', 3, 'gbt4754', 5);
SELECT * FROM classify_topk('无人机', 3, 'gd', 0);

-- classify at a level: the answer from the top down, stopped at that level
SELECT l AS level, classify('工业机器人焊接工作站', 'gbt4754', l) AS sector
  FROM generate_series(1, 4) l;
SELECT classify('工业机器人焊接工作站', 'gbt4754', NULL) AS deepest,
       classify('工业机器人焊接工作站', 'gbt4754') AS two_arguments;
SELECT classify(NULL, 'gbt4754', 2) AS null_doc, classify('无人机', NULL, 2) AS null_taxonomy;
SELECT classify('协作机器人', 'gd', 1) AS gd_level_1;
SELECT classify('无人机', 'gbt4754', 0);
SELECT classify('无人机', 'gbt4754', 5);
SELECT classify('无人机', 'gd', 3);
-- a class wins over its own group on equal evidence (I652 has one class, I6520)
INSERT INTO sector_keyword (sector, keyword) VALUES ('gbt4754:I652', '量子组词'), ('gbt4754:I6520', '量子类词');
SELECT classify('量子组词 量子类词') AS class_over_group, classify('量子组词') AS group_alone;
DELETE FROM sector_keyword WHERE NOT builtin;
-- topk at a level: classify's answer first, then that level's runners-up,
-- each with the calibrated probability that it is right (0 to 1)
SELECT sector = classify('无人机物流配送与工业机器人焊接', 'gbt4754', 2) AS first_is_classify,
       score > 0 AND score < 1 AS probability
  FROM classify_topk('无人机物流配送与工业机器人焊接', 1, 'gbt4754', 2);
-- boilerplate matches but counts for nothing: abstention (NULL), no rows
SELECT classify('国家级专精特新小巨人、国家高新技术企业，有限公司') AS boilerplate_only;
SELECT count(*) AS boilerplate_rows FROM classify_topk('国家级专精特新小巨人、国家高新技术企业，有限公司');
-- every shipped row has a source; users' rows are 'user'
INSERT INTO sector_keyword (sector, keyword) VALUES ('gbt4754:I6520', '量子类词');
SELECT source, count(*) > 0 AS has_rows FROM sector_keyword GROUP BY source ORDER BY source;
DELETE FROM sector_keyword WHERE NOT builtin;
INSERT INTO sector_keyword (sector, keyword, source) VALUES ('gbt4754:I6520', 'x', 'Not A Tag');
-- a long document: 10 MB in one value
SELECT classify(repeat('低空物流无人机配送，', 350000)) AS ten_mb;
SELECT sector, round(score::numeric) AS score, evidence
  FROM classify_topk(repeat('低空物流无人机配送，', 350000), 1, 'gd', 2);

-- functions are STABLE (they read a table) and say so
SELECT proname, provolatile, proparallel, proisstrict FROM pg_proc
 WHERE proname IN ('classify', 'classify_topk') AND pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario')
 ORDER BY 1;
-- written only by the owner unless granted; read by everyone
SELECT has_table_privilege('public', 'sector_keyword', 'SELECT') AS public_reads,
       has_table_privilege('public', 'sector_keyword', 'INSERT') AS public_writes;
-- user rows are dumped, shipped ones come with the extension
SELECT array_length(extconfig, 1) >= 1 AS config_table,
       'WHERE NOT builtin' = ANY (extcondition) AS dump_filter
  FROM pg_extension WHERE extname = 'scenario';

-- invalid UTF-8 can only be stored in a SQL_ASCII database: clear 22021 there
SELECT current_database() AS regdb \gset
SET client_min_messages = warning;
DROP DATABASE IF EXISTS scenario_dict_ascii;
RESET client_min_messages;
CREATE DATABASE scenario_dict_ascii ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0;
\c scenario_dict_ascii
SET client_min_messages = warning;
CREATE EXTENSION scenario;
SELECT classify('drone delivery') AS valid_text;
SELECT classify(convert_from('\x64726f6e65ff'::bytea, 'SQL_ASCII'));
SELECT * FROM classify_topk(convert_from('\xe697a0e4ba'::bytea, 'SQL_ASCII'));
\c :regdb
DROP DATABASE scenario_dict_ascii;
