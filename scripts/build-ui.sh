#!/usr/bin/env bash
# Builds the web UI into ui/dist (embedded in the app by the custom-protocol
# feature), installing its npm packages first if they are missing.
set -euo pipefail
cd "$(dirname "$0")/../ui"
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
npx vite build --logLevel warn
