#!/usr/bin/env bash
# Streaming JSON import (SARIF, OCSF) on generated files: against a bare simdjson On-Demand pass
# over the same file in memory (the limit) and against jq; then `crosswalk import` end to end
# (parse, normalize, map, commit to a fresh SQLite data directory, the file copied into the vault).
#   bench/import_json.sh [SIZE_MB] [path/to/import_json_bench] [data dir] [path/to/crosswalk]
# SIZE_MB defaults to 1024. Files go to build/bench-data (not in git) and are reused: the generator
# is deterministic. crosswalk defaults to the one beside the bench (build/release/src/cli). Runs of
# 1024 MB and more judge the targets (exit 1 when missed): import at least 0.40 of bare simdjson,
# peak RSS under 300 MB; end to end at least 150 MB/s and 5x jq, peak RSS under 300 MB and not
# growing with the file (measured again on the jq-sized file).
# Env: JQ_MAX_MB (256), E2E_RUNS (end-to-end runs per file, the best counts; 1),
# E2E_DIR (where the temporary data directories go; $TMPDIR or /tmp).
set -euo pipefail
size=${1:-1024}
bench=${2:-build/release/bench/import_json_bench}
data=${3:-build/bench-data}
crosswalk=${4:-$(dirname "$bench")/../src/cli/crosswalk}
# jq holds the whole document in memory (several times the file), so it reads at most this much.
jq_max=${JQ_MAX_MB:-256}
e2e_runs=${E2E_RUNS:-1}
mkdir -p "$data"
judge=()
[ "$size" -ge 1024 ] && judge=(--judge)

generated() {  # generated FORMAT SIZE_MB -> path of the file, made once
  local file="$data/$1-$2.json"
  [ -s "$file" ] || "$bench" generate "$1" "$file" "$2"
  echo "$file"
}

# `crosswalk import FILE` into a fresh data directory (init, the whole control library adopted,
# so that findings map to controls as in a real organization), timed with /usr/bin/time -v.
# Prints one line; sets e2e_mbps and e2e_rss_mb. Exit 1 from the import only means that a check
# failed (the generated files hold failing findings).
e2e_mbps=0
e2e_rss_mb=0
end_to_end() {  # end_to_end FILE BARE_MBPS JQ_MBPS
  local file=$1 bare=$2 jq=$3 dir best_ns=0 rss_kb=0 run rc t0 t1 out
  if [ ! -x "$crosswalk" ]; then
    echo "  end-to-end: skipped (no crosswalk binary at $crosswalk)"
    return 0
  fi
  for ((run = 0; run < e2e_runs; run++)); do
    dir=$(mktemp -d "${E2E_DIR:-${TMPDIR:-/tmp}}/crosswalk-e2e.XXXXXX")
    "$crosswalk" --data "$dir" init >/dev/null
    "$crosswalk" --data "$dir" control adopt --all >/dev/null
    sync  # the setup's writes are not the import's
    rc=0
    t0=$(date +%s%N)
    /usr/bin/time -v -o "$dir/time.txt" \
      "$crosswalk" --data "$dir" --json import "$file" >"$dir/out.json" || rc=$?
    t1=$(date +%s%N)
    if [ "$rc" -gt 1 ]; then
      echo "  end-to-end: crosswalk import failed (exit $rc):" >&2
      cat "$dir/out.json" >&2
      rm -rf "$dir"
      return 1
    fi
    if [ "$best_ns" -eq 0 ] || [ $((t1 - t0)) -lt "$best_ns" ]; then
      best_ns=$((t1 - t0))
      rss_kb=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' "$dir/time.txt")
      out=$(jq -r '"\(.findings) \(.mapped) \(.checks)"' "$dir/out.json")
    fi
    rm -rf "$dir"
  done
  read -r findings mapped checks <<<"$out"
  read -r e2e_mbps e2e_rss_mb < <(awk -v b="$(stat -c %s "$file")" -v ns="$best_ns" -v kb="$rss_kb" \
    'BEGIN { printf "%.1f %.1f\n", b / 1e6 / (ns / 1e9), kb / 1024 }')
  awk -v b="$(stat -c %s "$file")" -v ns="$best_ns" -v n="$findings" -v m="$mapped" -v c="$checks" \
    -v mbps="$e2e_mbps" -v rss="$e2e_rss_mb" -v bare="$bare" -v jq="$jq" 'BEGIN {
    s = ns / 1e9
    printf "  crosswalk import (e2e)     %8.0f MB/s %10.0f findings/s (%d findings, %d mapped, %d check results, %.2f s on %.0f MB)\n",
           mbps, n / s, n, m, c, s, b / 1e6
    printf "    peak RSS %.1f MB; e2e/bare simdjson = %.2f, e2e/jq = %.1fx\n",
           rss, mbps / bare, mbps / jq }'
}

status=0
for format in sarif ocsf; do
  file=$(generated "$format" "$size")
  out=$("$bench" measure "$file" "$format" "${judge[@]}") || status=1
  echo "$out"
  bare=$(sed -n 's/^RESULT .*bare_mbps=\([0-9.]*\).*/\1/p' <<<"$out")
  ours=$(sed -n 's/^RESULT .*ours_mbps=\([0-9.]*\).*/\1/p' <<<"$out")

  jq_size=$(( size < jq_max ? size : jq_max ))
  jq_file=$(generated "$format" "$jq_size")
  filter='.[]'
  [ "$format" = sarif ] && filter='.runs[].results[]'
  bytes=$(stat -c %s "$jq_file")
  t0=$(date +%s%N)
  rss_kb=$( { /usr/bin/time -f %M jq -c "$filter" "$jq_file" >/dev/null; } 2>&1 )
  t1=$(date +%s%N)
  jq_mbps=$(awk -v b="$bytes" -v ns="$((t1 - t0))" 'BEGIN { printf "%.1f", b / 1e6 / (ns / 1e9) }')
  awk -v mbps="$jq_mbps" -v b="$bytes" -v ours="$ours" -v kb="$rss_kb" -v f="$filter" 'BEGIN {
    printf "  jq -c %-18s %8.0f MB/s on %.0f MB (peak RSS %.0f MB); import/jq = %.1fx\n",
           "'"'"'" f "'"'"'", mbps, b / 1e6, kb / 1024, ours / mbps }'

  end_to_end "$file" "$bare" "$jq_mbps" || { status=1; continue; }
  big_mbps=$e2e_mbps
  big_rss=$e2e_rss_mb
  small_rss=$big_rss
  if [ "$jq_file" != "$file" ]; then  # the same import on the smaller file: does memory grow?
    end_to_end "$jq_file" "$bare" "$jq_mbps" || { status=1; continue; }
    small_rss=$e2e_rss_mb
  fi
  if [ ${#judge[@]} -gt 0 ] && [ -x "$crosswalk" ]; then
    if ! awk -v m="$big_mbps" -v jq="$jq_mbps" -v big="$big_rss" -v small="$small_rss" 'BEGIN {
      # Not growing: at most 25 % (and 16 MB) more than on the file a quarter of its size.
      ok = m >= 150 && m >= 5 * jq && big < 300 && (big <= small * 1.25 || big <= small + 16)
      exit ok ? 0 : 1 }'; then
      echo "  end-to-end: TARGET MISSED (>= 150 MB/s, >= 5x jq, peak RSS < 300 MB and not growing)"
      status=1
    fi
  fi
done
exit "$status"
