#!/usr/bin/env python3
"""gen_sectors.py: generate src/sector_data.c, the code lists and crosswalks
compiled into the scenario library, from the repo's data/ files and the
project's curated gd files in src/.

    python3 tools/gen_sectors.py [ROOT] > src/sector_data.c
    python3 tools/gen_sectors.py --report [ROOT]   # what the crosswalks left out

Standard library only.  Codes are written in their canonical text form
(e.g. "gbt4754:C3963"); the library parses them when it loads, so the bit
layout is defined once, in C.
"""
import csv
import os
import sys
from collections import OrderedDict

GD_GROUPS = OrderedDict([("pillar", "P"), ("emerging", "E"), ("future", "F"), ("priority", "K")])
NAICS_RANGES = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45",
                "48": "48-49", "49": "48-49"}
ORIGIN_NAICS = "census-naics2017-isic4"
ORIGIN_GD = "scenario-gd-gbt4754"


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

    # --- taxonomies -------------------------------------------------------
    def gbt(self, path):
        self.gbt_codes = {}
        for r in rows(path):
            code = r["code"] if r["level"] == "1" else r["section"] + r["code"]
            self.gbt_codes[code] = True
            self.entries.append(("gbt4754:" + code, clean(r["name"]), None, clean(r["description"])))

    def sei(self, path):
        for r in rows(path):
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


def cstr(s):
    if s is None:
        return "NULL"
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "").replace("\n", "\\n") + '"'


def emit(data, out):
    w = out.write
    w("/* Generated by tools/gen_sectors.py from data/ and src/sector_gd_*.csv: do not edit. */\n")
    w('#include "sector_internal.h"\n\n')
    w("const SectorBuiltinEntry sector_builtin_entries[] = {\n")
    for code, zh, en, notes in data.entries:
        w("\t{%s, %s, %s, %s},\n" % (cstr(code), cstr(zh), cstr(en), cstr(notes)))
    w("};\nconst int sector_builtin_nentries = %d;\n\n" % len(data.entries))
    origins = [ORIGIN_NAICS, ORIGIN_GD]
    w("const char *const sector_builtin_origins[] = {%s};\n\n" % ", ".join(cstr(o) for o in origins))
    w("const SectorBuiltinLink sector_builtin_links[] = {\n")
    for s, t, p, o in data.links:
        w("\t{%s, %s, %s, %d},\n" % (cstr(s), cstr(t), "true" if p else "false", origins.index(o)))
    w("};\nconst int sector_builtin_nlinks = %d;\n" % len(data.links))


def main(argv):
    report = "--report" in argv
    args = [a for a in argv if a != "--report"]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    data = Data(root)
    if report:
        print("\n".join(data.report))
    else:
        emit(data, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])
