#!/usr/bin/env bash
# OSCAL import and export (issue 8):
#  - `crosswalk framework import` of NIST's SP 800-53 rev5 catalog (3.2 MB, 1,189 controls) into
#    a fresh SQLite database (target: under 1 s), and of the MODERATE baseline profile resolved
#    against it; baseline: `jq empty` parsing the same file.
#  - `crosswalk export oscal assessment-results` of SP 800-53 for a large organization: every
#    library control adopted and implemented, every assessable SP 800-53 requirement linked to
#    one of them (round robin), EVIDENCE evidence items (rows generated in SQL); baseline:
#    `crosswalk readiness --json` on the same database (the assessment alone).
#   bench/oscal.sh [EVIDENCE=100000] [path/to/crosswalk]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/synthetic_evidence.sql.sh
evidence=${1:-100000}
cw=${2:-build/release/src/cli/crosswalk}
content=../shared/oscal/content
catalog=$content/NIST_SP-800-53_rev5_catalog.json
profile=$content/NIST_SP-800-53_rev5_MODERATE-baseline_profile.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Best wall milliseconds of 3 runs of "$@" and the peak resident KB of that run; `prepare` runs
# before each (untimed).
best() {
  local prepare=$1; shift
  local best_ms=999999 best_kb=0
  for _ in 1 2 3; do
    eval "$prepare"
    local t0 t1 kb
    t0=$(date +%s%N)
    kb=$( { /usr/bin/time -f "%M" "$@" >/dev/null; } 2>&1 | tail -1)
    t1=$(date +%s%N)
    local ms=$(( (t1 - t0) / 1000000 ))
    if [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; best_kb=$kb; fi
  done
  echo "$best_ms $best_kb"
}

fresh() { rm -rf "$work/d" && "$cw" --data "$work/d" init >/dev/null; }
read -r jq_ms jq_kb <<<"$(best : jq empty "$catalog")"
read -r cat_ms cat_kb <<<"$(best fresh "$cw" --data "$work/d" framework import "$catalog" --id sp800-53)"
# The profile needs the catalog imported first, once, outside the timing.
fresh
"$cw" --data "$work/d" framework import "$catalog" --id sp800-53 >/dev/null
rm -rf "$work/d0" && cp -r "$work/d" "$work/d0"
read -r mod_ms mod_kb <<<"$(best "rm -rf $work/d && cp -r $work/d0 $work/d" \
  "$cw" --data "$work/d" framework import "$profile" --id moderate)"

# A large organization on the imported catalog.
"$cw" --data "$work/d" control adopt --all >/dev/null
sqlite3 "$work/d/crosswalk.db" "
INSERT INTO control_requirements (control_id, framework_id, ref, coverage)
SELECT c.id, 'sp800-53', r.ref, 'full'
FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY id) - 1 AS k FROM controls) c
JOIN (SELECT ref, ROW_NUMBER() OVER (ORDER BY position) - 1 AS k FROM requirements
      WHERE framework_id = 'sp800-53' AND assessable = 1) r
  ON r.k % (SELECT COUNT(*) FROM controls) = c.k;
"
sqlite3 "$work/d/crosswalk.db" "$(synthetic_evidence_sql "$evidence")"
links=$(sqlite3 "$work/d/crosswalk.db" "SELECT COUNT(*) FROM control_requirements WHERE framework_id = 'sp800-53'")
read -r base_ms base_kb <<<"$(best : "$cw" --data "$work/d" --json readiness)"
read -r ar_ms ar_kb <<<"$(best : "$cw" --data "$work/d" export oscal assessment-results \
  --framework sp800-53 --out "$work/ar.json")"
ar_bytes=$(stat -c %s "$work/ar.json")

ratio() { awk "BEGIN{printf \"%.1f\", $1/($2 > 0 ? $2 : 1)}"; }
echo "oscal: jq empty on the SP 800-53 catalog (baseline)   ${jq_ms} ms, ${jq_kb} KB peak"
echo "oscal: framework import, SP 800-53 rev5 catalog       ${cat_ms} ms, ${cat_kb} KB peak (ratio to jq $(ratio "$cat_ms" "$jq_ms")x; target < 1000 ms)"
echo "oscal: framework import, MODERATE profile (resolved)  ${mod_ms} ms, ${mod_kb} KB peak"
echo "oscal: readiness --json, large organization (baseline) ${base_ms} ms, ${base_kb} KB peak ($evidence evidence items, $links links to SP 800-53)"
echo "oscal: export assessment-results, same organization   ${ar_ms} ms, ${ar_kb} KB peak, $((ar_bytes / 1024)) KB written (ratio to readiness $(ratio "$ar_ms" "$base_ms")x)"
[ "$cat_ms" -lt 1000 ] || { echo "oscal: TARGET MISSED (catalog import)"; exit 1; }
