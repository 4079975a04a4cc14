#!/bin/sh
# cli.sh SCRIPT...: runs the command-line test scripts one after another, shows their output,
# and ends with one line that sums them: "cli: 23 scripts, 1234 checks passed, 0 skipped".
# Each script ends with "NAME: N checks passed, S skipped" (tests/cli/lib/count.sh); a script
# that fails, or ends without that line, fails the run.
set -u
out=$(mktemp)
trap 'rm -f "$out"' EXIT
n=0 checks=0 skips=0
for t in "$@"; do
    echo "cli: $t"
    sh "$t" >"$out" 2>&1
    rc=$?
    cat "$out"
    if [ "$rc" != 0 ]; then
        echo "cli: $t failed (exit $rc)"
        exit 1
    fi
    line=$(grep -E '^[a-z_]+\.sh: [0-9]+ checks passed, [0-9]+ skipped$' "$out" | tail -1)
    if [ -z "$line" ]; then
        echo "cli: $t did not say how many checks it ran"
        exit 1
    fi
    c=${line#*: }
    c=${c%% *}
    s=${line%% skipped}
    s=${s##* }
    checks=$((checks + c))
    skips=$((skips + s))
    n=$((n + 1))
done
echo "cli: $n scripts, $checks checks passed, $skips skipped"
if [ "${FC_REQUIRE_SHARED:-}" = 1 ] && [ "$skips" != 0 ]; then
    echo "cli: $skips checks skipped under FC_REQUIRE_SHARED=1"
    exit 1
fi
