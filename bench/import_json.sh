#!/usr/bin/env bash
# Streaming JSON import (SARIF, OCSF) on generated files: against a bare simdjson On-Demand pass
# over the same file in memory (the limit) and against jq.
#   bench/import_json.sh [SIZE_MB] [path/to/import_json_bench] [data dir]
# SIZE_MB defaults to 1024. Files go to build/bench-data (not in git) and are reused: the generator
# is deterministic. Runs of 1024 MB and more judge the targets (exit 1 when missed): import at
# least 0.40 of bare simdjson, peak RSS under 300 MB.
set -euo pipefail
size=${1:-1024}
bench=${2:-build/release/bench/import_json_bench}
data=${3:-build/bench-data}
# jq holds the whole document in memory (several times the file), so it reads at most this much.
jq_max=${JQ_MAX_MB:-256}
mkdir -p "$data"
judge=()
[ "$size" -ge 1024 ] && judge=(--judge)

generated() {  # generated FORMAT SIZE_MB -> path of the file, made once
  local file="$data/$1-$2.json"
  [ -s "$file" ] || "$bench" generate "$1" "$file" "$2"
  echo "$file"
}

# `crosswalk import` on the same file, end to end (database included): filled in by the lead once
# the command exists.
end_to_end() {  # end_to_end FILE FORMAT
  echo "  end-to-end: pending"
}

status=0
for format in sarif ocsf; do
  file=$(generated "$format" "$size")
  out=$("$bench" measure "$file" "$format" "${judge[@]}") || status=1
  echo "$out"
  ours=$(sed -n 's/^RESULT .*ours_mbps=\([0-9.]*\).*/\1/p' <<<"$out")

  jq_size=$(( size < jq_max ? size : jq_max ))
  jq_file=$(generated "$format" "$jq_size")
  filter='.[]'
  [ "$format" = sarif ] && filter='.runs[].results[]'
  bytes=$(stat -c %s "$jq_file")
  t0=$(date +%s%N)
  rss_kb=$( { /usr/bin/time -f %M jq -c "$filter" "$jq_file" >/dev/null; } 2>&1 )
  t1=$(date +%s%N)
  awk -v b="$bytes" -v ns="$((t1 - t0))" -v ours="$ours" -v kb="$rss_kb" -v f="$filter" 'BEGIN {
    mbps = b / 1e6 / (ns / 1e9)
    printf "  jq -c %-18s %8.0f MB/s on %.0f MB (peak RSS %.0f MB); import/jq = %.1fx\n",
           "'"'"'" f "'"'"'", mbps, b / 1e6, kb / 1024, ours / mbps }'
  end_to_end "$file" "$format"
done
exit "$status"
