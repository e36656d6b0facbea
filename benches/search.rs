//! Search benchmarks over a 64 MiB in-memory document of random bytes:
//! exact bytes (memmem), a `??` wildcard pattern and case-insensitive text
//! (regex), forward and backward, unedited and with scattered edits.

use std::hint::black_box;
use std::ops::ControlFlow;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hexbuf::core::document::Document;
use hexbuf::core::search::{Matcher, Pattern, find_all, find_backward};

mod common;
use common::random_bytes;

const LEN: usize = 64 << 20;

fn count(doc: &Document, matcher: &Matcher) -> u64 {
    let mut n = 0;
    let _ = find_all(
        doc,
        matcher,
        0..doc.len(),
        &mut |_| ControlFlow::Continue(()),
        &mut |_| {
            n += 1;
            ControlFlow::Continue(())
        },
    );
    n
}

fn patterns() -> Vec<(&'static str, Pattern)> {
    vec![
        ("4 bytes", Pattern::bytes(&[0xde, 0xad, 0xbe, 0xef])),
        (
            "wildcard de ?? be ef",
            Pattern::masked(&[Some(0xde), None, Some(0xbe), Some(0xef)]),
        ),
        ("text, ignoring case", Pattern::text("needle", false)),
    ]
}

fn search(c: &mut Criterion) {
    let doc = Document::from_bytes(random_bytes(LEN, 0x5eed));
    let mut edited = Document::from_bytes(random_bytes(LEN, 0x5eed));
    let mut seed = 1u64;
    for _ in 0..10_000 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let at = (seed >> 16) % edited.len();
        edited.overwrite(at, &seed.to_le_bytes()[..3]).unwrap();
    }
    let mut group = c.benchmark_group("search 64 MiB");
    group.throughput(Throughput::Bytes(LEN as u64));
    group.sample_size(20);
    for (name, pattern) in patterns() {
        let matcher = Matcher::new(&pattern);
        group.bench_function(format!("find_all {name}"), |b| {
            b.iter(|| black_box(count(&doc, &matcher)))
        });
        group.bench_function(format!("find_all {name}, 10k edits"), |b| {
            b.iter(|| black_box(count(&edited, &matcher)))
        });
    }
    // Backward: a needle absent from the data, so the whole document is read.
    let absent = Pattern::bytes(b"\x00hexbuf\x00");
    let matcher = Matcher::new(&absent);
    assert_eq!(count(&doc, &matcher), 0);
    group.bench_function("find_backward 8 bytes, no match", |b| {
        b.iter(|| {
            black_box(find_backward(&doc, &matcher, 0, doc.len(), &mut |_| {
                ControlFlow::Continue(())
            }))
        })
    });
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
