# Sourced by the Windows scripts: a Wine prefix in which Rust programs built
# for x86_64-pc-windows-gnu run as on Windows 10/11.
#
#   source scripts/windows/wine-env.sh
#   wine_prefix_init "$WINEPREFIX"    # creates it once (idempotent)
#   "$WINE64" program.exe …
#
# What a prefix gets, beyond `wineboot --init`:
# - its own Desktop, Documents … folders, not links into the Unix home;
# - bcryptprimitives.dll with ProcessPrng (scripts/windows/processprng.c),
#   which Wine 8 lacks and Rust's std calls; loaded native-first;
# - a TrueType-outline CJK collection as C:\windows\Fonts\simsun.ttc, where
#   Windows keeps 宋体 (Wine ships no CJK font): AR PL UMing from
#   fonts-arphic-uming, so the PDF code finds and embeds a glyf-outline .ttc
#   exactly as it would 宋体;
# - no Mono/Gecko installers (nothing is downloaded; WINEDLLOVERRIDES).

WINE64="${WINE64:-/usr/lib/wine/wine64}"
WINESERVER="${WINESERVER:-/usr/lib/wine/wineserver64}"
[ -x "$WINESERVER" ] || WINESERVER="$(command -v wineserver || echo wineserver)"
export WINEPREFIX="${WINEPREFIX:-${SELFEVAL_WINEPREFIX:-$HOME/.cache/selfeval-wine/prefix}}"
export WINEDEBUG="${WINEDEBUG:--all}"
# Wine converts command lines and console output with the Unix locale's
# charset: UTF-8, so Chinese paths and messages cross intact.
case "${LC_ALL:-${LANG:-}}" in *UTF-8*|*utf8*) ;; *) export LC_ALL=C.UTF-8 ;; esac
export WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree=;mshtml=;winemenubuilder.exe="
# The font standing in for 宋体 (TrueType outlines, like simsun.ttc).
SELFEVAL_WINE_FONT="${SELFEVAL_WINE_FONT:-/usr/share/fonts/truetype/arphic/uming.ttc}"
_wine_scripts="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# wine_prefix_init DIR: make DIR a ready prefix (64-bit, with WoW64 when
# wine32 is installed, which the 32-bit NSIS installer needs).
wine_prefix_init() {
  local prefix="${1:-$WINEPREFIX}"
  local shim="$prefix/drive_c/windows/system32/bcryptprimitives.dll"
  if [ ! -f "$prefix/system.reg" ]; then
    echo "wine: creating prefix $prefix"
    mkdir -p "$prefix"
    WINEPREFIX="$prefix" "$WINE64" wineboot --init >/dev/null 2>&1 || true
    WINEPREFIX="$prefix" "$WINESERVER" -w
    [ -f "$prefix/system.reg" ] || { echo "wine: could not create the prefix $prefix" >&2; return 1; }
  fi
  # The user's folders (Desktop, Documents …) inside the prefix: Wine links
  # them to the Unix home, so a test would write shortcuts onto the desktop
  # of whoever runs it and see what an interrupted earlier run left there.
  local d
  for d in "$prefix"/drive_c/users/*/*; do
    if [ -L "$d" ]; then rm -f "$d"; mkdir -p "$d"; fi
  done
  if [ ! -f "$shim" ] || [ "$_wine_scripts/processprng.c" -nt "$shim" ]; then
    x86_64-w64-mingw32-gcc -O2 -shared -s -o "$shim" "$_wine_scripts/processprng.c" -ladvapi32
  fi
  local fonts="$prefix/drive_c/windows/Fonts"
  mkdir -p "$fonts"
  if [ ! -f "$fonts/simsun.ttc" ]; then
    [ -f "$SELFEVAL_WINE_FONT" ] || { echo "wine: $SELFEVAL_WINE_FONT missing (apt-get install fonts-arphic-uming)" >&2; return 1; }
    cp "$SELFEVAL_WINE_FONT" "$fonts/simsun.ttc"
  fi
  # Wine draws dialogs (message boxes, the installer's pages) in Tahoma,
  # which has no Chinese: draw them in the CJK font, as Windows would.
  if [ ! -f "$prefix/.selfeval-fonts" ]; then
    local reg="$prefix/drive_c/selfeval-fonts.reg"
    {
      printf 'Windows Registry Editor Version 5.00\r\n\r\n'
      printf '[HKEY_CURRENT_USER\\Software\\Wine\\Fonts\\Replacements]\r\n'
      # NSIS's Chinese pages ask for 宋体 by name.
      for f in "MS Shell Dlg" "MS Shell Dlg 2" "Tahoma" "Microsoft Sans Serif" "SimSun" "宋体"; do
        printf '"%s"="AR PL UMing CN"\r\n' "$f"
      done
    } | { printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE; } > "$reg"
    WINEPREFIX="$prefix" "$WINE64" regedit /S 'C:\selfeval-fonts.reg' >/dev/null 2>&1 || true
    WINEPREFIX="$prefix" "$WINESERVER" -w
    touch "$prefix/.selfeval-fonts"
  fi
}

# The Unix path of a file in the prefix's C: drive (C:\x\y → …/drive_c/x/y).
wine_unix_path() {
  local p="${2//\\//}"
  printf '%s/drive_c/%s\n' "${1:-$WINEPREFIX}" "${p#[Cc]:/}"
}
