#!/usr/bin/env bash
# The demo pointed at a server that is not there says so and exits non-zero:
# through ./run demo (PGHOST/PGPORT set) and through demo/run directly.
cd "$(dirname "$0")/../.."
fail=0
check() {
	local what=$1; shift
	local out rc
	out=$("$@" 2>&1 </dev/null); rc=$?
	if [ $rc -eq 0 ]; then
		echo "# $what: exit status 0 against an unreachable server"; fail=1
	elif ! grep -q 'cannot reach the PostgreSQL server at 127.0.0.1:1' <<<"$out"; then
		echo "# $what: no clear message; it printed:"; sed 's/^/#   /' <<<"$out"; fail=1
	fi
}
check "./run demo" env PGHOST=127.0.0.1 PGPORT=1 PGDATABASE=nowhere ./run demo
check "demo/run" env PGHOST=127.0.0.1 PGPORT=1 PGDATABASE=nowhere demo/run
exit $fail
