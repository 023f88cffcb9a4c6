#!/usr/bin/env bash
# Installs the Debian 12 packages Crosswalk needs (skipping those already there) and builds it.
# Usage: scripts/setup.sh [release|sanitize|bench|e2e|postgres|fuzz]...   (default: release)
#   bench: of the release build (build/release) only what the benchmarks and the crash harness run.
#   e2e: Chromium, Node.js and the npm packages of the browser tests (tests/e2e) and of the OSCAL
#        schema validation (tests/oscal), no build.
#   postgres: Debian's PostgreSQL server, for the tests that run on PostgreSQL, no build.
#   fuzz: clang and its libFuzzer runtime, for scripts/fuzz.sh (which builds build/fuzz), no build.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git ca-certificates
  nlohmann-json3-dev libcli11-dev libsqlite3-dev sqlite3 libssl-dev libsodium-dev libboost-dev curl
  libpq-dev postgresql-client libsimdjson-dev libxml2-dev libcsv-dev jq libpango1.0-dev libcairo2-dev fonts-dejavu-core
  poppler-utils libxlsxwriter-dev libzip-dev wrk
  libkainjow-mustache-dev googletest libgtest-dev libgmock-dev libbenchmark-dev
)
for arg in "$@"; do
  [ "$arg" = postgres ] && PACKAGES+=(postgresql)
  [ "$arg" = fuzz ] && PACKAGES+=(clang libclang-rt-14-dev)  # the latter: libclang_rt.fuzzer
  if [ "$arg" = e2e ]; then
    PACKAGES+=(chromium fonts-dejavu-core)
    # A Node.js already installed (Debian's, or NodeSource's which bundles npm and conflicts with
    # Debian's npm package) is used as it is.
    command -v node >/dev/null || PACKAGES+=(nodejs)
    command -v npm >/dev/null || PACKAGES+=(npm)
  fi
done

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

configure() {
  local name=$1; shift
  cmake -S . -B "build/$name" -G Ninja "$@" >/dev/null
}
build() {
  configure "$@"
  cmake --build "build/$1" -j "$(nproc)"
}

[ $# -gt 0 ] || set -- release
for config in "$@"; do
  case "$config" in
    release) build release -DCMAKE_BUILD_TYPE=RelWithDebInfo ;;
    bench)
      configure release -DCMAKE_BUILD_TYPE=RelWithDebInfo
      cmake --build build/release -j "$(nproc)" --target bench_programs ;;
    sanitize) build sanitize -DCMAKE_BUILD_TYPE=Debug -DCROSSWALK_SANITIZE=ON -DCROSSWALK_BENCH=OFF ;;
    e2e)
      major=$(node -p 'process.versions.node.split(".")[0]')
      [ "$major" -ge 20 ] || { echo "setup: the browser tests need Node.js 20 or newer (found $(node -v))" >&2; exit 1; }
      (cd tests/e2e && npm ci --no-audit --no-fund --loglevel=error)
      (cd tests/oscal && npm ci --no-audit --no-fund --loglevel=error) ;;
    postgres | fuzz) ;;
    *) echo "setup: unknown build '$config' (release, sanitize, bench, e2e, postgres, fuzz)" >&2; exit 2 ;;
  esac
done
