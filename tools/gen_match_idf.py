#!/usr/bin/env python3
"""Build src/match_idf_data.c: inverse document frequencies of text terms,
compiled into the library so that match_score stays IMMUTABLE.

Documents: THUCNews titles (dev + test), GB/T 4754 names and explanatory
notes, IPC 2012 descriptions (all shipped under data/).  Terms are those of
src/match_text.c: words, CJK character pairs and lone CJK characters by
textfeat's character rules, by the 32-bit form of the hash src/textfeat.c
gives that n-gram (both mirrored below).  idf = ln((N + 1) / (df + 1)) + 1;
terms seen in fewer than MIN_DF documents are left out and get the unseen
value (the highest), which is what a rare term deserves anyway.

Usage: gen_match_idf.py DATA_DIR > src/match_idf_data.c   (standard library only)
"""
import csv
import math
import os
import sys

MIN_DF = 3


# src/textfeat.c's units and n-gram hashes, mirrored exactly (the tests check
# a few terms against the library), with Latin words as units.
M64 = (1 << 64) - 1
def mix64(x):
    x ^= x >> 30; x = (x * 0xbf58476d1ce4e5b9) & M64
    x ^= x >> 27; x = (x * 0x94d049bb133111eb) & M64
    x ^= x >> 31
    return x
def rotl(x, r):
    return ((x << r) | (x >> (64 - r))) & M64
HASH_SPACE = 0x9e3779b97f4a7c15
def is_space(c):
    if c <= 0x20 or c == 0x7f or 0x80 <= c <= 0xa0: return True
    return c == 0x1680 or 0x2000 <= c <= 0x200b or c in (0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff)
def is_cjk(c):
    return (0x4e00 <= c <= 0x9fff or 0x3400 <= c <= 0x4dbf or 0x20000 <= c <= 0x3ffff or
            0xf900 <= c <= 0xfaff or 0x3040 <= c <= 0x30ff or 0x31f0 <= c <= 0x31ff or
            0xff66 <= c <= 0xff9f or 0xac00 <= c <= 0xd7af or 0x1100 <= c <= 0x11ff or 0x3130 <= c <= 0x318f)
def is_word_char(c):
    if c < 0x80: return (ord('a') <= c <= ord('z')) or (ord('0') <= c <= ord('9'))
    return (0xc0 <= c <= 0x24f and c not in (0xd7, 0xf7)) or 0x370 <= c <= 0x3ff or 0x400 <= c <= 0x4ff
def fold(c):
    if 0xff01 <= c <= 0xff5e: c -= 0xfee0
    if c < 0x80: return c + 32 if ord('A') <= c <= ord('Z') else c
    if (0xc0 <= c <= 0xde and c != 0xd7) or (0x391 <= c <= 0x3a9 and c != 0x3a2) or (0x410 <= c <= 0x42f): return c + 32
    if 0x400 <= c <= 0x40f: return c + 80
    return c
def units(text):
    """(hash, is_text) units with TEXTFEAT_LATIN_WORDS, no boundaries."""
    out = []
    pending = False
    word = None
    for ch in text + '\0':
        c = 0 if ch == '\0' else fold(ord(ch))
        space = False if c == 0 else is_space(c)
        if word is not None and (c == 0 or space or not is_word_char(c) or is_cjk(c)):
            out.append((mix64(word), True)); word = None
        if c == 0: break
        if space:
            pending = len(out) > 0; continue
        if pending:
            out.append((HASH_SPACE, False)); pending = False
        if is_word_char(c) and not is_cjk(c):
            if word is None: word = 0x2545f4914f6cdd1d
            word = (rotl(word, 29) * 0x9fb21c651e98df25 & M64) ^ c
            continue
        out.append((mix64((c * 0x9e3779b97f4a7c15 + 0x632be59bd9b4e019) & M64), True))
    return out
def features(text, nmin=1, nmax=2):
    u = units(text)
    res = []
    for pos in range(len(u)):
        for n in range(nmin, nmax + 1):
            if n > pos + 1: break
            if n == 1 and not u[pos][1]: continue
            acc = (n * 0xd6e8feb86659fd93) & M64
            for p in range(pos + 1 - n, pos + 1):
                acc = (rotl(acc, 23) * 0xff51afd7ed558ccd & M64) ^ u[p][0]
            res.append(mix64(acc))
    return res
def h32(h):
    return (h ^ (h >> 32)) & 0xffffffff


def spans(text):
    """The terms src/match_text.c locates with textfeat's rules: words of two
    or more letters or digits, CJK character pairs, lone CJK characters; with
    their unit count (the n of the n-gram textfeat hashes)."""
    out = []
    chars = list(text)
    kinds = []
    for ch in chars:
        c = fold(ord(ch))
        kinds.append('c' if is_cjk(c) else 'w' if is_word_char(c) else '-')
    i, n = 0, len(chars)
    while i < n:
        k = kinds[i]
        j = i
        while j < n and kinds[j] == k:
            j += 1
        if k == 'w' and j - i >= 2:
            out.append((''.join(chars[i:j]), 1))
        elif k == 'c':
            if j - i == 1:
                out.append((chars[i], 1))
            else:
                out.extend((chars[m] + chars[m + 1], 2) for m in range(i, j - 1))
        i = j
    return out


_cache = {}


def terms(text):
    result = set()
    for span in spans(text):
        h = _cache.get(span)
        if h is None:
            h = _cache[span] = h32(features(span[0], span[1], span[1])[0])
        result.add(h)
    return result


def documents(data):
    for name in ('dev.txt', 'test.txt'):
        with open(os.path.join(data, 'thucnews_titles', name), encoding='utf-8') as f:
            for line in f:
                yield line.rsplit('\t', 1)[0]
    with open(os.path.join(data, 'gbt4754_2017', 'gbt4754_2017.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            yield row['name'] + ' ' + row['description']
    with open(os.path.join(data, 'ipc2012_desc', 'ipc2012_desc.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            yield row['description']


def main():
    data = sys.argv[1] if len(sys.argv) > 1 else 'data'
    df = {}
    ndocs = 0
    for doc in documents(data):
        ndocs += 1
        for h in terms(doc):
            df[h] = df.get(h, 0) + 1
    kept = sorted((h, d) for h, d in df.items() if d >= MIN_DF)
    unseen = math.log((ndocs + 1) / 1.0) + 1
    w = sys.stdout.write
    w('/* Generated by tools/gen_match_idf.py from data/: do not edit. */\n')
    w('#include "postgres.h"\n\n')
    w('/* %d documents, %d terms with df >= %d */\n' % (ndocs, len(kept), MIN_DF))
    w('extern const int match_idf_count;\nextern const uint32 match_idf_hash[];\n')
    w('extern const uint16 match_idf_milli[];\nextern const double match_idf_unseen;\n\n')
    w('const int match_idf_count = %d;\n' % len(kept))
    w('const double match_idf_unseen = %.6f;\n' % unseen)
    w('const uint32 match_idf_hash[] = {\n')
    for i in range(0, len(kept), 8):
        w('\t' + ', '.join('%du' % h for h, _ in kept[i:i + 8]) + ',\n')
    w('};\nconst uint16 match_idf_milli[] = {\n')
    for i in range(0, len(kept), 12):
        w('\t' + ', '.join('%d' % round((math.log((ndocs + 1) / (d + 1)) + 1) * 1000)
                          for _, d in kept[i:i + 12]) + ',\n')
    w('};\n')


if __name__ == '__main__':
    main()
