#!/usr/bin/env bash
# End to end: `crosswalk readiness --json` on a SQLite database holding the whole library adopted
# and implemented, with 1,000,000 evidence items (rows generated in SQL). Shows what loading the
# facts from the database costs on top of the in-memory recompute (bench/readiness_bench).
# Baseline in the same run: the same command before the evidence rows are added.
#   bench/readiness_db.sh [path/to/crosswalk] [evidence rows]
set -euo pipefail
source "$(dirname "$0")/synthetic_evidence.sql.sh"
cw=${1:-build/release/src/cli/crosswalk}
rows=${2:-1000000}
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
"$cw" --data "$data" init >/dev/null
"$cw" --data "$data" control adopt --all >/dev/null

best() {  # best wall milliseconds of 3 runs, and the peak resident KB of that run
  local best_ms=999999 best_kb=0
  for _ in 1 2 3; do
    local t0 t1 kb
    t0=$(date +%s%N)
    kb=$( { /usr/bin/time -f "%M" "$cw" --data "$data" --json readiness >/dev/null; } 2>&1 )
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    if [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; best_kb=$kb; fi
  done
  echo "$best_ms $best_kb"
}
read -r base_s base_kb <<<"$(best)"
sqlite3 "$data/crosswalk.db" "$(synthetic_evidence_sql "$rows")"
read -r big_s big_kb <<<"$(best)"
echo "readiness_db: no evidence            ${base_s} ms, ${base_kb} KB peak"
echo "readiness_db: ${rows} evidence rows  ${big_s} ms, ${big_kb} KB peak; ratio $(( big_s / (base_s > 0 ? base_s : 1) ))x"
