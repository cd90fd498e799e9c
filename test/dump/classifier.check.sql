-- classify: the stored model predicts the same labels
SELECT md5(model::text) FROM dumptest.clf_models;
SELECT d, predict(m.model, d) FROM dumptest.clf_models m,
       unnest(ARRAY['智能 机器人', '软件 云', '储能 电池', 'nothing known']) d ORDER BY d;
