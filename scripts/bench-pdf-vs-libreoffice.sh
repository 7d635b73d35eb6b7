#!/usr/bin/env bash
# Time `selfeval export --format pdf` against LibreOffice converting the same
# form's XLSX to PDF (what an officer would otherwise do). Numbers go to the
# `## PDF` section of docs/benchmarks.md.
#   scripts/bench-pdf-vs-libreoffice.sh [FORM.json]
set -euo pipefail
cd "$(dirname "$0")/.."
FORM=${1:-tests/fixtures/seed/440303221551547100500.json}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cargo build -q --release -p selfeval-cli
BIN=${CARGO_TARGET_DIR:-target}/release/selfeval

# The XLSX: from the exporter when this build has it, else the same data
# written by scripts/seed_xlsx.py.
if "$BIN" export "$FORM" --format xlsx --out "$OUT/form.xlsx" >/dev/null 2>&1; then
  echo "xlsx: selfeval export --format xlsx"
else
  python3 scripts/seed_xlsx.py "$FORM" "$OUT/form.xlsx"
  echo "xlsx: scripts/seed_xlsx.py (no --format xlsx in this build)"
fi

# Seconds a command takes (3 decimals).
t() {
  local s e
  s=$(date +%s%N)
  "$@" >/dev/null 2>&1
  e=$(date +%s%N)
  printf '%d.%03d' $(((e - s) / 1000000000)) $((((e - s) / 1000000) % 1000))
}
echo "selfeval export --format pdf (process start, font load, export): $(t "$BIN" export "$FORM" --format pdf --out "$OUT/a.pdf") s"
echo "selfeval export --format pdf, second run:                        $(t "$BIN" export "$FORM" --format pdf --out "$OUT/b.pdf") s"
echo "soffice --headless --convert-to pdf (cold profile):              $(t soffice --headless -env:UserInstallation=file://$OUT/lo --convert-to pdf --outdir "$OUT" "$OUT/form.xlsx") s"
echo "soffice --headless --convert-to pdf (warm profile):              $(t soffice --headless -env:UserInstallation=file://$OUT/lo --convert-to pdf --outdir "$OUT" "$OUT/form.xlsx") s"
ls -l "$OUT"/*.pdf
