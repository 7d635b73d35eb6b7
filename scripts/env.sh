# Sourced by the scripts: one cargo target directory outside the clone, reused
# across clones and runs (CI clones afresh; a warm target dir saves minutes).
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/selfeval-target}"
mkdir -p "$CARGO_TARGET_DIR"
