#!/usr/bin/env bash
# The commands' own behaviour: ./run help is a written text naming every
# command ./run dispatches; an unknown command or purpose fails clearly; and
# test/run --list resolves the suites ./run test installs packages for.
cd "$(dirname "$0")/../.."
fail=0
no() { echo "# $*"; fail=1; }

help=$(./run help) || no "./run help exited non-zero"
for c in $(sed -n 's/^\t\([a-z|]*\)) "cmd_\$cmd".*/\1/p' run | tr '|' ' '); do
	grep -qE "^  $c( |$)" <<<"$help" || no "./run help does not describe '$c'"
done
./run nosuch >/dev/null 2>&1; [ $? = 2 ] || no "./run nosuch should exit 2"
out=$(./run deps nosuch 2>&1) && no "./run deps nosuch should fail"
grep -q "no purpose 'nosuch'" <<<"$out" || no "./run deps nosuch: unclear message: $out"

list() { env -u SCENARIO_SUITES "$@"; }
got=$(list SCENARIO_FUZZ_SECONDS=40 test/run --list)
want="regress pgtap shell dump"
[ -x test/docs/run ] && want="$want docs"
[ "$got" = "$want fuzz" ] || no "test/run --list gives '$got', not '$want fuzz'"
got=$(list SCENARIO_FUZZ_SECONDS=0 test/run --list)
[ "$got" = "$want" ] || no "test/run --list without fuzz gives '$got'"
got=$(list test/run --list tap dump)
[ "$got" = "pgtap dump" ] || no "test/run --list tap dump gives '$got'"
exit $fail
