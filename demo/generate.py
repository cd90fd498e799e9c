#!/usr/bin/env python3
"""The demo programme: writes SQL to stdout that (re)creates schema
`programme` and loads a synthetic Guangdong application-scenario programme
modelled on its published figures (10 supply-demand matching events since
2023, 149 scenario opportunities, about 40 billion RMB of investment, 90+
projects operating, 20 typical cases of which 35% first trials, pilot zones
towards 10 by 2027, first uses of new technologies towards 100 a year).

    python3 demo/generate.py | psql -v ON_ERROR_STOP=1

Standard library only; no network. The output is the same on every run and
every Python 3: the random numbers come from our own generator (splitmix64)
and only exact arithmetic feeds the data, so no library's float formatting
or random-module changes can move a row. The texts come from demo/vocab.py;
the GB/T 4754 classes and Guangdong cluster codes are checked against the
shipped data files under data/.
"""
import csv
import datetime as dt
import io
import os
import re
import signal
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import vocab  # noqa: E402

SEED = 20230418           # the day of the first event
AS_OF = dt.date(2025, 10, 31)  # the data is a snapshot taken on this day
TOTAL_INVESTMENT_WAN = 3962000  # 39.62 billion RMB, in 10,000 RMB
STAGE_QUOTA = [("operating", 93), ("signed", 24), ("matched", 18), ("released", 14)]
N_OFFERINGS = 480
N_CASES, N_CASES_FIRST = 20, 7
FIRST_USES = {2023: 96, 2024: 127, 2025: 94}   # 2025: up to AS_OF
ROOT = os.path.dirname(HERE)
CN_NUM = "一二三四五六七八九十"


class Rng:
    """splitmix64: small, fast, and the same on every platform."""

    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def u64(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n):
        """Uniform integer in [0, n), unbiased (rejection)."""
        limit = (1 << 64) - ((1 << 64) % n)
        while True:
            x = self.u64()
            if x < limit:
                return x % n

    def randint(self, a, b):
        return a + self.below(b - a + 1)

    def chance(self, per_mille):
        return self.below(1000) < per_mille

    def choice(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, items, weights):
        """weights are integers"""
        r = self.below(sum(weights))
        for it, w in zip(items, weights):
            if r < w:
                return it
            r -= w
        raise AssertionError("unreachable")

    def shuffle(self, seq):
        for i in range(len(seq) - 1, 0, -1):
            j = self.below(i + 1)
            seq[i], seq[j] = seq[j], seq[i]

    def sample(self, seq, k):
        s = list(seq)
        self.shuffle(s)
        return s[:k]


R = Rng(SEED)


def load_gbt():
    with open(os.path.join(ROOT, "data/gbt4754_2017/gbt4754_2017.csv"), encoding="utf-8") as f:
        return {r["code"]: (r["section"], r["name"]) for r in csv.DictReader(f) if r["level"] == "4"}


def load_clusters():
    letter = {"pillar": "P", "emerging": "E", "future": "F", "priority": "K"}
    out = []
    with open(os.path.join(ROOT, "data/gd_clusters/gd_clusters.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            out.append(("gd:%s%02d" % (letter[r["group"]], int(r["seq"])), r["group"], r["name_zh"], r["name_en"]))
    return out


GBT = load_gbt()
CLUSTERS = load_clusters()
CLUSTER_CODES = {c[0] for c in CLUSTERS}


def sector_of(code):
    if code not in GBT:
        sys.exit("generate.py: %s is not a GB/T 4754-2017 class" % code)
    return "gbt4754:%s%s" % (GBT[code][0], code)


for th in vocab.THEMES:
    th["sector"] = sector_of(th["gbt"])
    th["ssector"] = sector_of(th.get("sgbt", th["gbt"]))
    th["gd"] = "gd:" + th["cluster"]
    if th["gd"] not in CLUSTER_CODES:
        sys.exit("generate.py: unknown cluster %s" % th["cluster"])
missing = CLUSTER_CODES - {th["gd"] for th in vocab.THEMES}
if missing:
    sys.exit("generate.py: no theme for %s" % sorted(missing))

CITY = {c[0]: c for c in vocab.CITIES}
CITY_CODES = [c[0] for c in vocab.CITIES]
CITY_W = [c[2] for c in vocab.CITIES]


def d(s):
    return dt.date(*map(int, s.split("-")))


def days(n):
    return dt.timedelta(days=n)


def fill(pattern, **kw):
    """Fill a vocabulary pattern; {n}/{m} become small random numbers."""
    kw.setdefault("n", R.randint(2, 9))
    kw.setdefault("m", R.randint(3, 9) * 5)
    return pattern.format(**kw)


def spaced(title):
    """A space between Chinese and Latin letters, as titles are typeset."""
    return re.sub(r"(?<=[\u4e00-\u9fff])(?=[0-9]*[A-Za-z])|(?<=[A-Za-z])(?=[\u4e00-\u9fff])", " ", title)


STOP = set("的与和及等系统智能平台服务方案解决一体化设备场景应用建设项目示范市区县镇有限公司集团股份科技中心局")


def fit(items, ref):
    """A random one of the items sharing the most characters with ref, so that
    publisher, need and product suit the scene (texts keep their
    placeholders out of the count)."""
    want = set(ref) - STOP
    score = [len(want & (set(re.sub(r"\{\w+\}", "", it)) - STOP)) for it in items]
    best = max(score)
    return R.choice([it for it, sc in zip(items, score) if sc == best])


def brand():
    a = R.choice(vocab.BRAND)
    b = R.choice(vocab.BRAND)
    while b == a:
        b = R.choice(vocab.BRAND)
    return a + b


def money(wan):
    """An amount in 10,000 RMB as Chinese text."""
    if wan >= 10000:
        return "%d.%02d 亿元" % (wan // 10000, (wan % 10000) // 100)
    return "%d 万元" % wan


def theme_weight(th, focus=()):
    w = 14 if th["cluster"] in ("K01", "K02") else 10
    return w * (3 if th["cluster"] in focus else 1)


def publisher_for(th, scene, code):
    pubs = [p for p in th["pubs"] if ("地铁" not in p or code in vocab.METRO_CITIES)
            and (code not in vocab.INLAND or not ("港" in p or "海" in p))] or th["pubs"]
    return fit(pubs, scene)


# ---------------------------------------------------------------- events
events = []
for i, (held, code, topic, focus) in enumerate(vocab.EVENTS, start=1):
    city = CITY[code][1]
    name = "%s年广东省新技术新产品应用场景供需对接会（第%s场·%s·%s）" % (held[:4], CN_NUM[i - 1], city, topic)
    events.append(dict(event_id=i, name=name, city=city, region_code=code, held_on=d(held), focus=focus))

# ---------------------------------------------------------------- opportunities
opps = []
seen_titles = set()
for ev, count in zip(events, vocab.EVENT_OPPS):
    weights = [theme_weight(th, ev["focus"]) for th in vocab.THEMES]
    for _ in range(count):
        while True:
            th = R.weighted(vocab.THEMES, weights)
            code = ev["region_code"] if R.chance(400) else R.weighted(CITY_CODES, CITY_W)
            city = CITY[code][1]
            district = R.choice(CITY[code][3])
            scene = R.choice(th["scenes"])
            key = (scene, code)
            if th.get("rural") and (code == "440300" or district in vocab.URBAN_CORE):
                continue
            if code in vocab.INLAND and ("海" in scene or "港" in scene):
                continue
            if key not in seen_titles:
                seen_titles.add(key)
                break
        first = R.chance(300 if th["trl"][0] >= 6 else 450)
        trl = R.randint(*th["trl"])
        if first and trl > 5:
            trl -= 1
        released = ev["held_on"] - days(R.choice([0, 0, 0, 3, 7, 10, 14, 21]))
        mult = R.weighted([30, 50, 70, 100, 140, 200, 300], [1, 2, 3, 4, 3, 2, 1])
        raw = th["amt"] * mult * (85 + R.below(31))  # * 1/10000 later: exact ints
        opps.append(dict(th=th, event=ev, region_code=code, city=city, district=district, scene=scene,
                         first_trial=first, trl_required=trl, released_on=released,
                         deadline=released + days(R.choice([30, 45, 60, 60, 90, 120])), raw=raw,
                         publisher=fill(publisher_for(th, scene, code), city=city, district=district, brand=brand())))

# Investment: scale the drawn amounts to the programme total, in whole
# 10,000 RMB (largest remainder, so the total is exact).
raw_total = sum(o["raw"] for o in opps)
shares = [(o["raw"] * TOTAL_INVESTMENT_WAN, o) for o in opps]
for s, o in shares:
    o["wan"] = max(s // raw_total, 10)
rest = TOTAL_INVESTMENT_WAN - sum(o["wan"] for o in opps)
for _, o in sorted(shares, key=lambda t: -(t[0] % raw_total))[:rest]:
    o["wan"] += 1
assert sum(o["wan"] for o in opps) == TOTAL_INVESTMENT_WAN

# Stage: the oldest opportunities (with some luck) have gone furthest.
order = sorted(range(len(opps)), key=lambda i: -(AS_OF - opps[i]["released_on"]).days * (40 + R.below(121)))
pos = 0
for stage, n in STAGE_QUOTA:
    for i in order[pos:pos + n]:
        opps[i]["stage"] = stage
    pos += n
STEPS = ["released", "matched", "signed", "operating"]
for o in opps:
    k = STEPS.index(o["stage"])
    want = [R.randint(20, 90), R.randint(20, 120), R.randint(30, 240)][:k]
    room = (AS_OF - o["released_on"]).days - 1
    if sum(want) > room:
        want = [max(1, w * room // sum(want)) for w in want]
    on = o["released_on"]
    o["changes"] = [("released", on)]
    for st, w in zip(STEPS[1:], want):
        on = on + days(w)
        o["changes"].append((st, on))
    assert on <= AS_OF
    o["stage_on"] = dict(o["changes"])

# Chronological ids.
opps.sort(key=lambda o: (o["released_on"], o["event"]["event_id"], o["raw"]))
for i, o in enumerate(opps, start=1):
    o["opp_id"] = i

TITLE_PATTERNS = ["{city}{district}{scene}项目", "{city}市{scene}应用场景", "{scene}场景建设（{city}{district}）",
                  "{city}{district}{scene}示范工程", "{city}市{scene}场景机会"]
for o in opps:
    th = o["th"]
    pat = "{scene}首试首用场景（{city}{district}）" if o["first_trial"] and R.chance(400) else R.choice(TITLE_PATTERNS)
    o["title"] = spaced(pat.format(city=o["city"], district=o["district"], scene=o["scene"])).replace("应用应用", "应用").replace("建设场景建设", "建设场景")
    kws = R.sample(th["kw"], 4)
    reqs = R.sample(th["reqs"], 2)
    opener = R.choice(vocab.DEMAND_OPENERS).format(need=fit(th["needs"], o["scene"]))
    use = o["scene"] if o["scene"].endswith("应用") else o["scene"] + "应用"
    parts = ["%s%s，拟在%s%s开展%s。" % (o["publisher"], opener, o["city"], o["district"], use)]
    if R.chance(500):
        parts.append("建设内容包括%s、%s和%s，兼顾%s。" % tuple(kws))
    else:
        parts.append("需求方向：%s、%s、%s；可选方向：%s。" % tuple(kws))
    parts.append("要求%s，%s，技术成熟度不低于 TRL %d。" % (fill(reqs[0]), fill(reqs[1]), o["trl_required"]))
    parts.append("项目计划投资约%s，%s。" % (money(o["wan"]), R.choice(vocab.DEMAND_FUNDS)))
    if o["first_trial"]:
        parts.append("本场景面向新技术新产品首试首用，欢迎尚未规模化应用的创新产品参与。")
    parts.append("征集截止日期：%d年%d月%d日。" % (o["deadline"].year, o["deadline"].month, o["deadline"].day))
    o["description"] = "".join(parts)

# ---------------------------------------------------------------- suppliers
AREA_OF = {c: a for a, cs in vocab.AREAS.items() for c in cs}
EN_BRANDS = ["SkyLink", "AeroMax", "RoboX", "DeepEye", "NovaBot", "GridOne", "Orbita", "Lumina", "Cobotix",
             "VisionPro", "HydroGen", "BayTech", "Kite", "Pilot", "Matrix"]
suppliers = {}
for kind in vocab.FIRM_KIND:
    names = []
    while len(names) < 22:
        home = R.weighted(CITY_CODES, [w * w for w in CITY_W])
        name = CITY[home][1] + brand() + R.choice(vocab.FIRM_KIND[kind])
        if name not in [n for n, _ in names]:
            names.append((name, home))
    suppliers[kind] = names


def regions_for(home, must=None):
    r = R.below(100)
    if r < 25:
        regs = set(CITY_CODES)
    elif r < 60:
        regs = set(vocab.AREAS[AREA_OF.get(home, "pearl")]) | {home}
    else:
        regs = {home} | set(R.sample(CITY_CODES, R.randint(1, 3)))
    if must:
        regs.add(must)
    return sorted(regs)


def make_offering(th, trl_min=None, must_region=None, price_cap=None, scene=None):
    name, home = R.choice(suppliers[th["firm"]])
    product = fit(th["products"], scene) if scene else R.choice(th["products"])
    style = R.below(100)
    if style < 35:
        title = product
    elif style < 65:
        title = spaced(brand() + product)
    elif style < 80:
        title = "%s %s%d %s" % (R.choice(EN_BRANDS), R.choice("XTMSP"), R.randint(1, 9) * 10, product)
    else:
        title = "%s（%s）" % (product, R.choice([e for e in th["en"] if e not in product] or th["en"]))
    kws = R.sample(th["kw"], 3)
    specs = R.sample(th["specs"], 2)
    first = scene or fit(th["scenes"], product)
    scenes = [first, R.choice([sc for sc in th["scenes"] if sc != first])]
    c1, c2 = R.sample(CITY_CODES, 2)
    ref = fill(R.choice(vocab.SUPPLY_REFS), city=CITY[c1][1], city2=CITY[c2][1])
    if R.chance(500):
        text = "%s自主研发的%s，集成%s、%s与%s，%s，%s。适用于%s、%s等场景，%s。" % (
            name, product, kws[0], kws[1], kws[2], fill(specs[0]), fill(specs[1]), scenes[0], scenes[1], ref)
    else:
        text = "面向%s等场景，%s提供%s一体化解决方案：%s、%s、%s；%s。%s。" % (
            scenes[0], name, product, kws[0], kws[1], kws[2], fill(specs[0]), ref)
    if R.chance(300):
        en = R.sample(th["en"], min(2, len(th["en"])))
        text += " Key features: %s." % ", ".join(en) if len(en) > 1 else " Supports %s." % en[0]
    lo, hi = th["price"]
    price = R.randint(lo, hi)
    if price_cap is not None:
        price = max(1, min(price, price_cap))
    trl = R.weighted([4, 5, 6, 7, 8, 9], [1, 2, 4, 6, 6, 5])
    if trl_min is not None and trl < trl_min:
        trl = R.randint(trl_min, 9)
    return dict(th=th, title=title, description=text, supplier=name,
                price_wan=None if (trl_min is None and R.chance(60)) else price,
                trl=trl, regions=regions_for(home, must_region))


# Each opportunity that found a partner was matched with an offering that
# fits it: same theme, mature enough, serving its city, affordable, out before
# the match.
offers = []
for o in opps:
    if o["stage"] == "released":
        o["offer"] = None
        continue
    of = make_offering(o["th"], trl_min=o["trl_required"], must_region=o["region_code"], scene=o["scene"],
                       price_cap=o["wan"] * 8 // 10)
    of["available_on"] = max(o["stage_on"]["matched"] - days(R.randint(30, 400)), d("2021-06-01"))
    of["dedicated"] = True
    o["offer"] = of
    offers.append(of)
plain_w = [theme_weight(th) for th in vocab.THEMES]
while len(offers) < N_OFFERINGS:
    of = make_offering(R.weighted(vocab.THEMES, plain_w))
    of["available_on"] = None
    of["dedicated"] = False
    offers.append(of)

# ---------------------------------------------------------------- first uses
uses = []
for o in opps:
    if o["first_trial"] and o["stage"] == "operating":
        uses.append(dict(offer=o["offer"], opp=o, used_on=o["stage_on"]["operating"], region_code=o["region_code"]))
free = [of for of in offers if not of["dedicated"]]
R.shuffle(free)
for year, n in sorted(FIRST_USES.items()):
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), AS_OF)
    have = sum(1 for u in uses if u["used_on"].year == year)
    for _ in range(n - have):
        of = free.pop()
        on = start + days(R.below((end - start).days + 1))
        of["available_on"] = max(on - days(R.randint(0, 365)), d("2021-06-01"))
        uses.append(dict(offer=of, opp=None, used_on=on, region_code=R.choice(of["regions"])))
for of in free:  # not used yet: some are still to come
    of["available_on"] = d("2022-01-01") + days(R.below((d("2026-06-30") - d("2022-01-01")).days + 1))
uses.sort(key=lambda u: (u["used_on"], u["region_code"], u["offer"]["title"]))
for i, u in enumerate(uses, start=1):
    u["use_id"] = i

R.shuffle(offers)
for i, of in enumerate(offers, start=1):
    of["offer_id"] = i

# ---------------------------------------------------------------- typical cases
operating = [o for o in opps if o["stage"] == "operating"]
cases = []
for want_first, n in ((True, N_CASES_FIRST), (False, N_CASES - N_CASES_FIRST)):
    pool = [o for o in operating if o["first_trial"] == want_first]
    R.shuffle(pool)
    used_themes = set()  # distinct themes first, then any
    picked = []
    for o in pool:
        if o["th"]["key"] not in used_themes and len(picked) < n:
            picked.append(o)
            used_themes.add(o["th"]["key"])
    for o in pool:
        if len(picked) < n and o not in picked:
            picked.append(o)
    assert len(picked) == n, "not enough operating opportunities for the cases"
    cases += picked
cases.sort(key=lambda o: (o["stage_on"]["operating"], o["opp_id"]))
case_rows = []
for i, o in enumerate(cases, start=1):
    kind = "首试首用典型案例" if o["first_trial"] else "应用场景典型案例"
    if o["scene"].endswith("应用") and not o["first_trial"]:
        kind = "场景典型案例"
    case_rows.append((i, o["opp_id"], o["offer"]["offer_id"], spaced("%s%s%s" % (o["city"], o["scene"], kind)),
                      o["first_trial"], o["stage_on"]["operating"].year))

# ---------------------------------------------------------------- SQL
# UTF-8 whatever the locale; quiet when the reader goes away (| head).
signal.signal(signal.SIGPIPE, signal.SIG_DFL)
out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="\n")


def lit(v):
    """A value in COPY text format."""
    if v is None:
        return r"\N"
    if isinstance(v, bool):
        return "t" if v else "f"
    if isinstance(v, list):
        return "{" + ",".join(v) + "}"
    s = str(v)
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def copy(table, cols, rows):
    out.write("COPY programme.%s (%s) FROM stdin;\n" % (table, ", ".join(cols)))
    for r in rows:
        out.write("\t".join(lit(v) for v in r) + "\n")
    out.write("\\.\n\n")


def yuan(wan):
    return None if wan is None else "%d.00" % (wan * 10000)


out.write("""-- Generated by demo/generate.py (seed %d, data as of %s). Do not edit:
-- change the generator and run it again.
SET client_encoding = 'UTF8';
SET client_min_messages = warning;
SET datestyle = 'ISO, YMD';
BEGIN;
DROP SCHEMA IF EXISTS programme CASCADE;
CREATE SCHEMA programme;
COMMENT ON SCHEMA programme IS 'demo programme: a synthetic Guangdong application-scenario programme (demo/generate.py)';

CREATE TABLE programme.about (
    as_of     date NOT NULL,
    seed      bigint NOT NULL,
    generator text NOT NULL
);
COMMENT ON TABLE programme.about IS 'one row: the day the demo data is a snapshot of, and how it was made';

CREATE TABLE programme.cluster (
    code    sector PRIMARY KEY,
    grp     text NOT NULL CHECK (grp IN ('pillar', 'emerging', 'future', 'priority')),
    name_zh text NOT NULL,
    name_en text NOT NULL
);
COMMENT ON TABLE programme.cluster IS 'Guangdong clusters and priority sectors (data/gd_clusters), with their programme codes gd:P01..gd:K02';

CREATE TABLE programme.event (
    event_id    int PRIMARY KEY,
    name        text NOT NULL,
    city        text NOT NULL,
    region_code text NOT NULL,
    held_on     date NOT NULL
);
COMMENT ON TABLE programme.event IS 'supply-demand matching events';
COMMENT ON COLUMN programme.event.region_code IS 'GB/T 2260 code of the city';

CREATE TABLE programme.offering (
    offer_id     int PRIMARY KEY,
    title        text NOT NULL,
    description  text NOT NULL,
    supplier     text NOT NULL,
    price        numeric(14,2) CHECK (price > 0),
    trl          smallint NOT NULL CHECK (trl BETWEEN 1 AND 9),
    regions      text[] NOT NULL,
    available_on date NOT NULL,
    sector       sector NOT NULL,
    cluster      sector NOT NULL
);
COMMENT ON TABLE programme.offering IS 'supply: new technologies and products on offer';
COMMENT ON COLUMN programme.offering.price IS 'RMB; NULL when the price is negotiable';
COMMENT ON COLUMN programme.offering.trl IS 'technology readiness level 1-9';
COMMENT ON COLUMN programme.offering.regions IS 'GB/T 2260 codes of the cities served';
COMMENT ON COLUMN programme.offering.sector IS 'GB/T 4754-2017 class, canonical text gbt4754:<letter><4 digits>';
COMMENT ON COLUMN programme.offering.cluster IS 'Guangdong cluster or priority sector, gd:<P|E|F|K><2 digits>';

CREATE TABLE programme.opportunity (
    opp_id       int PRIMARY KEY,
    title        text NOT NULL,
    description  text NOT NULL,
    publisher    text NOT NULL,
    city         text NOT NULL,
    region_code  text NOT NULL,
    sector       sector NOT NULL,
    cluster      sector NOT NULL,
    investment   numeric(14,2) NOT NULL CHECK (investment > 0),
    trl_required smallint NOT NULL CHECK (trl_required BETWEEN 1 AND 9),
    released_on  date NOT NULL,
    deadline     date NOT NULL CHECK (deadline > released_on),
    event_id     int NOT NULL REFERENCES programme.event,
    stage        text NOT NULL CHECK (stage IN ('released', 'matched', 'signed', 'operating')),
    first_trial  bool NOT NULL,
    offer_id     int REFERENCES programme.offering,
    CHECK ((stage = 'released') = (offer_id IS NULL))
);
COMMENT ON TABLE programme.opportunity IS 'demand: scenario opportunities released at the events';
COMMENT ON COLUMN programme.opportunity.investment IS 'planned investment, RMB';
COMMENT ON COLUMN programme.opportunity.trl_required IS 'technology readiness level required, 1-9';
COMMENT ON COLUMN programme.opportunity.first_trial IS 'open to first trial and first use of a new technology or product';
COMMENT ON COLUMN programme.opportunity.offer_id IS 'the offering it was matched with (stage matched or later)';
COMMENT ON COLUMN programme.opportunity.sector IS 'GB/T 4754-2017 class, canonical text gbt4754:<letter><4 digits>';
COMMENT ON COLUMN programme.opportunity.cluster IS 'Guangdong cluster or priority sector, gd:<P|E|F|K><2 digits>';

CREATE TABLE programme.stage_change (
    opp_id     int NOT NULL REFERENCES programme.opportunity,
    stage      text NOT NULL CHECK (stage IN ('released', 'matched', 'signed', 'operating')),
    changed_on date NOT NULL,
    PRIMARY KEY (opp_id, stage)
);
COMMENT ON TABLE programme.stage_change IS 'when each opportunity reached each stage';

CREATE TABLE programme.typical_case (
    case_id     int PRIMARY KEY,
    opp_id      int NOT NULL REFERENCES programme.opportunity,
    offer_id    int NOT NULL REFERENCES programme.offering,
    title       text NOT NULL,
    first_trial bool NOT NULL,
    year        int NOT NULL
);
COMMENT ON TABLE programme.typical_case IS 'typical cases selected by the programme';

CREATE TABLE programme.pilot_zone (
    zone_id       int PRIMARY KEY,
    name          text NOT NULL,
    city          text NOT NULL,
    district      text NOT NULL,
    region_code   text NOT NULL,
    designated_on date NOT NULL
);
COMMENT ON TABLE programme.pilot_zone IS 'characteristic pilot zones designated so far (target: at least 10 by 2027)';

CREATE TABLE programme.first_use (
    use_id      int PRIMARY KEY,
    offer_id    int NOT NULL UNIQUE REFERENCES programme.offering,
    opp_id      int REFERENCES programme.opportunity,
    region_code text NOT NULL,
    used_on     date NOT NULL
);
COMMENT ON TABLE programme.first_use IS 'first uses of new technologies and products (target: over 100 a year)';
COMMENT ON COLUMN programme.first_use.opp_id IS 'the opportunity it was first used in, when it came through the programme';

""" % (SEED, AS_OF))

copy("about", ["as_of", "seed", "generator"], [(AS_OF, SEED, "demo/generate.py")])
copy("cluster", ["code", "grp", "name_zh", "name_en"], CLUSTERS)
copy("event", ["event_id", "name", "city", "region_code", "held_on"],
     [(e["event_id"], e["name"], e["city"], e["region_code"], e["held_on"]) for e in events])
copy("offering", ["offer_id", "title", "description", "supplier", "price", "trl", "regions", "available_on",
                  "sector", "cluster"],
     [(f["offer_id"], f["title"], f["description"], f["supplier"], yuan(f["price_wan"]), f["trl"], f["regions"],
       f["available_on"], f["th"]["ssector"], f["th"]["gd"]) for f in sorted(offers, key=lambda f: f["offer_id"])])
copy("opportunity", ["opp_id", "title", "description", "publisher", "city", "region_code", "sector", "cluster",
                     "investment", "trl_required", "released_on", "deadline", "event_id", "stage", "first_trial",
                     "offer_id"],
     [(o["opp_id"], o["title"], o["description"], o["publisher"], o["city"], o["region_code"], o["th"]["sector"],
       o["th"]["gd"], yuan(o["wan"]), o["trl_required"], o["released_on"], o["deadline"], o["event"]["event_id"],
       o["stage"], o["first_trial"], o["offer"]["offer_id"] if o["offer"] else None) for o in opps])
copy("stage_change", ["opp_id", "stage", "changed_on"],
     [(o["opp_id"], st, on) for o in opps for st, on in o["changes"]])
copy("typical_case", ["case_id", "opp_id", "offer_id", "title", "first_trial", "year"], case_rows)
copy("pilot_zone", ["zone_id", "name", "city", "district", "region_code", "designated_on"],
     [(i, name, CITY[code][1], district, code, d(on))
      for i, (on, code, district, name) in enumerate(vocab.PILOT_ZONES, start=1)])
copy("first_use", ["use_id", "offer_id", "opp_id", "region_code", "used_on"],
     [(u["use_id"], u["offer"]["offer_id"], u["opp"]["opp_id"] if u["opp"] else None, u["region_code"], u["used_on"])
      for u in uses])
out.write("CREATE INDEX ON programme.opportunity (sector);\nCREATE INDEX ON programme.offering (sector);\n")
out.write("COMMIT;\nANALYZE programme.opportunity, programme.offering, programme.first_use, programme.stage_change;\n")
out.flush()
