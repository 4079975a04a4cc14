#!/bin/sh
# fulcrum run for one and many scenarios and sweeps: manifest.json checked against sha256sum and
# the files themselves, byte-identical outputs (manifest included) whatever the number of
# threads, one failing run reported while the others finish, --set, the progress display only
# when asked for, --verbose timings, interrupted runs leaving nothing behind.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
D=$(pwd)/datasets
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "batch.sh: $*"; exit 1; }
cd "$T"
unset FC_PROGRESS

# a light scenario: projection to 2030, the PBMA exercise with 200 draws, the appendix PDF
# (its charts drawn by Cairo and Pango in every thread at once)
cat >base.ini <<EOF
[run]
name = base
seed = 7
[projection]
population = $D/demography_population.csv
fertility = $D/demography_fertility.csv
mortality = $D/demography_mortality.csv
migration = $D/demography_migration.csv
horizon = 2030
[pbma]
options = $D/pbma_options.csv
budget = 1500000
threshold = 20000
draws = 200
[appendix]
organisation = Batch test
data_date = 2022-06-30
png = no
svg = no
EOF
# json FILE EXPR: prints a value of the manifest (python's json, not ours)
json() { python3 -c "import json,sys; m=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ---- one run: the manifest against sha256sum and the files -----------------------------------
"$BIN" run base.ini --out one 2>err.txt || { cat err.txt; fail "one run failed"; }
grep -v '^fulcrum: warning: ' err.txt && fail "a run on a pipe printed more than warnings"
[ -f one/manifest.json ] && [ -f one/projection.csv ] && [ -f one/options.csv ] ||
    fail "outputs missing"; ok
json one/manifest.json '"\n".join(sorted(m["outputs"]))' >listed.txt
(cd one && find . -type f ! -name manifest.json | sed 's|^\./||' | sort) >present.txt
cmp -s listed.txt present.txt || fail "the manifest does not list exactly the outputs"; ok
# every output's sha256 and size: the manifest's against sha256sum's and wc's
json one/manifest.json '"\n".join("%s  %s %d" % (v["sha256"], k, v["bytes"]) for k, v in sorted(m["outputs"].items()))' >want.txt
while read -r f; do
    echo "$(cd one && sha256sum "$f") $(wc -c <"one/$f")"
done <listed.txt >got.txt
cmp -s want.txt got.txt || { diff want.txt got.txt; fail "manifest sha256 or bytes differ"; }
for f in base.ini "$D/demography_mortality.csv" "$D/pbma_options.csv"; do
    want=$(sha256sum "$f" | cut -d' ' -f1)
    [ "$(json one/manifest.json "m['inputs']['$f']['sha256']")" = "$want" ] ||
        fail "manifest input $f"; ok
done
[ "$(json one/manifest.json 'len(m["inputs"])')" = 6 ] || fail "inputs: scenario + 5 tables"; ok
[ "$(json one/manifest.json 'm["seed"]')" = 7 ] || fail "seed"; ok
[ "$(json one/manifest.json 'm["scenario"]["pbma"]["budget"]')" = 1500000 ] || fail "scenario"; ok
[ "$(json one/manifest.json 'm["defaults"]["projection"]["migration_timing"]')" = half ] ||
    fail "defaults: migration_timing"; ok
[ "$(json one/manifest.json '" ".join(m["command"])')" = "fulcrum run base.ini --out one" ] ||
    fail "command line"; ok
json one/manifest.json 'm["fulcrum"]["version"], m["fulcrum"]["compiler"], m["fulcrum"]["mode"]' \
    | grep -q "$("$BIN" --version | head -1 | cut -d' ' -f2)" || fail "version"; ok
# same command, same bytes (manifest included); -q and -j do not change the manifest
cp -r one one.first
"$BIN" run base.ini --out one -q -j 3
for f in $(find one.first -type f); do
    cmp "$f" "one/${f#one.first/}" || fail "rerun differs: $f"; ok
done

# a file an earlier run left is not this run's: said once
echo old >one/stale.csv
"$BIN" run base.ini --out one 2>err.txt
grep -q "^fulcrum: warning: one: 1 file not written by this run (not in its manifest): 'stale.csv'$" \
    err.txt || { cat err.txt; fail "no warning for a stale file"; }
rm one/stale.csv

# ---- a sweep, with one and with two threads: every byte the same -----------------------------
cat >sweep.ini <<'EOF'
[run]
include = base.ini
[sweep]
parameter = pbma.budget
values = 500000, 1500000, 2500000
names = low, mid, high
EOF
"$BIN" run sweep.ini --out sw -j 1 2>/dev/null
mv sw sw.j1
"$BIN" run sweep.ini --out sw -j 2 2>/dev/null
[ "$(ls sw)" = "$(printf 'base-high\nbase-low\nbase-mid')" ] || fail "sweep run names: $(ls sw)"; ok
n=0
for f in $(find sw.j1 -type f); do
    cmp "$f" "sw/${f#sw.j1/}" || fail "-j 1 and -j 2 differ: $f"; ok
    n=$((n + 1))
done
[ "$(json sw/base-low/manifest.json 'm["run"]["sweep"]["value"]')" = 500000 ] || fail "sweep value"; ok
[ "$(json sw/base-high/manifest.json 'm["scenario"]["pbma"]["budget"]')" = 2500000 ] ||
    fail "swept budget not in the resolved scenario"; ok
cmp -s sw/base-low/pbma_budget.csv sw/base-high/pbma_budget.csv && fail "the sweep changed nothing"
cmp sw/base-mid/projection.csv one/projection.csv || fail "sweep member differs from the plain run"; ok
# values without names: <name>-<value>, unsafe characters replaced
printf '[run]\ninclude = base.ini\n[sweep]\nparameter = run.seed\nvalues = 1, 2\n' >seeds.ini
"$BIN" run seeds.ini --out seeds -q 2>/dev/null
[ "$(json seeds/base-2/manifest.json 'm["seed"]')" = 2 ] || fail "seed sweep"; ok

# ---- several scenarios; one fails, the others finish -------------------------------------------
sed 's/^name = base/name = second/' base.ini >second.ini
printf '[run]\ninclude = base.ini\nname = broken\n[projection]\nsrb = 9\n' >broken.ini
set +e
"$BIN" run base.ini broken.ini second.ini --out many -j 2 2>err.txt
rc=$?
set -e
[ "$rc" = 3 ] || { cat err.txt; fail "a failed run: exit $rc, expected 3"; }
grep -q "^broken.ini:5: error: 'srb' = 9 is outside 0.5..2.* (run 'broken')$" err.txt ||
    { cat err.txt; fail "the failure is not located and named"; }
grep -q "^fulcrum: error: 1 of 3 runs failed: broken" err.txt || fail "no summary"; ok
[ -f many/base/manifest.json ] && [ -f many/second/manifest.json ] || fail "others did not finish"; ok
[ -z "$(ls -A many/broken 2>/dev/null)" ] || fail "the failed run left files"; ok
cmp many/second/projection.csv one/projection.csv || fail "a batch run differs from its own run"; ok
# two runs with one name would share a folder: refused before anything runs
set +e
"$BIN" run base.ini base.ini --out dup 2>err.txt
rc=$?
set -e
[ "$rc" = 2 ] && grep -q "two runs are named 'base'" err.txt || fail "duplicate names: $rc"; ok
[ ! -e dup ] || fail "duplicate names wrote something"; ok
# a scenario that cannot be read is one failed run too
set +e
"$BIN" run nosuch.ini base.ini --out mixed -q 2>err.txt
rc=$?
set -e
[ "$rc" = 4 ] && grep -q '^nosuch.ini: error: cannot open' err.txt && [ -f mixed/base/manifest.json ] ||
    { cat err.txt; fail "unreadable scenario in a batch: exit $rc"; }

# ---- --set -------------------------------------------------------------------------------------
"$BIN" run base.ini --set pbma.budget=500000 --set projection.horizon=2027 --out set -q
[ "$(json set/manifest.json '",".join(m["run"]["set"])')" = "pbma.budget=500000,projection.horizon=2027" ] ||
    fail "--set not recorded"; ok
[ "$(tail -1 set/projection.csv | cut -d, -f2)" = 2027 ] || fail "--set horizon not applied"; ok
cmp -s set/pbma_budget.csv sw/base-low/pbma_budget.csv || fail "--set budget differs from the sweep's"
expect() { # CODE TEXT -- ARGS
    code=$1 text=$2
    shift 3
    set +e
    "$BIN" "$@" >/dev/null 2>err.txt
    rc=$?
    set -e
    [ "$rc" = "$code" ] || { cat err.txt; fail "fulcrum $*: exit $rc, expected $code"; }
    grep -qF -- "$text" err.txt || { cat err.txt; fail "fulcrum $*: no '$text'"; }
    ok
}
expect 2 "fulcrum: error: --set 'budget': expected SECTION.KEY=VALUE" -- run base.ini --set budget
expect 3 "--set: error: 'lots' is not a number for 'budget'" -- run base.ini --set pbma.budget=lots --out x
expect 3 "--set: error: unknown key 'budgte' in section '[pbma]'" -- run base.ini --set pbma.budgte=1 --out x
expect 2 "fulcrum: error: missing the scenario file" -- run --out x
expect 2 "fulcrum: error: option '--jobs': 'two' is not an integer" -- run base.ini -j two
printf '[run]\ninclude = base.ini\n[sweep]\nparameter = budget\nvalues = 1\n' >sw1.ini
expect 3 "sw1.ini:4: error: parameter must be SECTION.KEY" -- run sw1.ini --out x
printf '[run]\ninclude = base.ini\n[sweep]\nparameter = pbma.budget\nvalues = 1, 2\nnames = a\n' >sw2.ini
expect 3 "sw2.ini:6: error: 1 names for 2 values" -- run sw2.ini --out x
printf '[run]\ninclude = base.ini\n[sweep]\nparameter = pbma.draws\nvalues = 10, -5\n' >sw3.ini
expect 3 "sw3.ini:5: error: 'draws' = -5 is outside" -- run sw3.ini --out x
[ -f x/base-10/manifest.json ] || fail "the good sweep run did not finish"; ok
printf '[run]\ninclude = base.ini\n[sweep]\nparameter = pbma.budget\nvalus = 1\n' >sw4.ini
expect 3 "sw4.ini: error: [sweep] needs 'parameter' (SECTION.KEY) and 'values'" -- run sw4.ini

# ---- progress and logging ----------------------------------------------------------------------
FC_PROGRESS=1 "$BIN" run sweep.ini --out p -j 2 2>err.txt
grep -q 'ETA' err.txt && grep -q "$(printf '\r')" err.txt || fail "no progress line when forced"; ok
grep -q '3/3 runs' err.txt || fail "the progress line does not count runs"; ok
FC_PROGRESS=1 "$BIN" run sweep.ini --out p -q 2>err.txt
grep -v '^fulcrum: warning: ' err.txt && fail "--quiet still prints more than warnings"
"$BIN" run base.ini --out v -v 2>err.txt
for s in projection pbma; do
    grep -Eq "^fulcrum: base: $s [0-9]+\.[0-9]{2} s$" err.txt || fail "--verbose: no $s timing"; ok
done
grep -Eq '^fulcrum: base: done in [0-9]+\.[0-9]{2} s$' err.txt || fail "--verbose: no total"; ok

# ---- interrupted: exit 130, no temporary or half-written file --------------------------------
# The run says when it has made its first temporary output (the test hook FC_TEST_READY_FD
# writes "ready" and waits for the signal): SIGINT lands mid-write every time, however slow the
# host (memcheck included), with no sleeping and hoping.
rm -f ready
mkfifo ready
FC_TEST_READY_FD=9 "$BIN" run base.ini --out int -q 2>err.txt 9>ready &
pid=$!
line=
read -r line <ready || true
[ "$line" = ready ] || fail "the run never reached its first temporary output"; ok
kill -INT $pid
set +e
wait $pid
rc=$?
set -e
[ "$rc" = 130 ] || fail "interrupted run: exit $rc, expected 130"; ok
grep -q 'interrupted; no output files were written' err.txt || fail "interrupt not said"; ok
[ -z "$(ls -A int 2>/dev/null)" ] || fail "an interrupted run left: $(ls -A int)"; ok
echo "batch.sh: manifest = sha256sum, -j 1 = -j 2 over $n files, failures isolated, --set, sweeps, progress, interrupt"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish batch.sh 139 "${fails:-0}"
