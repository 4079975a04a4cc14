#!/bin/sh
# Same inputs, same bytes, whatever the machine's habits: the shipped uncertain example (draws,
# appendix and all) run three ways gives identical files, the manifest included once the out
# path (and the build mode it records) is masked:
#   A  release build, LC_ALL=C, TZ=UTC, from the project, --out an absolute path;
#   B  release build, LC_ALL=de_DE.UTF-8 (C.UTF-8 where that locale is not installed),
#      TZ=Pacific/Auckland, from another folder (holding only a link to datasets/), --out a
#      relative path;
#   C  the debug build (made up to date here), LC_ALL=C.UTF-8, TZ=America/St_Johns, from the
#      project, --out a relative path with ./ and ../ in it.
# The scenario is named datasets/example_uncertain.ini in each, so the paths the outputs quote
# are the same text. Also: the README's and --help's example commands run.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
DBG=${FC_DEBUG_BIN:-build/debug/fulcrum}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
S=datasets/example_uncertain.ini
fail() { echo "reproducible.sh: FAIL: $*"; exit 1; }

if [ -z "${FC_DEBUG_BIN:-}" ]; then # brought up to date (made the first time: a minute or two)
    make -s MODE=debug all >/dev/null || fail "cannot make the debug build"
fi
case $DBG in /*) ;; *) DBG=$(pwd)/$DBG ;; esac
loc=C.UTF-8
locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$' && loc=de_DE.UTF-8

# A
TZ=UTC LC_ALL=C "$BIN" run "$S" --out "$T/a" -q 2>"$T/a.err" || { cat "$T/a.err"; exit 1; }
# B: another folder, another locale and time zone, a relative out path
mkdir "$T/w"
ln -s "$(pwd)/datasets" "$T/w/datasets"
(cd "$T/w" && TZ=Pacific/Auckland LC_ALL=$loc "$BIN" run "$S" --out b -q) 2>"$T/b.err" ||
    { cat "$T/b.err"; exit 1; }
# C: the debug build, a relative path that wanders
mkdir "$T/c0"
rel=$(python3 -c 'import os, sys; print(os.path.relpath(sys.argv[1]))' "$T/c0")
TZ=America/St_Johns LC_ALL=C.UTF-8 "$DBG" run "$S" --out "./$rel/../c0/./c" -q 2>"$T/c.err" ||
    { cat "$T/c.err"; exit 1; }
[ ! -s "$T/a.err" ] && [ ! -s "$T/b.err" ] && [ ! -s "$T/c.err" ] ||
    { cat "$T/a.err" "$T/b.err" "$T/c.err"; fail "a run printed a warning or an error"; }; ok

# the manifests, with the out path (as given) masked and the build's mode (release, debug or
# asan, as FC_BIN is) masked too
sed -e "s|\"$T/a\"|\"OUT\"|" -e 's|"mode": "[a-z]*"|"mode": "MODE"|' "$T/a/manifest.json" >"$T/a.json"
sed -e 's|"b"|"OUT"|' -e 's|"mode": "[a-z]*"|"mode": "MODE"|' "$T/w/b/manifest.json" >"$T/b.json"
sed -e "s|\"./$rel/../c0/./c\"|\"OUT\"|" -e 's|"mode": "[a-z]*"|"mode": "MODE"|' \
    "$T/c0/c/manifest.json" >"$T/c.json"
grep -q '"OUT"' "$T/a.json" && grep -q '"OUT"' "$T/b.json" && grep -q '"OUT"' "$T/c.json" ||
    fail "the out path is not in a manifest's command"; ok
cmp "$T/a.json" "$T/b.json" || { diff "$T/a.json" "$T/b.json" | head; fail "manifests A and B differ"; }; ok
cmp "$T/a.json" "$T/c.json" || { diff "$T/a.json" "$T/c.json" | head; fail "manifests A and C differ"; }; ok

# every other file, byte for byte, and the same set of files
(cd "$T/a" && find . -type f | sort) >"$T/la"
(cd "$T/w/b" && find . -type f | sort) >"$T/lb"
(cd "$T/c0/c" && find . -type f | sort) >"$T/lc"
cmp -s "$T/la" "$T/lb" && cmp -s "$T/la" "$T/lc" || fail "the runs wrote different sets of files"; ok
n=0
while read -r f; do
    [ "$f" = ./manifest.json ] && continue
    cmp "$T/a/$f" "$T/w/b/$f" || fail "$f differs between A and B"; ok
    cmp "$T/a/$f" "$T/c0/c/$f" || fail "$f differs between A and C (the debug build)"; ok
    n=$((n + 1))
done <"$T/la"
[ "$n" -ge 40 ] || fail "only $n outputs compared"; ok
# no temporary files left behind
! find "$T/a" -name '.*' -type f | grep -q . || fail "temporary file left"; ok

# the example printed by `fulcrum project --help` runs as written (output redirected)
cmd=$("$BIN" project --help | sed -n '/^example:/,$p' | tail -n +2 | sed 's/\\$//' | tr -d '\n' |
      sed "s|--out out/proj|--out $T/proj|; s|^ *fulcrum|$BIN|")
eval "$cmd" 2>/dev/null
[ "$(wc -l <"$T/proj/projection.csv")" -eq $((4 * 21 * 2 * 91 + 1)) ] || fail "--help's example"; ok
"$BIN" --help >/dev/null
"$BIN" --version | grep -q '^fulcrum ' || fail "--version"; ok
echo "reproducible.sh: $n outputs and the manifest byte-identical over three runs (two builds," \
     "locales C and $loc, three time zones, two working folders, absolute and relative out paths)"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish reproducible.sh 227 "${fails:-0}"
