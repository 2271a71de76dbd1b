#!/usr/bin/env bash
# Runs every fuzz target for RUNS executions (default 10 million) or
# SECONDS_PER_TARGET seconds, whichever ends first, one after another, and
# keeps libFuzzer's final statistics in target/fuzz-logs/. Needs the nightly
# toolchain and `cargo install cargo-fuzz`. New inputs are added to
# fuzz/corpus/<target>/ (unpacked from the committed .b64 files);
# `cargo fuzz cmin <target>` then `python3 fuzz/corpus.py pack` before committing.
set -euo pipefail
cd "$(dirname "$0")"
RUNS="${RUNS:-10000000}"
SECONDS_PER_TARGET="${SECONDS_PER_TARGET:-1800}"
mkdir -p ../target/fuzz-logs
python3 corpus.py unpack
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(validate_redirect_uri redirect_uri_matches registration_vs_matching authorization_url logout_url parse_callback state_and_pkce)
for target in "${targets[@]}"; do
  echo "==> $target"
  # No sanitizer: the core forbids unsafe code, so AddressSanitizer would
  # only slow the search (about 5x) without finding more.
  cargo +nightly fuzz run --sanitizer none --target-dir ../target/fuzz "$target" -- \
    -runs="$RUNS" -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 \
    > "../target/fuzz-logs/$target.log" 2>&1 || { echo "$target: crashed, see target/fuzz-logs/$target.log"; continue; }
  grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)|^#[0-9]+.*DONE" "../target/fuzz-logs/$target.log" || true
done
