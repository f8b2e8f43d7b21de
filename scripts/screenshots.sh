#!/usr/bin/env bash
# Runs the kiosk (release build) as a real X11 window under Xvfb, walks it
# to each main screen in Chinese and English, and saves one PNG per screen
# and language. Fails when a picture is blank (too few colours), so a
# window that never drew is caught.
#
#   scripts/screenshots.sh [OUT_DIR]      (default: docs/screenshots)
#
# Needs: xvfb, x11-apps (xwd), netpbm (xwdtopnm, pnmtopng, ppmhist).
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-docs/screenshots}
mkdir -p "$out"
# CI uses the debug build the tests already made (KAKOU_PROFILE=debug);
# the committed pictures and the startup numbers come from release.
profile=${KAKOU_PROFILE:-release}
if [ "$profile" = release ]; then
    cargo build --release --locked --quiet
else
    cargo build --locked --quiet
fi
bin=${CARGO_TARGET_DIR:-target}/$profile/kakou

# A private data folder, so the demo store is built fresh and the user's
# own store is never touched.
data=$(mktemp -d)
trap 'kill "${xvfb:-0}" 2>/dev/null || true; rm -rf "$data"' EXIT
export XDG_DATA_HOME=$data

display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp &
xvfb=$!
export DISPLAY=$display
for _ in $(seq 50); do xwd -root -silent >/dev/null 2>&1 && break; sleep 0.1; done

shoot() { # screen lang
    local screen=$1 lang=$2 log="$data/$1-$2.log"
    "$bin" --lang "$lang" kiosk --demo --walk "$screen" 2>"$log" &
    local app=$!
    # The walk fills the forms 3 s after start; give it time to draw, but
    # shoot before the outcome screen's 6 s return to the gate.
    sleep "${KAKOU_SHOT_WAIT:-6}"
    if ! kill -0 "$app" 2>/dev/null; then
        echo "the kiosk exited early on $screen/$lang:" >&2
        cat "$log" >&2
        return 1
    fi
    xwd -root -silent | xwdtopnm 2>/dev/null >"$data/shot.ppm"
    pnmtopng "$data/shot.ppm" >"$out/$screen-$lang.png"
    kill "$app"
    wait "$app" 2>/dev/null || true
    local colours
    colours=$(ppmhist -noheader "$data/shot.ppm" | wc -l)
    if [ "$colours" -lt 40 ]; then
        echo "$out/$screen-$lang.png looks blank ($colours colours)" >&2
        return 1
    fi
    grep -h "gate screen ready" "$log" | sed "s|^|$screen/$lang: |" || true
    echo "$out/$screen-$lang.png: $colours colours"
}

for lang in zh en; do
    for screen in ${KAKOU_SCREENS:-gate check visitor vehicle remeasure outcome refused lead}; do
        shoot "$screen" "$lang"
    done
done
