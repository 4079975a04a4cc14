#!/bin/sh
# The README and the manual (docs/*.md) run as written, and every figure they quote from the
# example is the program's:
#   - every ```sh block of README.md, then of the manual's pages, runs in order in one scratch
#     folder holding the shipped datasets (a block preceded by `<!-- not run: REASON -->` is
#     skipped); each must succeed without a warning, and where an output block follows, its
#     standard output must be exactly that, a line `...` standing for any number of lines;
#   - each figure of FIGURES below is found in its page and equals the value computed here from
#     the outputs those commands wrote (independently of Fulcrum: sums over the raw CSV);
#   - every number with a thousands separator in the README's prose is one of those figures,
#     so a figure added to the README without a check fails this test.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
case $BIN in /*) ;; *) BIN=$(pwd)/$BIN ;; esac
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
mkdir "$T/w" "$T/w/build"
ln -s "$(pwd)/datasets" "$T/w/datasets"
ln -s "$BIN" "$T/w/build/fulcrum"
unset FC_PROGRESS
python3 - "$(pwd)" "$T/w" >"$T/readme.out" <<'EOF'
import csv, collections, json, re, subprocess, sys
root, work = sys.argv[1], sys.argv[2]
PAGES = ["README.md"] + ["docs/%s.md" % p for p in
         ("usage", "scenario", "inputs", "outputs", "uncertainty", "errors", "methods",
          "building")]
text = {p: open(root + "/" + p).read() for p in PAGES}
checks = 0

def fail(msg):
    sys.exit("readme.sh: FAIL: " + msg)

def same(want, got):
    """got matches want, where a want line '...' stands for any number of lines"""
    w, g = want.splitlines(), got.splitlines()
    def m(i, j):
        if i == len(w):
            return j == len(g)
        if w[i] == "...":
            return any(m(i + 1, k) for k in range(j, len(g) + 1))
        return j < len(g) and w[i] == g[j] and m(i + 1, j + 1)
    return m(0, 0)

# ---- 1. every command block runs, and prints what the page shows
for page in PAGES:
    t = text[page]
    blocks = list(re.finditer(r"```(\w*)\n(.*?)```", t, re.S))
    for i, b in enumerate(blocks):
        if b.group(1) != "sh":
            continue
        if re.search(r"<!-- not run: [^>]+-->\s*$", t[:b.start()]):
            continue
        cmd = re.sub(r"\\\n\s*", "", b.group(2))
        if page == "README.md" and "## Set up" in t[:b.start()] and "## A short" not in t[:b.start()]:
            continue  # the set-up commands: run by .ci/run and tests/setup/fresh.sh
        res = subprocess.run(cmd, shell=True, cwd=work, capture_output=True, text=True)
        got = res.stdout
        if res.returncode != 0:
            fail("%s: command failed (exit %d):\n%s\n%s%s" % (page, res.returncode, cmd, got,
                                                             res.stderr))
        if "warning" in res.stderr:
            fail("%s: command warns:\n%s\n%s" % (page, cmd, res.stderr))
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt and nxt.group(1) == "" and t[b.end():nxt.start()].strip() == "":
            if not same(nxt.group(2), got):
                fail("%s: output differs for:\n%s\n--- page\n%s--- now\n%s"
                     % (page, cmd, nxt.group(2), got))
        checks += 1

# ---- 2. figures quoted in prose, computed from the outputs independently
def rows(path):
    return list(csv.DictReader(open(work + "/" + path)))
def people(year):
    return sum(float(r["population"]) for r in rows("out/example/projection.csv")
               if r.get("variant", "principal") == "principal" and r["year"] == str(year))
def smr(area):
    return [r for r in rows("out/standardise/smr.csv")
            if (r["area"], r["measure"], r["sex"]) == (area, "emergency_admissions", "P")][0]
def dsr(area):
    return [r for r in rows("out/standardise/dsr.csv")
            if (r["area"], r["measure"], r["sex"]) == (area, "emergency_admissions", "P")][0]
man = json.load(open(work + "/out/example/manifest.json"))
summary = {r["measure"]: r["value"] for r in rows("out/example/summary.csv")}
c0 = lambda x: "{:,.0f}".format(float(x))
f2 = lambda x: "{:.2f}".format(float(x))
words = {10: "ten"}
FIGURES = [
    # (pages, pattern with one group per figure, the figures as computed)
    (("README.md", "docs/usage.md"), r"about ([\d,]+)\s+people in four localities",
     lambda: ["{:,}".format(int(round(people(2022), -5)))]),
    (("README.md", "docs/usage.md"), r"([\d,]+) (?:people )?in 2022 and ([\d,]+) in 2042 in the\s+principal",
     lambda: [c0(people(2022)), c0(people(2042))]),
    (("docs/usage.md",), r"P\(funded\) over ([\d,]+) draws", lambda: [c0(summary["draws"])]),
    (("docs/usage.md",), r"`pbma_options.csv`: (\w+) options",
     lambda: [words[len(rows("datasets/pbma_options.csv"))]]),
    (("docs/usage.md",), r"verified 'out/example': (\d+) inputs unchanged",
     lambda: [str(len(man["inputs"]))]),
    (("docs/usage.md",), r"crude rate of emergency\s+admissions \(([\d,]+) per 100,000\)",
     lambda: [c0(dsr("EP02")["crude_rate"])]),
    (("docs/usage.md",), r"city EP01 is highest \(([\d,]+), 95% CI ([\d,]+) to ([\d,]+), against"
     r" ([\d,]+) for EP02\)",
     lambda: [c0(dsr("EP01")[c]) for c in ("dsr", "lower95", "upper95")] + [c0(dsr("EP02")["dsr"])]),
    (("docs/usage.md",), r"it has\s+([\d.]+) times \(([\d.]+) to ([\d.]+)\) the admissions",
     lambda: [f2(smr("EP01")[c]) for c in ("smr", "lower95", "upper95")]),
]
quoted = set()
for pages, pat, fn in FIGURES:
    want = fn()
    for page in pages:
        m = re.search(pat, text[page])
        if not m:
            fail("%s: no text matches /%s/ (a checked figure was reworded or removed: "
                 "update FIGURES in tests/cli/readme.sh)" % (page, pat))
        if list(m.groups()) != want:
            fail("%s quotes %s, the program's outputs give %s" % (page, list(m.groups()), want))
        quoted.update(m.groups())
        checks += 1

# ---- 3. no unchecked figure in the README's prose
prose = re.sub(r"```.*?```", "", text["README.md"], flags=re.S)
for num in re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", prose):
    if num not in quoted:
        fail("README.md quotes %s, which no check in tests/cli/readme.sh covers" % num)
checks += 1
print("readme.sh: %d passed, 0 failed (every command of the README and the manual runs as "
      "shown; every quoted figure is the program's)" % checks)
EOF
cat "$T/readme.out"
checks=$(sed -n 's/^readme.sh: \([0-9][0-9]*\) passed, 0 failed.*/\1/p' "$T/readme.out")
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish readme.sh 26 "${fails:-0}"
