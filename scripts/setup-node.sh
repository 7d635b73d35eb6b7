#!/usr/bin/env bash
# Makes sure Node.js (20 or newer, for Vite) and npm are present for the UI.
set -euo pipefail
major() { node -e 'console.log(process.versions.node.split(".")[0])' 2>/dev/null || echo 0; }
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup-node: installing Node.js and npm from the distribution"
  SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
if [ "$(major)" -lt 20 ]; then
  echo "setup-node: Node.js $(node --version) is older than 20; installing node@20 from npm"
  npm install -g --no-audit --no-fund node@20 >/dev/null
  hash -r
fi
echo "setup-node: node $(node --version), npm $(npm --version)"
