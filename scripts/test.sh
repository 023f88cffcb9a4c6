#!/usr/bin/env bash
# Sets up (Debian packages, PostgreSQL, Chromium and the browser tests' npm packages), builds with
# AddressSanitizer + UBSan, and runs every test, browser tests included, the integration tests
# twice: on SQLite and on a private PostgreSQL server on loopback that ctest starts and stops
# (scripts/pg_test_server.sh); the fuzz targets of uploads, requests and templates replay their
# seeds and mutate them there (fuzz/replay). Then builds the server and benchmark programs of the
# release configuration (not its copy of the test programs) and runs the benchmarks' quick mode so
# they cannot rot (the load soak among them), the SIGKILL crash harness (tests/crash,
# docs/crash-safety.md), and a brief libFuzzer campaign on every importer, the CSV tokenizer and
# the OSCAL reader (scripts/fuzz.sh, FUZZ_SECONDS per target, 15 by default; docs/fuzzing.md).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh e2e postgres sanitize bench fuzz
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp:print_suppressions=0
ctest --test-dir build/sanitize --output-on-failure -j "$(nproc)"
ctest --test-dir build/release --output-on-failure -L "bench|crash"
scripts/fuzz.sh "${FUZZ_SECONDS:-15}" sarif ocsf xccdf junit detect csv oscal
