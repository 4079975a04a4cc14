#!/bin/sh
# Money from the command line: `fulcrum shift` prints the before/after gap table the README
# shows and writes the same as CSV; a budget-neutral shift leaves every gap unchanged; bad
# inputs exit 3 with a located message and write nothing; misuse exits 2.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
F=tests/data/finance
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# the README's what-if: GBP 2m a year from acute to community from 2027/28, released 80% two
# years later: the gap rises by 2m in 2027/28 and 2028/29, then by the 400k not released
"$BIN" shift --from acute --to community --amount 2000000 --from-year 2027 --lag-years 2 \
    --release-pct 80 datasets/example.ini --out "$T/shift" >"$T/stdout" 2>"$T/stderr" ||
    fail "shift exited $?"; ok
# (the change column does not depend on the example's activity, so it is checked exactly)
for l in '2026/27 0.00' '2027/28 2,000,000.00' '2028/29 2,000,000.00' '2029/30 400,000.00' \
    '2034/35 400,000.00'
do
    awk -v y="${l% *}" -v c="${l#* }" '$1 == y && $NF == c { ok = 1 } END { exit !ok }' \
        "$T/stdout" || fail "shift output: the change in ${l% *} is not ${l#* }"; ok
done
grep -q '^year  *envelope  *cost before  *cost after  *gap before  *gap after  *change$' \
    "$T/stdout" || fail "shift output lacks the table header"; ok
awk -F, '$1 == "principal" && $2 == 2029 && $8 == "400000.00" { ok = 1 } END { exit !ok }' \
    "$T/shift/shift_gap.csv" || fail "shift_gap.csv: the 2029 change"; ok

# budget-neutral (the defaults): every variant's gap, cash and real, is unchanged
"$BIN" shift --from acute --to community_nursing_contacts --amount 1234567.89 --from-year 2026 \
    --phase-years 3 datasets/example.ini --out "$T/neutral" >/dev/null 2>&1 || fail "neutral shift"; ok
awk -F, 'NR > 1 && ($6 != $7 || $11 != $12 || $8 != "0.00") { bad++ }
         END { exit bad ? 1 : 0 }' "$T/neutral/shift_gap.csv" ||
    fail "a budget-neutral shift changed a gap"; ok

# the options form on the hand-worked fixtures: the total gap in 2026/27 is 15,639.36
"$BIN" finance --activity $F/activity.csv --drivers $F/drivers.csv --services $F/services.csv \
    --budgets $F/budgets.csv --uplifts $F/uplifts.csv --inflation $F/inflation.csv \
    --efficiency $F/efficiency.csv --horizon 2026 --out "$T/fin" 2>/dev/null || fail "finance"; ok
grep -q '^principal,2026,total,538125.50,553764.86,15639.36,' "$T/fin/gap.csv" ||
    fail "gap.csv: the hand example's 2026 total"; ok

# bad inputs: exit 3, located, nothing written
expect() {
    code=$1; prefix=$2; shift 2
    set +e
    "$BIN" "$@" >/dev/null 2>"$T/err"
    rc=$?
    set -e
    if [ "$rc" != "$code" ]; then
        fail "fulcrum $*: exit $rc, expected $code"; cat "$T/err"
    elif ! grep -q -F -- "$prefix" "$T/err"; then
        fail "fulcrum $*: stderr lacks '$prefix'"; cat "$T/err"
    elif [ -d "$T/out" ] && [ -n "$(ls -A "$T/out")" ]; then
        fail "fulcrum $*: wrote output"
    fi
    rm -rf "$T/out"
    ok
}
base="--activity $F/activity.csv --services $F/services.csv --uplifts $F/uplifts.csv \
--inflation $F/inflation.csv --horizon 2026 --out $T/out"
expect 3 "tests/data/bad/fin_budgets_noservice.csv:6:1: error: programme 'mental_health' has no services" \
    finance $base --budgets tests/data/bad/fin_budgets_noservice.csv
expect 3 "tests/data/bad/fin_budgets_negative.csv:4:4: error: column 'budget': budget '-80000' is negative" \
    finance $base --budgets tests/data/bad/fin_budgets_negative.csv
expect 3 "tests/data/bad/fin_uplifts_year.csv:5:2: error: column 'year': year 2030 is outside the projection" \
    finance --activity $F/activity.csv --services $F/services.csv --budgets $F/budgets.csv \
    --uplifts tests/data/bad/fin_uplifts_year.csv --inflation $F/inflation.csv --horizon 2026 \
    --out "$T/out"
expect 2 "usage: fulcrum shift" shift --from acute datasets/example.ini
expect 2 "option '--to': 'nowhere' is not a programme or service" \
    shift --from acute --to nowhere --amount 1 --from-year 2027 datasets/example.ini --out "$T/out"

# `fulcrum check` validates the finance tables without running (a copy of the example with a
# negative budget), and passes the shipped example
mkdir "$T/chk"
cp datasets/*.csv datasets/example.ini "$T/chk/"
sed 's/^community,pay,nhs,12400000/community,pay,nhs,-5/' datasets/finance_budgets.csv \
    >"$T/chk/finance_budgets.csv"
expect 3 "$T/chk/finance_budgets.csv:4:4: error: column 'budget': budget '-5' is negative" \
    check "$T/chk/example.ini"
"$BIN" check datasets/example.ini >/dev/null 2>&1 || fail "check of the shipped example"; ok

[ "$fails" = 0 ] || exit 1
echo "finance.sh: what-if table as in the README, budget-neutral shift, hand example, located errors"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish finance.sh 19 "${fails:-0}"
