//! Saves that die: a child process (this test executable, re-run with
//! `HEXBUF_SAVE_CHILD` set) opens a file, edits it and saves it through a
//! `SaveIo` that SIGKILLs the process at a chosen call, or is SIGKILLed
//! from outside at a random moment. The file is then opened the normal way
//! (which rolls back an interrupted save) and must hold the old bytes or
//! the new ones, byte for byte — never a mix — on each of the three save
//! paths. Also the cases that need another user (`setpriv`): permissions
//! and set-id bits.
//!
//! A plain `main` (harness = false), so that the child can be this same
//! executable. `cargo test --test save_crash [FILTER]`.

use std::cell::{Cell, RefCell};
use std::fs::{self, File, Permissions};
use std::io;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Output, Stdio};
use std::time::Instant;

use hexbuf::core::document::Document;
use hexbuf::core::journal;
use hexbuf::core::save::{SaveOptions, save_with};
use hexbuf::core::saveio::{RealIo, SaveIo};
use hexbuf::core::source::{OpenOptions, Source};

#[path = "save_crash/crash.rs"]
mod crash;
#[path = "save_crash/editor.rs"]
mod editor;
#[path = "e2e/harness.rs"]
#[allow(dead_code)]
mod harness;
#[path = "save_crash/privileges.rs"]
mod privileges;

const CHILD: &str = "HEXBUF_SAVE_CHILD";

fn main() -> ExitCode {
    if let Ok(spec) = std::env::var(CHILD) {
        return child(&spec);
    }
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let tests: &[(&str, fn())] = &[
        (
            "crash::in_place_save_killed_anywhere_leaves_old_or_new",
            crash::in_place,
        ),
        (
            "crash::replacing_save_killed_anywhere_leaves_old_or_new",
            crash::replace,
        ),
        (
            "crash::rewriting_save_killed_anywhere_leaves_old_or_new",
            crash::rewrite,
        ),
        (
            "crash::every_subcommand_rolls_back_and_says_so_once",
            crash::cli_notice,
        ),
        (
            "editor::opening_rolls_back_and_says_so",
            editor::rollback_message,
        ),
        ("editor::recovery_file_is_private", editor::private_recovery),
        (
            "privileges::unwritable_file_is_not_replaced_by_rename",
            privileges::unwritable,
        ),
        (
            "privileges::directory_nobody_may_write_still_saves",
            privileges::unwritable_directory,
        ),
        (
            "privileges::read_only_mount_is_refused",
            privileges::read_only_mount,
        ),
        (
            "privileges::full_file_system_is_refused",
            privileges::full_filesystem,
        ),
        (
            "privileges::owner_keeps_set_id_bits_on_every_path",
            privileges::setid_kept,
        ),
        (
            "privileges::cleared_set_group_id_is_reported",
            privileges::setgid_cleared,
        ),
    ];
    let mut failed = Vec::new();
    let mut ran = 0;
    for (name, test) in tests {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        ran += 1;
        let start = Instant::now();
        let ok = std::panic::catch_unwind(test).is_ok();
        let took = start.elapsed().as_secs_f64();
        println!(
            "test {name} ... {} ({took:.1} s)",
            if ok { "ok" } else { "FAILED" }
        );
        if !ok {
            failed.push(*name);
        }
    }
    println!("\n{ran} run, {} failed {failed:?}", failed.len());
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Deterministic pseudo-random numbers (splitmix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }
}

/// One edit of the script both sides apply: the child to a `Document`,
/// the parent to a plain `Vec` (the oracle).
enum Edit {
    Overwrite(u64, Vec<u8>),
    Insert(u64, Vec<u8>),
    Delete(u64, u64),
}

/// Scattered overwrites; with `resize`, an insert and a delete too.
fn script(len: u64, resize: bool) -> Vec<Edit> {
    let mut rng = Rng(len ^ u64::from(resize));
    let ranges = 400;
    let mut edits: Vec<Edit> = (0..ranges)
        .map(|i| {
            let at = i * (len / ranges) + rng.below(len / ranges / 2);
            let n = 1 + rng.below(48) as usize;
            Edit::Overwrite(at, rng.bytes(n))
        })
        .collect();
    if resize {
        edits.push(Edit::Insert(len / 3, rng.bytes(4099)));
        edits.push(Edit::Delete(len / 2, 777));
    }
    edits
}

fn apply_to_vec(bytes: &mut Vec<u8>, edits: &[Edit]) {
    for e in edits {
        match e {
            Edit::Overwrite(at, b) => {
                bytes[*at as usize..*at as usize + b.len()].copy_from_slice(b);
            }
            Edit::Insert(at, b) => {
                bytes.splice(*at as usize..*at as usize, b.iter().copied());
            }
            Edit::Delete(at, n) => {
                bytes.drain(*at as usize..(*at + n) as usize);
            }
        }
    }
}

/// The real calls, counted; the process SIGKILLs itself before call
/// `kill_at` (0: never). Keeps a letter per call, to choose kill points.
struct KillIo {
    kill_at: u64,
    calls: Cell<u64>,
    kinds: RefCell<String>,
}

impl KillIo {
    fn tick(&self, kind: char) {
        let n = self.calls.get() + 1;
        self.calls.set(n);
        self.kinds.borrow_mut().push(kind);
        if n == self.kill_at {
            let _ = signal_hook::low_level::raise(signal_hook::consts::SIGKILL);
        }
    }
}

impl SaveIo for KillIo {
    fn open_write(&self, path: &Path) -> io::Result<File> {
        self.tick('o');
        RealIo.open_write(path)
    }
    fn create_new(&self, path: &Path, mode: u32) -> io::Result<File> {
        self.tick('c');
        RealIo.create_new(path, mode)
    }
    fn write_at(&self, file: &File, buf: &[u8], offset: u64) -> io::Result<usize> {
        self.tick('w');
        RealIo.write_at(file, buf, offset)
    }
    fn sync(&self, file: &File) -> io::Result<()> {
        self.tick('s');
        RealIo.sync(file)
    }
    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        self.tick('d');
        RealIo.sync_dir(dir)
    }
    fn set_len(&self, file: &File, len: u64) -> io::Result<()> {
        self.tick('l');
        RealIo.set_len(file, len)
    }
    fn allocate(&self, file: &File, offset: u64, len: u64) -> io::Result<()> {
        self.tick('a');
        RealIo.allocate(file, offset, len)
    }
    fn set_mode(&self, file: &File, mode: u32) -> io::Result<()> {
        self.tick('m');
        RealIo.set_mode(file, mode)
    }
    fn chown(&self, file: &File, uid: u32, gid: u32) -> io::Result<()> {
        self.tick('h');
        RealIo.chown(file, uid, gid)
    }
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        self.tick('r');
        RealIo.rename(from, to)
    }
    fn remove(&self, path: &Path) -> io::Result<()> {
        self.tick('x');
        RealIo.remove(path)
    }
}

/// The child: `HEXBUF_SAVE_CHILD=FILE:resize|same:KILL_AT`. Prints the
/// calls it made and the save's report, or the error (exit 1).
fn child(spec: &str) -> ExitCode {
    let mut parts = spec.rsplitn(3, ':');
    let kill_at: u64 = parts.next().unwrap().parse().unwrap();
    let resize = parts.next().unwrap() == "resize";
    let path = PathBuf::from(parts.next().unwrap());
    let source = Source::open(&path, OpenOptions::default()).expect("the child opens the file");
    let mut doc = Document::new(source);
    for e in script(doc.len(), resize) {
        match e {
            Edit::Overwrite(at, b) => doc.overwrite(at, &b),
            Edit::Insert(at, b) => doc.insert(at, &b),
            Edit::Delete(at, n) => doc.delete(at..at + n),
        }
        .unwrap();
    }
    doc.commit();
    let io = KillIo {
        kill_at,
        calls: Cell::new(0),
        kinds: RefCell::new(String::new()),
    };
    // The parent times its outside kills from this line.
    println!("saving");
    let _ = std::io::Write::flush(&mut std::io::stdout());
    let result = save_with(&mut doc, SaveOptions::default(), &io);
    println!("calls {}", io.kinds.borrow());
    match result {
        Ok(report) => {
            println!("report {report:?}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("error {e}");
            ExitCode::FAILURE
        }
    }
}

/// A command for the child on `path`; the caller adds how it runs.
fn child_command(program: &str, pre: &[&str], path: &Path, resize: bool, kill_at: u64) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(pre)
        .env(
            CHILD,
            format!(
                "{}:{}:{kill_at}",
                path.display(),
                if resize { "resize" } else { "same" }
            ),
        )
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn this_exe() -> String {
    std::env::current_exe()
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned()
}

/// Runs the child to its end (or its self-kill).
fn run_child(path: &Path, resize: bool, kill_at: u64) -> Output {
    child_command(&this_exe(), &[], path, resize, kill_at)
        .output()
        .expect("the child runs")
}

/// A line of the child's stdout that starts with `key`.
fn child_line(out: &Output, key: &str) -> String {
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix(key).map(|r| r.trim().to_owned()))
        .unwrap_or_else(|| panic!("no {key:?} in the child's output: {out:?}"))
}

fn names(dir: &Path) -> Vec<String> {
    let mut n: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    n.sort();
    n
}

/// Opens `path` the normal way (rolling back an interrupted save) and
/// returns its bytes and the notices opening left.
fn reopen(path: &Path) -> (Vec<u8>, Vec<String>) {
    let source = Source::open(path, OpenOptions::default()).unwrap();
    let bytes = source.slice(0..source.len()).into_owned();
    (bytes, journal::take_notices())
}

fn mode_of(path: &Path) -> u32 {
    fs::metadata(path).unwrap().mode() & 0o7777
}

fn set_mode(path: &Path, mode: u32) {
    fs::set_permissions(path, Permissions::from_mode(mode)).unwrap();
}
