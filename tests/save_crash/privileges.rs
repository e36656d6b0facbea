//! Saves by an unprivileged user (`setpriv` to nobody, as the CLI tests
//! do): a file that user may not write is never replaced by a rename, and
//! set-id bits are kept where the system allows, reported where not.

use super::*;

const NOBODY: u32 = 65534;

/// Runs the child as nobody (uid and gid 65534, no other groups).
fn as_nobody(path: &Path, resize: bool) -> Output {
    let exe = this_exe();
    child_command(
        "setpriv",
        &["--reuid=65534", "--regid=65534", "--clear-groups", &exe],
        path,
        resize,
        0,
    )
    .output()
    .expect("setpriv runs (util-linux)")
}

fn assert_root() {
    let probe = tempfile::NamedTempFile::new().unwrap();
    assert_eq!(
        probe.as_file().metadata().unwrap().uid(),
        0,
        "these tests drop from root to nobody: run the suite as root"
    );
}

/// A directory anyone may write, holding `data.bin` owned by `uid:gid`.
fn shared_file(uid: u32, gid: u32, mode: u32) -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempfile::tempdir().unwrap();
    set_mode(dir.path(), 0o777);
    let path = dir.path().join("data.bin");
    let bytes = Rng(3).bytes(64 << 10);
    fs::write(&path, &bytes).unwrap();
    std::os::unix::fs::chown(&path, Some(uid), Some(gid)).unwrap();
    set_mode(&path, mode);
    (dir, path, bytes)
}

pub fn unwritable() {
    assert_root();
    // Root's file that nobody may only read; nobody's own read-only file.
    for (uid, mode) in [(0, 0o644), (NOBODY, 0o444)] {
        for (resize, link) in [(false, false), (true, false), (true, true)] {
            let (dir, path, bytes) = shared_file(uid, uid, mode);
            if link {
                fs::hard_link(&path, dir.path().join("link")).unwrap();
            }
            let before = names(dir.path());
            let out = as_nobody(&path, resize);
            let at = format!("owner {uid}, mode {mode:o}, resize {resize}, link {link}");
            assert!(!out.status.success(), "{at}: saved: {out:?}");
            let error = child_line(&out, "error");
            assert!(
                error.contains(path.to_str().unwrap()) && error.contains("Permission denied"),
                "{at}: {error}"
            );
            assert!(fs::read(&path).unwrap() == bytes, "{at}: file changed");
            assert_eq!(names(dir.path()), before, "{at}");
            assert_eq!(mode_of(&path), mode, "{at}");
        }
    }
}

pub fn setid_kept() {
    assert_root();
    for mode in [0o4755, 0o2755, 0o6755] {
        for (resize, link, method) in [
            (false, false, "InPlace"),
            (true, false, "Replaced"),
            (true, true, "Rewritten"),
        ] {
            let (dir, path, _) = shared_file(NOBODY, NOBODY, mode);
            if link {
                fs::hard_link(&path, dir.path().join("link")).unwrap();
            }
            let out = as_nobody(&path, resize);
            let at = format!("mode {mode:o}, {method}");
            assert!(out.status.success(), "{at}: {out:?}");
            let report = child_line(&out, "report");
            assert!(report.contains(method), "{at}: {report}");
            assert!(report.contains("cleared_setid: false"), "{at}: {report}");
            assert_eq!(mode_of(&path), mode, "{at}");
        }
    }
}

pub fn setgid_cleared() {
    assert_root();
    // Group root, which nobody is not in: the system clears set-group-ID
    // when nobody writes and will not let nobody set it again.
    for (resize, method) in [(false, "InPlace"), (true, "Rewritten")] {
        let (_dir, path, _) = shared_file(NOBODY, 0, 0o2755);
        let out = as_nobody(&path, resize);
        assert!(out.status.success(), "{method}: {out:?}");
        let report = child_line(&out, "report");
        assert!(report.contains(method), "{report}");
        assert!(report.contains("cleared_setid: true"), "{report}");
        assert_eq!(mode_of(&path), 0o755, "{method}");
    }
}
