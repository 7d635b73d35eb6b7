//! The desktop shell (filled in by the desktop-app work).
pub fn run() {}
