//! Comparing files: `diff_equal` on two mapped 1 GiB files that differ in a
//! few bytes, side by side in one run with the real `cmp -l` on the same
//! files; and `diff_aligned` on a 100 MiB pair with 10 scattered
//! insertions (in memory).
//!
//! `cargo bench --bench diff`. Wall time: the equal comparison runs on all
//! cores, and `cmp` is another process. The files (2 GiB) go in a temporary
//! directory under $TMPDIR and are read once before measuring, so both
//! tools read them from the page cache.

mod common;

use std::fs;
use std::hint::black_box;
use std::io::{Read, Write};
use std::ops::ControlFlow;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::random_bytes;
use criterion::{Criterion, SamplingMode, Throughput};
use hexbuf::core::diff::{diff_aligned, diff_equal};
use hexbuf::core::source::{OpenOptions, Source};

const GIB: usize = 1 << 30;

/// A 1 GiB file and a copy with 12 bytes changed in four places.
fn write_pair(dir: &Path) {
    let block = random_bytes(1 << 20, 5);
    let mut a = fs::File::create(dir.join("a")).unwrap();
    let mut b = fs::File::create(dir.join("b")).unwrap();
    let places = [12_345, 300_000_000, 700_000_001, GIB - 5];
    for i in 0..GIB >> 20 {
        let mut chunk = [&block[i * 7..], &block[..i * 7]].concat();
        a.write_all(&chunk).unwrap();
        for &p in &places {
            if p >> 20 == i {
                chunk[p & 0xf_ffff..][..3].copy_from_slice(&[0xff, 0, 0x11]);
            }
        }
        b.write_all(&chunk).unwrap();
    }
}

fn cmp_l(a: &Path, b: &Path) -> usize {
    let mut child = Command::new("cmp")
        .arg("-l")
        .args([a, b])
        .stdout(Stdio::piped())
        .spawn()
        .expect("cmp is installed");
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    child.wait().unwrap();
    out.len()
}

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a"), dir.path().join("b"));
    write_pair(dir.path());
    // Into the page cache, for both tools alike.
    let _ = cmp_l(&pa, &pb);

    let mut group = c.benchmark_group("diff_equal_1GiB");
    group.throughput(Throughput::Bytes(GIB as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(8));
    group.bench_function("hexbuf_mapped", |bench| {
        bench.iter(|| {
            let a = Source::open(&pa, OpenOptions::default()).unwrap();
            let b = Source::open(&pb, OpenOptions::default()).unwrap();
            let changes = diff_equal(&a, &b, &mut |_| ControlFlow::Continue(())).unwrap();
            assert_eq!(changes.len(), 4);
            black_box(changes)
        })
    });
    group.bench_function("cmp_l", |bench| bench.iter(|| black_box(cmp_l(&pa, &pb))));
    group.finish();
    drop(dir);

    let a = random_bytes(100 << 20, 9);
    let mut b = a.clone();
    for i in (0..10).rev() {
        let at = (i * 10 + 3) << 20;
        b.splice(at..at, random_bytes(1 + i * 9, i as u64 + 1));
    }
    let mut group = c.benchmark_group("diff_aligned_100MiB_10_insertions");
    group.throughput(Throughput::Bytes(100 << 20));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(5));
    group.bench_function("hexbuf", |bench| {
        bench.iter(|| {
            let changes = diff_aligned(&a[..], &b[..], &mut |_| ControlFlow::Continue(())).unwrap();
            assert_eq!(changes.len(), 10);
            black_box(changes)
        })
    });
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
