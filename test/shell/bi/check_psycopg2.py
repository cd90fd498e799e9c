#!/usr/bin/python3
"""BI through a real client: Debian's python3-psycopg2 (libpq, text results).

Run by test/shell/bi_python.sh against a database that holds the demo
programme, its BI views (demo/bi.sql) and test/shell/bi/sample.sql; connects
with the PG* variables. Reads each view of programme_bi and checks values and
that every column comes as a plain type; reads each extension type as a
client that knows nothing of it (psycopg2 hands unknown types over as their
text), parses the text by the grammar docs/bi.md documents, and checks it
against the jsonb cast, the accessor functions and the demo rows. Prints
"# ..." for each failed check; exit status 1 if any failed.
"""
import base64
import datetime as dt
import re
import sys
from decimal import Decimal

import psycopg2

failures = []
checks = 0


def check(ok, what):
    global checks
    checks += 1
    if not ok:
        failures.append(what)
        print("# FAILED: " + what)


def eq(have, want, what):
    check(have == want, "%s: have %r, want %r" % (what, have, want))


conn = psycopg2.connect("")
conn.set_session(readonly=True, autocommit=True)
cur = conn.cursor()


def rows(sql, args=None):
    cur.execute(sql, args)
    return cur.fetchall()


def one(sql, args=None):
    return rows(sql, args)[0][0]


# ---------------------------------------------------------------- views ---
# Type OIDs of the plain types a BI tool maps without help.
PLAIN = {16: "bool", 20: "int8", 23: "int4", 25: "text", 701: "float8",
         1082: "date", 1184: "timestamptz", 1700: "numeric"}
PY = {16: bool, 20: int, 23: int, 25: str, 701: float, 1082: dt.date,
      1184: dt.datetime, 1700: Decimal}

views = [r[0] for r in rows(
    "SELECT table_name FROM information_schema.views WHERE table_schema = 'programme_bi' ORDER BY 1")]
for v in ("cluster", "cluster_rollup", "funnel", "opportunity", "target_status", "top_match"):
    check(v in views, "view programme_bi.%s exists" % v)

data = {}
for v in views:
    cur.execute('SELECT * FROM programme_bi."%s"' % v)
    names = [d.name for d in cur.description]
    result = cur.fetchall()
    data[v] = [dict(zip(names, r)) for r in result]
    check(len(result) > 0, "programme_bi.%s has rows" % v)
    for d in cur.description:
        check(d.type_code in PLAIN, "programme_bi.%s.%s is a plain type (oid %s)" % (v, d.name, d.type_code))
        if d.type_code in PY:
            for r in result:
                val = r[names.index(d.name)]
                if val is not None and not isinstance(val, PY[d.type_code]):
                    check(False, "programme_bi.%s.%s arrives as %s" % (v, d.name, type(val).__name__))
                    break

opp = {r["opp_id"]: r for r in data["opportunity"]}
eq(len(opp), 149, "opportunity rows")
o17 = opp[17]
want17 = {"city": "深圳", "region_code": "440300", "sector_code": "gbt4754:G5639",
          "sector_name_zh": "其他航空运输辅助活动", "sector_name_en": None,
          "sector_section_code": "gbt4754:G", "sector_section_name_zh": "交通运输、仓储和邮政业",
          "sector_division_code": "gbt4754:G56", "sector_division_name_zh": "航空运输业",
          "cluster_code": "gd:K01", "cluster_name_zh": "低空经济", "cluster_name_en": "low-altitude economy",
          "cluster_group": "priority", "cluster_group_name_en": "application scenario priority sectors",
          "investment_rmb": Decimal("945150000.00"), "trl_required": 7,
          "released_on": dt.date(2023, 6, 13), "deadline": dt.date(2023, 7, 13), "release_year": 2023,
          "stage": "operating", "stage_position": 5, "matched": True, "operating": True,
          "first_trial": True, "offer_id": 109, "offer_title": "创擎低空飞行服务保障平台",
          "offer_price_rmb": Decimal("10560000.00")}
for k, w in want17.items():
    eq(o17[k], w, "opportunity 17 %s" % k)
at = o17["stage_reached_at"]
check(at.tzinfo is not None and at.astimezone(dt.timezone(dt.timedelta(hours=8))).time() == dt.time(0),
      "stage_reached_at is midnight in Guangdong: %r" % at)
eq(sum(r["investment_rmb"] for r in opp.values()), Decimal("39620000000.00"), "total investment")
eq(sum(r["operating"] for r in opp.values()), 93, "operating opportunities")
eq(sum(r["typical_case"] for r in opp.values()), 20, "typical cases")

roll = data["cluster_rollup"]
prog = [r for r in roll if r["level"] == "programme"]
eq(len(prog), 1, "one programme row in cluster_rollup")
p = prog[0]
eq((p["opportunities"], p["investment_rmb"], p["matched"], p["signed"], p["operating"], p["typical_cases"]),
   (149, Decimal("39620000000.00"), 135, 117, 93, 20), "programme totals")
groups = [r for r in roll if r["level"] == "group"]
clusters = [r for r in roll if r["level"] == "cluster"]
eq(sorted(r["cluster_group"] for r in groups), ["emerging", "future", "pillar", "priority"], "cluster groups")
eq(len(clusters), 27, "every cluster has a row")
eq(sum(r["opportunities"] for r in groups), 149, "groups add up")
for g in groups:
    eq(sum(c["opportunities"] for c in clusters if c["cluster_group"] == g["cluster_group"]),
       g["opportunities"], "clusters of %s add up" % g["cluster_group"])
k01 = [c for c in clusters if c["cluster_code"] == "gd:K01"][0]
eq(k01["opportunities"], sum(1 for r in opp.values() if r["cluster_code"] == "gd:K01"), "K01 count")

fun = data["funnel"]
pf = sorted((r for r in fun if r["level"] == "programme"), key=lambda r: r["stage_position"])
eq([r["stage"] for r in pf], ["released", "matched", "negotiating", "signed", "operating", "closed"], "funnel stages")
eq([r["reached"] for r in pf], [149, 135, 117, 117, 93, 0], "funnel reached")
eq([r["median_days"] for r in pf], [55.0, 79.0, None, 139.0, None, None], "funnel median days")
eq(pf[1]["conversion_prev"], 135 / 149, "conversion released -> matched")
for c in clusters:
    if c["opportunities"]:
        fr = [r for r in fun if r["level"] == "cluster" and r["cluster_code"] == c["cluster_code"]]
        eq({r["stage"]: r["reached"] for r in fr}.get("released"), c["opportunities"],
           "funnel of %s starts with its opportunities" % c["cluster_code"])

tm = data["top_match"]
eq(len(tm), 5 * 149, "five offers for each opportunity")
by_opp = {}
for r in tm:
    by_opp.setdefault(r["opp_id"], []).append(r)
for k, rs in by_opp.items():
    rs.sort(key=lambda r: r["rank"])
    if [r["rank"] for r in rs] != [1, 2, 3, 4, 5] or any(a["score"] < b["score"] for a, b in zip(rs, rs[1:])):
        check(False, "opportunity %d: ranks 1..5 by score" % k)
        break
check(all(0 <= r["score"] <= 1 for r in tm), "scores within 0..1")
check(all(r["matched_offer"] == (r["offer_id"] == opp[r["opp_id"]]["offer_id"]) for r in tm),
      "matched_offer says whether it is the opportunity's matched offering")
eq([(r["rank"], r["offer_id"], r["matched_offer"]) for r in by_opp[17]][0], (1, 109, True),
   "opportunity 17: its matched offering ranks first")
check(sum(r["matched_offer"] for r in tm) > 100, "most matched offerings are in their opportunity's top 5")

tgt = {r["target_id"]: r for r in data["target_status"]}
eq(sorted(tgt), [1, 2, 3, 4], "target rows")
eq((tgt[1]["target"], tgt[1]["goal"], tgt[1]["unit"], tgt[1]["due_on"], tgt[1]["actual"], tgt[1]["status"]),
   (">= 10 zones by 2027-12-31 from 2023-01-01", 10.0, "zones", dt.date(2027, 12, 31), 6.0, "on_track"),
   "pilot zone target")
eq(tgt[1]["actual"], float(one("SELECT count(*) FROM programme.pilot_zone")), "pilot zones counted")
eq((tgt[3]["actual"], tgt[3]["unit"]), (39620000000.0, "CNY"), "investment target actual")
eq((tgt[4]["actual"], tgt[4]["status"]), (93.0, "achieved"), "projects operating target")
eq(tgt[2]["period"], "year", "first uses target is per year")
for r in tgt.values():
    eq(r["as_of"], dt.date(2025, 10, 31), "target %d as of the snapshot" % r["target_id"])
    check(r["forecast_low"] <= r["forecast"] <= r["forecast_high"], "target %d forecast inside its band" % r["target_id"])

# ---------------------------------------------------------------- types ---
cur.execute("SELECT * FROM public.bi_sample")
sample = dict(zip([d.name for d in cur.description], cur.fetchone()))
types_in_sample = {r[0] for r in rows(
    "SELECT format_type(atttypid, NULL) FROM pg_attribute "
    "WHERE attrelid = 'public.bi_sample'::regclass AND attnum > 0 AND NOT attisdropped")}
ext_types = {r[0] for r in rows(
    "SELECT format_type(t.oid, NULL) FROM pg_type t JOIN pg_depend d ON d.classid = 'pg_type'::regclass "
    "AND d.objid = t.oid AND d.deptype = 'e' JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'scenario' "
    "WHERE t.typtype IN ('b', 'e') AND coalesce(obj_description(t.oid, 'pg_type'), '') NOT LIKE 'internal:%%'")}
eq(sorted(ext_types - types_in_sample), [], "every extension type has a sample the clients read")
for col, val in sample.items():
    check(isinstance(val, str), "%s arrives as text in a client that does not know it" % col)
    eq(one("SELECT %s::text FROM public.bi_sample" % col), val, "%s::text is its output" % col)
    typ = one("SELECT pg_typeof(%s)::text FROM public.bi_sample" % col)
    eq(one("SELECT %%s::%s::text" % typ, (val,)), val, "%s text sent back reads as the same value" % col)
    check(isinstance(one("SELECT %s::jsonb FROM public.bi_sample" % col), (dict, str)), "%s::jsonb parses" % col)

# stage: the label; the order is the enum's
eq(sample["stage"], "signed", "stage text")
eq(one("SELECT stage::jsonb FROM public.bi_sample"), "signed", "stage jsonb")
eq(one("SELECT enum_range(NULL::stage)::text[]"),
   ["released", "matched", "negotiating", "signed", "operating", "closed"], "stage order")

# funnel: "<stage> <reached>[ median <D>d HH:MM:SS[.ffffff] over <timed>]" joined by "; "
FUNNEL_CLAUSE = re.compile(r"^([a-z]+) (\d+)(?: median (\d+)d (\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))? over (\d+))?$")
parsed = []
for clause in sample["funnel"].split("; "):
    m = FUNNEL_CLAUSE.match(clause)
    check(m is not None, "funnel clause %r matches the grammar" % clause)
    if m:
        med = None
        if m.group(3):
            med = (int(m.group(3)) * 86400 + int(m.group(4)) * 3600 + int(m.group(5)) * 60 + int(m.group(6))
                   + Decimal("0." + (m.group(7) or "0")))
        parsed.append({"stage": m.group(1), "reached": int(m.group(2)), "median_seconds": med,
                       "timed": int(m.group(8) or 0)})
fj = one("SELECT funnel::jsonb FROM public.bi_sample")["stages"]
eq([{k: s[k] for k in ("stage", "reached", "median_seconds", "timed")} for s in fj],
   [{**s, "median_seconds": None if s["median_seconds"] is None else int(s["median_seconds"])} for s in parsed],
   "funnel text = funnel jsonb")
eq([(s["stage"], s["reached"], s["median_days"]) for s in fj],
   [(r["stage"], r["reached"], r["median_days"]) for r in pf], "funnel jsonb = the view's rows")
eq([s["timed"] for s in parsed], [135, 117, 0, 93, 0, 0], "funnel items timed")

# funnel_state: "<item> <stage> <YYYY-MM-DDTHH:MM:SS[.f]Z>" joined by "; "
want = rows("SELECT opp_id, stage, changed_on FROM programme.stage_change WHERE opp_id <= 3")
have = []
for clause in sample["funnel_state"].split("; "):
    m = re.match(r"^(-?\d+) ([a-z]+) (-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?Z)$", clause)
    check(m is not None, "funnel_state clause %r matches the grammar" % clause)
    if m:
        t = dt.datetime.fromisoformat(m.group(3).replace("Z", "+00:00"))
        have.append((int(m.group(1)), m.group(2), t.astimezone(dt.timezone(dt.timedelta(hours=8))).date()))
eq(sorted(have), sorted(want), "funnel_state text = the stage changes, times at midnight in Guangdong")
eq([(t["item"], t["stage"]) for t in one("SELECT funnel_state::jsonb FROM public.bi_sample")["transitions"]],
   [(h[0], h[1]) for h in have], "funnel_state jsonb = its text")

# assignment: "<method>:{(d,s,score),...}", pairs by ids, scores in shortest round-trip form
m = re.match(r"^(optimal|stable|greedy):\{(.*)\}$", sample["assignment"])
check(m is not None, "assignment matches the grammar")
pairs = [(int(a), int(b), float(c)) for a, b, c in re.findall(r"\((-?\d+),(-?\d+),([^,()]+)\)", m.group(2))]
eq(pairs, rows("SELECT demand_id, supply_id, score FROM public.bi_sample, unnest(assignment)"),
   "assignment text = unnest()")
aj = one("SELECT assignment::jsonb FROM public.bi_sample")
eq((aj["method"], aj["pair_count"], [(p["demand_id"], p["supply_id"], float(p["score"])) for p in aj["pairs"]]),
   (m.group(1), len(pairs), pairs), "assignment jsonb = its text")
eq(float(aj["total_score"]), one("SELECT total_score(assignment) FROM public.bi_sample"), "assignment total")
check(len(pairs) > 5, "the event's assignment pairs several opportunities")

# assign_state: "<method>:{(d,s,score,dcap,scap),...}", empty capacity = not given
m = re.match(r"^(optimal|stable|greedy):\{(.*)\}$", sample["assign_state"])
cands = [(int(a), int(b), float(c), int(d) if d else None, int(e) if e else None)
         for a, b, c, d, e in re.findall(r"\((-?\d+),(-?\d+),([^,()]+),(\d*),(\d*)\)", m.group(2))]
eq(cands, [(d, s, sc, None, 2 if s % 2 == 0 else None) for d, s, sc in rows(
    "SELECT * FROM public.bi_candidates ORDER BY demand_id, supply_id LIMIT 5")], "assign_state text = its rows")
sj = one("SELECT assign_state::jsonb FROM public.bi_sample")
eq([(c["demand_id"], c["supply_id"], float(c["score"]), c["demand_capacity"], c["supply_capacity"])
    for c in sj["candidates"]], cands, "assign_state jsonb = its text")

# sector: "<taxonomy>:<code>"
m = re.match(r"^([a-z][a-z0-9]*):([A-Z]?[0-9.\-]*|[A-Z])$", sample["sector"])
check(m is not None, "sector matches the grammar: %r" % sample["sector"])
eq(one("SELECT sector::jsonb FROM public.bi_sample"),
   {"text": "gbt4754:G5639", "taxonomy": m.group(1), "code": m.group(2), "level": 4, "parent": "gbt4754:G563"},
   "sector jsonb = its text")

# target: "<op> <goal> [unit] (by <due> from <start> | per <period>) [at <baseline>]"
m = re.match(r"^(>=|<=) (\S+)(?: ([a-zA-Z]+))?(?: by (\d{4}-\d\d-\d\d) from (\d{4}-\d\d-\d\d)| per (year|quarter|month))"
             r"(?: at (\S+))?$", sample["target"])
check(m is not None, "target matches the grammar: %r" % sample["target"])
tj = one("SELECT target::jsonb FROM public.bi_sample")
eq((tj["op"], tj["goal"], tj["unit"], tj["due"], tj["start"], tj["baseline"]),
   (m.group(1), float(m.group(2)), m.group(3), m.group(4), m.group(5), float(m.group(7) or 0)), "target jsonb = its text")

# tracking: "<target>; ignored <before> <after> <null>;[ <day> <n> <sum> <sumsq>{, ...}]"
m = re.match(r"^(.*); ignored (\d+) (\d+) (\d+);(.*)$", sample["tracking"])
check(m is not None, "tracking matches the grammar")
days = [(d, int(n), float(a), float(q)) for d, n, a, q in
        re.findall(r"(\d{4}-\d\d-\d\d) (\d+) (\S+) ([^\s,]+)", m.group(5))]
eq(m.group(1), sample["target"], "tracking text starts with its target")
eq([(d, n) for d, n, a, q in days],
   [(str(d), n) for d, n in rows("SELECT designated_on, count(*)::int FROM programme.pilot_zone GROUP BY 1 ORDER BY 1")],
   "tracking days = the designations")
trj = one("SELECT tracking::jsonb FROM public.bi_sample")
eq([(x["day"], x["n"], float(x["sum"]), float(x["sumsq"])) for x in trj["days"]], days, "tracking jsonb days = its text")
eq(trj["ignored"], {"before": int(m.group(2)), "after": int(m.group(3)), "null": int(m.group(4))}, "tracking ignored")
eq(sample["target_status"], "on_track", "target_status text")
eq(one("SELECT target_status::jsonb FROM public.bi_sample"), "on_track", "target_status jsonb")

# demand, supply (when the matching module is installed): key=value fields
# in a fixed order, text double-quoted with \" and \\ as its only escapes
for col in ("demand", "supply"):
    if col in sample:
        fields = dict(re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|\{[^}]*\}|\S+)', sample[col]))
        pj = one("SELECT %s::jsonb FROM public.bi_sample" % col)
        eq(sorted(fields), sorted(k for k, v in pj.items() if v is not None), "%s text fields = its jsonb" % col)
        eq(int(fields["trl"]), pj["trl"], "%s trl" % col)

# classifier, classifier_state: "<prefix>:" + base64 of the binary image
for col, prefix in (("classifier", "classifier:"), ("classifier_state", "classifier_state:")):
    txt = sample[col]
    check(txt.startswith(prefix), "%s text starts with %s" % (col, prefix))
    img = base64.b64decode(txt[len(prefix):], validate=True)
    eq(img, bytes(one("SELECT %s_send(%s) FROM public.bi_sample" % (col, col))), "%s base64 = its binary form" % col)
    eq(img[0], 1, "%s format version byte" % col)
cj = one("SELECT classifier::jsonb FROM public.bi_sample")
eq((cj["documents"], cj["labels"]), (149, sorted({r["cluster_code"] for r in opp.values()})), "classifier jsonb")
cs = one("SELECT classifier_state::jsonb FROM public.bi_sample")
eq(cs["labels"], {k: v for k, v in rows(
    "SELECT cluster, count(*)::int FROM programme.opportunity WHERE opp_id <= 10 GROUP BY 1")},
   "classifier_state jsonb counts documents per label")
eq(cs["documents"], 10, "classifier_state documents")

print("# psycopg2 %s: %d checks, %d failed" % (psycopg2.__version__.split()[0], checks, len(failures)))
sys.exit(1 if failures else 0)
