#!/usr/bin/python3
"""make.py: writes opportunities.tsv, offers.tsv and qrels.tsv from the
hand-written themes (themes.py).  Deterministic; run it again after editing
themes.py:  python3 test/quality/match/make.py

What is added here (the method is in README.md):
- each theme's three opportunities get a budget, region, TRL and deadline
  around the theme's, and sectors as the programme assigns them (class only,
  class + cluster, cluster only, in turn);
- each of a theme's offers gets a price, regions, TRL and availability
  around the theme's (some late, under-mature or dear, a few fields left
  out); its grade for an opportunity is the content grade of themes.py,
  lowered by one for each hard practical miss an officer would see (TRL
  below the requirement, price over twice the budget, available more than
  60 days after the deadline);
- per theme four sparse offers: two near-duplicates (the same product as
  offers 0 and 3 from another supplier who gave only sectors and text;
  grade 1 when the original is relevant, else 0), one with sectors only
  and one with sectors and price (grade 0: nothing to shortlist on);
- the unrelated offers (complete), and sparse unrelated ones (sectors only,
  or sectors and price).
Offer ids are assigned in a shuffled order, so that ranking ties broken by
id favour no kind of offer.
"""
import datetime
import os
import random

from themes import THEMES, UNRELATED

HERE = os.path.dirname(os.path.abspath(__file__))
D0 = datetime.date(2026, 9, 30)

# per offer slot of a theme: price factor, TRL offset, days available
# before the deadline (negative: late), which fields are left out
SLOTS = [
    (0.8, 1, 90, ''), (0.9, 0, 60, ''), (1.1, 2, 30, ''), (0.7, 1, 120, ''),
    (1.0, 0, 10, ''), (0.6, -2, 45, ''), (1.5, 1, -30, ''), (0.5, 1, 80, 'available'),
    (1.2, 0, -100, 'trl'), (2.6, 2, 20, ''),
]
# per opportunity of a theme: budget factor, TRL offset, deadline offset (days)
OPP_VAR = [(1.0, 0, 0), (1.3, 0, 60), (0.9, 0, -20)]
ZONE_NEIGHBOURS = {  # a second and third city an offer may serve
    '440100': ['440600', '441900'], '440300': ['441900', '441300'], '440400': ['442000', '440700'],
    '440600': ['440100', '441200'], '441300': ['440300', '441900'], '441900': ['440300', '440100'],
    '440700': ['442000', '440400'], '442000': ['440400', '440700'], '441200': ['440600', '445300'],
    '440800': ['440900', '441700'], '441800': ['440100', '440200'], '445200': ['445100', '440500'],
    '445100': ['445200', '440500'], '440500': ['445100', '445200'], '441600': ['441400', '441300'],
    '441500': ['440500', '441300'], '440900': ['440800', '441700'], '445300': ['441200', '440600'],
}


def fmt(v):
    if v is None:
        return ''
    if isinstance(v, (list, tuple)):
        return '{' + ','.join(v) + '}'
    if isinstance(v, float):
        return '%.0f' % v
    return str(v)


def filled(row):
    return sum(row[k] not in (None, [], '') for k in ('sectors', 'text', 'price', 'regions', 'trl', 'available'))


def main():
    rnd = random.Random(20261204)
    opps, offers, qrels = [], [], []
    for ti, t in enumerate(THEMES):
        topps = []
        for k, text in enumerate(t['opps']):
            bf, tro, ddays = OPP_VAR[k]
            mode = (ti + k) % 3          # 0 class, 1 class + cluster, 2 cluster
            sectors = [[t['cls']], [t['cls'], t['cluster']], [t['cluster']]][mode]
            o = dict(id='q%s%d' % (t['key'], k + 1), theme=t['key'], sectors=sectors, text=text,
                     budget=round(t['budget'] * bf, -4), region=t['cities'][k],
                     trl=max(1, min(9, t['trl'] + tro)), deadline=D0 + datetime.timedelta(days=ddays + 15 * ti))
            opps.append(o)
            topps.append(o)
        base_dl = D0 + datetime.timedelta(days=15 * ti)
        tof = []
        for i, (text, sectors, grades) in enumerate(t['offers']):
            pf, tro, early, drop = SLOTS[(i + ti) % len(SLOTS)]
            city = t['cities'][i % 3]
            regions = [city] + ZONE_NEIGHBOURS.get(city, [])[:i % 3]
            if i % 5 == 4:
                regions = ['440000']
            of = dict(key='%s-%d' % (t['key'], i), theme=t['key'], kind='theme', sectors=sectors, text=text,
                      price=round(t['budget'] * pf, -3), regions=regions,
                      trl=max(1, min(9, t['trl'] + tro)), available=base_dl - datetime.timedelta(days=early))
            if drop:
                of[drop] = None
            of['grades'] = {}
            for k, q in enumerate(topps):
                g = grades[k]
                if g:
                    miss = 0
                    miss += of['trl'] is not None and of['trl'] < q['trl']
                    miss += of['price'] > 2 * q['budget']
                    miss += of['available'] is not None and (of['available'] - q['deadline']).days > 60
                    g = max(0, g - miss)
                of['grades'][q['id']] = g
            offers.append(of)
            tof.append(of)
        for i in (0, 3):                 # near-duplicates, sparse
            src = tof[i]
            of = dict(key=src['key'] + '-dup', theme=t['key'], kind='near-duplicate', sectors=src['sectors'],
                      text=src['text'], price=None, regions=[], trl=None, available=None,
                      grades={q: (1 if g >= 2 else 0) for q, g in src['grades'].items()})
            offers.append(of)
        offers.append(dict(key=t['key'] + '-sect', theme=t['key'], kind='sectors-only', sectors=[t['cls']],
                           text=None, price=None, regions=[], trl=None, available=None, grades={}))
        offers.append(dict(key=t['key'] + '-price', theme=t['key'], kind='sectors+price',
                           sectors=[t['cls'], t['cluster']] if ti % 2 else [t['cluster']],
                           text=None, price=round(t['budget'] * 0.6, -3), regions=[], trl=None,
                           available=None, grades={}))
    cities = sorted(ZONE_NEIGHBOURS)
    for i, (text, sector) in enumerate(UNRELATED):
        offers.append(dict(key='u%d' % i, theme='', kind='unrelated', sectors=[sector], text=text,
                           price=float(rnd.choice([2, 5, 8, 15, 30, 80, 150, 300]) * 10000),
                           regions=[rnd.choice(cities)], trl=rnd.randint(5, 9),
                           available=D0 - datetime.timedelta(days=rnd.randint(-60, 200)), grades={}))
        for j, kind in enumerate(('sectors-only', 'sectors+price')):
            offers.append(dict(key='u%d-%d' % (i, j), theme='', kind='unrelated ' + kind, sectors=[sector],
                               text=None, price=float(rnd.choice([5, 20, 60]) * 10000) if j else None,
                               regions=[], trl=None, available=None, grades={}))
    order = list(range(len(offers)))
    rnd.shuffle(order)
    for n, i in enumerate(order):
        offers[i]['id'] = 's%03d' % (n + 1)
    for of in offers:
        of['sparse'] = filled(of) < 3
        for q, g in of['grades'].items():
            if g:
                qrels.append((q, of['id'], g))

    with open(os.path.join(HERE, 'opportunities.tsv'), 'w', encoding='utf-8') as f:
        f.write('id\ttheme\tsectors\tbudget\tregion\ttrl\tdeadline\ttext\n')
        for o in opps:
            f.write('\t'.join(fmt(o[k]) for k in ('id', 'theme', 'sectors', 'budget', 'region', 'trl', 'deadline', 'text')) + '\n')
    with open(os.path.join(HERE, 'offers.tsv'), 'w', encoding='utf-8') as f:
        f.write('id\ttheme\tkind\tsparse\tsectors\tprice\tregions\ttrl\tavailable\ttext\n')
        for of in sorted(offers, key=lambda x: x['id']):
            f.write('\t'.join([of['id'], of['theme'], of['kind'], 't' if of['sparse'] else 'f'] +
                              [fmt(of[k] or None) for k in ('sectors', 'price', 'regions', 'trl', 'available', 'text')]) + '\n')
    qrels.sort()
    with open(os.path.join(HERE, 'qrels.tsv'), 'w', encoding='utf-8') as f:
        f.write('opportunity_id\toffer_id\tgrade\n')
        for q, o, g in qrels:
            f.write('%s\t%s\t%d\n' % (q, o, g))

    # the set's promises
    for o in opps:
        n = sum(1 for q, _, g in qrels if q == o["id"] and g >= 2)
        assert n >= 5, (o["id"], n)
        assert 30 <= len(o['text']) <= 150, o['id']
    print('%d opportunities, %d offers (%d sparse), %d judged pairs' %
          (len(opps), len(offers), sum(x['sparse'] for x in offers), len(qrels)))


if __name__ == '__main__':
    main()
