#!/usr/bin/env bash
# Sets up what is missing (system packages, Rust, Node.js, the UI's npm
# packages), builds the UI and the app, and starts it.
# Usage: scripts/run-app.sh [--release]
# Env:   SELFEVAL_DATA_DIR  use this data directory instead of the per-user one
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/setup-rust.sh
bash scripts/setup-node.sh
source scripts/env.sh
(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npx vite build --logLevel warn)
profile=()
[ "${1:-}" = "--release" ] && profile=(--release)
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "run-app: no display found; starting the app under Xvfb (use a desktop session to see it)"
  exec xvfb-run -a cargo run "${profile[@]}" --features custom-protocol --bin selfeval-app
fi
exec cargo run "${profile[@]}" --features custom-protocol --bin selfeval-app
