#!/usr/bin/env bash
# wrk (64 connections, 2 threads, bounded duration) against `crosswalk serve` on an organization
# with the whole library adopted: GET /api/v1/readiness and GET /api/v1/frameworks/iso42001-2023,
# against GET /healthz (the smallest authenticated-free response) as the baseline of the same run.
# Targets of issue 3: readiness >= 10,000 req/s with p99 < 20 ms.
#   bench/server_wrk.sh [path/to/crosswalk] [seconds]     (needs: apt-get install wrk)
set -euo pipefail
cw=${1:-build/release/src/cli/crosswalk}
secs=${2:-10}
command -v wrk >/dev/null || { echo "server_wrk: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
data=$(mktemp -d)
port=18000
"$cw" --data "$data" init >/dev/null
"$cw" --data "$data" control adopt --all >/dev/null
printf 'bench passphrase 123\n' | "$cw" --data "$data" user add bench --role viewer --password-stdin >/dev/null
token=$("$cw" --data "$data" token create --user bench 2>/dev/null)
"$cw" --data "$data" serve --listen 127.0.0.1:$port >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.1; done

measure() {  # name path [auth]
  local out
  out=$(timeout $((secs + 10)) wrk -t2 -c64 -d"${secs}s" --latency ${3:+-H "Authorization: Bearer $token"} \
        "http://127.0.0.1:$port$2")
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1 == "50%" {print $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {print $2}' <<<"$out")
  printf 'server_wrk: %-32s %10s req/s  p50 %-9s p99 %s\n' "$1" "$rps" "$p50" "$p99" >&2
  echo "$rps"
}
base=$(measure "/healthz (baseline)" /healthz)
ready=$(measure "/api/v1/readiness" /api/v1/readiness auth)
fw=$(measure "/api/v1/frameworks/iso42001-2023" /api/v1/frameworks/iso42001-2023 auth)
awk "BEGIN{printf \"server_wrk: readiness/baseline = %.2f, framework/baseline = %.2f\n\", $ready/$base, $fw/$base}"
