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

#[doc(hidden)]
pub mod app;
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod core;
#[doc(hidden)]
pub mod editor;
#[doc(hidden)]
pub mod term;
#[doc(hidden)]
pub mod ui;
