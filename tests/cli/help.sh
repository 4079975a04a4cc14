#!/bin/sh
# Every subcommand has --help (stdout, exit 0) with a usage line and examples; every example
# runs as written (in a scratch folder holding the shipped datasets) and succeeds; misuse of
# every subcommand exits 2 with the one error format and its usage line; --version.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
ROOT=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "help.sh: $*"; exit 1; }
mkdir "$T/w"
ln -s "$ROOT/datasets" "$T/w/datasets"

"$BIN" --help >"$T/main.txt" || fail "fulcrum --help exits non-zero"; ok
grep -q '^exit codes:' "$T/main.txt" || fail "fulcrum --help lacks the exit codes"; ok
cmds=$(sed -n '/^commands:/,/^$/p' "$T/main.txt" | awk 'NF > 1 { print $1 }')
ncmd=$(echo "$cmds" | wc -l)
[ "$ncmd" -ge 10 ] || fail "only $ncmd commands listed"; ok
"$BIN" --version | grep -q '^fulcrum [0-9][0-9.]*$' || fail "--version"; ok
"$BIN" --version | grep -q '^built with ' || fail "--version names no build"; ok
if "$BIN" >/dev/null 2>"$T/err"; then fail "no command exits 0"; fi
grep -q '^usage: fulcrum' "$T/err" || fail "no command prints no usage"; ok

nex=0
for c in $cmds; do
    "$BIN" "$c" --help >"$T/help.txt" 2>"$T/err" || fail "fulcrum $c --help exits non-zero"; ok
    [ -s "$T/err" ] && fail "fulcrum $c --help writes to stderr"
    grep -q "^usage: fulcrum $c" "$T/help.txt" || fail "fulcrum $c --help has no usage line"; ok
    "$BIN" help "$c" | cmp -s - "$T/help.txt" || fail "fulcrum help $c differs from --help"; ok
    grep -Eq '^examples?:$' "$T/help.txt" || fail "fulcrum $c --help has no example"; ok
    # misuse: exit 2, "fulcrum: error: ..." then the usage
    set +e
    "$BIN" "$c" --no-such-option >/dev/null 2>"$T/err"
    rc=$?
    set -e
    [ "$rc" = 2 ] || fail "fulcrum $c --no-such-option: exit $rc, expected 2"; ok
    grep -q "^fulcrum: error: unknown option '--no-such-option'" "$T/err" ||
        fail "fulcrum $c --no-such-option: $(cat "$T/err")"; ok
    grep -q "^usage: fulcrum $c" "$T/err" || fail "fulcrum $c misuse prints no usage"; ok
    # the examples, continuation lines joined, run in order in the scratch folder
    sed -n '/^examples\{0,1\}:$/,/^$/p' "$T/help.txt" | tail -n +2 | sed 's/^ *//' |
        awk '/\\$/ { sub(/\\$/, ""); printf "%s", $0; next } NF { print }' >"$T/ex.txt"
    [ -s "$T/ex.txt" ] || fail "fulcrum $c: empty example"; ok
    while IFS= read -r line; do
        case $line in
        "fulcrum $c "* | "fulcrum run "*) ;;
        *) fail "fulcrum $c: example does not start with 'fulcrum': $line" ;;
        esac
        (cd "$T/w" && eval "\"\$BIN\" ${line#fulcrum }") >"$T/out.txt" 2>"$T/err" ||
            { cat "$T/err"; fail "fulcrum $c: example failed: $line"; }
        nex=$((nex + 1))
    done <"$T/ex.txt"
done
echo "help.sh: $ncmd commands with --help and misuse exit 2; $nex examples run"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish help.sh 118 "${fails:-0}"
