//! What an aligned comparison of two 100 MiB buffers allocates, counted by
//! the allocator (a counting wrapper around the system one): everything it
//! ever allocates, which bounds its peak from above. The limit is
//! 64 MiB beyond the two files' own bytes.

use std::alloc::System;
use std::ops::ControlFlow;
use std::sync::Mutex;

use hexbuf::core::diff::{ChangeKind, diff_aligned};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// The allocator is shared by the test threads: one test at a time, from
/// its first allocation (a test building its 200 MiB of input while the
/// other measures would be counted in the other's figure).
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn noise(len: usize, mut seed: u64) -> Vec<u8> {
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

#[test]
fn aligning_100_mib_with_10_insertions_allocates_under_64_mib_in_all() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let a = noise(100 << 20, 7);
    let mut b = a.clone();
    for i in (0..10).rev() {
        let at = (i * 10 + 3) << 20;
        b.splice(at..at, noise(1 + i * 9, i as u64 + 1));
    }
    let region = Region::new(GLOBAL);
    let changes = diff_aligned(&a[..], &b[..], &mut |_| ControlFlow::Continue(())).unwrap();
    let stats = region.change();
    let total_mib = stats.bytes_allocated as f64 / (1 << 20) as f64;
    println!(
        "{total_mib:.1} MiB allocated in {} allocations",
        stats.allocations
    );
    assert!(total_mib <= 64.0, "{total_mib:.1} MiB");
    assert_eq!(changes.len(), 10);
    assert!(changes.iter().all(|c| c.kind == ChangeKind::Insert));
}

#[test]
fn aligning_100_mib_that_share_nothing_allocates_under_64_mib_and_is_one_replace() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let a = noise(100 << 20, 1);
    let b = noise(100 << 20, 2);
    let region = Region::new(GLOBAL);
    let changes = diff_aligned(&a[..], &b[..], &mut |_| ControlFlow::Continue(())).unwrap();
    let total_mib = region.change().bytes_allocated as f64 / (1 << 20) as f64;
    println!("{total_mib:.1} MiB allocated");
    assert!(total_mib <= 64.0, "{total_mib:.1} MiB");
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0].kind, ChangeKind::Replace);
}
