#!/usr/bin/env python3
"""fit_dict_confidence.py: the confidence model of classify (src/dict_classify.c).

Usage: fit_dict_confidence.py < features.tsv

Input, one line per (text, level) of the tuning split of
test/quality/classify: "F  level  score  right  lang", where score is
classify_topk(text, 1, 'gbt4754', level) of a build made with
-DDICT_FIT_FEATURES (it returns floor(total * 1000) * 10 + share * 9.99
instead of the probability) and right is 1 when that answer is the gold
class or an alternative at that level.  Fits, per level, the logistic
regression right ~ a + b * share + c * ln(1 + total) by gradient descent
(standard library only) and prints the C table.
"""
import math
import sys


def fit(xs, ys, steps=20000, rate=0.5):
    w = [0.0, 0.0, 0.0]
    n = len(xs)
    for _ in range(steps):
        g = [0.0, 0.0, 0.0]
        for x, y in zip(xs, ys):
            z = w[0] + w[1] * x[0] + w[2] * x[1]
            p = 1 / (1 + math.exp(-z))
            g[0] += (p - y)
            g[1] += (p - y) * x[0]
            g[2] += (p - y) * x[1]
        w = [wi - rate * gi / n for wi, gi in zip(w, g)]
    return w


def main():
    data = {}
    for line in sys.stdin:
        f = line.split("\t")
        if f[0] != "F":
            continue
        level, score, right = int(f[1]), float(f[2]), int(f[3])
        total = math.floor(score / 10) / 1000
        share = (score - math.floor(score / 10) * 10) / 9.99
        data.setdefault(level, ([], []))
        data[level][0].append((share, math.log(1 + total)))
        data[level][1].append(right)
    print("static const double confidence_model[4][3] = {")
    for level in sorted(data):
        xs, ys = data[level]
        a, b, c = fit(xs, ys)
        print("\t{%.3f, %.3f, %.3f},\t/* level %d: %d answers, %.1f%% right */"
              % (a, b, c, level, len(ys), 100.0 * sum(ys) / len(ys)))
    print("};")


if __name__ == "__main__":
    main()
