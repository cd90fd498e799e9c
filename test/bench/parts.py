# parts.py: keeps a benchmark page whole when a run measured only some of
# its parts (not a benchmark: this file is not executable; test/bench/run
# calls it).
#
# A benchmark that has parts starts each with a line "== part NAME" on
# stdout.  After a run, for every part the run printed, its text replaces
# the same part of the page; parts it did not print stay as the earlier run
# wrote them.  Each part's first line names the run that wrote it (date,
# commit, load, settings), so a page made of several runs says so.
#
#   python3 parts.py PAGE OUTPUT RUNLINE
# reads the old page (if any) and the new output, and prints the merged
# body (the text that goes between the page's ``` lines), or nothing when
# the output has no parts (the caller then writes the output as it is).
#
#   python3 parts.py --docs BENCH OUTPUT RUNLINE DOCS...
# writes each part the run printed into the manual pages that ask for it:
# the lines between "<!-- bench BENCH/PART -->" and "<!-- end bench
# BENCH/PART -->" of a page become that part's text (a fenced block with
# its run line), so a manual page shows figures no one typed.
import re
import sys

MARK = re.compile(r"^== part ([^\s:]+)")


def split(lines):
    """(text before the first part, [(name, lines)]) of a list of lines."""
    head, parts = [], []
    for line in lines:
        m = MARK.match(line)
        if m:
            parts.append((m.group(1), [line]))
        elif parts:
            parts[-1][1].append(line)
        else:
            head.append(line)
    return head, parts


def page_body(path):
    try:
        text = open(path, encoding="utf-8").read()
    except OSError:
        return []
    m = re.search(r"^```\n(.*?)^```", text, re.S | re.M)
    return m.group(1).splitlines() if m else []


def main():
    page, output, runline = sys.argv[1:4]
    new_head, new_parts = split(open(output, encoding="utf-8").read().splitlines())
    if not new_parts:
        return
    _, old_parts = split(page_body(page))
    fresh = dict(new_parts)
    out = list(new_head)
    names = [n for n, _ in old_parts] + [n for n, _ in new_parts if n not in dict(old_parts)]
    old = dict(old_parts)
    for n in names:
        if n in fresh:
            out.append("== part %s: %s" % (n, runline))
            out.extend(fresh[n][1:])
        else:
            out.extend(old[n])
    print("\n".join(out))


def docs():
    bench, output, runline = sys.argv[2:5]
    _, parts = split(open(output, encoding="utf-8").read().splitlines())
    for path in sys.argv[5:]:
        text = open(path, encoding="utf-8").read()
        new = text
        for name, lines in parts:
            begin = "<!-- bench %s/%s -->" % (bench, name)
            end = "<!-- end bench %s/%s -->" % (bench, name)
            if begin not in new or end not in new:
                continue
            head, rest = new.split(begin, 1)
            tail = rest.split(end, 1)[1]
            body = ["", "```", "%s: %s" % (name, runline)] + lines[1:] + ["```", ""]
            new = head + begin + "\n".join(body) + end + tail
        if new != text:
            with open(path, "w", encoding="utf-8") as f:
                f.write(new)
            print("bench %s: figures written into %s" % (bench, path))


if len(sys.argv) > 1 and sys.argv[1] == "--docs":
    docs()
else:
    main()
