//! Dump benchmarks: the xxd and pretty writers over 16 MiB of random bytes
//! into `io::sink()`, so that only the formatting is measured.

use std::hint::black_box;
use std::io;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hexbuf::cli::dump::{PrettyOptions, write_pretty, write_xxd};

const LEN: usize = 16 << 20;

fn random_bytes(len: usize, mut seed: u64) -> Vec<u8> {
    let mut out = Vec::with_capacity(len + 8);
    while out.len() < len {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        out.extend_from_slice(&seed.wrapping_mul(0x2545_f491_4f6c_dd1d).to_le_bytes());
    }
    out.truncate(len);
    out
}

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
