//! Dump benchmarks: the xxd and pretty writers over 16 MiB of random bytes
//! into `io::sink()`, so that only the formatting is measured.

use std::hint::black_box;
use std::io;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hexbuf::cli::dump::{PrettyOptions, write_pretty, write_xxd};

mod common;
use common::random_bytes;

const LEN: usize = 16 << 20;

fn dump(c: &mut Criterion) {
    let bytes = random_bytes(LEN, 0xd00d);
    let mut group = c.benchmark_group("dump 16 MiB");
    group.throughput(Throughput::Bytes(LEN as u64));
    group.sample_size(20);
    group.bench_function("xxd", |b| {
        b.iter(|| write_xxd(&mut io::sink(), black_box(&bytes), 0).unwrap())
    });
    for color in [false, true] {
        let name = if color {
            "pretty, color"
        } else {
            "pretty, no color"
        };
        let opts = PrettyOptions {
            color,
            squeeze: true,
        };
        group.bench_function(name, |b| {
            b.iter(|| write_pretty(&mut io::sink(), black_box(&bytes), 0, opts).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, dump);
criterion_main!(benches);
