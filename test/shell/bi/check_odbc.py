#!/usr/bin/python3
"""A fresh ODBC client (Debian's psqlODBC through pyodbc, as Tableau, FineBI
and Excel connect) on the demo database: it sets no search_path, and a
subtree filter over sector codes works with the code bound as a parameter.
Prints TAP-ish lines; exits non-zero on a failed check."""
import os
import sys

import pyodbc

failed = 0
checks = 0


def check(ok, what):
    global failed, checks
    checks += 1
    if not ok:
        failed += 1
    print(('ok - ' if ok else 'not ok - ') + what)


def connect():
    host = os.environ.get('PGHOST', 'localhost')
    if host.startswith('/'):
        host = 'localhost'
    parts = ['DRIVER={PostgreSQL Unicode}', 'SERVER=' + host,
             'PORT=' + os.environ.get('PGPORT', '5432'),
             'DATABASE=' + os.environ['PGDATABASE'],
             'UID=' + os.environ.get('PGUSER', os.environ.get('USER', 'postgres'))]
    if os.environ.get('PGPASSWORD'):
        parts.append('PWD=' + os.environ['PGPASSWORD'])
    return pyodbc.connect(';'.join(parts), autocommit=True)


def one(cur, sql, *params):
    cur.execute(sql, *params)
    return cur.fetchone()[0]


with connect() as conn:
    cur = conn.cursor()
    check(one(cur, 'SHOW search_path') == '"$user", public', 'the client runs on the default search_path')
    want = one(cur, "SELECT count(*) FROM programme.opportunity WHERE sector <@ 'gbt4754:C'")
    check(want > 0, 'a literal subtree filter finds manufacturing opportunities (%s)' % want)
    got = one(cur, 'SELECT count(*) FROM programme.opportunity WHERE sector <@ ?::sector', 'gbt4754:C')
    check(got == want, 'subtree filter through a bound parameter (?::sector): %s, want %s' % (got, want))
    got = one(cur, 'SELECT count(*) FROM programme.opportunity WHERE sector <@ ?', 'gbt4754:C')
    check(got == want, 'subtree filter through a bound parameter (?): %s, want %s' % (got, want))
    names = one(cur, "SELECT string_agg(sector_name(code), ',' ORDER BY code) FROM programme.cluster "
                     "WHERE code <@ ?::sector", 'gd:K')
    check(bool(names), 'catalog names through a bound cluster code: %s' % (names or '')[:40])

print('# psqlODBC: %d checks, %d failed' % (checks, failed))
sys.exit(1 if failed else 0)
