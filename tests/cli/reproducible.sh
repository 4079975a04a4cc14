#!/bin/sh
# Same inputs, same bytes: the shipped example run twice gives identical files, and the README's
# and --help's example commands run.
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$BIN" run datasets/example.ini --out "$T/a" 2>/dev/null
"$BIN" run datasets/example.ini --out "$T/b" 2>/dev/null
n=0
for f in $(cd "$T/a" && find . -type f ! -name manifest.json | sort); do  # manifest: argv
    cmp "$T/a/$f" "$T/b/$f"
    n=$((n + 1))
done
[ "$n" -ge 10 ] || { echo "reproducible.sh: only $n outputs"; exit 1; }
# no temporary files left behind
if find "$T/a" -name '.*' -type f | grep -q .; then echo "reproducible.sh: temporary file left"; exit 1; fi
# the example printed by `fulcrum project --help` runs as written (output redirected)
cmd=$("$BIN" project --help | sed -n '/^example:/,$p' | tail -n +2 | sed 's/\\$//' | tr -d '\n' |
      sed "s|--out out/proj|--out $T/proj|; s|^ *fulcrum|$BIN|")
eval "$cmd" 2>/dev/null
[ "$(wc -l <"$T/proj/projection.csv")" -eq $((4 * 21 * 2 * 91 + 1)) ]
"$BIN" --help >/dev/null
"$BIN" --version | grep -q '^fulcrum '
echo "reproducible.sh: $n outputs byte-identical over two runs; examples run"
