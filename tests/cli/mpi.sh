#!/bin/sh
# fulcrum-mpi (issue 20): `mpirun --oversubscribe -np 1, 2 and 3 fulcrum-mpi run` writes the same
# bytes as `fulcrum run` with the same seed (manifest.json included), whatever the ranks and
# threads:
#   - draws split over ranks through projection, need, activity, money and PBMA, with raw
#     draws, passes cut by a 1 MB budget, the sensitivity and switching values, control
#     totals, and (the uncertain example) the workbook, the appendix and fewer draws than ranks;
#   - a sweep and several scenarios spread over ranks, and one failing run among them;
# and errors: bad input stops every rank with one located message and nothing written; a
# failure on ranks 1-2 alone (an unreadable input, by the fault library) and a full disk on
# rank 0 alone stop the job with that message and the documented exit code, nothing written;
# commands other than run refuse several ranks. Skips (saying why) where Open MPI is absent.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
MPI_BIN=${FC_MPI_BIN:-build/release/fulcrum-mpi}
SHIM=${FC_FAULT_SHIM:-}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
case $MPI_BIN in /*) ;; *) MPI_BIN=$(pwd)/$MPI_BIN ;; esac
D=$(pwd)/datasets
GEN=$(pwd)/tests/bench/mc_gen.py
KNOWN=48
fail() { echo "mpi.sh: $*"; exit 1; }
if ! command -v mpirun >/dev/null 2>&1 || [ ! -x "$MPI_BIN" ]; then
    skip "mpi.sh: Open MPI is not installed (make deps installs libopenmpi-dev and" \
         "openmpi-bin; then make mpi builds fulcrum-mpi): $KNOWN checks not run"
    skips=$((skips + KNOWN - 1))
    finish mpi.sh "$KNOWN"
fi
command -v python3 >/dev/null || fail "needs python3"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
cd "$T"
# as root (CI), Open MPI asks to be told so
RUNAS=
[ "$(id -u)" = 0 ] && RUNAS=--allow-run-as-root
unset FC_PROGRESS
# the fault library is preloaded into an ASan build, as in faults.sh
ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
# Under AddressSanitizer (make check-asan), memory errors stay fatal, but leak checking is off
# for fulcrum-mpi: Open MPI 4.1 keeps state it never frees in components it unloads at
# MPI_Finalize, whose frames cannot then be named for a suppression. The code fulcrum-mpi
# shares with fulcrum is leak-checked by every other test.
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
mpi() { # mpi NP ARGS...: fulcrum-mpi on NP ranks of this machine
    np=$1
    shift
    mpirun $RUNAS --oversubscribe -np "$np" "$MPI_BIN" "$@"
}
same() { # same DIR1 DIR2: every file, manifest.json included, byte-identical
    [ -d "$1" ] && [ -d "$2" ] || fail "missing $1 or $2"
    (cd "$1" && find . -type f | sort) >"$T/l1"
    (cd "$2" && find . -type f | sort) >"$T/l2"
    cmp -s "$T/l1" "$T/l2" || fail "$1 and $2 hold different files"
    while read -r f; do
        cmp -s "$1/$f" "$2/$f" || fail "$1/$f and $2/$f differ"
    done <"$T/l1"
    ok
}

# ---------------------------------------------------------------- the whole chain, split by draws
# the 3-area workload of tests/bench/mc_gen.py: projection, need, activity, money and PBMA
# drawn; raw draws; passes a 1 MB budget cuts mid-area (every pass's cells change hands); the
# one-way sensitivity and switching values (designed draws, split the same way: each solver
# step is one collective evaluation). Each run in its own folder with the same relative --out,
# so that even the manifests compare.
python3 "$GEN" w --areas 3 --need --control >/dev/null # (ctl.ini: control totals)
ARGS="run $T/w/need.ini --draws 50 --seed 3 --set run.summary_memory_mb=1 --raw-draws \
--sensitivity --out o -q"
mkdir s && (cd s && "$BIN" $ARGS --threads 2) || fail "fulcrum run failed"; ok
for np in 1 2 3; do
    mkdir "p$np" && (cd "p$np" && mpi "$np" $ARGS) || fail "fulcrum-mpi on $np ranks failed"; ok
    same s/o "p$np/o"
done
mkdir t1 && (cd t1 && mpi 2 $ARGS --threads 1) || fail "2 ranks, 1 thread each"; ok
same s/o t1/o
# the manifest records `fulcrum run`: verify re-runs the 3-rank job on one machine
(cd p3 && "$BIN" verify o -q) || fail "fulcrum verify of the 3-rank run"; ok
for f in need_summary.csv activity_summary.csv gap_summary.csv pbma_summary.csv \
         projection_draws.csv switching_values.csv; do
    grep -q . "s/o/$f" || fail "the reference run wrote no $f"; ok
done
# control totals: the areas projected together, every pass
A="run $T/w/ctl.ini --draws 30 --seed 5 --set run.summary_memory_mb=1 --out o -q"
mkdir sc pc && (cd sc && "$BIN" $A) && (cd pc && mpi 3 $A) || fail "control totals runs"; ok
same sc/o pc/o
# the uncertain example with the workbook and the appendix (rank 0's), and fewer draws than
# ranks (rank 2 has none)
A="run $D/example_uncertain.ini --draws 2 --seed 4 --xlsx --out o -q"
mkdir sx px && (cd sx && "$BIN" $A) && (cd px && mpi 3 $A) || fail "2 draws on 3 ranks"; ok
same sx/o px/o
[ -f px/o/outputs.xlsx ] && [ -f px/o/appendix.pdf ] || fail "no workbook or appendix"; ok

# ---------------------------------------------------------------- several runs: one per rank
cat >sweep.ini <<EOF
[run]
include = $T/w/need.ini
name = sw
[sweep]
parameter = pbma.threshold
values = 15000, 20000, 25000, 30000
EOF
BA="run $T/sweep.ini $T/w/proj.ini --draws 20 --out o -q"
mkdir bs && (cd bs && "$BIN" $BA -j 1) || fail "batch: fulcrum run"; ok
for np in 2 3; do
    mkdir "bp$np" && (cd "bp$np" && mpi "$np" $BA) || fail "batch on $np ranks"; ok
    same bs/o "bp$np/o"
done
[ "$(ls bs/o | wc -l)" = 5 ] || fail "the batch wrote $(ls bs/o | wc -l) runs, not 5"; ok
# one failing run: the others written, the same exit code, the summary printed once
sed '3s/,[0-9.]*$/,abc/' w/population.csv >badpop.csv
cat >bad.ini <<EOF
[run]
include = $T/w/proj.ini
name = Broken
[projection]
population = $T/badpop.csv
EOF
FA="run $T/sweep.ini $T/bad.ini --out o -q"
set +e
mkdir fs && (cd fs && "$BIN" $FA -j 1 2>../fs.err); rs=$?
mkdir fp && (cd fp && mpi 3 $FA 2>../fp.err); rp=$?
set -e
[ "$rs" = 3 ] || fail "batch with a bad run: fulcrum exit $rs, not 3 ($(cat fs.err))"; ok
[ "$rp" = 3 ] || fail "batch with a bad run: fulcrum-mpi exit $rp, not 3 ($(cat fp.err))"; ok
[ "$(grep -c '1 of 5 runs failed: Broken' fp.err)" = 1 ] ||
    fail "the batch's summary is not printed exactly once: $(cat fp.err)"; ok
grep -q "badpop.csv:3:[0-9]*: error" fp.err || fail "the failed run's own error: $(cat fp.err)"; ok
same fs/o fp/o
[ ! -e fp/o/Broken ] || fail "the failed run left a folder"; ok

# ---------------------------------------------------------------- errors stop every rank
# bad input: every rank finds it; one located message, exit 3, nothing written
set +e
mpi 3 run bad.ini --out e1 -q 2>e1.err; rc=$?
set -e
[ "$rc" = 3 ] || fail "bad input on 3 ranks: exit $rc, not 3 ($(cat e1.err))"; ok
[ "$(grep -c 'error:' e1.err)" = 1 ] || fail "bad input: not one error line: $(cat e1.err)"; ok
grep -q "badpop.csv:3:[0-9]*: error: column 'population'" e1.err ||
    fail "bad input: the message is not located: $(cat e1.err)"; ok
[ ! -e e1 ] || fail "bad input: the output folder was made"; ok

if [ -n "$SHIM" ] && [ -f "$SHIM" ]; then
    # rank 1 alone cannot read the mortality table (rank 0 can): the job stops with rank 1's
    # message, naming the file, exit 4, and rank 0 writes nothing
    set +e
    mpirun $RUNAS --oversubscribe -np 1 "$MPI_BIN" run "$T/w/need.ini" --draws 20 \
        --out e2 -q : -np 2 -x LD_PRELOAD="$SHIM" -x FC_FAULT_READ_EIO=mortality.csv \
        "$MPI_BIN" run "$T/w/need.ini" --draws 20 --out e2 -q 2>e2.err
    rc=$?
    set -e
    [ "$rc" = 4 ] || fail "a read error on ranks 1-2: exit $rc, not 4 ($(cat e2.err))"; ok
    grep -q "mortality.csv" e2.err || fail "rank 1's message is lost: $(cat e2.err)"; ok
    [ "$(grep -c 'error:' e2.err)" = 1 ] || fail "not one error line: $(cat e2.err)"; ok
    [ ! -e e2 ] || [ -z "$(ls -A e2)" ] || fail "a read error on rank 1: e2 holds files"; ok
    # rank 0's disk fills while it writes: exit 4, the temporaries removed, nothing published
    set +e
    mpirun $RUNAS --oversubscribe -np 1 -x LD_PRELOAD="$SHIM" -x FC_FAULT_WRITE_AFTER=40 \
        "$MPI_BIN" run "$T/w/need.ini" --draws 20 --out e3 -q : -np 2 \
        "$MPI_BIN" run "$T/w/need.ini" --draws 20 --out e3 -q 2>e3.err
    rc=$?
    set -e
    [ "$rc" = 4 ] || fail "a full disk on rank 0: exit $rc, not 4 ($(cat e3.err))"; ok
    grep -q "No space left" e3.err || fail "a full disk: the message: $(cat e3.err)"; ok
    [ ! -e e3 ] || [ -z "$(ls -A e3)" ] || fail "a full disk on rank 0: e3 holds $(ls -A e3)"; ok
else
    for i in 1 2 3 4 5 6; do
        skip "mpi.sh: faults on one rank: the fault library (FC_FAULT_SHIM) is not built"
    done
fi

# a command other than run on several ranks: refused, once, exit 2
set +e
mpi 2 check "$T/w/need.ini" >ck.out 2>ck.err; rc=$?
set -e
[ "$rc" = 2 ] || fail "check on 2 ranks: exit $rc, not 2"; ok
[ "$(grep -c 'fulcrum-mpi spreads' ck.err)" = 1 ] || fail "check: $(cat ck.err)"; ok
# ... and on one rank it is fulcrum
mpi 1 check "$T/w/need.ini" >/dev/null 2>&1 || fail "check on 1 rank failed"; ok
"$MPI_BIN" --version | grep -q "^fulcrum " || fail "fulcrum-mpi --version"; ok
finish mpi.sh "$KNOWN"
