#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages SelfEval needs to build, run and test.
# Idempotent: packages already present are skipped. Needs root (or sudo).
set -euo pipefail

PKGS=(
  # Tauri / WebKitGTK build and runtime
  libwebkit2gtk-4.1-dev build-essential pkg-config curl file libxdo-dev libssl-dev
  libayatana-appindicator3-dev librsvg2-dev
  # headless window + WebDriver for end-to-end tests
  xvfb xauth webkit2gtk-driver dbus-daemon
  # CJK fonts for the PDF and the UI, PDF/office tools for checks
  fonts-noto-cjk poppler-utils
  # time zones: local time in the CLI and the app (a test reads two zones)
  tzdata
  # Windows cross-check
  gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64
)
if [ "${SELFEVAL_WITH_OFFICE:-1}" = 1 ]; then
  # Carlito has Calibri's metrics: LibreOffice then sizes XLSX columns (stored in
  # units of the default font's digit width) exactly as Excel does.
  PKGS+=(libreoffice-calc-nogui fonts-crosextra-carlito)
fi

# 宋体/SimSun → Noto Serif CJK SC for LibreOffice's rendering of exported XLSX.
install_font_alias() {
  local src dst
  src="$(dirname "$0")/fontconfig/65-selfeval-simsun.conf"
  dst=/etc/fonts/conf.d/65-selfeval-simsun.conf
  if [ -f "$src" ] && ! cmp -s "$src" "$dst" 2>/dev/null; then
    local sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    if $sudo install -m 644 "$src" "$dst" && $sudo fc-cache -f >/dev/null 2>&1; then
      echo "setup-system: installed fontconfig alias 宋体 → Noto Serif CJK SC"
    else
      echo "setup-system: could not install the fontconfig alias (LibreOffice renders 宋体 with fallbacks)"
    fi
  fi
}
trap install_font_alias EXIT

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup-system: all system packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
echo "setup-system: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
