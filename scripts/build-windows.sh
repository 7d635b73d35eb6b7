#!/usr/bin/env bash
# Builds SelfEval for Windows 10/11 (x86_64) on Debian/Ubuntu, as root:
# release builds (Cargo profile `dist`) of the app and the CLI for x86_64-pc-windows-gnu with
# Debian's mingw-w64, then in dist/:
#   SelfEval-<version>-x64-setup.exe      per-user installer (NSIS, Chinese)
#   SelfEval-<version>-x64-portable.zip   the executables and their DLLs
# Installs what it needs (mingw-w64, nsis, zip, the Rust target).
#
# WebView2: put Microsoft's installer in scripts/windows/webview2/ before building
# (MicrosoftEdgeWebView2RuntimeInstallerX64.exe, the offline standalone one,
# or MicrosoftEdgeWebview2Setup.exe, the bootstrapper) and the setup.exe
# carries it and runs it where the runtime is missing; see docs/windows.md.
#
# Env: CARGO_TARGET_DIR (honoured), SELFEVAL_DIST (default: dist/).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

SELFEVAL_WITH_OFFICE=0 bash scripts/setup-system.sh
bash scripts/setup-rust.sh
bash scripts/setup-node.sh
bash scripts/windows/setup-tools.sh
source scripts/env.sh

target=x86_64-pc-windows-gnu
version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -1)"
conf_version="$(sed -n 's/^  "version": "\(.*\)",$/\1/p' tauri.conf.json)"
if [ "$version" != "$conf_version" ]; then
  echo "build-windows: Cargo.toml says $version, tauri.conf.json $conf_version" >&2
  exit 1
fi
dist="${SELFEVAL_DIST:-$root/dist}"
mkdir -p "$dist"
started=$(date +%s)

echo "build-windows: the UI"
bash scripts/build-ui.sh

echo "build-windows: release build for $target (profile dist: size-optimised, stripped)"
# One invocation for both: separate ones would resolve features apart and
# build the shared dependencies twice.
cargo build --profile dist --locked --target "$target" \
  -p selfeval-app -p selfeval-cli --features selfeval-app/custom-protocol \
  --bin selfeval-app --bin selfeval
out="$CARGO_TARGET_DIR/$target/dist"

# The files that go into both packages (kept: scripts/test-windows.sh builds
# an older-versioned installer from them to test an upgrade).
stage="$out/selfeval-stage"
rm -rf "$stage"; mkdir -p "$stage"
cp "$out/selfeval-app.exe" "$out/selfeval.exe" "$stage/"
loader="$(find "$out/build" -path '*x64/WebView2Loader.dll' | head -1)"
[ -f "$out/WebView2Loader.dll" ] && loader="$out/WebView2Loader.dll"
[ -n "$loader" ] || { echo "build-windows: WebView2Loader.dll not found" >&2; exit 1; }
cp "$loader" "$stage/WebView2Loader.dll"
cp scripts/windows/使用说明.txt "$stage/使用说明.txt"
# The executables need nothing beyond Windows' own DLLs and those shipped.
python3 scripts/windows/check_pe.py --dir "$stage" --version "$version" \
  selfeval-app.exe selfeval.exe

echo "build-windows: installer"
args=(-V2 -INPUTCHARSET UTF8 "-DVERSION=$version" "-DSRC=$stage"
      "-DICON=$root/icons/icon.ico" "-DOUTFILE=$dist/SelfEval-$version-x64-setup.exe")
for wv in MicrosoftEdgeWebView2RuntimeInstallerX64.exe MicrosoftEdgeWebview2Setup.exe; do
  if [ -f "scripts/windows/webview2/$wv" ]; then
    echo "build-windows: carrying scripts/windows/webview2/$wv"
    args+=("-DWEBVIEW2=$root/scripts/windows/webview2/$wv")
    break
  fi
done
makensis "${args[@]}" scripts/windows/installer.nsi

echo "build-windows: portable zip"
zipdir="$(mktemp -d)"
trap 'rm -rf "$zipdir"' EXIT
mkdir "$zipdir/SelfEval-$version"
cp "$stage"/* "$zipdir/SelfEval-$version/"
rm -f "$dist/SelfEval-$version-x64-portable.zip"
(cd "$zipdir" && zip -q -9 -r -X "$dist/SelfEval-$version-x64-portable.zip" "SelfEval-$version")

echo "build-windows: done in $(( $(date +%s) - started )) s"
ls -l "$dist/SelfEval-$version-x64-setup.exe" "$dist/SelfEval-$version-x64-portable.zip"
