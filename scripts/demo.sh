#!/usr/bin/env bash
# make demo: serves a demo My Number card to pcscd through vpcd, prepares a demo database with a demo
# clerk and the demo resident registry, and opens the counter UI printing to the CUPS-PDF queue (or a PDF folder when CUPS is unavailable).
# With COUNTER_DEMO_MODE=kiosk (make demo MODE=kiosk) it opens the kiosk instead, in tmux, above a card tray
# that places and takes the demo cards.
# Usage: scripts/demo.sh BIN_DIR [PROFILE]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:?usage: scripts/demo.sh BIN_DIR [PROFILE]}"
PROFILE="${2:-$ROOT/seeds/demo/cards/takahashi-sakiko.json}"
DEMO="${COUNTER_VAR:-$ROOT/var}/demo"
mkdir -p "$DEMO"
export COUNTER_SEEDS="$ROOT/seeds"

MODE="${COUNTER_DEMO_MODE:-counter}"
SIM=""
if [ "$MODE" != kiosk ]; then
  # A fresh copy each time, so the demo card's PIN counters start at 3 tries.
  cp "$PROFILE" "$DEMO/card.json"
  "$BIN/mynumber-card-sim" serve --profile "$DEMO/card.json" --port 35963 >"$DEMO/card-sim.log" 2>&1 &
  SIM=$!
fi
# A payment terminal beside the counter: cashless fees (menu 5) are charged on it, as at a real counter.
rm -f "$DEMO/payment-terminal.sock"
"$BIN/payment-terminal-sim" --socket "$DEMO/payment-terminal.sock" --journal "$DEMO/payment-terminal.jsonl" \
  --brand paypay >"$DEMO/payment-terminal.log" 2>&1 &
PAY=$!
trap 'kill $SIM $PAY 2>/dev/null || true' EXIT

printf 'demo-pass-2026\n' | "$BIN/counter" clerk add --db "$DEMO/counter.sqlite" \
  --id demo --name デモ職員 --role administrator --if-missing >/dev/null
# A 係長 for what a clerk may not do alone (F8: restart a stopped printer).
printf 'chief-pass-2026\n' | "$BIN/counter" clerk add --db "$DEMO/counter.sqlite" \
  --id kakaricho --name デモ係長 --role supervisor --if-missing >/dev/null
# The demo resident registry (seeds/demo/registry), once: --if-empty leaves a database that has persons as it is.
"$BIN/counter" residents import "$ROOT/seeds/demo/registry" --db "$DEMO/counter.sqlite" --if-empty >/dev/null
# A month of the city's history for the KPI reports and the supervisor's dashboard (once: a database that has
# cases keeps them). Written through the same records as live cases; the demo's own terminals stay empty.
if [ "$(sqlite3 "$DEMO/counter.sqlite" 'SELECT COUNT(*) FROM kpi_case' 2>/dev/null || echo 0)" = 0 ]; then
  echo "KPI のデモ用に1か月分の記録を作っています（初回だけ、1〜2分）…"
  "$BIN/counter" demo-data --offices 24 --days 30 --seed 1 --db "$DEMO/counter.sqlite"
fi
# The demo installation's signing key for the certificates' verification codes (made once, never replaced).
[ -f "$DEMO/keys/seal-ed25519.key" ] || "$BIN/counter" keys init --dir "$DEMO/keys" >/dev/null

if lpstat -p counter-pdf >/dev/null 2>&1; then
  PRINTER=(--printer counter-pdf)
  WHERE="CUPS-PDF キュー counter-pdf → $(grep -E '^Out ' /etc/cups/cups-pdf.conf | awk '{print $2}')"
else
  PRINTER=(--out "$DEMO/pdf")
  WHERE="$DEMO/pdf"
fi

if [ "$MODE" = kiosk ]; then
  # The demo kiosk serves at any hour: a copy of the seeds whose schedule is open all day, every day.
  rm -rf "$DEMO/kiosk-seeds" && cp -r "$ROOT/seeds" "$DEMO/kiosk-seeds"
  python3 - "$DEMO/kiosk-seeds/kiosk/schedule.json" <<'PY'
import json, sys
path = sys.argv[1]
schedule = json.load(open(path))
schedule.update(opens="00:00", closes="24:00", closedDays=[])
json.dump(schedule, open(path, "w"), ensure_ascii=False, indent=1)
PY
  cat <<TEXT
──────────────────────────────────────────────
 counter キオスク デモ / kiosk demo
   下の枠（カード置き場）で 1〜4 を押すとカードを置き、0 で取ります。暗証番号はどのカードも 1234。
   決済端末: シミュレータ（PayPay で承認）   印刷先: $DEMO/kiosk-pdf
   言語: どの画面でも *   職員メニュー: /// のあと 係長 kakaricho / chief-pass-2026（1 で終了）
   デモの営業時間は終日（本来は schedule.json の 6:30〜23:00、12/29〜1/3 休み）
──────────────────────────────────────────────
TEXT
  sleep 2
  KIOSK="COUNTER_SEEDS='$DEMO/kiosk-seeds' '$BIN/counter' kiosk --db '$DEMO/counter.sqlite' --terminal KIOSK01 --office kita"
  KIOSK+=" --reader 'Virtual PCD 00 00' --out '$DEMO/kiosk-pdf' --ca '$ROOT/seeds/demo/demo-ca-cert.pem'"
  KIOSK+=" --crl '$ROOT/seeds/demo/demo-crl.pem' --payment-terminal '$DEMO/payment-terminal.sock' --keys '$DEMO/keys'"
  unset TMUX
  tmux -L counter-demo kill-server 2>/dev/null || true
  tmux -L counter-demo new-session -s kiosk -x "$(tput cols 2>/dev/null || echo 100)" -y "$(tput lines 2>/dev/null || echo 40)" \
    "$KIOSK; tmux -L counter-demo kill-server" \; \
    split-window -v -l 9 "bash '$ROOT/scripts/demo-card-tray.sh' '$BIN' '$DEMO'" \; select-pane -t 0
  exit 0
fi

cat <<TEXT
──────────────────────────────────────────────
 counter デモ / demo
   職員 ID: demo    パスワード: demo-pass-2026（管理者）
   係長 ID: kakaricho  パスワード: chief-pass-2026（F8 プリンタ再開・支払の取消・日計の承認）
   決済端末: シミュレータ（キャッシュレスは PayPay で承認）
   証明書: メニュー 8（住民検索）、またはカードの4情報の確認で F9。検証: counter certificate verify PDF --key $DEMO/keys/seal-ed25519.pub
   カードの暗証番号（券面事項入力補助用）: 1234
   住民データ: seeds/demo/registry（counter residents find --db $DEMO/counter.sqlite --name 高橋）
   カード: $(basename "$PROFILE")（仮想カード, Virtual PCD 00 00）
   印刷先: $WHERE
   事務所: 北区役所（--office kita）
   終了: ホーム画面で 9 → 1
──────────────────────────────────────────────
TEXT
sleep 1
# The reader the demo card is served on, named: with a second reader attached, the demo still reads this one.
READER="Virtual PCD 00 00"
"$BIN/counter" tui --db "$DEMO/counter.sqlite" --terminal DEMO01 --office kita --reader "$READER" "${PRINTER[@]}" \
  --payment-terminal "$DEMO/payment-terminal.sock" --keys "$DEMO/keys"
