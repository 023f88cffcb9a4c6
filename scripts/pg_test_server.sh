#!/usr/bin/env bash
# A private PostgreSQL server for the tests, on loopback: its own cluster in DIR, started by
# Debian's postgresql binaries (scripts/setup.sh postgres installs them). Never touches a
# system cluster.
# Usage: scripts/pg_test_server.sh start DIR   prints the URL and writes it to DIR/url
#        scripts/pg_test_server.sh stop DIR
set -euo pipefail
action=${1:?usage: pg_test_server.sh start|stop DIR}
dir=$(mkdir -p "${2:?usage: pg_test_server.sh start|stop DIR}" && cd "$2" && pwd)

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg_test_server: no PostgreSQL server binaries in /usr/lib/postgresql (run scripts/setup.sh postgres)" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to the postgres user.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

data="$dir/data"
case "$action" in
  stop)
    [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
    exit 0 ;;
  start) ;;
  *) echo "pg_test_server: unknown action '$action' (start, stop)" >&2; exit 2 ;;
esac

if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$dir"
  # The server must reach its directory: every parent needs search permission for it.
  p="$dir"; while [ "$p" != / ]; do p=$(dirname "$p"); chmod o+x "$p" 2>/dev/null || true; done
fi

if [ ! -f "$data/PG_VERSION" ]; then
  as_owner "$bin/initdb" -D "$data" -U crosswalk --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 1; }
fi

if as_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1 && [ -f "$dir/url" ]; then
  cat "$dir/url"; exit 0
fi

# A free port: the first the server manages to bind, from a start that differs per directory.
base=$(( 20000 + $(printf '%s' "$dir" | cksum | cut -d' ' -f1) % 20000 ))
for port in $(seq "$base" $((base + 50))); do
  # Test data is thrown away: no fsync, so the suite does not wait on the disk.
  if as_owner "$bin/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $dir -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
      start >/dev/null 2>&1; then
    url="postgresql://crosswalk@127.0.0.1:$port/postgres"
    echo "$url" >"$dir/url"
    echo "$url"
    exit 0
  fi
done
echo "pg_test_server: could not start PostgreSQL (see $dir/server.log)" >&2
tail -5 "$dir/server.log" >&2 || true
exit 1
