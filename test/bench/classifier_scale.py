# classifier_scale.py: the scaling part of the classifier benchmark (issue
# 15), called by test/bench/classifier (not a benchmark of its own: this
# file is not executable).
#
# Two sections, each a function so that the benchmark's other sections
# merge apart from them:
#   scaling  train_classifier on 200,000 titles with 0, 1 and 2 workers
#            (forced parallel plans); the model must be byte-identical
#            across worker counts.  Beside it, in the same run, the same
#            worker counts for a plain scan (count(*), sum(length(doc))):
#            what the machine lets any query gain right now.
#   compare  at 200,000 and 1,000,000 titles: training time, accuracy on
#            the 10,000 real THUCNews test titles and peak memory, for
#            train_classifier (0 and 2 workers), scikit-learn LinearSVC
#            (TF-IDF of character 1-2-grams, sublinear tf: the best linear
#            set-up of the 10,000-title section) and fastText (characters
#            as words, word bigrams, 10 epochs, learning rate 0.5, one
#            thread; its other settings default).  One run each: a
#            million-title run is long.
#
# The data: THUCNews ships 10,000 dev and 10,000 test titles only.  The
# training sets are the 10,000 dev titles followed by synthetic titles, each
# the first half of one dev title and the second half of another of the
# same class, picked by a fixed-seed generator: real character n-grams in
# new combinations, so that vocabulary and matrix grow roughly as with more
# real titles, and labels still follow the text.  Tests stay on the real
# test titles.
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time


def make_train(dev, n):
    import random
    by = {}
    for d, l in dev:
        by.setdefault(l, []).append(d)
    labels = sorted(by)
    rng = random.Random(n)
    out = list(dev[:n])
    i = len(out)
    while len(out) < n:
        l = labels[i % len(labels)]
        a, b = rng.choice(by[l]), rng.choice(by[l])
        out.append((a[:len(a) // 2] + b[len(b) // 2:], l))
        i += 1
    return out


def load_table(cur, name, rows):
    import io
    cur.execute(f"DROP TABLE IF EXISTS {name}")
    cur.execute(f"CREATE TABLE {name} (doc text, label text)")
    buf = io.StringIO("".join(f"{d}\t{l}\n" for d, l in rows))
    cur.copy_expert(f"COPY {name} FROM STDIN", buf)
    cur.execute(f"VACUUM ANALYZE {name}")


def loadavg():
    return os.getloadavg()[0]


def force_parallel(cur, workers):
    cur.execute("SET parallel_setup_cost = 0")
    cur.execute("SET parallel_tuple_cost = 0")
    cur.execute("SET min_parallel_table_scan_size = 0")
    cur.execute(f"SET max_parallel_workers_per_gather = {workers}")


def timed(cur, sql):
    t = time.perf_counter()
    cur.execute(sql)
    r = cur.fetchone()
    return time.perf_counter() - t, r


def our_training(connect, table, workers, test_table=None):
    """One training on a fresh connection: seconds, model md5, leader peak RSS (MB), accuracy."""
    conn = connect()
    cur = conn.cursor()
    force_parallel(cur, workers)
    cur.execute("SELECT pg_backend_pid()")
    pid = cur.fetchone()[0]
    cur.execute("DROP TABLE IF EXISTS bench_scale_model")
    t = time.perf_counter()
    cur.execute(f"CREATE TABLE bench_scale_model AS SELECT train_classifier(doc, label) AS model FROM {table}")
    secs = time.perf_counter() - t
    rss = None
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    rss = int(line.split()[1]) / 1024
    except OSError:
        pass
    cur.execute("SELECT md5(model::text) FROM bench_scale_model")
    md5 = cur.fetchone()[0]
    acc = None
    if test_table:
        cur.execute("SET max_parallel_workers_per_gather = 0")
        cur.execute(f"SELECT avg((predict((SELECT model FROM bench_scale_model), doc) = label)::int)::float8 FROM {test_table}")
        acc = cur.fetchone()[0]
    cur.execute("DROP TABLE bench_scale_model")
    conn.close()
    return secs, md5, rss, acc


def scaling(connect, dev, size, runs):
    print()
    print("== part scaling")
    print(f"worker scaling: train_classifier over {size:,} titles (forced parallel plans; median of {runs})")
    conn = connect()
    cur = conn.cursor()
    load_table(cur, "bench_scale_docs", make_train(dev, size))
    base = {}
    rows = []
    load0 = loadavg()
    for w in (0, 1, 2):
        force_parallel(cur, w)
        scans = [timed(cur, "SELECT count(*), sum(length(doc)) FROM bench_scale_docs")[0] for _ in range(runs)]
        trains, md5s = [], set()
        for _ in range(runs):
            secs, md5, _, _ = our_training(connect, "bench_scale_docs", w)
            trains.append(secs)
            md5s.add(md5)
        rows.append((w, trains, scans, md5s))
        print(f"workers {w}: train median {statistics.median(trains):7.2f} s (min {min(trains):.2f}, max {max(trains):.2f})"
              f"   scan median {statistics.median(scans) * 1000:7.1f} ms   model {','.join(sorted(md5s))[:12]}", flush=True)
    load1 = loadavg()
    t0 = statistics.median(rows[0][1])
    s0 = statistics.median(rows[0][2])
    print()
    print("| workers | training (s) | speed-up | spread max/min | plain scan speed-up |")
    print("|---|---|---|---|---|")
    for w, trains, scans, _ in rows:
        print(f"| {w} | {statistics.median(trains):.2f} | {t0 / statistics.median(trains):.2f}x |"
              f" {max(trains) / min(trains):.2f} | {s0 / statistics.median(scans):.2f}x |")
    same = len(set().union(*(r[3] for r in rows))) == 1
    sp2 = t0 / statistics.median(rows[2][1])
    print()
    print(f"models byte-identical at 0, 1, 2 workers: {'yes' if same else 'NO'}")
    print(f"2 workers vs serial: {sp2:.2f}x   goal >= 1.6x: {'met' if sp2 >= 1.6 else 'MISSED'}")
    print(f"load average (1 min) before {load0:.1f}, after {load1:.1f} on {os.cpu_count()} processors:"
          f" other work was running; the plain scan column is what parallelism gave any query meanwhile")
    cur.execute("DROP TABLE bench_scale_docs")
    conn.close()
    return same


def sklearn_run(train_path, test_path):
    """LinearSVC in a child process: seconds, accuracy, peak RSS (MB)."""
    code = r'''
import os, sys, time, resource
for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[v] = "1"
import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC
def load(p):
    d, l = [], []
    for line in open(p, encoding="utf-8"):
        a, b = line.rstrip("\n").split("\t"); d.append(a); l.append(b)
    return d, l
X, y = load(sys.argv[1]); Xt, yt = load(sys.argv[2])
t = time.perf_counter()
vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 2), sublinear_tf=True)
m = LinearSVC().fit(vec.fit_transform(X), y)
secs = time.perf_counter() - t
acc = float(np.mean(m.predict(vec.transform(Xt)) == np.array(yt)))
print(secs, acc, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
'''
    out = subprocess.run(["/usr/bin/python3", "-c", code, train_path, test_path],
                         check=True, capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1]), float(out[2])


def fasttext_run(train_path, test_path, threads, tmp):
    """fastText supervised on characters as words: seconds, accuracy, peak RSS (MB)."""
    def chars(src, dst):
        with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as g:
            for line in f:
                d, l = line.rstrip("\n").split("\t")
                g.write(f"__label__{l} {' '.join(d)}\n")
    ftr, fte = os.path.join(tmp, "ft_train.txt"), os.path.join(tmp, "ft_test.txt")
    chars(train_path, ftr)
    chars(test_path, fte)
    model = os.path.join(tmp, "ft_model")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    subprocess.run(["fasttext", "supervised", "-input", ftr, "-output", model, "-wordNgrams", "2",
                    "-minCount", "1", "-epoch", "10", "-lr", "0.5", "-thread", str(threads), "-verbose", "0"],
                   check=True, capture_output=True)
    secs = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out = subprocess.run(["fasttext", "test", model + ".bin", fte], check=True, capture_output=True, text=True).stdout
    acc = float([l for l in out.splitlines() if l.startswith("P@1")][0].split()[1])
    return secs, acc, (after / 1024 if after > before else None)


def compare(connect, dev, test, sizes, runs):
    print()
    print("== part compare")
    print(f"200k / 1M: training time, accuracy on the {len(test):,} real test titles, peak memory"
          " (one run each)")
    conn = connect()
    cur = conn.cursor()
    load_table(cur, "bench_scale_test", test)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        test_path = os.path.join(tmp, "test.txt")
        with open(test_path, "w", encoding="utf-8") as f:
            f.writelines(f"{d}\t{l}\n" for d, l in test)
        for size in sizes:
            rows = make_train(dev, size)
            train_path = os.path.join(tmp, "train.txt")
            with open(train_path, "w", encoding="utf-8") as f:
                f.writelines(f"{d}\t{l}\n" for d, l in rows)
            load_table(cur, "bench_scale_docs", rows)
            del rows
            for w in (0, 2):
                secs, _, rss, acc = our_training(connect, "bench_scale_docs", w, "bench_scale_test")
                results.append((size, f"scenario train_classifier, {w} workers", secs, acc, rss))
                print(f"{size:>9,}  {results[-1][1]:42s} {secs:8.2f} s  accuracy {acc:.4f}", flush=True)
            secs, acc, rss = sklearn_run(train_path, test_path)
            results.append((size, "scikit-learn TF-IDF + LinearSVC", secs, acc, rss))
            print(f"{size:>9,}  {results[-1][1]:42s} {secs:8.2f} s  accuracy {acc:.4f}", flush=True)
            for th in (1,):
                secs, acc, rss = fasttext_run(train_path, test_path, th, tmp)
                results.append((size, f"fastText, {th} thread{'s' if th > 1 else ''}", secs, acc, rss))
                print(f"{size:>9,}  {results[-1][1]:42s} {secs:8.2f} s  accuracy {acc:.4f}", flush=True)
            cur.execute("DROP TABLE bench_scale_docs")
    cur.execute("DROP TABLE bench_scale_test")
    conn.close()
    print()
    print("| titles | trainer | training (s) | accuracy | peak memory (MB) |")
    print("|---|---|---|---|---|")
    for size, name, secs, acc, rss in results:
        print(f"| {size:,} | {name} | {secs:.2f} | {acc:.4f} | {f'{rss:,.0f}' if rss else '-'} |")
    print()
    for size in sizes:
        sk = [r for r in results if r[0] == size and "LinearSVC" in r[1]][0]
        for r in results:
            if r[0] == size and r[1].startswith("scenario"):
                print(f"{size:,}: {r[1]} {r[2]:.2f} s vs LinearSVC {sk[2]:.2f} s, ratio {r[2] / sk[2]:.2f}"
                      f"   goal <= 1: {'met' if r[2] <= sk[2] else 'MISSED'};"
                      f" accuracy {r[3] - sk[3]:+.4f}")
    print("peak memory: ours is the leader backend's high-water RSS (shared buffers it touched included;"
          " workers hold the shared problem and one class's scratch each);"
          " scikit-learn's its process's; fastText's its process's")


def main(parts, data, connect, scale_size, sizes, runs):
    def load(name):
        with open(os.path.join(data, name), encoding="utf-8") as f:
            return [tuple(line.rstrip("\n").split("\t")) for line in f]
    dev, test = load("dev.txt"), load("test.txt")
    ok = True
    if "scaling" in parts:
        ok = scaling(connect, dev, scale_size, runs) and ok
    if "compare" in parts:
        compare(connect, dev, test, sizes, runs)
    return ok
