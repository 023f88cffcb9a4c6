#!/usr/bin/env bash
# `crosswalk export audit-pack` and `crosswalk verify audit-pack` on an organization with the
# whole library adopted and SIZE_MB of evidence files (1 MB each, random: incompressible, the
# unfavourable case), against `zip -r` of the same files as the baseline measured in the same
# run. Target: peak memory independent of the evidence size (< 100 MB resident).
#   bench/audit_pack.sh [SIZE_MB=200] [path/to/crosswalk]
set -euo pipefail
size=${1:-200}
cw=${2:-build/release/src/cli/crosswalk}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
data=$work/data
"$cw" --data "$data" init >/dev/null
"$cw" --data "$data" control adopt --all >/dev/null
mkdir -p "$work/files"
for i in $(seq 1 "$size"); do
  head -c 1048576 /dev/urandom >"$work/files/evidence-$i.bin"
  "$cw" --data "$data" evidence add --control ORG-01 --file "$work/files/evidence-$i.bin" >/dev/null
done

measure() {  # wall seconds and peak resident MB of the command
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  awk '{printf "%.2f s, %.0f MB peak", $1, $2/1024}' "$work/time"
}
export_result=$(measure "$cw" --data "$data" export audit-pack --out "$work/pack.zip")
export_s=$(cut -d' ' -f1 "$work/time"); export_kb=$(cut -d' ' -f2 "$work/time")
verify_result=$(measure "$cw" --data "$data" verify audit-pack "$work/pack.zip")
verify_kb=$(cut -d' ' -f2 "$work/time")
baseline_result=$(measure zip -q -r "$work/baseline.zip" "$work/files")
baseline_s=$(cut -d' ' -f1 "$work/time")
pack_mb=$(( $(stat -c %s "$work/pack.zip") / 1048576 ))
echo "audit_pack: export of ${size} MB of evidence (${pack_mb} MB zip): $export_result"
echo "audit_pack: verify: $verify_result"
echo "audit_pack: zip -r of the same files (baseline): $baseline_result; ratio export/zip = $(awk "BEGIN{printf \"%.2f\", $export_s/($baseline_s>0?$baseline_s:0.01)}")"
awk "BEGIN{exit !($export_kb < 102400 && $verify_kb < 102400)}" || { echo "audit_pack: TARGET MISSED"; exit 1; }
