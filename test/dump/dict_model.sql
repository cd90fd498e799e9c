-- since: 0.2.0
-- dict_model: a user's section model in sector_model (replacing the shipped
-- one), which pg_dump must carry and the restored sessions must use
INSERT INTO sector_model (taxonomy, model, weight)
SELECT 'gbt4754', train_classifier(doc, label::sector), 1
  FROM (VALUES ('无人机配送', 'gbt4754:G56'), ('无人机物流', 'gbt4754:G56'),
               ('焊接机器人', 'gbt4754:C34'), ('工业机器人焊接', 'gbt4754:C34')) AS t(doc, label);
