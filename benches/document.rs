//! Document benchmarks: reading a screenful from a heavily edited document,
//! applying a million small edits, undoing large transactions (a 100k-edit
//! step, a million-match replace-all) and the changes list per frame.
//!
//! Targets (issue 9): 1,000,000 scattered one-byte edits ≤ 0.5 s; reading
//! 4 KiB with 1,000,000 edits ≤ 2 µs; undoing a 1,000,000-match
//! replace-all ≤ 100 ms; memory per edit including history ≤ 64 bytes,
//! which the counting allocator below measures and prints before the
//! timings.

use std::alloc::System;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, Throughput, criterion_group};
use hexbuf::core::document::Document;
use hexbuf::core::source::Source;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

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
const MILLION: usize = 1_000_000;

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

/// `n` one-byte overwrites at random places, committed every 100 (the
/// editor takes the splices log at each commit, as it does every frame).
fn one_byte_edits(doc: &mut Document, rng: &mut Rng, n: usize) {
    let len = doc.len();
    for i in 0..n {
        doc.overwrite(rng.below(len), &[rng.next() as u8]).unwrap();
        if i % 100 == 99 {
            doc.commit();
            drop(doc.take_splices());
        }
    }
    doc.commit();
    drop(doc.take_splices());
}

/// Nanoseconds this thread has run on a CPU (from the scheduler's own
/// count): on a machine shared with other builds, wall-clock time also
/// counts the time spent waiting for a CPU; this does not.
fn cpu_ns() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    stat.split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Runs `f`, returning its result and the wall-clock and on-CPU times in
/// milliseconds.
fn timed<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (start, cpu) = (Instant::now(), cpu_ns());
    let out = f();
    let wall = start.elapsed().as_secs_f64() * 1e3;
    (out, wall, (cpu_ns() - cpu) as f64 / 1e6)
}

/// Prints what a million scattered one-byte edits cost in memory (tree,
/// add buffer and history; counted by the allocator) and allocations.
fn memory_report() {
    let mut doc = Document::from_bytes(base());
    let mut rng = Rng(7);
    let region = Region::new(GLOBAL);
    let ((), wall, cpu) = timed(|| one_byte_edits(&mut doc, &mut rng, MILLION));
    let s = region.change();
    let live = s.bytes_allocated as f64 - s.bytes_deallocated as f64;
    println!(
        "memory: 1,000,000 scattered one-byte edits: {:.1} bytes and {:.3} allocations per edit \
         (history included; {} changes); applied in {wall:.0} ms wall, {cpu:.0} ms on CPU",
        live / MILLION as f64,
        s.allocations as f64 / MILLION as f64,
        doc.changes().len(),
    );
    // Reading a screenful of the mixed million-edit document, on CPU.
    let mut doc = Document::from_bytes(base());
    let mut rng = Rng(42);
    scatter_edits(&mut doc, &mut rng, MILLION, 1);
    let len = doc.len();
    let mut screen = vec![0u8; SCREEN];
    let offsets: Vec<u64> = (0..100_000)
        .map(|_| rng.below(len - SCREEN as u64))
        .collect();
    let (n, wall, cpu) = timed(|| {
        offsets
            .iter()
            .map(|&at| doc.read_into(black_box(at), &mut screen))
            .sum::<usize>()
    });
    println!(
        "read 4 KiB, 1,000,000 small edits: {:.2} µs wall, {:.2} µs on CPU per read ({} bytes)",
        wall * 1e3 / 1e5,
        cpu * 1e3 / 1e5,
        n / 100_000
    );
}

fn read_screenful(c: &mut Criterion) {
    let mut group = c.benchmark_group("document");
    group.throughput(Throughput::Bytes(SCREEN as u64));
    // The 16 MiB file with a million edits has an edit every 16 bytes (a
    // screenful is some 600 pieces); the 1 GiB one, one every KiB.
    let sizes = [
        (10_000, BASE_LEN as u64, "10k scattered edits"),
        (MILLION, BASE_LEN as u64, "1,000,000 scattered edits"),
        (MILLION, 1 << 30, "1,000,000 scattered edits in 1 GiB"),
    ];
    for (edits, size, name) in sizes {
        let mut doc = if size == BASE_LEN as u64 {
            Document::from_bytes(base())
        } else {
            Document::new(Source::zeroed(size, None).unwrap())
        };
        let mut rng = Rng(42);
        scatter_edits(&mut doc, &mut rng, edits, 1);
        let len = doc.len();
        let offsets: Vec<u64> = (0..1024).map(|_| rng.below(len - SCREEN as u64)).collect();
        let mut screen = vec![0u8; SCREEN];
        let mut i = 0;
        group.bench_function(format!("read 4 KiB screenful, {name}"), |b| {
            b.iter(|| {
                i = (i + 1) % offsets.len();
                black_box(doc.read_into(black_box(offsets[i]), &mut screen))
            })
        });
        if edits == MILLION && size == BASE_LEN as u64 {
            // The changes panel asks for the list every frame.
            group.bench_function("changes list per frame, 1,000,000 scattered edits", |b| {
                b.iter(|| black_box(doc.changes().len()))
            });
        }
    }
    group.finish();
}

fn million_edits(c: &mut Criterion) {
    let base = base();
    let mut group = c.benchmark_group("document");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.throughput(Throughput::Elements(MILLION as u64));
    group.bench_function("apply 1,000,000 scattered one-byte edits", |b| {
        b.iter_batched(
            || (Document::from_bytes(base.clone()), Rng(7)),
            |(mut doc, mut rng)| {
                one_byte_edits(&mut doc, &mut rng, MILLION);
                doc
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("apply 1,000,000 small edits", |b| {
        b.iter_batched(
            || (Document::from_bytes(base.clone()), Rng(7)),
            |(mut doc, mut rng)| {
                scatter_edits(&mut doc, &mut rng, MILLION, 100);
                doc
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

/// Times `step` (an undo or a redo), with `back` (untimed) after each.
fn bench_step(
    c: &mut Criterion,
    name: &str,
    doc: &mut Document,
    step: fn(&mut Document) -> Option<std::ops::Range<u64>>,
    back: fn(&mut Document) -> Option<std::ops::Range<u64>>,
) {
    let mut group = c.benchmark_group("document");
    group.sample_size(20);
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let start = Instant::now();
                black_box(step(doc).unwrap());
                total += start.elapsed();
                back(doc).unwrap();
                drop(doc.take_splices());
            }
            total
        })
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
    bench_step(
        c,
        "undo a 100k-edit transaction",
        &mut doc,
        Document::undo,
        Document::redo,
    );
    doc.undo().unwrap();
    bench_step(
        c,
        "redo a 100k-edit transaction",
        &mut doc,
        Document::redo,
        Document::undo,
    );
}

fn undo_replace_all(c: &mut Criterion) {
    // A two-byte needle every 16 bytes: a million matches in 16 MiB,
    // each replaced by three bytes.
    let mut bytes = base();
    let matches: Vec<u64> = (0..MILLION as u64).map(|i| i * 16).collect();
    for &at in &matches {
        bytes[at as usize..at as usize + 2].copy_from_slice(b"\xab\xcd");
    }
    let mut doc = Document::from_bytes(bytes);
    let (n, wall, cpu) = timed(|| doc.replace_all(&matches, 2, b"XYZ").unwrap());
    println!("replace-all of {n} matches: {wall:.0} ms wall, {cpu:.0} ms on CPU");
    for _ in 0..3 {
        let (_, wall, cpu) = timed(|| doc.undo().unwrap());
        let (_, rwall, rcpu) = timed(|| doc.redo().unwrap());
        drop(doc.take_splices());
        println!(
            "undo of it: {wall:.0} ms wall, {cpu:.0} ms on CPU; redo: {rwall:.0} ms wall, {rcpu:.0} ms on CPU"
        );
    }
    bench_step(
        c,
        "undo a 1,000,000-match replace-all",
        &mut doc,
        Document::undo,
        Document::redo,
    );
    doc.undo().unwrap();
    bench_step(
        c,
        "redo a 1,000,000-match replace-all",
        &mut doc,
        Document::redo,
        Document::undo,
    );
}

criterion_group!(
    benches,
    read_screenful,
    million_edits,
    undo_large_transaction,
    undo_replace_all
);

fn main() {
    memory_report();
    benches();
    Criterion::default().configure_from_args().final_summary();
}
