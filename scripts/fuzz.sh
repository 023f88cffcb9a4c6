#!/usr/bin/env bash
# Builds the libFuzzer targets (build/fuzz: clang, ASan + UBSan, only the targets and the
# libraries they link) and runs each for SECONDS, seeded with the real samples in
# ../shared/samples (read in place, never copied), small seeds of our own (fuzz/seeds/TARGET) and
# the inputs that once crashed a target (fuzz/regressions, every target replays them first). Inputs that find new coverage are kept in
# build/fuzz/corpus/TARGET and reused by the next run. Exit 1 if a target crashed, leaked, hung
# or ran out of memory; the input is kept in build/fuzz/artifacts/ (docs/fuzzing.md).
#   scripts/fuzz.sh [SECONDS=20] [TARGET...]   targets: sarif ocsf xccdf junit detect csv oscal
#                                              multipart http_request render (default: all)
# Env: CROSSWALK_SAMPLES (default ../shared/samples), FUZZ_ARGS (more libFuzzer flags).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
[ $# -gt 0 ] && shift
targets=("$@")
all=(sarif ocsf xccdf junit detect csv oscal multipart http_request render)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
samples=${CROSSWALK_SAMPLES:-$PWD/../shared/samples}
out=build/fuzz

command -v clang++ >/dev/null || { echo "fuzz: clang++ is missing (scripts/setup.sh fuzz)" >&2; exit 2; }

for t in "${targets[@]}"; do
  case "$t" in
    sarif | ocsf | xccdf | junit | detect | csv | oscal | multipart | http_request | render) ;;
    *) echo "fuzz: unknown target '$t' (${all[*]})" >&2; exit 2 ;;
  esac
done

# The build shares the machine's cores with the other builds: one at a time.
cmake -S . -B "$out" -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_C_COMPILER=clang \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCROSSWALK_FUZZ=ON -DCROSSWALK_BENCH=OFF \
  -DCROSSWALK_TESTS=OFF >/dev/null
flock /tmp/crosswalk-build.lock ninja -C "$out" "${targets[@]/#/fuzz_}" >/dev/null

# Per target: seed directories, largest input (the samples are cut to it) and dictionary.
seeds_of() {
  case "$1" in
    detect) echo sarif ocsf xccdf junit ;;
    csv | oscal | multipart | http_request | render) ;;  # seeded from the tree below
    *) echo "$1" ;;
  esac
}
max_len_of() {
  case "$1" in
    xccdf) echo 131072 ;;  # ARF files carry the whole benchmark before the results
    junit) echo 16384 ;;
    csv | http_request) echo 4096 ;;
    multipart) echo 8192 ;;
    render) echo 1024 ;;
    *) echo 65536 ;;
  esac
}
dict_of() {
  case "$1" in
    xccdf | junit) echo fuzz/xml.dict ;;
    csv) echo fuzz/csv.dict ;;
    multipart | http_request) echo fuzz/http.dict ;;
    render) echo fuzz/html.dict ;;
    *) echo fuzz/json.dict ;;  # detect: most of its inputs are JSON
  esac
}

mkdir -p "$out/artifacts" "$out/logs"
failed=()
for t in "${targets[@]}"; do
  corpus="$out/corpus/$t"
  mkdir -p "$corpus"
  # A corpus grown past 2,000 inputs is merged first (only inputs that add coverage are kept), so
  # that a short run still spends its time fuzzing rather than replaying.
  if [ "$(find "$corpus" -type f | wc -l)" -gt 2000 ]; then
    rm -rf "$corpus.merged" && mkdir -p "$corpus.merged"
    if "$out/fuzz/fuzz_$t" -merge=1 -max_len="$(max_len_of "$t")" -rss_limit_mb=2048 -timeout=10 \
      "$corpus.merged" "$corpus" >"$out/logs/$t.merge.log" 2>&1; then
      rm -rf "$corpus" && mv "$corpus.merged" "$corpus"
    else
      rm -rf "$corpus.merged"
    fi
  fi
  dirs=("$corpus" fuzz/regressions)  # inputs that crashed a target once, run first each time
  [ "$t" = csv ] && dirs+=(tests/fixtures/measure)
  [ "$t" = oscal ] && dirs+=(tests/fixtures/oscal)
  [ -d "fuzz/seeds/$t" ] && dirs+=("fuzz/seeds/$t")
  for s in $(seeds_of "$t"); do
    if [ -d "$samples/$s" ]; then
      dirs+=("$samples/$s")
    else
      echo "fuzz: no samples in $samples/$s; $t starts from its own corpus only" >&2
    fi
  done
  log="$out/logs/$t.log"
  # -timeout: one input taking longer is a hang. -rss_limit_mb: the importers stream in constant
  # memory, ASan's shadow included this stays far below.
  # shellcheck disable=SC2086
  if "$out/fuzz/fuzz_$t" -max_total_time="$seconds" -max_len="$(max_len_of "$t")" \
    -rss_limit_mb=2048 -timeout=10 -dict="$(dict_of "$t")" -print_final_stats=1 \
    -artifact_prefix="$out/artifacts/$t-" ${FUZZ_ARGS:-} "${dirs[@]}" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -E 's/^#([0-9]+)[[:space:]]+[A-Z]+[[:space:]]+//')
    printf 'fuzz %-12s ok: %s runs in %ss (%s); corpus %s files\n' "$t" "${runs:-?}" "$seconds" \
      "$last" "$(find "$corpus" -type f | wc -l)"
  else
    failed+=("$t")
    echo "fuzz $t FAILED (log: $log):" >&2
    grep -E 'ERROR|SUMMARY|invariant|Test unit written|==[0-9]+==' "$log" | head -20 >&2 || tail -30 "$log" >&2
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; reproduce with $out/fuzz/fuzz_TARGET $out/artifacts/FILE" >&2
  exit 1
fi
