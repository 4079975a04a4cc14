# count.sh: counting for the CLI tests (sourced, not run). `ok` counts a check that passed;
# `skip WHY` counts one that could not run here, which under FC_REQUIRE_SHARED=1 (CI, make
# check-full) is a failure instead; `finish NAME MIN [FAILS]` prints the script's closing
# line, "NAME: 12 checks passed, 0 skipped", and exits 1 when a check failed, when a skip was
# refused, or when fewer than MIN checks were run or skipped (its known minimum, counted on
# a fresh clone without ../shared: a script that silently ran nothing fails). `make
# check-cli` sums these lines.
checks=0 skips=0 refused=0
ok() { checks=$((checks + 1)); }
skip() {
    if [ "${FC_REQUIRE_SHARED:-}" = 1 ]; then
        echo "FAIL (FC_REQUIRE_SHARED=1 forbids skipping): $*"
        refused=$((refused + 1))
    else
        echo "skip: $*"
        skips=$((skips + 1))
    fi
}
finish() {
    echo "$1: $checks checks passed, $skips skipped"
    if [ "${3:-0}" != 0 ] || [ "$refused" != 0 ]; then
        echo "$1: FAIL: ${3:-0} checks failed, $refused skips refused"
        exit 1
    fi
    if [ $((checks + skips)) -lt "$2" ]; then
        echo "$1: FAIL: only $((checks + skips)) checks ran or skipped; at least $2 are known"
        exit 1
    fi
    exit 0
}
