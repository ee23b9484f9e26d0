#!/usr/bin/env bash
# Fuzzes sotay's parsers, each target for a bounded time:
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 60; 6 targets)
#
# CI runs it from .ci/run (FUZZ_SECONDS, default 30). Installs cargo-fuzz when it is
# missing. cargo-fuzz needs nightly compiler flags; on stable Rust RUSTC_BOOTSTRAP=1 allows
# them. Targets are built without a sanitizer (`-s none`): sotay's parsers hold no unsafe
# code, so AddressSanitizer finds nothing Rust does not already check, and it made runs
# three times slower; panics, hangs and memory blow-ups are what is looked for.
#
# Each target starts from the seeds in fuzz/seeds/TARGET and keeps what it learns in
# fuzz/corpus/TARGET (not in git). FUZZ_JOBS targets run at once (default: the number of
# cores, at most 2). Memory is capped per run (RSS_LIMIT_MB, default 2048) and one input may
# take at most 10 s: a hang or a memory blow-up is a failure like a crash. Exits non-zero
# when any target finds a problem; the input that caused it is in fuzz/artifacts/TARGET/.
# Keep it as a regression test in tests/regression.rs, named for what it guards.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
rss_limit_mb="${RSS_LIMIT_MB:-2048}"
cores=$(nproc 2>/dev/null || echo 1)
jobs="${FUZZ_JOBS:-$((cores < 2 ? cores : 2))}"
export RUSTC_BOOTSTRAP=1
start=$SECONDS

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --version 0.13.2 --locked || exit 2
fi
installed=$SECONDS

targets=$(cargo fuzz list) || exit 2
cargo fuzz build -s none || exit 2
built=$SECONDS
host=$(rustc -vV | sed -n 's/^host: //p')
bin_dir="fuzz/target/$host/release"

# runs one target; its log is fuzz/artifacts/TARGET.log
run_target() {
  local target=$1 max_len
  local corpus="$PWD/fuzz/corpus/$target" seeds="$PWD/fuzz/seeds/$target"
  mkdir -p "$corpus" "$seeds" "fuzz/artifacts/$target"
  # titles and headings are short; pages and YAML files are not
  case "$target" in
    text) max_len=2048 ;;
    search) max_len=4096 ;;
    *) max_len=16384 ;;
  esac
  "$bin_dir/$target" "$corpus" "$seeds" \
    -artifact_prefix="fuzz/artifacts/$target/" \
    -max_total_time="$seconds" -rss_limit_mb="$rss_limit_mb" -malloc_limit_mb="$rss_limit_mb" \
    -timeout=10 -max_len="$max_len" -print_final_stats=1 >"fuzz/artifacts/$target.log" 2>&1
  echo $? >"fuzz/artifacts/$target.status"
}

for target in $targets; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
    wait -n
  done
  echo "fuzz: $target for ${seconds} s" >&2
  rm -f "fuzz/artifacts/$target.status"
  run_target "$target" &
done
wait

failed=()
summary=()
for target in $targets; do
  status=$(cat "fuzz/artifacts/$target.status" 2>/dev/null || echo 2)
  log="fuzz/artifacts/$target.log"
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  summary+=("$target: ${runs:-?} executions in ${seconds} s, exit $status")
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    tail -n 40 "$log" >&2
  fi
done

printf 'fuzz: %s\n' "${summary[@]}" >&2
echo "fuzz: cargo-fuzz $((installed - start)) s, build $((built - installed)) s, runs $((SECONDS - built)) s" >&2
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/artifacts/*.log)" >&2
  exit 1
fi
echo "fuzz: no crash, hang or memory blow-up found" >&2
