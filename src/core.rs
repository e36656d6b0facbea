//! The terminal-free heart of hexbuf: the bytes on disk, the user's edits,
//! undo history, typed values, text encodings, search, hashes, copy formats
//! and saving.

pub mod access;
pub mod buffers;
pub mod class;
pub mod display;
pub mod document;
pub mod encoding;
pub mod explain;
pub mod export;
pub mod fit;
pub mod hash;
pub mod history;
pub mod journal;
pub mod ksy;
pub mod lock;
pub mod mapguard;
pub mod number;
pub mod piece;
pub mod radix;
pub mod save;
pub mod saveio;
pub mod search;
pub mod snapshot;
pub mod source;
pub mod text;
pub mod typed;
