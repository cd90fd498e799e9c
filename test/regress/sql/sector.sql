-- sector: input, output, operators and hierarchy functions of sector

-- every taxonomy, with and without optional parts, in canonical output
SELECT s::sector AS canonical FROM (VALUES
  ('gbt4754:C3963'), ('gbt4754:3963'), ('gbt4754:C39'), ('gbt4754:39'), ('gbt4754:C'),
  ('gbt4754:c396'), ('  GBT4754:A0111 '), ('sei2018:1'), ('sei2018:1.2'), ('gd:P'), ('gd:P01'),
  ('gd:k0101'), ('isic4:2710'), ('isic4:C27'), ('isic4:U'), ('naics2022:11'), ('naics2022:31-33'),
  ('naics2022:336411'), ('naics2022:4451'), ('xsz:3'), ('xsz:3.12.0.126'), ('x2025ab:0')) v(s);

-- bad input: each error names the bad part
SELECT 'gbt4754:A3963'::sector;
SELECT 'gbt4754:C3999'::sector;
SELECT 'gbt4754:C00'::sector;
SELECT 'gbt4754:Z'::sector;
SELECT 'gbt4754:C3'::sector;
SELECT 'gbt4754:C39631'::sector;
SELECT 'gbt4754:C39a'::sector;
SELECT 'isic4:A2710'::sector;
-- a division 01 to 09 written without its zero: the hint spells the code
-- that exists (none when the padded code does not exist either)
SELECT 'isic4:0111'::sector, 'gbt4754:0111'::sector;
SELECT 'isic4:111'::sector;
SELECT 'isic4:A111'::sector;
SELECT 'gbt4754:A111'::sector;
SELECT 'gbt4754:1'::sector;
SELECT 'isic4:999'::sector;
SELECT 'sei2018:1.02'::sector;
SELECT 'sei2018:10'::sector;
SELECT 'sei2018:1.2.3'::sector;
SELECT 'gd:P11'::sector;
SELECT 'gd:P1'::sector;
SELECT 'gd:X01'::sector;
SELECT 'naics2022:31'::sector;
SELECT 'naics2022:31-32'::sector;
SELECT 'naics2022:999999'::sector;
SELECT 'naics2022:3364111'::sector;
SELECT 'foo:1'::sector;
SELECT 'gbt4754'::sector;
SELECT ':C39'::sector;
SELECT 'gbt4754:'::sector;
SELECT 'gbt4754:C39:1'::sector;
SELECT ''::sector;
SELECT '   '::sector;
SELECT 'gbt4754:C 39'::sector;
SELECT '  gbt4754:C3963*'::sector;
SELECT 'gbt4754:Ｃ39'::sector;
SELECT repeat('x', 100)::sector;
SELECT 'xsz:127'::sector;
SELECT 'xsz:1.2.3.4.5'::sector;
SELECT 'xsz:01'::sector;
SELECT 'xsz:1..2'::sector;
SELECT 'xabcdefg:1'::sector;
SELECT 'x:1'::sector;
SELECT 'x_a:1'::sector;

-- text casts
SELECT 'gbt4754:3963'::text::sector::text AS via_text,
       pg_typeof('gbt4754:C39'::sector::text) AS cast_type;

-- binary: version byte 1 + text; recv is as strict as in.  Binary COPY
-- files are built byte by byte to feed sector_recv good and mangled values.
SELECT sector_send('gbt4754:C3963') AS bytes;
CREATE TEMP TABLE bin (s sector);
CREATE FUNCTION sector_load_binary(payload bytea) RETURNS SETOF text
LANGUAGE plpgsql AS $$
DECLARE
  file bytea := '\x5047434f50590aff0d0a00'::bytea || '\x00000000000000000001'::bytea
                || int4send(length(payload)) || payload || '\xffff'::bytea;
  lo oid := lo_from_bytea(0, file);
BEGIN
  PERFORM lo_export(lo, 'sector_binary.copy');
  PERFORM lo_unlink(lo);
  TRUNCATE bin;
  COPY bin FROM 'sector_binary.copy' (FORMAT binary);
  RETURN QUERY SELECT s::text FROM bin;
END $$;
SELECT sector_load_binary('\x01' || convert_to('gbt4754:3963', 'UTF8')) AS good;
SELECT sector_load_binary('\x01' || convert_to(' naics2022:31-33 ', 'UTF8')) AS good;
SELECT sector_load_binary('\x02' || convert_to('gbt4754:C3963', 'UTF8')) AS bad_version;
SELECT sector_load_binary('\x'::bytea) AS empty;
SELECT sector_load_binary('\x01'::bytea) AS version_only;
SELECT sector_load_binary('\x01' || convert_to('gbt4754:A3963', 'UTF8')) AS contradicting;
SELECT sector_load_binary('\x0167627434373534003a43333936'::bytea) AS embedded_nul;
SELECT sector_load_binary('\x016762743437353a43ff3339'::bytea) AS invalid_utf8;
SELECT sector_load_binary('\x01' || convert_to(repeat('gbt4754:', 10), 'UTF8')) AS overlong;
DROP FUNCTION sector_load_binary(bytea);

-- order: parent before descendants, taxonomies apart
SELECT s FROM (VALUES ('gbt4754:C3963'::sector), ('gbt4754:C39'), ('gbt4754:C4011'), ('gbt4754:C'),
  ('gbt4754:C396'), ('gbt4754:A'), ('gd:P01'), ('sei2018:1'), ('isic4:C'), ('naics2022:11'),
  ('xsz:1'), ('xab:2'), ('xab:1.1')) v(s) ORDER BY s;
SELECT 'gbt4754:C39'::sector < 'gbt4754:C3963', 'gbt4754:C3963'::sector = 'gbt4754:3963',
       'gbt4754:C3963'::sector <> 'gbt4754:C3961', 'gbt4754:C3963'::sector >= 'gbt4754:C39',
       'gbt4754:C3963'::sector > 'gbt4754:C40', 'gbt4754:C3963'::sector <= 'gbt4754:C3963';

-- hierarchy
SELECT 'gbt4754:C39'::sector @> 'gbt4754:C3963' AS contains,
       'gbt4754:C3963'::sector <@ 'gbt4754:C39' AS contained,
       'gbt4754:C39'::sector <@ 'gbt4754:C39' AS self,
       'gbt4754:C3963'::sector @> 'gbt4754:C39' AS reversed,
       'gbt4754:C40'::sector <@ 'gbt4754:C39' AS sibling,
       'isic4:C27'::sector <@ 'gbt4754:C' AS other_taxonomy;
SELECT s, sector_taxonomy(s), sector_code(s), sector_level(s), sector_parent(s),
       sector_ancestor(s, 1) AS a1, sector_ancestor(s, 2) AS a2
  FROM (VALUES ('gbt4754:C3963'::sector), ('gbt4754:C'), ('sei2018:1.2'), ('gd:K0101'),
               ('isic4:C2710'), ('naics2022:336411'), ('naics2022:31-33'), ('xsz:3.12.7')) v(s);
SELECT sector_ancestor('gbt4754:C3963', 0);
SELECT sector_ancestor('gbt4754:C3963', 5) IS NULL AS beyond_is_null;
SELECT a, b, sector_lca(a, b), sector_distance(a, b), round(sector_similarity(a, b)::numeric, 4) AS similarity
  FROM (VALUES ('gbt4754:C3963'::sector, 'gbt4754:C3963'::sector),
               ('gbt4754:C3963', 'gbt4754:C3961'),
               ('gbt4754:C3963', 'gbt4754:C3911'),
               ('gbt4754:C3963', 'gbt4754:C39'),
               ('gbt4754:C3963', 'gbt4754:C'),
               ('gbt4754:C3963', 'gbt4754:C2710'),
               ('gbt4754:C3963', 'gbt4754:A0111'),
               ('gbt4754:C3963', 'isic4:C2710'),
               ('naics2022:336411', 'naics2022:311111'),
               ('xsz:3.12', 'xsz:3.1'),
               ('xsz:3.12', 'xgz:3.12')) v(a, b);

-- the functions behind the operators and opclasses, called directly
SELECT sector_cmp('gbt4754:C39', 'gbt4754:C3963') AS cmp_lt, sector_cmp('gbt4754:C3963', 'gbt4754:3963') AS cmp_eq,
       sector_cmp('naics2022:11', 'gbt4754:C') AS cmp_gt,
       sector_hash('gbt4754:C3963') = sector_hash('gbt4754:3963') AS hash_eq,
       sector_hash_extended('gbt4754:C3963', 1) = sector_hash_extended('gbt4754:3963', 1) AS hash_ext_eq,
       sector_hash_extended('gbt4754:C3963', 1) <> sector_hash_extended('gbt4754:C3963', 2) AS seed_matters,
       sector_contains('gbt4754:C', 'gbt4754:C3963') AS contains_fn,
       sector_contained('gbt4754:C3963', 'gbt4754:D') AS contained_fn;
SELECT s, _sector_subtree_last(s) AS last_code
  FROM (VALUES ('gbt4754:C'::sector), ('gbt4754:C39'), ('gbt4754:C3963'), ('naics2022:31-33'),
               ('gd:K'), ('xsz:3'), ('xsz:3.12')) v(s);
SELECT count(*) AS rows, count(DISTINCT s) AS distinct_values
  FROM (VALUES ('gbt4754:C3963'::sector), ('gbt4754:3963'), ('gbt4754:c3963'), ('gbt4754:C3961')) v(s);

-- NULL in, NULL out
SELECT sector_level(NULL), sector_parent(NULL), NULL::sector <@ 'gbt4754:C';

-- the generator (tools/gen_sectors.py) encodes the compiled-in codes and
-- links itself: the parser and the formatter must agree with it on each
SELECT count(*) AS codes, count(*) FILTER (WHERE code_text::sector <> code OR code::text <> code_text) AS disagree,
       bool_and(code > lag) AS sorted
  FROM (SELECT code, code_text, lag(code) OVER (ORDER BY ordinality) FROM _sector_builtin_catalog() WITH ORDINALITY) c;
SELECT count(*) AS links, count(*) FILTER (WHERE source::text::sector <> source OR target::text::sector <> target) AS disagree
  FROM _sector_builtin_crosswalk();
