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
use crate::core::diff::{ByteSource, diff_aligned, diff_equal};
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
    handle: JoinHandle<Option<Vec<Span>>>,
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
    pub fn poll(&mut self) -> Option<(Key, Option<Vec<Span>>)> {
        if !self.running.as_ref()?.handle.is_finished() {
            return None;
        }
        self.wait()
    }

    /// Waits for the worker to end (tests; the view polls).
    pub fn wait(&mut self) -> Option<(Key, Option<Vec<Span>>)> {
        let r = self.running.take()?;
        let spans = r.handle.join().ok().flatten();
        Some((r.key, spans))
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

/// Compares two snapshots: at equal offsets, or aligned (insertions and
/// deletions found). `None` when `progress` asked to stop.
pub fn compute<A, B>(
    a: &A,
    b: &B,
    aligned: bool,
    progress: &mut dyn FnMut(u64) -> ControlFlow<()>,
) -> Option<Vec<Span>>
where
    A: ByteSource + ?Sized,
    B: ByteSource + ?Sized,
{
    let changes = if aligned {
        diff_aligned(a, b, progress)
    } else {
        diff_equal(a, b, progress)
    };
    let spans = changes
        .ok()?
        .into_iter()
        .map(|c| Span {
            a: c.a,
            b: c.b,
            len_a: c.len_a,
            len_b: c.len_b,
        })
        .collect();
    Some(spans)
}
