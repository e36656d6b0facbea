//! Hashing 256 MiB: through a `Document` (hexbuf's path, whole and after an
//! edit) against the same crate on a plain slice (the crate's own speed), for
//! SHA-256 and CRC32.
//!
//! `cargo bench --bench hash` measures the time the benchmark thread spent
//! on a CPU (Linux's /proc/thread-self/schedstat), not wall time, so that
//! other work on a shared machine does not count; `BENCH_CLOCK=wall` measures
//! wall time instead. Compare with `sha256sum` on a file of the same size.

#[path = "common/cpu_time.rs"]
mod cpu_time;

use std::hint::black_box;
use std::ops::ControlFlow;
use std::time::Duration;

use criterion::measurement::Measurement;
use criterion::{Criterion, SamplingMode, Throughput};
use hexbuf::core::document::Document;
use hexbuf::core::hash::{HashKind, hash_range};
use sha2::{Digest, Sha256};

const SIZE: usize = 256 << 20;

fn data() -> Vec<u8> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..SIZE)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

fn bench<M: Measurement>(c: &mut Criterion<M>) {
    let doc = Document::from_bytes(data());
    // The slice benches read the very memory the document holds: another
    // copy may be laid out differently in memory and skew the ratio.
    let bytes = doc.source().as_slice().expect("a file in memory");
    // The same bytes in three pieces, as after an edit in the middle.
    let mut edited = Document::from_bytes(bytes.to_vec());
    let mid = SIZE / 2;
    edited
        .overwrite(mid as u64, &bytes[mid..mid + 4096])
        .unwrap();

    let mut group = c.benchmark_group("hash_256MiB");
    group.throughput(Throughput::Bytes(SIZE as u64));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));

    group.bench_function("sha256/slice", |b| {
        b.iter(|| Sha256::digest(black_box(bytes)))
    });
    group.bench_function("crc32/slice", |b| {
        b.iter(|| crc32fast::hash(black_box(bytes)))
    });
    for kind in [HashKind::Sha256, HashKind::Crc32] {
        let name = kind.name().to_lowercase().replace('-', "");
        for (label, doc) in [("document", &doc), ("edited_document", &edited)] {
            group.bench_function(format!("{name}/{label}"), |b| {
                b.iter(|| hash_range(doc, 0..doc.len(), kind, &mut |_| ControlFlow::Continue(())))
            });
        }
    }
    group.finish();
}

fn main() {
    cpu_time::main(bench, bench);
}
