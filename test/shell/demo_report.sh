#!/usr/bin/env bash
# demo/run (what ./run demo runs inside its cluster) loads the programme
# into a fresh database of the test server, runs every showcase file without
# error, and its report carries the headline figures.
cd "$(dirname "$0")/../.."
db=scenario_demo_check
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
dropdb --if-exists "$db" && createdb "$db" || exit 1
out=$(PGDATABASE=$db demo/run 2>&1); rc=$?
dropdb --if-exists "$db"
fail=0
[ $rc -eq 0 ] || { echo "# demo/run exited $rc"; fail=1; }
for want in 'scenario opportunities released | 149' 'projects operating              | 93' \
	'7 (35%)' '39.62 billion RMB' '## Programme overview'; do
	grep -qF -- "$want" <<<"$out" || { echo "# report lacks: $want"; fail=1; }
done
[ $fail = 0 ] || sed 's/^/#   /' <<<"$out" | tail -20
exit $fail
