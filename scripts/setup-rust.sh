#!/usr/bin/env bash
# Makes sure the Rust toolchain SelfEval needs is present: cargo (via rustup if
# missing), rustfmt, clippy, and the Windows GNU target for the cross-check.
set -euo pipefail

if ! command -v cargo >/dev/null 2>&1; then
  if [ -x "$HOME/.cargo/bin/cargo" ]; then
    export PATH="$HOME/.cargo/bin:$PATH"
  else
    echo "setup-rust: installing Rust with rustup"
    command -v curl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq curl; }
    curl --proto '=https' --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y --profile minimal
    export PATH="$HOME/.cargo/bin:$PATH"
  fi
fi

if command -v rustup >/dev/null 2>&1; then
  for c in rustfmt clippy; do
    rustup component list --installed 2>/dev/null | grep -q "^$c" || rustup component add "$c" || true
  done
  if ! rustup target list --installed 2>/dev/null | grep -q x86_64-pc-windows-gnu; then
    rustup target add x86_64-pc-windows-gnu || echo "setup-rust: WARNING: could not add x86_64-pc-windows-gnu"
  fi
fi
