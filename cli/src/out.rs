//! Standard output that ends the program quietly when the reader goes away
//! (`selfeval check … | more`, then `q`). On Unix the default SIGPIPE does
//! that before a write returns; on Windows a write to a closed pipe fails
//! (`ERROR_NO_DATA`, a broken pipe), where `println!` would panic.

use std::io::Write;

/// `println!` for the CLI's output: see the module documentation.
macro_rules! outln {
    () => {
        $crate::out::line(format_args!(""))
    };
    ($($arg:tt)*) => {
        $crate::out::line(format_args!($($arg)*))
    };
}
pub(crate) use outln;

/// Write one line to standard output, ending the process quietly (exit code
/// 0, as ripgrep does) if nobody reads it any more.
pub fn line(args: std::fmt::Arguments<'_>) {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_fmt(args).and_then(|()| out.write_all(b"\n")) {
        failed(&e);
    }
}

fn failed(e: &std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("无法写出结果：{}", selfeval_core::import::io_message(e));
    std::process::exit(2);
}

/// `selfeval … | head` on Unix: the default disposition of SIGPIPE, so the
/// process ends as other command-line tools do.
pub fn quiet_broken_pipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread
    // starts; no handler is installed.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
