#!/usr/bin/env bash
# The text, binary and jsonb forms of every type stay byte-for-byte the same:
# test/forms/forms.sql over the demo programme gives md5s of each set of
# values, compared with test/forms/golden.txt, in a fresh install and in one
# updated from the first release (whose jsonb functions the update replaces),
# laid out as that release installed: in schema scenario, on the path.
# SCENARIO_FORMS_UPDATE=1 rewrites the golden file; only do that when a form
# is meant to change.
cd "$(dirname "$0")/../.."
db=scenario_text_forms
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -d "$db" "$@"; }
first=$(ls sql/scenario--*.sql | sed -n 's|^sql/scenario--\([0-9][0-9.]*\)\.sql$|\1|p' | sort -V | head -1)
fail=0
for how in "CREATE EXTENSION scenario" \
	"CREATE SCHEMA scenario; CREATE EXTENSION scenario SCHEMA scenario VERSION '$first'; ALTER EXTENSION scenario UPDATE; ALTER DATABASE $db SET search_path = \"\$user\", public, scenario"; do
	dropdb --if-exists "$db" && createdb "$db" || exit 1
	out=$(psql_ -c "$how" &&
		python3 demo/generate.py | psql_ >/dev/null &&
		psql_ -f demo/bi.sql >/dev/null &&
		psql_ -f test/forms/forms.sql 2>&1); rc=$?
	dropdb --if-exists "$db"
	[ $rc = 0 ] || { echo "# forms.sql failed after: $how"; sed 's/^/#   /' <<<"$out"; fail=1; continue; }
	if [ -n "${SCENARIO_FORMS_UPDATE:-}" ] && [ "$how" = "CREATE EXTENSION scenario" ]; then
		printf '%s\n' "$out" > test/forms/golden.txt
		echo "# wrote test/forms/golden.txt"
	fi
	if ! diff -u test/forms/golden.txt - <<<"$out" > /tmp/text_forms.$$; then
		echo "# forms differ after: $how"; sed 's/^/# /' /tmp/text_forms.$$; fail=1
	fi
	rm -f /tmp/text_forms.$$
done
exit $fail
