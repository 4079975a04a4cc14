#!/bin/sh
# lifetables.csv by default only up to 100 areas (issue 20: fewer bytes for big runs), with a
# note when it is left out; [projection] lifetables = yes|no and fulcrum project --lifetables
# override it; the other tables are the same bytes either way; a bad value is a located error.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
GEN=$(pwd)/tests/bench/mc_gen.py
D=$(pwd)/datasets
fail() { echo "lifetables.sh: $*"; exit 1; }
command -v python3 >/dev/null || { skip "lifetables.sh: needs python3"; finish lifetables.sh 0; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"

# 100 areas: written; 101 areas: left out, with a note naming the way back
python3 "$GEN" w100 --areas 100 >/dev/null
python3 "$GEN" w101 --areas 101 >/dev/null
"$BIN" run w100/proj.ini --out a100 2>a100.err || fail "100 areas: $(cat a100.err)"; ok
[ -f a100/lifetables.csv ] || fail "100 areas: no lifetables.csv"; ok
! grep -q "lifetables" a100.err || fail "100 areas: a note: $(cat a100.err)"; ok
"$BIN" run w101/proj.ini --out a101 2>a101.err || fail "101 areas: $(cat a101.err)"; ok
[ ! -e a101/lifetables.csv ] || fail "101 areas: lifetables.csv written by default"; ok
grep -q "lifetables.csv is not written for 101 areas (more than 100): lifetables = yes" \
    a101.err || fail "101 areas: no note: $(cat a101.err)"; ok
! grep -q "lifetables.csv" a101/manifest.json || fail "the manifest lists lifetables.csv"; ok
# -q: no note
"$BIN" run w101/proj.ini --out q101 -q 2>q101.err && [ ! -s q101.err ] ||
    fail "-q printed: $(cat q101.err)"; ok

# yes: written at 101 areas, rows for every area; the other tables the same bytes
"$BIN" run w101/proj.ini --set projection.lifetables=yes --out y101 -q || fail "yes"; ok
[ -f y101/lifetables.csv ] || fail "yes: no lifetables.csv"; ok
n=$(cut -d, -f1 y101/lifetables.csv | sed 1d | sort -u | wc -l)
[ "$n" = 101 ] || fail "yes: lifetables.csv covers $n areas, not 101"; ok
for f in projection.csv components.csv; do
    cmp -s "a101/$f" "y101/$f" || fail "yes: $f differs"; ok
done
grep -q '"lifetables.csv"' y101/manifest.json || fail "yes: not in the manifest"; ok
# a rerun into the folder without them removes the earlier run's life tables (one run a folder)
"$BIN" run w101/proj.ini --out y101 -q || fail "rerun"; ok
[ ! -e y101/lifetables.csv ] || fail "the rerun left the earlier lifetables.csv"; ok
# no: not written even for 3 areas
"$BIN" run "$D/example.ini" --set projection.lifetables=no --set appendix.png=no --out n3 -q ||
    fail "no"; ok
[ ! -e n3/lifetables.csv ] && [ -f n3/projection.csv ] || fail "no: lifetables.csv written"; ok

# fulcrum project --lifetables
P="--population w101/population.csv --fertility w101/fertility.csv --mortality w101/mortality.csv"
"$BIN" project $P --out p1 2>/dev/null && [ ! -e p1/lifetables.csv ] || fail "project: auto"; ok
"$BIN" project $P --lifetables yes --out p2 && [ -f p2/lifetables.csv ] || fail "project yes"; ok
cmp -s p1/projection.csv p2/projection.csv || fail "project: projection.csv differs"; ok
set +e
"$BIN" project $P --lifetables maybe --out p3 2>p3.err; rc=$?
set -e
[ "$rc" = 2 ] && grep -q "lifetables" p3.err || fail "--lifetables maybe: exit $rc: $(cat p3.err)"; ok
[ ! -e p3 ] || fail "--lifetables maybe: p3 made"; ok
# a bad value in a scenario: located at its line
printf '[run]\ninclude = %s\n[projection]\nlifetables = sometimes\n' "$T/w101/proj.ini" >bad.ini
set +e
"$BIN" run bad.ini --out b 2>b.err; rc=$?
set -e
[ "$rc" = 3 ] || [ "$rc" = 2 ] || fail "lifetables = sometimes: exit $rc"; ok
grep -q "bad.ini:4" b.err || fail "lifetables = sometimes: not located: $(cat b.err)"; ok
finish lifetables.sh 25
