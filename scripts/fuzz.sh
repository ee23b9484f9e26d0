#!/usr/bin/env bash
# Fuzzes sotay's parsers, each target for a bounded time:
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET]      (default 60; 6 targets)
#
# Installs cargo-fuzz when it is missing. cargo-fuzz needs nightly compiler flags; on stable
# Rust RUSTC_BOOTSTRAP=1 allows them. Each target starts from the seeds in fuzz/seeds/TARGET
# and keeps what it learns in fuzz/corpus/TARGET (not in git). Memory is capped per run
# (RSS_LIMIT_MB, default 2048) and one input may take at most 10 s: a hang or a memory blow-up
# is a failure like a crash. Exits non-zero when any target finds a problem; the input that
# caused it is in fuzz/artifacts/TARGET/. Keep it as a regression test in
# tests/regression.rs, named for what it guards.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
rss_limit_mb="${RSS_LIMIT_MB:-2048}"
export RUSTC_BOOTSTRAP=1

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked || exit 2
fi

targets=$(cargo fuzz list) || exit 2
cargo fuzz build || exit 2

failed=()
summary=()
for target in $targets; do
  corpus="$PWD/fuzz/corpus/$target" seeds="$PWD/fuzz/seeds/$target"
  mkdir -p "$corpus" "$seeds" "fuzz/artifacts/$target"
  log="fuzz/artifacts/$target.log"
  # titles and headings are short; pages and YAML files are not
  case "$target" in
    text) max_len=2048 ;;
    search) max_len=4096 ;;
    *) max_len=16384 ;;
  esac
  echo "fuzz: $target for ${seconds} s" >&2
  cargo fuzz run "$target" "$corpus" "$seeds" -- \
    -max_total_time="$seconds" -rss_limit_mb="$rss_limit_mb" -malloc_limit_mb="$rss_limit_mb" \
    -timeout=10 -max_len="$max_len" -print_final_stats=1 >"$log" 2>&1
  status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  summary+=("$target: ${runs:-?} executions, exit $status")
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    tail -n 40 "$log" >&2
  fi
done

printf 'fuzz: %s\n' "${summary[@]}" >&2
if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} (inputs in fuzz/artifacts/, logs in fuzz/artifacts/*.log)" >&2
  exit 1
fi
echo "fuzz: no crash, hang or memory blow-up found" >&2
