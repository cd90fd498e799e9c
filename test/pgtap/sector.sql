-- sector: properties of the type over every shipped code, the opclasses,
-- the catalog and the crosswalks.
BEGIN;
SELECT plan(45);

-- the type and its opclasses
SELECT has_type('public', 'sector', 'type sector exists');
SELECT is((SELECT typlen::int FROM pg_type WHERE oid = 'sector'::regtype), 8, 'sector is 8 bytes');
SELECT ok((SELECT typbyval FROM pg_type WHERE oid = 'sector'::regtype), 'sector is passed by value');
SELECT ok(bool_and(amvalidate(oid)), 'btree and hash opclasses pass amvalidate')
  FROM pg_opclass WHERE opcname IN ('sector_ops', 'sector_hash_ops')
   AND opcnamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'scenario');
SELECT is(count(*)::int, 2, 'both opclasses are the defaults for sector')
  FROM pg_opclass WHERE opcintype = 'sector'::regtype AND opcdefault;

-- counts per level are the standards'
SELECT results_eq(
  $$SELECT sector_taxonomy(code), level, count(*)::int FROM sector_catalog GROUP BY 1, 2 ORDER BY 1, 2$$,
  $$VALUES ('gbt4754', 1, 20), ('gbt4754', 2, 97), ('gbt4754', 3, 473), ('gbt4754', 4, 1381),
           ('gd', 1, 4), ('gd', 2, 27), ('gd', 3, 7),
           ('isic4', 1, 21), ('isic4', 2, 88), ('isic4', 3, 238), ('isic4', 4, 419),
           ('naics2022', 1, 20), ('naics2022', 2, 96), ('naics2022', 3, 308), ('naics2022', 4, 689),
           ('naics2022', 5, 1012), ('sei2018', 1, 9), ('sei2018', 2, 40)$$,
  'codes per taxonomy and level equal the standards (GB/T 4754-2017, ISIC Rev.4, NAICS 2022, SEI 2018)');

-- every code round-trips through text, and the library agrees with the generator
SELECT is(count(*)::int, 0, 'every catalog code round-trips through its text')
  FROM sector_catalog WHERE code::text::sector <> code OR code::text <> sector_taxonomy(code) || ':' || sector_code(code);
SELECT is(count(*)::int, 0, 'the compiled-in codes print as the data files write them')
  FROM _sector_builtin_catalog() WHERE code::text <> code_text;
SELECT is(count(*)::int, 1971, 'GB/T codes also parse without their section letter')
  FROM sector_catalog
 WHERE sector_taxonomy(code) = 'gbt4754'
   AND ('gbt4754:' || CASE WHEN level = 1 THEN sector_code(code) ELSE substr(sector_code(code), 2) END)::sector = code;

-- every code round-trips through binary COPY
CREATE TEMP TABLE bin_out AS SELECT code FROM sector_catalog;
INSERT INTO bin_out VALUES ('xsz:0'), ('xsz:126.126.126.126'), ('x9zzzzz:3.1');
CREATE TEMP TABLE bin_in (code sector);
SELECT format('COPY bin_out TO %L (FORMAT binary)', current_setting('data_directory') || '/sector_tap.copy'),
       format('COPY bin_in FROM %L (FORMAT binary)', current_setting('data_directory') || '/sector_tap.copy') \gexec
SELECT bag_eq('SELECT code FROM bin_in', 'SELECT code FROM bin_out', 'every code round-trips through binary COPY');

-- hierarchy agrees with itself
SELECT is(count(*)::int, 0, 'every code is <@ its parent and its parent @> it, one level up')
  FROM sector_catalog
 WHERE level > 1 AND NOT (code <@ sector_parent(code) AND sector_parent(code) @> code
                          AND sector_level(sector_parent(code)) = level - 1);
SELECT is(count(*)::int, 0, 'every parent is itself a catalog code')
  FROM sector_catalog c WHERE level > 1
   AND NOT EXISTS (SELECT 1 FROM sector_catalog p WHERE p.code = sector_parent(c.code));
SELECT is(count(*)::int, 0, 'sector_children lists exactly the codes whose parent is the code')
  FROM (SELECT p.code, array_agg(c ORDER BY c) AS kids
          FROM sector_catalog p, sector_children(p.code) c GROUP BY p.code) a
  FULL JOIN (SELECT sector_parent(code) AS code, array_agg(code ORDER BY code) AS kids
               FROM sector_catalog WHERE level > 1 GROUP BY 1) b USING (code)
 WHERE a.kids IS DISTINCT FROM b.kids;
SELECT is(count(*)::int, 0, 'sector_descendants equals the codes <@ the code, itself excluded')
  FROM sector_catalog p
 WHERE p.level <= 2
   AND (SELECT count(*) FROM sector_descendants(p.code))
       <> (SELECT count(*) - 1 FROM sector_catalog c WHERE c.code <@ p.code);
SELECT is(count(*)::int, 0, 'ancestor at each level equals repeated parent')
  FROM sector_catalog
 WHERE level > 1 AND sector_ancestor(code, level - 1) IS DISTINCT FROM sector_parent(code);

-- btree order is the preorder: equal to a depth-first walk of the catalog
SELECT results_eq(
  $$WITH RECURSIVE walk(code, path) AS (
      SELECT code, ARRAY[row_number() OVER (ORDER BY code)] FROM sector_catalog WHERE level = 1
      UNION ALL
      SELECT c, w.path || row_number() OVER (PARTITION BY w.code ORDER BY c)
        FROM walk w, sector_children(w.code) c)
    SELECT code FROM walk ORDER BY path$$,
  'SELECT code FROM sector_catalog ORDER BY code',
  'btree order equals a depth-first walk of the taxonomy trees');
SELECT is(count(*)::int, 0, 'every subtree is one contiguous range: [x, _sector_subtree_last(x)]')
  FROM (SELECT sector_ancestor(c.code, l) AS code, count(*) AS n
          FROM sector_catalog c, generate_series(1, c.level) l GROUP BY 1) sub
 WHERE n <> (SELECT count(*) FROM sector_catalog c
              WHERE c.code BETWEEN sub.code AND _sector_subtree_last(sub.code));
SELECT is(count(*)::int, 0, 'a join on <@ through the index finds every descendant')
  FROM (SELECT p.code, count(*) AS n FROM sector_catalog p JOIN sector_catalog c ON c.code <@ p.code
         WHERE p.level = 2 GROUP BY p.code) j
 WHERE n <> (SELECT count(*) FROM sector_catalog c WHERE sector_ancestor(c.code, 2) = j.code);

-- distance, lca and similarity over a sample of pairs
CREATE TEMP TABLE pairs AS
  SELECT a.code AS a, b.code AS b
    FROM (SELECT code FROM sector_catalog ORDER BY sector_hash(code) LIMIT 300) a,
         (SELECT code FROM sector_catalog ORDER BY sector_hash_extended(code, 7) LIMIT 300) b;
SELECT is(count(*)::int, 0, 'distance = level(a) + level(b) - 2 level(lca), symmetric')
  FROM pairs WHERE sector_lca(a, b) IS NOT NULL
   AND (sector_distance(a, b) <> sector_level(a) + sector_level(b) - 2 * sector_level(sector_lca(a, b))
        OR sector_distance(a, b) <> sector_distance(b, a));
SELECT is(count(*)::int, 0, 'the lca is an ancestor of both')
  FROM pairs WHERE sector_lca(a, b) IS NOT NULL AND NOT (sector_lca(a, b) @> a AND sector_lca(a, b) @> b);
SELECT is(count(*)::int, 0, 'similarity is symmetric, in [0, 1], 1 only for equal codes, 0 without lca')
  FROM pairs
 WHERE sector_similarity(a, b) <> sector_similarity(b, a)
    OR sector_similarity(a, b) NOT BETWEEN 0 AND 1
    OR (sector_similarity(a, b) = 1) <> (a = b)
    OR (sector_similarity(a, b) = 0) <> (sector_lca(a, b) IS NULL);
SELECT is(count(*)::int, 0, 'hash agrees with the low bits of the extended hash at seed 0')
  FROM sector_catalog WHERE sector_hash(code) <> (sector_hash_extended(code, 0) & 4294967295)::bit(32)::int;

-- crosswalks refer to catalog codes
SELECT is(count(*)::int, 0, 'every shipped crosswalk code is a catalog code')
  FROM sector_crosswalk w
 WHERE NOT EXISTS (SELECT 1 FROM sector_catalog c WHERE c.code = w.source)
    OR NOT EXISTS (SELECT 1 FROM sector_catalog c WHERE c.code = w.target);
SELECT is(count(*)::int, 0, 'every gd cluster and priority sector maps to GB/T codes')
  FROM sector_catalog c
 WHERE sector_taxonomy(code) = 'gd' AND level >= 2
   AND NOT EXISTS (SELECT 1 FROM sector_map(c.code, 'gbt4754'));
SELECT is(count(*)::int, 0, 'every NAICS 2022 six-digit code of the concordance maps to ISIC')
  FROM sector_crosswalk w
 WHERE sector_taxonomy(source) = 'naics2022' AND NOT EXISTS (SELECT 1 FROM sector_map(w.source, 'isic4'));

-- the comparison crosswalks (curated): round trips, coverage, partial flags
SELECT is(count(*)::int, 0, 'every GB/T class maps to an ISIC class that maps back to a set holding it')
  FROM sector_catalog c
 WHERE sector_taxonomy(code) = 'gbt4754' AND level = 4
   AND NOT EXISTS (SELECT 1 FROM sector_map(c.code, 'isic4') i, sector_map(i.sector, 'gbt4754') b
                    WHERE sector_level(i.sector) = 4 AND b.sector = c.code);
SELECT is(count(*)::int, 0, 'every ISIC class linked from GB/T maps to GB/T classes that map back to it')
  FROM (SELECT DISTINCT source FROM sector_crosswalk
         WHERE origin = 'scenario-gbt4754-isic4' AND sector_taxonomy(source) = 'isic4') w
 WHERE EXISTS (SELECT 1 FROM sector_map(w.source, 'gbt4754') b
                WHERE NOT EXISTS (SELECT 1 FROM sector_map(b.sector, 'isic4') i WHERE i.sector = w.source));
SELECT is(count(*)::int, 0, 'every SEI level-2 category maps to GB/T classes, each of which maps back to it')
  FROM sector_catalog c
 WHERE sector_taxonomy(code) = 'sei2018' AND level = 2
   AND (NOT EXISTS (SELECT 1 FROM sector_map(c.code, 'gbt4754'))
        OR EXISTS (SELECT 1 FROM sector_map(c.code, 'gbt4754') g
                    WHERE sector_level(g.sector) <> 4
                       OR NOT EXISTS (SELECT 1 FROM sector_map(g.sector, 'sei2018') b WHERE b.sector = c.code)));
SELECT is(count(*)::int, 0, 'each curated link is shipped both ways, once')
  FROM sector_crosswalk w
 WHERE w.origin IN ('scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754')
   AND NOT EXISTS (SELECT 1 FROM sector_crosswalk r
                    WHERE r.origin = w.origin AND r.source = w.target AND r.target = w.source);
SELECT is(count(*)::int, 0, 'a full curated link is its source''s only link (classes do not overlap)')
  FROM sector_crosswalk w
 WHERE w.origin IN ('scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754') AND NOT w.partial
   AND EXISTS (SELECT 1 FROM sector_crosswalk o
                WHERE o.origin = w.origin AND o.source = w.source AND o.target <> w.target);
SELECT is(count(*)::int, 0, 'a curated link is partial when its target is linked from several codes, read from the other side')
  FROM sector_crosswalk w
 WHERE w.origin IN ('scenario-gbt4754-isic4', 'scenario-sei2018-gbt4754') AND NOT w.partial
   AND (SELECT count(*) FROM sector_crosswalk r WHERE r.origin = w.origin AND r.target = w.source) > 1;
SELECT set_eq(
  $$SELECT c.code, n.sector, n.partial FROM sector_catalog c, sector_map(c.code, 'naics2022') n
     WHERE sector_taxonomy(c.code) = 'gbt4754' AND c.level = 4$$,
  $$SELECT c.code, n.sector, bool_and(i.partial OR n.partial)
      FROM sector_catalog c, sector_map(c.code, 'isic4') i, sector_map(i.sector, 'naics2022') n
     WHERE sector_taxonomy(c.code) = 'gbt4754' AND c.level = 4 GROUP BY 1, 2$$,
  'GB/T -> NAICS is GB/T -> ISIC -> NAICS, full only along a path of full links');
SELECT set_eq(
  $$SELECT w.source, g.sector, g.partial FROM (SELECT DISTINCT source FROM sector_crosswalk
     WHERE sector_taxonomy(source) = 'naics2022') w, sector_map(w.source, 'gbt4754') g$$,
  $$SELECT w.source, g.sector, bool_and(i.partial OR g.partial)
      FROM (SELECT DISTINCT source FROM sector_crosswalk WHERE sector_taxonomy(source) = 'naics2022') w,
           sector_map(w.source, 'isic4') i, sector_map(i.sector, 'gbt4754') g GROUP BY 1, 2$$,
  'NAICS -> GB/T is NAICS -> ISIC -> GB/T');
SELECT throws_ok($$SELECT * FROM sector_map('sei2018:1.2', 'naics2022')$$, '22023',
                 'no crosswalk from taxonomy "sei2018" to taxonomy "naics2022"', 'no crosswalk: 22023');
SELECT is((SELECT string_agg(m::text, ',') FROM sector_map('gbt4754:C3963', 'ISIC4') m),
          (SELECT string_agg(m::text, ',') FROM sector_map('gbt4754:C3963', 'isic4') m),
          'taxonomy names are case-insensitive in sector_map');

-- errors carry the right SQLSTATE
SELECT throws_ok($$SELECT 'gbt4754:A3963'::sector$$, '22P02', NULL, 'contradicting section letter: 22P02');
SELECT throws_ok($$SELECT 'gbt4754:C3999'::sector$$, '22P02', NULL, 'unknown code: 22P02');
SELECT throws_ok($$SELECT 'nace2:C27'::sector$$, '22P02', NULL, 'unknown taxonomy: 22P02');
SELECT throws_ok($$SELECT sector_ancestor('gbt4754:C39', 0)$$, '22023', NULL, 'level 0: 22023');
SELECT throws_ok($$SELECT sector_name('gbt4754:C39', 'de')$$, '22023', NULL, 'bad language: 22023');

-- fuzz: random near-miss inputs either fail with 22P02 or give a value
-- whose canonical text parses back to it; nothing else happens
CREATE FUNCTION pg_temp.fuzz(n int) RETURNS TABLE (parsed int, rejected int, wrong int)
LANGUAGE plpgsql AS $$
DECLARE
  prefixes text[] := ARRAY['gbt4754:', 'GBT4754:', 'isic4:', 'sei2018:', 'gd:', 'naics2022:', 'xsz:', 'x:',
                           'xabcdefg:', 'gbt4754', ':', '', ' gd:', 'nace2:'];
  chars text := '0123456789ACKPEFTUXZ.-: ';
  s text;
  v sector;
BEGIN
  parsed := 0; rejected := 0; wrong := 0;
  PERFORM setseed(0.42);
  FOR i IN 1..n LOOP
    s := prefixes[1 + floor(random() * array_length(prefixes, 1))::int];
    FOR j IN 1..floor(random() * 8)::int LOOP
      s := s || substr(chars, 1 + floor(random() * length(chars))::int, 1);
    END LOOP;
    BEGIN
      v := s::sector;
      IF v::text::sector = v THEN parsed := parsed + 1; ELSE wrong := wrong + 1; END IF;
    EXCEPTION WHEN invalid_text_representation THEN
      rejected := rejected + 1;
    END;
  END LOOP;
  RETURN NEXT;
END $$;
SELECT ok(f.wrong = 0 AND f.parsed > 100 AND f.rejected > 100,
          format('fuzz: 20000 near-miss inputs: %s parsed and round-trip, %s rejected with 22P02, %s otherwise',
                 f.parsed, f.rejected, f.wrong))
  FROM pg_temp.fuzz(20000) f;

-- the catalog cache follows changes within the transaction
INSERT INTO sector_catalog (code, name_en) VALUES ('xtap:1', 'tap');
SELECT is(sector_name('xtap:1', 'en'), 'tap', 'a row added to the catalog is visible to sector_name at once');

-- ... and a change another session commits, at its next statement
CREATE EXTENSION IF NOT EXISTS dblink;
SELECT dblink_connect('other', format('dbname=%s port=%s host=%s', current_database(),
       current_setting('port'), split_part(current_setting('unix_socket_directories'), ',', 1)));
SELECT is(sector_name('xtap2:1', 'en'), NULL, 'before the other session commits: no name');
SELECT dblink_exec('other', $$INSERT INTO sector_catalog (code, name_en) VALUES ('xtap2:1', 'other')$$);
SELECT is(sector_name('xtap2:1', 'en'), 'other', 'a row another session committed is visible to sector_name');
SELECT dblink_exec('other', $$DELETE FROM sector_catalog WHERE code = 'xtap2:1'$$);
SELECT is(sector_name('xtap2:1', 'en'), NULL, 'and so is its deletion');
SELECT dblink_disconnect('other');

SELECT * FROM finish();
ROLLBACK;
