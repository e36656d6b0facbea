//! Hostile specs in the editor: endless nesting stops at the depth limit.

use super::*;

/// Test threads have 2 MiB of stack, a quarter of the editor's main
/// thread: a spec that nests without end stops at the editor's depth
/// limit with an error at its node, well within it.
#[test]
fn endless_nesting_stops_at_the_depth_limit_without_overflowing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, _) = open_with_spec(
        dir.path(),
        "meta:\n  id: deep\nseq:\n  - id: top\n    type: node\ntypes:\n  node:\n    seq:\n      - id: b\n        type: u1\n      - id: child\n        type: node\n",
        &[7u8; 4096],
    );
    let s = app.structure.as_ref().unwrap();
    let e = s.tree().error.as_ref().expect("stopped");
    assert!(
        e.message.contains("48") || e.message.contains("deep"),
        "{}",
        e.message
    );
    let _ = draw(&mut app, 80, 24);
}
