#!/bin/sh
# Hostile inputs (issue 9): runs every case of tests/hostile/cases and checks, for each, the
# exit code, that stderr holds exactly one error and that it is the expected located line
# (the debug build's " [src.c:N]" suffix aside), and that no output file appears (not even a
# hidden temporary). Cases and their format are described at the top of tests/hostile/cases.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
H=tests/hostile
B=$H/base
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0 ran=0
. tests/cli/lib/count.sh # skip (refused under FC_REQUIRE_SHARED=1), finish

# subst STRING TOKEN VALUE: every TOKEN in STRING replaced by VALUE (no regex, no eval)
subst() {
    s=$1 r=
    while :; do
        case $s in
        *"$2"*) r=$r${s%%"$2"*}$3; s=${s#*"$2"} ;;
        *) break ;;
        esac
    done
    printf '%s' "$r$s"
}
expand() {
    e=$(subst "$1" '$IN' "$IN")
    e=$(subst "$e" '$OUT' "$OUT")
    e=$(subst "$e" '$B' "$B")
    e=$(subst "$e" '$H' "$H")
    subst "$e" '$T' "$T"
}

fail() {
    echo "FAIL: hostile case '$id': $*"
    fails=$((fails + 1))
}
# as root, a case that needs an unprivileged user runs as nobody (setpriv)
AS=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
    chmod 755 "$T"
    mkdir -p "$T/out"
    chmod 1777 "$T/out"
fi

run_case() {
    [ -n "$id" ] || return 0
    if [ -z "$args" ] || [ -z "$code" ] || [ -z "$error" ]; then
        fail "incomplete (needs run, exit and error)"
        return 0
    fi
    as=
    if [ "$needs" = nonroot ] && [ "$(id -u)" = 0 ]; then
        if [ -z "$AS" ]; then
            skip "hostile case '$id': needs a non-root user (root reads any file) and setpriv is absent"
            return 0
        fi
        as=$AS
    fi
    if [ "$needs" = shim ] && [ -z "${FC_FAULT_SHIM:-}" ]; then
        skip "hostile case '$id': FC_FAULT_SHIM (the fault-injection library) is not set"
        return 0
    fi
    OUT=$T/out/$id
    if [ "${input#/}" != "$input" ]; then
        IN=$input
    elif [ -n "$gen" ]; then
        IN=$T/in/$id${input:+/$input}
        mkdir -p "$T/in/$id"
    else
        IN=$H/inputs/$input
        [ -e "$IN" ] || { fail "input '$IN' is missing"; return 0; }
    fi
    if [ -n "$gen" ]; then
        (eval "$gen") || { fail "generator failed: $gen"; return 0; }
    fi
    want=$(expand "$error")
    eval "set -- $args"
    ran=$((ran + 1))
    set +e
    if [ -n "$envs" ]; then
        # shellcheck disable=SC2086
        env LD_PRELOAD="${FC_FAULT_SHIM:-}" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
            $(expand "$envs") "$BIN" "$@" >"$T/stdout" 2>"$T/stderr"
    else
        # shellcheck disable=SC2086
        $as "$BIN" "$@" >"$T/stdout" 2>"$T/stderr"
    fi
    rc=$?
    set -e
    sed -E 's/ \[[A-Za-z0-9_./]+\.(c|cc):[0-9]+\]$//' "$T/stderr" >"$T/errors"
    if [ "$rc" != "$code" ]; then
        fail "exit $rc, expected $code"; sed 's/^/  | /' "$T/stderr"
    elif [ "$code" = 0 ]; then
        if grep -q ': error: ' "$T/errors"; then
            fail "printed an error"; sed 's/^/  | /' "$T/stderr"
        elif [ -z "$(ls -A "$OUT" 2>/dev/null)" ]; then
            fail "wrote no output"
        fi
    elif [ "$(grep -c ': error: ' "$T/errors")" != 1 ]; then
        fail "expected exactly one error line"; sed 's/^/  | /' "$T/stderr"
    elif ! grep -q -x -F -e "$want" "$T/errors"; then
        fail "wrong error"; echo "  expected: $want"; grep ': error: ' "$T/errors" | sed 's/^/  got:      /'
    elif [ -e "$OUT" ] && { [ ! -d "$OUT" ] || [ -n "$(ls -A "$OUT")" ]; }; then
        fail "left output behind:"; ls -lA "$OUT"
    fi
    if [ "$rc" -ge 128 ]; then
        fail "killed by a signal or a sanitizer (exit $rc)"
    fi
}

id= input= gen= args= code= error= needs= envs=
while IFS= read -r line || [ -n "$line" ]; do
    case $line in
    '#'* | '') continue ;;
    esac
    key=${line%%[ 	]*}
    val=${line#"$key"}
    val=${val#"${val%%[! 	]*}"}
    case $key in
    case) run_case; id=$val input= gen= args= code= error= needs= envs= ;;
    input) input=$val ;;
    gen) gen=$val ;;
    run) args=$val ;;
    exit) code=$val ;;
    error) error=$val ;;
    needs) needs=$val ;;
    env) envs=$val ;;
    *) echo "hostile.sh: $H/cases: unknown key '$key'"; exit 1 ;;
    esac
done <"$H/cases"
run_case

# the known minimum: the corpus holds 202 cases; fewer run or skipped means the reader lost some
[ "$fails" -eq 0 ] || echo "hostile.sh: $fails of $ran cases failed"
checks=$ran
finish hostile.sh 202 "$fails"
