#!/usr/bin/env bash
# Installs the Debian packages counter needs, only when one is missing (idempotent).
set -euo pipefail

PACKAGES=(
  pkg-config
  libncurses-dev
  libsqlite3-dev
  libpcsclite-dev pcscd vsmartcard-vpcd pcsc-tools
  libpango1.0-dev libcairo2-dev libqrencode-dev libzbar-dev
  fonts-ipamj-mincho fonts-ipaexfont
  fonts-wqy-zenhei fonts-nanum
  cups cups-client printer-driver-cups-pdf libcups2-dev
  poppler-utils
  postgresql libpq-dev
  tmux
  opensc
  openssl
  time
  sqlite3
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
