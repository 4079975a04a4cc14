#!/usr/bin/env python3
"""Generate the shipped example: the "Example Partnership", a SYNTHETIC health and social care
partnership of four localities. No real area is described; the numbers are made up to look like
a UK partnership of about 300,000 people.

How it is made (deterministic; standard library only):
- population by single year 0..89 and 90+, both sexes, mid-2022: a smooth UK-like age profile
  (baby-boom bulge near 60, a dip in the early 20s where students leave) scaled per locality,
  with locality-specific tilts (a young city, an older coastal town, two mixed areas);
- mortality: Gompertz-Makeham central death rates mx = a + b exp(c x) plus an infant term,
  men about 1.5 times women at working ages, locality factors 0.9..1.15; one table per year
  2022..2042 with 1.5% a year improvement (smooth, so life expectancy and the health-status
  adjustment that follows it rise smoothly);
- fertility: a gamma-shaped schedule over ages 15..49 with a total fertility rate of about 1.55,
  locality factors;
- migration by flows, as ONS and NRS subnational projections model it: out-migration as rates
  on the people at risk (a UK-like age schedule peaking at 20 as students and young workers
  leave, rising a little at retirement), in-migrant counts set so that the base year's net
  matches a locality's story (young adults into the city, retirees into the coast), and moves
  between the four localities (young adults from the villages and the valley into the city,
  retirees from the city to the coast) in demography_flows.csv;
- variants: high and low fertility (+/-15%), low migration (in- and out-flows 50%), zero
  migration;
- need (prevalence) and service activity inputs: see NEED_* and ACT_* below (rates per person
  per year by age band and sex, growth, a shift between settings, capacity parameters);
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
        flow = 150 * math.exp(-((x - 21) / 4.0) ** 2) - 30 * math.exp(-((x - 30) / 7.0) ** 2)
    elif kind == "coast":
        flow = 40 * math.exp(-((x - 64) / 6.0) ** 2) - 50 * math.exp(-((x - 20) / 3.0) ** 2)
        flow += 15 * math.exp(-((x - 38) / 8.0) ** 2)
    else:
        flow = 25 * math.exp(-((x - 34) / 7.0) ** 2) + 10 * math.exp(-((x - 6) / 4.0) ** 2)
        flow -= 40 * math.exp(-((x - 19) / 2.5) ** 2)
    flow *= size / 100000.0
    return flow * (0.97 if sex == "F" else 1.03)


def out_rate(x, kind):
    """Out-migration to outside the partnership, per person a year at single age x."""
    r = 0.012 + 0.10 * math.exp(-((x - 20) / 3.5) ** 2) + 0.035 * math.exp(-((x - 27) / 6.0) ** 2)
    r += 0.006 * math.exp(-((x - 64) / 5.0) ** 2) + 0.02 * math.exp(-((x - 1) / 3.0) ** 2)
    if x >= 80:
        r = 0.008
    return r * {"city": 1.25, "coast": 0.85, "mixed": 0.9}[kind]


# Moves between the localities: (from, to, first age, last age, rate a year per person).
FLOWS = [("EP03", "EP01", 17, 22, 0.030), ("EP04", "EP01", 17, 22, 0.028),
         ("EP01", "EP02", 60, 72, 0.004), ("EP01", "EP04", 30, 42, 0.006),
         ("EP01", "EP03", 0, 9, 0.004)]


def label(x):
    return f"{x}+" if x == OPEN else str(x)


# ---------------------------------------------------------------- need (prevalence, 0..1)
# Diabetes and hypertension: Health Survey for England 2019, adult health table 2 (as
# transcribed in diagonalworks/ucl-population-health prevalences.yaml); COPD: PHE COPD
# prevalence model (Nacul et al.). Values as published there; ages below the first band are 0.
# Dementia and limiting long-term illness are SYNTHETIC, POPPI-shaped (dementia roughly doubling
# every five years after 65, split 90-94 / 95+ as POPPI does), not Dementia UK or census figures.
NEED_BANDS = {
    "diabetes": ("0-15", "16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"),
    "hypertension": ("0-15", "16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75+"),
    "copd": ("0-14", "15-44", "45-54", "55-64", "65-74", "75+"),
    "dementia": ("0-29", "30-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90-94", "95+"),
    "llti": ("0-15", "16-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85+"),
}
NEED_RATES = {
    ("diabetes", "F"): (0, 0, 0.01, 0.03, 0.04, 0.09, 0.15, 0.06),
    ("diabetes", "M"): (0, 0.01, 0.01, 0.03, 0.09, 0.13, 0.21, 0.18),
    ("hypertension", "F"): (0, 0.01, 0.06, 0.09, 0.22, 0.33, 0.51, 0.65),
    ("hypertension", "M"): (0, 0.09, 0.08, 0.13, 0.29, 0.48, 0.58, 0.68),
    ("copd", "F"): (0, 0.0089, 0.02, 0.0411, 0.0481, 0.0555),
    ("copd", "M"): (0, 0.013, 0.0238, 0.069, 0.1003, 0.1165),
    ("dementia", "F"): (0, 0.0008, 0.017, 0.030, 0.060, 0.115, 0.205, 0.320, 0.440),
    ("dementia", "M"): (0, 0.0009, 0.015, 0.031, 0.055, 0.100, 0.175, 0.270, 0.370),
    ("llti", "F"): (0.04, 0.07, 0.09, 0.12, 0.18, 0.27, 0.34, 0.51, 0.70),
    ("llti", "M"): (0.06, 0.06, 0.08, 0.11, 0.17, 0.26, 0.33, 0.48, 0.66),
}
# POPPI weights its 90-94 and 95+ rates by a reference population to get a 90+ rate. Here the
# reference is ONS mid-2018 England (persons, ONS 2018-based SNPP base year, OGL v3).
NEED_WEIGHTS = [("F", "0-89", 27967748), ("F", "90-94", 252952), ("F", "95+", 88536),
                ("M", "0-89", 27510154), ("M", "90-94", 129124), ("M", "95+", 28664)]

# ---------------------------------------------------------------- service activity
# Events per person per year. The hospital services are age-band means of the smoothed England
# HES/ECDS age-sex rates of the Strategy Unit app (shared data,
# hospital_activity_rates_england_age_sex.csv; ae = ambulance + walk-in arrivals, outpatients =
# surgical + non-surgical); ages 0-16, which that file lacks, are SYNTHETIC. Community nursing,
# home care and care homes are SYNTHETIC, shaped like PHS Insights in Social Care figures.
ACT_BANDS = ("0-16", "17-24", "25-34", "35-44", "45-54", "55-64", "65-74", "75-84", "85-89",
             "90+")
ACT_RATES = {
    ("ae_attendances", "F"): (0.34, 0.3378, 0.2904, 0.2380, 0.2094, 0.2092, 0.2355, 0.4006,
                              0.6317, 0.7512),
    ("ae_attendances", "M"): (0.38, 0.2447, 0.2297, 0.2222, 0.2086, 0.2225, 0.2615, 0.4362,
                              0.7038, 0.8522),
    ("emergency_admissions", "F"): (0.065, 0.0742, 0.0844, 0.0755, 0.0740, 0.0897, 0.1299,
                                    0.2560, 0.4370, 0.5356),
    ("emergency_admissions", "M"): (0.072, 0.0408, 0.0462, 0.0579, 0.0726, 0.1041, 0.1606,
                                    0.3006, 0.5046, 0.6248),
    ("emergency_bed_days", "F"): (0.13, 0.1467, 0.1571, 0.1899, 0.2704, 0.4446, 0.8519, 2.219,
                                  4.506, 5.894),
    ("emergency_bed_days", "M"): (0.15, 0.1198, 0.1455, 0.2088, 0.3264, 0.5703, 1.094, 2.550,
                                  5.044, 6.728),
    ("elective_admissions", "F"): (0.006, 0.00736, 0.0105, 0.0150, 0.0205, 0.0279, 0.0391,
                                   0.0434, 0.0297, 0.0189),
    ("elective_admissions", "M"): (0.007, 0.00584, 0.00641, 0.00838, 0.0137, 0.0280, 0.0474,
                                   0.0560, 0.0449, 0.0311),
    ("daycases", "F"): (0.025, 0.0454, 0.0708, 0.0957, 0.1343, 0.1870, 0.2598, 0.3161, 0.2402,
                        0.1587),
    ("daycases", "M"): (0.030, 0.0353, 0.0474, 0.0665, 0.1000, 0.1745, 0.2866, 0.3767, 0.3355,
                        0.2515),
    ("outpatient_first", "F"): (0.22, 0.3462, 0.6331, 0.5538, 0.5068, 0.6137, 0.7355, 0.9281,
                                0.9028, 0.7565),
    ("outpatient_first", "M"): (0.24, 0.1744, 0.2078, 0.2613, 0.3432, 0.5137, 0.7439, 1.0029,
                                1.0811, 0.9636),
    ("outpatient_followup", "F"): (0.40, 0.6830, 1.3609, 1.1321, 0.9896, 1.3266, 1.6490,
                                   2.0583, 1.9615, 1.6915),
    ("outpatient_followup", "M"): (0.45, 0.3288, 0.3586, 0.4801, 0.7049, 1.1716, 1.8448,
                                   2.4929, 2.5476, 2.2809),
}
# one curve for both sexes ('*'): contacts, hours, and residents (occupied places) per person
ACT_RATES_BOTH = {
    "community_nursing_contacts": (0.05, 0.08, 0.10, 0.12, 0.18, 0.35, 0.90, 3.2, 8.5, 12.0),
    "home_care_hours": (0.0, 0.6, 0.9, 1.2, 2.0, 3.5, 9.0, 32.0, 95.0, 165.0),
    "care_home_places": (0.0, 0.0002, 0.0003, 0.0004, 0.0007, 0.0015, 0.0045, 0.021, 0.075,
                         0.175),
}
ACT_GROWTH = [("*", 0.5), ("daycases", 2.0), ("outpatient_first", 1.0),
              ("community_nursing_contacts", 1.5), ("home_care_hours", 1.0),
              ("care_home_places", 0.0)]
# 8% of emergency bed days replaced by 3 home-care hours each, phased in over 2025-2029
ACT_SHIFTS = [("emergency_bed_days", "home_care_hours", 0.08, 3, 2025, 2029)]
# resource, service, basis, occupancy, hours_per_wte, current / base-year requirement
ACT_CAPACITY = [("acute_beds", "emergency_bed_days", "days", 0.92, "", 1.02),
                ("care_home_beds", "care_home_places", "occupied", 0.95, "", 0.97),
                ("home_care_staff", "home_care_hours", "hours", "", 1350, 0.93)]


def band_bounds(b):
    if b.endswith("+"):
        return int(b[:-1]), OPEN
    lo, hi = b.split("-")
    return int(lo), int(hi)


def act_rate(service, sex, x):
    """The example's rate for a single age (the open group at OPEN)."""
    curve = ACT_RATES_BOTH.get(service) or ACT_RATES[(service, sex)]
    for b, r in zip(ACT_BANDS, curve):
        lo, hi = band_bounds(b)
        if lo <= x <= hi:
            return r
    raise ValueError(x)


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
                for year in range(2022, 2043):
                    rows_mort.append((code, year, sex, label(x), f"{mx(x, sex, mf, year):.6g}"))
                # in-migrants: the base year's net target plus those the rate takes out
                rate = out_rate(x, kind)
                inflow = max(0.0, net_migration(x, sex, kind, size) + rate * p)
                rows_mig.append((code, sex, label(x), f"{inflow:.2f}", f"{rate:.5f}"))
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
    write("demography_migration.csv", ["area", "sex", "age", "inflow", "outflow_rate"],
          rows_mig)
    write("demography_flows.csv", ["area", "destination", "sex", "age", "rate"],
          [(a, b, sex, f"{lo}-{hi}", r) for a, b, lo, hi, r in FLOWS for sex in ("F", "M")])
    write("demography_variants.csv",
          ["variant", "fertility_scale", "mortality_scale", "inflow_scale", "outflow_scale"],
          [("high_fertility", 1.15, 1, 1, 1), ("low_fertility", 0.85, 1, 1, 1),
           ("low_migration", 1, 1, 0.5, 0.5), ("zero_migration", 1, 1, 0, 0)])

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
    write_pbma_cases(out)
    # need and activity
    rows = []
    for (measure, sex), rates in NEED_RATES.items():
        for b, r in zip(NEED_BANDS[measure], rates):
            rows.append((measure, sex, b, r))
    write("need_prevalence.csv", ["measure", "sex", "age", "rate"], rows)
    write("need_weights.csv", ["sex", "age", "population"], NEED_WEIGHTS)
    write("need_growth.csv", ["measure", "growth_pct"], [("diabetes", 1.0), ("*", 0)])
    rows = []
    for (service, sex), rates in ACT_RATES.items():
        rows += [(service, sex, b, r) for b, r in zip(ACT_BANDS, rates)]
    for service, rates in ACT_RATES_BOTH.items():
        rows += [(service, "*", b, r) for b, r in zip(ACT_BANDS, rates)]
    write("activity_rates.csv", ["service", "sex", "age", "rate"], rows)
    write("activity_growth.csv", ["service", "growth_pct"], ACT_GROWTH)
    write("activity_shifts.csv", ["from", "to", "share", "ratio", "year_start", "year_end"],
          ACT_SHIFTS)
    # current capacity: each locality's base-year requirement times a made-up factor
    pop = {}
    for code, _, _, sex, age, p in rows_pop:
        pop[(code, sex, int(age.rstrip("+")))] = p
    rows = []
    for res, service, basis, occ, hours, factor in ACT_CAPACITY:
        for code, *_ in LOCALITIES:
            act = sum(pop[(code, sex, x)] * act_rate(service, sex, x)
                      for sex in ("F", "M") for x in range(OPEN + 1))
            if basis == "days":
                need = act / 365 / occ
            elif basis == "occupied":
                need = act / occ
            else:
                need = act / hours
            rows.append((res, code, service, basis, occ, hours, round(need * factor)))
    write("activity_capacity.csv", ["resource", "area", "service", "basis", "occupancy",
                                    "hours_per_wte", "current"], rows)
    write_finance(out)
    write_standardise(out, rows_pop)


# ---------------------------------------------------------------------------- finance (issue 4)
# Programmes, unit costs, base-year budgets, uplifts, inflation, efficiency and one resource
# shift for the money stage. Unit costs marked NCC are NHS England National Cost Collection
# 2023/24 figures (../shared/data/needs/ncc_2023_24_*.csv, OGL v3); the social-care unit costs,
# budgets, uplifts, future inflation, deflator and efficiency are made-up assumptions. The
# 2024/25 pay and prices inflation are the PSSRU NHS Cost Inflation Index's published annual
# rates (Jones et al. 2026, Unit Costs of Health and Social Care 2025, CC BY-NC-SA 4.0), used
# as two cited parameters; the index itself is not shipped.
NCC_NEL_COST = 23237984709 + 5033680401   # non-elective long + short stay, GBP (summary)
NCC_NEL_SPELLS = 4527849 + 6365015
FIN_SERVICES = [
    # service, programme, unit_cost (GBP, 2023/24 prices), pay_share, unit, source
    ("ae_attendances", "acute", 272.97, "", "attendance",
     "NCC 2023/24 Emergency Care mean (service summary)"),
    ("emergency_admissions", "acute", round(NCC_NEL_COST / NCC_NEL_SPELLS, 2), "", "spell",
     "NCC 2023/24 non-elective long + short stay: total cost / spells (service summary)"),
    ("emergency_bed_days", "acute", 0, "", "bed day",
     "inside the emergency spell cost (listed for capacity and shifts)"),
    ("elective_admissions", "acute", 6214.17, "", "spell",
     "NCC 2023/24 Elective Inpatients mean (service summary)"),
    ("daycases", "acute", 1031.11, "", "case", "NCC 2023/24 Daycase mean (service summary)"),
    ("outpatient_first", "acute", 232.0678, "", "attendance",
     "NCC 2023/24 WF01B consultant-led face-to-face first attendance"),
    ("outpatient_followup", "acute", 192.2812, "", "attendance",
     "NCC 2023/24 WF01A consultant-led face-to-face follow-up"),
    ("community_nursing_contacts", "community", 58.1112, "", "contact",
     "NCC 2023/24 N02AF district nurse, adult, face to face"),
    ("home_care_hours", "social_care", 28.50, 0.75, "hour", "illustrative (synthetic)"),
    ("care_home_places", "social_care", 54600, 0.60, "place-year", "illustrative (synthetic)"),
]
FIN_BUDGETS = [
    # programme, cost_type, funder, budget (GBP, 2024/25)
    ("acute", "pay", "nhs", 181000000), ("acute", "non_pay", "nhs", 121500000),
    ("community", "pay", "nhs", 12400000), ("community", "non_pay", "nhs", 4000000),
    ("social_care", "pay", "council", 22000000), ("social_care", "non_pay", "council", 158000000),
    ("social_care", "non_pay", "nhs", 18500000),
]
FIN_UPLIFTS = [("nhs", 2025, 2.8), ("nhs", 2027, 2.5), ("council", 2025, 4.0),
               ("council", 2026, 2.0)]
FIN_INFLATION = [
    # year, pay_pct, prices_pct, deflator_pct: 2024 = PSSRU NHSCII 2024/25 (provisional);
    # from 2025 assumptions, carried forward
    (2024, 5.11, 2.04, 2.0), (2025, 3.0, 2.0, 2.0), (2026, 2.8, 2.0, 2.0),
]
FIN_EFFICIENCY = [("*", 2025, 1.0), ("acute", 2025, 2.0), ("community", 2025, 1.5)]
FIN_SHIFTS = [
    # shift, from, to, start_year, amount, phase_years, lag_years, release_pct,
    # transition_cost, transition_years
    ("virtual_wards", "acute", "community_nursing_contacts", 2026, 1500000, 2, 1, 80,
     250000, 1),
]


def write_finance(out):
    def write(fname, header, rows):
        with open(os.path.join(out, fname), "w", newline="") as f:
            f.write(",".join(header) + "\n")
            for r in rows:
                f.write(",".join(f'"{v}"' if "," in str(v) else str(v) for v in r) + "\n")

    write("finance_services.csv",
          ["service", "programme", "unit_cost", "price_year", "pay_share", "unit", "source"],
          [(s, p, u, 2023, w, unit, src) for s, p, u, w, unit, src in FIN_SERVICES])
    write("finance_budgets.csv", ["programme", "cost_type", "funder", "budget"], FIN_BUDGETS)
    write("finance_uplifts.csv", ["funder", "year", "uplift_pct"], FIN_UPLIFTS)
    write("finance_inflation.csv", ["year", "pay_pct", "prices_pct", "deflator_pct"],
          FIN_INFLATION)
    write("finance_efficiency.csv", ["programme", "year", "efficiency_pct"], FIN_EFFICIENCY)
    write("finance_shifts.csv",
          ["shift", "from", "to", "start_year", "amount", "phase_years", "lag_years",
           "release_pct", "transition_cost", "transition_years"], FIN_SHIFTS)


# ---------------------------------------------------------------------------- standardisation
# `fulcrum standardise`: emergency admissions and hip fractures in 2022 by locality, sex and
# five-year band, SYNTHETIC Poisson draws (own seed) around made-up England-like rates times a
# locality factor (the city higher, the villages lower), so the standardised rates and ratios
# differ where the crude ones mislead. Hip fractures are given from 50 only (rows left out are
# no events). The standard is the European Standard Population 2013 (Eurostat, 2013: 19 bands
# with 0-4 = under 1 + 1-4 and 90+ = 90-94 + 95+, as OHID/PHE use it; total 100,000).
ESP2013 = [5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500,
           5000, 4000, 2500, 1500, 1000]
STD_EMERGENCY = [0.16, 0.05, 0.05, 0.07, 0.07, 0.07, 0.07, 0.07, 0.08, 0.09, 0.10, 0.12, 0.14,
                 0.17, 0.21, 0.28, 0.37, 0.48, 0.60]
STD_HIP = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0.0002, 0.0003, 0.0005, 0.0009, 0.0016, 0.0032, 0.0065,
           0.012, 0.022]
STD_FACTOR = {"EP01": (1.18, 1.0), "EP02": (1.06, 1.1), "EP03": (0.86, 0.9), "EP04": (0.95, 1.0)}


def poisson(rng, lam):
    if lam < 30:
        k, p, u = 0, math.exp(-lam), rng.random()
        c = p
        while u > c:
            k += 1
            p *= lam / k
            c += p
        return k
    return max(0, round(rng.gauss(lam, math.sqrt(lam))))


def write_standardise(out, rows_pop):
    rng = random.Random(2024)
    band = lambda x: f"{x}-{x + 4}" if x < OPEN else f"{OPEN}+"
    pop = {}
    for code, _, _, sex, age, p in rows_pop:
        x = int(age.rstrip("+"))
        key = (code, sex, min(x // 5 * 5, OPEN))
        pop[key] = pop.get(key, 0) + p
    with open(os.path.join(out, "standardise_admissions.csv"), "w", newline="") as f:
        f.write("area,year,measure,sex,age,count\n")
        for code, *_ in LOCALITIES:
            fe, fh = STD_FACTOR[code]
            for measure, rates, factor in (("emergency_admissions", STD_EMERGENCY, fe),
                                           ("hip_fracture", STD_HIP, fh)):
                for sex in ("F", "M"):
                    sf = 1.1 if measure[0] == "e" and sex == "M" else 0.5 if sex == "M" else 1
                    for i, r in enumerate(rates):
                        if r == 0:
                            continue
                        lam = pop[(code, sex, 5 * i)] * r * factor * (sf if 5 * i >= 50 else 1)
                        f.write(f"{code},{BASE_YEAR},{measure},{sex},{band(5 * i)},"
                                f"{poisson(rng, lam)}\n")
    with open(os.path.join(out, "standardise_esp2013.csv"), "w", newline="") as f:
        f.write("age,population\n")
        for i, w in enumerate(ESP2013):
            f.write(f"{band(5 * i)},{w}\n")


# PBMA examples for `fulcrum icers` and `fulcrum psa` (their --help examples): six mutually
# exclusive falls-prevention strategies, GBP a year and QALYs a year; PSA samples for three of
# them, normal draws around these means (own seed, so other files do not change).
PBMA_STRATEGIES = [("usual_care", 0, 0.0), ("leaflet", 20000, 2.1),
                   ("exercise_classes", 180000, 14.5), ("home_hazard_visits", 260000, 15.0),
                   ("multifactorial", 520000, 27.2), ("multifactorial_plus", 900000, 30.1)]


def write_pbma_cases(out):
    rng = random.Random(2023)
    with open(os.path.join(out, "pbma_strategies.csv"), "w", newline="") as f:
        f.write("strategy,cost,effect\n")
        for name, cost, effect in PBMA_STRATEGIES:
            f.write(f"{name},{cost},{effect}\n")
    # the draws' multipliers are the PSA's parameters: pbma_psa_parameters.csv holds them, one
    # column a strategy and quantity, for `fulcrum psa --parameters` (EVPPI); usual care costs
    # and gives nothing, so its multipliers carry no information
    factors = []
    with open(os.path.join(out, "pbma_psa.csv"), "w", newline="") as f:
        f.write("sim,strategy,cost,effect\n")
        for sim in range(1, 501):
            row = []
            for name, cost, effect in (PBMA_STRATEGIES[0], PBMA_STRATEGIES[2],
                                       PBMA_STRATEGIES[4]):
                fc = rng.gauss(1.0, 0.12)
                fe = rng.gauss(1.0, 0.25)
                c = cost * fc
                e = effect * fe
                f.write(f"{sim},{name},{c:.0f},{e:.3f}\n")
                row += [fc, fe]
            factors.append(row)
    with open(os.path.join(out, "pbma_psa_parameters.csv"), "w", newline="") as f:
        f.write("sim," + ",".join(f"{n}_{q}" for n in ("usual_care", "exercise_classes",
                                                      "multifactorial")
                                  for q in ("cost", "effect")) + "\n")
        for sim, row in enumerate(factors, 1):
            f.write(f"{sim}," + ",".join(f"{v:.6f}" for v in row) + "\n")


if __name__ == "__main__":
    main()
