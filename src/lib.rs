//! hexbuf: a terminal hex editor that shows one file as hex, text and a
//! JavaScript typed array at once, and saves edits back safely.
//!
//! `core` holds the bytes, the edits and the encodings and knows nothing of
//! terminals; `cli` holds the non-interactive subcommands over it.

pub mod app;
pub mod cli;
pub mod config;
pub mod core;
pub mod editor;
pub mod term;
pub mod ui;
