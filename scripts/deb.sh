#!/usr/bin/env bash
# Builds kakou's Debian package with cargo-deb and checks what is in it.
#
#   scripts/deb.sh          a release build, then the package (for a gate)
#   scripts/deb.sh --debug  packages the debug binary the tests already
#                           built, stripped (CI: no 7-minute release build)
#
# The package lands in $CARGO_TARGET_DIR/debian/ (the debug one with the
# Debian revision "0debug", so it can never pass for a release). cargo-deb
# is built once into $CARGO_TARGET_DIR/tools at a pinned version; nothing
# is kept outside the checkout but cargo's own download cache.
#
# The check (also run on its own with `scripts/deb.sh --check FILE.deb`)
# asserts with dpkg-deb that the binary, the systemd unit, the user and
# folder set-up, the settings, the voice and font assets and their licence
# notes are in the package, and that the unit's Restart= and ExecStart= are
# the ones packaging/kakou-kiosk.service means.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"

cargo_deb_version=3.8.0
tools="$CARGO_TARGET_DIR/tools"
cargo_deb="$tools/bin/cargo-deb"

fail() { echo "deb: $*" >&2; exit 1; }

ensure_cargo_deb() {
  if "$cargo_deb" --version 2>/dev/null | grep -qF "$cargo_deb_version"; then
    return
  fi
  echo "deb: building cargo-deb $cargo_deb_version into $tools (once, about 2 minutes)"
  cargo install --quiet --locked --root "$tools" --target-dir "$tools/build" \
    --version "$cargo_deb_version" cargo-deb
  rm -rf "$tools/build"
}

build() { # release|debug
  ensure_cargo_deb
  local out="$CARGO_TARGET_DIR/debian"
  mkdir -p "$out"
  if [ "$1" = debug ]; then
    [ -x "$CARGO_TARGET_DIR/debug/kakou" ] ||
      fail "$CARGO_TARGET_DIR/debug/kakou is missing: run scripts/test.sh (or cargo build) first"
    # cargo-deb maps the asset path target/release/kakou to the profile's
    # folder; `--profile dev` is the debug build (cargo-deb 3.8 warns that
    # it prefers release builds, which is the point of --debug here).
    "$cargo_deb" --quiet --package kakou --locked --profile dev --no-build \
      --strip --fast --deb-revision 0debug --output "$out" >/dev/null
  else
    "$cargo_deb" --package kakou --locked --output "$out" >/dev/null
  fi
  # The newest package of this kind is the one just built.
  local pattern='kakou_*-1_*.deb'
  [ "$1" = debug ] && pattern='kakou_*-0debug_*.deb'
  deb=$(ls -t "$out"/$pattern | head -n 1)
}

check() { # FILE.deb
  local deb=$1 contents
  [ -f "$deb" ] || fail "no package at $deb"
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  contents=$(dpkg-deb --contents "$deb")

  has() { # path in the package, without the leading ./
    grep -qE "[[:space:]]\./$1\$" <<<"$contents" || fail "$deb lacks /$1"
  }
  has usr/bin/kakou
  grep -qE "^-rwxr-xr-x .* \./usr/bin/kakou\$" <<<"$contents" || fail "/usr/bin/kakou is not mode 755"
  has usr/lib/systemd/system/kakou-kiosk.service
  has usr/lib/sysusers.d/kakou.conf
  has usr/lib/tmpfiles.d/kakou-kiosk.conf
  has etc/default/kakou-kiosk
  has etc/pam.d/kakou-kiosk
  has usr/share/doc/kakou/copyright
  has usr/share/doc/kakou/README.Debian
  local f
  for f in assets/voice/zh/*.ogg assets/voice/en/*.ogg; do
    has "usr/share/kakou/voice/${f#assets/voice/}"
  done
  has usr/share/kakou/voice/README.md
  has usr/share/kakou/voice/prompts.tsv
  for f in assets/fonts/*.otf; do
    has "usr/share/kakou/fonts/${f#assets/fonts/}"
  done
  has usr/share/kakou/fonts/LICENSE-OFL.txt
  has usr/share/kakou/fonts/README.md

  [ "$(dpkg-deb --field "$deb" Package)" = kakou ] || fail "the package is not called kakou"
  local depends
  depends=$(dpkg-deb --field "$deb" Depends)
  for f in libc6 systemd libpam-systemd; do
    grep -qE "(^|, )$f( |,|\$)" <<<"$depends" || fail "Depends lacks $f: $depends"
  done

  # The unit as installed: exactly one Restart= and ExecStart=, as meant.
  dpkg-deb --extract "$deb" "$tmp/root"
  local unit="$tmp/root/usr/lib/systemd/system/kakou-kiosk.service"
  [ "$(grep -c '^Restart=' "$unit")" = 1 ] || fail "the unit needs exactly one Restart="
  grep -qx 'Restart=always' "$unit" || fail "the unit does not say Restart=always"
  grep -qx 'RestartSec=2s' "$unit" || fail "the unit does not say RestartSec=2s"
  [ "$(grep -c '^ExecStart=' "$unit")" = 1 ] || fail "the unit needs exactly one ExecStart="
  grep -qxF 'ExecStart=/usr/bin/kakou kiosk --fullscreen $KAKOU_KIOSK_ARGS' "$unit" ||
    fail "the unit's ExecStart is not the full-screen kiosk: $(grep '^ExecStart=' "$unit")"
  grep -qx 'User=kakou' "$unit" || fail "the unit does not run as kakou"
  grep -qE '^u kakou ' "$tmp/root/usr/lib/sysusers.d/kakou.conf" || fail "sysusers.d does not create kakou"
  grep -qx 'WantedBy=multi-user.target' "$unit" || fail "the unit is not started at boot"

  # The maintainer scripts create the user and folder and enable the unit,
  # and an installation does not start the kiosk (only an upgrade restarts it).
  dpkg-deb --control "$deb" "$tmp/control"
  local postinst="$tmp/control/postinst"
  grep -q 'systemd-sysusers.*kakou.conf' "$postinst" || fail "postinst does not create the user"
  grep -q 'systemd-tmpfiles --create.*kakou-kiosk.conf' "$postinst" || fail "postinst does not create /var/lib/kakou"
  grep -q 'deb-systemd-helper enable kakou-kiosk.service' "$postinst" || fail "postinst does not enable the unit"
  if grep -qE 'deb-systemd-invoke (start|\$_dh_action)' "$postinst"; then
    fail "postinst starts the kiosk on installation"
  fi
  grep -qx /etc/default/kakou-kiosk "$tmp/control/conffiles" || fail "/etc/default/kakou-kiosk is not a conffile"

  # What postinst does, played into the extracted tree instead of this
  # machine: the user with its groups, then its store folder.
  if command -v systemd-sysusers >/dev/null && command -v systemd-tmpfiles >/dev/null; then
    mkdir -p "$tmp/root/etc"
    systemd-sysusers --root="$tmp/root" kakou.conf 2>/dev/null || fail "systemd-sysusers rejects kakou.conf"
    systemd-tmpfiles --root="$tmp/root" --create kakou-kiosk.conf || fail "systemd-tmpfiles rejects kakou-kiosk.conf"
    local uid
    uid=$(awk -F: '$1 == "kakou" { print $3 }' "$tmp/root/etc/passwd")
    [ -n "$uid" ] || fail "sysusers made no user kakou"
    for f in video render input audio; do
      grep -qE "^$f:.*:kakou\$" "$tmp/root/etc/group" || fail "kakou is not in group $f"
    done
    [ "$(stat -c '%a %u' "$tmp/root/var/lib/kakou")" = "750 $uid" ] ||
      fail "/var/lib/kakou is not 0750 and kakou's: $(stat -c '%a %u' "$tmp/root/var/lib/kakou")"
  fi

  # The binary in the package runs (stripped, with its libraries present).
  "$tmp/root/usr/bin/kakou" --version >/dev/null || fail "the packaged kakou does not run"
  if command -v systemd-analyze >/dev/null; then
    # systemd's own reading of the unit: any word from it (an unknown key,
    # a bad value) fails the check. It wants ExecStart's program to exist
    # on this machine, so a copy points at the extracted binary.
    mkdir "$tmp/verify"
    sed "s|^ExecStart=/usr/bin/kakou |ExecStart=$tmp/root/usr/bin/kakou |" "$unit" \
      >"$tmp/verify/kakou-kiosk.service"
    local said
    said=$(systemd-analyze verify --man=no --generators=no "$tmp/verify/kakou-kiosk.service" 2>&1) &&
      [ -z "$said" ] || fail "systemd-analyze verify: $said"
  fi
  echo "deb: $deb checked ($(du -k "$deb" | cut -f1) kB)"
}

case "${1:-}" in
  "") build release; check "$deb" ;;
  --debug) build debug; check "$deb" ;;
  --check) check "${2:?usage: $0 --check FILE.deb}" ;;
  *) echo "usage: $0 [--debug | --check FILE.deb]" >&2; exit 2 ;;
esac
