//! Finding the differences: at once for small files, else on a worker
//! thread over snapshots of both documents, so the view opens at once, stays
//! usable (and editable) meanwhile, and the count fills in when the worker
//! is done. A result for bytes that have since changed is thrown away and
//! the comparison starts again.

use std::ops::ControlFlow;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread::JoinHandle;

use super::align::Span;
use crate::core::diff::{ByteSource, Change, diff_aligned, for_each_equal_change};
use crate::core::snapshot::Snapshot;

/// Files whose sizes add up to less than this are compared at once, on
/// the UI thread (as jobs under this size run without a progress box).
pub const INLINE_BYTES: u64 = 16 << 20;

/// What a comparison is of: both revisions and the mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Key {
    pub rev_a: u64,
    pub rev_b: u64,
    pub aligned: bool,
}

/// How far a worker has got, and whether it should stop.
#[derive(Debug, Default)]
struct Control {
    done: AtomicU64,
    cancel: AtomicBool,
}

struct Running {
    key: Key,
    handle: JoinHandle<Option<Found>>,
    ctl: Arc<Control>,
    total: u64,
}

/// The comparison running in the background, if any.
#[derive(Default)]
pub struct DiffTask {
    running: Option<Running>,
}

impl std::fmt::Debug for DiffTask {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DiffTask")
            .field("running", &self.running.as_ref().map(|r| r.key))
            .finish()
    }
}

impl DiffTask {
    /// Starts comparing on a worker (stopping any comparison running).
    pub fn start(&mut self, key: Key, a: Snapshot, b: Snapshot) {
        self.cancel();
        let ctl = Arc::new(Control::default());
        let total = work(&a, &b, key.aligned);
        let worker = Arc::clone(&ctl);
        let handle = std::thread::spawn(move || {
            let mut progress = |done: u64| {
                worker.done.store(done, Ordering::Relaxed);
                if worker.cancel.load(Ordering::Relaxed) {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            };
            compute(&a, &b, key.aligned, &mut progress)
        });
        self.running = Some(Running {
            key,
            handle,
            ctl,
            total,
        });
    }

    /// Stops the running comparison (its worker ends at its next check).
    pub fn cancel(&mut self) {
        if let Some(r) = self.running.take() {
            r.ctl.cancel.store(true, Ordering::Relaxed);
        }
    }

    /// What is being compared, if anything.
    pub fn running(&self) -> Option<Key> {
        self.running.as_ref().map(|r| r.key)
    }

    /// The fraction done, in percent.
    pub fn percent(&self) -> Option<u64> {
        let r = self.running.as_ref()?;
        let done = r.ctl.done.load(Ordering::Relaxed).min(r.total);
        Some(if r.total == 0 {
            0
        } else {
            (done as u128 * 100 / r.total as u128) as u64
        })
    }

    /// The result, once the worker is done (`None` inside: it failed or
    /// was stopped).
    pub fn poll(&mut self) -> Option<(Key, Option<Found>)> {
        if !self.running.as_ref()?.handle.is_finished() {
            return None;
        }
        self.wait()
    }

    /// Waits for the worker to end (tests; the view polls).
    pub fn wait(&mut self) -> Option<(Key, Option<Found>)> {
        let r = self.running.take()?;
        let found = r.handle.join().ok().flatten();
        Some((r.key, found))
    }
}

impl Drop for DiffTask {
    fn drop(&mut self) {
        self.cancel();
    }
}

/// Bytes a comparison reads, for its progress: equal offsets report the
/// offset reached in the shorter file, aligned the offset reached in B.
fn work(a: &Snapshot, b: &Snapshot, aligned: bool) -> u64 {
    if aligned {
        b.len()
    } else {
        a.len().min(b.len())
    }
}

/// The most differences kept (32 bytes each): two files that differ in
/// every other byte would otherwise need a list as large as themselves.
pub const MAX_SPANS: usize = 1 << 20;

/// What a comparison found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub spans: Vec<Span>,
    /// False when the list stopped at [`MAX_SPANS`] (equal offsets): the
    /// bytes after its last span were not compared.
    pub complete: bool,
}

/// Compares two byte sources: at equal offsets, or aligned (insertions
/// and deletions found). `None` when `progress` asked to stop.
pub fn compute<A, B>(
    a: &A,
    b: &B,
    aligned: bool,
    progress: &mut dyn FnMut(u64) -> ControlFlow<()>,
) -> Option<Found>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let span = |c: Change| Span {
        a: c.a,
        b: c.b,
        len_a: c.len_a,
        len_b: c.len_b,
    };
    if aligned {
        let changes = diff_aligned(a, b, progress).ok()?;
        return Some(Found {
            spans: changes.into_iter().map(span).collect(),
            complete: true,
        });
    }
    let mut spans = Vec::new();
    let mut full = false;
    let result = for_each_equal_change(a, b, progress, &mut |c| {
        if spans.len() == MAX_SPANS {
            full = true;
            return ControlFlow::Break(());
        }
        spans.push(span(c));
        ControlFlow::Continue(())
    });
    (result.is_ok() || full).then_some(Found {
        spans,
        complete: !full,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn too_many_differences_are_listed_up_to_the_cap_and_said_to_be_incomplete() {
        // Every other byte differs: MAX_SPANS + 10 runs.
        let n = (MAX_SPANS + 10) * 2;
        let a = vec![0u8; n];
        let b: Vec<u8> = (0..n).map(|i| (i % 2) as u8).collect();
        let mut go_on = |_| ControlFlow::Continue(());
        let found = compute(&a, &b, false, &mut go_on).unwrap();
        assert!(!found.complete);
        assert_eq!(found.spans.len(), MAX_SPANS);
        assert_eq!(found.spans[5].a, 11);
        let few = compute(&a[..100], &b[..100], false, &mut go_on).unwrap();
        assert!(few.complete);
        assert_eq!(few.spans.len(), 50);
    }

    #[test]
    fn a_stopped_comparison_finds_nothing() {
        let a = vec![0u8; 1 << 20];
        let b = vec![1u8; 1 << 20];
        let mut stop = |_| ControlFlow::Break(());
        assert_eq!(compute(&a, &b, false, &mut stop), None);
    }
}
