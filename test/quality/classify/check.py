#!/usr/bin/env python3
"""Validate the labelled classification evaluation set (stdlib only).

Usage:
    python3 check.py                 # every *.tsv beside this script
    python3 check.py zh.tsv en.tsv   # the files given
    python3 check.py --csv PATH ...  # another copy of gbt4754_2017.csv

Checks, for every row of every file:
  * the header and 7 tab-separated fields (no tabs/newlines inside fields);
  * id unique across all files, lang zh/en, style and area from the lists;
  * class and each alternative: letter + 4 digits, existing at level 4 in
    the GB/T 4754-2017 CSV with the right section letter; no alternative
    equal to the class or repeated;
  * text length (zh: 15-120 characters, en: 8-40 words; reported, not fatal);
  * the official-name check: no text contains an official GB/T name (any
    level) of 4+ characters as a substring (fatal), and no run of 8+
    characters copied from the notes (reported as a warning).
Then prints coverage per section, manufacturing division, style, area, lang.
Exit status 1 if any error was found.
"""
import csv
import glob
import os
import re
import sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CSV = '/work/main/data/gbt4754_2017/gbt4754_2017.csv'
HEADER = ['id', 'lang', 'style', 'area', 'text', 'class', 'alternatives']
STYLES = {'profile', 'scope', 'procurement', 'scenario', 'product', 'news'}
AREAS = {'', 'low_altitude', 'robotics'}
LANGS = {'zh', 'en'}
CODE_RE = re.compile(r'^([A-T])(\d{4})$')
ID_RE = re.compile(r'^[a-z]\d{3}$')
NOTE_RUN = 8           # characters of a note copied verbatim -> warning
MIN_NAME = 4           # names of at least this many characters are checked


def find_csv(argv):
    if '--csv' in argv:
        i = argv.index('--csv')
        path = argv[i + 1]
        del argv[i:i + 2]
        return path
    for cand in (DEFAULT_CSV,
                 os.path.join(HERE, '..', '..', '..', 'data', 'gbt4754_2017',
                              'gbt4754_2017.csv')):
        if os.path.exists(cand):
            return cand
    sys.exit('gbt4754_2017.csv not found; give --csv PATH')


def load_standard(path):
    rows = list(csv.DictReader(open(path, encoding='utf-8')))
    level4 = {}          # '3741' -> section letter
    names = {}           # name -> code (all levels)
    divisions = {}       # '37' -> name
    sections = OrderedDict()
    notes = []
    for r in rows:
        if r['level'] == '4':
            level4[r['code']] = r['section']
        if r['level'] == '2':
            divisions[r['code']] = r['name']
        if r['level'] == '1':
            sections[r['code']] = r['name']
        names[r['name']] = (r['section'] + r['code']
                            if r['level'] != '1' else r['code'])
        if r['description']:
            notes.append(r['description'])
    return level4, names, divisions, sections, notes


def name_variants(name):
    """The name as written, and without enumeration commas / brackets."""
    out = {name}
    out.add(name.replace('、', ''))
    out.add(re.sub(r'（[^）]*）', '', name))
    return {v for v in out if len(v) >= MIN_NAME}


def note_runs(notes, n):
    runs = set()
    for d in notes:
        # split on punctuation so a run never spans two clauses
        for part in re.split(r'[，。；、：（）()\s,;:]', d):
            for i in range(len(part) - n + 1):
                runs.add(part[i:i + n])
    return runs


def main(argv):
    argv = list(argv)
    csv_path = find_csv(argv)
    files = argv or sorted(glob.glob(os.path.join(HERE, '*.tsv')))
    if not files:
        sys.exit('no .tsv files')
    level4, names, divisions, sections, notes = load_standard(csv_path)
    checked_names = {}
    for nm, code in names.items():
        for v in name_variants(nm):
            checked_names[v] = code
    runs = note_runs(notes, NOTE_RUN)

    errors, warnings = [], []
    seen_ids = {}
    rows = []
    for path in files:
        fname = os.path.basename(path)
        with open(path, encoding='utf-8', newline='') as f:
            raw = f.read()
        if '\r' in raw:
            errors.append(f'{fname}: carriage returns (use LF line ends)')
        lines = raw.split('\n')
        if lines and lines[-1] == '':
            lines.pop()
        if not lines or lines[0].split('\t') != HEADER:
            errors.append(f'{fname}: bad header, want: ' + ' TAB '.join(HEADER))
            continue
        for ln, line in enumerate(lines[1:], start=2):
            where = f'{fname}:{ln}'
            f7 = line.split('\t')
            if len(f7) != 7:
                errors.append(f'{where}: {len(f7)} fields, want 7')
                continue
            rid, lang, style, area, text, cls, alts = f7
            where = f'{where} {rid}'
            if not ID_RE.match(rid):
                errors.append(f'{where}: bad id')
            if rid in seen_ids:
                errors.append(f'{where}: duplicate id (also {seen_ids[rid]})')
            seen_ids[rid] = where
            if lang not in LANGS:
                errors.append(f'{where}: bad lang {lang!r}')
            if style not in STYLES:
                errors.append(f'{where}: bad style {style!r}')
            if area not in AREAS:
                errors.append(f'{where}: bad area {area!r}')
            if text != text.strip() or not text:
                errors.append(f'{where}: empty text or surrounding spaces')
            codes = [cls] + ([a for a in alts.split(',')] if alts else [])
            for i, c in enumerate(codes):
                m = CODE_RE.match(c)
                what = 'class' if i == 0 else 'alternative'
                if not m:
                    errors.append(f'{where}: bad {what} {c!r}')
                    continue
                sec, num = m.groups()
                if num not in level4:
                    errors.append(f'{where}: {what} {c} not a level-4 class')
                elif level4[num] != sec:
                    errors.append(f'{where}: {what} {c}: section is '
                                  f'{level4[num]}, not {sec}')
            if cls in codes[1:]:
                errors.append(f'{where}: class repeated among alternatives')
            if len(set(codes[1:])) != len(codes[1:]):
                errors.append(f'{where}: repeated alternative')
            # length
            if lang == 'zh':
                n = len(text)
                if not 15 <= n <= 120:
                    warnings.append(f'{where}: {n} characters (15-120)')
            elif lang == 'en':
                n = len(text.split())
                if not 8 <= n <= 40:
                    warnings.append(f'{where}: {n} words (8-40)')
            # official names
            hits = sorted({nm for nm in checked_names if nm in text},
                          key=len, reverse=True)
            for nm in hits:
                errors.append(f'{where}: official name {nm!r} '
                              f'({checked_names[nm]}) in text')
            for i in range(len(text) - NOTE_RUN + 1):
                if text[i:i + NOTE_RUN] in runs:
                    warnings.append(f'{where}: copies notes: '
                                    f'{text[i:i + NOTE_RUN]!r}')
                    break
            rows.append((lang, style, area, cls, alts))

    # coverage (classes that failed validation are left out of the counts)
    n = len(rows)

    def valid(c):
        m = CODE_RE.match(c)
        return bool(m) and level4.get(m.group(2)) == m.group(1)
    print(f'{n} rows in {len(files)} file(s): '
          + ', '.join(os.path.basename(p) for p in files))
    by_sec = Counter(r[3][0] for r in rows if valid(r[3]))
    langs = sorted({r[0] for r in rows})
    by_sec_lang = Counter((r[3][0], r[0]) for r in rows if valid(r[3]))
    print('\nper section (letter, total, ' + ', '.join(langs) + ', name):')
    for s, nm in sections.items():
        flag = '' if by_sec[s] >= 8 else '   <-- under 8'
        per = ' '.join(f'{by_sec_lang[(s, lg)]:4d}' for lg in langs)
        print(f'  {s} {by_sec[s]:4d} {per}  {nm}{flag}')
    by_div = Counter(r[3][1:3] for r in rows
                     if valid(r[3]) and r[3][0] == 'C')
    mdivs = [d for d in sorted(divisions) if 13 <= int(d) <= 43]
    covered = [d for d in mdivs if by_div[d]]
    print(f'\nmanufacturing divisions covered: {len(covered)} of {len(mdivs)}'
          + ('' if len(covered) >= 28 else '   <-- under 28'))
    for d in mdivs:
        print(f'  C{d} {by_div[d]:4d} {divisions[d]}')
    for label, idx in (('style', 1), ('area', 2), ('lang', 0)):
        c = Counter(r[idx] for r in rows)
        print(f'\nper {label}:')
        for k, v in sorted(c.items()):
            print(f'  {k or "(none)":14s} {v:4d}')
    print(f'\nwith alternatives: {sum(1 for r in rows if r[4])}; '
          f'distinct classes: {len({r[3] for r in rows})}')

    for w in warnings:
        print('WARNING', w)
    for e in errors:
        print('ERROR', e)
    print(f'\n{len(errors)} errors, {len(warnings)} warnings')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
