#!/usr/bin/env bash
# The portable build under Wine, used as an officer would from a folder with
# a Chinese name and spaces on C:, beside the Linux build of the same source:
# - `check` of the seed forms prints exactly what Linux prints (text, --json);
# - the PDF of every seed form is byte-identical to Linux's, with the same
#   TrueType-outline font (found as C:\windows\Fonts\simsun.ttc on Windows,
#   given by path on Linux);
# - `db import` / `list` / `backup --out` / `trash` / `restore` work on C:\
#   paths with Chinese names and spaces, and the default database is under
#   %LOCALAPPDATA%\cn.selfeval.app;
# - a reader closing the pipe early ends the CLI quietly;
# - the app on a machine without WebView2 (Wine has none) tells so in
#   Chinese and exits with code 1.
#
# Usage: check-portable.sh DIST_ZIP LINUX_SELFEVAL
set -euo pipefail
zip="$1"; linux_cli="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
source scripts/windows/wine-env.sh
wine_prefix_init

fail() { echo "check-portable: FAIL: $*" >&2; exit 1; }
ok() { echo "check-portable: ok: $*"; }

win_home='C:\users\Public\U盘 副本'
home="$(wine_unix_path "$WINEPREFIX" "$win_home")"
docs_win='C:\users\Public\我的 文档'
backup_dir_win='C:\备份 2024'
# A fresh start: the prefix is kept between runs.
for d in "$win_home" "$docs_win" "$backup_dir_win"; do rm -rf "$(wine_unix_path "$WINEPREFIX" "$d")"; done
mkdir -p "$home"
unzip -q "$zip" -d "$home"
app_dir="$(find "$home" -maxdepth 1 -type d -name 'SelfEval-*' | head -1)"
[ -n "$app_dir" ] || fail "no SelfEval-* folder in $zip"
win_app="$win_home\\$(basename "$app_dir")"
exe="$app_dir/selfeval.exe"
for f in selfeval.exe selfeval-app.exe WebView2Loader.dll 使用说明.txt; do
  [ -f "$app_dir/$f" ] || fail "$f missing from the zip"
done
W() { "$WINE64" "$exe" "$@"; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# --- check: the same text and JSON as Linux ----------------------------------
seeds=(tests/fixtures/seed/*.json)
"$linux_cli" check "${seeds[@]}" > "$work/linux.txt" || [ $? = 1 ]
W check "${seeds[@]}" > "$work/windows.txt" || [ $? = 1 ]
cmp "$work/linux.txt" "$work/windows.txt" || { diff "$work/linux.txt" "$work/windows.txt" | head -20; fail "check output differs"; }
"$linux_cli" check "${seeds[@]}" --json > "$work/linux.json" || [ $? = 1 ]
W check "${seeds[@]}" --json > "$work/windows.json" || [ $? = 1 ]
cmp "$work/linux.json" "$work/windows.json" || fail "check --json output differs"
ok "check of ${#seeds[@]} seed forms prints what Linux prints ($(wc -l < "$work/linux.txt") lines, JSON $(wc -c < "$work/linux.json") bytes)"

# --- PDF: byte-identical with the same font ----------------------------------
mkdir -p "$work/pdf-linux"
"$linux_cli" export "${seeds[@]}" --format pdf --out "$work/pdf-linux" \
  --font "$SELFEVAL_WINE_FONT" > /dev/null
win_pdf="$win_home\\PDF 导出"
W export "${seeds[@]}" --format pdf --out "$win_pdf" > /dev/null
pdf_dir="$(wine_unix_path "$WINEPREFIX" "$win_pdf")"
n=0
for f in "$work"/pdf-linux/*.pdf; do
  g="$pdf_dir/$(basename "$f")"
  [ -f "$g" ] || fail "Windows wrote no $(basename "$f")"
  cmp "$f" "$g" || fail "$(basename "$f") differs between Linux and Windows"
  n=$((n + 1))
done
[ "$n" = "${#seeds[@]}" ] || fail "$n PDFs for ${#seeds[@]} seed forms"
pdffonts "$pdf_dir/$(basename "$f")" | grep -q "TrueType\|CID Type 2" \
  || fail "the PDF does not embed the TrueType-outline font"
ok "$n PDFs byte-identical to Linux's, font from C:\\windows\\Fonts\\simsun.ttc"

# --- the database on C:\ paths with Chinese names and spaces ------------------
db="$docs_win\\绩效 自评.db"
mkdir -p "$(wine_unix_path "$WINEPREFIX" "$docs_win")"
W db --db "$db" import "${seeds[@]}" > "$work/import.txt"
grep -c '已导入' "$work/import.txt" | grep -qx "${#seeds[@]}" || { cat "$work/import.txt"; fail "db import"; }
W db --db "$db" list > "$work/list.txt"
grep -q "共 ${#seeds[@]} 张" "$work/list.txt" || { cat "$work/list.txt"; fail "db list"; }
backup="$backup_dir_win\\绩效自评 备份（年度）.db"
mkdir -p "$(wine_unix_path "$WINEPREFIX" "$backup_dir_win")"
W db --db "$db" backup --out "$backup" > "$work/backup.txt" || { cat "$work/backup.txt"; fail "db backup"; }
[ -s "$(wine_unix_path "$WINEPREFIX" "$backup")" ] || fail "no backup file at $backup"
W db --db "$db" trash 1 > /dev/null || fail "db trash 1"
W db --db "$db" trash > "$work/trash.txt"
grep -q '#1\|1 ' "$work/trash.txt" || { cat "$work/trash.txt"; fail "db trash (list)"; }
W db --db "$db" list > "$work/list2.txt"
grep -q "共 $(( ${#seeds[@]} - 1 )) 张" "$work/list2.txt" || { cat "$work/list2.txt"; fail "list after trash"; }
W db --db "$db" restore "$backup" > "$work/restore.txt" || { cat "$work/restore.txt"; fail "db restore"; }
W db --db "$db" list > "$work/list3.txt"
grep -q "共 ${#seeds[@]} 张" "$work/list3.txt" || { cat "$work/list3.txt"; fail "the restore did not bring back the trashed form"; }
ls "$(wine_unix_path "$WINEPREFIX" "$docs_win")" | grep -q 'before-restore' \
  || fail "the replaced database was not kept aside"
ok "db import / list / backup --out / trash / restore on C:\\ paths with Chinese names and spaces"

# The default database: %LOCALAPPDATA%\cn.selfeval.app\selfeval.db.
path="$(W db path | tr -d '\r')"
case "$path" in
  'C:\users\'*'\AppData\Local\cn.selfeval.app\selfeval.db') ok "default database $path" ;;
  *) fail "default database at $path, not under %LOCALAPPDATA%\\cn.selfeval.app" ;;
esac

# --- a reader that stops early -------------------------------------------------
many=(); for _ in $(seq 40); do many+=("${seeds[0]}"); done
set +o pipefail
W check "${many[@]}" 2> "$work/pipe.err" | head -c 200 > /dev/null
set -o pipefail
if grep -q 'panicked\|failed printing' "$work/pipe.err"; then
  cat "$work/pipe.err"; fail "a closed pipe made the CLI panic"
fi
ok "a closed pipe ends the CLI quietly"

# --- the app without WebView2 ----------------------------------------------------
set +e
SELFEVAL_NO_DIALOGS=1 timeout 120 "$WINE64" "$app_dir/selfeval-app.exe" \
  > "$work/app.out" 2> "$work/app.err"
rc=$?
set -e
[ "$rc" = 1 ] || { cat "$work/app.err"; fail "the app without WebView2 exited with $rc, not 1"; }
grep -q 'WebView2 运行时' "$work/app.err" || { cat "$work/app.err"; fail "no Chinese WebView2 message"; }
grep -q 'cn.selfeval.app' "$work/app.err" || fail "the message does not say where the data is"
ok "the app without WebView2 says so in Chinese and exits with code 1"
