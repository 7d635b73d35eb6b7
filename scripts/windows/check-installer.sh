#!/usr/bin/env bash
# The installer under Wine, in a fresh prefix, as IT would deploy it:
# - the payload lists the program files (7-Zip reads NSIS installers);
# - silent install (/S): files in %LOCALAPPDATA%\Programs\SelfEval, the
#   Start-menu shortcut, the uninstall key under HKCU (no administrator
#   rights used: nothing under HKLM), no desktop shortcut unless asked;
# - the installed selfeval.exe checks a seed form;
# - an upgrade: the same build under an older version number is installed
#   first and given a database; the new setup.exe over it keeps the database
#   and records the new version;
# - setup.exe refuses (exit 2) while the app is running, and changes nothing;
# - silent uninstall removes the program, its shortcut and key, and keeps
#   the data; /DELETEDATA removes the data too;
# - a release carrying Microsoft's WebView2 installer runs it where the
#   runtime is missing (a stand-in that registers the runtime as Microsoft's
#   does, under HKCU) and then finds the runtime.
#
# Usage: check-installer.sh SETUP_EXE STAGE_DIR VERSION
#   STAGE_DIR: the files the installer was made from (for the older build).
set -euo pipefail
setup="$1"; stage="$2"; version="$3"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source scripts/windows/wine-env.sh

fail() { echo "check-installer: FAIL: $*" >&2; exit 1; }
ok() { echo "check-installer: ok: $*"; }

work="$(mktemp -d)"
export WINEPREFIX="$work/prefix"
cleanup() { WINEPREFIX="$work/prefix" "$WINESERVER" -k 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
wine_prefix_init "$WINEPREFIX"
WINE32="$(command -v wine)"
user="$(ls "$WINEPREFIX/drive_c/users" | grep -v '^Public$' | head -1)"
local_win="C:\\users\\$user\\AppData\\Local"
inst="$(wine_unix_path "$WINEPREFIX" "$local_win\\Programs\\SelfEval")"
data="$(wine_unix_path "$WINEPREFIX" "$local_win\\cn.selfeval.app")"
menu="$WINEPREFIX/drive_c/users/$user/AppData/Roaming/Microsoft/Windows/Start Menu/Programs/绩效自评.lnk"
desktop="$WINEPREFIX/drive_c/users/$user/Desktop/绩效自评.lnk"

# Run a Windows program and wait for every process it started (an
# uninstaller copies itself to %TEMP% and runs from there).
run() { local rc=0; "$@" || rc=$?; "$WINESERVER" -w; return "$rc"; }
# Whether the uninstall key holds the line "$1" (read whole first: with
# pipefail, `uninstall_key | grep -q` fails when grep stops reading early).
key_has() { uninstall_key > "$work/key-now.txt"; grep -qx "$1" "$work/key-now.txt"; }
# The uninstall key's values, decoded from the registry file (Wine writes
# it when the wineserver has finished).
uninstall_key() {
  python3 - "$WINEPREFIX/user.reg" <<'PY'
import re, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
m = re.search(r'^\[Software\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\Uninstall\\\\cn\.selfeval\.app\][^\n]*\n(.*?)(?=^\[|\Z)', text, re.M | re.S)
if not m:
    sys.exit(0)
for line in m.group(1).splitlines():
    kv = re.match(r'^"([^"]+)"=(?:str:)?"(.*)"$', line)
    if kv:
        def unescape(m):
            e = m.group(1)
            return chr(int(e[1:], 16)) if e[0] == "x" else e
        val = re.sub(r'\\(x[0-9a-fA-F]{1,4}|.)', unescape, kv.group(2))
        print(f"{kv.group(1)}={val}")
    elif '=dword:' in line:
        k, v = line.split('=dword:')
        print(f"{k.strip(chr(34))}={int(v, 16)}")
PY
}

# --- what the installer carries ----------------------------------------------------
7z l "$setup" > "$work/list.txt" || fail "7z cannot read $setup"
for f in selfeval-app.exe selfeval.exe WebView2Loader.dll 使用说明.txt; do
  grep -q "$f" "$work/list.txt" || fail "$f not in the installer"
done
ok "the installer carries the app, the CLI, WebView2Loader.dll and 使用说明.txt"

# --- an older build, installed silently, with a database ----------------------------
makensis -V1 -INPUTCHARSET UTF8 -DVERSION=0.0.1 "-DSRC=$stage" \
  "-DICON=$root/icons/icon.ico" "-DOUTFILE=$work/SelfEval-0.0.1-x64-setup.exe" \
  scripts/windows/installer.nsi
run "$WINE32" "$work/SelfEval-0.0.1-x64-setup.exe" /S || fail "the older setup.exe /S exited with $?"
[ -f "$inst/selfeval.exe" ] || fail "the older build did not install"
key_has 'DisplayVersion=0.0.1' || fail "the older build's version is not recorded"
run "$WINE64" "$inst/selfeval.exe" db import tests/fixtures/seed/*.json > "$work/import.txt" \
  || { cat "$work/import.txt"; fail "db import with the installed older CLI"; }
[ -f "$data/selfeval.db" ] || fail "no database in %LOCALAPPDATA%\\cn.selfeval.app"
forms="$(ls tests/fixtures/seed/*.json | wc -l)"
ok "older build 0.0.1 installed; its CLI stored $forms forms in %LOCALAPPDATA%\\cn.selfeval.app"

# --- the setup.exe refuses while the app runs ---------------------------------------
cat > "$work/hold.c" <<'C'
#include <windows.h>
int main(void) {
    /* What the running app holds: its single-instance mutex. */
    CreateMutexW(NULL, TRUE, L"cn.selfeval.app-sim");
    Sleep(60000);
    return 0;
}
C
x86_64-w64-mingw32-gcc -O2 -o "$work/hold.exe" "$work/hold.c"
"$WINE64" "$work/hold.exe" & holder=$!
sleep 3
rc=0; "$WINE32" "$setup" /S || rc=$?
"$WINESERVER" -k 2>/dev/null || true   # ends hold.exe
wait "$holder" 2>/dev/null || true
[ "$rc" = 2 ] || fail "setup.exe /S while the app runs exited with $rc, not 2"
key_has 'DisplayVersion=0.0.1' || fail "the refused upgrade changed the install"
ok "setup.exe refuses (exit 2) while the app is running, and changes nothing"

# --- the upgrade, silently -----------------------------------------------------------
before="$(sha256sum "$data/selfeval.db" | cut -d' ' -f1)"
run "$WINE32" "$setup" /S || fail "setup.exe /S (upgrade) exited with $?"
uninstall_key > "$work/key.txt"
grep -qx "DisplayVersion=$version" "$work/key.txt" || { cat "$work/key.txt"; fail "the upgrade did not record $version"; }
grep -qx 'DisplayName=绩效自评' "$work/key.txt" || { cat "$work/key.txt"; fail "DisplayName"; }
grep -q '^UninstallString=.*\\Programs\\SelfEval\\uninstall.exe' "$work/key.txt" || { cat "$work/key.txt"; fail "UninstallString"; }
grep -q '^QuietUninstallString=.*uninstall.exe" /S$' "$work/key.txt" || fail "QuietUninstallString"
if grep -q 'cn.selfeval.app\|SelfEval' "$WINEPREFIX/system.reg"; then
  fail "the installer wrote to HKLM (a per-user install must not)"
fi
for f in selfeval-app.exe selfeval.exe WebView2Loader.dll uninstall.exe 使用说明.txt; do
  [ -f "$inst/$f" ] || fail "$f not installed"
done
cmp "$inst/selfeval.exe" "$stage/selfeval.exe" || fail "the upgrade did not replace selfeval.exe"
[ -f "$menu" ] || fail "no Start-menu shortcut"
[ ! -e "$desktop" ] || fail "a desktop shortcut without /DESKTOPSHORTCUT"
after="$(sha256sum "$data/selfeval.db" | cut -d' ' -f1)"
[ "$before" = "$after" ] || fail "the upgrade changed the database"
out="$(run "$WINE64" "$inst/selfeval.exe" db list)"
echo "$out" | grep -q "共 $forms 张" || { echo "$out"; fail "the upgraded CLI does not list the $forms forms"; }
ok "upgrade to $version over 0.0.1: files, Start-menu shortcut, HKCU uninstall key; the database kept"

out="$(run "$WINE64" "$inst/selfeval.exe" check tests/fixtures/seed/440303210301500003219.json)" || [ $? = 1 ]
echo "$out" | grep -q '总分' || { echo "$out"; fail "the installed selfeval.exe does not check a seed form"; }
ok "the installed selfeval.exe checks a seed form"

# --- the desktop shortcut when asked -------------------------------------------------
run "$WINE32" "$setup" /S /DESKTOPSHORTCUT || fail "setup.exe /S /DESKTOPSHORTCUT"
[ -f "$desktop" ] || fail "no desktop shortcut with /DESKTOPSHORTCUT"
ok "/DESKTOPSHORTCUT adds the desktop shortcut"

# --- silent uninstall keeps the data ---------------------------------------------------
run "$WINE32" "$inst/uninstall.exe" /S || fail "uninstall.exe /S exited with $?"
[ ! -e "$inst/selfeval-app.exe" ] || fail "the program is still installed"
[ ! -e "$inst" ] || fail "the program folder is left: $(ls "$inst")"
[ ! -e "$menu" ] || fail "the Start-menu shortcut is left"
[ ! -e "$desktop" ] || fail "the desktop shortcut is left"
[ -z "$(uninstall_key)" ] || fail "the uninstall key is left"
[ -f "$data/selfeval.db" ] || fail "the uninstaller removed the data"
ok "uninstall.exe /S removes the program, shortcuts and key, and keeps the data"

# --- reinstall, then uninstall with /DELETEDATA ----------------------------------------
run "$WINE32" "$setup" /S || fail "reinstall"
out="$(run "$WINE64" "$inst/selfeval.exe" db list)"
echo "$out" | grep -q "共 $forms 张" || fail "a reinstall does not find the kept data"
run "$WINE32" "$inst/uninstall.exe" /S /DELETEDATA || fail "uninstall.exe /S /DELETEDATA"
[ ! -e "$data" ] || fail "/DELETEDATA left $data"
[ ! -e "$inst" ] || fail "the program folder is left"
ok "a reinstall finds the kept data; uninstall /DELETEDATA removes it"

# --- a release that carries the WebView2 installer --------------------------------------
cat > "$work/wv2.c" <<'C'
#include <windows.h>
#include <stdio.h>
/* Stands in for MicrosoftEdgeWebView2RuntimeInstallerX64.exe: records its
 * arguments and registers the runtime where a per-user install does. */
int wmain(int argc, wchar_t **argv) {
    HKEY k;
    const wchar_t *pv = L"120.0.2210.91";
    FILE *f = _wfopen(L"C:\\users\\Public\\wv2-args.txt", L"w");
    for (int i = 1; i < argc; i++) fwprintf(f, L"%ls ", argv[i]);
    fclose(f);
    if (RegCreateKeyExW(HKEY_CURRENT_USER,
            L"Software\\Microsoft\\EdgeUpdate\\Clients\\{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}",
            0, NULL, 0, KEY_WRITE, NULL, &k, NULL) != ERROR_SUCCESS) return 1;
    RegSetValueExW(k, L"pv", 0, REG_SZ, (const BYTE *)pv, (DWORD)((wcslen(pv) + 1) * sizeof(wchar_t)));
    RegCloseKey(k);
    return 0;
}
C
x86_64-w64-mingw32-gcc -municode -O2 -o "$work/MicrosoftEdgeWebView2RuntimeInstallerX64.exe" "$work/wv2.c"
makensis -V1 -INPUTCHARSET UTF8 "-DVERSION=$version" "-DSRC=$stage" \
  "-DICON=$root/icons/icon.ico" "-DOUTFILE=$work/with-webview2-setup.exe" \
  "-DWEBVIEW2=$work/MicrosoftEdgeWebView2RuntimeInstallerX64.exe" scripts/windows/installer.nsi
7z l "$work/with-webview2-setup.exe" > "$work/list-wv2.txt" || fail "7z cannot read the release with WebView2"
grep -q webview2-setup.exe "$work/list-wv2.txt" || fail "the WebView2 installer is not carried"
run "$WINE32" "$work/with-webview2-setup.exe" /S || fail "setup.exe with WebView2 /S exited with $?"
args="$WINEPREFIX/drive_c/users/Public/wv2-args.txt"
[ -f "$args" ] || fail "the carried WebView2 installer was not run where the runtime is missing"
grep -q '/silent /install' "$args" || fail "WebView2 installer run with: $(cat "$args")"
grep -q 'F3017226-FE2A-4295-8BDF-00C3A9A7E4C5' "$WINEPREFIX/user.reg" || fail "the runtime was not registered"
rm -f "$args"
run "$WINE32" "$work/with-webview2-setup.exe" /S || fail "second install"
[ ! -f "$args" ] || fail "the WebView2 installer ran although the runtime is there"
ok "a release carrying WebView2 runs its installer (/silent /install) only where the runtime is missing"
