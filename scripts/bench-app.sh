#!/usr/bin/env bash
# Desktop benchmarks (docs/benchmarks.md, "## Desktop app"): release builds of
# the app and of an empty Tauri 2 window (examples/empty_window.rs, same crate,
# features and profile), measured in the same run under Xvfb: launch to
# interactive, resident memory with a seed form open, keystroke to 总分.
# `scripts/bench-app.sh list`: the list at 10,000 stored forms instead (launch
# to interactive, search keystroke to result; "## Year overview and 汇总表").
# Usage: scripts/bench-app.sh [list]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
target="${CARGO_TARGET_DIR:-$root/target}"
tools="${SELFEVAL_TOOLS:-$HOME/.cache/selfeval-tools}"
export TAURI_DRIVER="${TAURI_DRIVER:-$(command -v tauri-driver || echo "$tools/bin/tauri-driver")}"
[ -x "$TAURI_DRIVER" ] || cargo install tauri-driver --version '^2' --locked --root "$tools"

bash scripts/build-ui.sh
cargo build --release --features e2e --bin selfeval-app --example empty_window
export SELFEVAL_APP_BIN="$target/release/selfeval-app"
export SELFEVAL_EMPTY_BIN="$target/release/examples/empty_window"
xvfb-run -a -s "-screen 0 1440x960x24" \
  cargo test --features e2e --test e2e -- --exact "bench::${1:-desktop}_benchmarks" --nocapture
