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
# Runs listed in variable.txt differ between any two runs of one binary (a scenario written to
# a fresh temporary folder, whose path the appendix's provenance page prints): left out. Runs
# the recorded list lacks (tests added since) are counted, not compared.
V=$(dirname "$0")/variable.txt
grep -v -F -f "$V" "$list" | sort >"$T/want"
grep -v -F -f "$V" "$T/now" | sort >"$T/got"
comm -23 "$T/want" "$T/got" >"$T/missing"
new=$(comm -13 "$T/want" "$T/got" | wc -l)
if [ -s "$T/missing" ]; then
    cat "$T/missing"
    echo "same_bytes.sh: FAIL: $(wc -l <"$T/missing") recorded outputs or runs differ from $list" \
         "(the lines above are the recorded ones)"
    exit 1
fi
echo "same_bytes.sh: $(wc -l <"$T/want") recorded outputs and runs byte-identical to $list" \
     "($(grep -c . "$V") left out as path-dependent, $new runs of newer tests not compared)"
