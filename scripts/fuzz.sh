#!/usr/bin/env bash
# Builds a fuzz target with libFuzzer and runs it.
#   scripts/fuzz.sh                            # the pass decoder, 60 seconds
#   scripts/fuzz.sh ledger_read                # the ledger reader, 60 seconds
#   scripts/fuzz.sh ledger_read -runs=10000000 # any libFuzzer options
# Targets: pass_decode (the default) and ledger_read (fuzz/fuzz_targets/).
# The instrumentation flags are the ones cargo-fuzz passes; setting them here
# saves CI from installing cargo-fuzz on every run.
set -euo pipefail
cd "$(dirname "$0")/.."

target_name=pass_decode
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then
  target_name=$1
  shift
fi
[ -f "fuzz/fuzz_targets/$target_name.rs" ] || {
  echo "fuzz.sh: no fuzz target $target_name (have: $(cd fuzz/fuzz_targets && ls | sed 's/\.rs$//' | tr '\n' ' '))" >&2
  exit 2
}

corpus="fuzz/corpus/$target_name"
mkdir -p "$corpus"
# The ledger reader starts from seeds written by an example of the sheet
# crate (ordinary build, the workspace's own target folder), so that the
# fuzzer begins inside real CSV and xlsx files rather than guessing them.
if [ "$target_name" = ledger_read ] && [ -z "$(ls -A "$corpus")" ]; then
  cargo run -q --locked -p kakou-sheet --example ledger_seeds -- "$corpus"
fi

cd fuzz
export RUSTFLAGS="--cfg fuzzing -Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
 -Cllvm-args=-sanitizer-coverage-trace-compares -Cdebug-assertions -Coverflow-checks"
export CARGO_TARGET_DIR="$PWD/target"
# With an explicit --target, RUSTFLAGS reach only the fuzzed code, not
# build scripts and proc macros.
target=$(rustc -vV | sed -n "s/^host: //p")
cargo build --release --locked --target "$target" --bin "$target_name" 2>&1 | tail -1
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-max_total_time=60)
exec "$CARGO_TARGET_DIR/$target/release/$target_name" "corpus/$target_name" -print_final_stats=1 "${args[@]}"
