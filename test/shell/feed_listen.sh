#!/usr/bin/env bash
# match_feed through a real listening client (Debian's
# python3-psycopg2, test/shell/feed/listen.py): a notification after commit, none
# after a rollback, lists equal to a brute-force ranking, cut to fit NOTIFY.
cd "$(dirname "$0")/../.."
db=scenario_feed_listen
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
dropdb --if-exists "$db" && createdb "$db" &&
psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION scenario" &&
python3 demo/generate.py | psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null ||
	{ echo "# could not prepare database $db"; exit 1; }
PGDATABASE=$db /usr/bin/python3 test/shell/feed/listen.py; rc=$?
dropdb --if-exists "$db"
exit $rc
