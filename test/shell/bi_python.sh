#!/usr/bin/env bash
# BI through a real Python client (Debian's python3-psycopg2): every view of
# programme_bi and every extension type, values checked (test/shell/bi/check_psycopg2.py).
cd "$(dirname "$0")/../.."
. test/shell/bi/db.sh
db=scenario_bi_python
bi_db_create "$db" &&
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f test/shell/bi/sample.sql || exit 1
PGDATABASE=$db /usr/bin/python3 test/shell/bi/check_psycopg2.py; rc=$?
dropdb --if-exists "$db"
exit $rc
