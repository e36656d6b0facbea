//! Saves under limits the OS sets: as an unprivileged user (`setpriv` to
//! nobody, as the CLI tests do) a file that user may not write is never
//! replaced by a rename, and set-id bits are kept where the system allows,
//! reported where not; in a mount namespace (`unshare -rm`) a read-only or
//! full file system refuses every path and leaves the file as it was.

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

pub fn unwritable_directory() {
    assert_root();
    // nobody may write the file but not the directory: no journal and no
    // temporary file can go beside it, and the save still works.
    for (resize, method) in [(false, "InPlace"), (true, "Rewritten")] {
        let (dir, path, bytes) = shared_file(NOBODY, NOBODY, 0o644);
        set_mode(dir.path(), 0o755);
        let out = as_nobody(&path, resize);
        assert!(out.status.success(), "{method}: {out:?}");
        assert!(child_line(&out, "report").contains(method), "{out:?}");
        let mut new = bytes.clone();
        apply_to_vec(&mut new, &script(bytes.len() as u64, resize));
        assert!(fs::read(&path).unwrap() == new, "{method}");
        assert_eq!(names(dir.path()), ["data.bin"], "{method}");
    }
}

/// Runs the child in a mount namespace of its own, on a tmpfs at `mnt`
/// prepared by `setup` (shell, with the file at `$f` copied from `$r`),
/// then prints `exit N`, `same` if the file still equals `$r`, and the
/// names on the tmpfs.
fn in_namespace(resize: bool, link: bool, options: &str, setup: &str) -> (Output, String) {
    let exe = this_exe();
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("mnt");
    fs::create_dir(&mnt).unwrap();
    let reference = dir.path().join("reference");
    fs::write(&reference, Rng(5).bytes(32 << 10)).unwrap();
    let file = mnt.join("data.bin");
    let ln = if link { "ln \"$f\" \"$m/link\";" } else { "" };
    let script = format!(
        "set -e; m='{m}'; r='{r}'; f='{f}'; mount -t tmpfs -o {options} none \"$m\"; \
         cp \"$r\" \"$f\"; {ln} {setup}; set +e; '{exe}'; echo \"exit $?\"; \
         rm -f \"$m/filler\"; cmp \"$r\" \"$f\" && echo same; ls -A \"$m\"",
        m = mnt.display(),
        r = reference.display(),
        f = file.display(),
    );
    let out = child_command("unshare", &["-rm", "sh", "-c", &script], &file, resize, 0)
        .output()
        .expect("unshare runs (util-linux)");
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    (out, text)
}

/// Asserts the child failed with `error`, the file is as it was and
/// nothing else is left beside it.
fn assert_refused(out: &Output, text: &str, link: bool, error: &str, at: &str) {
    let at = format!("{at}: {text} {}", String::from_utf8_lossy(&out.stderr));
    assert!(text.contains("exit 1"), "{at}");
    assert!(child_line(out, "error").contains(error), "{at}");
    assert!(text.contains("same"), "{at}");
    let listed: Vec<&str> = text.lines().skip_while(|l| *l != "same").skip(1).collect();
    let want: &[&str] = if link {
        &["data.bin", "link"]
    } else {
        &["data.bin"]
    };
    assert_eq!(listed, want, "{at}");
}

pub fn read_only_mount() {
    assert_root();
    for (resize, link) in [(false, false), (true, false), (true, true)] {
        let (out, text) = in_namespace(resize, link, "size=1m", "mount -o remount,ro \"$m\"");
        let at = format!("read-only, resize {resize}, link {link}");
        assert_refused(&out, &text, link, "Read-only file system", &at);
    }
}

pub fn full_filesystem() {
    assert_root();
    for (resize, link) in [(false, false), (true, false), (true, true)] {
        // Fill what the file left free (dd stops at "no space").
        let fill = "dd if=/dev/zero of=\"$m/filler\" bs=4k 2>/dev/null || true";
        let (out, text) = in_namespace(resize, link, "size=64k", fill);
        let at = format!("full, resize {resize}, link {link}");
        assert_refused(&out, &text, link, "No space left on device", &at);
    }
}
