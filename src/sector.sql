
-- sector: the sector type and taxonomies ---------------------------------
-- The scenario.sector type: industry codes of real taxonomies as 8-byte
-- values ordered in preorder, the hierarchy operators, the catalog of
-- names and the crosswalks between taxonomies.
SELECT @extschema@._require_library('0.1.0');

CREATE TYPE @extschema@.sector;

CREATE FUNCTION @extschema@.sector_in(cstring) RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_in(cstring) IS
'text input of sector: <taxonomy>:<code>; rejects unknown taxonomies and codes';

CREATE FUNCTION @extschema@.sector_out(@extschema@.sector) RETURNS cstring
AS 'MODULE_PATHNAME', 'sector_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_out(@extschema@.sector) IS
'text output of sector in canonical form, e.g. gbt4754:C3963';

CREATE FUNCTION @extschema@.sector_recv(internal) RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_recv(internal) IS
'binary input of sector: version byte 1 and the text, checked like text input';

CREATE FUNCTION @extschema@.sector_send(@extschema@.sector) RETURNS bytea
AS 'MODULE_PATHNAME', 'sector_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_send(@extschema@.sector) IS
'binary output of sector: version byte 1 and the canonical text';

CREATE TYPE @extschema@.sector (
    INPUT = @extschema@.sector_in,
    OUTPUT = @extschema@.sector_out,
    RECEIVE = @extschema@.sector_recv,
    SEND = @extschema@.sector_send,
    INTERNALLENGTH = 8,
    PASSEDBYVALUE,
    ALIGNMENT = double,
    STORAGE = plain
);
COMMENT ON TYPE @extschema@.sector IS
'an industry code of a taxonomy (gbt4754, sei2018, gd, isic4, naics2022 or a user taxonomy x...), 8 bytes, sorted parent before descendants';

CREATE CAST (@extschema@.sector AS text) WITH INOUT AS ASSIGNMENT;
COMMENT ON CAST (@extschema@.sector AS text) IS 'canonical text of a sector';
CREATE CAST (text AS @extschema@.sector) WITH INOUT;
COMMENT ON CAST (text AS @extschema@.sector) IS 'parse a sector, as its input function does';

-- comparison (btree order = preorder of each taxonomy, taxonomies in the
-- order gbt4754, sei2018, gd, isic4, naics2022, then user taxonomies by name)

CREATE FUNCTION @extschema@.sector_eq(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_eq' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_eq(@extschema@.sector, @extschema@.sector) IS 'implementation of = for sector';
CREATE FUNCTION @extschema@.sector_ne(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_ne' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_ne(@extschema@.sector, @extschema@.sector) IS 'implementation of <> for sector';
CREATE FUNCTION @extschema@.sector_lt(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_lt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_lt(@extschema@.sector, @extschema@.sector) IS 'implementation of < for sector';
CREATE FUNCTION @extschema@.sector_le(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_le' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_le(@extschema@.sector, @extschema@.sector) IS 'implementation of <= for sector';
CREATE FUNCTION @extschema@.sector_gt(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_gt' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_gt(@extschema@.sector, @extschema@.sector) IS 'implementation of > for sector';
CREATE FUNCTION @extschema@.sector_ge(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_ge' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_ge(@extschema@.sector, @extschema@.sector) IS 'implementation of >= for sector';
CREATE FUNCTION @extschema@.sector_cmp(@extschema@.sector, @extschema@.sector) RETURNS integer
AS 'MODULE_PATHNAME', 'sector_cmp' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_cmp(@extschema@.sector, @extschema@.sector) IS 'btree comparison of sectors: -1, 0 or 1';
CREATE FUNCTION @extschema@.sector_sortsupport(internal) RETURNS void
AS 'MODULE_PATHNAME', 'sector_sortsupport' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_sortsupport(internal) IS 'btree sort support for sector';
CREATE FUNCTION @extschema@.sector_hash(@extschema@.sector) RETURNS integer
AS 'MODULE_PATHNAME', 'sector_hash' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_hash(@extschema@.sector) IS 'hash of a sector';
CREATE FUNCTION @extschema@.sector_hash_extended(@extschema@.sector, bigint) RETURNS bigint
AS 'MODULE_PATHNAME', 'sector_hash_extended' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE LEAKPROOF;
COMMENT ON FUNCTION @extschema@.sector_hash_extended(@extschema@.sector, bigint) IS 'seeded 64-bit hash of a sector';

CREATE OPERATOR @extschema@.= (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_eq, COMMUTATOR = OPERATOR(@extschema@.=),
    NEGATOR = OPERATOR(@extschema@.<>), RESTRICT = eqsel, JOIN = eqjoinsel, HASHES, MERGES);
COMMENT ON OPERATOR @extschema@.= (@extschema@.sector, @extschema@.sector) IS 'same code';
CREATE OPERATOR @extschema@.<> (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_ne, COMMUTATOR = OPERATOR(@extschema@.<>),
    NEGATOR = OPERATOR(@extschema@.=), RESTRICT = neqsel, JOIN = neqjoinsel);
COMMENT ON OPERATOR @extschema@.<> (@extschema@.sector, @extschema@.sector) IS 'different codes';
CREATE OPERATOR @extschema@.< (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_lt, COMMUTATOR = OPERATOR(@extschema@.>),
    NEGATOR = OPERATOR(@extschema@.>=), RESTRICT = scalarltsel, JOIN = scalarltjoinsel);
COMMENT ON OPERATOR @extschema@.< (@extschema@.sector, @extschema@.sector) IS 'sorts before (preorder)';
CREATE OPERATOR @extschema@.<= (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_le, COMMUTATOR = OPERATOR(@extschema@.>=),
    NEGATOR = OPERATOR(@extschema@.>), RESTRICT = scalarlesel, JOIN = scalarlejoinsel);
COMMENT ON OPERATOR @extschema@.<= (@extschema@.sector, @extschema@.sector) IS 'sorts before or equal (preorder)';
CREATE OPERATOR @extschema@.> (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_gt, COMMUTATOR = OPERATOR(@extschema@.<),
    NEGATOR = OPERATOR(@extschema@.<=), RESTRICT = scalargtsel, JOIN = scalargtjoinsel);
COMMENT ON OPERATOR @extschema@.> (@extschema@.sector, @extschema@.sector) IS 'sorts after (preorder)';
CREATE OPERATOR @extschema@.>= (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_ge, COMMUTATOR = OPERATOR(@extschema@.<=),
    NEGATOR = OPERATOR(@extschema@.<), RESTRICT = scalargesel, JOIN = scalargejoinsel);
COMMENT ON OPERATOR @extschema@.>= (@extschema@.sector, @extschema@.sector) IS 'sorts after or equal (preorder)';

CREATE OPERATOR CLASS @extschema@.sector_ops
    DEFAULT FOR TYPE @extschema@.sector USING btree AS
        OPERATOR 1 @extschema@.<,
        OPERATOR 2 @extschema@.<=,
        OPERATOR 3 @extschema@.=,
        OPERATOR 4 @extschema@.>=,
        OPERATOR 5 @extschema@.>,
        FUNCTION 1 @extschema@.sector_cmp(@extschema@.sector, @extschema@.sector),
        FUNCTION 2 @extschema@.sector_sortsupport(internal),
        FUNCTION 4 pg_catalog.btequalimage(oid);
COMMENT ON OPERATOR CLASS @extschema@.sector_ops USING btree IS
'preorder btree order of sectors; with it, col <@ x is an index range scan';
COMMENT ON OPERATOR FAMILY @extschema@.sector_ops USING btree IS 'btree operators of sector';

CREATE OPERATOR CLASS @extschema@.sector_hash_ops
    DEFAULT FOR TYPE @extschema@.sector USING hash AS
        OPERATOR 1 @extschema@.=,
        FUNCTION 1 @extschema@.sector_hash(@extschema@.sector),
        FUNCTION 2 @extschema@.sector_hash_extended(@extschema@.sector, bigint);
COMMENT ON OPERATOR CLASS @extschema@.sector_hash_ops USING hash IS 'hashing of sectors';
COMMENT ON OPERATOR FAMILY @extschema@.sector_hash_ops USING hash IS 'hash operators of sector';

-- hierarchy

CREATE FUNCTION @extschema@._sector_contains_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'sector_contains_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._sector_contains_support(internal) IS
'internal: planner support of @>, turns it into a btree range or equality index condition';
CREATE FUNCTION @extschema@._sector_contained_support(internal) RETURNS internal
AS 'MODULE_PATHNAME', 'sector_contained_support' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._sector_contained_support(internal) IS
'internal: planner support of <@, turns it into a btree range or equality index condition';
CREATE FUNCTION @extschema@._sector_contains_sel(internal, oid, internal, integer) RETURNS float8
AS 'MODULE_PATHNAME', 'sector_contains_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._sector_contains_sel(internal, oid, internal, integer) IS
'internal: restriction selectivity of @> from the column statistics';
CREATE FUNCTION @extschema@._sector_contained_sel(internal, oid, internal, integer) RETURNS float8
AS 'MODULE_PATHNAME', 'sector_contained_sel' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._sector_contained_sel(internal, oid, internal, integer) IS
'internal: restriction selectivity of <@ from the column statistics';

CREATE FUNCTION @extschema@.sector_contains(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_contains' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT @extschema@._sector_contains_support;
COMMENT ON FUNCTION @extschema@.sector_contains(@extschema@.sector, @extschema@.sector) IS
'is the first sector the second or one of its ancestors (@>)';
CREATE FUNCTION @extschema@.sector_contained(@extschema@.sector, @extschema@.sector) RETURNS boolean
AS 'MODULE_PATHNAME', 'sector_contained' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE
SUPPORT @extschema@._sector_contained_support;
COMMENT ON FUNCTION @extschema@.sector_contained(@extschema@.sector, @extschema@.sector) IS
'is the first sector the second or one of its descendants (<@)';

CREATE OPERATOR @extschema@.@> (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_contains, COMMUTATOR = OPERATOR(@extschema@.<@),
    RESTRICT = @extschema@._sector_contains_sel, JOIN = contjoinsel);
COMMENT ON OPERATOR @extschema@.@> (@extschema@.sector, @extschema@.sector) IS
'left is right or an ancestor of right';
CREATE OPERATOR @extschema@.<@ (
    LEFTARG = @extschema@.sector, RIGHTARG = @extschema@.sector,
    FUNCTION = @extschema@.sector_contained, COMMUTATOR = OPERATOR(@extschema@.@>),
    RESTRICT = @extschema@._sector_contained_sel, JOIN = contjoinsel);
COMMENT ON OPERATOR @extschema@.<@ (@extschema@.sector, @extschema@.sector) IS
'left is right or a descendant of right';

CREATE FUNCTION @extschema@._sector_subtree_last(@extschema@.sector) RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_subtree_last' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@._sector_subtree_last(@extschema@.sector) IS
'internal: the last code of the subtree in btree order (upper bound of the <@ index range)';

CREATE FUNCTION @extschema@.sector_taxonomy(@extschema@.sector) RETURNS text
AS 'MODULE_PATHNAME', 'sector_taxonomy' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_taxonomy(@extschema@.sector) IS
'taxonomy of a sector, e.g. gbt4754';
CREATE FUNCTION @extschema@.sector_code(@extschema@.sector) RETURNS text
AS 'MODULE_PATHNAME', 'sector_code' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_code(@extschema@.sector) IS
'the code of a sector without its taxonomy, e.g. C3963';
CREATE FUNCTION @extschema@.sector_level(@extschema@.sector) RETURNS integer
AS 'MODULE_PATHNAME', 'sector_level' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_level(@extschema@.sector) IS
'depth of a sector in its taxonomy, 1 = top';
CREATE FUNCTION @extschema@.sector_parent(@extschema@.sector) RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_parent' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_parent(@extschema@.sector) IS
'parent of a sector, NULL at the top level';
CREATE FUNCTION @extschema@.sector_ancestor(@extschema@.sector, level integer) RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_ancestor' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_ancestor(@extschema@.sector, integer) IS
'ancestor of a sector at the given level (the sector itself at its own level, NULL below it)';
CREATE FUNCTION @extschema@.sector_lca(@extschema@.sector, @extschema@.sector) RETURNS @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_lca' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_lca(@extschema@.sector, @extschema@.sector) IS
'lowest common ancestor of two sectors, NULL across taxonomies or distinct top-level codes';
CREATE FUNCTION @extschema@.sector_distance(@extschema@.sector, @extschema@.sector) RETURNS integer
AS 'MODULE_PATHNAME', 'sector_distance' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_distance(@extschema@.sector, @extschema@.sector) IS
'number of edges on the tree path between two sectors, NULL when they share no ancestor';
CREATE FUNCTION @extschema@.sector_similarity(@extschema@.sector, @extschema@.sector) RETURNS float8
AS 'MODULE_PATHNAME', 'sector_similarity' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_similarity(@extschema@.sector, @extschema@.sector) IS
'Wu-Palmer similarity 2*level(lca)/(level(a)+level(b)): 1 for equal codes, 0 across taxonomies or top-level codes';

-- catalog and crosswalks

CREATE FUNCTION @extschema@._sector_builtin_catalog(
    OUT code @extschema@.sector, OUT code_text text, OUT name_zh text, OUT name_en text, OUT notes text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sector_builtin_catalog' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 5000;
COMMENT ON FUNCTION @extschema@._sector_builtin_catalog() IS
'internal: the code lists compiled into the library, with names and notes (fills sector_catalog)';
CREATE FUNCTION @extschema@._sector_builtin_crosswalk(
    OUT source @extschema@.sector, OUT target @extschema@.sector, OUT partial boolean, OUT origin text)
RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sector_builtin_crosswalk' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE ROWS 4000;
COMMENT ON FUNCTION @extschema@._sector_builtin_crosswalk() IS
'internal: the crosswalks compiled into the library (fills sector_crosswalk)';

CREATE TABLE @extschema@.sector_catalog (
    code     @extschema@.sector PRIMARY KEY,
    level    integer GENERATED ALWAYS AS (@extschema@.sector_level(code)) STORED,
    name_zh  text,
    name_en  text,
    notes    text,
    builtin  boolean GENERATED ALWAYS AS
             (pg_catalog.left(@extschema@.sector_taxonomy(code), 1) OPERATOR(pg_catalog.<>) 'x') STORED,
    CONSTRAINT sector_catalog_named CHECK (name_zh IS NOT NULL OR name_en IS NOT NULL)
);
COMMENT ON TABLE @extschema@.sector_catalog IS
'every code of the built-in taxonomies and the codes users add for their own taxonomies, with names';
COMMENT ON COLUMN @extschema@.sector_catalog.code IS 'the sector';
COMMENT ON COLUMN @extschema@.sector_catalog.level IS 'its level, 1 = top';
COMMENT ON COLUMN @extschema@.sector_catalog.name_zh IS 'Chinese name, where the source has one';
COMMENT ON COLUMN @extschema@.sector_catalog.name_en IS 'English name, where the source has one';
COMMENT ON COLUMN @extschema@.sector_catalog.notes IS 'the standard''s explanatory note, where the source has one';
COMMENT ON COLUMN @extschema@.sector_catalog.builtin IS 'shipped with the extension (not dumped); false for user taxonomies';

CREATE TABLE @extschema@.sector_crosswalk (
    source   @extschema@.sector NOT NULL,
    target   @extschema@.sector NOT NULL,
    partial  boolean NOT NULL DEFAULT false,
    origin   text NOT NULL,
    PRIMARY KEY (source, target, origin)
);
CREATE INDEX sector_crosswalk_target ON @extschema@.sector_crosswalk (target);
COMMENT ON TABLE @extschema@.sector_crosswalk IS
'links from a code of one taxonomy to codes of another; read by sector_map';
COMMENT ON COLUMN @extschema@.sector_crosswalk.source IS 'the code mapped from';
COMMENT ON COLUMN @extschema@.sector_crosswalk.target IS 'a code it maps to';
COMMENT ON COLUMN @extschema@.sector_crosswalk.partial IS 'true when only part of source falls in target';
COMMENT ON COLUMN @extschema@.sector_crosswalk.origin IS
'where the link comes from; census-naics2017-isic4, scenario-gd-gbt4754, scenario-gbt4754-isic4 and scenario-sei2018-gbt4754 are shipped';
COMMENT ON INDEX @extschema@.sector_crosswalk_target IS 'reverse lookups of the crosswalk';

INSERT INTO @extschema@.sector_catalog (code, name_zh, name_en, notes)
SELECT code, name_zh, name_en, notes FROM @extschema@._sector_builtin_catalog();
INSERT INTO @extschema@.sector_crosswalk (source, target, partial, origin)
SELECT source, target, partial, origin FROM @extschema@._sector_builtin_crosswalk();

-- rows users add are dumped; the shipped ones come back with the extension
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sector_catalog', 'WHERE NOT builtin');
SELECT pg_catalog.pg_extension_config_dump('@extschema@.sector_crosswalk',
    $$WHERE origin NOT IN ('census-naics2017-isic4', 'scenario-gd-gbt4754', 'scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754')$$);
GRANT SELECT ON @extschema@.sector_catalog, @extschema@.sector_crosswalk TO PUBLIC;

CREATE TRIGGER sector_catalog_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sector_catalog
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._table_changed();
COMMENT ON TRIGGER sector_catalog_changed ON @extschema@.sector_catalog IS 'invalidates the sector name cache';
CREATE TRIGGER sector_crosswalk_changed
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON @extschema@.sector_crosswalk
    FOR EACH STATEMENT EXECUTE FUNCTION @extschema@._table_changed();
COMMENT ON TRIGGER sector_crosswalk_changed ON @extschema@.sector_crosswalk IS 'invalidates the crosswalk cache';

CREATE FUNCTION @extschema@.sector_name(@extschema@.sector, lang text DEFAULT 'zh') RETURNS text
AS 'MODULE_PATHNAME', 'sector_name' LANGUAGE C STABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sector_name(@extschema@.sector, text) IS
'name of a sector from sector_catalog in ''zh'' or ''en''; NULL when the catalog has none in that language';
CREATE FUNCTION @extschema@.sector_children(@extschema@.sector) RETURNS SETOF @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_children' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 10;
COMMENT ON FUNCTION @extschema@.sector_children(@extschema@.sector) IS
'the codes of sector_catalog one level below a sector, in order';
CREATE FUNCTION @extschema@.sector_descendants(@extschema@.sector) RETURNS SETOF @extschema@.sector
AS 'MODULE_PATHNAME', 'sector_descendants' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 100;
COMMENT ON FUNCTION @extschema@.sector_descendants(@extschema@.sector) IS
'every code of sector_catalog below a sector (not the sector itself), in preorder';
CREATE FUNCTION @extschema@.sector_map(@extschema@.sector, taxonomy text,
    OUT sector @extschema@.sector, OUT partial boolean) RETURNS SETOF record
AS 'MODULE_PATHNAME', 'sector_map' LANGUAGE C STABLE STRICT PARALLEL SAFE ROWS 3;
COMMENT ON FUNCTION @extschema@.sector_map(@extschema@.sector, text) IS
'codes of another taxonomy a sector maps to through sector_crosswalk, using the nearest ancestor that has links, through a third taxonomy when no link joins the two (an error when none does); the sector itself in its own taxonomy';

-- jsonb forms (their casts are in bi.sql) ------------------------------

CREATE FUNCTION @extschema@.sector_jsonb(@extschema@.sector) RETURNS jsonb
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE SET search_path = pg_catalog, pg_temp
AS $$
SELECT pg_catalog.jsonb_build_object('text', $1::pg_catalog.text,
	'taxonomy', @extschema@.sector_taxonomy($1), 'code', @extschema@.sector_code($1),
	'level', @extschema@.sector_level($1), 'parent', @extschema@.sector_parent($1)::pg_catalog.text)
$$;
COMMENT ON FUNCTION @extschema@.sector_jsonb(@extschema@.sector) IS
'a sector as {"text", "taxonomy", "code", "level", "parent"}';
