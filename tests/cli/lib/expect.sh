# expect.sh: the shared prelude of the CLI tests that check located errors (sourced, not run):
# strict shell, C locale, BIN (FC_BIN or the debug build), D (datasets), a temporary folder T
# removed at exit, the failure count, and `expect`.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
D=datasets
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fails=0
. tests/cli/lib/count.sh

# expect CODE TEXT -- ARGS...: runs fulcrum with ARGS and checks the exit code, a text stderr
# must contain (fixed string), and that nothing was written to $T/out (removed afterwards)
expect() {
    code=$1; text=$2; shift 3
    set +e
    "$BIN" "$@" >"$T/stdout" 2>"$T/stderr"
    rc=$?
    set -e
    if [ "$rc" != "$code" ]; then
        echo "FAIL: fulcrum $*: exit $rc, expected $code"; cat "$T/stderr"; fails=$((fails + 1))
    elif ! grep -q -F -- "$text" "$T/stderr"; then
        echo "FAIL: fulcrum $*: stderr lacks '$text':"; cat "$T/stderr"; fails=$((fails + 1))
    elif [ -d "$T/out" ] && [ -n "$(ls -A "$T/out")" ]; then
        echo "FAIL: fulcrum $*: wrote output:"; ls -A "$T/out"; fails=$((fails + 1))
    else
        ok
    fi
    rm -rf "$T/out"
}
