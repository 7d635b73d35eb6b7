#!/usr/bin/env bash
# Build the UI and start the desktop app (debug build serving ui/dist).
# Usage: scripts/run-app.sh [--release]
# Env:   SELFEVAL_DATA_DIR  use this data directory instead of the per-user one
set -euo pipefail
cd "$(dirname "$0")/.."
(cd ui && { [ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error; } && npx vite build --logLevel warn)
profile=()
[ "${1:-}" = "--release" ] && profile=(--release)
exec cargo run "${profile[@]}" --features custom-protocol --bin selfeval-app
