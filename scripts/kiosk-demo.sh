#!/usr/bin/env bash
# The main job: the gate volunteer's kiosk on the bundled demo community,
# in its own SQLite store beside the real one (kakou-demo.db in the user's
# data folder; the real store is never touched). Installs what is missing
# first. Extra arguments go to the kiosk (`--lang en`, `--fullscreen`).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    echo "kiosk-demo: no DISPLAY or WAYLAND_DISPLAY is set; the kiosk needs a desktop session" >&2
    echo "kiosk-demo: (scripts/screenshots.sh shows it under Xvfb instead)" >&2
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
exec cargo run --release --locked -- kiosk --demo "$@"
