//! What edits cost in memory and allocations, counted by the allocator
//! itself (a counting wrapper around the system allocator), not by the
//! document's own accounting.

use std::alloc::System;
use std::sync::Mutex;

use hexbuf::core::document::Document;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, Stats, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The allocator is shared by the test threads: one measurement at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Bytes allocated and not freed (a reallocation counts its growth as
/// allocated and its shrinking as freed).
fn live_bytes(s: &Stats) -> f64 {
    s.bytes_allocated as f64 - s.bytes_deallocated as f64
}

/// Offsets spread over `len` bytes (xorshift64*), the same every run.
fn scattered(len: u64, n: usize) -> Vec<u64> {
    let mut x = 0x1234_5678_9abc_def1u64;
    (0..n)
        .map(|_| {
            x ^= x >> 12;
            x ^= x << 25;
            x ^= x >> 27;
            x.wrapping_mul(0x2545_f491_4f6c_dd1d) % len
        })
        .collect()
}

#[test]
fn a_scattered_one_byte_edit_costs_at_most_64_bytes_with_its_history() {
    const EDITS: usize = 200_000;
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let mut doc = Document::from_bytes(vec![0; 16 << 20]);
    let offsets = scattered(16 << 20, EDITS);
    let region = Region::new(GLOBAL);
    for (i, &at) in offsets.iter().enumerate() {
        doc.overwrite(at, &[i as u8 | 1]).unwrap();
        if i % 100 == 99 {
            doc.commit();
            // The editor takes the splices every frame.
            drop(doc.take_splices());
        }
    }
    doc.commit();
    drop(doc.take_splices());
    let change = region.change();
    let per_edit = live_bytes(&change) / EDITS as f64;
    let allocs = change.allocations as f64 / EDITS as f64;
    println!("{per_edit:.1} bytes and {allocs:.3} allocations per edit");
    assert!(per_edit <= 64.0, "{per_edit:.1} bytes per edit");
    assert!(allocs <= 1.0, "{allocs:.3} allocations per edit");
    // Undo everything: the tree is back to one piece.
    while doc.undo().is_some() {}
    assert_eq!(doc.read(0..u64::MAX), vec![0; 16 << 20]);
}

#[test]
fn typing_allocates_less_than_once_per_keystroke() {
    const KEYS: usize = 20_000;
    let _one = ONE_AT_A_TIME.lock().unwrap();
    let mut doc = Document::from_bytes(vec![0; 1 << 20]);
    let region = Region::new(GLOBAL);
    for i in 0..KEYS {
        // Two hex digits a byte: the first nibble writes the byte, the
        // second writes it again; a commit at the end of each run of 40.
        let at = 1000 + (i / 2) as u64;
        doc.overwrite(at, &[i as u8]).unwrap();
        if i % 40 == 39 {
            doc.commit();
            drop(doc.take_splices());
        }
    }
    let change = region.change();
    let allocs = change.allocations as f64 / KEYS as f64;
    let per_key = live_bytes(&change) / KEYS as f64;
    println!("{allocs:.3} allocations and {per_key:.1} bytes per keystroke");
    assert!(allocs <= 0.1, "{allocs:.3} allocations per keystroke");
    assert!(per_key <= 8.0, "{per_key:.1} bytes per keystroke");
    // The run of typing is one change, and undoes to the original.
    assert_eq!(doc.changes().len(), 1);
    while doc.undo().is_some() {}
    assert_eq!(doc.read(0..u64::MAX), vec![0; 1 << 20]);
}
