#!/usr/bin/env bash
# Renders the spoken gate prompts of assets/voice/prompts.tsv into
# assets/voice/{zh,en}/STEM.ogg with espeak-ng and sox, offline.
#
#   scripts/voice-prompts.sh           render into assets/voice (overwrites)
#   scripts/voice-prompts.sh --check   render into a temporary folder and
#                                      compare with the committed files
#
# The files are committed; nothing renders at run time or in CI. The same
# espeak-ng and sox give byte-identical files: espeak-ng is deterministic,
# and `sox -R` (repeatable mode) fixes the Ogg stream serial number and the
# dither seed that would otherwise be random. Other versions of either tool
# sound the same but differ in bytes, so the versions are checked below and
# named in assets/voice/README.md.
#
# Needs: espeak-ng (1.51, with its Mandarin data) and sox (14.4.2, with the
# Ogg Vorbis format of libsox-fmt-base).
set -euo pipefail
cd "$(dirname "$0")/.."

espeak_version=1.51
sox_version=v14.4.2
# Mandarin: the "latin as pinyin" variant of espeak-ng's cmn voice. Debian's
# plain `cmn` voice turns characters into pinyin and then reads that pinyin
# as English ("qing3" becomes "king three"); this variant reads it as
# Mandarin. Slightly faster than the default 175 words a minute, which
# leaves long pauses between syllables in Mandarin.
zh_voice=cmn-latn-pinyin
zh_speed=190
# English: American English, a little slower than the default for a noisy
# gate and listeners for whom English is a second language.
en_voice=en-us
en_speed=160
# Vorbis quality 2 (about 45 kbit/s for this mono 22.05 kHz speech) keeps
# each file near 15 kB; speech from espeak-ng has nothing above 11 kHz.
vorbis_quality=2

check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "voice-prompts: $tool is not installed (apt-get install espeak-ng sox)" >&2; exit 2; }
done
found_espeak=$(espeak-ng --version | sed -n 's/.*text-to-speech: *\([^ ]*\).*/\1/p')
found_sox=$(sox --version | sed -n 's/.*SoX \(v[^ ]*\).*/\1/p')
if [ "$found_espeak" != "$espeak_version" ] || [ "$found_sox" != "$sox_version" ]; then
  echo "voice-prompts: espeak-ng $found_espeak and sox $found_sox differ from the" \
    "espeak-ng $espeak_version and sox $sox_version the committed files came from;" \
    "the files will differ in bytes (update assets/voice/README.md if you keep them)" >&2
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if $check; then out="$work/out"; else out=assets/voice; fi
mkdir -p "$out/zh" "$out/en"

# Trims the silence espeak-ng leaves at both ends (below 0.5 % of full
# scale), normalises the peak to -1 dBFS so every prompt is equally loud,
# and pads 50 ms before and 150 ms after, so a speaker that wakes from
# power saving does not clip the first syllable.
render() { # voice speed text out.ogg
  espeak-ng -v "$1" -s "$2" -w "$work/raw.wav" "$3"
  sox -R "$work/raw.wav" -C "$vorbis_quality" "$4" \
    silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse norm -1 pad 0.05 0.15
}

count=0
while IFS=$'\t' read -r stem zh en; do
  case "$stem" in ''|'#'*) continue ;; esac
  render "$zh_voice" "$zh_speed" "$zh" "$out/zh/$stem.ogg"
  render "$en_voice" "$en_speed" "$en" "$out/en/$stem.ogg"
  count=$((count + 1))
done < assets/voice/prompts.tsv

total=$(cat "$out"/zh/*.ogg "$out"/en/*.ogg | wc -c)
echo "voice-prompts: $count prompts in zh and en, $total bytes in all"

if $check; then
  differ=0
  for lang in zh en; do
    for f in "$out/$lang"/*.ogg; do
      committed="assets/voice/$lang/$(basename "$f")"
      if ! cmp -s "$f" "$committed"; then
        echo "voice-prompts: $committed differs from a fresh render" >&2
        differ=1
      fi
    done
    # A committed file without a line in prompts.tsv is stale.
    for f in assets/voice/"$lang"/*.ogg; do
      [ -e "$out/$lang/$(basename "$f")" ] || { echo "voice-prompts: $f has no line in prompts.tsv" >&2; differ=1; }
    done
  done
  [ "$differ" = 0 ] && echo "voice-prompts: the committed files are what the script renders"
  exit "$differ"
fi
