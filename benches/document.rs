//! Document benchmarks: reading a screenful from a heavily edited document,
//! applying a million small edits, and undoing a large transaction.

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use hexbuf::core::document::Document;

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const BASE_LEN: usize = 16 << 20;
const SCREEN: usize = 4096;

fn base() -> Vec<u8> {
    let mut rng = Rng(0x1234_5678);
    (0..BASE_LEN).map(|_| rng.next() as u8).collect()
}

/// Applies `n` small edits at random places: mostly overwrites of 1–4
/// bytes, some inserts and deletes; commits every `commit_every` edits.
fn scatter_edits(doc: &mut Document, rng: &mut Rng, n: usize, commit_every: usize) {
    for i in 0..n {
        let len = doc.len();
        let at = rng.below(len);
        let bytes = rng.next().to_le_bytes();
        let size = 1 + rng.below(4) as usize;
        match rng.below(8) {
            0 => doc.insert(at, &bytes[..size]).unwrap(),
            1 => doc.delete(at..(at + size as u64).min(len)).unwrap(),
            _ => doc.overwrite(at, &bytes[..size]).unwrap(),
        }
        if commit_every > 0 && i % commit_every == commit_every - 1 {
            doc.commit();
        }
    }
    doc.commit();
}

fn read_screenful(c: &mut Criterion) {
    let mut doc = Document::from_bytes(base());
    let mut rng = Rng(42);
    scatter_edits(&mut doc, &mut rng, 10_000, 1);
    let len = doc.len();
    let offsets: Vec<u64> = (0..1024).map(|_| rng.below(len - SCREEN as u64)).collect();
    let mut group = c.benchmark_group("document");
    group.throughput(Throughput::Bytes(SCREEN as u64));
    let mut screen = vec![0u8; SCREEN];
    let mut i = 0;
    group.bench_function("read 4 KiB screenful, 10k scattered edits", |b| {
        b.iter(|| {
            i = (i + 1) % offsets.len();
            black_box(doc.read_into(black_box(offsets[i]), &mut screen))
        })
    });
    group.bench_function("read 4 KiB screenful as a Vec, 10k scattered edits", |b| {
        b.iter(|| {
            i = (i + 1) % offsets.len();
            let at = black_box(offsets[i]);
            black_box(doc.read(at..at + SCREEN as u64))
        })
    });
    group.finish();
}

fn million_edits(c: &mut Criterion) {
    let base = base();
    let mut group = c.benchmark_group("document");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    group.throughput(Throughput::Elements(1_000_000));
    group.bench_function("apply 1,000,000 small edits", |b| {
        b.iter_batched(
            || (Document::from_bytes(base.clone()), Rng(7)),
            |(mut doc, mut rng)| {
                scatter_edits(&mut doc, &mut rng, 1_000_000, 100);
                doc
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

fn undo_large_transaction(c: &mut Criterion) {
    const EDITS: usize = 100_000;
    let mut doc = Document::from_bytes(base());
    let mut rng = Rng(99);
    // Ten thousand earlier steps, then one step of 100k edits.
    scatter_edits(&mut doc, &mut rng, 10_000, 1);
    scatter_edits(&mut doc, &mut rng, EDITS, 0);
    let mut group = c.benchmark_group("document");
    group.throughput(Throughput::Elements(EDITS as u64));
    // Times the undo alone; the redo that puts the step back is not timed.
    group.bench_function("undo a 100k-edit transaction", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                black_box(doc.undo().unwrap());
                total += start.elapsed();
                doc.redo().unwrap();
            }
            total
        })
    });
    group.bench_function("redo a 100k-edit transaction", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                doc.undo().unwrap();
                let start = Instant::now();
                black_box(doc.redo().unwrap());
                total += start.elapsed();
            }
            total
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    read_screenful,
    million_edits,
    undo_large_transaction
);
criterion_main!(benches);
