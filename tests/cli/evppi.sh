#!/bin/sh
# `fulcrum psa --parameters` (the EVPPI) on the shipped PSA, whose parameters are the
# multipliers its samples were drawn with: usual care's (it costs and gives nothing) are worth
# nothing; the four that move the two options together are worth the whole EVPI (the net
# benefit is their sum of effects: the additive model is exact); no parameter is worth more
# than the EVPI nor than a group holding it (beyond 1% of the EVPI); the four's is the EVPI to
# 0.01% (the samples were written rounded, so not to the digit); the EVPI beside each is
# evpi.csv's, to the digit; the info-rank chart is sorted at the threshold of the largest EVPI.
# Bad parameter files and groups are located errors with nothing written.
. tests/cli/lib/expect.sh
"$BIN" psa $D/pbma_psa.csv --wtp 0:50000:5000 --parameters $D/pbma_psa_parameters.csv \
    --groups "exercise_classes_cost+exercise_classes_effect;exercise_classes_cost+exercise_classes_effect+multifactorial_cost+multifactorial_effect" \
    --out "$T/p" >/dev/null || { echo "FAIL: the EVPPI run"; fails=$((fails + 1)); }
python3 - "$T/p" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
d = sys.argv[1]
evpi = {r["wtp"]: r["evpi"] for r in csv.DictReader(open(d + "/evpi.csv"))}
rows = list(csv.DictReader(open(d + "/evppi.csv")))
by = {(r["wtp"], r["parameter"]): r for r in rows}
four = "exercise_classes_cost+exercise_classes_effect+multifactorial_cost+multifactorial_effect"
pair = "exercise_classes_cost+exercise_classes_effect"
assert len(rows) == 11 * 8, len(rows)
for w, e in evpi.items():
    E = float(e)
    for r in rows:
        if r["wtp"] == w:
            assert r["evpi"] == e, (w, r)          # the same EVPI, to the digit
            assert 0 <= float(r["evppi"]) <= E, r
    for p in ("usual_care_cost", "usual_care_effect"):
        assert float(by[(w, p)]["evppi"]) == 0, (w, p)
    assert abs(float(by[(w, four)]["evppi"]) - E) <= 1e-4 * max(E, 1), (w, by[(w, four)])
    for p in ("exercise_classes_cost", "exercise_classes_effect"):
        assert float(by[(w, p)]["evppi"]) <= float(by[(w, pair)]["evppi"]) + 0.01 * E, (w, p)
rank = list(csv.DictReader(open(d + "/info_rank.csv")))
top = max(evpi, key=lambda w: float(evpi[w]))
assert [r["wtp"] for r in rank] == [top] * 6, rank
sh = [float(r["share_of_evpi"]) for r in rank]
assert sh == sorted(sh, reverse=True) and rank[0]["parameter"] == "multifactorial_effect", rank
for r in rank:
    assert abs(float(by[(top, r["parameter"])]["share_of_evpi"]) - float(r["share_of_evpi"])) < 1e-15
print("evppi.sh: usual care worth 0, the four multipliers worth the EVPI, none above the EVPI "
      "or its group, info rank sorted at wtp %s" % top)
PY
# against mgcv's GAM on the same samples (tests/data/evppi_mgcv: computed once in R, with its
# provenance): every EVPPI within 2% of the EVPI, the EVPI to the digit
"$BIN" psa $D/pbma_psa.csv --wtp 10000,20000,30000 --parameters $D/pbma_psa_parameters.csv \
    --out "$T/m" >/dev/null || { echo "FAIL: the run against mgcv"; fails=$((fails + 1)); }
python3 - "$T/m/evppi.csv" tests/data/evppi_mgcv/expected.csv <<'PY' || fails=$((fails + 1)); ok
import csv, sys
mine = {(r["wtp"], r["parameter"]): r for r in csv.DictReader(open(sys.argv[1]))}
worst = 0
for r in csv.DictReader(open(sys.argv[2])):
    m = mine[(r["wtp"], r["parameter"])]
    E = float(r["evpi"])
    assert abs(float(m["evpi"]) - E) <= 1e-9 * E, (m, r)
    d = abs(float(m["evppi"]) - float(r["evppi"])) / E
    worst = max(worst, d)
    assert d <= 0.02, (r["wtp"], r["parameter"], m["evppi"], r["evppi"], E)
print("evppi.sh: 18 EVPPIs within %.2f%% of the EVPI of mgcv's GAM on the same samples" % (100 * worst))
PY
head -c 8 "$T/p/info_rank.png" | od -An -c | grep -q 'P   N   G' || { echo "FAIL: info_rank.png"; fails=$((fails + 1)); }; ok
grep -q '<title>Learning multifactorial_effect is worth most' "$T/p/info_rank.svg" ||
    { echo "FAIL: info_rank.svg's title"; fails=$((fails + 1)); }; ok

# from the draws: the uncertain example with 60 draws writes pbma_evppi.csv (each uncertain
# number, then each option's cost and benefit), every EVPPI between 0 and the EVPI, its share
# the ratio, and the appendix draws its info-rank chart from it
"$BIN" run $D/example_uncertain.ini --draws 60 --out "$T/u" -q 2>"$T/u.err" ||
    { cat "$T/u.err"; echo "FAIL: the draws' run"; fails=$((fails + 1)); }
python3 - "$T/u" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/pbma_evppi.csv")))
unc = [r["parameter"] for r in csv.DictReader(open(d + "/parameters_summary.csv"))]
opts = [r["option"] for r in csv.DictReader(open(d + "/options.csv"))]
assert [r["parameter"] for r in rows[:len(unc)]] == unc, rows[:len(unc)]
assert len(rows) == len(unc) + 2 * len(opts), len(rows)
E = float(rows[0]["evpi"])
assert E > 0
for r in rows:
    v = float(r["evppi"])
    assert r["evpi"] == rows[0]["evpi"] and 0 <= v <= E, r
    assert abs(float(r["share_of_evpi"]) - v / E) < 1e-12, r
    assert r["draws"] == "60", r
chart = list(csv.DictReader(open(d + "/charts/uncertainty_evppi.csv")))
top = sorted(rows, key=lambda r: -float(r["share_of_evpi"]))[:len(chart)]
assert [c["parameter"] for c in chart] == [r["parameter"] for r in top], (chart, top)
print("evppi.sh: the draws' EVPPI of %d numbers, none above the EVPI of %.0f; the appendix's "
      "info rank holds the largest" % (len(rows), E))
PY

# bad inputs: located, nothing written
P=$D/pbma_psa.csv
head -1 $D/pbma_psa_parameters.csv >"$T/head.csv"
{ cat "$T/head.csv"; sed -n '2,501p' $D/pbma_psa_parameters.csv | sed '7s/,0\.[0-9]*,/,x,/'; } >"$T/nan.csv"
{ cat "$T/head.csv"; sed -n '2,500p' $D/pbma_psa_parameters.csv; } >"$T/short.csv"
{ cat "$T/head.csv"; sed -n '2,501p' $D/pbma_psa_parameters.csv; echo "501,1,1,1,1,1,1"; } >"$T/extra.csv"
{ sed 's/multifactorial_effect/exercise_classes_cost/' "$T/head.csv"; sed -n '2,501p' $D/pbma_psa_parameters.csv; } >"$T/dup.csv"
expect 2 "fulcrum: error: --groups needs --parameters" -- psa $P --wtp 1000 --groups a --out "$T/out"
expect 2 "fulcrum: error: --groups: 'nope' is not a column of the parameters file" -- \
    psa $P --wtp 1000 --parameters $D/pbma_psa_parameters.csv --groups "usual_care_cost+nope" --out "$T/out"
expect 3 "$T/nan.csv:8:" -- psa $P --wtp 1000 --parameters "$T/nan.csv" --out "$T/out"
expect 3 "$T/short.csv: error: no row for sim 500" -- psa $P --wtp 1000 --parameters "$T/short.csv" --out "$T/out"
expect 3 "$T/extra.csv:502:1: error: column 'sim': sim 501 is not one of the PSA's samples 1..500" -- \
    psa $P --wtp 1000 --parameters "$T/extra.csv" --out "$T/out"
expect 3 "$T/dup.csv:1:7: error: column 'exercise_classes_cost' appears twice (columns 4 and 7)" -- \
    psa $P --wtp 1000 --parameters "$T/dup.csv" --out "$T/out"
expect 4 "$T/none.csv: error: cannot open: No such file or directory" -- psa $P --wtp 1000 --parameters "$T/none.csv" --out "$T/out"
[ "$fails" -eq 0 ] || { echo "evppi.sh: $fails failed"; exit 1; }
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish evppi.sh 12 "${fails:-0}"
