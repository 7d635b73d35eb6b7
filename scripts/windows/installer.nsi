; The SelfEval (绩效自评) installer for Windows 10/11: per user, no
; administrator rights, Chinese interface. Built on Linux with Debian's
; makensis 3.08 by scripts/build-windows.sh, which passes:
;   -DVERSION=0.1.0        the product version (X.Y.Z)
;   -DSRC=<dir>            holding selfeval-app.exe, selfeval.exe, WebView2Loader.dll
;   -DOUTFILE=<path>       the setup.exe to write
;   -DICON=<path>          icons/icon.ico
;   -DWEBVIEW2=<path>      optional: Microsoft's WebView2 installer to carry
;                          (offline standalone or bootstrapper, see docs/windows.md)
;
; Command line (for IT departments):
;   setup.exe /S [/DESKTOPSHORTCUT] [/D=C:\path]   silent install
;   uninstall.exe /S [/DELETEDATA]                 silent uninstall (data kept
;                                                  unless /DELETEDATA)
; Exit codes: 0 done, 1 cancelled, 2 aborted (e.g. the app is running).

Unicode true
ManifestDPIAware true
SetCompressor /SOLID lzma
RequestExecutionLevel user

!include MUI2.nsh
!include LogicLib.nsh
!include FileFunc.nsh
!include Sections.nsh

!define PRODUCT "绩效自评"
!define PRODUCT_EN "SelfEval"
!define IDENTIFIER "cn.selfeval.app"
!define PUBLISHER "SelfEval"
!define APP_EXE "selfeval-app.exe"
!define CLI_EXE "selfeval.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${IDENTIFIER}"
!define SETTINGS_KEY "Software\${PRODUCT_EN}"
; The app's single-instance mutex (tauri-plugin-single-instance: <identifier>-sim).
!define APP_MUTEX "${IDENTIFIER}-sim"
; WebView2 Runtime's client id (Microsoft's documented detection keys).
!define WV2_GUID "{F3017226-FE2A-4295-8BDF-00C3A9A7E4C5}"
!define WV2_DOWNLOAD "https://go.microsoft.com/fwlink/p/?LinkId=2124703"

!ifndef VERSION
  !error "VERSION is not defined (-DVERSION=X.Y.Z)"
!endif
!ifndef SRC
  !error "SRC is not defined (-DSRC=folder of the executables)"
!endif
!ifndef OUTFILE
  !define OUTFILE "SelfEval-${VERSION}-x64-setup.exe"
!endif

Name "${PRODUCT}"
Caption "${PRODUCT} ${VERSION} 安装"
OutFile "${OUTFILE}"
; %LOCALAPPDATA%\Programs is where per-user programs go on Windows 10/11.
InstallDir "$LOCALAPPDATA\Programs\${PRODUCT_EN}"
InstallDirRegKey HKCU "${SETTINGS_KEY}" "InstallDir"
BrandingText "${PRODUCT} ${VERSION}"
ShowInstDetails nevershow
ShowUninstDetails nevershow

VIProductVersion "${VERSION}.0"
VIFileVersion "${VERSION}.0"
VIAddVersionKey /LANG=2052 "ProductName" "${PRODUCT}"
VIAddVersionKey /LANG=2052 "FileDescription" "${PRODUCT} 安装程序"
VIAddVersionKey /LANG=2052 "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=2052 "LegalCopyright" "MIT License"
VIAddVersionKey /LANG=2052 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=2052 "ProductVersion" "${VERSION}"

!ifdef ICON
  !define MUI_ICON "${ICON}"
  !define MUI_UNICON "${ICON}"
!endif
!define MUI_ABORTWARNING
!define MUI_UNABORTWARNING
!define MUI_COMPONENTSPAGE_NODESC
!define MUI_WELCOMEPAGE_TEXT "将为当前 Windows 用户安装绩效自评 ${VERSION}，不需要管理员权限。$\r$\n$\r$\n已保存的自评表（%LOCALAPPDATA%\${IDENTIFIER}）在安装和升级时保留；卸载时也保留，除非勾选“同时删除我的全部数据”。如绩效自评正在运行，请先保存并关闭它。$\r$\n$\r$\n点击 [下一步(N)] 继续。"
!define MUI_FINISHPAGE_RUN "$INSTDIR\${APP_EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "立即打开绩效自评"

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_COMPONENTS
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH

!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_COMPONENTS
!insertmacro MUI_UNPAGE_INSTFILES

!insertmacro MUI_LANGUAGE "SimpChinese"

; ---------------------------------------------------------------- install

; Whether the app is running (its single-instance mutex exists): files in use
; cannot be replaced, and an upgrade must not half-happen.
!macro APP_RUNNING_CHECK UN
Function ${UN}AppRunningCheck
  retry:
    System::Call 'kernel32::OpenMutexW(i 0x00100000, i 0, w "${APP_MUTEX}") p .r0'
    ${If} $0 P<> 0
      System::Call 'kernel32::CloseHandle(p r0)'
      MessageBox MB_RETRYCANCEL|MB_ICONEXCLAMATION \
        "绩效自评正在运行。请先保存并关闭它，然后点击“重试”。" \
        /SD IDCANCEL IDRETRY retry
      SetErrorLevel 2
      Quit
    ${EndIf}
FunctionEnd
!macroend
!insertmacro APP_RUNNING_CHECK ""
!insertmacro APP_RUNNING_CHECK "un."


Section "-program" SecProgram
  SetOutPath "$INSTDIR"
  SetOverwrite on
  File "${SRC}\${APP_EXE}"
  File "${SRC}\${CLI_EXE}"
  File "${SRC}\WebView2Loader.dll"
  File "${SRC}\使用说明.txt"
  WriteUninstaller "$INSTDIR\uninstall.exe"

  WriteRegStr HKCU "${SETTINGS_KEY}" "InstallDir" "$INSTDIR"
  WriteRegStr HKCU "${SETTINGS_KEY}" "Version" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${PRODUCT}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${APP_EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"

  CreateShortCut "$SMPROGRAMS\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 \
    SW_SHOWNORMAL "" "填写、核对并导出项目支出绩效自评表"
SectionEnd

Section /o "在桌面创建快捷方式" SecDesktop
  CreateShortCut "$DESKTOP\${PRODUCT}.lnk" "$INSTDIR\${APP_EXE}" "" "$INSTDIR\${APP_EXE}" 0 \
    SW_SHOWNORMAL "" "填写、核对并导出项目支出绩效自评表"
  WriteRegDWORD HKCU "${SETTINGS_KEY}" "DesktopShortcut" 1
SectionEnd

; The WebView2 Runtime, without which the window cannot open (the command-line
; selfeval.exe works without it). Present: nothing to do. Missing: run
; Microsoft's installer if the release carries one, else say what to install.
Function WebView2Installed
  StrCpy $0 ""
  ReadRegStr $0 HKLM "SOFTWARE\WOW6432Node\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKLM "SOFTWARE\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == ""
  ${OrIf} $0 == "0.0.0.0"
    ReadRegStr $0 HKCU "Software\Microsoft\EdgeUpdate\Clients\${WV2_GUID}" "pv"
  ${EndIf}
  ${If} $0 == "0.0.0.0"
    StrCpy $0 ""
  ${EndIf}
FunctionEnd

Section "-webview2" SecWebView2
  Call WebView2Installed
  ${If} $0 != ""
    DetailPrint "WebView2 运行时已安装（$0）"
    Return
  ${EndIf}
!ifdef WEBVIEW2
  DetailPrint "正在安装 Microsoft Edge WebView2 运行时…"
  InitPluginsDir
  File "/oname=$PLUGINSDIR\webview2-setup.exe" "${WEBVIEW2}"
  ExecWait '"$PLUGINSDIR\webview2-setup.exe" /silent /install' $1
  Call WebView2Installed
  ${If} $0 != ""
    DetailPrint "WebView2 运行时已安装（$0）"
    Return
  ${EndIf}
  DetailPrint "WebView2 运行时安装未完成（返回值 $1）"
!endif
  MessageBox MB_OK|MB_ICONINFORMATION \
    "本机缺少 Microsoft Edge WebView2 运行时，绩效自评的窗口需要它才能打开（Windows 11 已自带）。$\r$\n$\r$\n\
请安装“WebView2 运行时”：可从微软网站下载（${WV2_DOWNLOAD}），离线电脑请向单位信息部门索取“Evergreen Standalone Installer (x64)”安装包。安装后即可打开绩效自评。$\r$\n$\r$\n\
命令行工具 selfeval.exe 不需要 WebView2，已可使用。" /SD IDOK
SectionEnd

; ---------------------------------------------------------------- uninstall


Section "-un.program" UnSecProgram
  Delete "$INSTDIR\${APP_EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\使用说明.txt"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\${PRODUCT}.lnk"
  Delete "$DESKTOP\${PRODUCT}.lnk"
  DeleteRegKey HKCU "${UNINST_KEY}"
  DeleteRegKey HKCU "${SETTINGS_KEY}"
SectionEnd

; Off unless ticked (or /DELETEDATA): the forms, their history and backups,
; kept by default so that a reinstall or an upgrade finds them.
Section /o "un.同时删除我的全部数据（自评表、历史版本、备份、设置）" UnSecData
  RMDir /r "$LOCALAPPDATA\${IDENTIFIER}"
SectionEnd

; ---------------------------------------------------------------- start-up
; (after the sections, whose index names they use)

Function .onInit
  ; A per-user install into the user's own profile: no elevation, and an
  ; existing install (an upgrade) is found where it was put.
  SetShellVarContext current
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DESKTOPSHORTCUT" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${SecDesktop}
  ${EndIf}
  Call AppRunningCheck
FunctionEnd

Function un.onInit
  SetShellVarContext current
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DELETEDATA" $R1
  ${IfNot} ${Errors}
    !insertmacro SelectSection ${UnSecData}
  ${EndIf}
  Call un.AppRunningCheck
FunctionEnd
