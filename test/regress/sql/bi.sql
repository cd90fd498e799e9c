-- Every type reads as text (its documented text form) and as jsonb.

-- stage: the label
SELECT s, s::text AS text, s::jsonb AS jsonb FROM unnest(enum_range(NULL::stage)) AS s;

-- funnel: one object per stage, in stage order
SELECT jsonb_pretty(('released 4 median 10d 00:00:00 over 3; matched 3 median 23d 12:00:00.5 over 2; '
                     'negotiating 2; signed 2 median 29d 00:00:00 over 1; operating 1; closed 1')::funnel::jsonb);
SELECT 'released 0; matched 0; negotiating 0; signed 0; operating 0; closed 0'::funnel::jsonb->'stages'->0 AS empty;
SELECT 'released 2 median 123456d 23:59:59.000001 over 1; matched 1; negotiating 0; signed 0; operating 0; closed 0'::funnel::jsonb->'stages'->0 AS long_median;
-- the jsonb is the funnel_rows() rows plus the timed counts and exact medians
SELECT count(*) AS agree
FROM (SELECT 'released 4 median 10d 00:00:00 over 3; matched 3 median 23d 12:00:00.5 over 2; negotiating 2; signed 2 median 29d 00:00:00 over 1; operating 1; closed 1'::funnel AS f) x,
     funnel_rows(x.f) r, jsonb_array_elements(x.f::jsonb->'stages') j
WHERE (j->>'position')::int = r.position AND j->>'stage' = r.stage AND (j->>'reached')::bigint = r.reached
  AND (j->>'median_days')::float8 IS NOT DISTINCT FROM r.median_days
  AND (j->>'conversion_prev')::float8 IS NOT DISTINCT FROM r.conversion_prev
  AND (j->>'conversion_first')::float8 IS NOT DISTINCT FROM r.conversion_first;

-- funnel_state: the transitions in arrival order, times as written
SELECT '42 released 2024-01-05T00:00:00Z; 42 matched 2024-02-01T12:30:00.25Z; -7 closed -0044-03-15T12:00:00Z'::funnel_state::jsonb;
SELECT ''::funnel_state::jsonb AS empty_state;

-- assignment and assign_state
SELECT 'greedy:{(1,10,1),(3,12,0.5),(-4,-5,1e-20)}'::assignment::jsonb;
SELECT 'optimal:{}'::assignment::jsonb AS empty_assignment;
SELECT 'stable:{(1,10,0.75,,2),(2,10,-1,3,),(2,11,2.5e+20,,)}'::assign_state::jsonb;
SELECT 'optimal:{}'::assign_state::jsonb AS empty_state;

-- classifier and its training state: what they hold (the weights and the
-- features stay in the base64 text form)
CREATE TEMP TABLE docs (doc text, label text);
INSERT INTO docs VALUES ('无人机物流配送', 'gd:K01'), ('低空巡检无人机', 'gd:K01'),
  ('焊接机器人产线', 'gd:K02'), ('码垛机器人', 'gd:K02'), ('协作机器人装配', 'gd:K02'),
  ('label "quoted" \ backslash', 'odd "label"');
SELECT jsonb_pretty(train_classifier(doc, label, 'c=1')::jsonb) FROM docs;
CREATE AGGREGATE pg_temp.clf_state(text, text) (
  SFUNC = _classifier_accum, STYPE = classifier_state);
SELECT pg_temp.clf_state(doc, label)::jsonb FROM docs;
SELECT pg_temp.clf_state(doc, label)::jsonb FROM docs WHERE false;
SELECT left(train_classifier(doc, label)::text, 11) AS text_prefix FROM docs;

-- sector: its parts; names stay with sector_name() (they come from the catalog)
SELECT s, s::jsonb FROM (VALUES ('gbt4754:3963'::sector), ('gd:K'), ('naics2022:31-33'), ('xsz:1.2')) v(s);

-- target_status: the label; tracking: target, ignored tallies, days
SELECT s::text AS text, s::jsonb AS jsonb FROM unnest(enum_range(NULL::target_status)) s;
SELECT jsonb_pretty(track('>= 20 by 2024-01-20 from 2024-01-01 at 2', d::date, 0.5)::jsonb)
FROM (VALUES ('2023-12-31'), ('2024-01-01'), ('2024-01-01'), ('2024-01-03'), (NULL), ('2024-02-01')) v(d);
SELECT '<= 5 per month; ignored 0 0 0;'::tracking::jsonb AS no_days;

-- NULL stays NULL; to_jsonb() of a row still writes our values as their
-- text (it looks for casts to json, not jsonb)
SELECT NULL::funnel::jsonb AS f, NULL::assignment::jsonb AS a, NULL::classifier::jsonb AS c;
SELECT to_jsonb(x) FROM (SELECT 'greedy:{(1,10,1)}'::assignment AS a, 'matched'::stage AS s) x;

-- bad values fail in the type's own input, before any cast
SELECT 'released 1'::funnel::jsonb;
SELECT '42 released 2024-01-05'::funnel_state::jsonb;
SELECT 'greedy:{(1,10,NaN)}'::assignment::jsonb;
SELECT 'classifier:AAAA'::classifier::jsonb;
SELECT 'gbt4754:A3963'::sector::jsonb;
SELECT '>= 20 per year; ignored 0 0 0; 2024-01-01 0 0 0'::tracking::jsonb;

-- the casts: explicit only, text through the output function
SELECT castsource::regtype AS source, casttarget::regtype AS target, castmethod, castcontext,
       castfunc::regproc AS function
FROM pg_cast
WHERE castsource IN ('stage'::regtype, 'funnel'::regtype, 'funnel_state'::regtype,
                     'assignment'::regtype, 'assign_state'::regtype,
                     'classifier'::regtype, 'classifier_state'::regtype,
                     'sector'::regtype, 'target_status'::regtype, 'tracking'::regtype)
ORDER BY 1::text, 2::text;
