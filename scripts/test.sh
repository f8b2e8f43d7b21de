#!/usr/bin/env bash
# The project's one test command (README, and what .ci/run calls): installs
# what a fresh Debian machine lacks, then runs every test of every crate.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo test --workspace --locked "$@"
# The workspace run builds kakou-scan with the camera (kakou turns it on);
# this checks the build without it still reports "unsupported", not a crash.
cargo test --locked -p kakou-scan --no-default-features --test camera "$@"
