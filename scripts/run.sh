#!/usr/bin/env bash
# Sets up, builds and starts Crosswalk on an embedded SQLite database in ./crosswalk-data
# (or $CROSSWALK_DATA), then shows where the organization stands.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh release
export CROSSWALK_DATA="${CROSSWALK_DATA:-$PWD/crosswalk-data}"
cw=build/release/src/cli/crosswalk
"$cw" init
echo
"$cw" readiness
echo
summary=$("$cw" gap --target iso42001-2023 --from iso27001-2022 --assume-source-met)
echo "${summary%%$'\n'*}"
cat <<TXT

Crosswalk is ready. Data: $CROSSWALK_DATA   Binary: $cw
Next steps:
  $cw control templates                      # the common control library
  $cw control adopt --all                    # adopt it as your controls
  $cw control set-status ORG-01 implemented
  $cw evidence add --control ORG-01 --file policy.pdf --valid-days 365
  $cw gap --target iso42001-2023 --from iso27001-2022   # what ISO 27001 work already covers
TXT
