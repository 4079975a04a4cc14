#!/bin/sh
# fulcrum verify: passes on a fresh run (plain, --set, sweep member); one changed input byte is
# named and nothing is rerun (exit 3); a missing input exit 4; an output changed after the run,
# or one the rerun does not reproduce, is named with its first differing line (exit 1); a
# missing or malformed manifest is located; misuse exit 2.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
D=$(pwd)/datasets
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "verify.sh: $*"; exit 1; }
cd "$T"
unset FC_PROGRESS
mkdir data
cp "$D"/demography_*.csv "$D"/pbma_options.csv data/
cat >base.ini <<'EOF'
[run]
name = base
seed = 11
[projection]
population = data/demography_population.csv
fertility = data/demography_fertility.csv
mortality = data/demography_mortality.csv
migration = data/demography_migration.csv
horizon = 2030
[pbma]
options = data/pbma_options.csv
budget = 1500000
threshold = 20000
draws = 100
EOF
printf '[run]\ninclude = base.ini\n[sweep]\nparameter = pbma.budget\nvalues = 400000, 900000\n' \
    >sweep.ini
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

"$BIN" run base.ini --out o -q 2>/dev/null
"$BIN" run base.ini --set pbma.threshold=30000 --out s -q 2>/dev/null
"$BIN" run sweep.ini --out sw -q 2>/dev/null
nout=$(python3 -c 'import json; print(len(json.load(open("o/manifest.json"))["outputs"]))')
expect 0 "fulcrum: verified 'o': 6 inputs unchanged, $nout outputs reproduced byte for byte" -- verify o
expect 0 "verified 's'" -- verify s
expect 0 "verified 'sw/base-900000'" -- verify sw/base-900000
"$BIN" verify o -q 2>err.txt
grep -v '^fulcrum: warning: ' err.txt && fail "verify -q printed more than warnings"
# --keep keeps the rerun, byte for byte the same as the run (manifest included: same command)
"$BIN" verify o --keep 2>err.txt
kept=$(sed -n "s/^fulcrum: the rerun is kept in '\(.*\)'$/\1/p" err.txt)
[ -d "$kept" ] || fail "--keep did not keep"; ok
for f in o/*; do cmp "$f" "$kept/${f#o/}" || fail "the rerun differs from the run: $f"; done
rm -rf "$kept"

# one byte of an input changed: named, not rerun, exit 3
cp data/demography_mortality.csv mort.bak
sed -i '7s/0\./1./' data/demography_mortality.csv
expect 3 "data/demography_mortality.csv: error: input changed since the run recorded in 'o/manifest.json'" -- verify o
grep -q "fulcrum: error: 1 input changed or missing since the run (data/demography_mortality.csv): not rerun" err.txt ||
    fail "no summary for a changed input"; ok
cp mort.bak data/demography_mortality.csv
# the scenario file itself is an input too
echo "; a comment" >>base.ini
expect 3 "base.ini: error: input changed since the run" -- verify o
sed -i '$d' base.ini
expect 0 "verified 'o'" -- verify o
# a missing input: exit 4, with a hint about the folder
mv data/pbma_options.csv opt.bak
expect 4 "data/pbma_options.csv: error: input recorded in 'o/manifest.json' cannot be read" -- verify o
grep -q "relative to the folder the run was started in" err.txt || fail "no hint"; ok
mv opt.bak data/pbma_options.csv

# an output edited after the run: exit 1, named
cp o/options.csv opt.bak
sed -i '3s/,/;/' o/options.csv
expect 1 "o/options.csv: error: changed after the run" -- verify o
grep -q "fulcrum: error: 1 of $nout outputs do not match the manifest (options.csv)" err.txt ||
    { cat err.txt; fail "no summary for a changed output"; }
# ...and the manifest edited to match it: now the rerun does not reproduce it, line 3 named
python3 - <<'EOF'
import hashlib, json
m = json.load(open("o/manifest.json"))
m["outputs"]["options.csv"]["sha256"] = hashlib.sha256(open("o/options.csv", "rb").read()).hexdigest()
open("o/manifest.json", "w").write(json.dumps(m, indent=2, sort_keys=True) + "\n")
EOF
expect 1 "o/options.csv: error: not reproduced: the rerun's sha256 differs (first difference at line 3)" -- verify o
cp opt.bak o/options.csv

# the manifest: missing, not JSON (located), not Fulcrum's
expect 4 "nowhere/manifest.json: error: cannot open" -- verify nowhere
mkdir bad
printf '{\n  "manifest": 1,\n  "run": {\n' >bad/manifest.json
expect 3 "bad/manifest.json:4:" -- verify bad
printf '{"hello": 1}\n' >bad/manifest.json
expect 3 "bad/manifest.json: error: not a Fulcrum manifest" -- verify bad
expect 2 "fulcrum: error: missing the output directory to verify" -- verify
expect 2 "fulcrum: error: unexpected argument 's'" -- verify o s
echo "verify.sh: fresh runs verify; changed and missing inputs, edited outputs and irreproducible outputs are named"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish verify.sh 17 "${fails:-0}"
