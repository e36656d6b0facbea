//! hexbuf: a terminal hex editor that shows one file as hex, text and a
//! JavaScript typed array at once, and saves edits back safely.
//!
//! `core` holds the bytes, the edits and the encodings and knows nothing of
//! terminals; `cli` holds the non-interactive subcommands over it.
//!
//! The public surface of this package is the `hexbuf` binary. The library
//! exists so that the tests and benchmarks can reach the modules; its API
//! is internal, hidden from the documentation, and may change in any
//! release without a semver bump.
//!
//! hexbuf runs on Unix-like systems only: memory maps guarded against
//! SIGBUS, the save path's flock, fsync and fchown, the terminal's signals
//! and termios are Unix calls. Elsewhere the build stops at one clear
//! error rather than at the first missing Unix call.

#[cfg(not(unix))]
compile_error!("hexbuf runs on Unix-like systems only (Linux, macOS, BSD)");

#[cfg(unix)]
#[doc(hidden)]
pub mod app;
#[cfg(unix)]
#[doc(hidden)]
pub mod cli;
#[cfg(unix)]
#[doc(hidden)]
pub mod config;
#[cfg(unix)]
#[doc(hidden)]
pub mod core;
#[cfg(unix)]
#[doc(hidden)]
pub mod editor;
#[cfg(unix)]
#[doc(hidden)]
pub mod term;
#[cfg(unix)]
#[doc(hidden)]
pub mod ui;
