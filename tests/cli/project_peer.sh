#!/bin/sh
# Agreement with the pandas/numpy peer (shared/bench/ccm_numpy.py) on a 10-area workload:
# every projected cell equal to 1e-9 relative. Skips with a reason when ../shared or numpy is
# absent.
set -eu
. tests/cli/lib/count.sh
LC_ALL=C
export LC_ALL
BIN=${FC_BIN:-build/release/fulcrum}
BENCH=${FC_SHARED_DIR:-../shared}/bench
if [ ! -f "$BENCH/ccm_numpy.py" ]; then
    skip "project_peer.sh: $BENCH/ccm_numpy.py is absent"; finish project_peer.sh 0
fi
if ! /usr/bin/python3 -c 'import numpy, pandas' 2>/dev/null; then
    skip "project_peer.sh: python3-numpy/pandas not installed"; finish project_peer.sh 0
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
/usr/bin/python3 "$BENCH/make_workload.py" --areas 10 "$T/in" >/dev/null
/usr/bin/python3 "$BENCH/ccm_numpy.py" "$T/in" "$T/peer.csv" 2>/dev/null
"$BIN" project --population "$T/in/population.csv" --fertility "$T/in/fertility.csv" \
    --mortality "$T/in/mortality.csv" --migration "$T/in/migration.csv" --srb 1.051 \
    --horizon 2036 --out "$T/out"
/usr/bin/python3 - "$T/peer.csv" "$T/out/projection.csv" <<'PY'
import sys
import pandas as pd
a = pd.read_csv(sys.argv[1], dtype={"age": str})
b = pd.read_csv(sys.argv[2], dtype={"age": str})
m = a.merge(b, on=["area", "year", "sex", "age"], suffixes=("_p", "_f"))
assert len(m) == len(a) == len(b) == 10 * 26 * 2 * 91, (len(a), len(b), len(m))
rel = ((m.population_p - m.population_f).abs() / m.population_p.abs().clip(lower=1e-300)).max()
print(f"project_peer: {len(m)} cells, max relative difference {rel:.3g}")
assert rel <= 1e-9, rel
PY
ok
# the known minimum of checks run or skipped (counted on a fresh clone, without ../shared)
finish project_peer.sh 1 "${fails:-0}"
