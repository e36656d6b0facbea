//! Kaitai parse benchmarks: a pcap-style capture of 100,000 packets (about
//! 11 MB) in a `Document`, parsed with an inline spec, then written as
//! Structure JSON — the work of `hexbuf parse --json` without the disk.

use std::hint::black_box;
use std::path::Path;
use std::rc::Rc;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use hexbuf::core::document::Document;
use hexbuf::core::ksy::json::write_json;
use hexbuf::core::ksy::parse::{Limits, Tree};
use hexbuf::core::ksy::spec::{Schema, load_str};

const PACKETS: u32 = 100_000;

const SPEC: &str = "meta: {id: capture, endian: le}
seq:
  - {id: magic, contents: [0xd4, 0xc3, 0xb2, 0xa1]}
  - {id: network, type: u4}
  - {id: packets, type: packet, repeat: eos}
types:
  packet:
    seq:
      - {id: ts_sec, type: u4}
      - {id: ts_usec, type: u4}
      - {id: incl_len, type: u4}
      - {id: orig_len, type: u4}
      - {id: body, size: incl_len}
";

fn capture() -> Vec<u8> {
    let mut b = vec![0xd4, 0xc3, 0xb2, 0xa1, 1, 0, 0, 0];
    for i in 0..PACKETS {
        let n = 70 + i % 60;
        for v in [1_600_000_000 + i, i % 1_000_000, n, n] {
            b.extend(v.to_le_bytes());
        }
        b.extend(std::iter::repeat_n(i as u8, n as usize));
    }
    b
}

fn parse(schema: &Rc<Schema>, doc: &Rc<Document>) -> Tree {
    Tree::parse(schema.clone(), doc.clone(), Limits::default())
}

fn bench(c: &mut Criterion) {
    let bytes = capture();
    let len = bytes.len() as u64;
    let doc = Rc::new(Document::from_bytes(bytes));
    let schema = Rc::new(load_str(SPEC, Path::new("capture.ksy"), &[]).unwrap());
    let mut g = c.benchmark_group("ksy");
    g.sample_size(10).throughput(Throughput::Bytes(len));
    g.bench_function("parse 100k packets", |b| {
        b.iter(|| black_box(parse(&schema, &doc)))
    });
    let tree = parse(&schema, &doc);
    assert!(tree.error.is_none());
    g.bench_function("json of 100k packets", |b| {
        b.iter(|| {
            let mut out = Vec::with_capacity(64 << 20);
            write_json(&tree, None, &mut out).unwrap();
            black_box(out.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
