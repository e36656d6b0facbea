//! Hostile specs in the editor: endless nesting stops at the depth limit.

use super::*;

/// Test threads have 2 MiB of stack, a quarter of the editor's main
/// thread: a spec that nests without end stops at the editor's depth
/// limit with an error at its node, well within it.
#[test]
fn endless_nesting_stops_at_the_depth_limit_without_overflowing() {
    let dir = tempfile::tempdir().unwrap();
    let spec = dir.path().join("deep.ksy");
    fs::write(
        &spec,
        "meta:\n  id: deep\nseq:\n  - id: top\n    type: node\ntypes:\n  node:\n    seq:\n      - id: b\n        type: u1\n      - id: child\n        type: node\n",
    )
    .unwrap();
    let path = dir.path().join("f.bin");
    fs::write(&path, vec![7u8; 4096]).unwrap();
    let source = Source::open(&path, OpenOptions::default()).unwrap();
    let mut app = App::new(Document::new(source), AppOptions::default());
    let args = EditorArgs {
        file: Some(path),
        ksy: Some(spec),
        ..EditorArgs::default()
    };
    attach_structure(&mut app, &args);
    let s = app.structure.as_ref().unwrap();
    let e = s.tree().error.as_ref().expect("stopped");
    assert!(
        e.message.contains("48") || e.message.contains("deep"),
        "{}",
        e.message
    );
    let _ = draw(&mut app, 80, 24);
}
