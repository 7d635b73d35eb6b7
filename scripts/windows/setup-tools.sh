#!/usr/bin/env bash
# Installs what the Windows build needs (mingw-w64, NSIS, zip, pefile for the
# executable checks) and, with --wine, what the Windows tests need: Wine 64
# and 32 bit (the NSIS installer is a 32-bit program; i386 is enabled first,
# and wine32 must be there before a prefix is made), 7-Zip to list the
# installer, a TrueType-outline CJK font standing in for 宋体, Xvfb.
# Idempotent; needs root (or sudo).
set -euo pipefail
SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"

pkgs=(gcc-mingw-w64-x86-64-posix binutils-mingw-w64-x86-64 nsis zip unzip python3-pip)
if [ "${1:-}" = --wine ]; then
  pkgs+=(wine wine64 wine32:i386 p7zip-full fonts-arphic-uming xvfb xauth)
  if ! dpkg --print-foreign-architectures | grep -qx i386; then
    echo "setup-tools: enabling the i386 architecture (for wine32)"
    $SUDO dpkg --add-architecture i386
  fi
fi

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-tools: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# pefile reads the executables' imports, resources and symbol tables.
if ! python3 -c 'import pefile' 2>/dev/null; then
  echo "setup-tools: installing pefile (PyPI)"
  python3 -m pip install -q --disable-pip-version-check pefile 2>/dev/null \
    || python3 -m pip install -q --disable-pip-version-check --break-system-packages pefile
fi
