//! The loaded PDF face is kept for the next export, and can be let go (the
//! app does after a minute without PDF exports). Its own test binary, so no
//! other test loads faces meanwhile.

use std::sync::Arc;

use selfeval_core::pdf::font::{cached_faces, load, release_cached_faces, resolve};

#[test]
fn a_loaded_face_is_kept_until_released() {
    let choice = resolve(None).expect("a CJK font is installed");
    assert_eq!(cached_faces(), 0);
    let a = load(&choice).unwrap();
    let b = load(&choice).unwrap();
    assert!(Arc::ptr_eq(&a, &b), "the second export reuses the face");
    assert_eq!(cached_faces(), 1);
    release_cached_faces();
    assert_eq!(cached_faces(), 0);
    let c = load(&choice).unwrap();
    assert!(!Arc::ptr_eq(&a, &c), "loaded again after the release");
    assert_eq!(c.postscript_name, a.postscript_name);
    assert_eq!(cached_faces(), 1);
}
