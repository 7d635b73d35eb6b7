#!/usr/bin/env bash
# Sets up what is missing (system packages, Rust, Node.js, the UI's npm
# packages), builds the UI and the app, and starts it.
# Usage: scripts/run-app.sh [--release]
# Env:   SELFEVAL_DATA_DIR  use this data directory instead of the per-user one
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh
bash scripts/build-ui.sh
profile=()
[ "${1:-}" = "--release" ] && profile=(--release)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-app: no display found; starting the app under Xvfb (use a desktop session to see it)"
  exec xvfb-run -a cargo run "${profile[@]}" --features custom-protocol --bin selfeval-app
fi
exec cargo run "${profile[@]}" --features custom-protocol --bin selfeval-app
