//! Writing a file so that a crash, a full disk or a failed export never
//! leaves half of it: write beside it, flush it to disk, rename it over the
//! target. Used by the store's files and by every export that saves a file.

use std::io::Write;
use std::path::{Path, PathBuf};

/// `path` with `suffix` appended to its whole name (`a.db` → `a.db.tmp`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// A fresh name for a temporary file in `path`'s folder, independent of
/// `path`'s own name: a name the officer chose at the file system's limit
/// (255 bytes on Linux, 255 UTF-16 units on Windows) leaves no room for a
/// suffix. Hidden on Unix, and never taken for a finished file.
pub fn temp_beside(path: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let name = format!(".selfeval-{}-{n}.partial", std::process::id());
    match path.parent() {
        Some(dir) => dir.join(name),
        None => PathBuf::from(name),
    }
}

/// Write `bytes` to `path` through a temporary file beside it and a rename;
/// on failure the temporary file is removed and `path` is as it was.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_beside(path);
    let res = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res?;
    sync_dir(path);
    Ok(())
}

/// Flush the file at `path` to disk. It is opened for writing: Windows
/// flushes only a handle with write access (`FlushFileBuffers` on a read-only
/// handle fails with "access denied", which once made every backup fail).
pub fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .open(path)?
        .sync_all()
}

/// Make a rename in `path`'s folder durable (Unix; a no-op elsewhere).
pub fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_and_leaves_nothing_on_failure() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("a.pdf");
        write(&p, b"one").unwrap();
        write(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
        // A target in a missing folder: an error, and no stray file.
        let q = d.path().join("missing").join("b.pdf");
        assert!(write(&q, b"x").is_err());
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_name_at_the_length_limit_is_written() {
        let d = tempfile::tempdir().unwrap();
        // 85 CJK characters: 255 bytes in UTF-8, the most a Linux name holds.
        let name: String = "绩效自评".chars().cycle().take(85).collect();
        let p = d.path().join(&name);
        write(&p, b"x").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"x");
        assert_ne!(temp_beside(&p), temp_beside(&p));
    }

    #[test]
    fn sync_file_flushes_an_existing_file_and_reports_a_missing_one() {
        let d = tempfile::tempdir().unwrap();
        let p = d.path().join("备份 2024.db");
        std::fs::write(&p, b"data").unwrap();
        sync_file(&p).unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"data");
        let missing = d.path().join("none.db");
        assert_eq!(
            sync_file(&missing).unwrap_err().kind(),
            std::io::ErrorKind::NotFound
        );
        assert!(!missing.exists(), "sync_file must not create a file");
    }
}
