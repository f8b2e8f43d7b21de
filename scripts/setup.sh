#!/usr/bin/env bash
# Installs the Debian packages kakou needs that this machine lacks, and
# nothing else. Runs apt-get through sudo when not root.
#
#   scripts/setup.sh run     # build and run the kiosk
#   scripts/setup.sh test    # that, plus what the tests and CI use
#
# Both commands of the README call it first, so a fresh Debian 12 with Rust
# needs nothing typed by hand.
set -euo pipefail

# To build: a C toolchain for the -sys crates, libclang for the V4L2 camera
# bindings, fontconfig for Slint, ALSA headers for the voice prompts. To
# run the window: X11 keyboard handling and OpenGL.
run_packages=(build-essential pkg-config libclang-dev libfontconfig1-dev libasound2-dev
    libxkbcommon-x11-0 libgl1 libegl1 libgl1-mesa-dri)
# To test: Xvfb, xwd and netpbm for the real-window screenshots, poppler
# to render printed cards and posters back to pixels, PostgreSQL for the
# district server's second backend, headless Chromium and its WebDriver
# for the district's web pages.
test_packages=(xvfb x11-apps netpbm poppler-utils postgresql chromium chromium-driver)

case "${1:-}" in
    run) wanted=("${run_packages[@]}") ;;
    test) wanted=("${run_packages[@]}" "${test_packages[@]}") ;;
    *)
        echo "usage: scripts/setup.sh run|test" >&2
        exit 2
        ;;
esac

if ! command -v cargo >/dev/null 2>&1; then
    echo "setup: cargo is missing; install Rust (https://rustup.rs) and run this again" >&2
    exit 2
fi

missing=()
for pkg in "${wanted[@]}"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
        echo "setup: these packages are missing and there is no sudo: ${missing[*]}" >&2
        echo "setup: install them as root: apt-get install ${missing[*]}" >&2
        exit 2
    fi
    sudo=(sudo)
fi
echo "setup: installing ${missing[*]}"
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
