#!/usr/bin/env bash
# Sets up everything and runs every test: formatting, lints, the UI's type
# check and unit tests, the Rust unit/integration/property tests, the
# end-to-end tests of the real app window under Xvfb, and the Windows
# cross-check. Long benchmarks are not part of it (see docs/benchmarks.md).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/env.sh

step() { printf '\n=== %s === (%s)\n' "$*" "$(date +%T)"; }

step "UI: type check and unit tests"
bash scripts/ui-test.sh

step "UI: build (embedded in the app)"
bash scripts/build-ui.sh

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo clippy --all-targets --locked --features e2e -- -D warnings

step "Rust tests"
cargo test --workspace --locked

step "End-to-end tests of the app window"
bash scripts/e2e.sh

step "Windows cross-check (x86_64-pc-windows-gnu)"
if rustup target list --installed 2>/dev/null | grep -q x86_64-pc-windows-gnu \
   && command -v x86_64-w64-mingw32-gcc >/dev/null 2>&1; then
  cargo check --workspace --locked --target x86_64-pc-windows-gnu
else
  echo "!!! SKIPPED: the x86_64-pc-windows-gnu target or mingw-w64 could not be installed here !!!"
fi
step "all tests passed"
