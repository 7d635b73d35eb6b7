#!/usr/bin/env bash
# Sets up everything and runs every test: formatting, lints, Rust unit and
# integration tests, the UI's type check and unit tests, the end-to-end tests
# of the real app window, and the Windows cross-check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-system.sh
bash scripts/setup-rust.sh
source scripts/env.sh

step() { printf '\n=== %s ===\n' "$*"; }

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "Windows cross-check (x86_64-pc-windows-gnu)"
if rustup target list --installed 2>/dev/null | grep -q x86_64-pc-windows-gnu \
   && command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  cargo check --workspace --locked --target x86_64-pc-windows-gnu
else
  echo "!!! SKIPPED: the x86_64-pc-windows-gnu target or mingw-w64 could not be installed here !!!"
fi
