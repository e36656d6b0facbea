//! SIGKILL at every kind of call and at random moments, on each save path.

use std::os::unix::process::ExitStatusExt;

use super::*;

/// Size of the file the saves write: 4 MiB (HEXBUF_CRASH_MIB for more).
fn file_len() -> u64 {
    let mib: u64 = std::env::var("HEXBUF_CRASH_MIB")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4);
    mib << 20
}

/// A file, a hard link to it when the rewrite path is wanted, and the bytes
/// before and after the child's edits (the oracle's).
struct Setup {
    dir: tempfile::TempDir,
    path: PathBuf,
    link: Option<PathBuf>,
    old: Vec<u8>,
    new: Vec<u8>,
    resize: bool,
}

impl Setup {
    fn new(resize: bool, link: bool) -> Setup {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("data.bin");
        let old = Rng(7).bytes(file_len() as usize);
        fs::write(&path, &old).unwrap();
        let link = link.then(|| {
            let l = dir.path().join("link.bin");
            fs::hard_link(&path, &l).unwrap();
            l
        });
        let mut new = old.clone();
        apply_to_vec(&mut new, &script(old.len() as u64, resize));
        Setup {
            dir,
            path,
            link,
            old,
            new,
            resize,
        }
    }

    /// Puts the old bytes back (in place, so a hard link stays one).
    fn reset(&self) {
        fs::write(&self.path, &self.old).unwrap();
    }

    /// Also removes what killed saves left, so that the next save makes the
    /// same calls as the counted one (removing a leftover is a call too).
    fn reset_clean(&self) {
        self.reset();
        for name in self.leftovers() {
            fs::remove_file(self.dir.path().join(name)).unwrap();
        }
    }

    fn leftovers(&self) -> Vec<String> {
        names(self.dir.path())
            .into_iter()
            .filter(|n| n.starts_with(".hexbuf-save-"))
            .collect()
    }

    /// Opens the file the normal way; asserts it is old or new and that no
    /// journal is left; returns whether it is new.
    fn check(&self, at: &str) -> bool {
        let (bytes, notices) = reopen(&self.path);
        let is_new = if bytes == self.old {
            false
        } else if bytes == self.new {
            true
        } else {
            let len = bytes.len().min(self.old.len()).min(self.new.len());
            let first_bad = (0..len)
                .find(|&i| bytes[i] != self.old[i] && bytes[i] != self.new[i])
                .unwrap_or(len);
            panic!(
                "{at}: torn file ({} bytes; old {}, new {}; first byte neither at {first_bad})",
                bytes.len(),
                self.old.len(),
                self.new.len()
            );
        };
        if let Some(link) = &self.link {
            assert!(fs::read(link).unwrap() == bytes, "{at}: the link differs");
        }
        assert!(notices.len() <= 1, "{at}: {notices:?}");
        let journals: Vec<_> = names(self.dir.path())
            .into_iter()
            .filter(|n| n.ends_with(".hexbuf-journal"))
            .collect();
        assert!(journals.is_empty(), "{at}: {journals:?} left after opening");
        is_new
    }
}

/// Starts an uninterrupted child and waits until it starts saving.
fn spawn_until_saving(s: &Setup) -> (std::process::Child, Instant) {
    use std::io::BufRead;
    let mut child = child_command(&this_exe(), &[], &s.path, s.resize, 0)
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while line.trim() != "saving" {
        line.clear();
        assert!(
            out.read_line(&mut line).unwrap() > 0,
            "the child ended early"
        );
    }
    // Keep reading so the child never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut out, &mut std::io::sink()));
    (child, Instant::now())
}

/// Kill points: every call that is not a data write, and a dozen writes
/// spread over the rest (1-based call numbers).
fn kill_points(kinds: &str) -> Vec<u64> {
    let kinds: Vec<char> = kinds.chars().collect();
    let writes: Vec<usize> = (0..kinds.len()).filter(|&i| kinds[i] == 'w').collect();
    let step = (writes.len() / 12).max(1);
    let chosen: Vec<usize> = writes
        .iter()
        .enumerate()
        .filter(|&(j, _)| j % step == 0 || j + 1 == writes.len())
        .map(|(_, &i)| i)
        .collect();
    (0..kinds.len())
        .filter(|i| kinds[*i] != 'w' || chosen.contains(i))
        .map(|i| i as u64 + 1)
        .collect()
}

fn killed_saves(resize: bool, link: bool, method: &str) {
    let s = Setup::new(resize, link);
    let clean = names(s.dir.path());
    let out = run_child(&s.path, resize, 0);
    assert!(out.status.success(), "{out:?}");
    assert!(child_line(&out, "report").contains(method), "{out:?}");
    assert!(fs::read(&s.path).unwrap() == s.new, "an uninterrupted save");
    let kinds = child_line(&out, "calls");

    let (mut olds, mut news) = (0, 0);
    for n in kill_points(&kinds) {
        s.reset_clean();
        let out = run_child(&s.path, s.resize, n);
        let at = format!("{method}: killed before call {n} of {kinds}");
        assert_eq!(out.status.signal(), Some(9), "{at}: {out:?}");
        if s.check(&at) {
            news += 1;
        } else {
            olds += 1;
        }
    }
    assert!(olds > 0 && news > 0, "{method}: {olds} old, {news} new");

    // Killed from outside at random moments of the save itself.
    s.reset();
    let (mut child, started) = spawn_until_saving(&s);
    assert!(child.wait().unwrap().success());
    let saving = started.elapsed();
    let mut rng = Rng(saving.as_nanos() as u64);
    let mut outcomes = Vec::new();
    for i in 0..12 {
        s.reset();
        let (mut child, _) = spawn_until_saving(&s);
        let wait = saving.mul_f64((rng.below(1000) as f64) / 1000.0 * 1.1);
        std::thread::sleep(wait);
        let _ = child.kill();
        let status = child.wait().unwrap();
        let new = s.check(&format!(
            "{method}: killed from outside {wait:?} into a {saving:?} save (run {i}, {status})"
        ));
        outcomes.push(if new { "new" } else { "old" });
    }
    println!("  {method}: {saving:?} saves killed at random: {outcomes:?}");

    // A save by a live process removes what the dead ones left, and says so.
    s.reset();
    let left = s.leftovers().len();
    let out = run_child(&s.path, s.resize, 0);
    assert!(out.status.success(), "{out:?}");
    let report = child_line(&out, "report");
    assert_eq!(names(s.dir.path()), clean, "{report}");
    assert_eq!(report.matches(".hexbuf-save-").count(), left, "{report}");
    assert!(fs::read(&s.path).unwrap() == s.new);
}

pub fn in_place() {
    killed_saves(false, false, "InPlace");
}

pub fn replace() {
    killed_saves(true, false, "Replaced");
}

pub fn rewrite() {
    killed_saves(true, true, "Rewritten");
}

/// An in-place save killed after some of its data writes: a torn file and
/// its journal.
fn kill_mid_write(s: &Setup) {
    s.reset();
    let out = run_child(&s.path, false, 0);
    let kinds = child_line(&out, "calls");
    // The data writes start after the journal's rename and directory sync.
    let first_data = kinds.find("rd").expect("a journal was written") + 2;
    s.reset();
    let out = run_child(&s.path, false, first_data as u64 + 4);
    assert_eq!(out.status.signal(), Some(9), "{out:?}");
    let torn = fs::read(&s.path).unwrap();
    assert!(
        torn != s.old && torn != s.new,
        "the kill must leave a torn file"
    );
}

pub fn cli_notice() {
    let s = Setup::new(false, false);
    let bin = env!("CARGO_BIN_EXE_hexbuf");
    let path = s.path.to_str().unwrap();
    let reference = s.dir.path().join("reference");
    fs::write(&reference, &s.old).unwrap();
    let xxd = Command::new("xxd")
        .arg(&reference)
        .output()
        .expect("xxd runs");
    for args in [
        vec!["dump", "--format", "xxd", path],
        vec!["inspect", path, "--at", "0"],
        vec!["find", path, "--hex", "00"],
        vec!["patch", path, "--at", "0", "--hex", "5a"],
    ] {
        kill_mid_write(&s);
        let out = Command::new(bin).args(&args).output().unwrap();
        let stderr = String::from_utf8(out.stderr.clone()).unwrap();
        let want = format!("hexbuf: {path}: an interrupted save was rolled back (");
        assert!(
            stderr.starts_with(&want) && stderr.matches('\n').count() == 1,
            "{args:?}: {stderr:?}"
        );
        assert!(stderr.contains("ranges restored)"), "{stderr}");
        let mut expected = s.old.clone();
        if args[0] == "patch" {
            expected[0] = 0x5a;
        }
        assert!(fs::read(&s.path).unwrap() == expected, "{args:?}");
        if args[0] == "dump" {
            assert!(out.stdout == xxd.stdout, "dump shows the old bytes");
        }
        // Said once: the next command finds nothing to roll back.
        let again = Command::new(bin)
            .args(["inspect", path, "--at", "0"])
            .output()
            .unwrap();
        assert!(
            again.status.success() && again.stderr.is_empty(),
            "{again:?}"
        );
    }
}
