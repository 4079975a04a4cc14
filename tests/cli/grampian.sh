#!/bin/sh
# The real-place example, Grampian (datasets/grampian.ini): it runs without a warning, its
# projection is NRS's as published, and its figures are checked against sums computed here from
# the shipped tables and, when ../shared/data is present, from the raw published files:
# - need in 2029 = HSE prevalence x the NRS population, by sex and age band, summed;
# - activity in 2019 = PHS Insights in Social Care 2019/20 people and hours (x 52) by HSCP,
#   and care-home long stays = 2018/19 clients by sex and age group scaled to mid-2019;
# - the shipped projection is the raw NRS file's rows for the two areas, unchanged;
# - the appendix names its sources on the title page.
. tests/cli/lib/expect.sh

"$BIN" run $D/grampian.ini --out "$T/g" 2>"$T/err" >/dev/null || { cat "$T/err"; echo "grampian.sh: FAIL: the run failed"; exit 1; }
if [ -s "$T/err" ]; then cat "$T/err"; echo "FAIL: the Grampian run printed the above"; fails=$((fails + 1)); fi
python3 - "$T/g" $D/grampian <<'PY' || fails=$((fails + 1)); ok
import csv, sys
out, g = sys.argv[1], sys.argv[2]
pop = {}
for r in csv.DictReader(open(g + "/grampian_projection.csv")):
    pop[(r["area_code"], int(r["year"]), r["sex"][0].upper(), int(r["age"]))] = float(r["persons"])
def band(a, y, sexes, lo, hi):
    return sum(v for (pa, py, ps, px), v in pop.items()
               if pa == a and py == y and ps in sexes and px >= lo and (hi is None or px <= hi))
prev = list(csv.DictReader(open(g + "/grampian_need_prevalence.csv")))
need = {(r["area"], int(r["year"]), r["measure"]): float(r["need"])
        for r in csv.DictReader(open(out + "/need.csv"))}
n = 0
for a in ("S12000033", "S12000034"):
    for m in ("diabetes", "hypertension", "copd"):
        want = 0.0
        for r in prev:
            if r["measure"] != m:
                continue
            age = r["age"]
            lo, hi = (int(age[:-1]), None) if age.endswith("+") else tuple(map(int, age.split("-")))
            want += float(r["rate"]) * band(a, 2029, (r["sex"],), lo, hi)
        got = need[(a, 2029, m)]
        assert abs(got - want) <= 1e-9 * want, (a, m, got, want)
        n += 1
print(f"grampian.sh: {n} need figures for 2029 equal prevalence x the NRS projection")
PY
SH=${FC_SHARED_DIR:-../shared}/data
if [ -d "$SH/needs" ] && [ -f "$SH/demography/nrs_snpp2016_ca_subset_sya.csv" ]; then
    python3 - "$T/g" $D/grampian "$SH" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
out, g, sh = sys.argv[1], sys.argv[2], sys.argv[3]
raw = [r for r in csv.reader(open(sh + "/demography/nrs_snpp2016_ca_subset_sya.csv"))]
mine = [r for r in csv.reader(open(g + "/grampian_projection.csv"))]
assert mine == [raw[0]] + [r for r in raw[1:] if r[0] in ("S12000033", "S12000034")], "projection not as published"
act = {(r["area"], int(r["year"]), r["service"]): float(r["activity"])
       for r in csv.DictReader(open(out + "/activity.csv"))}
code = {"Aberdeen City": "S12000033", "Aberdeenshire": "S12000034"}
bands = {"0-17 years": (0, 17), "18-64 years": (18, 64), "65-74 years": (65, 74),
         "75-84 years": (75, 84), "85+ years": (85, None)}
people, hours = {}, {}
for r in csv.DictReader(open(sh + "/needs/scotland_home_care_by_hscp_age.csv")):
    if r["period_type"] == "census_week" and r["period"] == "2019/20" and r["hscp"] in code \
            and r["age_group"] in bands:
        d = people if r["measure"] == "people" else hours if r["measure"] == "hours" else None
        if d is not None:
            d[code[r["hscp"]]] = d.get(code[r["hscp"]], 0.0) + float(r["value"])
pop = {}
for r in raw[1:]:
    pop[(r[0], int(r[3]), r[4][0].upper(), int(r[5]))] = float(r[7])
def band(a, y, s, lo, hi):
    return sum(v for (pa, py, ps, px), v in pop.items()
               if pa == a and py == y and ps == s and px >= lo and (hi is None or px <= hi))
care = {}
for r in csv.DictReader(open(sh + "/needs/scotland_care_home_residents_age_sex.csv")):
    if r["financial_year"] == "2018/19" and r["hscp"] in code and r["stay_type"] == "Long Stay" \
            and r["age_group"] in bands and r["sex"] in ("Female", "Male"):
        a, (lo, hi), s = code[r["hscp"]], bands[r["age_group"]], r["sex"][0]
        care[a] = care.get(a, 0.0) + float(r["clients"]) * band(a, 2019, s, lo, hi) / band(a, 2018, s, lo, hi)
for a in code.values():
    assert abs(act[(a, 2019, "home_care_clients")] - people[a]) < 1e-6, (a, act[(a, 2019, "home_care_clients")], people[a])
    assert abs(act[(a, 2019, "home_care_hours")] - 52 * hours[a]) < 1e-4, (a, act[(a, 2019, "home_care_hours")], hours[a])
    assert abs(act[(a, 2019, "care_home_long_stay")] - care[a]) < 1e-6, (a, act[(a, 2019, "care_home_long_stay")], care[a])
print("grampian.sh: the projection is NRS's rows as published; 2019 activity equals PHS's "
      f"published counts (home care {sum(people.values()):.0f} people, {sum(hours.values()):.0f} hours a week)")
PY
    ok
else
    skip "grampian.sh: the raw-file checks need $SH (absent here); the shipped tables were checked"
fi
pdftotext -l 1 "$T/g/appendix.pdf" - | tr '\n' ' ' | grep -q "National Records of Scotland.*Public Health Scotland" ||
    { echo "FAIL: the appendix's title page does not name the sources"; fails=$((fails + 1)); }; ok

if [ "$fails" -ne 0 ]; then
    echo "grampian.sh: $fails failed"; exit 1
fi
echo "grampian.sh: the Grampian example runs cleanly on NRS's projection as published, with need and activity equal to independent sums and the sources named"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish grampian.sh 3 "${fails:-0}"
