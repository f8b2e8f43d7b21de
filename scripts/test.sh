#!/usr/bin/env bash
# The project's one test command (README): every test of every crate.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked "$@"
