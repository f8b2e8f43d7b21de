#!/usr/bin/env bash
# Rebuilds assets/fonts/KakouSans-*.otf: Noto Sans CJK SC (SIL OFL 1.1) cut
# down to ASCII, Latin-1, CJK punctuation and all 6,763 GB 2312 hanzi, so the
# kiosk and printed cards show Chinese on a machine with no CJK fonts, at a
# few MB instead of 20. Needs Debian's fonts-noto-cjk and pip's fonttools.
set -euo pipefail
cd "$(dirname "$0")/.."
src=/usr/share/fonts/opentype/noto
chars=$(mktemp)
python3 - "$chars" <<'PY'
import sys
out = set(chr(c) for c in range(0x20, 0x7f))
out |= set(chr(c) for c in range(0xa0, 0x100))
out |= set("℃°·—…“”‘’、。，：；！？（）《》【】「」〔〕·￥×÷±≥≤→←↑↓✓✗●○■□▲△★☆")
for hi in range(0xa1, 0xf8):
    for lo in range(0xa1, 0xff):
        try:
            out.add(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
open(sys.argv[1], "w").write("".join(sorted(out)))
PY
for weight in Regular Bold; do
  pyftsubset "$src/NotoSansCJK-$weight.ttc" --font-number=2 \
    --text-file="$chars" --layout-features='*' --no-hinting \
    --name-IDs='*' --name-languages='*' \
    --output-file="assets/fonts/KakouSans-$weight.otf"
done
rm -f "$chars"
ls -l assets/fonts/*.otf
