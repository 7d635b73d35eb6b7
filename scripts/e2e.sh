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
bash scripts/build-ui.sh

echo "e2e: building the app"
cargo build --features e2e --bin selfeval-app
cargo test --features e2e --test e2e --no-run

echo "e2e: running"
# No accessibility bridge: nothing here needs one, and GTK would look for its bus.
export NO_AT_BRIDGE=1
xvfb-run -a -s "-screen 0 1440x960x24" \
  cargo test --features e2e --test e2e -- --test-threads=1 --skip bench:: --skip shell:: "$@"

# The single-instance check needs a D-Bus session bus (the plugin meets the
# first instance there); it runs alone in a private one.
if [ $# -eq 0 ] || [[ "$*" == *shell* ]]; then
  if command -v dbus-run-session >/dev/null 2>&1; then
    dbus-run-session -- xvfb-run -a -s "-screen 0 1440x960x24" \
      cargo test --features e2e --test e2e -- --test-threads=1 shell::
  else
    echo "e2e: dbus-run-session missing (scripts/setup-system.sh installs dbus-daemon)"; exit 1
  fi
fi
