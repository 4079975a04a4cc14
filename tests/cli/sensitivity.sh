#!/bin/sh
# One-way sensitivity (--sensitivity) of the shipped uncertain example: every value it reports
# at a parameter's low or high end is what a separate run with `--set parameter=value` gives
# (the funding gap, each programme's, the best set's net benefit, the people aged 75+ and the
# options funded), every parameter has its two ends and its rows, the central column is the
# principal run's; a rerun just either side of a switching value finds the states reported;
# and [run] sensitivity is checked like any key.
. tests/cli/lib/expect.sh
# the uncertain example without its appendix (the reruns need the tables only): example.ini's
# sections but [appendix], its tables by absolute path, under example_uncertain.ini's lines
awk -v d="$(pwd)/$D/" '/^\[appendix\]/ { skip = 1; next } /^\[/ { skip = 0 }
     !skip { if ($0 ~ /^[a-z_]+ *= *[a-z_]+\.csv/) { sub(/= */, "= " d) } print }' \
    $D/example.ini >"$T/base.ini"
sed "s|^include = example.ini|include = $T/base.ini|; /^out = /d" $D/example_uncertain.ini >"$T/unc.ini"
S=$T/unc.ini
# (the sensitivity run itself draws the appendix: its Sensitivity section is checked below;
# a two-way grid of two numbers, 5 values a side, too)
"$BIN" run $D/example_uncertain.ini --draws 0 --sensitivity --out "$T/s" -q \
    --set "variant low_fertility.probability=0.2" \
    --set "run.sensitivity_grid=variant principal.inflow_scale, pbma.budget_share" \
    --set run.sensitivity_grid_size=5 2>"$T/err" ||
    { cat "$T/err"; echo "FAIL: the sensitivity run"; fails=$((fails + 1)); }
# the grid: 25 cells, x fastest; two corners rerun with --set of both numbers
python3 - "$T/s/sensitivity_grid.csv" >"$T/gridruns" <<'PY'
import csv, sys
g = list(csv.DictReader(open(sys.argv[1])))
assert len(g) == 25 and len({r["value_x"] for r in g}) == 5 and len({r["value_y"] for r in g}) == 5, len(g)
assert [r["value_y"] for r in g[:5]] == [g[0]["value_y"]] * 5
# (a cell where no set meets the budget says so; a run there stops with that error instead)
last = max(i for i, r in enumerate(g) if r["best_set"] != "none within the budget")
assert any(r["best_set"] == "none within the budget" for r in g)
for i in (0, last):
    r = g[i]
    print("%d\t%s=%s\t%s=%s\t%s\t%s" % (i, r["parameter_x"], r["value_x"], r["parameter_y"],
                                     r["value_y"], r["gap"], r["best_set"]))
PY
while IFS='	' read -r i sx sy gap set; do
    "$BIN" run "$S" --draws 0 --set "$sx" --set "$sy" --out "$T/g$i" -q 2>>"$T/err" ||
        { echo "FAIL: the grid's cell $i"; fails=$((fails + 1)); continue; }
    python3 - "$T/g$i" "$gap" "$set" <<'PY' || { echo "FAIL: grid cell $i differs from its run"; fails=$((fails + 1)); }; ok
import csv, sys
d, gap, bestset = sys.argv[1], float(sys.argv[2]), sys.argv[3]
g = [r for r in csv.DictReader(open(d + "/gap.csv")) if r["variant"] == "principal" and r["programme"] == "total"]
got = float(max(g, key=lambda r: int(r["year"]))["gap"])
assert abs(got - gap) <= 1e-9 * abs(gap), (got, gap)
funded = ";".join(r["option"] for r in sorted(csv.DictReader(open(d + "/options.csv")),
                  key=lambda r: 0) if r["funded"] == "TRUE")
assert set(funded.split(";")) == set(bestset.split(";")), (funded, bestset)
PY
done <"$T/gridruns"
# every parameter at each end, by a separate run (the appendix is drawn too: a plain run)
python3 - "$T/s/sensitivity.csv" >"$T/runs" <<'PY'
import csv, sys
seen = {}
for r in csv.DictReader(open(sys.argv[1])):
    if not r["parameter"].endswith(".probability"):  # (a variant: checked below)
        seen[r["parameter"]] = (r["value_low"], r["value_high"])
for i, (p, (lo, hi)) in enumerate(seen.items()):
    print("%d\t%s=%s\tlow" % (i, p, lo))
    print("%d\t%s=%s\thigh" % (i, p, hi))
PY
while IFS='	' read -r i set end; do
    "$BIN" run "$S" --draws 0 --set "$set" --out "$T/r$i$end" -q 2>>"$T/err" ||
        { echo "FAIL: run --set $set"; fails=$((fails + 1)); }
done <"$T/runs"
"$BIN" run "$S" --draws 0 --out "$T/central" -q 2>>"$T/err" || fails=$((fails + 1))
python3 - "$T" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
T = sys.argv[1]
rows = list(csv.DictReader(open(T + "/s/sensitivity.csv")))
# a variant with a probability is a parameter too: its low end the principal, its high end
# the variant taken, equal to the central run's rows for that variant
var = [r for r in rows if r["parameter"] == "variant low_fertility.probability"]
assert var and all(r["value_low"] == "0" and r["value_high"] == "1" for r in var), var
gv = {r["programme"]: float(r["gap"]) for r in csv.DictReader(open(T + "/central/gap.csv"))
      if r["variant"] == "low_fertility" and r["year"] == max(x["year"] for x in
      csv.DictReader(open(T + "/central/gap.csv")))}
for r in var:
    if r["outcome"].startswith("gap"):
        prog = "total" if r["outcome"] == "gap" else r["outcome"][4:]
        assert abs(float(r["at_high"]) - gv[prog]) <= 1e-9 * abs(gv[prog]), (r, gv[prog])
        assert r["at_low"] == r["central"], r
rows = [r for r in rows if not r["parameter"].endswith(".probability")]
params = list(dict.fromkeys(r["parameter"] for r in rows))
assert len(params) == 8, params   # the example's uncertain numbers

def outcomes(d):
    out = {}
    gap = [r for r in csv.DictReader(open(d + "/gap.csv")) if r["variant"] == "principal"]
    last = max(int(r["year"]) for r in gap)
    for r in gap:
        if int(r["year"]) == last:
            out["gap" if r["programme"] == "total" else "gap." + r["programme"]] = float(r["gap"])
    proj = [r for r in csv.DictReader(open(d + "/projection.csv")) if r["variant"] == "principal"]
    top = max(int(r["year"]) for r in proj)
    out["people_75plus"] = sum(float(r["population"]) for r in proj
                               if int(r["year"]) == top and int(r["age"].rstrip("+")) >= 75)
    opts = list(csv.DictReader(open(d + "/options.csv")))
    out["net_benefit"] = sum(float(r["nmb"]) for r in opts if r["funded"] == "TRUE")
    for r in opts:
        out["funded." + r["option"]] = 1.0 if r["funded"] == "TRUE" else 0.0
    return out

def same(a, b, what):
    assert abs(a - b) <= 1e-9 * max(1.0, abs(b)), (what, a, b)

central = outcomes(T + "/central")
n = 0
for i, p in enumerate(params):
    lo, hi = outcomes(T + "/r%dlow" % i), outcomes(T + "/r%dhigh" % i)
    mine = [r for r in rows if r["parameter"] == p]
    names = [r["outcome"] for r in mine]
    for need in ("gap", "net_benefit", "people_75plus"):
        assert need in names, (p, need)
    for r in mine:
        o = r["outcome"]
        same(float(r["central"]), central[o], (p, o, "central"))
        same(float(r["at_low"]), lo[o], (p, o, "low"))
        same(float(r["at_high"]), hi[o], (p, o, "high"))
        same(float(r["swing"]), abs(hi[o] - lo[o]), (p, o, "swing"))
        n += 4
    # an option is listed exactly when it enters or leaves the set at an end
    moved = sorted(k for k in central if k.startswith("funded.")
                   and (lo[k] != central[k] or hi[k] != central[k]))
    assert moved == sorted(x for x in names if x.startswith("funded.")), (p, moved)
print("sensitivity.sh: %d parameters, %d figures equal to separate runs with --set" % (len(params), n))
PY
# switching values: a rerun just below and just above each of a few (1e-5 of the range away)
# finds the states switching_values.csv reports on each side
python3 - "$T/s/switching_values.csv" >"$T/sw" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["switching_value"] != "NA"]
funded = [r for r in rows if r["outcome"].startswith("funded.")][:3]
gaps = [r for r in rows if r["outcome"].startswith("gap")][:2]
assert len(funded) == 3 and len(gaps) == 2, (len(funded), len(gaps))
for i, r in enumerate(funded + gaps):
    x, d = float(r["switching_value"]), 1e-5 * (float(r["range_high"]) - float(r["range_low"]))
    for side, v, state in (("below", x - d, r["below"]), ("above", x + d, r["above"])):
        print("%d%s\t%s=%r\t%s\t%s" % (i, side, r["parameter"], v, r["outcome"], state))
PY
while IFS='	' read -r id set outcome state; do
    "$BIN" run "$S" --draws 0 --set "$set" --out "$T/w$id" -q 2>>"$T/err" ||
        { echo "FAIL: run --set $set"; fails=$((fails + 1)); continue; }
    python3 - "$T/w$id" "$outcome" "$state" <<'PY' || { echo "FAIL: --set $set: $outcome is not '$state'"; fails=$((fails + 1)); }; ok
import csv, sys
d, outcome, state = sys.argv[1:]
if outcome.startswith("funded."):
    f = [r for r in csv.DictReader(open(d + "/options.csv")) if r["option"] == outcome[7:]][0]
    got = "funded" if f["funded"] == "TRUE" else "not funded"
else:
    prog = "total" if outcome == "gap" else outcome[4:]
    gap = [r for r in csv.DictReader(open(d + "/gap.csv"))
           if r["variant"] == "principal" and r["programme"] == prog]
    g = float(max(gap, key=lambda r: int(r["year"]))["gap"])
    got = "shortfall" if g > 0 else "headroom"
assert got == state, (outcome, got, state)
PY
done <"$T/sw"
! grep -q . "$T/err" || { cat "$T/err"; echo "FAIL: a run printed a warning"; fails=$((fails + 1)); }; ok
# the appendix's Sensitivity section: its tornado charts' tables are sensitivity.csv's rows,
# largest swing first, and the switching values found are its table
python3 - "$T/s" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
d = sys.argv[1]
sens = list(csv.DictReader(open(d + "/sensitivity.csv")))
for outcome, chart in (("gap", "sensitivity_gap"), ("net_benefit", "sensitivity_net_benefit")):
    rows = list(csv.DictReader(open("%s/charts/%s.csv" % (d, chart))))
    want = sorted((r for r in sens if r["outcome"] == outcome), key=lambda r: -float(r["swing"]))
    assert [r["parameter"] for r in rows] == [r["parameter"] for r in want][:12], (outcome, rows)
    for a, b in zip(rows, want):
        for k in ("at_low", "at_high", "swing"):
            assert float(a[k]) == float(b[k]), (outcome, a, b)
print("sensitivity.sh: the tornado charts hold sensitivity.csv's rows, largest swing first")
PY
pdftotext "$T/s/appendix.pdf" "$T/s.txt"
grep -q -x '[0-9] Sensitivity' "$T/s.txt" && grep -q 'moves the funding gap most' "$T/s.txt" &&
    grep -q 'Two-way sensitivity: variant principal.inflow_scale against pbma.budget_share' "$T/s.txt" &&
    grep -q 'Switching values: where a decision or a gap changes' "$T/s.txt" ||
    { echo "FAIL: the appendix has no Sensitivity section"; fails=$((fails + 1)); }; ok
printf '[run]\ninclude = %s\nsensitivity = maybe\n' "$S" >"$T/bad.ini"
expect 3 "$T/bad.ini:3: error:" -- run "$T/bad.ini" --draws 0 --out "$T/out"
printf '[run]\ninclude = %s\nsensitivity = yes\nsensitivity_grid = projection.srb\n' "$S" >"$T/one.ini"
expect 3 "$T/one.ini:4: error: sensitivity_grid names two uncertain numbers" -- run "$T/one.ini" --draws 0 --out "$T/out"
printf '[run]\ninclude = %s\nsensitivity = yes\nsensitivity_grid = projection.srb, run.nope\n' "$S" >"$T/two.ini"
expect 3 "$T/two.ini:4: error: 'run.nope' is not an uncertain number of the scenario" -- run "$T/two.ini" --draws 0 --out "$T/out"
printf '[run]\ninclude = %s\nsensitivity = yes\n' "$(pwd)/$D/example.ini" >"$T/none.ini"
expect 3 "$T/none.ini:3: error: a sensitivity analysis needs an uncertain number in the scenario" -- \
    run "$T/none.ini" --out "$T/out"
[ "$fails" -eq 0 ] || { echo "sensitivity.sh: $fails failed"; exit 1; }
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish sensitivity.sh 18 "${fails:-0}"
