#!/bin/bash
# tests/redesign/rec.sh: stands in for fulcrum under tests/redesign/same_bytes.sh and records the outputs of each successful fulcrum run that names --out (hash of every file
# except manifest.json), keyed by the arguments with temporary paths masked
real=${FC_REAL_BIN:?}
"$real" "$@"
rc=$?
out=""; prev=""
for a in "$@"; do [ "$prev" = "--out" ] && out=$a; prev=$a; done
if [ $rc = 0 ] && [ -n "$out" ] && [ -d "$out" ]; then
  key=$(printf '%s ' "$@" | sed -E 's#/tmp/[^ /]+#TMP#g')
  h=$(cd "$out" && find . -type f ! -name manifest.json ! -name '*.tmp*' | LC_ALL=C sort | xargs -r sha256sum | sha256sum | cut -c1-16)
  n=$(cd "$out" && find . -type f ! -name manifest.json | wc -l)
  printf '%s\t%s\t%s\n' "$key" "$n" "$h" >> "${FC_REC_LOG:?}"
fi
exit $rc
