#!/bin/sh
# tests/fuzz/run.sh BUILD SECONDS NAME...: runs each libFuzzer target BUILD/tests/fuzz/fuzzer_NAME
# for SECONDS, from a working corpus in BUILD/corpus/NAME seeded with the project's own test
# inputs (tests/data, tests/hostile/base and inputs, the target's regressions). A crash, leak,
# timeout or out-of-memory leaves its input in BUILD/crashes/ and fails the run; the input then
# belongs in tests/fuzz/regressions/NAME/ once the bug is fixed (make check replays it).
set -eu
build=$1 seconds=$2
shift 2
mkdir -p "$build/crashes"
failed=
for name in "$@"; do
    corpus=$build/corpus/$name
    mkdir -p "$corpus"
    case $name in
    scenario) seeds="tests/hostile/base/*.ini tests/hostile/inputs/*.ini datasets/*.ini" ;;
    *) seeds="tests/data/*.csv tests/data/bad/*.csv tests/data/pbma/*.csv tests/hostile/base/*.csv tests/hostile/inputs/*.csv" ;;
    esac
    # shellcheck disable=SC2086
    for f in $seeds; do
        [ -f "$f" ] && [ "$(wc -c <"$f")" -le 65536 ] && cp "$f" "$corpus/seed-$(basename "$f")"
    done
    dirs=$corpus
    [ -d "tests/fuzz/regressions/$name" ] && dirs="$dirs tests/fuzz/regressions/$name"
    echo "fuzz: $name for ${seconds}s"
    # -close_fd_mask=3: the targets' own messages are noise (reports still show)
    # shellcheck disable=SC2086
    if ! "$build/tests/fuzz/fuzzer_$name" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -close_fd_mask=3 -print_final_stats=1 -artifact_prefix="$build/crashes/$name-" \
        $dirs >"$build/fuzz-$name.log" 2>&1; then
        failed="$failed $name"
        grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$build/fuzz-$name.log" | head -20
    fi
    grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$build/fuzz-$name.log" |
        tr '\n' ' ' | sed "s/^/fuzz: $name: /; s/\$/\n/"
done
if [ -n "$failed" ]; then
    echo "fuzz: failures in:$failed (inputs in $build/crashes/, logs in $build/fuzz-*.log)"
    exit 1
fi
echo "fuzz: no crash, leak or timeout in $# targets"
