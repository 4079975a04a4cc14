#!/bin/sh
# A fresh Debian machine, simulated: the README's set-up commands, exactly as written, in a
# scratch copy of the tree, with a PATH on which pkg-config knows no package until a stand-in
# apt-get has "installed" them (the compilers still find no -I paths until then, so a recipe
# expanded before `make deps` ran fails as it does on a real fresh machine: pango/pangocairo.h
# not found). Checks:
#   - without deps, the build stops at once with a message naming the packages and `make deps`;
#   - the README's first command (deps, build, run the example) succeeds in one go, apt-get
#     being asked for every package the build needs;
#   - `make deps check-unit` likewise, under -j2 (the test binaries link with the packages too).
# Run by .ci/run (slow: it builds from scratch), or `make check-fresh`.
set -eu
LC_ALL=C
export LC_ALL
# a fresh clone has no ../shared beside it: its tests skip what needs it (CI's strict mode,
# FC_REQUIRE_SHARED=1, is for the project's own tree)
unset FC_REQUIRE_SHARED
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "fresh.sh: FAIL: $*"; exit 1; }
checks=0

# the README's set-up block: its commands, comments stripped
sed -n '/^## Set up/,/^## /p' README.md | sed -n '/^```sh/,/^```/p' | sed '1d;$d' |
    sed 's/[[:space:]]*#.*$//' | sed '/^$/d' >"$T/cmds"
[ "$(wc -l <"$T/cmds")" = 2 ] || fail "the README's set-up block should hold exactly two commands"
first=$(sed -n 1p "$T/cmds")
case $first in "make deps "*) ;; *) fail "the first set-up command does not start with 'make deps': $first" ;; esac

# the scratch copy: every file git tracks (or would), as it is in the work tree
mkdir "$T/clone" "$T/bin"
git ls-files -z -co --exclude-standard | tar --null --ignore-failed-read -T - -cf - 2>/dev/null |
    tar -xf - -C "$T/clone"

# stand-ins: pkg-config answers only after apt-get install; sudo runs its command
real_pc=$(command -v pkg-config) || fail "no pkg-config here to stand in front of"
cat >"$T/bin/pkg-config" <<PC
#!/bin/sh
[ -f "$T/installed" ] && exec "$real_pc" "\$@"
for a in "\$@"; do case \$a in -*) ;; *) echo "Package \$a was not found in the pkg-config search path." >&2 ;; esac; done
exit 1
PC
cat >"$T/bin/apt-get" <<APT
#!/bin/sh
echo "apt-get \$*" >>"$T/apt.log"
case " \$* " in *" install "*) touch "$T/installed" ;; esac
exit 0
APT
printf '#!/bin/sh\nexec "$@"\n' >"$T/bin/sudo"
chmod +x "$T/bin/pkg-config" "$T/bin/apt-get" "$T/bin/sudo"
P="$T/bin:$PATH"

# 1. no packages, no deps: a clear stop before any compiler runs
set +e
(cd "$T/clone" && PATH=$P make run) >"$T/nodeps.log" 2>&1
rc=$?
set -e
[ "$rc" != 0 ] || fail "make run succeeded with no packages"
grep -q "run 'make deps' first" "$T/nodeps.log" || { cat "$T/nodeps.log"; fail "no hint to run make deps"; }
grep -q 'pangocairo' "$T/nodeps.log" || fail "the message does not name the missing packages"
! grep -q 'fatal error' "$T/nodeps.log" || fail "a compiler ran before the packages were checked"
checks=$((checks + 1))

# 2. the README's first command, as written
(cd "$T/clone" && PATH=$P sh -c "$first") >"$T/first.log" 2>&1 ||
    { tail -30 "$T/first.log"; fail "'$first' failed on the simulated fresh machine"; }
grep -q ' install ' "$T/apt.log" || fail "apt-get install was not run"
for pkg in libgsl-dev libcsv-dev libcairo2-dev libpango1.0-dev libcmocka-dev libglpk-dev \
           libinih-dev libjansson-dev libssl-dev libfmt-dev libxlsxwriter-dev libqpdf-dev python3-openpyxl \
           libopenmpi-dev openmpi-bin \
           pkg-config; do
    grep -q " $pkg" "$T/apt.log" || fail "make deps does not install $pkg"
done
[ -s "$T/clone/out/example/appendix.pdf" ] && [ -s "$T/clone/out/example/manifest.json" ] ||
    fail "'$first' did not run the example"
grep -q '"mode": "release"' "$T/clone/out/example/manifest.json" ||
    fail "'$first' did not run the optimised build"
! grep -q 'warning' "$T/first.log" || { grep warning "$T/first.log"; fail "the example warns"; }
checks=$((checks + 1))

# 3. deps and the tests' binaries in one command, in parallel: packages "removed" again
rm -f "$T/installed" "$T/apt.log"
(cd "$T/clone" && PATH=$P make -j2 deps check-unit MODE=debug) >"$T/check.log" 2>&1 ||
    { tail -30 "$T/check.log"; fail "'make -j2 deps check-unit' failed on the simulated fresh machine"; }
grep -q ' install ' "$T/apt.log" || fail "apt-get install was not run for deps check-unit"
checks=$((checks + 1))

echo "fresh.sh: $checks passed, 0 failed: '$first' works on a machine without the packages"
