#!/usr/bin/env bash
# Renders docs/pass-cards-sample.png: page 1 of `kakou pass print` for a
# small made-up community, so the README and reviewers can see the cards
# without printing. Needs poppler-utils (pdftoppm).
#   scripts/pass-sample.sh            # writes docs/pass-cards-sample.png
#   scripts/pass-sample.sh out.png    # somewhere else
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs/pass-cards-sample.png}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
cargo build --quiet --locked --bin kakou
kakou="$CARGO_TARGET_DIR/debug/kakou"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Every card colour a ledger can give, the longest name a pass allows, a
# village address and a household in home quarantine. The ID numbers are
# valid; the people are invented.
cat >"$work/ledger.csv" <<'CSV'
楼栋,单元,房号,地址,姓名,身份证号,联系电话,类别,户状态,返乡日期
3,2,501,,张三,11010519491231002X,13800138000,居民,正常,
3,2,501,,李梅,110101199003071233,,租户,,
3,2,502,,阿卜杜热合曼·买买提艾力江,650102198506150010,,居民,,
3,2,502,,欧阳晓雯,110105199512120027,13912345678,返乡,,2026-11-20
,,,王家村三组,王五,440305198001010013,13912345678,返乡,居家隔离,2026-11-18
,,,王家村三组,王小明,440305201003070014,,居民,,
12,1,1101,,陈建国,310101196802140016,13600001111,租户,正常,
12,1,1101,,林芳,310101197011230028,,租户,,
CSV

db="$work/sample.db"
"$kakou" --db "$db" init --community 幸福里社区 --checkpoint 东门 >/dev/null
"$kakou" --db "$db" import residents "$work/ledger.csv" >/dev/null
"$kakou" --db "$db" pass issue --all --from 2026-11-01 >/dev/null 2>&1
"$kakou" --db "$db" pass print --out "$work/cards.pdf" --date 2026-11-24 >/dev/null
pdftoppm -r 120 -png -f 1 -l 1 -singlefile "$work/cards.pdf" "$work/page"
mv "$work/page.png" "$out"
echo "wrote $out"
