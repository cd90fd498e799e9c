-- dict_model: the trained models classify and classify_topk weigh their
-- keyword evidence with (docs/dict.md, "The section model").

CREATE FUNCTION @extschema@._sector_model_labels(taxonomy text, model @extschema@.classifier)
RETURNS boolean
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT coalesce(bool_and(@extschema@.sector_taxonomy(l::@extschema@.sector) OPERATOR(pg_catalog.=) taxonomy), true)
  FROM pg_catalog.unnest((@extschema@.classifier_info(model)).labels) AS l
$$;
COMMENT ON FUNCTION @extschema@._sector_model_labels(text, @extschema@.classifier) IS
'internal: whether every label of the model is a sector of the taxonomy (a label that is no sector raises 22P02)';

CREATE TABLE @extschema@.sector_model (
    taxonomy text NOT NULL,
    model    @extschema@.classifier NOT NULL,
    weight   real NOT NULL DEFAULT 0.5,
    builtin  boolean NOT NULL DEFAULT false,
    CONSTRAINT sector_model_taxonomy CHECK
        (taxonomy OPERATOR(pg_catalog.~) '^[a-z0-9]{1,15}$'),
    CONSTRAINT sector_model_weight CHECK
        (weight OPERATOR(pg_catalog.>=) 0 AND weight OPERATOR(pg_catalog.<=) 10),
    CONSTRAINT sector_model_labels CHECK (@extschema@._sector_model_labels(taxonomy, model)),
    CONSTRAINT sector_model_unique UNIQUE (taxonomy, builtin)
);
COMMENT ON TABLE @extschema@.sector_model IS
'per taxonomy, a classifier whose labels are sectors of it: classify and classify_topk weigh the keyword evidence of each sector by the probability the model gives its labels there; the shipped row (gbt4754, labels the sections) is trained when the extension is created';
COMMENT ON COLUMN @extschema@.sector_model.taxonomy IS 'the taxonomy whose classification the model weighs (lower case)';
COMMENT ON COLUMN @extschema@.sector_model.model IS
'a classifier (train_classifier) whose labels are sectors of the taxonomy, at any level';
COMMENT ON COLUMN @extschema@.sector_model.weight IS
'how much the model counts: a sector''s evidence is multiplied by (its probability / the best one of its level) to this power; 0 switches the model off';
COMMENT ON COLUMN @extschema@.sector_model.builtin IS
'shipped with the extension (not dumped); a user row of the same taxonomy replaces it';
COMMENT ON CONSTRAINT sector_model_taxonomy ON @extschema@.sector_model IS 'a taxonomy name as sector codes spell it';
COMMENT ON CONSTRAINT sector_model_weight ON @extschema@.sector_model IS 'a weight from 0 to 10';
COMMENT ON CONSTRAINT sector_model_labels ON @extschema@.sector_model IS 'the labels of the model are sectors of the taxonomy';
COMMENT ON CONSTRAINT sector_model_unique ON @extschema@.sector_model IS
'one shipped and at most one user row per taxonomy';

SELECT pg_catalog.pg_extension_config_dump('@extschema@.sector_model', 'WHERE NOT builtin');
GRANT SELECT ON @extschema@.sector_model TO PUBLIC;

CREATE TRIGGER sector_model_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sector_model
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._table_changed();
COMMENT ON TRIGGER sector_model_changed ON @extschema@.sector_model IS
'invalidates the keyword automata of every session';

-- The shipped model: the GB/T 4754 sections, learnt from the shipped
-- keywords of the divisions, groups and classes and from their Chinese and
-- English names (weak supervision: no labelled text).  Training is
-- deterministic, so every install and every node has the same model.
INSERT INTO @extschema@.sector_model (taxonomy, model, weight, builtin)
SELECT 'gbt4754', @extschema@.train_classifier(doc, section, 'ngram=1-2, latin=words'), 0.5, true
  FROM (SELECT k.keyword, @extschema@.sector_ancestor(k.sector, 1)
          FROM @extschema@.sector_keyword k
         WHERE k.builtin AND k.weight OPERATOR(pg_catalog.>) 0
           AND @extschema@.sector_taxonomy(k.sector) OPERATOR(pg_catalog.=) 'gbt4754'
           AND @extschema@.sector_level(k.sector) OPERATOR(pg_catalog.>=) 2
           AND k.source OPERATOR(pg_catalog.<>) ALL ('{activity-cue,activity-product,boilerplate}'::text[])
        UNION ALL
        SELECT n.name, @extschema@.sector_ancestor(c.code, 1)
          FROM @extschema@.sector_catalog c,
               LATERAL (VALUES (c.name_zh), (c.name_en)) AS n(name)
         WHERE @extschema@.sector_taxonomy(c.code) OPERATOR(pg_catalog.=) 'gbt4754'
           AND c.level OPERATOR(pg_catalog.>=) 2 AND n.name IS NOT NULL) AS t(doc, section);
