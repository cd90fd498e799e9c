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
# The classifier's agreement by level (demo/showcase/30_dict.sql): its
# figures move with the dictionary, so only the shape is checked: the
# columns, one row each for opportunities (149) and offerings (480), every
# share in [0, 1], agreement never higher at a finer level, and agreement
# plus no answer at most 1.
agree=$(awk -F'|' '
	/^ *kind *\| rows \| class \| group \| division \| section \| no answer \| cluster \| no cluster *$/ { on = 1; getline; next }
	on && NF < 2 { exit }
	on { for (i = 1; i <= NF; i++) gsub(/^ +| +$/, "", $i); print $1, $2, $3, $4, $5, $6, $7, $8, $9 }
	' <<<"$out")
shape=" table not found"
[ -z "$agree" ] || shape=$(awk '
	{ n++; got[$1] = $2
	  for (i = 3; i <= 9; i++) if ($i !~ /^[01]\.[0-9]+$/ || $i + 0 > 1) bad = bad " " $1 ":share " $i
	  if (!($3 <= $4 && $4 <= $5 && $5 <= $6)) bad = bad " " $1 ":finer level agrees more"
	  if ($3 + $7 > 1.0005 || $8 + $9 > 1.0005) bad = bad " " $1 ":agreement plus no answer over 1" }
	END { if (n != 2 || got["opportunity"] != 149 || got["offering"] != 480) bad = bad " rows:" n
	      print bad }' <<<"$agree")
[ -z "$shape" ] || { echo "# agreement by level: bad shape:$shape"; fail=1; }
[ $fail = 0 ] || sed 's/^/#   /' <<<"$out" | tail -20
exit $fail
