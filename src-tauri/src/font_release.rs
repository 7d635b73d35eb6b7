//! The PDF export keeps its font loaded (a whole CJK font file, ~26 MB) so
//! that the next export, or the next form of a batch, is fast. After a minute
//! without a PDF export the app lets it go.

use std::sync::{Mutex, Once};
use std::time::{Duration, Instant};

/// How long the font stays loaded after the last PDF export.
pub const IDLE: Duration = Duration::from_secs(60);

static DEADLINE: Mutex<Option<Instant>> = Mutex::new(None);
static WATCHER: Once = Once::new();

/// A PDF export just used the font: keep it for `IDLE` from now.
pub fn used() {
    used_for(IDLE);
}

fn used_for(idle: Duration) {
    if let Ok(mut d) = DEADLINE.lock() {
        *d = Some(Instant::now() + idle);
    }
    WATCHER.call_once(|| {
        let tick = (idle / 4).max(Duration::from_millis(10));
        let _ = std::thread::Builder::new()
            .name("pdf-font-release".into())
            .spawn(move || loop {
                std::thread::sleep(tick);
                let due = DEADLINE
                    .lock()
                    .map(|mut d| match *d {
                        Some(t) if Instant::now() >= t => {
                            *d = None;
                            true
                        }
                        _ => false,
                    })
                    .unwrap_or(false);
                if due {
                    selfeval_core::pdf::font::release_cached_faces();
                }
            });
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use selfeval_core::pdf::font::{cached_faces, load, resolve};

    #[test]
    fn the_font_is_released_after_the_idle_time_and_kept_while_used() {
        let Some(choice) = resolve(None).ok() else {
            panic!("no CJK font installed (scripts/setup-system.sh installs fonts-noto-cjk)");
        };
        let idle = Duration::from_millis(400);
        load(&choice).unwrap();
        used_for(idle);
        // Used again before the deadline: still loaded after the first one.
        std::thread::sleep(Duration::from_millis(250));
        used_for(idle);
        std::thread::sleep(Duration::from_millis(250));
        assert_eq!(cached_faces(), 1, "released while still in use");
        // Then idle: let go.
        let t0 = Instant::now();
        while cached_faces() != 0 {
            assert!(t0.elapsed() < Duration::from_secs(5), "never released");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
