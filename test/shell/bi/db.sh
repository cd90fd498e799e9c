# Sourced by test/shell/bi_*.sh: a fresh database with the extension, the
# demo programme and its BI views (demo/bi.sql), as demo/run loads them.
bi_db_create() {
	local db=$1
	export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
	dropdb --if-exists "$db" && createdb "$db" &&
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -c "CREATE EXTENSION scenario" &&
	python3 demo/generate.py | psql -X -q -v ON_ERROR_STOP=1 -d "$db" >/dev/null &&
	psql -X -q -v ON_ERROR_STOP=1 -d "$db" -f demo/bi.sql >/dev/null ||
	{ echo "# could not prepare database $db"; return 1; }
}
