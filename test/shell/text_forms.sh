#!/usr/bin/env bash
# The text, binary and jsonb forms of every type stay byte-for-byte the same:
# test/forms/forms.sql over the demo programme gives md5s of each set of
# values, compared with test/forms/golden.txt (SCENARIO_FORMS_UPDATE=1
# rewrites the golden file; only do that when a form is meant to change).
cd "$(dirname "$0")/../.."
db=scenario_text_forms
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
dropdb --if-exists "$db" && createdb "$db" || exit 1
out=$(psql_ -c "CREATE EXTENSION scenario" &&
	python3 demo/generate.py | psql_ >/dev/null &&
	psql_ -f demo/bi.sql >/dev/null &&
	psql_ -f test/forms/forms.sql 2>&1); rc=$?
dropdb --if-exists "$db"
[ $rc = 0 ] || { echo "# forms.sql failed"; sed 's/^/#   /' <<<"$out"; exit 1; }
if [ -n "${SCENARIO_FORMS_UPDATE:-}" ]; then
	printf '%s\n' "$out" > test/forms/golden.txt
	echo "# wrote test/forms/golden.txt"
fi
diff -u test/forms/golden.txt - <<<"$out" | sed 's/^/# /'
[ "${PIPESTATUS[0]}" = 0 ]
