#!/usr/bin/env bash
# End-to-end tests of the desktop app in a real window under Xvfb:
# builds the UI and the app, makes sure tauri-driver is installed, runs the
# Rust e2e tests (tests/e2e/) with tauri-driver + WebKitWebDriver.
#
# Usage: scripts/e2e.sh [TEST_FILTER]
# Env:   CARGO_TARGET_DIR  (honoured)
#        TAURI_DRIVER      tauri-driver binary (default: installed into
#                          ${SELFEVAL_TOOLS:-$HOME/.cache/selfeval-tools}/bin)
# Each test uses a fresh data directory (SELFEVAL_DATA_DIR) and export
# directory (SELFEVAL_EXPORT_DIR) under target/e2e/; screenshots are written
# to target/screenshots/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

tools="${SELFEVAL_TOOLS:-$HOME/.cache/selfeval-tools}"
if [ -z "${TAURI_DRIVER:-}" ]; then
  if command -v tauri-driver >/dev/null 2>&1; then
    TAURI_DRIVER="$(command -v tauri-driver)"
  else
    TAURI_DRIVER="$tools/bin/tauri-driver"
    if [ ! -x "$TAURI_DRIVER" ]; then
      echo "e2e: installing tauri-driver into $tools"
      cargo install tauri-driver --version '^2' --locked --root "$tools"
    fi
  fi
fi
export TAURI_DRIVER
command -v WebKitWebDriver >/dev/null || { echo "e2e: WebKitWebDriver missing (scripts/setup-system.sh installs webkit2gtk-driver)"; exit 1; }
command -v xvfb-run >/dev/null || { echo "e2e: xvfb-run missing (scripts/setup-system.sh)"; exit 1; }

echo "e2e: building the UI"
(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npx vite build --logLevel warn)

echo "e2e: building the app"
cargo build --features custom-protocol --bin selfeval-app
cargo test --features custom-protocol --test e2e --no-run

echo "e2e: running"
# No accessibility bus in the test session (GTK would wait for one).
export NO_AT_BRIDGE=1
# A private D-Bus session: the single-instance check talks over it.
dbus=()
command -v dbus-run-session >/dev/null 2>&1 && dbus=(dbus-run-session --)
"${dbus[@]}" xvfb-run -a -s "-screen 0 1440x960x24" \
  cargo test --features custom-protocol --test e2e -- --ignored --test-threads=1 --skip bench:: "$@"
