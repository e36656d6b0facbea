//! The entropy strip's measure of 1 GiB: every block (what opening the
//! strip on a 1 GiB file costs), the byte histogram of the whole GiB, and
//! the recount after a small edit (one block); and finding the blocks to
//! recount in a document of a million edits after one more.
//!
//! `cargo bench --bench entropy` measures the time the benchmark thread
//! spent on a CPU (Linux's /proc/thread-self/schedstat), not wall time, so
//! that other work on a shared machine does not count; `BENCH_CLOCK=wall`
//! measures wall time instead.

mod common;
#[path = "common/cpu_time.rs"]
mod cpu_time;

use std::hint::black_box;
use std::ops::ControlFlow;
use std::time::Duration;

use common::random_bytes;
use criterion::measurement::Measurement;
use criterion::{Criterion, SamplingMode, Throughput};
use hexbuf::core::document::Document;
use hexbuf::core::entropy::{EntropyMap, dirty_blocks, histogram_range};

const SIZE: usize = 1 << 30;

fn go(_: u64) -> ControlFlow<()> {
    ControlFlow::Continue(())
}

fn bench<M: Measurement>(c: &mut Criterion<M>) {
    // Random bytes in the first half, zeros in the second: both a spread
    // of values and long runs of one value (the case a single table of
    // counters is slowest on).
    let mut bytes = random_bytes(SIZE / 2, 0x9e37_79b9_7f4a_7c15);
    bytes.resize(SIZE, 0);
    let mut doc = Document::from_bytes(bytes);
    let before = doc.snapshot();
    let map = EntropyMap::compute(&before, None, None, &mut go).unwrap();

    let mut group = c.benchmark_group("entropy_1GiB");
    group.throughput(Throughput::Bytes(SIZE as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("strip/every_block", |b| {
        b.iter(|| EntropyMap::compute(black_box(doc.content()), None, None, &mut go))
    });
    group.bench_function("histogram/whole", |b| {
        b.iter(|| histogram_range(black_box(doc.content()), 0..SIZE as u64, &mut go))
    });
    group.finish();

    doc.overwrite(SIZE as u64 / 3, b"an edit").unwrap();
    let after = doc.snapshot();
    let mut group = c.benchmark_group("entropy_1GiB_after_an_edit");
    group.sample_size(20);
    group.bench_function("strip/changed_blocks", |b| {
        b.iter(|| {
            let dirty = dirty_blocks(&map, &before, &after);
            EntropyMap::compute(black_box(&after), Some(&map), Some(&dirty), &mut go)
        })
    });
    group.finish();

    // A document with a million scattered one-byte edits: what finding
    // the blocks to count again costs after one more (the strip asks at
    // every key while it is shown).
    let mut doc = Document::from_bytes(random_bytes(16 << 20, 7));
    let mut x = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..1_000_000 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        doc.overwrite(x % (16 << 20), &[x as u8]).unwrap();
    }
    doc.commit();
    let before = doc.snapshot();
    let map = EntropyMap::compute(&before, None, None, &mut go).unwrap();
    doc.overwrite(5 << 20, b"an edit").unwrap();
    let after = doc.snapshot();
    let mut group = c.benchmark_group("entropy_16MiB_1M_edits_after_an_edit");
    group.sample_size(10);
    group.bench_function("dirty_blocks", |b| {
        b.iter(|| dirty_blocks(black_box(&map), &before, &after))
    });
    group.finish();
}

fn main() {
    cpu_time::main(bench, bench);
}
