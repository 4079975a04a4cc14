#!/bin/sh
# fulcrum check: a good scenario is ok and nothing is written; a scenario with many problems has
# every one listed, each located (a bad value per stage, a bad input table, every unknown key);
# a base scenario's problem shared by the runs of a sweep is listed once; exit codes.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
D=$(pwd)/datasets
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "check.sh: $*"; exit 1; }
cd "$T"
unset FC_PROGRESS
cat >base.ini <<EOF
[run]
name = base
[projection]
population = $D/demography_population.csv
fertility = $D/demography_fertility.csv
mortality = $D/demography_mortality.csv
migration = $D/demography_migration.csv
horizon = 2030
[pbma]
options = $D/pbma_options.csv
budget = 1500000
EOF
expect() { # CODE -- ARGS
    code=$1
    shift 2
    set +e
    "$BIN" "$@" >out.txt 2>err.txt
    rc=$?
    set -e
    [ "$rc" = "$code" ] || { cat err.txt; fail "fulcrum $*: exit $rc, expected $code"; }
    ok
}
# has LINE: stderr holds LINE exactly (debug builds' "[src.c:123]" suffix removed)
has() {
    sed 's/ \[[a-z_/]*\.c:[0-9]*\]$//' err.txt | grep -qxF -- "$1" ||
        { cat err.txt; fail "missing: $1"; }
}

expect 0 -- check base.ini
has "fulcrum: base (base.ini): ok: projection, pbma; 6 input files"
[ "$(ls)" = "$(printf 'base.ini\nerr.txt\nout.txt')" ] || fail "check wrote something: $(ls)"; ok
expect 0 -- check base.ini -q
grep -v '^fulcrum: warning: ' err.txt && fail "check -q printed more than warnings"

# many problems in one pass: each stage's, a table's (located to the column), every unknown key
awk -F, 'NR==214{$5="\"0,0043\""}1' OFS=, "$D/demography_mortality.csv" >mort.csv
cat >bad.ini <<'EOF'
[run]
include = base.ini
name = bad
[projection]
srb = 3
horizn = 2040
mortality = mort.csv
[pbma]
budget = lots
treshold = 1
[bogus]
x = 1
EOF
expect 3 -- check bad.ini
has "bad.ini:5: error: 'srb' = 3 is outside 0.5..2"
has "mort.csv:214:5: error: column 'mx': '0,0043' is not a number"
has "bad.ini:9: error: 'lots' is not a number for 'budget'"
has "bad.ini:6: error: unknown key 'horizn' in section '[projection]'"
has "bad.ini:10: error: unknown key 'treshold' in section '[pbma]'"
has "bad.ini:12: error: unknown section '[bogus]'"
has "fulcrum: error: 6 problems found"
[ "$(grep -c ': error: ' err.txt)" = 7 ] || { cat err.txt; fail "not exactly 6 problems + summary"; }

# an input that cannot be opened: the first problem's exit code (4)
printf '[run]\ninclude = base.ini\nname = gone\n[pbma]\noptions = nosuch.csv\n' >gone.ini
expect 4 -- check gone.ini
has "nosuch.csv: error: cannot open: No such file or directory"

# a sweep: the base's problem once, a bad swept value at the [sweep] line
printf '[run]\ninclude = bad.ini\n[sweep]\nparameter = pbma.draws\nvalues = 10, -5, 20\n' >sw.ini
expect 3 -- check sw.ini
[ "$(grep -c "^bad.ini:5: error: 'srb'" err.txt)" = 1 ] || fail "a shared problem listed twice"; ok
has "sw.ini:5: error: 'draws' = -5 is outside 0..10000000"

# --set applies to every scenario checked; several files in one call
expect 3 -- check base.ini gone.ini --set pbma.budget=-1e20
has "--set: error: '-1e20' is larger in magnitude than 1e+15, the largest value accepted for 'budget'"
expect 0 -- check base.ini --set projection.horizon=2028
expect 2 -- check
has "fulcrum: error: missing the scenario file"
expect 2 -- check base.ini --set nodot=1
expect 4 -- check nosuch.ini
has "nosuch.ini: error: cannot open: No such file or directory"
echo "check.sh: problems listed in one pass, each located; shared problems once; exit codes"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish check.sh 12 "${fails:-0}"
