#!/bin/sh
# The analysis appendix of the shipped example: `fulcrum run` renders it (the scenario has an
# [appendix] section); every chart comes as PNG and SVG beside its CSV; two runs give the same
# bytes; `fulcrum appendix --from` renders the same bytes again from the finished tables alone;
# the PDF names the inputs with their SHA-256; bad [appendix] values are located errors; a
# failed render leaves nothing behind.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "appendix.sh: $*"; exit 1; }

"$BIN" run datasets/example.ini --out "$T/a" 2>/dev/null
"$BIN" run datasets/example.ini --out "$T/b" 2>/dev/null
[ -s "$T/a/appendix.pdf" ] || fail "no appendix.pdf"; ok
head -c 5 "$T/a/appendix.pdf" | grep -q '%PDF-' || fail "appendix.pdf is not a PDF"; ok
n=0
for csv in "$T"/a/charts/*.csv; do
    id=${csv%.csv}
    [ -s "$id.png" ] && [ -s "$id.svg" ] || fail "$(basename "$id"): PNG or SVG missing"; ok
    head -c 8 "$id.png" | od -An -c | grep -q 'P   N   G' || fail "$(basename "$id").png not PNG"; ok
    grep -q '<svg' "$id.svg" || fail "$(basename "$id").svg not SVG"; ok
    # editable: the chart's words are <text> in a named font, not glyph outlines
    grep -q '<text [^>]*font-family="DejaVu Sans' "$id.svg" || fail "$(basename "$id").svg has no <text>"
    ! grep -q 'glyph' "$id.svg" || fail "$(basename "$id").svg draws glyph outlines"; ok
    n=$((n + 1))
done
[ "$n" -ge 8 ] || fail "only $n charts"; ok
# same inputs, same bytes: every file of the two runs (but the manifest, which records the
# command line and so the output folder's name)
(cd "$T/a" && find . -type f ! -name manifest.json | sort) >"$T/list"
while read -r f; do cmp "$T/a/$f" "$T/b/$f" || fail "$f differs between two runs"; done <"$T/list"; ok
# nothing temporary left, in the folder or its charts/
if find "$T/a" -name '.*' -type f | grep -q .; then fail "temporary file left"; fi

# from the finished tables alone: the same appendix and charts, byte for byte
"$BIN" appendix datasets/example.ini --from "$T/a" --out "$T/c" 2>/dev/null
cmp "$T/a/appendix.pdf" "$T/c/appendix.pdf" || fail "--from gives a different PDF"; ok
for f in "$T"/a/charts/*; do
    cmp "$f" "$T/c/charts/$(basename "$f")" || fail "--from: $(basename "$f") differs"; ok
done
[ ! -e "$T/c/projection.csv" ] || fail "--from wrote tables"; ok

# the provenance page names each input with its SHA-256 (when pdftotext is installed)
if command -v pdftotext >/dev/null 2>&1; then
    pdftotext "$T/a/appendix.pdf" "$T/a.txt"
    sum=$(sha256sum datasets/demography_population.csv | cut -c1-64)
    tr -d ' \n' <"$T/a.txt" | grep -q "$sum" || fail "population checksum not in the PDF"; ok
    grep -q 'Random seed: 20221' "$T/a.txt" || fail "seed not in the PDF"; ok
    grep -q 'Data as at 30 June 2022' "$T/a.txt" || fail "data date not on the title page"; ok
    # money years read "2024/25" on every money page, and the gap is given to GBP 0.01m: the
    # last year's gap as gap.csv holds it (pence), in millions to two decimals
    gap=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                   $c["programme"] == "total" && ($c["variant"] == "principal" || !c["variant"]) {
                       g = $c["gap"] } END { printf "+£%.2fm", g / 1e6 }' "$T/a/gap.csv")
    grep -q -F "The funding gap reaches £${gap#+£} a year by 2034/35" "$T/a.txt" ||
        fail "the gap's title is not '... $gap ... by 2034/35'"; ok
    grep -A3 -x -F "2034/35" "$T/a.txt" | grep -q -F " $gap" ||
        fail "Table 3.1 lacks 2034/35 with the gap $gap"; ok
    # content, not size: every section's heading, and key figures equal to the CSV files'
    for h in "1 Population projection" "2 Need and activity" "3 Money" \
             "4 Programme budgeting and marginal analysis" "5 Provenance"; do
        grep -q -x -F "$h" "$T/a.txt" || fail "no heading '$h' in the appendix's text"; ok
    done
    # the population at the horizon, principal, all areas (projection.csv summed here)
    pop=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                   $c["variant"] == "principal" { y = $c["year"] + 0; s[y] += $c["population"];
                   if (y > m) m = y } END { printf "%.0f %d", s[m], m }' "$T/a/projection.csv")
    popf=$(printf '%s' "${pop% *}" | sed ':a;s/\B[0-9]\{3\}\>/,&/;ta')
    grep -q -F "to $popf by ${pop#* }" "$T/a.txt" ||
        fail "the population title does not give $popf in ${pop#* } (projection.csv)"; ok
    # the options funded (options.csv's funded column) and their count in the PBMA title
    nf=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                  { n++; f += $c["funded"] == "TRUE" } END { print f " of " n }' "$T/a/options.csv")
    grep -q -F "$nf options are in the best set within the budget" "$T/a.txt" ||
        fail "the PBMA title does not say '$nf options are in the best set' (options.csv)"; ok
    # every activity and capacity table states its units: the services' table has a Unit
    # column (community nursing counts contacts, bed days count bed days), capacity its own
    pdftotext -layout "$T/a/appendix.pdf" "$T/al.txt"
    sed -n '/Activity by service, 2022 and 2042/,/its code names it/p' "$T/al.txt" >"$T/act.txt"
    grep -q '^Service  *Unit  *Base  *Horizon' "$T/act.txt" &&
        grep -q '^Community nursing contacts  *contacts  *[0-9]' "$T/act.txt" &&
        grep -q '^Emergency bed days  *bed days  *[0-9]' "$T/act.txt" ||
        fail "the activity table does not state its units: $(head -5 "$T/act.txt")"; ok
    grep -A2 'Capacity needed in' "$T/al.txt" | grep -q 'Unit' ||
        fail "the capacity table does not state its units"; ok
    # a long file name breaks after a separator, never inside a word: the example run from a
    # folder whose path is too long for the assumptions tables' column
    L="$T/a_partnership_with_a_rather_long_folder_name/inputs_for_the_2026_strategic_commissioning_plan"
    mkdir -p "$L" && cp datasets/*.csv datasets/example.ini "$L/"
    "$BIN" run "$L/example.ini" --out "$T/long" 2>/dev/null || fail "the run from a long path failed"; ok
    # (a provenance row's count of rows may follow the name on its line)
    pdftotext "$T/long/appendix.pdf" - | grep 'a_partnership_with' | sed 's/ [0-9][0-9,]*$//' \
        >"$T/long.txt" || true
    nl=$(grep -c . "$T/long.txt" || true)
    bad=$(grep -v -E '([/_.-]|\.(ini|csv)(:[0-9]+)?)$' "$T/long.txt" | head -3)
    [ "$nl" -ge 10 ] && [ -z "$bad" ] || fail "long names break inside a word ($nl lines): $bad"; ok
    sed -n '/^3 Money$/,/^4 Programme budgeting/p' "$T/a.txt" >"$T/money.txt"
    [ -s "$T/money.txt" ] || fail "no Money section in the PDF's text"
    ! grep -E -q '(by|in|Baseline|Projection) 20[0-9][0-9]( |$)' "$T/money.txt" ||
        fail "a money year written as a calendar year: $(grep -E '(by|in|Baseline|Projection) 20[0-9][0-9]( |$)' "$T/money.txt" | head -3)"; ok
fi

# a tagged PDF: "Tagged: yes", headings, paragraphs, tables by row and cell, and every figure
# with its caption (the chart's text alternative) inside it; each figure in the outline
if command -v pdfinfo >/dev/null; then
    pdfinfo "$T/a/appendix.pdf" | grep -q '^Tagged: *yes' || fail "the appendix PDF is not tagged"; ok
    pdfinfo -struct-text "$T/a/appendix.pdf" >"$T/struct.txt" 2>/dev/null
    nfig=$(grep -c '^  Figure$' "$T/struct.txt" || true)
    ncap=$(grep -A2 '^  Figure$' "$T/struct.txt" | grep -c '^      "Figure [0-9]*\.[0-9]*\. ..*"' || true)
    nout=$(grep -a -c '/Title (Figure [0-9]*\.[0-9]*)' "$T/a/appendix.pdf" || true)
    [ "$nfig" -ge 15 ] && [ "$ncap" -eq "$nfig" ] && [ "$nout" -eq "$nfig" ] ||
        fail "tagged figures: $nfig figures, $ncap with a caption, $nout in the outline"; ok
    # every figure's structure element has its alternative text (/Alt), and the document
    # its language (/Lang): Cairo 1.16 cannot write them, qpdf adds them
    python3 - "$T/a/appendix.pdf" "$nfig" <<'PY' || fail "figures without /Alt, or no /Lang"; ok
import re, sys
d = open(sys.argv[1], "rb").read()
objs = d.split(b"endobj")
figs = [o for o in objs if re.search(rb"/S\s*/Figure\b", o)]
alt = [o for o in figs if re.search(rb"/Alt\s*[(<]", o)]
lang = re.search(rb"/Lang\s*\(en-GB\)", d)
print(f"appendix.sh: {len(figs)} figure elements, {len(alt)} with /Alt, /Lang {'set' if lang else 'missing'}")
sys.exit(0 if len(figs) == int(sys.argv[2]) and len(alt) == len(figs) and lang else 1)
PY
    grep -q '^  H1 (block)$' "$T/struct.txt" && grep -q '^  Table (block)$' "$T/struct.txt" &&
        grep -q '^      TH$' "$T/struct.txt" && grep -q '^      TD$' "$T/struct.txt" ||
        fail "the structure lacks headings or table cells"; ok
else
    fail "pdfinfo (poppler-utils) is needed to check the tagged PDF"
fi

# the contents page and the lists of figures and tables: every entry's page number is the page
# the heading, figure or table is on (read back page by page), and every line is a link
python3 - "$T/a/appendix.pdf" <<'PY' || fail "the contents page"; ok
import re, subprocess, sys
pdf = sys.argv[1]
def text(first, last=None):
    return subprocess.run(["pdftotext", "-layout", "-f", str(first), "-l", str(last or first),
                           pdf, "-"], capture_output=True, text=True, check=True).stdout
norm = lambda t: re.sub(r"\s+", " ", t)
toc = text(2, 4)
assert "Contents" in toc and "Figures" in toc and "Tables" in toc, toc[:300]
n = 0
for line in toc.splitlines():
    m = (re.match(r"^\s*(\d+) (\S.*?)\s{2,}(\d+)$", line) or
         re.match(r"^\s*((?:Figure|Table) \d+\.\d+[.:]).*?\s{2,}(\d+)$", line))
    if not m:
        continue
    if len(m.groups()) == 3:
        want, page = m.group(1) + " " + m.group(2), int(m.group(3))
    else:
        want, page = m.group(1), int(m.group(2))
    assert page >= 3 and want.rstrip(".") in norm(text(page)), (want, page)
    n += 1
links = open(pdf, "rb").read().count(b"/Subtype /Link")
assert n >= 40 and links >= n, (n, links)
print(f"appendix.sh: {n} contents entries on the right pages, {links} links")
PY

# a bad [appendix] value is located, and nothing is written
printf '[run]\ninclude = %s/datasets/example.ini\n[appendix]\ndpi = 5000\n' "$PWD" >"$T/bad.ini"
set +e
"$BIN" run "$T/bad.ini" --out "$T/d" 2>"$T/err"
rc=$?
set -e
[ "$rc" -eq 3 ] || fail "bad dpi: exit $rc, expected 3"; ok
grep -q "bad.ini:4: error:.*dpi" "$T/err" || fail "bad dpi not located: $(cat "$T/err")"; ok
[ ! -e "$T/d/appendix.pdf" ] || fail "bad dpi wrote an appendix"; ok

# a malformed table fails the render with a located error and leaves no file behind
mkdir "$T/e"
cp "$T/a/projection.csv" "$T/e/"
printf 'principal,EP01,2042,F,5,many\n' >>"$T/e/projection.csv"
set +e
"$BIN" appendix datasets/example.ini --from "$T/e" 2>"$T/err"
rc=$?
set -e
[ "$rc" -eq 3 ] || fail "malformed table: exit $rc, expected 3"; ok
grep -q "projection.csv:[0-9]*:6: error" "$T/err" || fail "malformed table not located"; ok
[ ! -e "$T/e/appendix.pdf" ] && [ -z "$(find "$T/e/charts" -type f 2>/dev/null)" ] ||
    fail "a failed render left files"; ok
echo "appendix.sh: $n charts (PNG, SVG, CSV) and appendix.pdf; byte-identical over two runs" \
     "and from the finished tables"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish appendix.sh 174 "${fails:-0}"
