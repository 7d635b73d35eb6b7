#!/usr/bin/env bash
# Sets up everything and runs every test: formatting, lints, the UI's type
# check and unit tests, the Rust unit/integration/property tests, the
# end-to-end tests of the real app window under Xvfb, and the Windows
# build with its tests under Wine (scripts/test-windows.sh). Long
# benchmarks are not part of it (see docs/benchmarks.md).
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

step "Windows: installer and portable build, tests under Wine"
bash scripts/test-windows.sh

step "all tests passed"
