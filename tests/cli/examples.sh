#!/bin/sh
# Every shipped example checks and runs cleanly: `fulcrum check` and `fulcrum run` of each
# datasets/*.ini print no warning and no error, so a user's first runs are clean (published
# tables' descriptive columns such as area_name are passed over quietly).
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
unset FC_PROGRESS
n=0
for s in datasets/*.ini; do
    for cmd in check run; do
        if [ $cmd = run ]; then set -- --out "$T/$(basename "$s" .ini)" -q; else set --; fi
        "$BIN" $cmd "$s" "$@" >"$T/stdout" 2>"$T/stderr" ||
            { cat "$T/stderr"; echo "examples.sh: FAIL: fulcrum $cmd $s failed"; exit 1; }
        if grep -qiE 'warning|error' "$T/stderr"; then
            cat "$T/stderr"; echo "examples.sh: FAIL: fulcrum $cmd $s printed the above"; exit 1
        fi
        n=$((n + 1))
        ok
    done
done
[ "$n" -ge 6 ] || { echo "examples.sh: FAIL: only $n example runs (expected 3 scenarios)"; exit 1; }
echo "examples.sh: $n passed, 0 failed (every shipped example checks and runs without a warning)"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish examples.sh 8 "${fails:-0}"
