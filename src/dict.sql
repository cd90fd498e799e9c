
-- dict: the dictionary classifier ----------------------------------------
-- Text to sector through a keyword table: one pass of a multi-pattern
-- automaton over the text, cached per backend and rebuilt when the table
-- changes.  The shipped rows follow (src/dict_seed.sql, generated).
SELECT @extschema@._require_library('0.1.0');

CREATE TABLE @extschema@.sector_keyword (
    sector   @extschema@.sector NOT NULL,
    keyword  text NOT NULL,
    weight   real NOT NULL DEFAULT 1,
    lang     text,
    builtin  boolean NOT NULL DEFAULT false,
    source   text NOT NULL DEFAULT 'user',
    CONSTRAINT sector_keyword_keyword CHECK
        (pg_catalog.btrim(keyword) OPERATOR(pg_catalog.<>) ''
         AND pg_catalog.octet_length(keyword) OPERATOR(pg_catalog.<=) 255),
    CONSTRAINT sector_keyword_weight CHECK
        (weight OPERATOR(pg_catalog.>=) 0 AND weight OPERATOR(pg_catalog.<) 'Infinity'::real),
    CONSTRAINT sector_keyword_lang CHECK
        (lang OPERATOR(pg_catalog.~) '^[a-z]{2,3}$'),
    CONSTRAINT sector_keyword_source CHECK
        (source OPERATOR(pg_catalog.~) '^[a-z0-9][a-z0-9-]{0,31}$'),
    CONSTRAINT sector_keyword_unique UNIQUE (sector, keyword, builtin)
);
COMMENT ON TABLE @extschema@.sector_keyword IS
'keywords of sectors, read by classify and classify_topk; shipped rows (builtin) come from the GB/T 4754 names and notes, the gd names and a curated list of the priority sectors';
COMMENT ON COLUMN @extschema@.sector_keyword.sector IS 'the sector the keyword is evidence for';
COMMENT ON COLUMN @extschema@.sector_keyword.keyword IS
'matched case- and width-insensitively; Chinese as characters, Latin words on word boundaries; at most 255 bytes';
COMMENT ON COLUMN @extschema@.sector_keyword.weight IS
'evidence per occurrence, times 1 + ln(characters); 0 silences the keyword for this sector';
COMMENT ON COLUMN @extschema@.sector_keyword.lang IS 'language of the keyword (zh, en), for information';
COMMENT ON COLUMN @extschema@.sector_keyword.builtin IS
'shipped with the extension (not dumped); a user row of the same sector and keyword replaces it';
COMMENT ON COLUMN @extschema@.sector_keyword.source IS
'provenance of the row: user (the default), or for shipped rows gbt4754-name, gbt4754-note, gbt4754-exclusion, curated-priority, scenario-vocab, scenario-link, activity-cue, isic4-title, naics2017-title, boilerplate, gd-name (docs/dict.md)';
COMMENT ON CONSTRAINT sector_keyword_source ON @extschema@.sector_keyword IS
'a source is a short lower-case tag';
COMMENT ON CONSTRAINT sector_keyword_unique ON @extschema@.sector_keyword IS
'one shipped and at most one user row per sector and keyword';

-- rows users add are dumped; the shipped ones come back with the extension
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sector_keyword', 'WHERE NOT builtin');
GRANT SELECT ON @extschema@.sector_keyword TO PUBLIC;

CREATE TRIGGER sector_keyword_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sector_keyword
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._table_changed();
COMMENT ON TRIGGER sector_keyword_changed ON @extschema@.sector_keyword IS
'invalidates the keyword automata of every session';

CREATE FUNCTION @extschema@.classify(doc text, taxonomy text DEFAULT 'gbt4754')
RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'dict_classify' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classify(text, text) IS
'the sector of the taxonomy that the keywords of the text (sector_keyword) point to, from the top down to its deepest level with evidence; NULL when no keyword matches or the answer is below the confidence floor';

CREATE FUNCTION @extschema@.classify(doc text, taxonomy text, level integer)
RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'dict_classify' LANGUAGE C STABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.classify(text, text, integer) IS
'the sector of the taxonomy at the level asked (the deepest when NULL) that the keywords of the text point to, from the top down; NULL when the text is NULL or the answer is below the confidence floor';

CREATE FUNCTION @extschema@.classify_topk(doc text, k integer DEFAULT 3,
    taxonomy text DEFAULT 'gbt4754', level integer DEFAULT NULL,
    OUT sector @extschema@.sector, OUT score float8, OUT evidence text[])
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'dict_classify_topk' LANGUAGE C STABLE PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION @extschema@.classify_topk(text, integer, text, integer) IS
'classify''s answer at the level (its own level when NULL) and the runners-up of that level, with the calibrated probability that each is right and the matched keywords (strongest first)';

INSERT INTO @extschema@.sector_keyword (sector, keyword, weight, lang, builtin, source)
SELECT code, name_zh, 1, 'zh', true, 'gd-name' FROM @extschema@.sector_catalog
 WHERE @extschema@.sector_taxonomy(code) OPERATOR(pg_catalog.=) 'gd' AND name_zh IS NOT NULL
UNION ALL
SELECT code, name_en, 1, 'en', true, 'gd-name' FROM @extschema@.sector_catalog
 WHERE @extschema@.sector_taxonomy(code) OPERATOR(pg_catalog.=) 'gd' AND name_en IS NOT NULL;
