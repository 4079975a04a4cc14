#!/bin/sh
# Monte Carlo draws (issue 7): the same bytes for 1, 2 and 4 threads and for any memory budget
# (projection passes), with and without control totals; the summaries' principal column is
# the principal's own tables (population_summary.csv: their sums by age group; need_summary.csv:
# need.csv's sums); quantiles recomputed from the raw draws (of the age groups' totals and of
# need too); drawing [need] moves no other draw; need's own growth intervals vary its draws
# alone; only the age groups a grid can form; the p50 of a symmetric
# interval within sampling error of the central run; known distributions' quantiles recovered
# within their standard errors; the PBMA draws equal `[pbma] draws`; located errors.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
GEN=$(pwd)/tests/bench/mc_gen.py
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "draws.sh: $*"; exit 1; }
command -v python3 >/dev/null || { skip "draws.sh: needs python3"; finish draws.sh 0; }
cd "$T"
python3 "$GEN" w --areas 3 --need --control >/dev/null # (ctl.ini: control totals)

same() { # same DIR1 DIR2: every output but manifest.json byte-identical
    for f in $(cd "$1" && ls); do
        [ "$f" = manifest.json ] && continue
        cmp -s "$1/$f" "$2/$f" || fail "$1/$f and $2/$f differ"; ok
    done
}

# ---------------------------------------------------------------- threads, passes, principal
# need.ini is chain.ini (projection, activity, money, PBMA) with a [need] section
for t in 1 2 4; do
    "$BIN" run w/need.ini --draws 80 --seed 11 --threads "$t" --out "c$t" -v 2>"c$t.log" ||
        fail "run with $t threads failed"; ok
done
same c1 c2
same c1 c4
"$BIN" run w/need.ini --draws 80 --seed 11 --set run.summary_memory_mb=1 --raw-draws \
    --out cm -v 2>cm.log || fail "run with a 1 MB budget failed"; ok
for f in projection_summary.csv population_summary.csv need_summary.csv activity_summary.csv \
         capacity_summary.csv gap_summary.csv pbma_summary.csv parameters_summary.csv \
         variants_summary.csv; do
    cmp -s "c1/$f" "cm/$f" || fail "$f depends on the memory budget"; ok
done
# the budget, sized from the machine by default, is in the log, not the outputs (which are
# the same bytes on any machine): one pass by default, several with 1 MB
grep -q 'draws: memory budget for the projection.s draws 256 MiB (one area.s draws need' c1.log ||
    fail "default budget not stated in the log"; ok
grep -q '(1 passes)' c1.log || fail "default budget: one pass expected"; ok
grep -q '(1 passes)' cm.log && fail "1 MB budget: several passes expected"
! grep -q 'projection_passes\|summary_memory_mb' c1/uncertainty.csv ||
    fail "uncertainty.csv records the machine's memory"; ok
grep -q '^draws,80,' c1/uncertainty.csv || fail "draws not recorded"; ok
grep -q '^need_growth_intervals,1,' c1/uncertainty.csv || fail "need growth intervals not drawn"; ok
# drawing [need] (its growth intervals have a stream of their own) moves no other draw
"$BIN" run w/chain.ini --draws 80 --seed 11 --out c0 -q 2>/dev/null || fail "run without need"; ok
for f in $(cd c0 && ls); do
    case $f in manifest.json | uncertainty.csv) continue ;; esac
    cmp -s "c0/$f" "c1/$f" || fail "$f changes when [need] is drawn too"; ok
done
[ ! -e c0/need_summary.csv ] || fail "need_summary.csv without [need]"; ok
grep -q -- '--draws' c1/manifest.json || fail "the manifest does not record --draws"; ok
grep -q 'threads' c1/manifest.json && fail "the manifest records --threads"

python3 - c1 cm <<'PY' || fail "summaries do not match the principal tables or the raw draws"; ok
import csv, math, sys
d, m = sys.argv[1], sys.argv[2]
rd = lambda f: list(csv.DictReader(open(f)))
# principal column = the principal's own tables, to the bit
P = {(r["area"], r["year"], r["sex"], r["age"]): r["population"]
     for r in rd(d + "/projection.csv") if r["variant"] == "principal"}
S = rd(d + "/projection_summary.csv")
assert len(S) == len(P), (len(S), len(P))
for r in S:
    assert P[(r["area"], r["year"], r["sex"], r["age"])] == r["principal"], r
A = {}
for r in rd(d + "/activity.csv"):
    if r["variant"] == "principal":
        k = (r["service"], r["year"])
        A[k] = A.get(k, 0.0) + float(r["activity"])  # areas in file order, as the draws sum
for r in rd(d + "/activity_summary.csv"):
    assert float(r["principal"]) == A[(r["service"], r["year"])], r
G = {(r["programme"], r["year"]): r for r in rd(d + "/gap.csv") if r["variant"] == "principal"}
for r in rd(d + "/gap_summary.csv"):
    assert float(r["principal"]) == float(G[(r["programme"], r["year"])][r["measure"]]), r
F = {r["option"]: r["funded"] == "TRUE" for r in rd(d + "/options.csv")}
for r in rd(d + "/pbma_summary.csv"):
    assert (r["funded"] == "TRUE") == F[r["option"]], r
# quantiles (type 7) and means recomputed from the raw draws
def q7(x, p):
    x = sorted(x); h = (len(x) - 1) * p; f = math.floor(h)
    return x[f] + (h - f) * (x[min(f + 1, len(x) - 1)] - x[f])
raw = {}
for r in rd(m + "/projection_draws.csv"):
    raw.setdefault((r["area"], r["year"], r["sex"], r["age"]), []).append(float(r["population"]))
assert len(raw) == len(S)
for i, r in enumerate(S):
    if i % 7:
        continue
    x = raw[(r["area"], r["year"], r["sex"], r["age"])]
    assert len(x) == 80
    for p, c in ((0.1, "p10"), (0.5, "p50"), (0.9, "p90")):
        assert q7(x, p) == float(r[c]), (r, c, q7(x, p))
    assert abs(sum(x) / len(x) - float(r["mean"])) <= 1e-12 * max(1.0, abs(float(r["mean"]))), r
# population_summary.csv: the principal is the sum of projection.csv's rows (in file order,
# as the draws add them), per area and then over areas in area order; p10/p50/p90 are the
# quantiles of each draw's sum (not sums of the cells' quantiles)
GR = [("all", 0, 999), ("0-14", 0, 15), ("15-64", 15, 65), ("65+", 65, 999), ("75+", 75, 999),
      ("85+", 85, 999)]
lo = lambda a: int(a.split("-")[0].rstrip("+"))
def sums(rows, key):  # rows in file order -> {(key..., group): sum}
    out = {}
    for r in rows:
        for g, a, b in GR:
            if a <= lo(r["age"]) < b:
                k = key(r) + (g,)
                out[k] = out.get(k, 0.0) + float(r["population"])
    return out
areas = list(dict.fromkeys(r["area"] for r in S))
def totals(by):  # by[(area, year, ..., group)] -> the same keyed "total", areas in order
    out = {}
    for a in areas:
        for k, v in by.items():
            if k[0] == a:
                t = ("total",) + k[1:]
                out[t] = out.get(t, 0.0) + v
    return out
pp = sums((r for r in rd(d + "/projection.csv") if r["variant"] == "principal"),
          lambda r: (r["area"], r["year"]))
pp.update(totals(pp))
PS = rd(d + "/population_summary.csv")
assert list(PS[0].keys()) == ["area", "year", "age_group", "principal", "mean", "p10", "p50",
                              "p90"], PS[0].keys()
assert len(PS) == len(pp), (len(PS), len(pp))
order = [(r["area"], r["year"], r["age_group"]) for r in PS]
assert order == sorted(order, key=lambda k: (k[0] == "total", areas.index(k[0]) if
                       k[0] != "total" else 0, k[1], [g for g, a, b in GR].index(k[2]))), order
for r in PS:
    assert float(r["principal"]) == pp[(r["area"], r["year"], r["age_group"])], r
pd = sums(rd(m + "/projection_draws.csv"), lambda r: (r["area"], r["year"], r["draw"]))
pd.update(totals(pd))
for r in PS:
    x = [pd[(r["area"], r["year"], str(k), r["age_group"])] for k in range(1, 81)]
    for p, c in ((0.1, "p10"), (0.5, "p50"), (0.9, "p90")):
        assert abs(q7(x, p) - float(r[c])) <= 1e-9 * abs(q7(x, p)), (r, c, q7(x, p))
    assert abs(sum(x) / len(x) - float(r["mean"])) <= 1e-9 * abs(float(r["mean"])), r
assert any(float(r["p10"]) < float(r["p90"]) for r in PS if r["area"] == "total")
# need_summary.csv: the principal is need.csv summed over areas (file order); quantiles of
# need_draws.csv
Nd = {}
for r in rd(d + "/need.csv"):
    if r["variant"] == "principal":
        k = (r["measure"], r["year"])
        Nd[k] = Nd.get(k, 0.0) + float(r["need"])
NS = rd(d + "/need_summary.csv")
assert list(NS[0].keys()) == ["year", "measure", "principal", "mean", "p10", "p50", "p90"]
assert len(NS) == len(Nd), (len(NS), len(Nd))
nraw = {}
for r in rd(m + "/need_draws.csv"):
    nraw.setdefault((r["measure"], r["year"]), []).append(float(r["need"]))
for r in NS:
    assert float(r["principal"]) == Nd[(r["measure"], r["year"])], r
    x = nraw[(r["measure"], r["year"])]
    assert len(x) == 80
    for p, c in ((0.1, "p10"), (0.5, "p50"), (0.9, "p90")):
        assert q7(x, p) == float(r[c]), (r, c, q7(x, p))
act = {}
for r in rd(m + "/activity_draws.csv"):
    act.setdefault((r["service"], r["year"]), []).append(float(r["activity"]))
for r in rd(d + "/activity_summary.csv"):
    x = act[(r["service"], r["year"])]
    assert q7(x, 0.5) == float(r["p50"]), r
PY

# ---------------------------------------------------------------- control totals (coupled)
"$BIN" run w/ctl.ini --draws 40 --threads 1 --out k1 -q 2>/dev/null || fail "control run"; ok
"$BIN" run w/ctl.ini --draws 40 --threads 2 --set run.summary_memory_mb=1 --out k2 -q \
    2>/dev/null || fail "control run, 1 MB"; ok
for f in projection_summary.csv population_summary.csv; do
    cmp -s "k1/$f" "k2/$f" || fail "control totals: $f depends on threads or passes"; ok
done
python3 - k1 <<'PY' || fail "control totals: principal column"; ok
import csv, sys
d = sys.argv[1]
P = {(r["area"], r["year"], r["sex"], r["age"]): r["population"]
     for r in csv.DictReader(open(d + "/projection.csv"))}
for r in csv.DictReader(open(d + "/projection_summary.csv")):
    assert P[(r["area"], r["year"], r["sex"], r["age"])] == r["principal"], r
PY

# ---------------------------------------------------------------- need alone uncertain
# a projection without uncertainty and a need growth table with intervals: the population's
# draws are all the principal, the need of a measure with an interval varies, and of one
# without it does not
cat >w/nonly.ini <<'EOF'
[run]
seed = 3
[projection]
population = population.csv
fertility = fertility.csv
mortality = mortality.csv
migration = migration.csv
horizon = 2035
[need]
rates = need_rates.csv
growth = need_growth.csv
EOF
"$BIN" run w/nonly.ini --draws 30 --threads 1 --out no1 -q 2>/dev/null || fail "need-only run"; ok
"$BIN" run w/nonly.ini --draws 30 --threads 3 --out no3 -q 2>/dev/null || fail "need-only run"; ok
same no1 no3
python3 - no1 <<'PY' || fail "need-only uncertainty"; ok
import csv, sys
d = sys.argv[1]
for r in csv.DictReader(open(d + "/projection_summary.csv")):
    assert r["principal"] == r["p10"] == r["p90"], r
moved = set()
for r in csv.DictReader(open(d + "/need_summary.csv")):
    if float(r["p10"]) < float(r["p90"]):
        moved.add(r["measure"])
        assert r["year"] != "2024", r
    else:
        assert r["principal"] == r["p10"] == r["p50"] == r["p90"] == r["mean"], r
assert moved == {"dementia", "diabetes"}, moved
PY

# ---------------------------------------------------------------- five-year groups, 80+
# population_summary.csv writes only the age groups the grid can form: no 85+ under 80+
python3 - w <<'PY'
import csv, sys
d = sys.argv[1]
band = lambda a: "80+" if int(a.rstrip("+")) >= 80 else "%d-%d" % (int(a) // 5 * 5,
                                                                  int(a) // 5 * 5 + 4)
def agg(src, dst, key, val, fmt, mean=False):
    out = {}
    for r in csv.DictReader(open(d + "/" + src)):
        k = tuple(band(r[c]) if c == "age" else r[c] for c in key)
        out[k] = out.get(k, 0.0) + float(r[val]) / (5 if mean else 1)
    with open(d + "/" + dst, "w") as f:
        f.write(",".join(key) + "," + val + "\n")
        for k, v in out.items():
            f.write(",".join(k) + "," + fmt % v + "\n")
agg("population.csv", "pop5.csv", ("area", "year", "sex", "age"), "population", "%.0f")
agg("fertility.csv", "fert5.csv", ("area", "age"), "asfr", "%.6g", mean=True)
agg("migration.csv", "mig5.csv", ("area", "sex", "age"), "net", "%.4f")
PY
sed -e 's/^population = population.csv$/population = pop5.csv/' \
    -e 's/^fertility = fertility.csv$/fertility = fert5.csv/' \
    -e 's/^migration = migration.csv$/migration = mig5.csv/' w/proj.ini >w/five.ini
"$BIN" run w/five.ini --draws 20 --out f5 -q 2>/dev/null || fail "five-year run"; ok
[ "$(cut -d, -f3 f5/population_summary.csv | sed 1d | sort -u | tr '\n' ' ')" = \
  "0-14 15-64 65+ 75+ all " ] || fail "five-year groups to 80+: age groups written"; ok

# ---------------------------------------------------------------- statistics
# one symmetric interval (the sex ratio at birth) moves every cell of the projection one way:
# the p50 of each cell is within sampling error of the central run; the distributions'
# 10%, 50% and 90% points are recovered within four standard errors
cat >w/stat.ini <<'EOF'
[run]
seed = 2024
[projection]
population = population.csv
fertility = fertility.csv
mortality = mortality.csv
horizon = 2034
srb = [1.0, 1.1]
[finance]
services = services.csv
budgets = budgets.csv
activity = none.csv
discount_rate = lognormal(1.2, 0.25)
uplift_pct = triangular(0, 1, 4)
efficiency_pct = gamma(4, 0.5)
pay_pct = beta(2, 5)
prices_pct = 2
deflator_pct = 2
EOF
python3 - w <<'PY'
import csv, sys
with open(sys.argv[1] + "/none.csv", "w") as f:
    f.write("year,service,activity\n")
    for y in range(2024, 2035):
        for k in range(1, 21):
            f.write("%d,svc%02d,1000\n" % (y, k))
PY
"$BIN" run w/stat.ini --draws 2000 --out st -q 2>/dev/null || fail "statistics run"; ok
python3 - st <<'PY' || fail "statistics"; ok
import csv, math, sys
d = sys.argv[1]
N = 2000
par = {r["parameter"]: r for r in csv.DictReader(open(d + "/parameters_summary.csv"))}
def check(name, q10, q50, q90, dens):
    r = par[name]
    for p, q, c in ((0.1, q10, "p10"), (0.5, q50, "p50"), (0.9, q90, "p90")):
        se = math.sqrt(p * (1 - p) / N) / dens(q)
        assert abs(float(r[c]) - q) <= 4 * se, (name, c, r[c], q, se)
z = 1.2815515655446004
sd = 0.1 / (2 * z)
npdf = lambda m, s: (lambda x: math.exp(-0.5 * ((x - m) / s) ** 2) / (s * math.sqrt(2 * math.pi)))
check("projection.srb", 1.0, 1.05, 1.1, npdf(1.05, sd))
mu, s = 1.2, 0.25
check("finance.discount_rate", math.exp(mu - z * s), math.exp(mu), math.exp(mu + z * s),
      lambda x: npdf(mu, s)(math.log(x)) / x)
tq = lambda u: math.sqrt(u * 4 * 1) if u <= 0.25 else 4 - math.sqrt((1 - u) * 4 * 3)
check("finance.uplift_pct", tq(0.1), tq(0.5), tq(0.9),
      lambda x: 2 * x / 4 if x < 1 else 2 * (4 - x) / 12)
# gamma(4, 0.5) and beta(2, 5): quantiles by bisection of their CDFs (series)
def gcdf(x, k=4, th=0.5):
    y = x / th
    return 1 - math.exp(-y) * sum(y ** i / math.factorial(i) for i in range(k))
def bcdf(x, a=2, b=5):  # integer parameters: binomial form
    n = a + b - 1
    return sum(math.comb(n, j) * x ** j * (1 - x) ** (n - j) for j in range(a, n + 1))
def inv(F, p, lo, hi):
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if F(mid) < p else (lo, mid)
    return (lo + hi) / 2
gpdf = lambda x: (x / 0.5) ** 3 * math.exp(-x / 0.5) / (6 * 0.5)
bpdf = lambda x: 30 * x * (1 - x) ** 4
check("finance.efficiency_pct", *(inv(gcdf, p, 0, 50) for p in (0.1, 0.5, 0.9)), gpdf)
check("finance.pay_pct", *(inv(bcdf, p, 0, 1) for p in (0.1, 0.5, 0.9)), bpdf)
# the p50 of every cell vs the central run: births (and every cell that depends on them) are
# monotone in the sex ratio, so the cell's p50 is the cell at the sample median of the srb
n, worst = 0, 0.0
for r in csv.DictReader(open(d + "/projection_summary.csv")):
    lo, hi = float(r["p10"]), float(r["p90"])
    if hi - lo <= 1e-9 * abs(hi):
        continue  # not moved by the sex ratio (the base year, older ages)
    se = 1.2533 * (hi - lo) / (2 * z) / math.sqrt(N)
    zz = abs(float(r["p50"]) - float(r["principal"])) / se
    worst = max(worst, zz)
    n += 1
assert n > 100, n
assert worst < 3, worst
print("draws.sh: p50 vs principal over %d moving cells: |z| <= %.2f" % (n, worst))
PY

# ---------------------------------------------------------------- PBMA draws = [pbma] draws
cat >w/pb.ini <<'EOF'
[run]
seed = 5
[pbma]
options = options.csv
budget = 3000000
threshold = 20000
draws = 150
EOF
"$BIN" run w/pb.ini --draws 150 --out pb -q 2>/dev/null || fail "PBMA run"; ok
python3 - pb <<'PY' || fail "P(funded) of the draws differs from [pbma] draws"; ok
import csv, sys
d = sys.argv[1]
F = {r["option"]: float(r["p_funded"]) for r in csv.DictReader(open(d + "/options.csv"))}
for r in csv.DictReader(open(d + "/pbma_summary.csv")):
    assert float(r["p_funded"]) == F[r["option"]], (r, F[r["option"]])
PY

# ---------------------------------------------------------------- errors
expect() { # expect CODE PATTERN -- ARGS...: exit status and first error line
    code=$1 pat=$2
    shift 3
    set +e
    "$BIN" "$@" >out.txt 2>err.txt
    rc=$?
    set -e
    [ "$rc" -eq "$code" ] || { cat err.txt; fail "expected exit $code, got $rc: $*"; }
    grep -q -- "$pat" err.txt || { cat err.txt; fail "no '$pat' in the error of: $*"; }
    [ ! -e xx ] || fail "output written after an error: $*"; ok
}
expect 2 "draws" -- run w/chain.ini --draws -1 --out xx
expect 2 "threads" -- run w/chain.ini --draws 5 --threads 0 --out xx
sed 's/^srb = .*/srb = lognormal(1)/' w/proj.ini >w/e1.ini
expect 3 "e1.ini:[0-9]*: error: 'srb' = lognormal(1): lognormal needs 2 numbers" -- \
    run w/e1.ini --draws 5 --out xx
sed 's/^srb = .*/srb = [5, 1]/' w/proj.ini >w/e2.ini
expect 3 "e2.ini:[0-9]*: error: 'srb' = \[5, 1\]: the interval's low end 5" -- \
    run w/e2.ini --out xx
sed 's/^hsa_fraction = .*/hsa_fraction = beta(-2, 3)/' w/chain.ini >w/e3.ini
expect 3 "e3.ini:[0-9]*: error: 'hsa_fraction' = beta(-2, 3): beta: shape a -2" -- \
    run w/e3.ini --draws 5 --out xx
cat w/proj.ini >w/e4.ini
printf '[variant low]\nprobability = [0.1, 0.2]\n' >>w/e4.ini
expect 3 "e4.ini:[0-9]*: error: a variant's probability must be one number" -- \
    run w/e4.ini --draws 5 --out xx
sed 's/^\[activity\]$/[activity]\nprojection = w.csv/' w/chain.ini >w/e5.ini
expect 3 "e5.ini:[0-9]*: error: Monte Carlo draws project the population themselves" -- \
    run w/e5.ini --draws 5 --out xx
sed 's/^\[need\]$/[need]\nprojection = w.csv/' w/need.ini >w/e6.ini
expect 3 "e6.ini:[0-9]*: error: Monte Carlo draws project the population themselves: leave" -- \
    run w/e6.ini --draws 5 --out xx
grep -q 'out \[need\] projection' err.txt || fail "the [need] projection error names [need]"; ok
# an uncertain number of a stage the draws cannot repeat: located at its line, in a run and in
# `fulcrum check` (each stage makes its own spec for a draw; [appendix] has no such path)
cat w/proj.ini >w/e7.ini
printf '[appendix]\ndpi = [100, 200]\n' >>w/e7.ini
expect 3 "e7.ini:[0-9]*: error: 'dpi' cannot vary across draws: the \[appendix\] stage has no" -- \
    run w/e7.ini --draws 5 --out xx
expect 3 "e7.ini:[0-9]*: error: 'dpi' cannot vary across draws" -- check w/e7.ini --set run.draws=5
echo "draws.sh: 1/2/4 threads and 1 MB passes identical (with and without control totals);" \
     "principal columns, raw-draw quantiles (age-group totals, need too), need's own draws," \
     "age groups of the grid, distributions and P(funded) check out; errors located"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish draws.sh 140 "${fails:-0}"
