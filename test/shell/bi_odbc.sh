#!/usr/bin/env bash
# BI through ODBC (Debian's odbc-postgresql driver with python3-pyodbc, as
# Tableau, FineBI and Excel connect): a fresh client needs no search_path
# for the extension's types and operators (test/shell/bi/check_odbc.py).
cd "$(dirname "$0")/../.."
. test/shell/bi/db.sh
/usr/bin/python3 -c 'import pyodbc' 2>/dev/null || { echo "# python3-pyodbc missing: apt-get install python3-pyodbc odbc-postgresql"; exit 1; }
db=scenario_bi_odbc
bi_db_create "$db" || exit 1
PGDATABASE=$db /usr/bin/python3 test/shell/bi/check_odbc.py; rc=$?
dropdb --if-exists "$db"
exit $rc
