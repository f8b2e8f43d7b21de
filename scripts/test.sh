#!/usr/bin/env bash
# The project's one test command (README, and what .ci/run calls): installs
# what a fresh Debian machine lacks, then runs every test of every crate.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
# The district's tests run against PostgreSQL too: start Debian's cluster
# on loopback (it needs root; without it those tests skip on a laptop, and
# fail under CI).
if [ -z "${KAKOU_TEST_POSTGRES:-}" ]; then
    sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo)
    if "${sudo[@]}" scripts/district-postgres.sh; then
        port=$(cat "$CARGO_TARGET_DIR/district-postgres.port")
        export KAKOU_TEST_POSTGRES="postgres://kakou:kakou@127.0.0.1:$port/kakou_test"
    else
        echo "test: PostgreSQL could not be started; its district tests will skip (or fail under CI)" >&2
    fi
fi
cargo test --workspace --locked "$@"
# The workspace run builds kakou-scan with the camera (kakou turns it on);
# this checks the build without it still reports "unsupported", not a crash.
cargo test --locked -p kakou-scan --no-default-features --test camera "$@"
