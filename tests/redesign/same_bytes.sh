#!/bin/sh
# Same bytes across a refactoring: records the SHA-256 of every output (manifest.json aside: it
# names the command's paths) of every shipped example, and of every run that the CLI tests make
# (through rec.sh standing in for the binary), then compares them with a recorded list.
#   sh tests/redesign/same_bytes.sh record FILE    # before: write the list
#   sh tests/redesign/same_bytes.sh check FILE     # after: exit 1 and name what differs
# Uses the release build (FC_BIN, default build/release/fulcrum) and ../shared when present.
set -eu
LC_ALL=C
export LC_ALL
mode=$1 list=$2
BIN=$(cd "$(dirname "${FC_BIN:-build/release/fulcrum}")" && pwd)/$(basename "${FC_BIN:-build/release/fulcrum}")
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for s in datasets/*.ini; do
    n=$(basename "$s" .ini)
    "$BIN" run "$s" --out "$T/ex/$n" -q 2>/dev/null
done
(cd "$T/ex" && find . -type f ! -name manifest.json | sort | xargs sha256sum) |
    sed 's|^|example |' >"$T/now"
: >"$T/cli"
for t in tests/cli/*.sh; do
    case $t in */faults.sh|*/hostile.sh|*/install.sh) continue ;; esac  # errors, not outputs
    FC_REAL_BIN=$BIN FC_REC_LOG=$T/cli FC_BIN=$(pwd)/tests/redesign/rec.sh \
        sh "$t" >"$T/log" 2>&1 || { cat "$T/log"; echo "same_bytes.sh: $t failed"; exit 1; }
done
sort "$T/cli" | sed 's|^|cli |' >>"$T/now"
if [ "$mode" = record ]; then
    cp "$T/now" "$list"
    echo "same_bytes.sh: recorded $(wc -l <"$list") outputs and runs in $list"
    exit 0
fi
if ! diff "$list" "$T/now" >"$T/diff"; then
    cat "$T/diff"
    echo "same_bytes.sh: FAIL: outputs differ from $list"
    exit 1
fi
echo "same_bytes.sh: $(wc -l <"$list") outputs and runs byte-identical to $list"
