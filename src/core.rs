//! The terminal-free heart of hexbuf: the bytes on disk, the user's edits,
//! undo history, typed values, text encodings, search, hashes, copy formats
//! and saving.

pub mod access;
pub mod bookmarks;
pub mod buffers;
pub mod class;
pub mod diff;
pub mod display;
pub mod document;
pub mod encoding;
pub mod entropy;
pub mod explain;
pub mod export;
pub mod fit;
pub mod goto_expr;
pub mod hash;
pub mod history;
pub mod inspect;
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
pub mod strings;
pub mod text;
pub mod typed;

/// Helpers for the unit tests of core/ and app/.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::Path;

    /// Makes a FIFO (named pipe) at `path`, mode 0600, with mkfifo(1):
    /// rustix has no mknodat or mkfifoat on macOS.
    pub fn make_fifo(path: &Path) {
        let made = std::process::Command::new("mkfifo")
            .args(["-m", "600"])
            .arg(path)
            .status()
            .expect("mkfifo runs");
        assert!(made.success(), "mkfifo {}", path.display());
    }
}
