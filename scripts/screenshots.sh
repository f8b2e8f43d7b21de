#!/usr/bin/env bash
# Runs the kiosk (release build) as a real X11 window under Xvfb, walks it
# to each main screen in Chinese and English (the lead screen: each of its
# pages), and saves one PNG per screen and language. Fails when a picture is blank (too few colours), so a
# window that never drew is caught, and when the first-run shot (no store,
# no --demo) made anything at its --db.
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

shoot() { # name lang wait [kiosk args…]
    # wait: seconds, or "log:TEXT": until the kiosk logs TEXT (at most 60 s,
    # else the shot fails), then one more second to draw.
    local screen=$1 lang=$2 wait=$3 log="$data/$1-$2.log"
    shift 3
    "$bin" --lang "$lang" kiosk "$@" 2>"$log" &
    local app=$!
    if [[ $wait == log:* ]]; then
        local tries=0
        until grep -q "${wait#log:}" "$log"; do
            tries=$((tries + 1))
            if [ "$tries" -gt 600 ]; then
                echo "$screen/$lang: the kiosk never logged '${wait#log:}':" >&2
                cat "$log" >&2
                kill "$app" 2>/dev/null || true
                return 1
            fi
            sleep 0.1
        done
        sleep 1
    else
        sleep "$wait"
    fi
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
    for screen in ${KAKOU_SCREENS:-gate check visitor vehicle remeasure outcome refused lead first-run}; do
        if [ "$screen" = first-run ]; then
            # A first start: no store at --db and no --demo. The kiosk says
            # how to make a store, and makes nothing there itself.
            shoot first-run "$lang" 4 --db "$data/none/kakou.db"
            if [ -e "$data/none" ]; then
                echo "first-run/$lang: the kiosk created $data/none by starting" >&2
                exit 1
            fi
            continue
        fi
        # The lead screen is one shot per page.
        pages=$screen
        if [ "$screen" = lead ]; then
            pages="lead lead-roster lead-supplies lead-inside lead-settings"
        fi
        for page in $pages; do
            # The walk fills the forms 3 s after start; give it time to draw,
            # but shoot before the outcome screen's 6 s return to the gate.
            shoot "$page" "$lang" "${KAKOU_SHOT_WAIT:-6}" --demo --walk "$page"
        done
    done
done

# The camera path in the real window, with a recording standing in for the
# camera (this machine has none): 3 s of a plain ramp, so the viewfinder is
# live, then page 1 of the demo community's printed pass cards, which the
# camera thread reads and the gate opens as a resident check.
if [ "${KAKOU_CAMERA_SHOTS:-1}" = 1 ]; then
    frames="$data/frames"
    mkdir -p "$frames"
    "$bin" --db "$data/kakou/kakou-demo.db" pass print --out "$data/cards.pdf" >/dev/null 2>&1
    pdftoppm -f 1 -l 1 -r 150 -gray -png -singlefile "$data/cards.pdf" "$data/page"
    pgmramp -diagonal 1280 720 | pnmtopng >"$frames/0000.png"
    for i in $(seq 1 29); do cp "$frames/0000.png" "$frames/$(printf %04d "$i").png"; done
    cp "$data/page.png" "$frames/0030.png"
    shoot camera zh 2 --demo --camera-replay "$frames"
    # Fails unless the camera thread reads a card in the real window.
    shoot camera-read zh "log:camera read a code" --demo --camera-replay "$frames"
fi
