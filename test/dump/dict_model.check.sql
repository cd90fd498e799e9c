-- dict_model: the user row, the shipped row, and classify using the user row
SELECT taxonomy, weight, builtin, md5(model::text), (classifier_info(model)).labels
  FROM sector_model ORDER BY builtin;
SELECT sector, round(score::numeric, 3)
  FROM classify_topk('无人机物流配送与工业机器人焊接', 3, 'gbt4754', 2);
