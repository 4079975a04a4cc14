#!/bin/sh
# fulcrum standardise: the --help example runs and its dsr.csv and smr.csv agree with an
# independent computation from the raw CSVs (python, standard library: PHE's formulas for
# Dobson's method, Byar's limits and exact limits from the incomplete gamma function, not our
# code or GSL); the exact method; the [standardise] stage on the projection in memory gives the
# same bytes as the command; bad inputs are located errors with nothing written; real data: the
# ONS 2018-based projection read as published (area_code, 100 = 100+, variants, years).
. "$(dirname "$0")/lib/expect.sh"

# the oracle: python3 oracle.py COUNTS POPULATION STANDARD METHOD PER OUTDIR [YEAR VARIANT OPEN]
cat >"$T/oracle.py" <<'PY'
import csv, math, sys
from statistics import NormalDist

cntf, popf, stdf, method, per, outd = sys.argv[1:7]
year = variant = None
open_age = None
if len(sys.argv) > 7:
    year, variant, open_age = sys.argv[7], sys.argv[8], int(sys.argv[9])
per = float(per)

def band(age):                      # '0-4', '90+', '67' -> (lo, hi); hi None = open
    if age.endswith("+"):
        return int(age[:-1]), None
    if "-" in age:
        lo, hi = age.split("-")
        return int(lo), int(hi)
    return int(age), int(age)

std = [(band(r["age"]), float(r["population"])) for r in csv.DictReader(open(stdf))]
std.sort()
def j_of(lo, hi):                   # the standard band holding [lo, hi]
    for j, ((a, b), _) in enumerate(std):
        if lo >= a and (b is None or (hi is not None and hi <= b)):
            return j
    raise ValueError((lo, hi))
W = [w for _, w in std]
NB = len(W)

def sexof(s):
    s = s.lower()
    return {"f": 0, "female": 0, "m": 1, "male": 1}[s]

c = {}                               # (area, measure, sex) -> [count by band]
areas, measures = [], []
for r in csv.DictReader(open(cntf)):
    a, m = r.get("area") or r.get("area_code"), r.get("measure", "all")
    if a not in areas:
        areas.append(a)
    if m not in measures:
        measures.append(m)
    c.setdefault((a, m, sexof(r["sex"])), [0.0] * NB)[j_of(*band(r["age"]))] += float(r["count"])
n = {}                               # (area, sex) -> [person-years by band]
for r in csv.DictReader(open(popf)):
    a = r.get("area") or r.get("area_code")
    if a not in areas or (year and r["year"] != year) or (variant and r["variant"] != variant):
        continue
    lo, hi = band(r["age"])
    if open_age is not None and lo == open_age:
        hi = None
    n.setdefault((a, sexof(r["sex"])), [0.0] * NB)[j_of(lo, hi)] += float(r["population"])

def byar(o, conf):
    z = NormalDist().inv_cdf(1 - (1 - conf) / 2)
    lo = o * (1 - 1 / (9 * o) - z / (3 * math.sqrt(o))) ** 3 if o > 0 else 0.0
    hi = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * math.sqrt(o + 1))) ** 3
    return lo, hi

def gammap(a, x):                    # regularised lower incomplete gamma P(a, x)
    if x <= 0:
        return 0.0
    lead = math.exp(a * math.log(x) - x - math.lgamma(a))
    if x < a + 1:                    # series
        s = t = 1.0 / a
        k = a
        while abs(t) > 1e-17 * abs(s):
            k += 1
            t *= x / k
            s += t
        return s * lead
    b, cc, d = x + 1 - a, 1e300, 1 / (x + 1 - a)   # continued fraction (Lentz) for Q
    h = d
    i = 1
    while True:
        an = -i * (i - a)
        b += 2
        d = an * d + b
        d = 1e-300 if abs(d) < 1e-300 else d
        cc = b + an / cc
        cc = 1e-300 if abs(cc) < 1e-300 else cc
        d = 1 / d
        delta = d * cc
        h *= delta
        i += 1
        if abs(delta - 1) < 1e-16:
            break
    return 1 - lead * h

def solve(a, p):                     # x with P(a, x) = p, by bisection
    lo, hi = 0.0, a + 40 * math.sqrt(a) + 40
    for _ in range(200):
        mid = (lo + hi) / 2
        if gammap(a, mid) < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2

def exact(o, conf):                  # Garwood: chi2(a/2, 2o)/2 and chi2(1-a/2, 2o+2)/2
    al = 1 - conf
    return (solve(o, al / 2) if o > 0 else 0.0), solve(o + 1, 1 - al / 2)

def limits(o, conf, how):
    return exact(o, conf) if how == "exact" else byar(o, conf)

rows = {}
for m in measures:
    sexes = [s for s in (0, 1) if any((a, m, s) in c for a in areas)]
    ref = {}
    for s in sexes:                  # all the counts' areas together
        ref[s] = [sum(c.get((a, m, s), [0] * NB)[k] for a in areas) /
                  sum(n[(a, s)][k] for a in areas) for k in range(NB)]
    for a in areas:
        groups = [(str("FM"[s]), [s]) for s in sexes] + ([("P", [0, 1])] if len(sexes) == 2 else [])
        for label, ss in groups:
            cs = [x for s in ss for x in c.get((a, m, s), [0.0] * NB)]
            ns = [x for s in ss for x in n[(a, s)]]
            ws = [x for s in ss for x in W]
            rs = [x for s in ss for x in ref[s]]
            o, pop, sw = sum(cs), sum(ns), sum(ws)
            dsr = per * sum(w * x / y for w, x, y in zip(ws, cs, ns) if y > 0) / sw
            var = sum(w * w * x / (y * y) for w, x, y in zip(ws, cs, ns) if y > 0) / sw ** 2
            e = sum(x * y for x, y in zip(ns, rs))
            d = {"observed": o, "population": pop, "crude_rate": per * o / pop}
            if o >= 10:
                d["dsr"] = dsr
                for conf, tag in ((0.95, "95"), (0.998, "998")):
                    lo, hi = limits(o, conf, "exact" if method == "exact" else "byar")
                    k = per * math.sqrt(var / o)
                    d["lower" + tag], d["upper" + tag] = dsr + k * (lo - o), dsr + k * (hi - o)
            s = {"observed": o, "expected": e, "smr": o / e}
            how = "exact" if method == "exact" or (method == "phe" and o < 10) else "byar"
            for conf, tag in ((0.95, "95"), (0.998, "998")):
                lo, hi = limits(o, conf, how)
                s["lower" + tag], s["upper" + tag] = lo / e, hi / e
            rows[(a, m, label)] = (d, s, how)

bad = 0
def check(f, which):
    global bad
    got = list(csv.DictReader(open(f)))
    if len(got) != len(rows):
        print("%s: %d rows, expected %d" % (f, len(got), len(rows)))
        bad += 1
    for r in got:
        want = rows[(r["area"], r["measure"], r["sex"])]
        exp = want[which]
        for k, v in exp.items():
            tol = 1e-8 if (which == 1 and want[2] == "exact") or method == "exact" else 1e-11
            if abs(float(r[k]) - v) > tol * abs(v) + 1e-12:
                print("%s %s %s %s %s: got %s, expected %.17g" % (f, r["area"], r["measure"],
                                                               r["sex"], k, r[k], v))
                bad += 1
        if which == 1 and r["method"] != want[2]:
            print("%s: method %s, expected %s" % (f, r["method"], want[2]))
            bad += 1
check(outd + "/dsr.csv", 0)
check(outd + "/smr.csv", 1)
print("oracle: %d rows of dsr.csv and smr.csv (%s limits) match" % (len(rows), method))
sys.exit(1 if bad else 0)
PY

# ---------------------------------------------------------------- the --help example
cmd=$("$BIN" standardise --help | sed -n '/^examples:/,$p' | sed -n '2,4p' | sed 's/\\$//' |
      tr -d '\n' | sed "s|--out out/[a-z_]*|--out $T/ex|; s|^ *fulcrum|$BIN|")
eval "$cmd" 2>/dev/null
C=$D/standardise_admissions.csv
S=$D/standardise_esp2013.csv
P=$D/demography_population.csv
if command -v python3 >/dev/null; then
    python3 "$T/oracle.py" $C $P $S phe 100000 "$T/ex" || fails=$((fails + 1)); ok
    "$BIN" standardise --counts $C --population $P --standard $S --method exact --per 1000 \
        --out "$T/exact" 2>/dev/null
    python3 "$T/oracle.py" $C $P $S exact 1000 "$T/exact" || fails=$((fails + 1)); ok
else
    skip "standardise.sh: the oracle (needs python3)"
fi
# what the example shows: EP02 (the older coast) has the highest crude rate of emergency
# admissions but, standardised, the city EP01 is highest; EP01's ratio is significantly above 1
awk -F, '$4 == "emergency_admissions" && $3 == "P" { print $1, $7, $8 }' "$T/ex/dsr.csv" >"$T/ea"
[ "$(sort -k2 -g "$T/ea" | tail -1 | cut -d' ' -f1)" = EP02 ] &&
    [ "$(sort -k3 -g "$T/ea" | tail -1 | cut -d' ' -f1)" = EP01 ] ||
    { echo "FAIL: crude and standardised rankings"; cat "$T/ea"; fails=$((fails + 1)); }; ok
awk -F, '$1 == "EP01" && $4 == "emergency_admissions" && $3 == "P" { exit !($8 > 1) }' \
    "$T/ex/smr.csv" || { echo "FAIL: EP01's ratio"; fails=$((fails + 1)); }; ok

# the manual's standardise command and the figures it quotes: tests/cli/readme.sh

# ---------------------------------------------------------------- the [standardise] stage
# on the projection stage's result in memory (the 2022 base year, principal variant): the
# same bytes as the command on the base population
DA=$(cd $D && pwd)
sed -n '/^\[projection\]/,/^\[need\]/p' $D/example.ini | grep -v '^\[need\]' |
    sed "s|^\([a-z_]* *= *\)\([a-z_]*\.csv\)|\1$DA/\2|" >"$T/scn.ini"
printf '[standardise]\ncounts = %s\nstandard = %s\n' "$DA/standardise_admissions.csv" \
    "$DA/standardise_esp2013.csv" >>"$T/scn.ini"
"$BIN" run "$T/scn.ini" --out "$T/run" 2>/dev/null
for f in dsr smr; do
    cmp -s "$T/ex/$f.csv" "$T/run/$f.csv" ||
        { echo "FAIL: $f.csv differs between [standardise] and the command"; fails=$((fails + 1)); }; ok
done
"$BIN" check "$T/scn.ini" >/dev/null 2>&1 || { echo "FAIL: fulcrum check on [standardise]"; fails=$((fails + 1)); }; ok
printf 'metod = exact\n' >>"$T/scn.ini"
expect 3 "$T/scn.ini:" -- run "$T/scn.ini" --out "$T/out"

# ---------------------------------------------------------------- bad inputs
A="standardise --population $P --standard $S --out $T/out"
# a band that is not inside one of the standard's; a negative count
sed '2s/,0-4,/,0-6,/' $C >"$T/c1.csv"
expect 3 "$T/c1.csv:2:5: error: column 'age': age band '0-6' does not lie inside one of the standard's bands ('0-4', ... '90+')" -- $A --counts "$T/c1.csv"
sed '3s/,[0-9]*$/,-3/' $C >"$T/c2.csv"
expect 3 "$T/c2.csv:3:6: error: column 'count': '-3' is negative" -- $A --counts "$T/c2.csv"
# a zero population with events
sed 's/^\(EP01,Riverside City,2022,F,90+\),[0-9]*$/\1,0/' $P >"$T/p1.csv"
n90=$(grep -n '^EP01,2022,emergency_admissions,F,90+' $C | cut -d: -f1)
expect 3 "$C:$n90: error:" -- standardise --counts $C --population "$T/p1.csv" --standard $S --out "$T/out"
grep -q "events but no population at risk (area 'EP01', sex F, the standard's band '90+')" "$T/stderr" ||
    { echo "FAIL: zero population message"; cat "$T/stderr"; fails=$((fails + 1)); }; ok
# Eurostat's 90-94 and 95+ against a population whose open group is 90+
sed 's/^90+,1000$/90-94,800/' $S >"$T/s1.csv"
echo '95+,200' >>"$T/s1.csv"
l90=$(grep -n '^EP01,Riverside City,2022,F,90+' $P | cut -d: -f1)
grep -v ',90+,' $C >"$T/c3.csv"
expect 3 "$C:20:5: error: column 'age': age band '90+' does not lie inside one of the standard's bands ('0-4', ... '95+')" -- standardise --counts $C --population $P --standard "$T/s1.csv" --out "$T/out"
expect 3 "$P:$l90: error: population age band '90+' does not lie inside one of the standard's bands ('0-4', ... '95+')" -- standardise --counts "$T/c3.csv" --population $P --standard "$T/s1.csv" --out "$T/out"
# a reference table without a band; misuse
printf 'sex,age,rate\n*,0-89,0.1\n' >"$T/r1.csv"
expect 3 "$T/r1.csv: error: no reference rate for measure 'emergency_admissions', sex F, the standard's band '90+'" -- $A --counts $C --reference "$T/r1.csv"
expect 2 "--counts, --population, --standard and --out are required" -- standardise --counts $C --out "$T/out"
expect 2 "--method must be 'phe', 'byar' or 'exact'" -- $A --counts $C --method poisson
expect 2 "$C:1: error: the counts have a year column: a population year (--year, or 'year' in [standardise]) is only for counts without one" -- $A --counts $C --year 2022

# ---------------------------------------------------------------- real data
N=${FC_SHARED_DIR:-../shared}/data/needs
POP=$N/population_england_coventry_snpp2018_age_sex.csv
if [ ! -f "$POP" ] || ! command -v python3 >/dev/null; then
    skip "standardise.sh: real data (needs $N and python3)"
else
    # emergency bed days in 2018: England's HES rates (17..90+, 0 below) on each area's
    # population, in five-year bands, as if observed (no year column: --year 2018)
    python3 - "$POP" "$N/hospital_activity_rates_england_age_sex.csv" >"$T/hes_counts.csv" <<'PY'
import csv, sys
rate = {(r["sex"], int(r["age"])): float(r["rate_per_head"])
        for r in csv.DictReader(open(sys.argv[2])) if r["measure"] == "emer_bds"}
cnt = {}
for r in csv.DictReader(open(sys.argv[1])):
    if r["variant"] != "v1" or r["year"] != "2018":
        continue
    x = int(r["age"])
    b = "90+" if x >= 90 else "%d-%d" % (x // 5 * 5, x // 5 * 5 + 4)
    k = (r["area_code"], r["sex"].upper(), b)
    cnt[k] = cnt.get(k, 0.0) + float(r["population"]) * (rate[(r["sex"], min(x, 90))] if x >= 17 else 0.0)
print("area,measure,sex,age,count")
for (a, s, b), v in cnt.items():
    print("%s,emer_bds,%s,%s,%d" % (a, s, b, round(v)))
PY
    expect 2 "the population holds the years 2018 to 2043" -- standardise --counts "$T/hes_counts.csv" --population "$POP" --standard $S --open-age 100 --variant v1 --out "$T/out"
    expect 3 "stops at age 100" -- standardise --counts "$T/hes_counts.csv" --population "$POP" --standard $S --year 2018 --variant v1 --out "$T/out"
    "$BIN" standardise --counts "$T/hes_counts.csv" --population "$POP" --standard $S \
        --open-age 100 --variant v1 --year 2018 --out "$T/ons" 2>/dev/null
    python3 "$T/oracle.py" "$T/hes_counts.csv" "$POP" $S phe 100000 "$T/ons" 2018 v1 100 ||
        fails=$((fails + 1))
    head -1 "$T/ons/dsr.csv" | grep -q '^area,year,sex,measure,' ||
        { echo "FAIL: no year column with --year"; fails=$((fails + 1)); }; ok
fi

if [ "$fails" -ne 0 ]; then
    echo "standardise.sh: $fails failures"
    exit 1
fi
echo "standardise.sh: example, exact method and stage agree with the independent computation; bad inputs located with nothing written"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish standardise.sh 19 "${fails:-0}"
