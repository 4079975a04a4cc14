#!/bin/sh
# make bench, Monte Carlo (issue 7): the workload of tests/bench/mc_gen.py (32 areas, single
# years 0..100+, 25 years, 20 services, 5 programmes, 40 PBMA options, uncertain parameters
# everywhere), timed with /usr/bin/time -v (wall and CPU seconds, peak memory):
#   stochastic projection, 1,000 draws to summaries      target <= 2 s
#   the full chain (projection, activity, money, PBMA), 1,000 draws     target <= 10 s
#   peak memory of the projection with 100, 1,000 and 10,000 draws (256 MB, or one area's
#   draws when more, unless [run] summary_memory_mb says otherwise, plus the per-draw sums),
#   the ratio of 10,000 draws' time to 1,000's (target <= 11) and 100,000 draws
# The wall figures depend on what else the machine runs: CPU seconds are printed beside them.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BENCH_BIN:-build/release/fulcrum}
W=build/bench/mc32
. "$(dirname "$0")/timed.sh"
if ! command -v python3 >/dev/null || [ ! -x /usr/bin/time ]; then
    echo "bench mc: SKIP (needs python3 and /usr/bin/time)"; exit 0
fi
mkdir -p build/bench
: >build/bench/mc_lines.txt
[ -f "$W/chain.ini" ] || python3 tests/bench/mc_gen.py "$W" --areas 32 >/dev/null

run() { # run NAME TARGET SCENARIO DRAWS: one timed run, its figures on one line
    name=$1 target=$2 scn=$3 n=$4
    timed build/bench/mc_time.txt "$BIN" run "$scn" --draws "$n" --out build/bench/mc_out -q
    awk -v name="$name" -v target="$target" -v n="$n" -v wall="$WALL" -v cpu="$CPU" \
        -v mb="$PEAK_MB" 'BEGIN {
        ok = target == "" ? "" : (wall <= target ? "  (target <= " target " s: met)" \
                                                 : "  (target <= " target " s: NOT met)")
        printf "bench mc: %-34s %6d draws %7.2f s wall %7.2f s CPU %6.0f MB peak%s\n", \
               name, n, wall, cpu, mb, ok }' |
        tee -a build/bench/mc_lines.txt
}
echo "bench mc: machine load before: $(cut -d' ' -f1-3 /proc/loadavg)"
run "stochastic projection (32 areas)" 2 "$W/proj.ini" 1000
run "full chain (32 areas, 20 services)" 10 "$W/chain.ini" 1000
for n in 100 1000 10000; do
    run "memory: projection" "" "$W/proj.ini" "$n"
done
# linear in the draws (issue 20): 10,000 draws at most 11 times 1,000, no area projected twice;
# and 100,000 draws complete (about 3 minutes and 4.5 GB on 2 cores)
w1=$(awk '/^bench mc: memory: projection +1000 draws/ { print $7 }' build/bench/mc_lines.txt)
w10=$(awk '/^bench mc: memory: projection +10000 draws/ { print $7 }' build/bench/mc_lines.txt)
awk -v a="$w1" -v b="$w10" 'BEGIN { printf "bench mc: 10,000 draws take %.1f times 1,000 (target <= 11: %s)\n", b / a, b / a <= 11 ? "met" : "NOT met" }'
run "100,000 draws: projection" "" "$W/proj.ini" 100000
# the same workload on 2 Open MPI ranks (fulcrum-mpi, docs/cluster.md; one thread each) beside
# 2 threads, 10,000 draws of the full chain: the wall times and the same bytes
MPI_BIN=${FC_BENCH_MPI_BIN:-build/release/fulcrum-mpi}
if [ -x "$MPI_BIN" ] && command -v mpirun >/dev/null 2>&1; then
    RUNAS=
    [ "$(id -u)" = 0 ] && RUNAS=--allow-run-as-root
    rm -rf build/bench/mc_t build/bench/mc_m
    timed build/bench/mc_time.txt "$BIN" run "$W/chain.ini" --draws 10000 --out build/bench/mc_t -q
    tw=$WALL tm=$PEAK_MB
    timed build/bench/mc_time.txt mpirun $RUNAS -np 2 "$MPI_BIN" run "$W/chain.ini" \
        --draws 10000 --out build/bench/mc_m -q
    same=$(diff -r -x manifest.json -q build/bench/mc_t build/bench/mc_m >/dev/null &&
           echo "the same bytes" || echo "DIFFERENT outputs")
    awk -v a="$tw" -v b="$WALL" -v ma="$tm" -v mb="$PEAK_MB" -v same="$same" 'BEGIN {
        printf "bench mc: full chain, 10000 draws: 2 threads %.2f s (%.0f MB), 2 MPI ranks %.2f s (%.0f MB a rank), ratio %.2f; %s\n", a, ma, b, mb, b / a, same }'
    rm -rf build/bench/mc_t build/bench/mc_m
else
    echo "bench mc: fulcrum-mpi: SKIP (make mpi builds it where Open MPI is installed)"
fi
run "memory: full chain" "" "$W/chain.ini" 100
rm -rf build/bench/mc_out
