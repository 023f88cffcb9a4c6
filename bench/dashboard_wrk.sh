#!/usr/bin/env bash
# wrk (64 connections, 2 threads, bounded duration) against `crosswalk serve --demo`: the
# dashboard page (signed in) and GET /api/v1/readiness (API token), each against the same server
# answering GET /bench/static with a file of the same size read once into memory (no work at all).
# Targets of issue 3: readiness API >= 10,000 req/s with p99 < 20 ms; dashboard >= 2,000 req/s.
#   bench/dashboard_wrk.sh [path/to/crosswalk] [seconds]     (needs: apt-get install wrk)
set -euo pipefail
cw=${1:-build/release/src/cli/crosswalk}
secs=${2:-10}
command -v wrk >/dev/null || { echo "dashboard_wrk: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
work=$(mktemp -d)
data=$work/data
port=18010
out=$work/serve.out
server=""
cleanup() { [ -z "$server" ] || { kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; }; rm -rf "$work"; }
trap cleanup EXIT

start() {  # [static file]
  CROSSWALK_DATA=$data "$cw" serve --demo --listen 127.0.0.1:$port ${1:+--bench-static "$1"} >"$out" 2>/dev/null &
  server=$!
  for _ in $(seq 1 300); do grep -q 'password:' "$out" 2>/dev/null && break; sleep 0.1; done
  password=$(sed -n 's/.*password: //p' "$out")
  cookie=$(curl -s -o /dev/null -D - -d "name=demo&password=$password" http://127.0.0.1:$port/login |
           sed -n 's/^Set-Cookie: \(cw_session=[^;]*\).*/\1/p')
  token=$("$cw" --data "$data" token create --user demo 2>/dev/null)
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

measure() {  # name path header
  local res rps p50 p99
  res=$(timeout $((secs + 10)) wrk -t2 -c64 -d"${secs}s" --latency -H "$3" "http://127.0.0.1:$port$2")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$res")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$res")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$res")
  errors=$(awk '/Non-2xx/ {print $NF}' <<<"$res")
  printf 'dashboard_wrk: %-34s %10s req/s  p50 %-9s p99 %-9s %s\n' "$1" "$rps" "$p50" "$p99" \
    "${errors:+non-2xx: $errors}" >&2
  echo "$rps $(ms "$p99") ${errors:-0}"
}
ms() { awk -v v="$1" 'BEGIN { if (v ~ /ms$/) print v + 0; else if (v ~ /us$/) print v / 1000; else print v * 1000 }'; }
failed=0

# First run: seed the demo, save the two responses to size the static files.
start
curl -sf -H "Cookie: $cookie" http://127.0.0.1:$port/ >"$work/dashboard.html"
curl -sf -H "Authorization: Bearer $token" http://127.0.0.1:$port/api/v1/readiness >"$work/readiness.json"
echo "dashboard_wrk: dashboard page $(wc -c <"$work/dashboard.html") bytes, readiness JSON $(wc -c <"$work/readiness.json") bytes" >&2
read -r dash dash_p99 dash_err < <(measure "GET / (dashboard, signed in)" / "Cookie: $cookie")
read -r ready ready_p99 ready_err < <(measure "GET /api/v1/readiness" /api/v1/readiness "Authorization: Bearer $token")
stop

start "$work/dashboard.html"
read -r dash_static _ _ < <(measure "GET /bench/static (dashboard size)" /bench/static "Cookie: $cookie")
stop
start "$work/readiness.json"
read -r ready_static _ _ < <(measure "GET /bench/static (readiness size)" /bench/static "Cookie: $cookie")
stop
awk "BEGIN{printf \"dashboard_wrk: dashboard/static = %.2f, readiness/static = %.2f\n\", $dash/$dash_static, $ready/$ready_static}" >&2
[ "$dash_err" = 0 ] && [ "$ready_err" = 0 ] || { echo "dashboard_wrk: non-2xx answers" >&2; failed=1; }
awk -v d="$dash" -v r="$ready" -v p="$ready_p99" 'BEGIN { exit !(d >= 2000 && r >= 10000 && p < 20) }' || {
  echo "dashboard_wrk: target missed (dashboard >= 2,000 req/s; readiness >= 10,000 req/s, p99 < 20 ms)" >&2
  failed=1
}
exit $failed
