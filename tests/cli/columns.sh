#!/bin/sh
# The column registry and the Excel workbook:
# - docs/columns.md is exactly `fulcrum columns`, and every column of every table that the
#   example runs, the draws (with --raw-draws), psa, shift and standardise write is in it;
# - `--xlsx` writes outputs.xlsx: an About sheet, then one sheet per table; every cell read
#   back (openpyxl, independently of Fulcrum) equals the CSV's value (to the 16 significant
#   digits libxlsxwriter writes; money to the penny exactly), money carries a GBP
#   format, percents are fractions with a % format, financial years read 2024/25, booleans are
#   booleans and NA an empty cell; the header row is frozen;
# - the workbook is byte-identical over two runs, and `verify` reproduces it;
# - [run] xlsx takes yes or no, located.
. tests/cli/lib/expect.sh
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac

"$BIN" columns >"$T/columns.md"
if ! cmp -s "$T/columns.md" docs/columns.md; then
    echo "FAIL: docs/columns.md is not \`fulcrum columns\` (run: fulcrum columns > docs/columns.md)"
    diff "$T/columns.md" docs/columns.md | head -20; fails=$((fails + 1))
fi

"$BIN" run $D/example.ini --xlsx --out "$T/a/o" -q
"$BIN" run $D/example_uncertain.ini --draws 20 --raw-draws --out "$T/u" -q
"$BIN" psa $D/pbma_psa.csv --wtp 0:50000:5000 --parameters $D/pbma_psa_parameters.csv \
    --groups "exercise_classes_cost+exercise_classes_effect" --out "$T/psa" >/dev/null
"$BIN" shift --from acute --to community --amount 2000000 --from-year 2027 $D/example.ini \
    --out "$T/shift" >/dev/null 2>&1
"$BIN" standardise --counts $D/standardise_admissions.csv --population $D/demography_population.csv \
    --standard $D/standardise_esp2013.csv --out "$T/std" >/dev/null
python3 - "$T/columns.md" "$T/a/o" "$T/u" "$T/psa" "$T/shift" "$T/std" <<'PY' || fails=$((fails + 1)); ok
import csv, glob, os, re, sys
known, order, table = {}, {}, None
for line in open(sys.argv[1]):
    m = re.match(r"## `(.+)`", line)
    if m:
        table = m.group(1); known[table] = set(); order[table] = []
    m = re.match(r"\| `(.+?)` \|", line)
    if m and table:
        known[table].add(m.group(1)); order[table].append(m.group(1))
n, missing = 0, []
for d in sys.argv[2:]:
    for f in sorted(glob.glob(d + "/*.csv")):
        name = os.path.basename(f)
        if name not in known:
            missing.append(name); continue
        head = next(csv.reader(open(f)))
        for col in head:
            n += 1
            if col not in known[name] and "*" not in known[name]:
                missing.append(f"{name}: {col}")
        # the documented order is the file's (columns that appear only sometimes left out)
        if "*" not in known[name] and [c for c in order[name] if c in head] != head:
            missing.append(f"{name}: order {head} against {order[name]}")
assert not missing, f"written but not in docs/columns.md: {missing}"
assert n > 300, n
print(f"columns.sh: {n} columns of {len(known)} documented tables checked")
PY

# the workbook against the CSV files
if /usr/bin/python3 -c 'import openpyxl' 2>/dev/null; then
    /usr/bin/python3 - "$T/a/o" "$T/columns.md" <<'PY' || fails=$((fails + 1)); ok
import csv, glob, os, re, sys
import openpyxl
d = sys.argv[1]
kind, table = {}, None
for line in open(sys.argv[2]):  # the documented type of every column
    m = re.match(r"## `(.+)\.csv`", line)
    if m:
        table = m.group(1)
    m = re.match(r"\| `(.+?)` \| (.+?) \|", line)
    if m and table:
        kind[(table, m.group(1))] = m.group(2)
wb = openpyxl.load_workbook(d + "/outputs.xlsx")
tables = sorted(os.path.basename(f)[:-4] for f in glob.glob(d + "/*.csv"))
assert wb.sheetnames[0] == "About", wb.sheetnames
assert sorted(wb.sheetnames[1:]) == tables, (wb.sheetnames, tables)
fy = lambda x: f"{int(x)}/{(int(x) + 1) % 100:02d}"
cells = 0
for t in tables:
    ws = wb[t]
    assert ws.freeze_panes == "A2", (t, ws.freeze_panes)
    rows = list(csv.reader(open(f"{d}/{t}.csv")))
    got = list(ws.iter_rows(values_only=False))
    assert len(got) == len(rows), (t, len(got), len(rows))
    head = rows[0]
    assert [c.value for c in got[0]][:len(head)] == head, t
    for r, g in zip(rows[1:], got[1:]):
        for k, (v, c) in enumerate(zip(r, g)):
            cells += 1
            col, ty = head[k], kind[(t, head[k])]
            if ty == "number" and col == "value" and "unit" in head:  # a long form
                u = r[head.index("unit")]
                ty = ("financial year" if u.startswith("financial year") else
                      "percent" if u.startswith("%") else
                      "money" if u.startswith("GBP") and " per " not in u else ty)
            if v in ("", "NA"):
                assert c.value is None, (t, col, v, c.value)
            elif ty == "boolean":
                assert c.value is (v == "TRUE"), (t, col, v, c.value)
            elif ty == "text":
                assert c.value == v, (t, col, v, c.value)
            elif ty == "financial year":
                assert c.value == fy(v), (t, col, v, c.value)
            elif ty == "percent":
                assert abs(c.value - float(v) / 100) < 1e-15 and c.number_format == "0.00%", (t, col, v, c.value)
            else:
                # libxlsxwriter writes 16 significant digits (Excel shows 15)
                x = float(v)
                assert abs(c.value - x) <= 1e-15 * abs(x), (t, col, v, c.value)
                if ty == "money":
                    assert "£" in c.number_format and "0.00" in c.number_format, (t, col, c.number_format)
                    assert round(c.value * 100) == round(x * 100), (t, col, v, c.value)
                if ty == "share":
                    assert c.number_format == "0.0%", (t, col, c.number_format)
assert cells > 100000, cells
print(f"columns.sh: outputs.xlsx: {len(tables)} sheets, {cells} cells equal to the CSV files")
PY
else
    echo "columns.sh: FAIL: python3-openpyxl is needed to read the workbook back (make deps)"
    fails=$((fails + 1))
fi
# two runs in two folders (the same command line, out relative): the same bytes
mkdir -p "$T/b"
(cd "$T/a" && "$BIN" run "$OLDPWD/$D/example.ini" --xlsx --out o2 -q)
(cd "$T/b" && "$BIN" run "$OLDPWD/$D/example.ini" --xlsx --out o2 -q)
cmp -s "$T/a/o2/outputs.xlsx" "$T/b/o2/outputs.xlsx" ||
    { echo "FAIL: outputs.xlsx differs between two runs"; fails=$((fails + 1)); }; ok
"$BIN" verify "$T/a/o" >/dev/null 2>&1 || { echo "FAIL: verify of a run with --xlsx"; fails=$((fails + 1)); }; ok
grep -q '"outputs.xlsx"' "$T/a/o/manifest.json" ||
    { echo "FAIL: the manifest does not list outputs.xlsx"; fails=$((fails + 1)); }; ok

# [output] digits = 4: every number to 4 significant digits (the default run's, rounded),
# money to the penny as before; the appendix then reads the rounded tables
"$BIN" run $D/example.ini --set output.digits=4 --out "$T/d4" -q
python3 - "$T/a/o" "$T/d4" <<'PY' || fails=$((fails + 1)); ok
import csv, sys
a, b = sys.argv[1], sys.argv[2]
money = ("envelope", "cost", "gap", "cumulative_gap", "envelope_real", "cost_real", "gap_real",
         "cumulative_gap_real", "pv_gap", "cumulative_pv_gap")
n = 0
for t in ("projection", "activity", "gap"):
    ra, rb = list(csv.reader(open(f"{a}/{t}.csv"))), list(csv.reader(open(f"{b}/{t}.csv")))
    head = ra[0]
    assert head == rb[0] and len(ra) == len(rb), t
    for x, y in zip(ra[1:], rb[1:]):
        for col, u, v in zip(head, x, y):
            try:
                f = float(u)
            except ValueError:
                assert u == v, (t, col, u, v); continue
            if (t == "gap" and col in money) or col == "year":
                assert u == v, (t, col, u, v)
            else:
                assert float(v) == float("%.4g" % f), (t, col, u, v)
            n += 1
print(f"columns.sh: output.digits = 4: {n} numbers rounded, money to the penny")
PY
expect 3 "'digits' = 0 is outside 1..17" -- run $D/example.ini --set output.digits=0 --out "$T/out"

printf '[run]\ninclude = %s\nxlsx = maybe\n' "$PWD/$D/example.ini" >"$T/bad.ini"
expect 3 "$T/bad.ini:3: error: xlsx must be 'no' or 'yes', not 'maybe'" -- run "$T/bad.ini" --out "$T/out"

if [ "$fails" -ne 0 ]; then
    echo "columns.sh: $fails failed"; exit 1
fi
echo "columns.sh: every written column documented with its type and unit; the workbook equals the CSV files, typed and formatted, reproducible and verified"
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish columns.sh 8 "${fails:-0}"
