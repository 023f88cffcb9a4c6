#!/usr/bin/env bash
# `crosswalk backup`, `verify backup` and `restore` of a SQLite organization with the whole
# library adopted and SIZE_MB of evidence files (1 MB each, random: incompressible, the
# unfavourable case), against `tar -cf` of the data directory flushed to disk (`sync FILE`, as the
# backup flushes its zip) as the baseline measured in the same run. Targets: peak memory
# independent of the evidence size (< 100 MB resident) and the backup within 3x the baseline's
# time (it also re-hashes every evidence file before archiving it, and CRCs it in the zip).
#   bench/backup.sh [SIZE_MB=200] [path/to/crosswalk]
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
rm -rf "$work/files"

measure() {  # wall seconds and peak resident MB of the command
  /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null
  awk '{printf "%.2f s, %.0f MB peak", $1, $2/1024}' "$work/time"
}
backup_result=$(measure "$cw" --data "$data" backup --out "$work/backup.zip")
backup_s=$(cut -d' ' -f1 "$work/time"); backup_kb=$(cut -d' ' -f2 "$work/time")
verify_result=$(measure "$cw" verify backup "$work/backup.zip")
verify_kb=$(cut -d' ' -f2 "$work/time")
restore_result=$(measure "$cw" --data "$work/restored" restore "$work/backup.zip")
restore_kb=$(cut -d' ' -f2 "$work/time")
baseline_result=$(measure sh -c "tar -cf '$work/baseline.tar' -C '$work' data && sync '$work/baseline.tar'")
baseline_s=$(cut -d' ' -f1 "$work/time")
zip_mb=$(( $(stat -c %s "$work/backup.zip") / 1048576 ))
"$cw" --data "$work/restored" evidence verify >/dev/null
echo "backup: backup of ${size} MB of evidence (${zip_mb} MB zip): $backup_result"
echo "backup: verify backup: $verify_result"
echo "backup: restore (every file, the journal and every evidence file checked): $restore_result"
ratio=$(awk "BEGIN{printf \"%.2f\", $backup_s/($baseline_s>0.05?$baseline_s:0.05)}")
echo "backup: tar -cf of the data directory (baseline): $baseline_result; ratio backup/tar = $ratio"
# Below 100 MB the fixed costs (start-up, the journal's verification) dominate both sides.
awk "BEGIN{exit !($backup_kb < 102400 && $verify_kb < 102400 && $restore_kb < 102400 && ($size < 100 || $ratio < 3))}" ||
  { echo "backup: TARGET MISSED"; exit 1; }
