#!/bin/sh
# unit.sh MIN TEST...: runs the cmocka test programs one after another, shows their output,
# and ends with one line that sums them: "unit: 240 passed, 0 failed, 15 skipped". It fails
# when a program fails or crashes, when a program's output has no cmocka summary, when fewer
# than MIN tests ran, and, under FC_REQUIRE_SHARED=1, when any test was skipped (the tests
# themselves fail then too; this is the second lock).
set -u
min=$1
shift
passed=0 failed=0 skipped=0 broken=0
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for t in "$@"; do
    "$t" >"$out" 2>&1
    rc=$?
    cat "$out"
    p=$(sed -n 's/^\[  PASSED  \] \([0-9][0-9]*\) test(s)\..*/\1/p' "$out" | tail -1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9][0-9]*\) test(s), listed below:.*/\1/p' "$out" | tail -1)
    s=$(sed -n 's/^\[  SKIPPED \] \([0-9][0-9]*\) test(s), listed below:.*/\1/p' "$out" | tail -1)
    if [ -z "$p" ]; then
        echo "unit: $t printed no cmocka summary (exit $rc)"
        broken=$((broken + 1))
        continue
    fi
    passed=$((passed + p))
    failed=$((failed + ${f:-0}))
    skipped=$((skipped + ${s:-0}))
    if [ "$rc" != 0 ] && [ -z "$f" ]; then
        echo "unit: $t exited $rc"
        broken=$((broken + 1))
    fi
done
echo "unit: $passed passed, $failed failed, $skipped skipped"
ran=$((passed + failed + skipped))
[ "$failed" = 0 ] && [ "$broken" = 0 ] || exit 1
[ "$ran" -ge "$min" ] || { echo "unit: only $ran tests ran; at least $min are known"; exit 1; }
if [ "${FC_REQUIRE_SHARED:-}" = 1 ] && [ "$skipped" != 0 ]; then
    echo "unit: $skipped tests skipped under FC_REQUIRE_SHARED=1"
    exit 1
fi
exit 0
