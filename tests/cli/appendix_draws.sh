#!/bin/sh
# The appendix of a run with Monte Carlo draws (issue 7): the Uncertainty section's charts (the
# older people's fan, the least certain measures of need and services, the funding gap's fan,
# the probability each option is funded) and the band on the population chart are drawn from
# the *_summary.csv tables, and each chart's CSV is checked here against those tables by an
# independent reading (python3): the same numbers, the services chosen by their 80% range, the
# options in order of probability. The whole folder, charts and PDF included, is the same
# bytes for 1 and 2 threads and again from the finished folder (--from); a run without draws
# has no Uncertainty charts.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "appendix_draws.sh: $*"; exit 1; }
command -v python3 >/dev/null || { skip "appendix_draws.sh: needs python3"; finish appendix_draws.sh 0; }

"$BIN" run datasets/example_uncertain.ini --draws 40 --threads 1 --out "$T/a" -q 2>/dev/null ||
    fail "run with draws failed"; ok
"$BIN" run datasets/example_uncertain.ini --draws 40 --threads 2 --out "$T/b" -q 2>/dev/null ||
    fail "run with draws on 2 threads failed"; ok
(cd "$T/a" && find . -type f ! -name manifest.json | sort) >"$T/list"
while read -r f; do cmp -s "$T/a/$f" "$T/b/$f" || fail "$f differs between 1 and 2 threads"; done \
    <"$T/list"
for id in uncertainty_older_people uncertainty_need uncertainty_activity uncertainty_gap \
    pbma_probability_funded; do
    for ext in csv png svg; do
        [ -s "$T/a/charts/$id.$ext" ] || fail "charts/$id.$ext missing"; ok
    done
done

python3 - "$T/a" <<'EOF' || fail "chart tables disagree with the summaries"; ok
import csv, sys
d = sys.argv[1]
def rows(name):
    with open(f"{d}/{name}", newline="") as f:
        return list(csv.DictReader(f))
def close(a, b, what):
    a, b = float(a), float(b)
    if abs(a - b) > 1e-9 * max(1.0, abs(a), abs(b)):
        sys.exit(f"{what}: {a} != {b}")

# the probability funded: every option of pbma_summary.csv, highest probability first
ps = rows("pbma_summary.csv")
pc = rows("charts/pbma_probability_funded.csv")
want = sorted(ps, key=lambda r: -float(r["p_funded"]))  # (stable: ties keep the table's order)
if [r["option"] for r in pc] != [r["option"] for r in want]:
    sys.exit("options not in order of probability")
for a, b in zip(pc, want):
    close(a["p_funded"], b["p_funded"], a["option"])
    if a["funded"] != b["funded"]:
        sys.exit(f"{a['option']}: central plan flag differs")

# the funding gap's fan: gap_summary.csv's total gap, every year
gs = {r["year"]: r for r in rows("gap_summary.csv")
      if r["programme"] == "total" and r["measure"] == "gap"}
gc = rows("charts/uncertainty_gap.csv")
if sorted(r["year"] for r in gc) != sorted(gs):
    sys.exit("gap years differ")
for r in gc:
    for k in ("principal", "p10", "p50", "p90"):
        close(r[k], gs[r["year"]][k], f"gap {r['year']} {k}")

# older people: levels from population_summary.csv's total, index = 100 x level / base principal
po = {(r["age_group"], r["year"]): r for r in rows("population_summary.csv")
      if r["area"] == "total"}
oc = rows("charts/uncertainty_older_people.csv")
if sorted({r["age_group"] for r in oc}) != ["Aged 65+", "Aged 75+", "Aged 85+"]:
    sys.exit("older people's groups: %s" % sorted({r["age_group"] for r in oc}))
years = sorted({y for (_, y) in po})
for r in oc:
    g = r["age_group"].split(" ")[1]
    s = po[(g, r["year"])]
    base = float(po[(g, years[0])]["principal"])
    for k in ("principal", "p10", "p50", "p90"):
        close(r[k], s[k], f"{g} {r['year']} {k}")
        close(r["index_" + k], 100 * float(s[k]) / base, f"{g} {r['year']} index {k}")

# the population chart's band: the draws' p10 and p90 of the total
pt = [r for r in rows("charts/population_total.csv") if r["variant"] == "principal"]
for r in pt:
    s = po[("all", r["year"])]
    close(r["p10"], s["p10"], f"population band {r['year']} p10")
    close(r["p90"], s["p90"], f"population band {r['year']} p90")
    close(r["population"], s["principal"], f"population {r['year']}")

# the least certain services and measures of need: the four widest (p90 - p10) / principal at
# the horizon (ties in the table's order), levels and the index on the first year's principal
def least_certain(table, key, chart):
    acts = rows(table)
    last = max(int(r["year"]) for r in acts)
    first = min(int(r["year"]) for r in acts)
    w = []
    for i, r in enumerate(r for r in acts if int(r["year"]) == last):
        w.append(((float(r["p90"]) - float(r["p10"])) / float(r["principal"]), -i, r[key]))
    top = [s for (_, _, s) in sorted(w, reverse=True)[:4]]
    ac = rows(chart)
    seen = []
    for r in ac:
        if r[key] not in seen:
            seen.append(r[key])
    if seen != top:
        sys.exit(f"{chart}: {seen}, expected {top}")
    by = {(r[key], r["year"]): r for r in acts}
    for r in ac:
        s = by[(r[key], r["year"])]
        base = float(by[(r[key], str(first))]["principal"])
        for k in ("principal", "p10", "p50", "p90"):
            close(r[k], s[k], f"{r[key]} {r['year']} {k}")
            close(r["index_" + k], 100 * float(s[k]) / base, f"{r[key]} index {k}")
least_certain("activity_summary.csv", "service", "charts/uncertainty_activity.csv")
least_certain("need_summary.csv", "measure", "charts/uncertainty_need.csv")
EOF

# from the finished tables alone: the same appendix and charts, byte for byte
"$BIN" appendix datasets/example_uncertain.ini --from "$T/a" --out "$T/f" 2>/dev/null ||
    fail "appendix --from failed"; ok
cmp -s "$T/a/appendix.pdf" "$T/f/appendix.pdf" || fail "--from gives a different PDF"; ok
for f in "$T"/a/charts/*; do
    cmp -s "$f" "$T/f/charts/$(basename "$f")" || fail "--from: $(basename "$f") differs"; ok
done

if command -v pdftotext >/dev/null 2>&1; then
    pdftotext "$T/a/appendix.pdf" "$T/a.txt"
    grep -q 'Uncertainty' "$T/a.txt" || fail "no Uncertainty section in the PDF"; ok
    grep -q 'The uncertain numbers of the scenario' "$T/a.txt" || fail "no parameters table"; ok
    grep -q 'projection.srb' "$T/a.txt" || fail "srb not in the parameters table"; ok
    # the shipped example's budget is its own headroom (budget = finance): the chart says so
    tr '\n' ' ' <"$T/a.txt" | grep -q 'Each draw.s budget is its own headroom' ||
        fail "the P(funded) chart does not say the budget is each draw's headroom"; ok
fi

# without draws: no Uncertainty charts and no band
"$BIN" run datasets/example.ini --out "$T/c" -q 2>/dev/null || fail "run without draws failed"; ok
[ ! -e "$T/c/charts/uncertainty_gap.csv" ] || fail "uncertainty chart without draws"; ok
head -1 "$T/c/charts/population_total.csv" | grep -q '^variant,year,population$' ||
    fail "population chart has a band without draws"; ok
echo "appendix_draws.sh: ok"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish appendix_draws.sh 102 "${fails:-0}"
