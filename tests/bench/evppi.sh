#!/bin/sh
# make bench, EVPPI (issue 21): `fulcrum psa --parameters` on 10,000 samples of three
# strategies and 20 sampled parameters (normal; the options' costs and effects depend on eight
# of them, one pair through a product), at one threshold: 20 single-parameter EVPPIs and the
# info-rank chart, timed with /usr/bin/time (wall and CPU seconds, peak memory). Target: under
# 2 s.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BENCH_BIN:-build/release/fulcrum}
W=build/bench/evppi
. "$(dirname "$0")/timed.sh"
if ! command -v python3 >/dev/null || [ ! -x /usr/bin/time ]; then
    echo "bench evppi: SKIP (needs python3 and /usr/bin/time)"; exit 0
fi
mkdir -p "$W"
[ -f "$W/par.csv" ] || python3 - "$W" <<'PY'
import random, sys
d = sys.argv[1]
r = random.Random(7)
S, P = 10000, 20
with open(d + "/psa.csv", "w") as f, open(d + "/par.csv", "w") as g:
    f.write("sim,strategy,cost,effect\n")
    g.write("sim," + ",".join("p%02d" % j for j in range(P)) + "\n")
    for s in range(1, S + 1):
        x = [r.gauss(0, 1) for _ in range(P)]
        g.write("%d,%s\n" % (s, ",".join("%.6f" % v for v in x)))
        f.write("%d,none,0,0\n" % s)
        f.write("%d,a,%.2f,%.5f\n" % (s, 1000 + 100 * x[0] + 50 * x[1],
                                       0.05 + 0.01 * x[2] + 0.004 * x[3] * x[4]))
        f.write("%d,b,%.2f,%.5f\n" % (s, 2500 + 300 * x[5], 0.09 + 0.02 * x[6] + 0.01 * x[7]))
PY
timed "$W/time.txt" "$BIN" psa "$W/psa.csv" --wtp 20000 --parameters "$W/par.csv" --out "$W/out"
awk -v wall="$WALL" -v cpu="$CPU" -v mb="$PEAK_MB" 'BEGIN {
    printf "bench evppi: 20 parameters x 10,000 samples: %.2f s wall, %.2f s CPU, %.0f MB peak (target < 2 s: %s)\n",
           wall, cpu, mb, wall < 2 ? "met" : "NOT met" }'
