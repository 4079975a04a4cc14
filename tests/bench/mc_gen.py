#!/usr/bin/env python3
"""mc_gen.py: the Monte Carlo benchmark workload (issue 7), synthetic and deterministic.

    python3 tests/bench/mc_gen.py DIR [--areas 32] [--need] [--control]

writes into DIR the inputs of a partnership of AREAS areas (single years of age 0..100+,
base 2024, horizon 2049: 25 years), 20 services, 5 resources, 5 programmes and 40 PBMA options,
and two scenarios: proj.ini (the projection alone) and chain.ini (projection, activity,
money, PBMA), whose numbers carry uncertainty (intervals, lognormal, triangular, beta, growth
intervals, option intervals, variant probabilities). With --need it also writes need inputs
(prevalence of 3 measures, a growth table with 80% intervals) and need.ini (chain.ini with a
[need] section). With --control it also writes control.csv (the base population's total,
growing 0.4% a year) and ctl.ini (proj.ini with those control totals, which couple the areas).
The other files are the same bytes either way. Standard library only.
"""
import math
import os
import random
import sys

BASE, HORIZON, TOP = 2024, 2049, 100


def write(path, header, rows):
    with open(path, "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(str(x) for x in r) + "\n")


def main():
    args = sys.argv[1:]
    areas = 32
    need = "--need" in args
    if need:
        args.remove("--need")
    control = "--control" in args
    if control:
        args.remove("--control")
    if "--areas" in args:
        i = args.index("--areas")
        areas = int(args[i + 1])
        del args[i:i + 2]
    out = args[0]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(20251123)
    codes = ["B%03d" % (a + 1) for a in range(areas)]

    def age_label(x):
        return "%d+" % TOP if x == TOP else str(x)

    # base population: a smooth pyramid scaled per area
    pop = []
    for a in codes:
        size = rnd.uniform(0.5, 2.0)
        for sex in "FM":
            for x in range(TOP + 1):
                base = 1400 * math.exp(-((x - 35) / 45.0) ** 2) + 300 * (x < 80)
                if x == TOP:
                    base = 60
                pop.append((a, BASE, sex, age_label(x), round(size * base * rnd.uniform(0.9, 1.1))))
    write(out + "/population.csv", "area,year,sex,age,population", pop)

    fert = []
    for a in codes:
        tfr = rnd.uniform(1.4, 1.9)
        ws = [math.exp(-((x - 30) / 6.0) ** 2) for x in range(15, 50)]
        s = sum(ws)
        for x, w in zip(range(15, 50), ws):
            fert.append((a, x, "%.6g" % (tfr * w / s)))
    write(out + "/fertility.csv", "area,age,asfr", fert)

    # mortality: Gompertz-Makeham, improving 1.5% a year, given every 5 years
    mort = []
    for a in codes:
        lvl = rnd.uniform(0.85, 1.15)
        for year in range(BASE, HORIZON, 5):
            imp = 0.985 ** (year - BASE)
            for sex in "FM":
                k = 1.0 if sex == "F" else 1.3
                for x in range(TOP + 1):
                    mx = 0.004 if x == 0 else (0.0002 + 0.00002 * math.exp(0.095 * x))
                    mx = min(mx * k * lvl * imp, 0.9)
                    if x == TOP:
                        mx = 0.6
                    mort.append((a, year, sex, age_label(x), "%.6g" % mx))
    write(out + "/mortality.csv", "area,year,sex,age,mx", mort)

    mig = []
    for a in codes:
        net = rnd.uniform(-200, 600)
        for sex in "FM":
            for x in range(TOP + 1):
                w = math.exp(-((x - 27) / 9.0) ** 2)
                mig.append((a, sex, age_label(x), "%.4f" % (net * w / 16.0)))
    write(out + "/migration.csv", "area,sex,age,net", mig)

    write(out + "/variants.csv", "variant,fertility_scale,mortality_scale,migration_scale,"
          "probability", [("low", 0.9, 1.1, 0.5, 0.25), ("high", 1.1, 0.9, 1.5, 0.25)])

    # 20 services, rates by 5-year band
    services = ["svc%02d" % (k + 1) for k in range(20)]
    rates, growth = [], []
    bands = [(lo, lo + 4) for lo in range(0, 85, 5)] + [(85, None)]
    for k, s in enumerate(services):
        peak, scale = rnd.uniform(0, 90), rnd.uniform(0.01, 2.0)
        for sex in "FM":
            for lo, hi in bands:
                r = scale * math.exp(-((lo - peak) / 30.0) ** 2) + 0.001
                rates.append((s, sex, "%d+" % lo if hi is None else "%d-%d" % (lo, hi),
                              "%.5g" % r))
        g = round(rnd.uniform(-0.5, 3.0), 2)
        growth.append((s, g, round(g - 1.0, 2), round(g + 1.0, 2)))
    write(out + "/rates.csv", "service,sex,age,rate", rates)
    write(out + "/growth.csv", "service,growth_pct,growth_lo,growth_hi", growth)
    cap = []
    for i in range(5):
        s = services[i]
        cap.append(("res%d" % (i + 1), "*", s, "days" if i < 3 else "hours",
                    "0.9" if i < 3 else "", "" if i < 3 else "1600", 100 * (i + 1)))
    write(out + "/capacity.csv", "resource,area,service,basis,occupancy,hours_per_wte,current",
          cap)

    # money: 5 programmes of 4 services each; base-year budgets 3% above the base-year cost
    # of demand (estimated here from the population and the rates), so that the plan starts
    # with some headroom that demography, demand and prices then eat into
    progs = ["prog%d" % (p + 1) for p in range(5)]
    units = {}
    for svc, sex, band, r in rates:
        lo = int(band.split("-")[0].rstrip("+"))
        hi = TOP if band.endswith("+") else int(band.split("-")[1])
        people = sum(row[4] for row in pop if row[2] == sex and
                     lo <= (TOP if row[3].endswith("+") else int(row[3])) <= hi)
        units[svc] = units.get(svc, 0.0) + people * float(r)
    costs = [(s, progs[k // 4], round(rnd.uniform(2, 60), 2)) for k, s in enumerate(services)]
    write(out + "/services.csv", "service,programme,unit_cost,price_year,pay_share",
          [(s, p, c, BASE, 0.6) for s, p, c in costs])
    budgets = []
    for p in progs:
        total = sum(units[s] * c for s, q, c in costs if q == p) * 1.03
        budgets.append((p, "pay", "nhs", round(total * 0.6)))
        budgets.append((p, "non_pay", "nhs", round(total * 0.4)))
    write(out + "/budgets.csv", "programme,cost_type,funder,budget", budgets)
    write(out + "/uplifts.csv", "funder,year,uplift_pct",
          [("nhs", y, 2.1) for y in range(BASE + 1, HORIZON + 1)])
    write(out + "/inflation.csv", "year,pay_pct,prices_pct,deflator_pct",
          [(y, 2.5, 2.0, 2.0) for y in range(BASE, HORIZON + 1)])
    write(out + "/efficiency.csv", "programme,year,efficiency_pct", [("*", 2025, 1.0)])

    # 40 PBMA options with 80% intervals: 34 investments and 6 disinvestments (which release
    # funds and lose benefit), so that a draw whose headroom turns negative can still balance
    opts = []
    for i in range(40):
        c = rnd.uniform(50000, 900000)
        e = c / rnd.uniform(8000, 40000)
        if i >= 34:
            c, e = -c * 4, -e * 0.5
        lo_c, hi_c = sorted((round(c * 0.85), round(c * 1.2)))
        lo_e, hi_e = sorted((round(e * 0.6, 2), round(e * 1.5, 2)))
        opts.append(("opt%02d" % (i + 1), progs[i % 5], round(c), round(e, 2), lo_c, hi_c,
                     lo_e, hi_e))
    write(out + "/options.csv", "option,programme,cost,effect,cost_lo,cost_hi,effect_lo,"
          "effect_hi", opts)

    proj = """[run]
name = bench
seed = 7

[projection]
population = population.csv
fertility = fertility.csv
mortality = mortality.csv
migration = migration.csv
horizon = %d
srb = [1.03, 1.07]

[variant principal]
fertility_scale = [0.85, 1.15]
mortality_scale = lognormal(0, 0.08)
migration_scale = triangular(0.3, 1, 1.7)
""" % HORIZON
    with open(out + "/proj.ini", "w") as f:
        f.write(proj)
    chain = proj.replace("migration = migration.csv\n",
                         "migration = migration.csv\nvariants = variants.csv\n") + """
[activity]
rates = rates.csv
growth = growth.csv
capacity = capacity.csv
hsa_fraction = beta(5, 5)

[finance]
services = services.csv
budgets = budgets.csv
uplifts = uplifts.csv
inflation = inflation.csv
efficiency = efficiency.csv
base_year = %d
horizon = %d
discount_rate = [1.5, 5.5]

[pbma]
options = options.csv
budget_from = finance        ; the headroom of 2030 funds the options
budget_year = 2030
budget_share = [0.05, 0.15]
threshold = 20000
""" % (BASE, HORIZON)
    with open(out + "/chain.ini", "w") as f:
        f.write(chain)
    if need:
        write_need(out, chain)
    if control:
        write_control(out, proj)


def write_control(out, proj):
    """Control totals for 2025..2049: the base population's total growing 0.4% a year, and
    ctl.ini (proj.ini projecting to them)."""
    with open(out + "/population.csv") as f:
        next(f)
        tot = sum(float(line.rstrip("\n").split(",")[-1]) for line in f)
    write(out + "/control.csv", "year,population",
          [(y, "%.0f" % (tot * (1 + 0.004 * (y - BASE)))) for y in range(BASE + 1, HORIZON + 1)])
    with open(out + "/ctl.ini", "w") as f:
        f.write(proj.replace("migration = migration.csv\n",
                             "migration = migration.csv\ncontrol = control.csv\n"))


def write_need(out, chain):
    """Need inputs: prevalence (0..1) of 3 measures by 5-year band, growth with 80% intervals
    for two of them (the third grows 0% with no interval), and need.ini. Its own random
    stream, so that the other files do not change."""
    rnd = random.Random(20251124)
    rates = []
    bands = [(lo, lo + 4) for lo in range(0, 85, 5)] + [(85, None)]
    for m, onset, top in (("dementia", 60, 0.35), ("diabetes", 25, 0.15), ("frailty", 65, 0.5)):
        for sex in "FM":
            k = rnd.uniform(0.8, 1.2)
            for lo, hi in bands:
                r = top * k / (1 + math.exp(-(lo - onset - 15) / 6.0)) if lo >= onset - 10 else 0
                rates.append((m, sex, "%d+" % lo if hi is None else "%d-%d" % (lo, hi),
                              "%.5g" % min(r, 1.0)))
    write(out + "/need_rates.csv", "measure,sex,age,rate", rates)
    write(out + "/need_growth.csv", "measure,growth_pct,growth_lo,growth_hi",
          [("dementia", 1.0, 0.2, 1.8), ("diabetes", 0.5, -0.5, 1.5), ("*", 0, "", "")])
    with open(out + "/need.ini", "w") as f:
        f.write(chain + """
[need]
rates = need_rates.csv
growth = need_growth.csv
""")


if __name__ == "__main__":
    main()
