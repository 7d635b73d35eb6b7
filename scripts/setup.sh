#!/usr/bin/env bash
# Installs what is missing to build and test SelfEval: system packages,
# Rust (with the Windows target), Node.js. Each step skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/setup-rust.sh
bash scripts/setup-node.sh
