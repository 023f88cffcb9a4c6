#!/usr/bin/env bash
# Load and soak (issue 9): `crosswalk serve` (SQLite, --threads 2, the default) on a fresh data
# directory with the whole library adopted, under a bounded wrk workload on loopback for SECONDS
# (16 connections, one wrk thread each; bench/soak.lua): mostly reads (readiness, both framework
# trees, control list and single controls, evidence list, imports and findings lists, the
# dashboard's JSON: gap, renewals, changes, and three web pages with the API token: dashboard, a
# control, evidence), evidence uploads (multipart, 1/s) and imports of real tool outputs from
# ../shared/samples (SARIF, JUnit, OCSF; one every 5 s), rates in time, not shares of the requests.
# A sampler writes the server's VmRSS and open file descriptors every second to a CSV.
# Prints: requests, req/s, latency p50/p90/p99/max (all requests) and per kind (from the Lua
# script), non-2xx answers by kind, socket errors; RSS idle / at the start of the load / after the
# warm-up / at the end, its least-squares slope after the warm-up (MB per 10 minutes) and the
# ratio mean of the last minute / mean of the first minute after the warm-up; fd min/max after the
# warm-up and fds once the load is gone against before it. Baseline of the same run: GET /healthz
# alone with the same connections, and the server's idle RSS.
# Exit 1 on any non-2xx answer or socket error, on RSS growth after the warm-up beyond the
# tolerance (see "RSS tolerance" below), or when the fd count moves by more than a few.
#   bench/soak.sh [path/to/crosswalk] [seconds=600]        (needs: apt-get install wrk)
# Env: CROSSWALK_SAMPLES (default ../shared/samples), SOAK_CONNECTIONS (16), SOAK_UPLOADS_PER_S
#      (1), SOAK_IMPORTS_PER_S (0.2), SOAK_OUT (a directory to keep the CSV, wrk's output and the
#      server's non-2xx log lines in; everything else is removed on exit), SOAK_KEEP=1 (keep the
#      whole run directory, data directory included, for a look afterwards).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=${1:-build/release/src/cli/crosswalk}
secs=${2:-600}
conns=${SOAK_CONNECTIONS:-16}
# Writes at a steady small rate: 1 upload a second and an import every 5 seconds are 720 new
# evidence items in 10 minutes (a year or two of a real organization's evidence). At 4/s and 1/s
# the data grows so fast that memory held for it (SQLite's page cache, the cached assessment,
# malloc's arenas sized by the larger transient peaks) looks like a trend: see bench/README.md.
uploads_per_s=${SOAK_UPLOADS_PER_S:-1}
imports_per_s=${SOAK_IMPORTS_PER_S:-0.2}
samples=${CROSSWALK_SAMPLES:-$root/../shared/samples}
say() { echo "soak: $*" >&2; }
command -v wrk >/dev/null || { say "wrk is not installed (apt-get install wrk)"; exit 2; }
command -v jq >/dev/null || { say "jq is not installed (scripts/setup.sh)"; exit 2; }
[ -x "$src" ] || { say "no crosswalk binary at $src (scripts/setup.sh release)"; exit 2; }
[ -d "$samples/sarif" ] || { say "no tool outputs in $samples (set CROSSWALK_SAMPLES)"; exit 2; }
[ "$secs" -ge 20 ] || { say "run at least 20 seconds"; exit 2; }

# Warm-up: caches filled, the allocator's arenas grown to their working size, SQLite's page cache
# full. Then W-second windows at both ends of what follows for the ratio (a minute in a full run).
if [ "$secs" -ge 300 ]; then warm=60; else warm=$((secs / 5)); fi
win=$(( (secs - warm) / 3 < 60 ? (secs - warm) / 3 : 60 ))
base_secs=$(( secs >= 300 ? 10 : 3 ))

work=$(mktemp -d /tmp/crosswalk-soak.XXXXXX)
cw=$work/crosswalk
cp "$src" "$cw"  # a rebuild in the checkout during the run does not change the binary under test
data=$work/data
csv=$work/samples.csv
server="" sampler="" wrk_pid=""
cleanup() {
  local p
  for p in $sampler $wrk_pid; do kill "$p" 2>/dev/null || true; done
  [ -z "$server" ] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  for p in $sampler $wrk_pid; do wait "$p" 2>/dev/null || true; done
  if [ -n "${SOAK_OUT:-}" ]; then
    mkdir -p "$SOAK_OUT"
    cp "$csv" "$work/wrk.out" "$work/server.err" "$SOAK_OUT/" 2>/dev/null || true
  fi
  if [ -n "${SOAK_KEEP:-}" ]; then say "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"$cw" --data "$data" init >/dev/null
"$cw" --data "$data" control adopt --all >/dev/null
# Uploads and imports need the add_evidence and import rights: contributor (src/domain/access.cpp).
printf 'soak passphrase 123\n' | "$cw" --data "$data" user add soak --role contributor --password-stdin >/dev/null
token=$("$cw" --data "$data" token create --user soak --label soak 2>/dev/null)

# The server on a free port; its access log (stderr) keeps only lines that are not 2xx answers.
"$cw" --data "$data" serve --listen 127.0.0.1:0 --threads 2 >"$work/serve.out" \
  2> >(grep --line-buffered -v '"status":2[0-9][0-9],' >"$work/server.err") &
server=$!
for _ in $(seq 1 100); do
  grep -q 'listening on' "$work/serve.out" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || break
  sleep 0.1
done
port=$(sed -n 's|.*listening on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/serve.out")
[ -n "$port" ] || { say "the server did not start"; cat "$work/serve.out" "$work/server.err" >&2; exit 1; }
url=http://127.0.0.1:$port
auth="Authorization: Bearer $token"

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server/status"; }
fds() { ls "/proc/$server/fd" | wc -l; }
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) print v + 0; else if (v ~ /us$/) print v / 1000; else print v * 1000 }'; }
loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
cpu_ticks() { local s f; read -r s <"/proc/$1/stat"; read -r -a f <<<"${s##*) }"; echo $((f[11] + f[12])); }
machine() { local _c u n s i w q sq st; read -r _c u n s i w q sq st _ </proc/stat; echo "$((u + n + s + q + sq + st)) $((u + n + s + q + sq + st + i + w))"; }
# CPU seconds of this shell's waited-for children (`times` must run in this shell, not a subshell).
children_s() { times >"$work/times"; awk 'NR == 2 { gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4 }' "$work/times"; }

# What the Lua script needs: control ids, the tool outputs to import (SARIF, JUnit, OCSF; each
# imports without a refusal on the adopted library).
curl -sf -H "$auth" "$url/api/v1/controls?limit=500" | jq -r '[.items[].id] | join(",")' >"$work/controls"
controls=$(cat "$work/controls")
[ -n "$controls" ] || { say "no controls listed"; exit 1; }
for f in sarif/trivy-alpine-310.sarif sarif/semgrep-with_dataflow_traces.sarif \
         sarif/codeql-action-valid-sarif.sarif sarif/spec-appendix_k4.sarif \
         sarif/gitleaks-sarif_simple.sarif junit/trivy-alpine-310.junit.xml \
         junit/dorny-jest-junit.xml junit/kubescape-junit_golden.xml \
         ocsf/prowler-example_output_aws.ocsf.json ocsf/prowler-example_output_gcp.ocsf.json; do
  [ -r "$samples/$f" ] || { say "missing sample $samples/$f"; exit 2; }
  echo "$samples/$f"
done >"$work/imports"

idle_rss=$(rss_kb) idle_fds=$(fds)
say "server pid $server on port $port; idle: RSS $(mb "$idle_rss") MB, $idle_fds fds; $(nproc) cores, load average $(loadavg)"

# Baseline: GET /healthz alone, same connections and client threads.
base=$(timeout $((base_secs + 20)) wrk -t"$conns" -c"$conns" -d"${base_secs}s" --latency "$url/healthz")
base_rps=$(awk '/Requests\/sec/ {print $2}' <<<"$base")
base_p99=$(awk '$1 == "99%" {print $2}' <<<"$base")
say "baseline GET /healthz ${base_secs}s: $base_rps req/s, p99 $base_p99"

# The sampler: seconds since the load started, VmRSS (kB), open fds, server threads, database and
# WAL bytes, requests answered so far (the server's /metrics). One line a second until the file
# $work/stop exists.
echo "t,rss_kb,fds,threads,db_bytes,wal_bytes,requests" >"$csv"
t0=$(date +%s.%N)
(
  while [ ! -e "$work/stop" ]; do
    now=$(date +%s.%N)
    st=$(awk '/^VmRSS:/ {r = $2} /^Threads:/ {t = $2} END {print r "," t}' "/proc/$server/status" 2>/dev/null) || break
    n=$(ls "/proc/$server/fd" 2>/dev/null | wc -l) || true
    db=$(stat -c %s "$data/crosswalk.db" 2>/dev/null || echo 0)
    wal=$(stat -c %s "$data/crosswalk.db-wal" 2>/dev/null || echo 0)
    req=$(curl -sf --max-time 2 "$url/metrics" | awk '/^crosswalk_http_requests_total/ { n += $2 } END { print n + 0 }') || true
    awk -v a="$now" -v b="$t0" -v s="$st" -v n="$n" -v d="$db" -v w="$wal" -v r="$req" \
      'BEGIN { split(s, x, ","); printf "%.2f,%s,%s,%s,%s,%s,%s\n", a - b, x[1], n, x[2], d, w, r }'
    sleep 1
  done >>"$csv"
) &
sampler=$!

say "load: ${secs}s, $conns connections (one wrk thread each), uploads ${uploads_per_s}/s, imports ${imports_per_s}/s; warm-up ${warm}s"
load_start=$(loadavg)
cw_t0=$(cpu_ticks "$server") m0=$(machine)
children_s >"$work/ch0"
timeout $((secs + 60)) wrk -t"$conns" -c"$conns" -d"${secs}s" --timeout 10s --latency \
  -s "$root/bench/soak.lua" "$url/" -- "$token" "$controls" "$work/imports" "$uploads_per_s" \
  "$imports_per_s" "$conns" >"$work/wrk.out" 2>&1 &
wrk_pid=$!
wait "$wrk_pid" || { say "wrk failed:"; cat "$work/wrk.out" >&2; exit 1; }
wrk_pid=""
load_end=$(loadavg)
cw_t1=$(cpu_ticks "$server") m1=$(machine)
children_s >"$work/ch1"
ch0=$(cat "$work/ch0") ch1=$(cat "$work/ch1")
sleep 2  # the connections closed, in-flight work done
touch "$work/stop"
wait "$sampler" || true
sampler=""
after_rss=$(rss_kb) after_fds=$(fds)
metrics=$(curl -sf "$url/metrics" || true)
evidence_total=$(curl -sf -H "$auth" "$url/api/v1/evidence?limit=1" | jq -r .total)
imports_total=$(curl -sf -H "$auth" "$url/api/v1/imports?limit=1" | jq -r .total)

grep -q '^SOAK requests' "$work/wrk.out" || { say "no summary from wrk:"; cat "$work/wrk.out" >&2; exit 1; }
get() { awk -v k="$1" '$1 == "SOAK" && $2 == k { $1 = ""; $2 = ""; sub(/^  /, ""); print }' "$work/wrk.out"; }
requests=$(get requests)
duration=$(get duration_s)
read -r p50 p90 p99 pmax pmean <<<"$(get latency_ms)"
read -r e_connect e_read e_write e_timeout <<<"$(get socket_errors)"
rps=$(awk -v n="$requests" -v d="$duration" 'BEGIN { printf "%.0f", n / d }')

failed=0
echo "soak: ---- $secs s, $conns connections, $(nproc) cores; load average $load_start at the start, $load_end at the end" >&2
say "requests $requests, $rps req/s (baseline /healthz $base_rps req/s: ratio $(awk -v a="$rps" -v b="$base_rps" 'BEGIN { printf "%.2f", a / b }'))"
say "latency p50 $p50 ms, p90 $p90 ms, p99 $p99 ms, max $pmax ms (baseline /healthz p99 $(ms "$base_p99") ms)"
say "$(printf '%-15s %9s %7s %9s %9s  %s' kind answers non-2xx 'p50 ms' 'p99 ms' statuses)"
bad=0
while read -r kind count nbad k50 k99 codes; do
  say "$(printf '%-15s %9s %7s %9s %9s  %s' "$kind" "$count" "$nbad" "$k50" "$k99" "$codes")"
  bad=$((bad + nbad))
done < <(get kind)
hz=$(getconf CLK_TCK)
read -r mb0 mt0 <<<"$m0"; read -r mb1 mt1 <<<"$m1"
say "CPU over the load: crosswalk $(awk -v t=$((cw_t1 - cw_t0)) -v hz="$hz" -v d="$duration" 'BEGIN { printf "%.0f %%", 100 * t / hz / d }'), wrk $(awk -v c="$ch0" -v e="$ch1" -v d="$duration" 'BEGIN { printf "%.0f %%", 100 * (e - c) / d }') of one core; whole machine busy $(awk -v b=$((mb1 - mb0)) -v t=$((mt1 - mt0)) 'BEGIN { printf "%.0f %%", 100 * b / t }') of $(nproc) cores (the rest: other processes); crosswalk $(awk -v t=$((cw_t1 - cw_t0)) -v hz="$hz" -v n="$requests" 'BEGIN { printf "%.2f", 1000 * t / hz / n }') CPU s per 1,000 requests"
say "socket errors: connect $e_connect, read $e_read, write $e_write, timeout $e_timeout"
say "after the run: $evidence_total evidence items, $imports_total imports, database $(mb $(( $(stat -c %s "$data/crosswalk.db") / 1024 ))) MB, vault $(du -sm "$data/vault" | cut -f1) MB; assessment recomputes $(awk '/^crosswalk_assessment_recomputes_total/ {print $2}' <<<"$metrics")"
get example | sed 's/^/soak: example: /' >&2
sockets=$((e_connect + e_read + e_write + e_timeout))
if [ "$bad" -gt 0 ] || [ "$sockets" -gt 0 ]; then
  say "FAIL: $bad non-2xx answers, $sockets socket errors"
  grep -v '^$' "$work/server.err" | head -5 | sed 's/^/soak: server: /' >&2 || true
  failed=1
fi

# RSS: start of the load, after the warm-up, end; slope (least squares, t >= warm-up, while the
# load ran) and last window / first window after the warm-up.
read -r rss0 rss_warm rss_end slope first last fmin fmax nsamples rate_a rate_b <<<"$(awk -F, -v warm="$warm" -v secs="$secs" -v win="$win" '
  NR == 1 { next }
  NR == 2 { r0 = $2 }
  $1 > secs { next }
  { rend = $2 }
  $1 >= warm {
    if (!have) { rw = $2; have = 1; fmin = $3; fmax = $3 }
    n++; sx += $1; sy += $2; sxx += $1 * $1; sxy += $1 * $2
    if ($3 < fmin) fmin = $3; if ($3 > fmax) fmax = $3
    if ($1 < warm + win) { a += $2; na++; if (na == 1) { ta0 = $1; qa0 = $7 } ta1 = $1; qa1 = $7 }
    if ($1 >= secs - win) { b += $2; nb++; if (nb == 1) { tb0 = $1; qb0 = $7 } tb1 = $1; qb1 = $7 }
  }
  END {
    slope = n > 1 ? (n * sxy - sx * sy) / (n * sxx - sx * sx) : 0   # kB per second
    printf "%d %d %d %.6f %.1f %.1f %d %d %d %.0f %.0f\n", r0, rw, rend, slope, na ? a / na : 0, nb ? b / nb : 0,
           fmin, fmax, n, (ta1 > ta0 ? (qa1 - qa0) / (ta1 - ta0) : 0), (tb1 > tb0 ? (qb1 - qb0) / (tb1 - tb0) : 0)
  }' "$csv")"
slope_mb=$(awk -v s="$slope" 'BEGIN { printf "%.2f", s * 600 / 1024 }')
ratio=$(awk -v a="$first" -v b="$last" 'BEGIN { printf "%.3f", (a > 0 ? b / a : 0) }')
say "RSS: idle $(mb "$idle_rss") MB, start of load $(mb "$rss0") MB, after the ${warm}s warm-up $(mb "$rss_warm") MB, end $(mb "$rss_end") MB, after the load $(mb "$after_rss") MB (end / idle $(awk -v a="$rss_end" -v b="$idle_rss" 'BEGIN { printf "%.2f", a / b }'))"
say "RSS trend after the warm-up ($nsamples samples): slope $slope_mb MB per 10 min; mean of the last ${win}s / first ${win}s = $(mb "$last") / $(mb "$first") MB = $ratio"
say "throughput (the server's count): $rate_a req/s in the first ${win}s after the warm-up, $rate_b req/s in the last ${win}s"
say "fds after the warm-up: min $fmin, max $fmax; idle $idle_fds, after the load $after_fds"
# RSS tolerance. The soak adds data the server keeps in memory on purpose: every upload and import
# is an evidence item, every import check results, all part of the cached assessment, SQLite's
# page cache (2 MB per connection) fills as the database grows, and glibc keeps freed memory in
# its arenas up to the largest transient peak, which grows with the data. Measured at 5 writes/s:
# about 2.3 MB of RSS per MB of database, 7 MB of it in use (bench/README.md). At the default 1.2
# writes/s that is 1-2 MB in a full run. A leak is larger: one allocation per request (>= 16
# bytes at 200,000 to millions of requests) or ~5 KB per write (720 writes) is >= 4 MB. So: slope
# after the warm-up at most 10 % of the warm RSS (about 4 MB) per 10 minutes. Over less than 5 minutes after
# the warm-up a slope extrapolates noise (one arena growing by a MB), so short runs are judged only
# on the last window's mean against the first's (at most +25 %) and only catch gross leaks.
if [ $((secs - warm)) -ge 300 ]; then
  awk -v s="$slope" -v w="$rss_warm" 'BEGIN { exit !(s * 600 > 0.10 * w) }' && {
    say "FAIL: RSS grows by $slope_mb MB per 10 min after the warm-up (> 10 % of $(mb "$rss_warm") MB)"
    failed=1
  }
fi
awk -v r="$ratio" 'BEGIN { exit !(r > 1.25) }' && { say "FAIL: RSS of the last ${win}s is $ratio x that of the first ${win}s after the warm-up"; failed=1; }
# fds: the listener, the client connections, each server thread's SQLite files, and the staging
# files of uploads and imports whose bodies are being received (one per such connection, several
# at once when writes come close together) and journal.head.tmp: stable within 8. Once wrk has
# gone, the count is back to the idle one (within 2: no fd leaks per request).
[ $((fmax - fmin)) -le 8 ] || { say "FAIL: fd count moved between $fmin and $fmax after the warm-up"; failed=1; }
[ $((after_fds - idle_fds)) -le 2 ] || { say "FAIL: $after_fds fds after the load against $idle_fds idle"; failed=1; }
[ "$failed" = 0 ] && say "ok: no errors, RSS within its tolerance, fds stable"
exit $failed
