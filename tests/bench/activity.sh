#!/bin/sh
# make bench: fulcrum activity on 1,000 areas x 20 services x 25 years (26 with the base year),
# single years 0..89 and 90+, with growth, two shifts, three capacity resources and the
# health-status adjustment; the inputs are made here (deterministic awk), timed end to end.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BENCH_BIN:-build/release/fulcrum}
AREAS=${FC_BENCH_AREAS:-1000}
W=build/bench/act$AREAS
mkdir -p "$W"
if [ ! -f "$W/projection.csv" ]; then
    awk -v n="$AREAS" 'BEGIN {
        print "area,year,sex,age,population"
        for (a = 1; a <= n; a++)
            for (y = 2022; y <= 2047; y++)
                for (s = 0; s < 2; s++)
                    for (x = 0; x <= 90; x++) {
                        p = (1000 + (a * 37) % 500) * exp(-x / 60.0) * (1 + 0.004 * (y - 2022) * (x / 45.0))
                        if (x == 90) p *= 3
                        printf "A%04d,%d,%s,%s,%.2f\n", a, y, s ? "M" : "F", x == 90 ? "90+" : x, p
                    }
    }' >"$W/projection.csv"
    awk 'BEGIN {
        print "service,sex,age,rate"
        for (k = 1; k <= 20; k++)
            for (b = 0; b < 19; b++) {
                lo = 5 * b; age = b == 18 ? "90+" : lo "-" lo + 4
                printf "svc%02d,*,%s,%.6g\n", k, age, 0.01 * k * exp(0.035 * lo)
            }
    }' >"$W/rates.csv"
    printf 'service,growth_pct\n*,0.7\nsvc03,2.1\n' >"$W/growth.csv"
    printf 'from,to,share,ratio,year_start,year_end\nsvc01,svc02,0.1,3,2025,2029\nsvc04,svc05,0.05,0.5,2030,2035\n' >"$W/shifts.csv"
    printf 'resource,service,basis,occupancy,hours_per_wte,current\nbeds,svc01,days,0.92,,40\nplaces,svc06,occupied,0.95,,300\nstaff,svc02,hours,,1350,20\n' >"$W/capacity.csv"
    awk 'BEGIN { print "year,sex,age,ex"
        for (y = 2022; y <= 2047; y++) for (s = 0; s < 2; s++) for (x = 0; x <= 90; x++)
            printf "%d,%s,%d,%.4f\n", y, s ? "M" : "F", x, (85 - 3 * s - x > 2 ? 85 - 3 * s - x : 2) + 0.05 * (y - 2022) }' >"$W/le.csv"
fi
now() { date +%s.%N; }
t0=$(now)
"$BIN" activity --projection "$W/projection.csv" --rates "$W/rates.csv" --growth "$W/growth.csv" \
    --shifts "$W/shifts.csv" --capacity "$W/capacity.csv" --hsa 0.5 --lifetables "$W/le.csv" \
    --out build/bench/activity
t1=$(now)
rows=$(($(wc -l <build/bench/activity/activity.csv) - 1))
[ "$rows" -eq $((AREAS * 26 * 20)) ] || { echo "bench: activity.csv has $rows rows"; exit 1; }
awk -v t="$(echo "$t1 - $t0" | bc)" -v n="$AREAS" -v r="$rows" 'BEGIN {
    printf "bench: activity %d areas x 20 services x 25 years (%d rows, read 4.7M-row projection, HSA, shifts, capacity, drivers): %.2f s\n", n, r, t }'
