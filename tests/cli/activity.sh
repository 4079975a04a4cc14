#!/bin/sh
# fulcrum need / activity: bad inputs are located errors with nothing written; the --help
# examples run; invariants on the shipped example; and the real-data case: the ONS 2018-based
# England projection (12 variants) with the 13 HES age-sex activity rates to 2043, checked
# against sums computed here from the raw CSVs (python, standard library), not from our output.
. "$(dirname "$0")/lib/expect.sh"

# the example's projection, and the --help examples as written (paths redirected)
"$BIN" project --population $D/demography_population.csv --fertility $D/demography_fertility.csv \
    --mortality $D/demography_mortality.csv --migration $D/demography_migration.csv --flows $D/demography_flows.csv \
    --variants $D/demography_variants.csv --horizon 2042 --out "$T/proj" 2>/dev/null
P=$T/proj/projection.csv
for c in need activity; do
    cmd=$("$BIN" $c --help | sed -n '/^example:/,$p' | tail -n +2 | sed 's/\\$//' | tr -d '\n' |
          sed "s|out/example/projection.csv|$P|; s|--out out/[a-z]*|--out $T/$c|; s|^ *fulcrum|$BIN|")
    eval "$cmd"
    [ -s "$T/$c/$c.csv" ] || { echo "FAIL: the '$c --help' example wrote no $c.csv"; fails=$((fails + 1)); }; ok
done
# 4 areas x 5 variants x 21 years x 10 services
[ "$(wc -l <"$T/activity/activity.csv")" -eq $((4 * 5 * 21 * 10 + 1)) ] ||
    { echo "FAIL: activity.csv rows"; fails=$((fails + 1)); }; ok

# ---------------------------------------------------------------- bad inputs
A="activity --projection $P --out $T/out"
R=$D/activity_rates.csv
# overlapping bands
awk 'NR==3{print; sub(/,17-24,/, ",20-29,"); print; next}1' $R >"$T/overlap.csv"
expect 3 "$T/overlap.csv:4: error: age band '20-29' overlaps '17-24' given on line 3" -- $A --rates "$T/overlap.csv"
# a gap (ages 25-34 of one service and sex dropped)
awk -F, '!($1=="daycases" && $2=="F" && $3=="25-34")' $R >"$T/gap.csv"
expect 3 "$T/gap.csv: error: no value for 'daycases', area 'EP01', sex F, age '25'" -- $A --rates "$T/gap.csv"
# a service in shifts that has no rates
printf 'from,to,share,ratio,year_start,year_end\nemergency_bed_days,virtual_wards,0.1,1,2025,2027\n' >"$T/sh1.csv"
expect 3 "$T/sh1.csv:2:2: error: column 'to': service 'virtual_wards' has no rates" -- $A --rates $R --shifts "$T/sh1.csv"
# a shift share above 1
printf 'from,to,share,ratio,year_start,year_end\nemergency_bed_days,home_care_hours,1.2,3,2025,2029\n' >"$T/sh2.csv"
expect 3 "$T/sh2.csv:2:3: error: column 'share': share 1.2 is above 1" -- $A --rates $R --shifts "$T/sh2.csv"
# an occupancy outside (0, 1]
sed '3s/,0\.92,/,1.5,/' $D/activity_capacity.csv >"$T/cap.csv"
expect 3 "$T/cap.csv:3:5: error: column 'occupancy': occupancy 1.5 is outside (0, 1]" -- $A --rates $R --capacity "$T/cap.csv"
# a prevalence above 1, a rate table with a year column, need without weights for 90-94/95+
sed '2s/,0$/,1.5/' $D/need_prevalence.csv >"$T/prev.csv"
expect 3 "$T/prev.csv:2:4: error: column 'rate'" -- need --projection "$P" --rates "$T/prev.csv" --weights $D/need_weights.csv --out "$T/out"
n95=$(grep -n '^dementia,F,95+' $D/need_prevalence.csv | cut -d: -f1)
expect 3 "$D/need_prevalence.csv:$n95: error: the age band starting at 95 splits the population's age group '90+'" -- need --projection "$P" --rates $D/need_prevalence.csv --out "$T/out"
# misuse
expect 2 "--projection, --rates and --out are required" -- activity --rates $R
expect 2 "option '--shifts' is for 'fulcrum activity'" -- need --projection "$P" --rates $R --shifts x --out "$T/out"

# ---------------------------------------------------------------- invariants on the example
# the example's [projection], [need] and [activity] sections through `fulcrum run` (the
# projection stage hands its projection and life tables to the later stages in memory)
DA=$(cd $D && pwd)
sed -n '/^\[projection\]/,/^\[pbma\]/p' $D/example.ini | grep -v '^\[pbma\]' |
    sed "s|^\([a-z_]* *= *\)\([a-z_]*\.csv\)|\1$DA/\2|" >"$T/scn.ini"
"$BIN" run "$T/scn.ini" --out "$T/ex" 2>/dev/null
for f in projection need need_drivers activity drivers shifts capacity; do
    [ -s "$T/ex/$f.csv" ] || { echo "FAIL: fulcrum run wrote no $f.csv"; fails=$((fails + 1)); }; ok
done
# the stage's in-memory projection gives the same numbers as reading projection.csv and
# lifetables.csv back (the life tables as written, lx and Lx side by side)
"$BIN" activity --projection "$T/ex/projection.csv" --rates $D/activity_rates.csv \
    --growth $D/activity_growth.csv --shifts $D/activity_shifts.csv \
    --capacity $D/activity_capacity.csv --hsa 0.5 --lifetables "$T/ex/lifetables.csv" \
    --out "$T/ex2" 2>/dev/null
for f in activity drivers shifts capacity; do
    cmp -s "$T/ex/$f.csv" "$T/ex2/$f.csv" ||
        { echo "FAIL: $f.csv differs between the chain and the CLI"; fails=$((fails + 1)); }; ok
done
# `fulcrum project` output read directly: --lifetables OUT/lifetables.csv (the same projection
# as the chain's, so the same activity, and a health-status part that is not zero)
cmp -s "$T/proj/projection.csv" "$T/ex/projection.csv" ||
    { echo "FAIL: fulcrum project and fulcrum run project differently"; fails=$((fails + 1)); }; ok
if "$BIN" activity --projection "$P" --rates $D/activity_rates.csv \
    --growth $D/activity_growth.csv --shifts $D/activity_shifts.csv \
    --capacity $D/activity_capacity.csv --hsa 0.5 --lifetables "$T/proj/lifetables.csv" \
    --out "$T/ex3" 2>"$T/ex3.err"; then
    for f in activity drivers; do
        cmp -s "$T/ex/$f.csv" "$T/ex3/$f.csv" || { echo "FAIL: $f.csv from --lifetables" \
            "$T/proj/lifetables.csv differs from the chain's"; fails=$((fails + 1)); }
    done
    awk -F, 'NR>1 && $8 != 0 { n++ } END { exit n == 0 }' "$T/ex3/drivers.csv" ||
        { echo "FAIL: no health-status part with --lifetables"; fails=$((fails + 1)); }; ok
else
    echo "FAIL: fulcrum activity --lifetables on fulcrum project's lifetables.csv:"
    cat "$T/ex3.err"; fails=$((fails + 1))
fi
awk -F, 'NR>1 { s = $5 + $6 + $7 + $8 + $9 + $10; d = s - $11; if (d < 0) d = -d
                if (d > 1e-9 * ($11 > 1 ? $11 : 1)) { print "drivers do not sum: " $0; bad = 1 } }
         END { exit bad }' "$T/ex/drivers.csv" || fails=$((fails + 1)); ok
awk -F, 'NR>1 { d = $8 - 3 * $7; if (d < 0) d = -d; if (d > 1e-9 * ($8 + 1)) { print "shift: " $0; bad = 1 } }
         END { exit bad }' "$T/ex/shifts.csv" || fails=$((fails + 1)); ok
awk -F, 'NR>1 && $4=="acute_beds" { d = $8 - $7 / (365 * 0.92); if (d < 0) d = -d
             if (d > 1e-9 * $8 || $10 != $8 - $9 || $6 != "beds or places") { print "beds: " $0; bad = 1 } }
         END { exit bad }' "$T/ex/capacity.csv" || fails=$((fails + 1)); ok


# ---------------------------------------------------------------- ONS's wide layout
# The example's principal projection written as ONS publishes subnational projections (one
# column per year; AREA_CODE, SEX 1/2, AGE_GROUP with "90 and over" and "All ages" rows) gives
# the same need, to the byte, as the same numbers in the long layout.
python3 - "$P" "$T/long.csv" "$T/wide.csv" <<'PY'
import csv, sys, collections
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["variant"] == "principal"]
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["area", "year", "sex", "age", "population"])
    for r in rows:
        w.writerow([r["area"], r["year"], r["sex"], r["age"], r["population"]])
years = sorted({r["year"] for r in rows})
cell = collections.OrderedDict()
for r in rows:
    cell.setdefault((r["area"], r["sex"], r["age"]), {})[r["year"]] = r["population"]
with open(sys.argv[3], "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["AREA_CODE", "AREA_NAME", "COMPONENT", "SEX", "AGE_GROUP"] + years)
    for (a, s, g), v in cell.items():
        age = "90 and over" if g == "90+" else g
        w.writerow([a, "Area " + a, "Population", "1" if s == "M" else "2", age] + [v[y] for y in years])
    for a in sorted({k[0] for k in cell}):
        for s in ("1", "2"):
            w.writerow([a, "Area " + a, "Population", s, "All ages"] + ["0"] * len(years))
PY
"$BIN" need --projection "$T/long.csv" --rates $D/need_prevalence.csv --weights $D/need_weights.csv --out "$T/need_long" 2>/dev/null
"$BIN" need --projection "$T/wide.csv" --rates $D/need_prevalence.csv --weights $D/need_weights.csv --out "$T/need_wide" 2>"$T/wide.err"
cmp -s "$T/need_long/need.csv" "$T/need_wide/need.csv" ||
    { echo "FAIL: need from ONS's wide layout differs from the long layout"; fails=$((fails + 1)); }; ok
grep -q "rows for all ages together were dropped" "$T/wide.err" ||
    { echo "FAIL: the 'All ages' rows were not noted"; cat "$T/wide.err"; fails=$((fails + 1)); }; ok
! grep -q "unknown column" "$T/wide.err" ||
    { echo "FAIL: the wide layout's columns were called unknown"; cat "$T/wide.err"; fails=$((fails + 1)); }; ok
# a bad cell of the wide layout is located at its own column
awk -F, 'BEGIN{OFS=","} NR==3{$8="-5"}1' "$T/wide.csv" >"$T/wide_bad.csv"
expect 3 "$T/wide_bad.csv:3:8: error: column '2024'" -- need --projection "$T/wide_bad.csv" --rates $D/need_prevalence.csv --weights $D/need_weights.csv --out "$T/out"


# a column mapping for spellings Fulcrum does not know: the same need, to the byte
sed '1s/.*/LAD,yr,sex,age,All_persons/' "$T/long.csv" >"$T/mapped.csv"
"$BIN" need --projection "$T/mapped.csv" --columns LAD=area,yr=year,All_persons=population \
    --rates $D/need_prevalence.csv --weights $D/need_weights.csv --out "$T/need_mapped" 2>/dev/null
cmp -s "$T/need_long/need.csv" "$T/need_mapped/need.csv" ||
    { echo "FAIL: need through --columns differs"; fails=$((fails + 1)); }; ok
expect 3 "$T/mapped.csv:1:1: error: the column mapping takes 'LAD' for 'aera', which is not a column of this table" -- \
    need --projection "$T/mapped.csv" --columns LAD=aera --rates $D/need_prevalence.csv --out "$T/out"
expect 2 "--columns: 'LAD' is not FILE_COLUMN=COLUMN" -- \
    need --projection "$T/mapped.csv" --columns LAD --rates $D/need_prevalence.csv --out "$T/out"

# ---------------------------------------------------------------- real data
N=${FC_SHARED_DIR:-../shared}/data/needs
if [ ! -f "$N/population_england_coventry_snpp2018_age_sex.csv" ] || ! command -v python3 >/dev/null; then
    skip "activity.sh: real data (needs $N and python3)"
else
    POP=$N/population_england_coventry_snpp2018_age_sex.csv
    # the HES rates as a Fulcrum rate table: 90 means 90+, explicit zero band 0-16
    awk -F, 'NR==1 { print "service,sex,age,rate"; next }
             { a = $5 == 90 ? "90+" : $5; print $3 "," $6 "," a "," $7; k[$3 "," $6] = 1 }
             END { for (x in k) print x ",0-16,0" }' "$N/hospital_activity_rates_england_age_sex.csv" >"$T/hes.csv"
    # NHP life expectancy (sex 1 = male, 2 = female) as a year,sex,age,ex table
    awk -F, 'NR==1 { print "year,sex,age,ex"; next } { print $1 "," ($2 == 1 ? "M" : "F") "," $3 "," $4 }' \
        "$N/life_expectancy_england_age55_90_nhp.csv" >"$T/le.csv"
    "$BIN" activity --projection "$POP" --open-age 100 --rates "$T/hes.csv" --out "$T/ons" 2>/dev/null
    "$BIN" activity --projection "$POP" --open-age 100 --rates "$T/hes.csv" --hsa 0.5 \
        --hsa-ages 55-90 --lifetables "$T/le.csv" --out "$T/hsa" 2>/dev/null
    python3 - "$POP" "$N/hospital_activity_rates_england_age_sex.csv" "$N/life_expectancy_england_age55_90_nhp.csv" \
        "$T/ons/activity.csv" "$T/hsa/activity.csv" "$T/hsa/drivers.csv" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
popf, ratef, lef, actf, hsaf, drvf = sys.argv[1:]
pop = {}
for r in csv.DictReader(open(popf)):
    pop[(r["area_code"], r["variant"], int(r["year"]), r["sex"], int(r["age"]))] = float(r["population"])
rate = {}
for r in csv.DictReader(open(ratef)):
    rate[(r["measure"], r["sex"], int(r["age"]))] = float(r["rate_per_head"])
le = {}
for r in csv.DictReader(open(lef)):
    le[(int(r["year"]), "m" if r["sex"] == "1" else "f", int(r["age"]))] = float(r["life_expectancy_years"])

def r_at(m, s, x):            # single-age rate: 0 below 17, 90 = 90 and over
    return 0.0 if x < 17 else rate[(m, s, min(x, 90))]

def expected(area, var, year, m, hsa=False):
    tot = 0.0
    for s in "fm":
        for x in range(101):
            r = r_at(m, s, x)
            if hsa and 55 <= x <= 90:   # NHP: rate at age - 0.5 x gain in life expectancy
                xa = x - 0.5 * (le[(year, s, x)] - le[(2018, s, x)])
                lo = int(xa)
                w = xa - lo
                r = (1 - w) * r_at(m, s, lo) + w * r_at(m, s, lo + 1)
            tot += pop[(area, var, year, s, x)] * r
    return tot

def load(f):
    return {(r["area"], r["variant"], int(r["year"]), r["service"]): float(r["activity"])
            for r in csv.DictReader(open(f))}

got, hsa = load(actf), load(hsaf)
# 13 measures x (England: v0 base year + 11 variants x 26 years; Coventry: v0 + v1 x 26)
assert len(got) == 13 * (1 + 11 * 26 + 1 + 26), len(got)
assert len({k[1] for k in got}) == 12
cells = [("E92000001", "v1", 2030, "emer_bds"), ("E92000001", "v8", 2043, "amb"),
         ("E92000001", "v0", 2018, "walkin"), ("E08000026", "v1", 2043, "ordelec_n"),
         ("E92000001", "v11", 2037, "surg_fup"), ("E92000001", "v4", 2043, "daycase_n")]
for c in cells:
    e = expected(*c)
    assert abs(got[c] - e) <= 1e-11 * e, (c, got[c], e)
for c in [("E92000001", "v1", 2043, "emer_bds"), ("E92000001", "v5", 2030, "amb")]:
    e = expected(*c, hsa=True)
    assert abs(hsa[c] - e) <= 1e-11 * e, (c, hsa[c], e)
    assert hsa[c] < got[c]
# no adjustment in the base year; the drivers add up everywhere
for r in csv.DictReader(open(drvf)):
    parts = sum(float(r[k]) for k in ("baseline", "demographic", "non_demographic",
                                      "health_status", "shifts", "interaction"))
    assert abs(parts - float(r["projected"])) <= 1e-9 * max(1.0, float(r["projected"])), r
    if r["year"] == "2018":
        assert float(r["health_status"]) == 0.0, r
print("activity.sh: real data: %d cells of %d rows match sums over the raw ONS and HES files"
      % (len(cells) + 2, len(got)))
PY
fi

# ---------------------------------------------------------------- published tables as published
# The NRS and ONS projections and the ONS mid-year estimates, unmodified (persons, area_code,
# projection and variant, age_label "90+", sex female/male; the 2018-based NPP's principal has
# 105+ and its variants 90+), read by `need`; every need figure checked against a sum over the
# raw file computed here.
G=${FC_SHARED_DIR:-../shared}/data/demography
if [ ! -f "$G/nrs_snpp2016_ca_subset_sya.csv" ] || ! command -v python3 >/dev/null; then
    skip "activity.sh: published tables (needs $G and python3)"
else
    printf 'measure,sex,age,rate\nm,F,0-64,0.1\nm,F,65+,0.3\nm,M,0-64,0.2\nm,M,65+,0.45\n' >"$T/flat.csv"
    for f in nrs_snpp2016_ca_subset_sya ons_snpp2016_england_subset_sya uk_mye2011_lad_sya \
        ons_npp2018_sya; do
        "$BIN" need --projection "$G/$f.csv" --rates "$T/flat.csv" --out "$T/pub_$f" 2>"$T/pub.err" ||
            { cat "$T/pub.err"; echo "FAIL: need on $f as published"; fails=$((fails + 1)); continue; }
        python3 - "$G/$f.csv" "$T/pub_$f/need.csv" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
raw, got = sys.argv[1:]
rate = {("female", False): 0.1, ("female", True): 0.3, ("male", False): 0.2, ("male", True): 0.45}
want = {}
for r in csv.DictReader(open(raw)):
    var = r["projection"] + (": " + r["variant"] if "variant" in r else "") \
        if "projection" in r else "principal"
    k = (r["area_code"], var, r["year"])
    want[k] = want.get(k, 0.0) + float(r["persons"]) * rate[(r["sex"], int(r["age"]) >= 65)]
n = 0
for r in csv.DictReader(open(got)):
    w = want[(r["area"], r["variant"], r["year"])]
    assert abs(float(r["need"]) - w) <= 1e-9 * max(1.0, w), (r, w)
    n += 1
assert n == len(want), (n, len(want))
print("activity.sh: %s: %d need figures match sums over the raw file" % (raw.split("/")[-1], n))
PY
    done
    # UN WPP 2019 as published: five-year groups, people in thousands, the past as variant
    # "estimate" (to 2020) and each projection variant from 2025, which then starts from it
    f=wpp2019_population_5y
    "$BIN" need --projection "$G/$f.csv" --rates "$T/flat.csv" --out "$T/pub_$f" 2>"$T/pub.err" ||
        { cat "$T/pub.err"; echo "FAIL: need on $f as published"; fails=$((fails + 1)); }; ok
    grep -q "each projection variant starts from the variant 'estimate'" "$T/pub.err" ||
        { cat "$T/pub.err"; echo "FAIL: $f: no note of the estimates"; fails=$((fails + 1)); }; ok
    python3 - "$G/$f.csv" "$T/pub_$f/need.csv" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
raw, got = sys.argv[1:]
rate = {("female", False): 0.1, ("female", True): 0.3, ("male", False): 0.2, ("male", True): 0.45}
cell = {}
for r in csv.DictReader(open(raw)):
    k = (r["area_code"], r["variant"], int(r["year"]))
    cell[k] = cell.get(k, 0.0) + 1000 * float(r["value_thousands"]) * rate[(r["sex"], int(r["age"]) >= 65)]
variants = {k[1] for k in cell}
first = {v: min(y for (_, vv, y) in cell if vv == v) for v in variants}
want = dict(cell)
for (a, v, y), x in cell.items():
    if v == "estimate":
        for w in variants - {"estimate"}:
            if y < first[w]:
                want[(a, w, y)] = x
n = 0
for r in csv.DictReader(open(got)):
    w = want[(r["area"], r["variant"], int(r["year"]))]
    assert abs(float(r["need"]) - w) <= 1e-9 * max(1.0, w), (r, w)
    n += 1
assert n == len(want), (n, len(want))
print("activity.sh: %s: %d need figures match sums over the raw file (thousands, estimates)"
      % (raw.split("/")[-1], n))
PY
fi

if [ "$fails" -ne 0 ]; then
    echo "activity.sh: $fails failures"
    exit 1
fi
echo "activity.sh: bad inputs located with nothing written; examples and invariants ok$([ "$skips" = 0 ] && echo "; real data ok" || echo "; real data SKIPPED")"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish activity.sh 37 "${fails:-0}"
