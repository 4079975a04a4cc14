#!/bin/sh
# The README's worked example runs as written: every ```sh block of the "Worked example" section
# is run in order (in a scratch folder holding the shipped datasets), must succeed, and where an
# output block follows, must print exactly that (warnings aside).
set -eu
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/debug/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/w" "$T/w/build"
ln -s "$(pwd)/datasets" "$T/w/datasets"
ln -s "$BIN" "$T/w/build/fulcrum"
unset FC_PROGRESS
python3 - "$(pwd)/README.md" "$T/w" <<'EOF'
import re, subprocess, sys
readme, work = sys.argv[1], sys.argv[2]
text = open(readme).read()
start = text.index("## Worked example")
section = text[start:text.index("\n## ", start + 1)]
blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
n = 0
for i, (lang, body) in enumerate(blocks):
    if lang != "sh":
        continue
    cmd = re.sub(r"\\\n\s*", "", body)
    res = subprocess.run(cmd, shell=True, cwd=work, capture_output=True, text=True)
    got = "".join(l for l in (res.stdout + res.stderr).splitlines(True)
                  if not l.startswith("fulcrum: warning: "))
    if res.returncode != 0:
        sys.exit("readme.sh: README command failed (exit %d):\n%s\n%s" % (res.returncode, cmd, got))
    if i + 1 < len(blocks) and blocks[i + 1][0] == "":
        want = blocks[i + 1][1]
        if got != want:
            sys.exit("readme.sh: README output differs for:\n%s\n--- README\n%s--- now\n%s"
                     % (cmd, want, got))
    n += 1
print("readme.sh: %d README command blocks of the worked example run as shown" % n)
EOF
