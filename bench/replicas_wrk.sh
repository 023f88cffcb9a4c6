#!/usr/bin/env bash
# Issue 4: requests/s and p99 of `crosswalk serve --demo` (--threads 4) under a mixed workload,
# wrk 32 connections / 2 client threads in all: the SQLite single server, one replica on
# PostgreSQL, two replicas on the same PostgreSQL database (each with its own --data directory).
# Mixed = per wrk thread, 4 reads (GET /api/v1/readiness, /api/v1/controls,
# /api/v1/evidence?limit=20 in turn) to 1 write (POST /api/v1/evidence, a note by the demo admin,
# accepted at once); each configuration also runs read-only, to tell read scaling from the write
# lock every journaled write takes on PostgreSQL. With two replicas, two wrk processes (1 thread,
# 16 connections each) spread the connections round-robin, as a load balancer would. Where the
# bottleneck is: CPU used by crosswalk, postgres and wrk per 1000 requests, the machine's busy
# fraction, each route's mean handler time (access logs), and (PostgreSQL) backends sampled
# waiting on the advisory write lock. PostgreSQL is the private test server
# (scripts/pg_test_server.sh): fsync off, so its numbers are an upper bound for a real disk.
# No target yet: exit 1 on any non-2xx answer or socket error.
#   bench/replicas_wrk.sh [path/to/crosswalk] [seconds]   (needs: apt-get install wrk; psql and
#                                                          the PostgreSQL server: setup.sh postgres)
set -euo pipefail
src=${1:-build/release/src/cli/crosswalk}
secs=${2:-10}
conns=32
root=$(cd "$(dirname "$0")/.." && pwd)
command -v wrk >/dev/null || { echo "replicas_wrk: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v psql >/dev/null || { echo "replicas_wrk: psql is not installed (scripts/setup.sh postgres)" >&2; exit 2; }
[ -x "$src" ] || { echo "replicas_wrk: no crosswalk binary at $src (scripts/setup.sh release)" >&2; exit 2; }
work=$(mktemp -d)
cw=$work/crosswalk
cp "$src" "$cw"  # a rebuild during the run does not change the binary under test
pg=$work/pg
pg_url=""
servers=()
logs=()  # each server's stderr: its access log, one JSON line per request with the handler's ms
dbs=()
stop_servers() {
  local p
  for p in ${servers[@]+"${servers[@]}"}; do kill "$p" 2>/dev/null || true; done
  for p in ${servers[@]+"${servers[@]}"}; do wait "$p" 2>/dev/null || true; done
  servers=() logs=()
}
cleanup() {
  stop_servers
  if [ -n "$pg_url" ]; then
    for db in ${dbs[@]+"${dbs[@]}"}; do
      psql -Xq "$pg_url" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    done
    "$root/scripts/pg_test_server.sh" stop "$pg" || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cores=$(nproc)

start_server() {  # port data-dir db-url-or-empty [--demo]
  local port=$1 data=$2 db=$3 demo=${4:-} want='listening on'
  [ -z "$demo" ] || want='password:'
  "$cw" --data "$data" ${db:+--db "$db"} serve --listen 127.0.0.1:"$port" --threads 4 ${demo:+"$demo"} \
    >"$data.out" 2>"$data.err" &
  servers+=($!) logs+=("$data.err")
  for _ in $(seq 1 300); do
    grep -q "$want" "$data.out" 2>/dev/null && return 0
    kill -0 "${servers[-1]}" 2>/dev/null || break
    sleep 0.1
  done
  echo "replicas_wrk: the server on port $port did not start:" >&2
  tail -5 "$data.out" "$data.err" >&2
  exit 1
}

# The workload, one request() per request: every 5th a write, the others the three reads in turn.
write_lua() {  # file token write-every (0: read only)
  cat >"$1" <<EOF
local get_headers = {["Authorization"] = "Bearer $2"}
local post_headers = {["Authorization"] = "Bearer $2", ["Content-Type"] = "application/json"}
local reads = {"/api/v1/readiness", "/api/v1/controls", "/api/v1/evidence?limit=20"}
local controls = {"ORG-01", "AI-01", "MS-01", "TEC-01", "PEO-01", "PHY-01"}
local every = $3
local n = 0
request = function()
  n = n + 1
  if every > 0 and n % every == 0 then
    local c = controls[math.floor(n / every) % #controls + 1]
    return wrk.format("POST", "/api/v1/evidence", post_headers,
                      '{"note":"bench write ' .. n .. '","controls":["' .. c .. '"]}')
  end
  return wrk.format("GET", reads[n % #reads + 1], get_headers)
end
EOF
}

ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) print v + 0; else if (v ~ /us$/) print v / 1000; else print v * 1000 }'; }
# CPU ticks (user + system, with waited-for children) of the given processes.
ticks() {
  local t=0 p s f
  for p; do
    { read -r s <"/proc/$p/stat"; } 2>/dev/null || continue
    read -r -a f <<<"${s##*) }"  # fields from the 3rd on: utime is f[11]
    t=$((t + f[11] + f[12] + f[13] + f[14]))
  done
  echo "$t"
}
pg_pids() {  # the postmaster and its children (backends come and go: the exited ones count in
  local pm   # the postmaster's children time)
  [ -n "$pg_url" ] || return 0
  pm=$(head -1 "$pg/data/postmaster.pid")
  echo "$pm"
  ps -o pid= --ppid "$pm" | tr -d ' '
}
pg_ticks() { local p=(); mapfile -t p < <(pg_pids); ticks ${p[@]+"${p[@]}"}; }
machine() {  # busy and total ticks of all cores since boot
  local _c u n s i w q sq st
  read -r _c u n s i w q sq st _ </proc/stat
  echo "$((u + n + s + q + sq + st)) $((u + n + s + q + sq + st + i + w))"
}
evidence_total() {  # port token
  curl -sf -H "Authorization: Bearer $2" "http://127.0.0.1:$1/api/v1/evidence?limit=1" |
    sed -n 's/.*"total":\([0-9]*\).*/\1/p'
}

# wrk against each port at once, connections and client threads split evenly between them.
# Prints "req/s p99-ms errors writes" (errors: non-2xx answers plus socket errors).
measure() {  # label lua db-or-empty port...
  local label=$1 lua=$2 db=$3; shift 3
  local n=$# i=0 port hz cw0 pg0 m0 cw1 pg1 m1 ev0 ev1 pids=() sampler=""
  hz=$(getconf CLK_TCK)
  rm -f "$work/stop" "$work/locks"
  [ -z "$db" ] || {  # one psql session, a sample every half second until $work/stop exists
    while [ ! -e "$work/stop" ] && sleep 0.5; do
      echo "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),
                   count(*) FILTER (WHERE state = 'active'),
                   count(*) FILTER (WHERE state = 'idle in transaction')
            FROM pg_stat_activity WHERE datname = '$db';"
    done | psql -XAtq "$pg_url" >"$work/locks" 2>/dev/null &
    sampler=$!
  }
  ev0=$(evidence_total "$1" "$token" || true)
  local lines=() log
  for log in "${logs[@]}"; do lines+=("$(wc -l <"$log")"); done
  cw0=$(ticks "${servers[@]}"); pg0=$(pg_ticks); m0=$(machine)
  for port; do
    ( timeout $((secs + 15)) wrk -t$((2 / n)) -c$((conns / n)) -d"${secs}s" --latency -s "$lua" \
        "http://127.0.0.1:$port/" >"$work/wrk.$i" 2>&1 || true
      read -r s <"/proc/$BASHPID/stat"; read -r -a f <<<"${s##*) }"
      echo $((f[13] + f[14])) >"$work/wrk.$i.cpu" ) &  # wrk's CPU, as this subshell's children time
    pids+=($!)
    i=$((i + 1))
  done
  wait "${pids[@]}"
  cw1=$(ticks "${servers[@]}"); pg1=$(pg_ticks); m1=$(machine)
  [ -z "$sampler" ] || { touch "$work/stop"; wait "$sampler" || true; }
  for i in "${!logs[@]}"; do tail -n +$((lines[i] + 1)) "${logs[i]}"; done >"$work/access"
  ev1=$(evidence_total "$1" "$token" || true)

  local rps=0 reqs=0 p50=0 p99=0 bad=0 sock=0 wrk_t=0 out v
  for ((i = 0; i < n; i++)); do
    out=$(<"$work/wrk.$i")
    grep -q 'Requests/sec' <<<"$out" || { echo "replicas_wrk: wrk failed:" >&2; echo "$out" >&2; exit 1; }
    rps=$(awk -v a="$rps" '/Requests\/sec/ {print a + $2}' <<<"$out")
    reqs=$((reqs + $(awk '/requests in/ {print $1}' <<<"$out")))
    v=$(ms "$(awk '$1 == "50%" {print $2}' <<<"$out")"); p50=$(awk -v a="$p50" -v b="$v" 'BEGIN {print (b > a ? b : a)}')
    v=$(ms "$(awk '$1 == "99%" {print $2}' <<<"$out")"); p99=$(awk -v a="$p99" -v b="$v" 'BEGIN {print (b > a ? b : a)}')
    bad=$((bad + $(awk '/Non-2xx/ {n = $NF} END {print n + 0}' <<<"$out")))
    sock=$((sock + $(awk '/Socket errors/ {gsub(/[^0-9 ]/, ""); n = $1 + $2 + $3 + $4} END {print n + 0}' <<<"$out")))
    wrk_t=$((wrk_t + $(<"$work/wrk.$i.cpu")))
  done
  local writes=""
  [ -z "$ev0" ] || [ -z "$ev1" ] || [ "$ev1" = "$ev0" ] ||
    writes="  writes $(awk -v d=$((ev1 - ev0)) -v s="$secs" 'BEGIN {printf "%.0f", d / s}')/s"
  printf 'replicas_wrk: %-31s %6.0f req/s  p50 %6.2f ms  p99 %7.2f ms  non-2xx %s%s%s\n' "$label" "$rps" \
    "$p50" "$p99" "$bad" "$([ "$sock" = 0 ] || echo ", socket errors $sock")" "$writes" >&2
  local locks="" busy total
  read -r busy total < <(awk -v a="$m0" -v b="$m1" 'BEGIN {split(a, x, " "); split(b, y, " "); print y[1] - x[1], y[2] - x[2]}')
  [ ! -s "$work/locks" ] || locks=$(awk -F'|' '{w += $1; a += $2; t += $3; n++} END {
    printf "\nreplicas_wrk:   postgres backends of the database, mean of %d samples: %.1f active", n, a / n
    printf " (%.1f of them waiting on the write lock), %.1f idle in a transaction", w / n, t / n }' "$work/locks")
  awk -v hz="$hz" -v req="$reqs" -v cw=$((cw1 - cw0)) -v pg=$((pg1 - pg0)) -v wk="$wrk_t" -v busy="$busy" \
      -v total="$total" -v cores="$cores" -v locks="$locks" 'BEGIN {
    k = req / 1000
    printf "replicas_wrk:   CPU s per 1000 requests: crosswalk %.3f, postgres %.3f, wrk %.3f\n", cw / hz / k, pg / hz / k, wk / hz / k
    printf "replicas_wrk:   machine %.0f%% busy of %d cores%s: crosswalk %.0f%%, postgres %.0f%%, wrk %.0f%%, other processes %.0f%%%s\n",
      100 * busy / total, cores, (busy >= 0.9 * total ? " (CPU-bound)" : ""),
      100 * cw / total, 100 * pg / total, 100 * wk / total, 100 * (busy - cw - pg - wk) / total, locks
  }' >&2
  local handlers  # per route, from the access logs of the run
  handlers=$(awk '
    match($0, /"method":"[A-Z]+"/) { m = substr($0, RSTART + 10, RLENGTH - 11) }
    match($0, /"route":"[^"]*"/) { r = substr($0, RSTART + 9, RLENGTH - 10); sub(/^\/api\/v1\//, "", r) }
    match($0, /"ms":[0-9.]+/) { n[m " " r]++; t[m " " r] += substr($0, RSTART + 5, RLENGTH - 5) }
    END { for (k in n) printf "%s %.1f ms\n", k, t[k] / n[k] }' "$work/access" | sort -k2,2 -k1,1 | paste -sd, | sed 's/,/, /g')
  echo "replicas_wrk:   mean handler time: $handlers" >&2
  echo "$rps $p99 $((bad + sock)) $((${ev1:-0} - ${ev0:-0}))"
}

declare -A rate=() wrote=()
errors=0
run() {  # key label lua db-or-empty port...
  local key=$1 r e; shift
  r=$(measure "$@")
  read -r "rate[$key]" _ e "wrote[$key]" <<<"$r"
  errors=$((errors + e))
}

# Every time a server's assessment cache misses (the journal moved: any write, by any replica) it
# recomputes the snapshot from the database. Each server counts its recomputes in /metrics.
recomputes() {  # port...: the sum over the servers
  local port total=0 n
  for port; do
    n=$(curl -s "http://127.0.0.1:$port/metrics" | awk '$1 == "crosswalk_assessment_recomputes_total" {print $2}')
    total=$((total + ${n:-0}))
  done
  echo "$total"
}
report_recomputes() {  # count-before writes port...
  local before=$1 writes=$2 after; shift 2
  after=$(recomputes "$@")
  awk -v d=$((after - before)) -v w="$writes" 'BEGIN {
    printf "replicas_wrk:   assessment recomputed %d times in the mixed run: %.2f per write, each a reload of the organization\n", d, d / w }' >&2
}

warm() {  # lua port...: two seconds, not measured (statement preparation, caches)
  local lua=$1 port pids=(); shift
  for port; do timeout 15 wrk -t1 -c4 -d2s -s "$lua" "http://127.0.0.1:$port/" >/dev/null 2>&1 & pids+=($!); done
  wait "${pids[@]}" || true
}

pg_config() {  # replicas name
  local n=$1 db=bench_$$_$2 url i
  dbs+=("$db")
  psql -Xq "$pg_url" -c "CREATE DATABASE $db" >/dev/null
  url=${pg_url%/postgres}/$db
  start_server 18030 "$work/$2-0" "$url" --demo  # seeds the demo organization once
  for ((i = 1; i < n; i++)); do start_server $((18030 + i)) "$work/$2-$i" "$url"; done
  token=$("$cw" --data "$work/$2-0" --db "$url" token create --user demo 2>/dev/null)
  write_lua "$work/ro.lua" "$token" 0
  write_lua "$work/mixed.lua" "$token" 5
  local ports=(); mapfile -t ports < <(seq 18030 $((18030 + n - 1)))
  warm "$work/ro.lua" "${ports[@]}"
}

echo "replicas_wrk: $cores cores; crosswalk copied from $src; each server --threads 4; wrk -t2 -c$conns for ${secs}s" \
  "per run (two replicas: two wrk -t1 -c$((conns / 2)) at once, the client spreading connections round-robin as a" \
  "load balancer would; req/s summed, p50 and p99 the larger of the two); mixed = 4 reads : 1 write" >&2

# (1) SQLite, the single server.
start_server 18030 "$work/sqlite" "" --demo
token=$("$cw" --data "$work/sqlite" token create --user demo 2>/dev/null)
write_lua "$work/ro.lua" "$token" 0
write_lua "$work/mixed.lua" "$token" 5
warm "$work/ro.lua" 18030
run sqlite_ro "sqlite, 1 server, read-only" "$work/ro.lua" "" 18030
run sqlite "sqlite, 1 server, mixed" "$work/mixed.lua" "" 18030
stop_servers

pg_url=$("$root/scripts/pg_test_server.sh" start "$pg")
echo "replicas_wrk: PostgreSQL $(psql -XAtq "$pg_url" -c 'SHOW server_version'): the test server, fsync=off," \
  "synchronous_commit=off (numbers are an upper bound for the database's disk); same machine" >&2

# (2) One replica on PostgreSQL.
pg_config 1 r1
run pg1_ro "postgres, 1 replica, read-only" "$work/ro.lua" "${dbs[-1]}" 18030
before=$(recomputes 18030)
run pg1 "postgres, 1 replica, mixed" "$work/mixed.lua" "${dbs[-1]}" 18030
report_recomputes "$before" "${wrote[pg1]}" 18030
stop_servers
psql -Xq "$pg_url" -c "DROP DATABASE ${dbs[-1]}" >/dev/null

# (3) Two replicas on the same database.
pg_config 2 r2
run pg2_ro "postgres, 2 replicas, read-only" "$work/ro.lua" "${dbs[-1]}" 18030 18031
before=$(recomputes 18030 18031)
run pg2 "postgres, 2 replicas, mixed" "$work/mixed.lua" "${dbs[-1]}" 18030 18031
report_recomputes "$before" "${wrote[pg2]}" 18030 18031
stop_servers
psql -Xq "$pg_url" -c "DROP DATABASE ${dbs[-1]}" >/dev/null

awk -v sq="${rate[sqlite]}" -v p1="${rate[pg1]}" -v p2="${rate[pg2]}" \
    -v sqr="${rate[sqlite_ro]}" -v p1r="${rate[pg1_ro]}" -v p2r="${rate[pg2_ro]}" 'BEGIN {
  printf "replicas_wrk: mixed:     pg1/sqlite = %.2f, pg2/pg1 = %.2f\n", p1 / sq, p2 / p1
  printf "replicas_wrk: read-only: pg1/sqlite = %.2f, pg2/pg1 = %.2f\n", p1r / sqr, p2r / p1r
}' >&2
[ "$errors" = 0 ] || { echo "replicas_wrk: $errors non-2xx answers or socket errors (see above)" >&2; exit 1; }
