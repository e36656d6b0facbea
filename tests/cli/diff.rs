//! `hexbuf diff`: the differing offsets checked against the real `cmp -l`
//! on real binaries and edge cases, the exit codes against `cmp`'s, the
//! JSON parsed with serde_json, and `--align`'s changes applied to A,
//! which must give B.

use super::*;

use serde_json::Value as Json;

/// One change as the plain output prints it, with the bytes it shows.
#[derive(Debug)]
struct Line {
    kind: String,
    a: u64,
    b: u64,
    len_a: u64,
    len_b: u64,
    rest: String,
}

/// Runs `hexbuf diff` and parses its plain output: the change lines and
/// the summary (`N changes, M bytes differ`), checked against each other.
fn diff_plain(a: &Path, b: &Path, extra: &[&str]) -> (Option<i32>, Vec<Line>) {
    let mut args = vec!["diff", arg(a), arg(b)];
    args.extend(extra);
    let run = hexbuf(&args);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let text = run.stdout_text();
    let mut lines: Vec<&str> = text.lines().collect();
    let summary = lines.pop().expect("a summary line");
    let mut changes = Vec::new();
    for l in lines {
        let (head, rest) = l.split_once("  ").unwrap_or((l, ""));
        let f: Vec<&str> = head.split(' ').collect();
        assert_eq!(f.len(), 5, "{l:?}");
        let hex = |s: &str, key: &str| {
            let v = s
                .strip_prefix(key)
                .unwrap_or_else(|| panic!("{key} in {l:?}"));
            u64::from_str_radix(v.strip_prefix("0x").expect("0x"), 16).unwrap()
        };
        let dec = |s: &str, key: &str| s.strip_prefix(key).unwrap().parse::<u64>().unwrap();
        changes.push(Line {
            kind: f[0].to_string(),
            a: hex(f[1], "a="),
            b: hex(f[2], "b="),
            len_a: dec(f[3], "len_a="),
            len_b: dec(f[4], "len_b="),
            rest: rest.to_string(),
        });
    }
    let differ: u64 = changes.iter().map(|c| c.len_a.max(c.len_b)).sum();
    assert_eq!(
        summary,
        format!("{} changes, {differ} bytes differ", changes.len())
    );
    (run.code, changes)
}

/// `cmp -l A B`: its exit code, the 0-based differing offsets with both
/// bytes, and whether it reported an EOF (the files differ in length).
fn cmp_l(a: &Path, b: &Path) -> (Option<i32>, Vec<(u64, u8, u8)>, bool) {
    let out = tool("cmp", ["-l".as_ref(), a.as_os_str(), b.as_os_str()]);
    let text = String::from_utf8(out.stdout).unwrap();
    let diffs = text
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let at = f[0].parse::<u64>().unwrap() - 1;
            let oct = |s: &str| u8::from_str_radix(s, 8).unwrap();
            (at, oct(f[1]), oct(f[2]))
        })
        .collect();
    let eof = String::from_utf8_lossy(&out.stderr).contains("EOF");
    (out.status.code(), diffs, eof)
}

/// Checks `hexbuf diff A B` against `cmp -l A B` and the files' bytes.
#[track_caller]
fn check_against_cmp(a: &Path, b: &Path) {
    let (bytes_a, bytes_b) = (fs::read(a).unwrap(), fs::read(b).unwrap());
    let (code, lines) = diff_plain(a, b, &[]);
    let (cmp_code, cmp_diffs, cmp_eof) = cmp_l(a, b);
    assert_eq!(code, cmp_code, "exit code as cmp's");
    let mut offsets = Vec::new();
    let mut tail = None;
    for l in &lines {
        match l.kind.as_str() {
            "replace" => {
                assert_eq!((l.a, l.len_a), (l.b, l.len_b), "equal offsets: {l:?}");
                offsets.extend(l.a..l.a + l.len_a);
            }
            "insert" | "delete" => tail = Some((l.kind.clone(), l.a, l.len_a, l.len_b)),
            other => panic!("kind {other}"),
        }
    }
    let cmp_offsets: Vec<u64> = cmp_diffs.iter().map(|d| d.0).collect();
    assert_eq!(offsets, cmp_offsets, "the differing offsets are cmp's");
    for &(at, x, y) in &cmp_diffs {
        assert_eq!((bytes_a[at as usize], bytes_b[at as usize]), (x, y));
    }
    let common = bytes_a.len().min(bytes_b.len()) as u64;
    let want_tail = match bytes_a.len().cmp(&bytes_b.len()) {
        std::cmp::Ordering::Equal => None,
        std::cmp::Ordering::Less => Some((
            "insert".to_string(),
            common,
            0,
            bytes_b.len() as u64 - common,
        )),
        std::cmp::Ordering::Greater => Some((
            "delete".to_string(),
            common,
            bytes_a.len() as u64 - common,
            0,
        )),
    };
    assert_eq!(tail, want_tail);
    assert_eq!(
        tail.is_some(),
        cmp_eof,
        "a tail exactly when cmp reports EOF"
    );
}

/// A change of the JSON: (kind, a, b, len_a, len_b).
type JsonChange = (String, u64, u64, u64, u64);

/// Runs `hexbuf diff --json` (with `extra`), checks the shape and returns
/// the exit code and the changes as (kind, a, b, len_a, len_b).
fn diff_json(a: &Path, b: &Path, extra: &[&str]) -> (Option<i32>, Vec<JsonChange>) {
    let mut args = vec!["diff", arg(a), arg(b), "--json"];
    args.extend(extra);
    let run = hexbuf(&args);
    assert!(run.stderr.is_empty(), "stderr: {}", run.stderr);
    let json: Json = serde_json::from_slice(&run.stdout).expect("valid JSON");
    let obj = json.as_object().expect("an object");
    assert_eq!(obj.keys().collect::<Vec<_>>(), ["identical", "changes"]);
    let changes: Vec<_> = obj["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            let keys: Vec<&String> = c.as_object().unwrap().keys().collect();
            assert_eq!(keys, ["kind", "a", "b", "len_a", "len_b"]);
            let n = |k: &str| c[k].as_u64().unwrap_or_else(|| panic!("{k} is an integer"));
            (
                c["kind"].as_str().unwrap().to_string(),
                n("a"),
                n("b"),
                n("len_a"),
                n("len_b"),
            )
        })
        .collect();
    assert_eq!(obj["identical"].as_bool(), Some(changes.is_empty()));
    assert_eq!(run.code, Some(if changes.is_empty() { 0 } else { 1 }));
    (run.code, changes)
}

/// A turned into B by JSON changes: A's bytes between them, B's in them.
fn apply(a: &[u8], b: &[u8], changes: &[JsonChange]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut at = 0usize;
    for (kind, ca, cb, la, lb) in changes {
        let want = match (la, lb) {
            (0, _) => "insert",
            (_, 0) => "delete",
            _ => "replace",
        };
        assert_eq!(kind, want);
        assert!(*ca as usize >= at, "changes in order");
        // The unchanged stretch is the same length on both sides.
        assert_eq!(*ca as usize - at, *cb as usize - (out.len()));
        out.extend_from_slice(&a[at..*ca as usize]);
        out.extend_from_slice(&b[*cb as usize..(cb + lb) as usize]);
        at = (ca + la) as usize;
    }
    out.extend_from_slice(&a[at..]);
    out
}

/// The pairs of files the tests compare, named.
fn pairs(dir: &Path) -> Vec<(String, PathBuf, PathBuf)> {
    let put = |name: &str, bytes: &[u8]| {
        let p = dir.join(name);
        fs::write(&p, bytes).unwrap();
        p
    };
    let (ls, ls_bytes) = real_binary();
    let mut patched = ls_bytes.clone();
    for at in [0x40, 0x41, 0x42, 0x1000, 0x1007, 0x1008, patched.len() - 1] {
        patched[at] ^= 0x5a;
    }
    let shorter = &ls_bytes[..ls_bytes.len() - 1234];
    let empty = put("empty", b"");
    let random = random_bytes(100_000, 3);
    let mut random_edited = random.clone();
    random_edited[50_000..50_100].fill(0);
    random_edited.extend_from_slice(b"tail");
    vec![
        ("ls vs cp".into(), ls.clone(), PathBuf::from("/bin/cp")),
        ("cp vs ls".into(), PathBuf::from("/bin/cp"), ls.clone()),
        ("ls vs patched".into(), ls.clone(), put("patched", &patched)),
        ("ls vs shorter".into(), ls.clone(), put("shorter", shorter)),
        ("shorter vs ls".into(), dir.join("shorter"), ls.clone()),
        ("equal".into(), ls.clone(), ls.clone()),
        ("empty vs empty".into(), empty.clone(), put("empty2", b"")),
        ("empty vs ls".into(), empty.clone(), ls.clone()),
        ("ls vs empty".into(), ls.clone(), empty),
        (
            "random vs edited".into(),
            put("random", &random),
            put("random_edited", &random_edited),
        ),
    ]
}

#[test]
fn differing_offsets_and_exit_codes_are_cmps() {
    let dir = tempfile::tempdir().unwrap();
    for (name, a, b) in pairs(dir.path()) {
        eprintln!("{name}");
        check_against_cmp(&a, &b);
    }
}

/// 40 MiB: more than one round of the parallel comparison, with runs
/// across the places a round or a thread's part could end, read mapped and
/// read through pread.
#[test]
fn a_large_pair_differs_where_cmp_says_mapped_or_not() {
    let dir = tempfile::tempdir().unwrap();
    let a = random_bytes(40 << 20, 12);
    let mut b = a.clone();
    for at in [
        5,
        1 << 20,
        (8 << 20) - 2,
        16 << 20,
        (24 << 20) + 1,
        32 << 20,
        (40 << 20) - 3,
    ] {
        for x in &mut b[at - 3..at + 3] {
            *x = !*x;
        }
    }
    b.truncate((40 << 20) - 1);
    let (pa, pb) = (dir.path().join("a"), dir.path().join("b"));
    fs::write(&pa, &a).unwrap();
    fs::write(&pb, &b).unwrap();
    check_against_cmp(&pa, &pb);
    let (_, mapped) = diff_json(&pa, &pb, &[]);
    assert_eq!(mapped.len(), 8, "seven runs and the tail");
    let mapped = hexbuf(["diff", arg(&pa), arg(&pb), "--json"]);
    let pread = hexbuf_with(["diff", arg(&pa), arg(&pb), "--json"], |c| {
        c.env("HEXBUF_NO_MMAP", "1");
    });
    assert_eq!(pread.code, Some(1));
    assert!(
        pread.stdout == mapped.stdout,
        "the same changes read through pread"
    );
}

#[test]
fn json_lists_the_same_changes_as_the_plain_output() {
    let dir = tempfile::tempdir().unwrap();
    for (name, a, b) in pairs(dir.path()) {
        for extra in [&[][..], &["--align"]] {
            let (_, plain) = diff_plain(&a, &b, extra);
            let (_, json) = diff_json(&a, &b, extra);
            let plain: Vec<_> = plain
                .into_iter()
                .map(|l| (l.kind, l.a, l.b, l.len_a, l.len_b))
                .collect();
            assert_eq!(plain, json, "{name} {extra:?}");
        }
    }
}

#[test]
fn aligned_json_changes_applied_to_a_give_b() {
    let dir = tempfile::tempdir().unwrap();
    for (name, a, b) in pairs(dir.path()) {
        let (bytes_a, bytes_b) = (fs::read(&a).unwrap(), fs::read(&b).unwrap());
        let (_, changes) = diff_json(&a, &b, &["--align"]);
        assert!(apply(&bytes_a, &bytes_b, &changes) == bytes_b, "{name}");
        assert_eq!(changes.is_empty(), bytes_a == bytes_b, "{name}");
    }
}

#[test]
fn one_inserted_byte_in_a_binary_is_one_insert_with_align() {
    let (_, ls) = real_binary();
    let dir = tempfile::tempdir().unwrap();
    for at in [0, 100, ls.len() / 2, ls.len()] {
        let mut b = ls.clone();
        b.insert(at, 0x99);
        let (pa, pb) = (dir.path().join("a"), dir.path().join("b"));
        fs::write(&pa, &ls).unwrap();
        fs::write(&pb, &b).unwrap();
        let (code, changes) = diff_json(&pa, &pb, &["--align"]);
        assert_eq!(code, Some(1));
        assert_eq!(changes.len(), 1, "at {at}: {changes:?}");
        let (kind, ca, cb, la, lb) = &changes[0];
        assert_eq!((kind.as_str(), *la, *lb, ca, cb), ("insert", 0, 1, ca, ca));
        assert!(apply(&ls, &b, &changes) == b);
        // Without --align the same file differs almost everywhere after it.
        let (_, plain) = diff_json(&pa, &pb, &[]);
        assert!(plain.len() > 1 || at == ls.len());
    }
}

#[test]
fn each_line_shows_both_sides_bytes_and_the_asked_context() {
    let a = random_bytes(4096, 8);
    let mut b = a.clone();
    b[1000..1003].copy_from_slice(b"xyz");
    b[3000..3100].fill(7);
    let dir = tempfile::tempdir().unwrap();
    let (pa, pb) = (dir.path().join("a"), dir.path().join("b"));
    fs::write(&pa, &a).unwrap();
    fs::write(&pb, &b).unwrap();
    let hex = |s: &[u8]| {
        s.iter()
            .map(|x| format!("{x:02x}"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let (_, lines) = diff_plain(&pa, &pb, &[]);
    // The run of 3 bytes may grow where the random byte happened to match.
    let first = &lines[0];
    let (s, e) = (first.a as usize, (first.a + first.len_a) as usize);
    assert_eq!(
        first.rest,
        format!("{} -> {}", hex(&a[s..e]), hex(&b[s..e]))
    );
    // A long run is shortened, with its length.
    let long = lines
        .iter()
        .find(|l| l.len_a >= 90)
        .expect("the run of 100");
    let (s, e) = (long.a as usize, (long.a + long.len_a) as usize);
    assert!(long.rest.starts_with(&hex(&a[s..s + 8])), "{}", long.rest);
    assert!(
        long.rest.contains(&format!("({} bytes)", long.len_a)),
        "{}",
        long.rest
    );
    assert!(
        long.rest
            .ends_with(&format!("{} ({} bytes)", hex(&b[e - 8..e]), long.len_a))
    );
    assert!(long.rest.len() < 200, "shortened: {}", long.rest);
    // With --context 4: four bytes either side, the change in brackets.
    let (_, lines) = diff_plain(&pa, &pb, &["--context", "4"]);
    let first = &lines[0];
    let (s, e) = (first.a as usize, (first.a + first.len_a) as usize);
    let side = |x: &[u8]| {
        format!(
            "{} [{}] {}",
            hex(&x[s - 4..s]),
            hex(&x[s..e]),
            hex(&x[e..e + 4])
        )
    };
    assert_eq!(first.rest, format!("{} -> {}", side(&a), side(&b)));
}

#[test]
fn identical_files_exit_0_and_say_so() {
    let (_dir, path) = file_with(b"same bytes");
    let run = hexbuf(["diff", arg(&path), arg(&path)]);
    assert_eq!(run.ok(), "0 changes, 0 bytes differ\n");
    let run = hexbuf(["diff", arg(&path), arg(&path), "--json", "--align"]);
    let json: Json = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(run.code, Some(0));
    assert_eq!(json, serde_json::json!({"identical": true, "changes": []}));
}

#[test]
fn trouble_exits_2_naming_the_path() {
    let (dir, path) = file_with(b"x");
    let missing = dir.path().join("no-such-file");
    for args in [
        vec!["diff", arg(&path), arg(&missing)],
        vec!["diff", arg(&missing), arg(&path), "--align"],
        vec!["diff", arg(dir.path()), arg(&path), "--json"],
    ] {
        let run = hexbuf(&args);
        let named = if args[1] == arg(&path) {
            arg(&missing)
        } else {
            args[1]
        };
        assert_one_line_error(&run, &[named]);
    }
    let run = hexbuf(["diff", "-", "-"]);
    assert_one_line_error(&run, &["-"]);
}

#[test]
fn stdin_can_be_either_side() {
    let (_dir, path) = file_with(b"hello world");
    let run = hexbuf_with(["diff", "-", arg(&path)], |c| {
        c.write_stdin("hello World");
    });
    assert_eq!(run.code, Some(1));
    assert!(
        run.stdout_text()
            .starts_with("replace a=0x6 b=0x6 len_a=1 len_b=1  57 -> 77\n")
    );
}
