#!/usr/bin/env python3
"""gen_dict.py: the shipped rows of scenario.sector_keyword, as SQL.

Usage: gen_dict.py <repo root> > src/dict_seed.sql

Standard library only, deterministic output.  Sources:
  data/gbt4754_2017/gbt4754_2017.csv   names and explanatory notes (GB/T 4754-2017)
  src/dict_curated.csv                 the curated list of the priority sectors

Terms of GB/T 4754 (the method, also in docs/dict.md):
  1. every code's name (weight 1), and its core: the name without a leading
     其他/其他未列明 and a trailing 制造业/制造/生产/加工/服务/活动/业 (weight 1);
     names are also split on 、 and the pieces taken the same way;
  2. notes (weight 0.5): cut into clauses at 。；, drop a clause from
     不包括/不含/除外 on (exclusions name other classes), cut the rest at
     punctuation and at the conjunctions 及 以及 及其 或 和 与 等; a piece
     with 的 keeps its head noun (what follows the last 的); leading verbs and
     fillers (指 包括 用于 各种 ...) and trailing 等/制造/生产/活动 are
     stripped; a piece is dropped when it reads like a clause (进行, 采用,
     用于, 具有 ..., or an inner 等), and kept when it has 3 to 8 characters with a Chinese
     one (two characters are mostly general words) or is a Latin word of 3+
     letters, and is not a generic word (产品, 设备, 零部件 ...);
  3. a note term found in the notes of more than 3 classes is dropped as
     too general to tell classes apart (document frequency filter), and a
     term is not repeated for a code that already has it as a name.
"""
import csv
import os
import re
import sys

MAX_NOTE_DF = 3
MIN_CHARS, MAX_CHARS = 2, 8

NAME_PREFIXES = ("其他未列明", "其他")
NAME_SUFFIXES = ("制造业", "制造", "生产", "加工", "服务", "活动", "业")

LEAD = ("也包括", "还包括", "包括", "主要指", "专指", "是指", "指", "主要", "专门", "以", "对", "为",
        "如", "即", "从事", "用于", "利用", "通过", "各种", "各类", "其他", "其它", "一切", "所有",
        "进行", "提供", "开展", "经营", "将", "由", "经", "按", "并有", "并且", "并", "具有", "包含",
        "具备", "融合了", "配以", "附有", "仅对", "仅", "采用", "属于", "作为", "供", "把", "在", "从",
        "向", "其", "他")
TRAIL = ("等活动", "等服务", "的制造", "的生产", "的加工", "制造", "生产", "加工", "活动", "等",
         "的", "类", "业")
GENERIC = set("""产品 设备 零部件 部件 零件 配件 材料 制品 原料 装置 器具 器材 用品 工具 机械 仪器 系统
服务 活动 生产 制造 加工 管理 技术 行业 企业 单位 机构 项目 工程 业务 相关 其他 各种 组织 专用设备
相关产品 附件 配套 专用 一般 主要 以上 以下 工作 使用 用途 方式 场所 有关""".split())
EXCLUDE = re.compile(r"(不包括|不含|除外|但不|包括在)")
SPLIT = re.compile(r"[，、,：:（）()“”\"《》/〔〕\[\]；;。.]|以及|及其他|及其|及|或者|或|和|与")
VERBY = re.compile(r"(进行|制成|采用|用于|属于|具有|可以|能够|以上|以下|为主|为核心|一定|总称|主要|通过)")
HAS_CJK = re.compile(r"[\u3400-\u9fff]")
LATIN_WORD = re.compile(r"[A-Za-z]{3,}")
BAD = re.compile(r"(门类|大类|中类|小类|[～~0-9０-９]{2,})")


def sql_str(s):
    return "'" + s.replace("'", "''") + "'"


def gbt_code(row):
    return "gbt4754:" + (row["code"] if row["level"] == "1" else row["section"] + row["code"])


def strip_affixes(term, prefixes, suffixes):
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if term.startswith(p) and len(term) > len(p):
                term, changed = term[len(p):], True
        for s in suffixes:
            if term.endswith(s) and len(term) > len(s):
                term, changed = term[:-len(s)], True
    return term


def acceptable(term, min_chars=MIN_CHARS):
    n = len(term)
    if n < min_chars or n > MAX_CHARS or term in GENERIC or BAD.search(term):
        return False
    return bool(HAS_CJK.search(term) or LATIN_WORD.search(term))


def name_terms(name):
    out = [name]
    pieces = [name] + [p for p in re.split(r"[、，,]", name) if p != name]
    for p in pieces:
        core = strip_affixes(p, NAME_PREFIXES, NAME_SUFFIXES)
        if p != name:
            out.append(p)
        out.append(core)
    seen, res = set(), []
    for t in out:
        t = t.strip()
        if t and t not in seen and (t == name or acceptable(t)):
            seen.add(t)
            res.append(t)
    return res


def note_terms(note):
    terms = []
    for clause in re.split(r"[。；;]", note):
        m = EXCLUDE.search(clause)
        if m:
            clause = clause[:m.start()]
        for piece in SPLIT.split(clause):
            piece = piece.strip()
            if "的" in piece:
                piece = piece[piece.rindex("的") + 1:]
            piece = strip_affixes(piece, LEAD, TRAIL)
            if VERBY.search(piece) or ("等" in piece.replace("等离子", "")) or "％" in piece:
                continue
            # two Chinese characters are mostly a general word in notes
            if (acceptable(piece, 3) or (LATIN_WORD.fullmatch(piece) and acceptable(piece))) \
                    and piece not in terms:
                terms.append(piece)
    return terms


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    rows = []           # (sector, keyword, weight, lang)
    with open(os.path.join(root, "data", "gbt4754_2017", "gbt4754_2017.csv"), encoding="utf-8") as f:
        cat = list(csv.DictReader(f))
    names = {}
    for r in cat:
        code = gbt_code(r)
        names[code] = set(name_terms(r["name"]))
        for t in sorted(names[code], key=lambda t: (len(t), t)):
            rows.append((code, t, "1", "zh"))
    notes = {}
    df = {}
    for r in cat:
        if r["description"]:
            code = gbt_code(r)
            notes[code] = [t for t in note_terms(r["description"]) if t not in names[code]]
            for t in set(notes[code]):
                df[t] = df.get(t, 0) + 1
    for code in sorted(notes):
        for t in notes[code]:
            if df[t] <= MAX_NOTE_DF:
                rows.append((code, t, "0.5", "en" if not HAS_CJK.search(t) else "zh"))
    with open(os.path.join(root, "src", "dict_curated.csv"), encoding="utf-8") as f:
        lines = [l for l in f if not l.startswith("#")]
    for r in csv.DictReader(lines):
        kw = r["keyword"].strip()
        rows.append(("gd:" + r["gd"], kw, r["weight"], r["lang"]))
        rows.append(("gbt4754:" + r["gbt4754"], kw, r["weight"], r["lang"]))

    seen = set()
    uniq = []
    for row in rows:
        key = (row[0], row[1])
        if key not in seen:
            seen.add(key)
            uniq.append(row)

    out = sys.stdout
    out.write("-- generated by tools/gen_dict.py from data/gbt4754_2017 and src/dict_curated.csv; do not edit\n")
    out.write("-- %d rows\n" % len(uniq))
    for i in range(0, len(uniq), 500):
        out.write("INSERT INTO @extschema@.sector_keyword (sector, keyword, weight, lang, builtin) VALUES\n")
        out.write(",\n".join("(%s, %s, %s, %s, true)" % (sql_str(s), sql_str(k), w, sql_str(l))
                             for s, k, w, l in uniq[i:i + 500]))
        out.write(";\n")


if __name__ == "__main__":
    main()
