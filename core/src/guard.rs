//! The last line of defence at a language boundary: a panic becomes
//! `internal_error` instead of crossing into the host runtime (where it
//! would abort a Node process or a JVM).
//!
//! The core has no panicking code path (the clippy lints in `lib.rs`
//! enforce it); every binding still calls every operation through
//! [`catch_panic`], so a bug that slips past them costs one request an
//! error and never the process.

use crate::error::{Error, ErrorCode, Result};
use std::panic::{catch_unwind, AssertUnwindSafe};

/// Runs `operation`, turning a panic into [`ErrorCode::InternalError`].
///
/// ```
/// let answer = loginkit::catch_panic(|| Ok(42))?;
/// assert_eq!(answer, 42);
/// let err = loginkit::catch_panic(loginkit::panic_for_tests).unwrap_err();
/// assert_eq!(err.code().as_str(), "internal_error");
/// # Ok::<(), loginkit::Error>(())
/// ```
pub fn catch_panic<T>(operation: impl FnOnce() -> Result<T>) -> Result<T> {
    // The operations share no state that a panic could leave half-written
    // (a `Client` is immutable), so asserting unwind safety is sound.
    catch_unwind(AssertUnwindSafe(operation)).unwrap_or_else(|_| {
        Err(Error::new(
            ErrorCode::InternalError,
            "loginkit panicked; this is a bug, please report it with the input that caused it",
        ))
    })
}

/// Panics, on purpose. Each binding exposes it (hidden) so its tests can
/// prove that a panic becomes `internal_error` and the process lives on.
#[doc(hidden)]
#[allow(clippy::panic)]
pub fn panic_for_tests() -> Result<()> {
    // invariant: reachable only through this hidden entry point, which the
    // bindings' boundary tests call; no operation calls it.
    panic!("a deliberate panic, to test the language boundary")
}
