#!/bin/sh
# No stage reads back a file its own run wrote (issue 16): the shipped examples run under
# strace, and any open of a regular file for reading under --out (or under TMPDIR, where
# `fulcrum finance|shift SCENARIO` once ran the activity stages into a scratch folder and read
# it back) fails the test. Listing the output folder (O_DIRECTORY) is not reading a file.
# The appendix takes the tables it draws from the run's writer in memory, so the shipped
# scenarios run here whole, [appendix] included.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! command -v strace >/dev/null || ! strace -f -o /dev/null true 2>/dev/null; then
    skip "readback.sh: strace is absent or cannot trace here (make deps installs it)"
    finish readback.sh 0
fi
DA=$(cd datasets && pwd)
checks=0
# the shipped scenarios, beside links to the shipped tables
mkdir "$T/ds"
ln -s "$DA"/*.csv "$T/ds/"
for s in example example_uncertain; do
    cp "datasets/$s.ini" "$T/ds/$s.ini"
done
grep -q '^\[appendix\]' "$T/ds/example.ini" ||
    { echo "readback.sh: FAIL: the example has no [appendix] to watch"; exit 1; }

watch() { # watch NAME DIR -- fulcrum ARGS: run under strace, fail on a read under DIR
    name=$1 dir=$2
    shift 3
    mkdir -p "$T/tmp"
    # (LeakSanitizer cannot run under ptrace: leaks are the other tests' business)
    TMPDIR=$T/tmp ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
        strace -f -qq -e trace=open,openat -o "$T/trace" "$BIN" "$@" >/dev/null 2>"$T/err" ||
        { cat "$T/err"; echo "readback.sh: FAIL: $name: fulcrum $* failed"; exit 1; }
    reads=$(grep -E "\"($dir|$T/tmp)/" "$T/trace" | grep -v -E 'O_WRONLY|O_RDWR|O_DIRECTORY|ENOENT' || true)
    if [ -n "$reads" ]; then
        echo "$reads"; echo "readback.sh: FAIL: $name reads back what its run wrote"; exit 1
    fi
    grep -q -E "\"$dir/\..*O_WRONLY" "$T/trace" ||
        { echo "readback.sh: FAIL: $name: the trace shows no output written (strace broken?)"; exit 1; }
    checks=$((checks + 1))
}
watch "the example's chain" "$T/a" -- run "$T/ds/example.ini" --out "$T/a" -q
watch "the chain with 50 draws" "$T/b" -- run "$T/ds/example_uncertain.ini" --draws 50 --out "$T/b" -q
watch "fulcrum appendix SCENARIO" "$T/e" -- appendix "$T/ds/example.ini" --out "$T/e"
watch "fulcrum finance SCENARIO" "$T/c" -- finance "$T/ds/example.ini" --out "$T/c"
watch "fulcrum shift SCENARIO" "$T/d" -- shift --from acute --to community --amount 1000000 \
    --from-year 2027 "$T/ds/example.ini" --out "$T/d"
echo "readback.sh: $checks passed, 0 failed (no stage opens a file of its own run for reading)"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish readback.sh 5 "${fails:-0}"
