#!/usr/bin/env bash
# Starts cupsd (no service manager needed) and sets up the `counter-pdf` queue, a cups-pdf printer
# that writes every job as a PDF into a known folder. Idempotent; run as root (or with sudo).
#
#   Queue:          counter-pdf            (override with COUNTER_CUPS_QUEUE)
#   PDF output:     /var/spool/cups-pdf/counter   (`Out` in /etc/cups/cups-pdf.conf; override with
#                   COUNTER_CUPS_PDF_OUT). With `Label 1` every file name holds the job number
#                   (cups-pdf 3.0 on Debian writes `<title>-job_<n>.pdf`).
#   Job documents:  `PreserveJobFiles No` in cupsd.conf, so CUPS deletes a job's document (personal data)
#                   as soon as the job has been printed, instead of keeping it for a day.
#
# Prints the output folder on its last line so callers can find the PDFs.
set -euo pipefail
QUEUE="${COUNTER_CUPS_QUEUE:-counter-pdf}"
OUT="${COUNTER_CUPS_PDF_OUT:-/var/spool/cups-pdf/counter}"
PPD=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
LOG_DIR="${COUNTER_VAR:-$(cd "$(dirname "$0")/.." && pwd)/var}"
mkdir -p "$LOG_DIR"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# Sets `key value` in a config file, replacing an existing (possibly commented) line of that key.
set_conf() {
  local file="$1" key="$2" value="$3"
  if grep -qxF "${key} ${value}" "$file"; then return 1; fi
  if grep -qE "^#?${key}[[:space:]]" "$file"; then
    $SUDO sed -i -E "0,/^#?${key}[[:space:]].*/s||${key} ${value}|" "$file"
  else
    echo "${key} ${value}" | $SUDO tee -a "$file" >/dev/null
  fi
  return 0
}

changed=0
set_conf /etc/cups/cups-pdf.conf Out "$OUT" && changed=1
set_conf /etc/cups/cups-pdf.conf Label 1 && changed=1
set_conf /etc/cups/cupsd.conf PreserveJobFiles No && changed=1
$SUDO mkdir -p "$OUT"
$SUDO chmod 0700 "$OUT"

scheduler_running() { LANG=C lpstat -r 2>/dev/null | grep -qx "scheduler is running"; }

running=0
if scheduler_running; then running=1; fi
if [ "$running" -eq 1 ] && [ "$changed" -eq 1 ]; then
  # cupsd reads its configuration at start only: restart it so the settings above apply.
  # (pidof, unlike pgrep, ignores an exited cupsd that is still a zombie.)
  $SUDO kill $(pidof cupsd)
  for _ in $(seq 1 50); do pidof cupsd >/dev/null 2>&1 || break; sleep 0.1; done
  running=0
fi
if [ "$running" -eq 0 ]; then
  $SUDO mkdir -p /run/cups
  $SUDO setsid cupsd -f >"$LOG_DIR/cupsd.log" 2>&1 < /dev/null &
  up=0
  for _ in $(seq 1 100); do
    if scheduler_running; then up=1; break; fi
    sleep 0.1
  done
  if [ "$up" -eq 0 ]; then
    echo "start-cups: cupsd did not come up; see $LOG_DIR/cupsd.log" >&2
    exit 1
  fi
fi

if ! LANG=C lpstat -p "$QUEUE" >/dev/null 2>&1; then
  # lpadmin warns that PPD drivers are deprecated; cups-pdf still ships only a PPD.
  $SUDO lpadmin -p "$QUEUE" -E -v cups-pdf:/ -P "$PPD" 2>/dev/null
fi
# CUPS turns the PDF into PostScript for cups-pdf; the default (Ghostscript) renderer turns text into
# outlines, pdftocairo keeps it as text with its Unicode mapping, so the PDFs written stay searchable.
$SUDO lpadmin -p "$QUEUE" -o pdftops-renderer-default=pdftocairo
# A queue left stopped (for example by a test) is started again and made to accept jobs.
$SUDO cupsenable "$QUEUE"
$SUDO cupsaccept "$QUEUE"
echo "$OUT"
