#!/bin/sh
# tests/limits/pop10m.sh [BIN]: the limit test of issue 9 (make limits; too slow for make check).
# Generates a base population of 10,000,172 rows (54,946 areas x 2 sexes x single years 0..89
# and 90+), projects it one year with rates for every area ('*'), and measures wall time and
# peak resident memory with /usr/bin/time -v. Fails when the peak exceeds FC_LIMIT_RSS_MB
# (default 1600, the bound stated in docs/errors.md, Limits) or the run fails, and checks
# that the output has the expected number of rows. Needs about 3 GB of free disk in TMPDIR.
set -eu
LC_ALL=C
export LC_ALL
BIN=${1:-${FC_BIN:-build/release/fulcrum}}
LIMIT_MB=${FC_LIMIT_RSS_MB:-1600}
AREAS=54946
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
[ -x /usr/bin/time ] || { echo "pop10m: /usr/bin/time is missing (apt-get install time)"; exit 1; }

start=$(date +%s)
awk -v n="$AREAS" 'BEGIN {
    print "area,year,sex,age,population"
    for (a = 1; a <= n; a++)
        for (s = 0; s < 2; s++)
            for (x = 0; x <= 90; x++)
                printf "E%08d,2020,%s,%s,%d\n", a, s ? "M" : "F", x == 90 ? "90+" : x,
                       300 + (a * 7 + x * 13 + s) % 500
}' >"$T/pop.csv"
printf 'area,age,asfr\n*,15-19,0.012\n*,20-24,0.055\n*,25-29,0.095\n*,30-34,0.105\n*,35-39,0.055\n*,40-44,0.011\n' \
    >"$T/fert.csv"
awk 'BEGIN { print "area,sex,age,mx"
    for (s = 0; s < 2; s++) for (x = 0; x <= 90; x++)
        printf "*,%s,%s,%.6f\n", s ? "M" : "F", x == 90 ? "90+" : x, 0.0002 * exp(0.085 * x) * (s ? 1.3 : 1) }' \
    >"$T/mort.csv"
printf 'area,sex,age,net\n*,*,0-89,9.1\n*,*,90+,-0.4\n' >"$T/mig.csv"
rows=$(($(wc -l <"$T/pop.csv") - 1))
bytes=$(wc -c <"$T/pop.csv")
gen=$(($(date +%s) - start))
echo "pop10m: $rows population rows ($((bytes / 1048576)) MB), generated in ${gen}s"

/usr/bin/time -v "$BIN" project --population "$T/pop.csv" --fertility "$T/fert.csv" \
    --mortality "$T/mort.csv" --migration "$T/mig.csv" --horizon 2021 --out "$T/out" \
    2>"$T/time.txt" || { cat "$T/time.txt"; echo "pop10m: the run failed"; exit 1; }
rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$T/time.txt")
wall=$(sed -n 's/^[[:space:]]*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$T/time.txt")
out_rows=$(($(wc -l <"$T/out/projection.csv") - 1))
out_mb=$(du -sm "$T/out" | cut -f1)
echo "pop10m: projected in $wall (wall), peak RSS $((rss_kb / 1024)) MB" \
    "($((rss_kb * 1024 / rows)) bytes per input row); $out_rows projection rows, $out_mb MB of output"
[ "$out_rows" -eq $((2 * rows)) ] || { echo "pop10m: expected $((2 * rows)) projection rows"; exit 1; }
if [ $((rss_kb / 1024)) -gt "$LIMIT_MB" ]; then
    echo "pop10m: peak RSS $((rss_kb / 1024)) MB is above the bound of $LIMIT_MB MB"
    exit 1
fi
echo "pop10m: within the bound of $LIMIT_MB MB"
