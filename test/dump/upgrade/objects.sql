-- objects.sql: every object of the installed extension as lines of text,
-- free of OIDs, so that two installs (one updated from an earlier release,
-- one fresh) can be compared with diff.  Run with psql -At; the caller sorts.
-- Each line starts with the object it describes; the properties are the
-- ones a user can observe: signatures, volatility, strictness, parallel
-- safety, bodies, type storage, operator and opclass wiring, casts, columns,
-- constraints, indexes, triggers, policies, grants, comments, and the rows
-- the extension ships in its tables.
SET search_path = pg_catalog;

CREATE TEMP VIEW ext_member AS
SELECT d.classid, d.objid, d.objsubid
  FROM pg_depend d JOIN pg_extension e ON e.oid = d.refobjid
 WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e' AND e.extname = 'scenario';

-- the extension itself (its schema is the installer's, not a member)
SELECT format('extension: version %s, relocatable %s, schema %s, config %s %s',
              extversion, extrelocatable, extnamespace::regnamespace,
              (SELECT array_agg(c::regclass::text ORDER BY c::regclass::text) FROM unnest(extconfig) c),
              extcondition)
  FROM pg_extension WHERE extname = 'scenario';

-- every member, by name, with its comment
SELECT format('member %s: comment %s', pg_describe_object(classid, objid, objsubid),
              coalesce(obj_description(objid, classid::regclass::name), '-'))
  FROM ext_member;

-- functions, procedures and aggregates
SELECT format('function %s: returns %s, args (%s), kind %s, volatility %s, strict %s, '
              'parallel %s, security definer %s, leakproof %s, cost %s, rows %s, '
              'support %s, config %s, acl %s, language %s, body %s',
              p.oid::regprocedure, pg_get_function_result(p.oid),
              pg_get_function_arguments(p.oid), p.prokind, p.provolatile, p.proisstrict,
              p.proparallel, p.prosecdef, p.proleakproof, p.procost, p.prorows,
              p.prosupport, p.proconfig, p.proacl, l.lanname,
              md5(coalesce(p.prosrc, '') || '|' || coalesce(p.probin, '')))
  FROM ext_member m JOIN pg_proc p ON m.classid = 'pg_proc'::regclass AND p.oid = m.objid
  JOIN pg_language l ON l.oid = p.prolang;
SELECT format('aggregate %s: kind %s, direct args %s, transition %s, final %s, combine %s, '
              'serial %s, deserial %s, moving %s %s %s, final extra %s %s, final modify %s %s, '
              'sort operator %s, state %s (%s bytes), moving state %s, init %s %s',
              a.aggfnoid::regprocedure, a.aggkind, a.aggnumdirectargs, a.aggtransfn, a.aggfinalfn,
              a.aggcombinefn, a.aggserialfn, a.aggdeserialfn, a.aggmtransfn, a.aggminvtransfn,
              a.aggmfinalfn, a.aggfinalextra, a.aggmfinalextra, a.aggfinalmodify, a.aggmfinalmodify,
              a.aggsortop::regoperator, a.aggtranstype::regtype, a.aggtransspace,
              a.aggmtranstype::regtype, a.agginitval, a.aggminitval)
  FROM ext_member m JOIN pg_aggregate a ON m.classid = 'pg_proc'::regclass AND a.aggfnoid = m.objid;

-- types: storage, I/O, and for enums and composites their members
SELECT format('type %s: type %s, category %s, preferred %s, length %s, by value %s, align %s, '
              'storage %s, delimiter %s, element %s, input %s, output %s, receive %s, send %s, '
              'typmod in %s, typmod out %s, analyze %s, subscript %s, base %s, not null %s, '
              'default %s, collation %s, acl %s',
              t.oid::regtype, t.typtype, t.typcategory, t.typispreferred, t.typlen, t.typbyval,
              t.typalign, t.typstorage, t.typdelim, t.typelem::regtype, t.typinput, t.typoutput,
              t.typreceive, t.typsend, t.typmodin, t.typmodout, t.typanalyze, t.typsubscript,
              t.typbasetype::regtype, t.typnotnull, t.typdefault, t.typcollation, t.typacl)
  FROM ext_member m JOIN pg_type t ON m.classid = 'pg_type'::regclass AND t.oid = m.objid;
SELECT format('enum %s: %s', e.enumtypid::regtype, string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder))
  FROM ext_member m JOIN pg_enum e ON m.classid = 'pg_type'::regclass AND e.enumtypid = m.objid
 GROUP BY e.enumtypid;

-- operators, operator families and classes with their members, casts
SELECT format('operator %s: result %s, function %s, commutator %s, negator %s, '
              'restrict %s, join %s, merges %s, hashes %s',
              o.oid::regoperator, o.oprresult::regtype, o.oprcode, o.oprcom::regoperator,
              o.oprnegate::regoperator, o.oprrest, o.oprjoin, o.oprcanmerge, o.oprcanhash)
  FROM ext_member m JOIN pg_operator o ON m.classid = 'pg_operator'::regclass AND o.oid = m.objid;
SELECT format('operator class %s using %s: family %s, type %s, default %s, key type %s',
              c.opcname, am.amname, f.opfname, c.opcintype::regtype, c.opcdefault, c.opckeytype::regtype)
  FROM ext_member m JOIN pg_opclass c ON m.classid = 'pg_opclass'::regclass AND c.oid = m.objid
  JOIN pg_am am ON am.oid = c.opcmethod JOIN pg_opfamily f ON f.oid = c.opcfamily;
SELECT format('operator family %s using %s: operator %s %s (%s, %s) for %s order by %s',
              f.opfname, am.amname, o.amopstrategy, o.amopopr::regoperator,
              o.amoplefttype::regtype, o.amoprighttype::regtype, o.amoppurpose,
              (SELECT opfname FROM pg_opfamily WHERE oid = o.amopsortfamily))
  FROM ext_member m JOIN pg_opfamily f ON m.classid = 'pg_opfamily'::regclass AND f.oid = m.objid
  JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_amop o ON o.amopfamily = f.oid;
SELECT format('operator family %s using %s: function %s (%s, %s) %s',
              f.opfname, am.amname, p.amprocnum, p.amproclefttype::regtype,
              p.amprocrighttype::regtype, p.amproc::regprocedure)
  FROM ext_member m JOIN pg_opfamily f ON m.classid = 'pg_opfamily'::regclass AND f.oid = m.objid
  JOIN pg_am am ON am.oid = f.opfmethod JOIN pg_amproc p ON p.amprocfamily = f.oid;
SELECT format('cast (%s AS %s): function %s, context %s, method %s',
              c.castsource::regtype, c.casttarget::regtype, c.castfunc::regprocedure,
              c.castcontext, c.castmethod)
  FROM ext_member m JOIN pg_cast c ON m.classid = 'pg_cast'::regclass AND c.oid = m.objid;

-- relations: kind, options, grants, columns, constraints, indexes, triggers,
-- policies and view definitions
SELECT format('relation %s: kind %s, persistence %s, options %s, row security %s %s, acl %s',
              c.oid::regclass, c.relkind, c.relpersistence, c.reloptions,
              c.relrowsecurity, c.relforcerowsecurity, c.relacl)
  FROM ext_member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid;
SELECT format('column %s.%s: type %s, not null %s, default %s, identity %s, generated %s, '
              'collation %s, acl %s, comment %s',
              c.oid::regclass, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
              pg_get_expr(ad.adbin, ad.adrelid), a.attidentity, a.attgenerated,
              a.attcollation, a.attacl, col_description(c.oid, a.attnum))
  FROM ext_member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
  LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum;
SELECT format('constraint %s on %s: %s', k.conname, k.conrelid::regclass, pg_get_constraintdef(k.oid))
  FROM ext_member m JOIN pg_constraint k ON m.classid = 'pg_class'::regclass AND k.conrelid = m.objid;
SELECT format('constraint %s on type %s: %s', k.conname, k.contypid::regtype, pg_get_constraintdef(k.oid))
  FROM ext_member m JOIN pg_constraint k ON m.classid = 'pg_type'::regclass AND k.contypid = m.objid;
SELECT format('index on %s: %s', i.indrelid::regclass, pg_get_indexdef(i.indexrelid))
  FROM ext_member m JOIN pg_index i ON m.classid = 'pg_class'::regclass AND i.indrelid = m.objid;
SELECT format('trigger on %s: %s, enabled %s', t.tgrelid::regclass, pg_get_triggerdef(t.oid), t.tgenabled)
  FROM ext_member m JOIN pg_trigger t ON m.classid = 'pg_class'::regclass AND t.tgrelid = m.objid
 WHERE NOT t.tgisinternal;
SELECT format('policy %s on %s: %s %s %s using %s check %s', p.polname, p.polrelid::regclass,
              p.polcmd, p.polpermissive, p.polroles::regrole[], pg_get_expr(p.polqual, p.polrelid),
              pg_get_expr(p.polwithcheck, p.polrelid))
  FROM ext_member m JOIN pg_policy p ON m.classid = 'pg_class'::regclass AND p.polrelid = m.objid;
SELECT format('view %s: %s', c.oid::regclass, md5(pg_get_viewdef(c.oid)))
  FROM ext_member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
 WHERE c.relkind IN ('v', 'm');
SELECT format('sequence %s: type %s, start %s, increment %s, min %s, max %s, cycle %s',
              s.seqrelid::regclass, s.seqtypid::regtype, s.seqstart, s.seqincrement, s.seqmin,
              s.seqmax, s.seqcycle)
  FROM ext_member m JOIN pg_sequence s ON m.classid = 'pg_class'::regclass AND s.seqrelid = m.objid;

-- event triggers
SELECT format('event trigger %s: on %s, tags %s, function %s, enabled %s',
              t.evtname, t.evtevent, t.evttags, t.evtfoid::regprocedure, t.evtenabled)
  FROM ext_member m JOIN pg_event_trigger t ON m.classid = 'pg_event_trigger'::regclass AND t.oid = m.objid;

-- the rows the extension ships in its tables: a count and a checksum of
-- the rows in text form, order-independent
SELECT format('SELECT format(%L, count(*), md5(coalesce(string_agg(r::text, E''\n'' ORDER BY r::text), ''''))) FROM %s r',
              'rows of ' || c.oid::regclass || ': %s, md5 %s', c.oid::regclass)
  FROM ext_member m JOIN pg_class c ON m.classid = 'pg_class'::regclass AND c.oid = m.objid
 WHERE c.relkind IN ('r', 'p')
\gexec
