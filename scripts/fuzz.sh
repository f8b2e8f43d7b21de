#!/usr/bin/env bash
# Builds the pass-decoder fuzz target with libFuzzer and runs it.
#   scripts/fuzz.sh                 # 60 seconds
#   scripts/fuzz.sh -runs=10000000  # any libFuzzer options
# The instrumentation flags are the ones cargo-fuzz passes; setting them here
# saves CI from installing cargo-fuzz on every run.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
export CARGO_TARGET_DIR="$PWD/target"
# With an explicit --target, RUSTFLAGS reach only the fuzzed code, not
# build scripts and proc macros.
target=$(rustc -vV | sed -n "s/^host: //p")
cargo build --release --locked --target "$target" --bin pass_decode 2>&1 | tail -1
mkdir -p corpus/pass_decode
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-max_total_time=60)
exec "$CARGO_TARGET_DIR/$target/release/pass_decode" corpus/pass_decode -print_final_stats=1 "${args[@]}"
