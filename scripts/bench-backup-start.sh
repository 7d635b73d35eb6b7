#!/usr/bin/env bash
# Whether the first start of a day, which takes the automatic backup, makes
# the window slower to become interactive: launches the app on a copy of the
# 10,000-form benchmark database (built by `cargo bench -p selfeval-core
# --bench store`), alternately with the day's backup due (backups/ emptied)
# and not due, and prints the `selfeval-ready` times (ms from process start
# to the list drawn). Usage: scripts/bench-backup-start.sh [RUNS] (default 5).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
source scripts/env.sh
runs="${1:-5}"
src="${TMPDIR:-/tmp}/selfeval-bench-10000.db"
[ -f "$src" ] || cargo bench -p selfeval-core --bench store -- "list all" >/dev/null
bash scripts/build-ui.sh >/dev/null
cargo build --release --features custom-protocol --bin selfeval-app >/dev/null 2>&1
app="$CARGO_TARGET_DIR/release/selfeval-app"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
data="$work/data"; mkdir -p "$data"
cp "$src" "$data/selfeval.db"
launch() { # prints the ready time
  SELFEVAL_DATA_DIR="$data" SELFEVAL_REPORT_READY=1 NO_AT_BRIDGE=1 \
    timeout 60 xvfb-run -a "$app" 2>/dev/null | while read -r tag ms; do
      if [ "$tag" = selfeval-ready ]; then echo "$ms"; pkill -TERM -x selfeval-app || true; break; fi
    done || true
  # Let a running backup finish before the next launch.
  while pgrep -x selfeval-app >/dev/null; do sleep 0.2; done
}
launch >/dev/null # first run: examples, settings
for i in $(seq "$runs"); do
  rm -rf "$data/backups"
  due=$(launch)
  ls "$data/backups" 2>/dev/null | grep -q start || echo "(run $i: no backup was written)"
  notdue=$(launch)
  echo "run $i: backup due ${due} ms, not due ${notdue} ms"
done
