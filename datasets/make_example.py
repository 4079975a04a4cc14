#!/usr/bin/env python3
"""Generate the shipped example: the "Example Partnership", a SYNTHETIC health and social care
partnership of four localities. No real area is described; the numbers are made up to look like
a UK partnership of about 300,000 people.

How it is made (deterministic; standard library only):
- population by single year 0..89 and 90+, both sexes, mid-2022: a smooth UK-like age profile
  (baby-boom bulge near 60, a dip in the early 20s where students leave) scaled per locality,
  with locality-specific tilts (a young city, an older coastal town, two mixed areas);
- mortality: Gompertz-Makeham central death rates mx = a + b exp(c x) plus an infant term,
  men about 1.5 times women at working ages, locality factors 0.9..1.15; a second table year
  (2032) carries 1.5% a year improvement;
- fertility: a gamma-shaped schedule over ages 15..49 with a total fertility rate of about 1.55,
  locality factors;
- migration: net migrants per year by age and sex, young adults into the city, retirees into
  the coast;
- variants: high and low fertility (+/-15%), low migration (50%), zero migration;
- PBMA options: ten made-up investment and disinvestment options (annual GBP, QALYs) with 80%
  intervals, one dependency and one set of mutually exclusive alternatives.

usage: make_example.py OUTDIR
"""
import math
import os
import random
import sys

BASE_YEAR = 2022
OPEN = 90
LOCALITIES = [
    # code, name, size, youth tilt, old-age tilt, mortality factor, fertility factor, migration
    ("EP01", "Riverside City", 110000, 1.25, 0.80, 1.10, 0.90, "city"),
    ("EP02", "Coastal Towns", 70000, 0.80, 1.35, 1.05, 1.00, "coast"),
    ("EP03", "Northern Villages", 55000, 0.95, 1.10, 0.92, 1.05, "mixed"),
    ("EP04", "Southern Valley", 65000, 1.00, 1.00, 0.98, 1.10, "mixed"),
]


def age_profile(x, youth, old):
    """Relative population at single age x (90 = 90+)."""
    base = 1.0 - 0.0025 * max(0, x - 60) ** 1.7 / 10.0
    base += 0.18 * math.exp(-((x - 58) / 9.0) ** 2)          # boomers
    base += 0.10 * math.exp(-((x - 33) / 8.0) ** 2)          # their children
    base -= 0.08 * math.exp(-((x - 21) / 3.0) ** 2)          # students leave
    if x >= 70:
        base *= math.exp(-0.0009 * (x - 70) ** 2.4)
    if 18 <= x <= 40:
        base *= youth
    if x >= 65:
        base *= old
    if x == OPEN:
        base *= 3.2                                           # the open group 90+
    return max(base, 0.001)


def mx(x, sex, factor, year):
    a, b, c = (0.00012, 0.000016, 0.0955) if sex == "F" else (0.00020, 0.000030, 0.0935)
    m = a + b * math.exp(c * x)
    if x == 0:
        m = 0.0036 if sex == "F" else 0.0043
    elif x < 5:
        m = 0.00012
    if 15 <= x <= 40 and sex == "M":
        m *= 1.5
    if x == OPEN:
        m = 0.19 if sex == "F" else 0.22
    m *= factor
    return m * (0.985 ** (year - BASE_YEAR))


def asfr(x, factor):
    # gamma-shaped schedule peaking near 31, TFR about 1.55
    k, theta = 9.0, 1.9
    t = x - 14.5
    if t <= 0:
        return 0.0
    dens = t ** (k - 1) * math.exp(-t / theta) / (math.gamma(k) * theta ** k)
    return 1.55 * dens * factor


def net_migration(x, sex, kind, size):
    if kind == "city":
        flow = 240 * math.exp(-((x - 21) / 4.0) ** 2) - 110 * math.exp(-((x - 30) / 7.0) ** 2)
    elif kind == "coast":
        flow = 40 * math.exp(-((x - 64) / 6.0) ** 2) - 50 * math.exp(-((x - 20) / 3.0) ** 2)
        flow += 15 * math.exp(-((x - 38) / 8.0) ** 2)
    else:
        flow = 25 * math.exp(-((x - 34) / 7.0) ** 2) + 10 * math.exp(-((x - 6) / 4.0) ** 2)
        flow -= 40 * math.exp(-((x - 19) / 2.5) ** 2)
    flow *= size / 100000.0
    return flow * (0.97 if sex == "F" else 1.03)


def label(x):
    return f"{x}+" if x == OPEN else str(x)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    rng = random.Random(2022)
    os.makedirs(out, exist_ok=True)
    rows_pop, rows_mort, rows_fert, rows_mig = [], [], [], []
    for code, name, size, youth, old, mf, ff, kind in LOCALITIES:
        prof = {x: age_profile(x, youth, old) for x in range(OPEN + 1)}
        total = 2.0 * sum(prof.values())
        for sex in ("F", "M"):
            for x in range(OPEN + 1):
                s = 1.0 + (0.02 if sex == "F" and x > 60 else 0.0) * (x - 60) / 10.0
                p = size * prof[x] / total * s * rng.uniform(0.985, 1.015)
                rows_pop.append((code, name, BASE_YEAR, sex, label(x), round(p)))
                for year in (2022, 2032):
                    rows_mort.append((code, year, sex, label(x), f"{mx(x, sex, mf, year):.6g}"))
                rows_mig.append((code, sex, label(x), f"{net_migration(x, sex, kind, size):.2f}"))
        for x in range(15, 50):
            rows_fert.append((code, x, f"{asfr(x, ff):.6g}"))

    def write(fname, header, rows):
        with open(os.path.join(out, fname), "w", newline="") as f:
            f.write(",".join(header) + "\n")
            for r in rows:
                f.write(",".join(str(v) for v in r) + "\n")

    write("demography_population.csv", ["area", "area_name", "year", "sex", "age", "population"],
          rows_pop)
    write("demography_mortality.csv", ["area", "year", "sex", "age", "mx"], rows_mort)
    write("demography_fertility.csv", ["area", "age", "asfr"], rows_fert)
    write("demography_migration.csv", ["area", "sex", "age", "net"], rows_mig)
    write("demography_variants.csv",
          ["variant", "fertility_scale", "mortality_scale", "migration_scale"],
          [("high_fertility", 1.15, 1, 1), ("low_fertility", 0.85, 1, 1),
           ("low_migration", 1, 1, 0.5), ("zero_migration", 1, 1, 0)])

    # PBMA options: cost in GBP a year (negative releases money), effect in QALYs a year
    write("pbma_options.csv",
          ["option", "programme", "cost", "effect", "cost_lo", "cost_hi", "effect_lo",
           "effect_hi", "requires", "group"],
          [("falls_prevention", "older_people", 420000, 38, 360000, 480000, 22, 54, "", ""),
           ("hospital_at_home", "acute", 910000, 61, 780000, 1050000, 35, 88, "", ""),
           ("reablement_expansion", "community", 650000, 44, 560000, 740000, 28, 60, "", ""),
           ("reablement_digital", "community", 120000, 6, 90000, 150000, 2, 11,
            "reablement_expansion", ""),
           ("dementia_advisers", "mental_health", 300000, 19, 250000, 350000, 10, 28, "", ""),
           ("care_home_support_basic", "older_people", 250000, 15, 210000, 290000, 8, 22, "",
            "care_home_support"),
           ("care_home_support_full", "older_people", 540000, 27, 470000, 610000, 16, 38, "",
            "care_home_support"),
           ("close_ward_12", "acute", -1200000, -31, -1350000, -1050000, -45, -18, "", ""),
           ("stop_low_value_procedures", "acute", -380000, -4, -420000, -340000, -9, -1, "", ""),
           ("reduce_day_centre_hours", "older_people", -260000, -14, -290000, -230000, -21, -8,
            "", "")])


if __name__ == "__main__":
    main()
