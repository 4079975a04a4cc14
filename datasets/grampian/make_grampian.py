#!/usr/bin/env python3
"""Build the Grampian example (a real place) from the published files in ../shared/data.

Grampian's two largest council areas, Aberdeen City (S12000033) and Aberdeenshire
(S12000034), each with its own integration joint board (IJB), planned together:

- grampian_projection.csv: the National Records of Scotland 2016-based principal sub-national
  projection for the two council areas, mid-2016 to mid-2029, single years 0..90+, by sex, as
  published (the rows copied unchanged from the subset in ../shared/data/demography; Angus
  left out). Fulcrum reads it as published, through [need] and [activity] projection =.
- grampian_activity_rates.csv: social care use by HSCP, age group (and sex for care homes), from
  Public Health Scotland, Insights in Social Care 2019/20 (census week in March 2020; care-home
  residents funded during 2019/20), divided by the NRS mid-2019 population of the same group:
    home_care_clients  people receiving home care in the census week, per person;
    home_care_hours    home-care hours a year per person (the census week's hours x 52);
    care_home_long_stay  people in a long-stay care-home placement during the year, per person
                       (2018/19 over the mid-2018 population: Aberdeen City submitted no
                       care-home data for 2019/20).
  So the example's activity reproduces PHS's published counts (tests/cli/grampian.sh
  checks this against the raw file).
- grampian_need_prevalence.csv: diabetes, hypertension and COPD prevalence by sex and age band
  from the Health Survey for England 2019 and the PHE COPD model (England rates, standing in for
  the Scottish Health Survey here), 0 below the first band.
- The money and PBMA inputs are ILLUSTRATIVE, not the IJBs' budgets or costs: a home-care
  hour at GBP 25 and a long-stay care-home place at GBP 700 a week (2019 prices), base-year
  budgets equal to the base year's modelled cost (so the gap is what demography adds beyond
  the uplifts), uplifts, inflation and four made-up options. Replace them with the IJBs' own.

usage: make_grampian.py [SHARED_DATA_DIR] [OUTDIR]   (defaults ../shared/data, this folder)
"""
import csv
import os
import sys

AREAS = {"S12000033": "Aberdeen City", "S12000034": "Aberdeenshire"}
BANDS = {"0-17 years": (0, 17), "18-64 years": (18, 64), "65-74 years": (65, 74),
         "75-84 years": (75, 84), "85+ years": (85, None)}
BASE = 2019                     # the year of the PHS data (2019/20) and of the money
HOUR_GBP, PLACE_WEEK_GBP = 25.0, 700.0
CARE_HOME_YEAR = "2018/19"      # Aberdeen City submitted no care-home data for 2019/20


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "shared",
                                                                "data")
    out = sys.argv[2] if len(sys.argv) > 2 else here
    os.makedirs(out, exist_ok=True)

    # the projection as published: the two areas' rows, unchanged
    src = os.path.join(data, "demography", "nrs_snpp2016_ca_subset_sya.csv")
    with open(src, newline="") as f, open(os.path.join(out, "grampian_projection.csv"), "w",
                                          newline="") as g:
        r = csv.reader(f)
        w = csv.writer(g, lineterminator="\n")
        head = next(r)
        w.writerow(head)
        rows = [row for row in r if row[0] in AREAS]
        w.writerows(rows)
    pops = {}  # year -> (area, sex F/M, age) -> persons at mid-year
    for row in rows:
        d = dict(zip(head, row))
        pops.setdefault(int(d["year"]), {})[(d["area_code"], d["sex"][0].upper(),
                                            int(d["age"]))] = float(d["persons"])
    pop = pops[BASE]

    def band_pop(area, band, sexes=("F", "M"), year=BASE):
        lo, hi = BANDS[band]
        return sum(v for (a, s, x), v in pops[year].items()
                   if a == area and s in sexes and x >= lo and (hi is None or x <= hi))

    name_to_code = {v: k for k, v in AREAS.items()}
    rates = []
    with open(os.path.join(data, "needs", "scotland_home_care_by_hscp_age.csv"), newline="") as f:
        hc = {}
        for d in csv.DictReader(f):
            if (d["period_type"] == "census_week" and d["period"] == "2019/20" and
                    d["hscp"] in name_to_code and d["age_group"] in BANDS):
                hc[(name_to_code[d["hscp"]], d["age_group"], d["measure"])] = float(d["value"])
    for area in AREAS:
        for band in BANDS:
            p = band_pop(area, band)
            lo, hi = BANDS[band]
            age = f"{lo}+" if hi is None else f"{lo}-{hi}"
            rates.append(("home_care_clients", area, "*", age, hc[(area, band, "people")] / p))
            rates.append(("home_care_hours", area, "*", age, hc[(area, band, "hours")] * 52 / p))
    with open(os.path.join(data, "needs", "scotland_care_home_residents_age_sex.csv"),
              newline="") as f:
        ch = {}
        for d in csv.DictReader(f):
            if (d["financial_year"] == CARE_HOME_YEAR and d["hscp"] in name_to_code and
                    d["stay_type"] == "Long Stay" and d["age_group"] in BANDS and
                    d["sex"] in ("Female", "Male")):
                ch[(name_to_code[d["hscp"]], d["age_group"], d["sex"][0])] = float(d["clients"])
    for area in AREAS:
        for band in BANDS:
            lo, hi = BANDS[band]
            age = f"{lo}+" if hi is None else f"{lo}-{hi}"
            for sex in ("F", "M"):
                rates.append(("care_home_long_stay", area, sex, age,
                              ch[(area, band, sex)] / band_pop(area, band, (sex,), 2018)))
    with open(os.path.join(out, "grampian_activity_rates.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["service", "area", "sex", "age", "rate"])
        for s, a, x, age, v in rates:
            w.writerow([s, a, x, age, repr(v)])

    # need: England prevalences (HSE 2019, PHE COPD model), 0 below the first band
    need = []
    with open(os.path.join(data, "needs", "prevalence_england_dm_hyp_copd_age_sex.csv"),
              newline="") as f:
        rows = list(csv.DictReader(f))
    measure = {"dm": "diabetes", "hyp": "hypertension", "copd": "copd"}
    for key in ("dm", "hyp", "copd"):
        for sex in ("f", "m"):
            mine = [d for d in rows if d["condition"] == key and d["sex"] == sex]
            first = min(int(d["age_from"]) for d in mine)
            need.append((measure[key], sex.upper(), f"0-{first - 1}", 0))
            for d in mine:
                age = f"{d['age_from']}+" if d["age_to"] == "" else f"{d['age_from']}-{d['age_to']}"
                need.append((measure[key], sex.upper(), age, d["prevalence"]))
    with open(os.path.join(out, "grampian_need_prevalence.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["measure", "sex", "age", "rate"])
        w.writerows(need)

    # money (illustrative): the base year's modelled cost is the budget
    act = {}
    for s, a, x, age, v in rates:
        lo, hi = (int(age[:-1]), None) if age.endswith("+") else map(int, age.split("-"))
        sexes = ("F", "M") if x == "*" else (x,)
        n = sum(pv for (pa, ps, px), pv in pop.items()
                if pa == a and ps in sexes and px >= lo and (hi is None or px <= hi))
        act[s] = act.get(s, 0.0) + v * n
    place_year = PLACE_WEEK_GBP * 52
    cost = act["home_care_hours"] * HOUR_GBP + act["care_home_long_stay"] * place_year
    with open(os.path.join(out, "grampian_finance_services.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["service", "programme", "unit_cost", "price_year", "pay_share", "unit",
                    "source"])
        w.writerow(["home_care_hours", "social_care", HOUR_GBP, BASE, 0.75, "hour",
                    "ILLUSTRATIVE: GBP 25 an hour"])
        w.writerow(["home_care_clients", "social_care", 0, BASE, "", "person",
                    "costed through the hours"])
        w.writerow(["care_home_long_stay", "social_care", place_year, BASE, 0.6, "place a year",
                    "ILLUSTRATIVE: GBP 700 a week"])
    with open(os.path.join(out, "grampian_finance_budgets.csv"), "w", newline="") as g:
        w = csv.writer(g, lineterminator="\n")
        w.writerow(["programme", "cost_type", "funder", "budget"])
        pay = round(act["home_care_hours"] * HOUR_GBP * 0.75 + act["care_home_long_stay"] *
                    place_year * 0.6, -3)
        w.writerow(["social_care", "pay", "council", f"{pay:.0f}"])
        w.writerow(["social_care", "non_pay", "council", f"{round(cost, -3) - pay:.0f}"])
    print(f"grampian: {len(rates)} activity rates, {len(need)} need rates; base-year cost "
          f"GBP {cost / 1e6:.1f}m (illustrative)")


if __name__ == "__main__":
    main()
