#!/bin/sh
# planted.sh: plants the bugs issue 22 named, one at a time, in a scratch worktree of HEAD,
# and shows that the unit tests catch each without ../shared (SHARED=/nonexistent). Prints a
# line a bug: the unit summary and the tests that failed. Exits 1 when a bug goes unnoticed.
# Run from the project: sh tests/run/planted.sh (a few minutes: it builds the tests 7 times).
set -u
W=$(mktemp -d)/scratch
git worktree add -q --detach "$W" HEAD || exit 1
trap 'git worktree remove --force "$W"' EXIT
missed=0
plant() {
    (cd "$W" && git checkout -q -- models && sed -i "$3" "$2" &&
     ! git diff --quiet -- models) || { echo "planted.sh: $1: the bug did not apply"; missed=1; return; }
    out=$(cd "$W" && make -s -j2 check-unit SHARED=/nonexistent 2>&1)
    failing=$(printf '%s\n' "$out" | grep '^\[  FAILED  \] test_' | sed 's/.*\] //' | sort -u |
              tr '\n' ' ')
    echo "planted.sh: $1: $(printf '%s\n' "$out" | grep '^unit:' | tail -1); caught by: ${failing:-NOTHING}"
    [ -n "$failing" ] || missed=1
    (cd "$W" && git checkout -q -- models)
}
plant "extended dominance switched off" models/pbma.c \
    's/            if (icer\[k\] > icer\[k + 1\]) {/            if (0 \&\& icer[k] > icer[k + 1]) {/'
plant "CEAC ties go to the last strategy" models/pbma.c \
    's/                if (nmb\[j\] > nmb\[best\])/                if (nmb[j] >= nmb[best])/'
plant "EVPI against the first strategy, not the best" models/pbma.c \
    's/        bestmean = result->mean_nmb\[w \* nstrat + bm\];/        bestmean = result->mean_nmb[w * nstrat];/'
plant "expected loss of the first strategy negated" models/pbma.c \
    's/            double loss = emax - result->mean_nmb\[w \* nstrat + j\];/            double loss = (j == 0 ? -1 : 1) * (emax - result->mean_nmb[w * nstrat + j]);/'
plant "male survival taken from the female table" models/population.c \
    's/\*ss = ai->s + (size_t)sx \* na;/*ss = ai->s;/'
plant "health-status adjustment's sign flipped" models/activity.c \
    's/        double xa = (double)x - fraction \* (ex_year\[x\] - ex_base\[x\]);/        double xa = (double)x + fraction * (ex_year[x] - ex_base[x]);/'
exit $missed
