#!/usr/bin/env bash
# The kiosk demo's card tray (the lower tmux pane of `make demo MODE=kiosk`): places a demo card on
# "Virtual PCD 00 00" or takes it off, as a citizen does at the kiosk.
# Usage: scripts/demo-card-tray.sh BIN_DIR DEMO_DIR
set -uo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="${1:?usage: scripts/demo-card-tray.sh BIN_DIR DEMO_DIR}"
DEMO="${2:?usage: scripts/demo-card-tray.sh BIN_DIR DEMO_DIR}"
CARDS=(takahashi-sakiko katsuragi-taro nakanoshima-midori yodoyabashi-kenichi-revoked)
LABELS=("髙橋　﨑子" "葛󠄀城　太郎" "中之島　みどり" "淀屋橋　健一（失効した証明書）")
SIM=""
remove() {
  if [ -n "$SIM" ]; then kill "$SIM" 2>/dev/null; wait "$SIM" 2>/dev/null; SIM=""; fi
}
trap remove EXIT
while true; do
  echo "── カード置き場（デモ） ── 利用者証明用の暗証番号はどのカードも 1234"
  for i in "${!CARDS[@]}"; do echo "  $((i + 1)) ${LABELS[$i]} のカードを置く"; done
  echo "  0 カードを取る        q 終了"
  [ -n "$SIM" ] && echo "  （いま置いてあるカード: $CURRENT）"
  read -r -n 1 -p "> " key; echo
  case "$key" in
    [1-4])
      remove
      CURRENT="${LABELS[$((key - 1))]}"
      # A fresh copy each time, so the PIN counters start at 3 tries.
      cp "$ROOT/seeds/demo/cards/${CARDS[$((key - 1))]}.json" "$DEMO/kiosk-card.json"
      "$BIN/mynumber-card-sim" serve --profile "$DEMO/kiosk-card.json" --port 35963 >>"$DEMO/card-sim.log" 2>&1 &
      SIM=$! ;;
    0) remove ;;
    q) exit 0 ;;
  esac
  clear
done
