//! What happens before the window opens: the check that Windows has the
//! WebView2 Runtime the window needs, and how a failure to start is told to
//! a person (a message box in Chinese on Windows, where a GUI program has no
//! console; standard error everywhere).

use std::path::Path;

/// `SELFEVAL_NO_DIALOGS=1`: tell a start-up failure on standard error only,
/// without a message box (for the tests under Wine, which has no WebView2).
pub const NO_DIALOGS_ENV: &str = "SELFEVAL_NO_DIALOGS";

/// Microsoft's page of the WebView2 Runtime installers.
pub const WEBVIEW2_DOWNLOAD: &str = "https://go.microsoft.com/fwlink/p/?LinkId=2124703";

/// The message when the WebView2 Runtime is missing: what is missing, what
/// to install, and where the officer's data is (untouched).
pub fn webview2_missing_message(db: Option<&Path>) -> String {
    let data = match db {
        Some(p) => format!("您的自评表保存在「{}」，不受影响。", p.display()),
        None => "您的自评表不受影响。".into(),
    };
    format!(
        "绩效自评无法打开窗口：本机缺少 Microsoft Edge WebView2 运行时。\n\n\
         请安装“WebView2 运行时”后再打开本软件：Windows 11 已自带；Windows 10 \
         可从微软网站下载（{WEBVIEW2_DOWNLOAD}），离线电脑请向单位信息部门索取\
         “Evergreen Standalone Installer (x64)”安装包。安装不需要管理员权限。\n\n\
         {data}命令行工具 selfeval.exe 不需要 WebView2，可以照常检查和导出。"
    )
}

/// On Windows: whether the WebView2 Runtime can be found; `Err` carries the
/// message to show. Elsewhere the system's WebKit is a package dependency.
pub fn check_webview(db: Option<&Path>) -> Result<(), String> {
    #[cfg(windows)]
    if tauri::webview_version().is_err() {
        return Err(webview2_missing_message(db));
    }
    let _ = db;
    Ok(())
}

/// Tell `message` (standard error, and a message box on Windows) and end
/// the process with exit code 1.
pub fn fatal(message: &str) -> ! {
    eprintln!("{message}");
    #[cfg(windows)]
    if std::env::var_os(NO_DIALOGS_ENV).is_none_or(|v| v.is_empty()) {
        message_box("绩效自评", message);
    }
    std::process::exit(1);
}

#[cfg(windows)]
fn message_box(title: &str, text: &str) {
    use windows_sys::Win32::UI::WindowsAndMessaging::{MessageBoxW, MB_ICONERROR, MB_OK};
    let wide = |s: &str| -> Vec<u16> { s.encode_utf16().chain(std::iter::once(0)).collect() };
    let (title, text) = (wide(title), wide(text));
    // SAFETY: both strings are NUL-terminated UTF-16 that outlive the call;
    // no owner window.
    unsafe {
        MessageBoxW(
            std::ptr::null_mut(),
            text.as_ptr(),
            title.as_ptr(),
            MB_OK | MB_ICONERROR,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_webview2_message_says_what_to_install_and_where_the_data_is() {
        let db = Path::new(r"C:\Users\张三\AppData\Local\cn.selfeval.app\selfeval.db");
        let m = webview2_missing_message(Some(db));
        assert!(m.contains("WebView2 运行时"), "{m}");
        assert!(m.contains(WEBVIEW2_DOWNLOAD), "{m}");
        assert!(
            m.contains(r"C:\Users\张三\AppData\Local\cn.selfeval.app\selfeval.db"),
            "{m}"
        );
        assert!(m.contains("selfeval.exe"), "{m}");
        assert!(!m.is_ascii());
        assert!(webview2_missing_message(None).contains("不受影响"));
    }

    #[test]
    fn the_check_passes_where_the_system_provides_the_webview() {
        if !cfg!(windows) {
            assert_eq!(check_webview(None), Ok(()));
        }
    }
}
