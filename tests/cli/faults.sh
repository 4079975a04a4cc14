#!/bin/sh
# Faults while writing (issues 9, 17): an unwritable output directory, a full disk (injected by the
# fault library tests/fault/shim.c, and a real 128 kB tmpfs where a private mount namespace is
# allowed), failing close and rename, and SIGINT/SIGTERM/SIGHUP in the middle of writing. Each
# must end with a clear message, the documented exit code (4 I/O, 128 + signal) and no output
# file at all, not even a hidden temporary or an empty folder. Also: a full disk (and EIO,
# EDQUOT) at points across the whole chain of the uncertain example, and SIGKILL followed by
# a second run into the same folder, which removes what the killed run left.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
SHIM=${FC_FAULT_SHIM:-}
B=tests/hostile/base
T=$(mktemp -d)
trap 'chmod -R u+rwx "$T" 2>/dev/null; rm -rf "$T"' EXIT
fails=0
. tests/cli/lib/count.sh # ok, skip (refused under FC_REQUIRE_SHARED=1), finish
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
export ASAN_OPTIONS

fail() {
    echo "FAIL: faults: $*"
    fails=$((fails + 1))
}

# A bigger projection than the base's (60 areas, 40 five-year steps, three variants: 19 MB,
# written in many chunks), so that faults and signals land in the middle of a file.
awk -F, 'NR == 1 { print; next } { a = $1; for (i = 1; i <= 30; i++) { $1 = a "_" i; print } }' \
    OFS=, "$B/pop.csv" >"$T/bigpop.csv"
BIG="--population $T/bigpop.csv --fertility $B/fert.csv --mortality $B/mort.csv \
--migration $B/mig.csv --variants $B/variants.csv --horizon 2222"

# nothing_left DIR: no file at all (hidden temporaries included) below DIR
nothing_left() {
    [ ! -e "$1" ] || [ -z "$(find "$1" -mindepth 1)" ] # no file, no (charts/) folder
}

# expect WHAT CODE REGEX OUT ENV... -- ARGS...: runs fulcrum with the fault library and ENV,
# checks the exit code, that stderr matches REGEX (extended, whole line, the debug build's
# " [file.c:N]" suffix aside), that nothing is left in OUT and that a fault was injected
expect() {
    what=$1 code=$2 regex=$3 out=$4
    shift 4
    envs=
    while [ "$1" != -- ]; do envs="$envs $1"; shift; done
    shift
    if [ -z "$SHIM" ] || [ ! -f "$SHIM" ]; then
        skip "faults: $what: the fault library (FC_FAULT_SHIM) is not built"
        return 0
    fi
    rm -rf "$out" "$T/log"
    checks=$((checks + 1))
    set +e
    # shellcheck disable=SC2086
    env LD_PRELOAD="$SHIM" FC_FAULT_LOG="$T/log" $envs "$BIN" "$@" \
        >"$T/stdout" 2>"$T/stderr"
    rc=$?
    set -e
    if [ ! -s "$T/log" ] && [ "$rc" = 0 ]; then
        skip "faults: $what: the fault library had no effect (a statically linked sanitizer runtime?)"
        checks=$((checks - 1))
        return 0
    fi
    sed -E 's/ \[[A-Za-z0-9_./]+\.(c|cc):[0-9]+\]$//' "$T/stderr" >"$T/msg"
    if [ "$rc" != "$code" ]; then
        fail "$what: exit $rc, expected $code"; sed 's/^/  | /' "$T/stderr"
    elif ! grep -q -x -E -e "$regex" "$T/msg"; then
        fail "$what: stderr does not match '$regex'"; sed 's/^/  | /' "$T/stderr"
    elif ! nothing_left "$out"; then
        fail "$what: left files behind:"; find "$out" ! -type d | sed 's/^/  | /'
    elif [ ! -s "$T/log" ]; then
        fail "$what: no fault was injected"
    fi
}
re() { # a path as a literal in an extended regex
    printf '%s' "$1" | sed 's/[].[^$*+?(){}|\\]/\\&/g'
}
O=$T/out
RO=$(re "$O")

# ---------------------------------------------------------------- an unwritable output directory
# (root writes anyway: as root, the run is made as the unprivileged user nobody with setpriv)
mkdir -p "$T/ro"
AS=
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
    AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
    chmod 755 "$T"
fi
if [ "$(id -u)" != 0 ] || [ -n "$AS" ]; then
    chmod 555 "$T/ro"
    for d in "$T/ro" "$T/ro/sub"; do
        checks=$((checks + 1))
        set +e
        # shellcheck disable=SC2086
        $AS "$BIN" project $BIG --out "$d" >/dev/null 2>"$T/stderr"
        rc=$?
        set -e
        [ "$rc" = 4 ] || fail "read-only $d: exit $rc, expected 4"; ok
        grep -q -E "^$(re "$d"): error: (output directory is not writable|cannot create output directory): Permission denied" \
            "$T/stderr" || { fail "read-only $d: wrong message"; cat "$T/stderr"; }
        nothing_left "$T/ro" || fail "read-only $d: left files"; ok
    done
    chmod 755 "$T/ro"
else
    skip "faults: chmod 555 on the output directory: root writes anyway and setpriv is absent"
fi
expect "unwritable output directory" 4 \
    "$(re "$T/ro"): error: output directory is not writable: Permission denied" "$T/ro/none" \
    FC_FAULT_DENY_DIR="$T/ro" -- project $BIG --out "$T/ro"
expect "output folder cannot be made" 4 \
    "$(re "$T/ro/sub"): error: cannot create output directory: Permission denied" "$T/ro/sub" \
    FC_FAULT_DENY_DIR="$T/ro" -- project $BIG --out "$T/ro/sub"

# ---------------------------------------------------------------- a full disk, a failing disk
for n in 0 1 4 9 17; do
    expect "disk full after $n writes" 4 \
        "$RO/(projection|components|lifetables)\.csv: error: cannot write: No space left on device" \
        "$O" FC_FAULT_WRITE_AFTER=$n -- project $BIG --out "$O"
done
expect "quota exceeded" 4 \
    "$RO/(projection|components|lifetables)\.csv: error: cannot write: Disk quota exceeded" \
    "$O" FC_FAULT_ERRNO=EDQUOT FC_FAULT_WRITE_AFTER=2 -- project $BIG --out "$O"
expect "I/O error writing" 4 \
    "$RO/(projection|components|lifetables)\.csv: error: cannot write: Input/output error" \
    "$O" FC_FAULT_ERRNO=EIO FC_FAULT_WRITE_AFTER=3 -- project $BIG --out "$O"
for n in 0 1 2; do
    expect "close fails after $n" 4 \
        "$RO/(projection|components|lifetables)\.csv: error: cannot write: Input/output error" \
        "$O" FC_FAULT_ERRNO=EIO FC_FAULT_CLOSE_AFTER=$n -- project $BIG --out "$O"
done
expect "first rename fails" 4 \
    "$RO/[a-z_]+\.csv: error: cannot rename into place: Input/output error" \
    "$O" FC_FAULT_ERRNO=EIO FC_FAULT_RENAME_AFTER=0 -- project $BIG --out "$O"
for n in 1 2; do
    expect "rename fails after $n" 4 \
        "$RO/[a-z_]+\.csv: error: cannot rename into place: Input/output error \(the files renamed before it were removed\)" \
        "$O" FC_FAULT_ERRNO=EIO FC_FAULT_RENAME_AFTER=$n -- project $BIG --out "$O"
done
# a whole scenario (several stages and the manifest), and a batch of two runs on two threads
expect "scenario, disk full" 4 \
    "$RO/[a-z_]+\.(csv|json): error: cannot write: No space left on device" \
    "$O" FC_FAULT_WRITE_AFTER=5 -- run "$B/base.ini" --out "$O"
expect "scenario, rename fails" 4 \
    "$RO/[a-z_]+\.(csv|json): error: cannot rename into place: Input/output error \(the files renamed before it were removed\)" \
    "$O" FC_FAULT_ERRNO=EIO FC_FAULT_RENAME_AFTER=6 -- run "$B/base.ini" --out "$O"
cp "$B"/*.csv "$B/base.ini" "$T/" 2>/dev/null
sed 's/^name = .*/name = second/' "$B/base.ini" >"$T/second.ini"
expect "batch of two, disk full" 4 \
    "$RO/(hostile-base|second)/[a-z_]+\.(csv|json): error: cannot write: No space left on device.*" \
    "$O" FC_FAULT_WRITE_AFTER=3 -- run "$T/base.ini" "$T/second.ini" -j 2 -q --out "$O"

# ---------------------------------------------------------------- signals in the middle of writing
for s in 1:INT:130 5:TERM:143 9:HUP:129; do
    at=${s%%:*} rest=${s#*:}
    sig=${rest%%:*} code=${rest#*:}
    expect "SIG$sig at write $at" "$code" "fulcrum: interrupted; no output files were written" \
        "$O" FC_FAULT_SIGNAL_AT_WRITE="$at:$sig" -- project $BIG --out "$O"
done
# A batch is atomic run by run: a run that finished before the signal keeps its outputs (and
# the message says so); an unfinished run leaves nothing, not even a temporary.
batch_signal() {
    if [ -z "$SHIM" ] || [ ! -f "$SHIM" ]; then
        skip "faults: SIGTERM in a batch of two: the fault library (FC_FAULT_SHIM) is not built"
        return 0
    fi
    rm -rf "$O" "$T/log"
    checks=$((checks + 1))
    set +e
    env LD_PRELOAD="$SHIM" FC_FAULT_LOG="$T/log" FC_FAULT_SIGNAL_AT_WRITE=4:TERM "$BIN" run \
        "$T/base.ini" "$T/second.ini" -j 2 -q --out "$O" >"$T/stdout" 2>"$T/stderr"
    rc=$?
    set -e
    none="fulcrum: interrupted; no output files were written"
    kept="fulcrum: interrupted; the runs that had finished kept their outputs, the others wrote nothing"
    if [ "$rc" != 143 ]; then
        fail "SIGTERM in a batch of two: exit $rc, expected 143"; sed 's/^/  | /' "$T/stderr"
    elif [ -n "$(find "$O" -name '.*' ! -name . 2>/dev/null)" ]; then
        fail "SIGTERM in a batch of two: temporaries left:"; find "$O" -name '.*' | sed 's/^/  | /'
    elif grep -q -x -F "$none" "$T/stderr"; then
        nothing_left "$O" || { fail "SIGTERM in a batch of two: files left after '$none'"; }
    elif grep -q -x -F "$kept" "$T/stderr"; then
        for d in "$O"/*/; do
            [ -z "$(find "$d" ! -type d)" ] || [ -f "$d/manifest.json" ] ||
                fail "SIGTERM in a batch of two: $d holds files but no manifest (a partial run)"; ok
        done
    else
        fail "SIGTERM in a batch of two: unexpected message"; sed 's/^/  | /' "$T/stderr"
    fi
}
batch_signal

# SIGKILL cannot be handled: the run dies with its temporaries in place. The next run into the
# folder removes them (and says so), and the folder then verifies; verify names them before.
kill_then_rerun() {
    if [ -z "$SHIM" ] || [ ! -f "$SHIM" ]; then
        skip "faults: SIGKILL then a second run: the fault library (FC_FAULT_SHIM) is not built"
        return 0
    fi
    rm -rf "$O"
    checks=$((checks + 1))
    set +e
    env LD_PRELOAD="$SHIM" FC_FAULT_SIGNAL_AT_WRITE=6:KILL "$BIN" run "$T/base.ini" -q \
        --out "$O" >/dev/null 2>"$T/stderr"
    rc=$?
    set -e
    n=$(find "$O" -name '.*.tmp.*' 2>/dev/null | wc -l)
    if [ "$rc" != 137 ] || [ "$n" -eq 0 ]; then
        fail "SIGKILL at write 6: exit $rc with $n temporaries (expected 137 and some left)"
        return 0
    fi
    "$BIN" run "$T/base.ini" --out "$O" >/dev/null 2>"$T/stderr" ||
        { fail "the run after SIGKILL failed"; sed 's/^/  | /' "$T/stderr"; return 0; }
    grep -q "removed $n temporary file" "$T/stderr" ||
        { fail "the run after SIGKILL did not say it removed $n temporaries"; sed 's/^/  | /' "$T/stderr"; }
    [ -z "$(find "$O" -name '.*.tmp.*')" ] || fail "temporaries left after the second run"; ok
    "$BIN" verify "$O" -q 2>"$T/stderr" || { fail "verify after the second run"; sed 's/^/  | /' "$T/stderr"; }
}
kill_then_rerun

# A full disk anywhere in the whole chain (projection, need, activity, finance, PBMA, draws,
# appendix) is exit 4 naming the file and the cause, and leaves nothing.
for after in 2 12 40; do
    expect "the example's whole chain, disk full after $after writes" 4 \
        "$RO/[a-z_/]+\.(csv|json|pdf|png|svg): error: cannot write: No space left on device.*" \
        "$O" FC_FAULT_WRITE_AFTER=$after -- run datasets/example_uncertain.ini --draws 20 -q --out "$O"
done
for e in EIO:'Input/output error' EDQUOT:'Disk quota exceeded'; do
    expect "the example's whole chain, ${e%%:*} after 25 writes" 4 \
        "$RO/[a-z_/]+\.(csv|json|pdf|png|svg): error: cannot write: ${e#*:}.*" \
        "$O" FC_FAULT_ERRNO=${e%%:*} FC_FAULT_WRITE_AFTER=25 -- run datasets/example_uncertain.ini --draws 20 -q --out "$O"
done

# kill from outside while the writing is under way: the run says when it has made its first
# temporary file (the test hook FC_TEST_READY_FD writes "ready" there and waits for the
# signal), so the signal lands mid-write every time, with no sleeping and hoping
interrupt() { # interrupt WHAT SIG CODE ENV...: fulcrum in the background, killed mid-write
    what=$1 sig=$2 code=$3
    shift 3
    rm -rf "$O" "$T/ready"
    mkfifo "$T/ready"
    # shellcheck disable=SC2086
    env "$@" FC_TEST_READY_FD=9 "$BIN" project $BIG --out "$O" >/dev/null 2>"$T/stderr" \
        9>"$T/ready" &
    pid=$!
    line=
    read -r line <"$T/ready" || true
    [ "$line" = ready ] && kill -s "$sig" $pid 2>/dev/null
    set +e
    wait $pid
    rc=$?
    set -e
    if [ "$line" != ready ]; then
        fail "$what: the run never reached its first temporary file (exit $rc)"; cat "$T/stderr"
    elif [ "$rc" != "$code" ]; then
        fail "$what: exit $rc, expected $code"; cat "$T/stderr"
    elif ! grep -q -x "fulcrum: interrupted; no output files were written" "$T/stderr"; then
        fail "$what: no interruption message"; cat "$T/stderr"
    elif ! nothing_left "$O"; then
        fail "$what: left files behind:"; find "$O" ! -type d
    else
        checks=$((checks + 1))
    fi
}
if [ -n "$SHIM" ] && [ -f "$SHIM" ]; then
    interrupt "kill -INT while writing slowly" INT 130 LD_PRELOAD="$SHIM" FC_FAULT_WRITE_DELAY_US=30000
    interrupt "kill -TERM while writing slowly" TERM 143 LD_PRELOAD="$SHIM" FC_FAULT_WRITE_DELAY_US=30000
else
    skip "faults: kill -INT while writing slowly: the fault library (FC_FAULT_SHIM) is not built"
    skip "faults: kill -TERM while writing slowly: the fault library (FC_FAULT_SHIM) is not built"
fi
interrupt "kill -TERM at full speed" TERM 143 FC_NOTHING=1

# ---------------------------------------------------------------- a real full disk: a small tmpfs
if command -v unshare >/dev/null 2>&1 &&
    unshare -r -m sh -c "mount -t tmpfs -o size=128k fulcrum-test '$T/ro'" 2>/dev/null; then
    checks=$((checks + 1))
    set +e
    # shellcheck disable=SC2016
    unshare -r -m sh -c 'mount -t tmpfs -o size=128k fulcrum-test "$1" || exit 99
        "$2" project $3 --out "$1/out" 2>"$4/stderr"; rc=$?
        find "$1" ! -type d >"$4/left"; exit $rc' sh "$T/ro" "$BIN" "$BIG" "$T"
    rc=$?
    set -e
    if [ "$rc" != 4 ]; then
        fail "tmpfs of 128 kB: exit $rc, expected 4"; cat "$T/stderr"
    elif ! grep -q -x -E "$(re "$T/ro/out")/[a-z]+\.csv: error: cannot write: No space left on device( \[.*\])?" "$T/stderr"; then
        fail "tmpfs of 128 kB: wrong message"; cat "$T/stderr"
    elif [ -s "$T/left" ]; then
        fail "tmpfs of 128 kB: left files behind:"; cat "$T/left"
    fi
else
    skip "faults: real full disk: cannot mount a tmpfs in a private mount namespace (unshare -r -m)"
fi

# the known minimum of checks run or skipped: 39 run where the fault library loads (make check
# builds it), 38 are run or skipped without it; CI refuses the skips
finish faults.sh 38 "$fails"
