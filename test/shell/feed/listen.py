#!/usr/bin/python3
"""match_feed heard by a real client in another connection.

A psycopg2 connection LISTENs on scenario_match while a second one writes to
the demo programme (loaded in the database PG* names): a committed
opportunity or offer arrives as one notification whose JSON lists the same
top matches, in the same order, as a brute-force query over match_score; a
rolled-back one (or a savepoint rolled back) arrives never; a list too long
for NOTIFY is cut to fit and says so.  Prints TAP-like lines; exits 1 on
any failure.
"""
import json
import select
import sys
import time

import psycopg2

failed = 0


def check(ok, what, detail=None):
    global failed
    print(("ok - " if ok else "not ok - ") + what)
    if not ok:
        failed += 1
        if detail is not None:
            print("#   " + str(detail))


def hear(conn, want, timeout=5.0, quiet=0.5):
    """Notifications until `want` have come (or timeout), then `quiet` more seconds."""
    got = []
    deadline = time.monotonic() + timeout
    while True:
        conn.poll()
        while conn.notifies:
            got.append(conn.notifies.pop(0))
        now = time.monotonic()
        if len(got) >= want:
            deadline = min(deadline, now + quiet)
            want = float("inf")
        if now >= deadline:
            return got
        select.select([conn], [], [], deadline - now)


listener = psycopg2.connect("")
listener.autocommit = True
writer = psycopg2.connect("")
lc = listener.cursor()
w = writer.cursor()

# Profiles as generated columns, the offerings' GiST index, and the two feeds.
w.execute("""
ALTER TABLE programme.offering ADD COLUMN profile supply GENERATED ALWAYS AS (
    supply_profile(sectors => ARRAY[sector, cluster], text => title || '。' || description,
                            price => price::float8, regions => regions, trl => trl, available => available_on)) STORED;
CREATE INDEX ON programme.offering USING gist (profile);
ALTER TABLE programme.opportunity
    ADD COLUMN profile demand GENERATED ALWAYS AS (
        demand_profile(sectors => ARRAY[sector, cluster], text => title || '。' || description,
                                budget => investment::float8, region => region_code, trl => trl_required,
                                deadline => deadline)) STORED,
    ADD COLUMN open boolean GENERATED ALWAYS AS (stage = 'released') STORED;
CREATE TRIGGER opportunity_feed AFTER INSERT OR UPDATE ON programme.opportunity
    FOR EACH ROW WHEN (NEW.stage = 'released')
    EXECUTE FUNCTION match_feed('id=opp_id', 'profile=profile', 'offers=programme.offering',
                                         'offer_id=offer_id', 'offer_profile=profile', 'k=10');
CREATE TRIGGER offering_feed AFTER INSERT ON programme.offering FOR EACH ROW
    EXECUTE FUNCTION match_feed('id=offer_id', 'profile=profile', 'opportunities=programme.opportunity',
                                         'opportunity_id=opp_id', 'opportunity_profile=profile', 'open=open', 'k=5');
""")
writer.commit()
lc.execute("LISTEN scenario_match")
wpid = writer.get_backend_pid()

NEW_OPP = """
INSERT INTO programme.opportunity (opp_id, title, description, publisher, city, region_code, sector, cluster,
                                   investment, trl_required, released_on, deadline, event_id, stage, first_trial)
SELECT %s, title || '（二期）', description, publisher, city, region_code, sector, cluster,
       investment, trl_required, '2025-11-01', '2025-12-31', event_id, 'released', first_trial
FROM programme.opportunity WHERE opp_id = %s"""


def brute_offers(opp_id, k):
    """The top k offers by match_score over every offering, best first, ties by id."""
    w.execute("""SELECT f.offer_id, round(match_score(o.profile, f.profile)::numeric, 4)::float8
                 FROM programme.opportunity o, programme.offering f
                 WHERE o.opp_id = %s AND match_score(o.profile, f.profile) > 0
                 ORDER BY match_score(o.profile, f.profile) DESC, f.offer_id LIMIT %s""", (opp_id, k))
    return [[i, s] for i, s in w.fetchall()]


def pairs(payload, key):
    return [[e["id"], e["score"]] for e in payload[key]]


# 1. committed: nothing before the commit, one notification after it
w.execute(NEW_OPP, (150, 149))
early = hear(listener, 1, timeout=0.7)
check(early == [], "nothing arrives before the commit", early)
t0 = time.monotonic()
writer.commit()
got = hear(listener, 1, quiet=0)
latency = time.monotonic() - t0
got += hear(listener, 0, timeout=0.5)
check(len(got) == 1, "one notification after the commit", got)
if got:
    n = got[0]
    check(n.channel == "scenario_match", "on channel scenario_match", n.channel)
    check(n.pid == wpid, "sent by the writer's backend", (n.pid, wpid))
    p = json.loads(n.payload)
    check(p.get("opportunity") == 150 and set(p) == {"opportunity", "offers"}, "payload names opportunity 150", p)
    want = brute_offers(150, 10)
    check(pairs(p, "offers") == want, "the 10 offers and scores equal a brute-force ranking",
          (pairs(p, "offers"), want))
    print("# latency commit -> notification: %.1f ms; payload %d bytes" % (latency * 1000, len(n.payload)))

# 2. rolled back: nothing
w.execute(NEW_OPP, (151, 148))
writer.rollback()
got = hear(listener, 1, timeout=1.5)
check(got == [], "nothing after a rollback", got)

# 3. a savepoint rolled back: only the rows that stayed
w.execute(NEW_OPP, (152, 147))
w.execute("SAVEPOINT s")
w.execute(NEW_OPP, (153, 146))
w.execute("ROLLBACK TO SAVEPOINT s")
writer.commit()
got = hear(listener, 1)
check([json.loads(n.payload)["opportunity"] for n in got] == [152],
      "after ROLLBACK TO SAVEPOINT only the kept row is heard", [n.payload for n in got])

# 4. several rows in one statement: one notification each, in row order
w.execute("""INSERT INTO programme.opportunity (opp_id, title, description, publisher, city, region_code, sector,
                 cluster, investment, trl_required, released_on, deadline, event_id, stage, first_trial)
             SELECT 160 + g, title || '（扩建）', description, publisher, city, region_code, sector, cluster,
                    investment, trl_required, '2025-11-02', '2026-01-31', event_id, 'released', false
             FROM programme.opportunity, generate_series(0, 2) g WHERE opp_id = 145 ORDER BY g""")
writer.commit()
got = hear(listener, 3)
check([json.loads(n.payload)["opportunity"] for n in got] == [160, 161, 162],
      "three rows, three notifications in order", [n.payload for n in got])

# 5. an update of a released opportunity is heard; a move out of 'released' is not (WHEN)
w.execute("UPDATE programme.opportunity SET description = description || '要求支持夜间作业。' WHERE opp_id = 150")
writer.commit()
got = hear(listener, 1)
check(len(got) == 1 and json.loads(got[0].payload)["opportunity"] == 150, "an update is heard", got)
w.execute("UPDATE programme.opportunity SET stage = 'matched', offer_id = 1 WHERE opp_id = 152")
writer.commit()
got = hear(listener, 1, timeout=1.0)
check(got == [], "a row leaving 'released' is not", got)

# 6. a new offering against open opportunities
w.execute("""INSERT INTO programme.offering (offer_id, title, description, supplier, price, trl, regions,
                                             available_on, sector, cluster)
             SELECT 1000, title || ' Pro', description, supplier, price, trl, regions, '2025-11-01', sector, cluster
             FROM programme.offering WHERE offer_id = 109""")
writer.commit()
got = hear(listener, 1)
check(len(got) == 1, "a new offering: one notification", got)
if got:
    p = json.loads(got[0].payload)
    w.execute("""SELECT o.opp_id, round(match_score(o.profile, f.profile)::numeric, 4)::float8
                 FROM programme.opportunity o, programme.offering f
                 WHERE f.offer_id = 1000 AND o.stage = 'released' AND match_score(o.profile, f.profile) > 0
                 ORDER BY match_score(o.profile, f.profile) DESC, o.opp_id LIMIT 5""")
    want = [[i, s] for i, s in w.fetchall()]
    check(p.get("offer") == 1000 and pairs(p, "opportunities") == want,
          "its 5 open opportunities equal a brute-force ranking", (p, want))

# 7. too long for NOTIFY: cut to fit, best first, and said so
w.execute("""CREATE TABLE public.wide AS
                 SELECT 'offering/' || lpad(offer_id::text, 80, '0') AS id, profile FROM programme.offering;
             CREATE INDEX ON public.wide USING gist (profile);
             CREATE TABLE public.probe (id int, profile demand);
             CREATE TRIGGER probe_feed AFTER INSERT ON public.probe FOR EACH ROW
                 EXECUTE FUNCTION match_feed('id=id', 'profile=profile', 'offers=public.wide',
                                                      'offer_id=id', 'offer_profile=profile', 'k=1000');""")
writer.commit()
w.execute("INSERT INTO public.probe SELECT 1, profile FROM programme.opportunity WHERE opp_id = 17")
writer.commit()
got = hear(listener, 1)
check(len(got) == 1, "a long list: one notification", got)
if got:
    raw = got[0].payload
    p = json.loads(raw)
    w.execute("""SELECT f.id, round(match_score(o.profile, f.profile)::numeric, 4)::float8
                 FROM programme.opportunity o, public.wide f
                 WHERE o.opp_id = 17 AND match_score(o.profile, f.profile) > 0
                 ORDER BY match_score(o.profile, f.profile) DESC, f.id""")
    ranking = [[i, s] for i, s in w.fetchall()]
    kept = pairs(p, "offers")
    check(len(raw.encode()) < 8000, "payload under 8000 bytes (%d)" % len(raw.encode()))
    check(p.get("truncated") is True and len(kept) + p.get("omitted", -1) == len(ranking),
          "marked truncated; kept + omitted = every offer scoring above 0 (%d + %s)" % (len(kept), p.get("omitted")))
    check(kept == ranking[:len(kept)], "the kept entries are the best, in order")
    nxt = ranking[len(kept)]
    score = ("%.4f" % nxt[1]).rstrip("0").rstrip(".")
    longer = (raw[:raw.rindex("]")] + ',{"id":%s,"score":%s}' % (json.dumps(nxt[0]), score)
              + '],"truncated":true,"omitted":%d}' % (p["omitted"] - 1))
    check(len(longer.encode()) >= 8000, "one more entry would not have fitted (%d bytes)" % len(longer.encode()))

listener.close()
writer.close()
sys.exit(1 if failed else 0)
