#!/bin/sh
# make bench, Monte Carlo (issue 7): the workload of tests/bench/mc_gen.py (32 areas, single
# years 0..100+, 25 years, 20 services, 5 programmes, 40 PBMA options, uncertain parameters
# everywhere), timed with /usr/bin/time -v (wall and CPU seconds, peak memory):
#   stochastic projection, 1,000 draws to summaries      target <= 2 s
#   the full chain (projection, activity, money, PBMA), 1,000 draws     target <= 10 s
#   peak memory of the projection with 100, 1,000 and 10,000 draws (bounded by
#   [run] summary_memory_mb, 256 MB by default, plus the per-draw sums)
# The wall figures depend on what else the machine runs: CPU seconds are printed beside them.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BENCH_BIN:-build/release/fulcrum}
W=build/bench/mc32
if ! command -v python3 >/dev/null || [ ! -x /usr/bin/time ]; then
    echo "bench mc: SKIP (needs python3 and /usr/bin/time)"; exit 0
fi
mkdir -p build/bench
[ -f "$W/chain.ini" ] || python3 tests/bench/mc_gen.py "$W" --areas 32 >/dev/null

run() { # run NAME TARGET SCENARIO DRAWS: one timed run, its figures on one line
    name=$1 target=$2 scn=$3 n=$4
    /usr/bin/time -v "$BIN" run "$scn" --draws "$n" --out build/bench/mc_out -q \
        2>build/bench/mc_time.txt >/dev/null
    awk -v name="$name" -v target="$target" -v n="$n" -F': ' '
        /Elapsed \(wall clock\)/ { split($2, t, ":"); wall = t[1] * 60 + t[2] }
        /User time/ { user = $2 } /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 }
        END { ok = target == "" ? "" : (wall <= target ? "  (target <= " target " s: met)" \
                                                       : "  (target <= " target " s: NOT met)")
              printf "bench mc: %-34s %6d draws %7.2f s wall %7.2f s CPU %6.0f MB peak%s\n", \
                     name, n, wall, user + sys, rss / 1024, ok }' build/bench/mc_time.txt
}
echo "bench mc: machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "stochastic projection (32 areas)" 2 "$W/proj.ini" 1000
run "full chain (32 areas, 20 services)" 10 "$W/chain.ini" 1000
for n in 100 1000 10000; do
    run "memory: projection" "" "$W/proj.ini" "$n"
done
run "memory: full chain" "" "$W/chain.ini" 100
rm -rf build/bench/mc_out
