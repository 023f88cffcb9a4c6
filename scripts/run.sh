#!/usr/bin/env bash
# Sets up, builds and starts the Crosswalk server on an embedded SQLite database. A new data
# directory gets the demo organization (a company building an AI product) and a `demo` admin whose
# password is printed; an existing one is served as it is.
#   scripts/run.sh                              # ./crosswalk-data on http://127.0.0.1:8080/
#   CROSSWALK_DATA=/srv/cw LISTEN=0.0.0.0:8080 scripts/run.sh
#   DEMO=0 scripts/run.sh                       # no demo: the first visitor creates the admin
#   CROSSWALK_DB=postgresql://crosswalk@db/crosswalk scripts/run.sh   # on PostgreSQL (no demo
#                                               # unless DEMO=1: a shared database is not a toy)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
export CROSSWALK_DATA="${CROSSWALK_DATA:-$PWD/crosswalk-data}"
cw=build/release/src/cli/crosswalk
listen="${LISTEN:-127.0.0.1:8080}"
demo=()
# The demo goes only into a data directory that holds nothing else (or the demo already).
if [ -n "${CROSSWALK_DB:-}" ]; then
  # crosswalk itself refuses to mix the demo into a database that holds other data.
  [ "${DEMO:-0}" = 1 ] && demo=(--demo)
elif [ "${DEMO:-1}" = 1 ]; then
  if [ ! -e "$CROSSWALK_DATA/crosswalk.db" ] || sqlite3 "$CROSSWALK_DATA/crosswalk.db" \
      "SELECT 1 FROM users WHERE name = 'demo'" 2>/dev/null | grep -q 1; then
    demo=(--demo)
  fi
fi
echo "Data: $([ -n "${CROSSWALK_DB:-}" ] && echo "PostgreSQL (CROSSWALK_DB), cache in $CROSSWALK_DATA" || echo "$CROSSWALK_DATA")   Binary: $cw   Stop with Ctrl-C."
[ ${#demo[@]} -gt 0 ] || echo "Open the URL below; with no user yet, it asks you to create the first administrator."
exec "$cw" serve --listen "$listen" "${demo[@]}"
