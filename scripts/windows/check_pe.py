#!/usr/bin/env python3
"""Checks the Windows executables before they are packaged:

- every DLL they import is part of Windows or shipped beside them (so the
  portable zip runs from a USB stick on a bare Windows 10);
- they are stripped (no COFF symbol table, no debug sections);
- they carry an icon and, in their file properties, the Chinese product name
  绩效自评 and the release's version.

Usage: check_pe.py --dir DIR --version X.Y.Z EXE...   (exit 1 on a problem)
"""
import argparse
import os
import sys

import pefile

# DLLs every Windows 10/11 has (system32), plus the API sets it resolves.
SYSTEM_DLLS = {
    "advapi32.dll", "bcrypt.dll", "combase.dll", "bcryptprimitives.dll", "comctl32.dll",
    "comdlg32.dll", "crypt32.dll", "d2d1.dll", "d3d11.dll", "dwmapi.dll",
    "dwrite.dll", "dxgi.dll", "gdi32.dll", "gdiplus.dll", "imm32.dll",
    "kernel32.dll", "msimg32.dll", "msvcrt.dll", "ncrypt.dll", "ntdll.dll",
    "ole32.dll", "oleaut32.dll", "propsys.dll", "rpcrt4.dll", "secur32.dll",
    "setupapi.dll", "shcore.dll", "shell32.dll", "shlwapi.dll", "user32.dll",
    "userenv.dll", "uxtheme.dll", "version.dll", "winmm.dll", "winspool.drv",
    "ws2_32.dll", "wtsapi32.dll", "iphlpapi.dll", "dbghelp.dll", "psapi.dll",
    "powrprof.dll", "netapi32.dll", "urlmon.dll", "wininet.dll", "mpr.dll",
    "winhttp.dll", "dnsapi.dll", "cfgmgr32.dll", "hid.dll", "usp10.dll",
    "oleacc.dll", "dwmapi.dll", "api-ms-win-core-synch-l1-2-0.dll",
}


def version_strings(pe):
    out = {}
    for fileinfo in getattr(pe, "FileInfo", []) or []:
        for entry in fileinfo:
            for table in getattr(entry, "StringTable", []) or []:
                for k, v in table.entries.items():
                    out[k.decode("utf-8", "replace")] = v.decode("utf-8", "replace")
    return out


def has_icon(pe):
    if not hasattr(pe, "DIRECTORY_ENTRY_RESOURCE"):
        return False
    return any(e.id == pefile.RESOURCE_TYPE["RT_GROUP_ICON"]
               for e in pe.DIRECTORY_ENTRY_RESOURCE.entries)


def check(path, shipped, version):
    problems = []
    pe = pefile.PE(path)
    name = os.path.basename(path)
    if pe.FILE_HEADER.Machine != pefile.MACHINE_TYPE["IMAGE_FILE_MACHINE_AMD64"]:
        problems.append(f"{name}: not an x64 executable")
    for imp in getattr(pe, "DIRECTORY_ENTRY_IMPORT", []):
        dll = imp.dll.decode().lower()
        if dll.startswith(("api-ms-win-", "ext-ms-win-")):
            continue
        if dll not in SYSTEM_DLLS and dll not in shipped:
            problems.append(f"{name}: imports {dll}, which is neither Windows' nor shipped")
    if pe.FILE_HEADER.PointerToSymbolTable or pe.FILE_HEADER.NumberOfSymbols:
        problems.append(f"{name}: not stripped (COFF symbol table present)")
    debug = [s.Name.rstrip(b"\0").decode() for s in pe.sections
             if s.Name.startswith(b".debug") or s.Name.startswith(b"/")]
    if debug:
        problems.append(f"{name}: debug sections {debug}")
    if not has_icon(pe):
        problems.append(f"{name}: no icon resource")
    strings = version_strings(pe)
    if strings.get("ProductName") != "绩效自评":
        problems.append(f"{name}: ProductName is {strings.get('ProductName')!r}, not 绩效自评")
    for key in ("FileVersion", "ProductVersion"):
        if not strings.get(key, "").startswith(version):
            problems.append(f"{name}: {key} is {strings.get(key)!r}, not {version}")
    print(f"check_pe: {name}: {os.path.getsize(path)} bytes, "
          f"ProductName={strings.get('ProductName')}, "
          f"FileVersion={strings.get('FileVersion')}, "
          f"FileDescription={strings.get('FileDescription')}, "
          f"imports={sorted(i.dll.decode().lower() for i in getattr(pe, 'DIRECTORY_ENTRY_IMPORT', []))}")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True)
    ap.add_argument("--version", required=True)
    ap.add_argument("exes", nargs="+")
    a = ap.parse_args()
    shipped = {f.lower() for f in os.listdir(a.dir) if f.lower().endswith(".dll")}
    problems = []
    for exe in a.exes:
        problems += check(os.path.join(a.dir, exe), shipped, a.version)
    for p in problems:
        print("check_pe: PROBLEM: " + p, file=sys.stderr)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
