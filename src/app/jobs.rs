//! Work that may take longer than a keystroke on a large file — searching,
//! collecting matches for replace-all, hashing, saving, exporting. The app
//! describes the job; the event loop runs it on a worker thread while the
//! screen shows progress and Esc cancels; tests and small documents run it
//! at once. Most jobs only read the document; a save also rebases it on the
//! saved file, so it holds the document for its run (the screen meanwhile
//! shows the frame drawn before it started). A cancelled save leaves the
//! file as it was: cancelling fails the save's next disk call, and a save
//! undoes a failure completely (see `core::saveio::Watched`).

use std::ops::{ControlFlow, Range};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use std::io;
use std::path::PathBuf;

use crate::core::document::Document;
use crate::core::hash::{HashKind, hash_range};
use crate::core::save::{
    SaveError, SaveOptions, SaveReport, save_as_with, save_with, write_range_with,
};
use crate::core::saveio::{RealIo, Watched};
use crate::core::search::{Matcher, find_all, find_backward, find_forward};
use crate::core::strings::{Found, StrEncoding, scan};

/// A string of the strings panel: where it is, how it is stored, its
/// length in characters and its text (the first [`StringEntry::TEXT_MAX`]
/// characters of a longer one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StringEntry {
    pub offset: u64,
    pub encoding: StrEncoding,
    pub chars: u64,
    pub text: String,
}

impl StringEntry {
    /// Characters of a string kept for the list (a string may run for
    /// megabytes; the list shows one line of it).
    pub const TEXT_MAX: usize = 256;

    fn new(found: &Found<'_>) -> Self {
        let chars = found.text.len();
        StringEntry {
            offset: found.offset,
            encoding: found.encoding,
            chars: chars as u64,
            text: found.text[..chars.min(Self::TEXT_MAX)].to_string(),
        }
    }

    /// The bytes the string covers.
    pub fn bytes(&self) -> Range<u64> {
        let width = match self.encoding {
            StrEncoding::Ascii => 1,
            StrEncoding::Utf16Le | StrEncoding::Utf16Be => 2,
        };
        self.offset..self.offset + self.chars * width
    }
}

/// Why a find runs: to move the cursor, or to stop on a match to replace.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FindPurpose {
    Navigate,
    Replace { with: Vec<u8> },
}

/// Why every match is collected: to replace them all, to list them (find
/// all), or to count them for "match 3 of 17" while stepping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Collect {
    ReplaceAll { with: Vec<u8> },
    List,
    Count,
}

impl Collect {
    /// The most offsets kept: replace-all needs every one; a list keeps
    /// the first [`LIST_CAP`] and counts the rest.
    fn cap(&self) -> usize {
        match self {
            Collect::ReplaceAll { .. } => usize::MAX,
            Collect::List | Collect::Count => LIST_CAP,
        }
    }
}

/// The most entries a results list (matches, strings) keeps; the total is
/// still counted past it.
pub const LIST_CAP: usize = 100_000;

/// A piece of long-running work.
#[derive(Clone, Debug)]
pub enum Job {
    /// The next (or previous) match from `from`, wrapping around when asked.
    Find {
        matcher: Arc<Matcher>,
        from: u64,
        backward: bool,
        wrap: bool,
        purpose: FindPurpose,
    },
    /// Every match from `from` to the end: for replace-all, find all, or
    /// the match count.
    CollectMatches {
        matcher: Arc<Matcher>,
        from: u64,
        purpose: Collect,
    },
    /// The printable strings of a range (the strings panel).
    Strings { range: Range<u64>, min: usize },
    /// A digest of a range.
    Hash { kind: HashKind, range: Range<u64> },
    /// Save the document: to its own file, or (`to`) to another path.
    Save {
        to: Option<PathBuf>,
        opts: SaveOptions,
        then_quit: bool,
    },
    /// Write a range of the document to a file.
    Export { range: Range<u64>, path: PathBuf },
    /// Write bookmarks (JSON text) to a file, atomically: their own
    /// state file, or (`export`) a file the user named.
    WriteBookmarks {
        path: PathBuf,
        text: String,
        export: bool,
    },
    /// Read a bookmarks file the user named (import).
    ReadBookmarks { path: PathBuf },
}

impl Job {
    /// What the progress line says.
    pub fn label(&self) -> String {
        match self {
            Job::Find {
                backward: false, ..
            } => "searching forward".into(),
            Job::Find { backward: true, .. } => "searching backward".into(),
            Job::CollectMatches {
                purpose: Collect::Count,
                ..
            } => "counting the matches".into(),
            Job::CollectMatches { .. } => "finding every match".into(),
            Job::Strings { .. } => "finding printable strings".into(),
            Job::Hash { kind, .. } => format!("computing {}", kind.name()),
            Job::Save { .. } => "saving".into(),
            Job::Export { .. } => "writing the selection".into(),
            Job::WriteBookmarks { .. } => "writing bookmarks".into(),
            Job::ReadBookmarks { .. } => "reading bookmarks".into(),
        }
    }

    /// Whether the job changes the document (it then holds it while it
    /// runs).
    pub fn writes_document(&self) -> bool {
        matches!(self, Job::Save { .. })
    }

    /// Bytes the job reads at most, to show progress as a fraction.
    pub fn size(&self, doc: &Document) -> u64 {
        match self {
            Job::Find { .. } => doc.len(),
            Job::CollectMatches { from, .. } => doc.len().saturating_sub(*from),
            Job::Hash { range, .. } | Job::Export { range, .. } | Job::Strings { range, .. } => {
                range.end - range.start
            }
            Job::Save { .. } => doc.len(),
            // Small files: run at once, on the UI thread.
            Job::WriteBookmarks { .. } | Job::ReadBookmarks { .. } => 0,
        }
    }
}

/// What a job found or did.
#[derive(Debug)]
pub enum JobOutcome {
    Found {
        at: Option<u64>,
        wrapped: bool,
    },
    /// The first offsets (all of them for replace-all) and how many
    /// there are in all.
    Matches {
        offsets: Vec<u64>,
        total: u64,
    },
    /// The first strings found and how many there are in all.
    Strings {
        list: Vec<StringEntry>,
        total: u64,
    },
    Hashed(String),
    /// A save's result; `cancelled` when the user stopped it.
    Saved {
        result: Result<SaveReport, SaveError>,
        cancelled: bool,
    },
    /// An export's result; `cancelled` when the user stopped it.
    Exported {
        result: io::Result<()>,
        cancelled: bool,
    },
    /// A bookmarks file was written (or not).
    BookmarksWritten(io::Result<()>),
    /// A bookmarks file's text (or why it could not be read).
    BookmarksRead(io::Result<String>),
    Cancelled,
}

/// Shared between the worker and the screen: how far the job has got and
/// whether the user asked it to stop.
#[derive(Debug, Default)]
pub struct JobControl {
    pub done: AtomicU64,
    pub cancel: AtomicBool,
}

impl JobControl {
    fn progress(&self, base: u64) -> impl FnMut(u64) -> ControlFlow<()> + '_ {
        move |offset| {
            self.done
                .store(offset.saturating_sub(base), Ordering::Relaxed);
            if self.cancel.load(Ordering::Relaxed) {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Runs a job to its end (or until cancelled).
pub fn run(doc: &Document, job: &Job, ctl: &JobControl) -> JobOutcome {
    match job {
        Job::Find {
            matcher,
            from,
            backward,
            wrap,
            ..
        } => {
            let len = doc.len();
            let m = matcher.len() as u64;
            let first = if *backward {
                find_backward(doc, matcher, 0, *from, &mut ctl.progress(0))
            } else {
                find_forward(doc, matcher, *from, len, &mut ctl.progress(0))
            };
            if ctl.cancelled() {
                return JobOutcome::Cancelled;
            }
            if first.is_some() || !*wrap {
                return JobOutcome::Found {
                    at: first,
                    wrapped: false,
                };
            }
            let second = if *backward {
                find_backward(doc, matcher, *from, len, &mut ctl.progress(0))
            } else {
                find_forward(
                    doc,
                    matcher,
                    0,
                    (*from + m - 1).min(len),
                    &mut ctl.progress(0),
                )
            };
            if ctl.cancelled() {
                return JobOutcome::Cancelled;
            }
            JobOutcome::Found {
                at: second,
                wrapped: second.is_some(),
            }
        }
        Job::CollectMatches {
            matcher,
            from,
            purpose,
        } => {
            let cap = purpose.cap();
            let mut offsets = Vec::new();
            let mut total = 0u64;
            let r = find_all(
                doc,
                matcher,
                *from..doc.len(),
                &mut ctl.progress(*from),
                &mut |at| {
                    if offsets.len() < cap {
                        offsets.push(at);
                    }
                    total += 1;
                    ControlFlow::Continue(())
                },
            );
            if r.is_break() {
                JobOutcome::Cancelled
            } else {
                JobOutcome::Matches { offsets, total }
            }
        }
        Job::Strings { range, min } => {
            let mut list = Vec::new();
            let mut total = 0u64;
            let r = scan(
                doc,
                range.clone(),
                &StrEncoding::ALL,
                *min,
                &mut ctl.progress(range.start),
                &mut |f| {
                    if list.len() < LIST_CAP {
                        list.push(StringEntry::new(&f));
                    }
                    total += 1;
                    ControlFlow::Continue(())
                },
            );
            if r.is_break() {
                JobOutcome::Cancelled
            } else {
                JobOutcome::Strings { list, total }
            }
        }
        Job::Hash { kind, range } => {
            match hash_range(doc, range.clone(), *kind, &mut ctl.progress(range.start)) {
                Some(digest) => JobOutcome::Hashed(digest),
                None => JobOutcome::Cancelled,
            }
        }
        Job::Export { range, path } => {
            let io = Watched::new(&RealIo, &ctl.done, &ctl.cancel);
            let result = write_range_with(doc, range.clone(), path, &io);
            JobOutcome::Exported {
                cancelled: result.is_err() && ctl.cancelled(),
                result,
            }
        }
        Job::WriteBookmarks { path, text, .. } => {
            JobOutcome::BookmarksWritten(crate::core::bookmarks::write_atomic(path, text))
        }
        Job::ReadBookmarks { path } => JobOutcome::BookmarksRead(std::fs::read_to_string(path)),
        Job::Save { .. } => unreachable!("a save runs through run_mut"),
    }
}

/// Runs a job that changes the document (a save) to its end, or until
/// cancelled; any other job runs as [`run`] does.
pub fn run_mut(doc: &mut Document, job: &Job, ctl: &JobControl) -> JobOutcome {
    let Job::Save { to, opts, .. } = job else {
        return run(doc, job, ctl);
    };
    let io = Watched::new(&RealIo, &ctl.done, &ctl.cancel);
    let result = match to {
        Some(path) => save_as_with(doc, path, *opts, &io),
        None => save_with(doc, *opts, &io),
    };
    JobOutcome::Saved {
        cancelled: result.is_err() && ctl.cancelled(),
        result,
    }
}
