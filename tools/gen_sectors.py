#!/usr/bin/env python3
"""gen_sectors.py: generate src/sector_data.c, the code lists and crosswalks
compiled into the scenario library, from the repo's data/ files and the
project's curated gd files in src/.

    python3 tools/gen_sectors.py [ROOT] > src/sector_data.c
    python3 tools/gen_sectors.py --report [ROOT]   # what the crosswalks left out

Standard library only.  The generator encodes every code into its 64-bit
value itself and writes sorted constant arrays, so a backend reads them in
place and parses nothing when the library loads.  The bit layout is
written once, in src/sector_code.h (taxonomy ids in src/sector.h): this
script reads it from there, as PostgreSQL's genbki.pl reads catalog
headers.  How a code's characters become slot numbers is written here and
in src/sector_parse.c; the tests check that the two agree on every code
(the library prints each value as the text written here, and parses that
text back to the value).
"""
import csv
import glob
import os
import re
import sys
from collections import OrderedDict

GD_GROUPS = OrderedDict([("pillar", "P"), ("emerging", "E"), ("future", "F"), ("priority", "K")])
NAICS_RANGES = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45",
                "48": "48-49", "49": "48-49"}
ORIGIN_NAICS = "census-naics2017-isic4"
ORIGIN_GD = "scenario-gd-gbt4754"
ORIGIN_GBT_ISIC = "scenario-gbt4754-isic4"
ORIGIN_SEI = "scenario-sei2018-gbt4754"
# every shipped origin, in the order sector_data_link_origin counts them, and
# whether matching (sector_crosswalk_targets) follows its links: the
# comparison crosswalks added in 0.2.0 serve sector_map only, so the
# crosswalk targets stored in match profiles stay what 0.1.0 computed
ORIGINS = [(ORIGIN_NAICS, True), (ORIGIN_GD, True), (ORIGIN_GBT_ISIC, False), (ORIGIN_SEI, False)]


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    return list(csv.DictReader(lines))


def clean(s):
    s = (s or "").strip()
    return s or None


class Data:
    def __init__(self, root):
        d = lambda *p: os.path.join(root, *p)
        self.entries = []          # (code, zh, en, notes)
        self.links = []            # (source, target, partial, origin)
        self.report = []
        self.gbt(d("data", "gbt4754_2017", "gbt4754_2017.csv"))
        self.sei(d("data", "sei2018_top2", "sei2018_level1_2.csv"))
        self.gd(d("data", "gd_clusters", "gd_clusters.csv"), d("src", "sector_gd_subsectors.csv"))
        self.isic(d("data", "isic_naics_concordance", "isic_rev4_structure.csv"))
        self.naics(d("data", "naics2022", "naics2022_structure.csv"))
        self.naics_isic(d("data", "isic_naics_concordance", "naics2017_to_isic4.csv"))
        self.gd_gbt(d("src", "sector_gd_gbt4754.csv"))
        self.gbt_isic(sorted(glob.glob(d("data", "scenario_vocab", "links_*.csv"))))
        self.sei_gbt(d("data", "sei2018_gbt4754", "sei2018_gbt4754.csv"))

    # --- taxonomies -------------------------------------------------------
    def gbt(self, path):
        self.gbt_codes = {}
        for r in rows(path):
            code = r["code"] if r["level"] == "1" else r["section"] + r["code"]
            self.gbt_codes[code] = True
            self.entries.append(("gbt4754:" + code, clean(r["name"]), None, clean(r["description"])))

    def sei(self, path):
        self.sei_codes = set()
        for r in rows(path):
            self.sei_codes.add(r["sei_code"])
            self.entries.append(("sei2018:" + r["sei_code"], clean(r["name"]), None, None))

    def gd(self, path, subpath):
        self.gd_codes = set()
        seen = set()
        subs = rows(subpath)
        for r in rows(path):
            g = GD_GROUPS[r["group"]]
            if g not in seen:
                seen.add(g)
                self.entries.append(("gd:" + g, r["group_name_zh"], r["group_name_en"], None))
                self.gd_codes.add(g)
            code = "%s%02d" % (g, int(r["seq"]))
            self.entries.append(("gd:" + code, r["name_zh"], r["name_en"], None))
            self.gd_codes.add(code)
            for s in subs:
                if s["code"][:3] == code:
                    self.entries.append(("gd:" + s["code"], s["name_zh"], s["name_en"],
                                         "project-defined sub-sector: " + s["notes"]))
                    self.gd_codes.add(s["code"])

    def isic(self, path):
        self.isic_desc = {}
        self.isic_section = {}
        section = None
        for r in rows(path):
            code, desc = r["Code"].strip(), r["Description"].strip()
            if len(code) == 1:
                section = code
                lettered = code
            else:
                self.isic_section[code[:2]] = section
                lettered = self.isic_section[code[:2]] + code
            self.isic_desc[code] = desc
            self.entries.append(("isic4:" + lettered, None, desc, None))

    def isic_lettered(self, code):
        return code if len(code) == 1 else self.isic_section[code[:2]] + code

    def naics(self, path):
        self.naics_codes = {}
        done = set()
        for r in rows(path):
            code = r["code"]
            if len(code) == 2 and code in NAICS_RANGES:
                code = NAICS_RANGES[code]
                if code in done:
                    continue
            done.add(code)
            self.naics_codes[code] = r["title"].strip()
            self.entries.append(("naics2022:" + code, None, r["title"].strip(), None))

    # --- crosswalks --------------------------------------------------------
    def naics_isic(self, path):
        pairs = OrderedDict()
        dropped, titles_changed, resolved = set(), set(), []
        for r in rows(path):
            n = r["naics2017"].strip()
            if n == "0":
                self.report.append("ISIC %s links to 'multiple NAICS industries' (code 0): not mapped"
                                   % r["isic4"].strip())
                continue
            if n not in self.naics_codes:
                dropped.add(n)
                continue
            if self.naics_codes[n].lower() != r["naics2017_title"].strip().lower():
                titles_changed.add(n)
            raw, title = r["isic4"].strip(), r["isic4_title"].strip()
            cands = [raw.zfill(k) for k in (4, 3, 2) if len(raw) <= k]
            match = [c for c in cands if self.isic_desc.get(c) == title]
            code = match[0] if match else next(c for c in cands if c in self.isic_desc)
            if code != raw:
                resolved.append("%s->%s" % (raw, code))
            key = (n, code)
            p_n, p_i = r["part_of_naics"].strip() == "*", r["part_of_isic"].strip() == "*"
            if key in pairs:   # the same pair split by notes: partial in both
                p_n, p_i = True, True
            pairs[key] = (p_n, p_i)
        for (n, i), (p_n, p_i) in pairs.items():
            src, tgt = "naics2022:" + n, "isic4:" + self.isic_lettered(i)
            self.links.append((src, tgt, p_n, ORIGIN_NAICS))
            self.links.append((tgt, src, p_i, ORIGIN_NAICS))
        self.report.append("NAICS 2017 codes of the concordance absent from NAICS 2022 (%d): %s"
                           % (len(dropped), " ".join(sorted(dropped))))
        self.report.append("kept NAICS codes whose 2022 title differs from 2017 (%d): %s"
                           % (len(titles_changed), " ".join(sorted(titles_changed))))
        self.report.append("NAICS-ISIC pairs kept: %d; ISIC codes restored from the title: %s"
                           % (len(pairs), " ".join(sorted(set(x for x in resolved if len(x.split('->')[1]) < 4)))))

    def gd_gbt(self, path):
        fwd = OrderedDict()       # gd -> {gbt: share_full}
        for r in rows(path):
            g, c, full = r["gd"], r["gbt4754"], r["share"] == "full"
            if r["share"] not in ("full", "part"):
                raise SystemExit("gen_sectors: bad share %r" % r["share"])
            if g not in self.gd_codes or c not in self.gbt_codes:
                raise SystemExit("gen_sectors: unknown code in gd mapping: %s %s" % (g, c))
            fwd.setdefault(g, OrderedDict())[c] = full
        # a priority sector covers what its sub-sectors cover
        for g in list(fwd):
            if len(g) == 5:
                for c, full in fwd[g].items():
                    fwd.setdefault(g[:3], OrderedDict()).setdefault(c, full)
        for g, targets in fwd.items():
            for c in targets:
                self.links.append(("gd:" + g, "gbt4754:" + c, len(targets) > 1, ORIGIN_GD))
        # reverse: each GB/T code also carries the links of its ancestors,
        # because sector_map stops at the nearest code that has links
        rev = OrderedDict()
        for g, targets in fwd.items():
            if len(g) == 3 and any(len(x) == 5 and x[:3] == g for x in fwd):
                continue   # K01/K02: their sub-sectors are the precise targets
            for c, full in targets.items():
                rev.setdefault(c, OrderedDict())[g] = full
        def ancestors(c):
            return [c[:k] for k in (4, 3, 1) if k < len(c)]
        for c in list(rev):
            for a in ancestors(c):
                for g, full in rev.get(a, {}).items():
                    if g not in rev[c]:
                        rev[c][g] = full
        for c, gds in rev.items():
            for g, full in gds.items():
                self.links.append(("gbt4754:" + c, "gd:" + g, not full, ORIGIN_GD))

    def gbt_isic(self, paths):
        """GB/T 4754 classes -> ISIC Rev.4 classes, curated (the rows of
        relation isic4; a '*' after the ISIC code marks a partial link)."""
        fwd = OrderedDict()       # gbt class -> {isic class: starred}
        for path in paths:
            for r in rows(path):
                if r["relation"] != "isic4":
                    continue
                c, i = r["code"], r["target"].rstrip("*")
                if len(c) != 5 or c not in self.gbt_codes:
                    raise SystemExit("gen_sectors: %s: not a GB/T class: %s" % (path, c))
                if len(i) != 4 or i not in self.isic_desc:
                    raise SystemExit("gen_sectors: %s: not an ISIC class: %s" % (path, i))
                if i in fwd.get(c, {}):
                    raise SystemExit("gen_sectors: %s: duplicate link %s %s" % (path, c, i))
                fwd.setdefault(c, OrderedDict())[i] = r["target"].endswith("*")
        missing = [c for c in self.gbt_codes if len(c) == 5 and c not in fwd]
        if missing:
            raise SystemExit("gen_sectors: GB/T classes without an ISIC link: %s" % " ".join(missing))
        self.reverse_partial(fwd, "gbt4754:", "isic4:", ORIGIN_GBT_ISIC, self.isic_lettered)

    def sei_gbt(self, path):
        """SEI 2018 level-2 categories -> GB/T 4754 classes, curated; the
        file's partial (the category covers only part of the class) is the
        partial of the GB/T -> SEI direction."""
        fwd = OrderedDict()       # sei category -> {gbt class: class partly in category}
        for r in rows(path):
            s, c = r["sei"], r["gbt4754"]
            if r["partial"] not in ("t", "f") or s not in self.sei_codes or len(c) != 5 \
                    or c not in self.gbt_codes:
                raise SystemExit("gen_sectors: bad SEI-GB/T row: %r" % r)
            fwd.setdefault(s, OrderedDict())[c] = r["partial"] == "t"
        self.reverse_partial(fwd, "sei2018:", "gbt4754:", ORIGIN_SEI, lambda c: c, rev_marked=True)

    def reverse_partial(self, fwd, src_tax, tgt_tax, origin, lettered, rev_marked=False):
        """Write a class-level crosswalk both ways.  partial means only part
        of the source falls in the target: a code linked to several codes
        of the other taxonomy is split among them, so each of its links is
        partial, whatever the file says; a link the file marks partial stays
        so in the direction the mark speaks of (forward, or the reverse with
        rev_marked)."""
        rev = OrderedDict()
        for a, targets in fwd.items():
            for b, marked in targets.items():
                rev.setdefault(b, OrderedDict())[a] = marked
        for a, targets in fwd.items():
            for b, marked in targets.items():
                p = len(targets) > 1 or (marked and not rev_marked)
                self.links.append((src_tax + a, tgt_tax + lettered(b), p, origin))
        for b, sources in rev.items():
            for a, marked in sources.items():
                p = len(sources) > 1 or (marked and rev_marked)
                self.links.append((tgt_tax + lettered(b), src_tax + a, p, origin))
        self.report.append("%s: %d links each way, %d %s codes linked to %d %s codes"
                           % (origin, sum(len(t) for t in fwd.values()), len(fwd), src_tax[:-1],
                              len(rev), tgt_tax[:-1]))


# --- the encoding ---------------------------------------------------------

class Layout:
    """The bit layout, read from src/sector.h and src/sector_code.h."""

    def __init__(self, root):
        def read(name):
            with open(os.path.join(root, "src", name), encoding="utf-8") as f:
                return f.read()
        public, code = read("sector.h"), read("sector_code.h")
        ids = {m.group(1): int(m.group(2))
               for m in re.finditer(r"^#define\s+SECTOR_TAX_(\w+)\s+(\d+)", public, re.M)}
        self.builtin_shift = int(re.search(r"^#define\s+SECTOR_BUILTIN_SHIFT\s+(\d+)", code, re.M).group(1))
        self.gd_groups = re.search(r'^#define\s+SECTOR_GD_GROUPS\s+"(\w+)"', code, re.M).group(1)
        self.taxonomies = {}   # name -> (id, widths, shifts)
        for m in re.finditer(r'^\s*X\((\w+),\s*"(\w+)",\s*([\d,\s]+)\)', code, re.M):
            widths = [int(x) for x in m.group(3).split(",") if int(x) > 0]
            shifts = [sum(widths[k + 1:]) for k in range(len(widths))]
            self.taxonomies[m.group(2)] = (ids[m.group(1)], widths, shifts)
        if len(self.taxonomies) != ids["NBUILTIN"] or self.gd_groups != "".join(GD_GROUPS.values()):
            raise SystemExit("gen_sectors: cannot read the layout from src/sector_code.h")

    def slots(self, tax, code):
        """Slot numbers of a canonical code, level 1 first (sector_parse.c's rules)."""
        if tax in ("gbt4754", "isic4"):
            out = [ord(code[0]) - ord("A") + 1]
            if len(code) > 1:
                out.append(int(code[1:3]))
            return out + [int(d) + 1 for d in code[3:]]
        if tax == "sei2018":
            return [int(x) for x in code.split(".")]
        if tax == "gd":
            return [self.gd_groups.index(code[0]) + 1] + [int(code[i:i + 2]) for i in range(1, len(code), 2)]
        first = int(NAICS_RANGES.get(code[:2], code[:2])[:2])
        if "-" in code or len(code) == 2:
            return [first]
        return [first, (int(code[:2]) - first) * 10 + int(code[2]) + 1] + [int(d) + 1 for d in code[3:]]

    def encode(self, text):
        tax, code = text.split(":", 1)
        tid, widths, shifts = self.taxonomies[tax]
        slots = self.slots(tax, code)
        v = tid << self.builtin_shift
        if len(slots) > len(widths):
            raise SystemExit("gen_sectors: %s has more levels than its taxonomy" % text)
        for level, n in enumerate(slots):
            if not 0 < n < (1 << widths[level]):
                raise SystemExit("gen_sectors: %s does not fit the layout at level %d" % (text, level + 1))
            v |= n << shifts[level]
        return v


# --- the C file -------------------------------------------------------------

class Pool:
    """Every text once, NUL-terminated, in one char array; texts are offsets."""

    def __init__(self):
        self.offsets, self.size, self.texts = {}, 0, []

    def add(self, s):
        if s is None:
            return "SECTOR_DATA_NONE"
        if s not in self.offsets:
            self.offsets[s] = self.size
            self.texts.append(s)
            self.size += len(s.encode("utf-8")) + 1
        return str(self.offsets[s])


def cstr(s):
    s = s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n")
    return '"' + s.replace("??", "?\\?") + '"'


def int64s(values, per_line=4):
    items = ["INT64CONST(0x%016x)" % v for v in values]
    return "\n".join("\t" + ", ".join(items[i:i + per_line]) + "," for i in range(0, len(items), per_line))


def emit(data, layout, out):
    w = out.write
    pool = Pool()
    entries = sorted((layout.encode(e[0]),) + e for e in data.entries)
    links = sorted((layout.encode(s), layout.encode(t), p, o) for s, t, p, o in data.links)
    for kind, keys in (("code", [e[0] for e in entries]), ("link", [k[:2] for k in links])):
        dup = [k for a, k in zip(keys, keys[1:]) if a == k]
        if dup:
            raise SystemExit("gen_sectors: duplicate %s %r" % (kind, dup[0]))
    texts = ["\t{%s, %s, %s, %s}," % tuple(pool.add(x) for x in e[1:]) for e in entries]
    sections = {"gbt4754": [0] * 100, "isic4": [0] * 100}
    for e in entries:
        tax, code = e[1].split(":", 1)
        if tax in sections and len(code) == 3:
            sections[tax][int(code[1:])] = ord(code[0]) - ord("A") + 1
    origins = [o for o, _ in ORIGINS]

    w("/* Generated by tools/gen_sectors.py from data/ and src/sector_gd_*.csv: do not edit. */\n")
    w('#include "sector_table.h"\n\n')
    w("const int sector_data_ncodes = %d;\n\n" % len(entries))
    w("const int64 sector_data_codes[] = {\n%s\n};\n\n" % int64s([e[0] for e in entries]))
    w("const SectorDataTexts sector_data_texts[] = {\n%s\n};\n\n" % "\n".join(texts))
    w("const int sector_data_nlinks = %d;\n\n" % len(links))
    w("const int64 sector_data_link_source[] = {\n%s\n};\n\n" % int64s([k[0] for k in links]))
    w("const int64 sector_data_link_target[] = {\n%s\n};\n\n" % int64s([k[1] for k in links]))
    w("const bool sector_data_link_partial[] = {\n%s\n};\n\n" % "\n".join(
        "\t" + ", ".join("true" if k[2] else "false" for k in links[i:i + 8]) + ","
        for i in range(0, len(links), 8)))
    w("const uint8 sector_data_link_origin[] = {\n%s\n};\n\n" % "\n".join(
        "\t" + ", ".join(str(origins.index(k[3])) for k in links[i:i + 16]) + ","
        for i in range(0, len(links), 16)))
    w("const char *const sector_data_origins[] = {%s};\n\n" % ", ".join(cstr(o) for o in origins))
    w("const bool sector_data_origin_matching[] = {%s};\n\n" % ", ".join(
        "true" if m else "false" for _, m in ORIGINS))
    for tax, m in sections.items():
        w("const uint8 sector_data_%s_sections[100] = {\n%s\n};\n\n" % (tax, "\n".join(
            "\t" + ", ".join(str(x) for x in m[i:i + 20]) + "," for i in range(0, 100, 20))))
    w("/* %d bytes */\nconst char sector_data_pool[] =\n" % pool.size)
    w("\n".join("\t%s \"\\0\"" % cstr(t) for t in pool.texts) + ";\n")


def main(argv):
    report = "--report" in argv
    args = [a for a in argv if a != "--report"]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    data = Data(root)
    if report:
        print("\n".join(data.report))
    else:
        emit(data, Layout(root), sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
