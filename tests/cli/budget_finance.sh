#!/bin/sh
# [pbma] budget = finance (issue 7): the PBMA budget is a share of the plan's own headroom, and
# as the budget key itself it overrides an included plan's fixed budget (budget_from = finance
# cannot, being another key). Checked: the principal's budget is budget_share x the headroom
# of gap.csv (read independently), and every misuse is a located error with nothing written.
. "$(dirname "$0")/lib/expect.sh"
command -v python3 >/dev/null || { echo "budget_finance.sh: SKIP (needs python3)"; exit 0; }
I="include = $PWD/$D/example.ini"

# the principal's budget: 0.12 x acute's headroom in 2030/31
printf '[run]\n%s\n[pbma]\nbudget = finance\nbudget_year = 2030\nbudget_programme = acute\nbudget_share = 0.12\n' \
    "$I" >"$T/ok.ini"
"$BIN" run "$T/ok.ini" --out "$T/ok" -q 2>/dev/null || { echo "FAIL: budget = finance run"; exit 1; }
python3 - "$T/ok" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
d = sys.argv[1]
gap = [r for r in csv.DictReader(open(d + "/gap.csv"))
       if r["variant"] == "principal" and r["programme"] == "acute" and r["year"] == "2030"]
want = -float(gap[0]["gap"]) * 0.12
got = {r["measure"]: r["value"] for r in csv.DictReader(open(d + "/summary.csv"))}
got = float(got["budget_total"])
if not want > 0 or abs(got - want) > 1e-6 * want:
    sys.exit(f"FAIL: budget {got}, expected 0.12 x headroom = {want}")
PY

# misuse, each located at its line
bad() { # bad NAME LINES...: a scenario including example.ini with these [pbma] lines
    name=$1; shift
    { printf '[run]\n%s\n[pbma]\n' "$I"; for l in "$@"; do printf '%s\n' "$l"; done; } >"$T/$name.ini"
}
bad both "budget = finance" "budget_year = 2030" "budget_from = finance"
expect 3 "both.ini:6: error: budget = finance says it already: leave out budget_from" -- \
    run "$T/both.ini" --out "$T/out"
bad noyear "budget = finance"
expect 3 "noyear.ini:4: error: budget = finance needs budget_year" -- \
    run "$T/noyear.ini" --out "$T/out"
printf 'year,budget\n2025,1000000\n' >"$T/budgets.csv"
bad table "budget = finance" "budget_year = 2030" "budgets = $T/budgets.csv"
expect 3 "table.ini:4: error: budget = finance sets the budget: leave out budgets" -- \
    run "$T/table.ini" --out "$T/out"
bad stray "budget_year = 2030"
expect 3 "stray.ini:4: error: 'budget_year' is for budget = finance" -- \
    run "$T/stray.ini" --out "$T/out"
bad from "budget_from = finance" "budget_year = 2030"
expect 3 "from.ini:4: error: budget_from = finance sets the budget: leave out budget and budgets" -- \
    run "$T/from.ini" --out "$T/out"
bad word "budget = financial"
expect 3 "word.ini:4: error:" -- run "$T/word.ini" --out "$T/out"

[ "$fails" -eq 0 ] || { echo "budget_finance.sh: $fails failed"; exit 1; }
echo "budget_finance.sh: budget = finance is the headroom's share, and misuse is located"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish budget_finance.sh 7 "${fails:-0}"
