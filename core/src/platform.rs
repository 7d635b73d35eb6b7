//! The operating system, as a value, so that platform rules (data folder,
//! font folders) are pure functions testable on any machine.

/// The operating systems SelfEval knows the conventions of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Os {
    Windows,
    MacOs,
    /// Linux and other Unix (XDG).
    Linux,
}

impl Os {
    /// The system this program runs on.
    pub fn current() -> Os {
        if cfg!(windows) {
            Os::Windows
        } else if cfg!(target_os = "macos") {
            Os::MacOs
        } else {
            Os::Linux
        }
    }
}
