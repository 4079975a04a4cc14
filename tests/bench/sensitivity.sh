#!/bin/sh
# make bench, sensitivity (issue 21): the uncertain example's one-way sensitivity with its
# switching values (--sensitivity, no draws) against a single run of the example as shipped
# (its 500 draws and appendix), in one run of this script. Target: within 10 times.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BENCH_BIN:-build/release/fulcrum}
[ -x /usr/bin/time ] || { echo "bench sensitivity: SKIP (needs /usr/bin/time)"; exit 0; }
mkdir -p build/bench
wall() { # wall NAME ARGS...: wall seconds of one run
    name=$1
    shift
    /usr/bin/time -f %e -o build/bench/sens_time.txt "$BIN" "$@" >/dev/null 2>&1
    cat build/bench/sens_time.txt
}
one=$(wall single run datasets/example_uncertain.ini --out build/bench/sens_single -q)
sens=$(wall sensitivity run datasets/example_uncertain.ini --draws 0 --sensitivity \
    --out build/bench/sens_sens -q)
awk -v one="$one" -v sens="$sens" 'BEGIN {
    printf "bench sensitivity: one-way sensitivity and switching values %.2f s; a single run %.2f s; ratio %.1f (target <= 10: %s)\n",
           sens, one, sens / one, sens / one <= 10 ? "met" : "NOT met" }'
