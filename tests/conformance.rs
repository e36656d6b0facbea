//! The Kaitai Struct conformance suite (../shared/kaitai-tests): every
//! `spec/ks/*.kst` parses its fixture with its spec and checks each
//! `actual:` expression against `expected:` with hexbuf's own evaluator;
//! every `formats_err/*.ksy` must be refused naming the YAML path its header
//! names. Prints the figures and the failing ids.

use std::path::{Path, PathBuf};
use std::rc::Rc;

use hexbuf::core::ksy::expr::{Value, parse_expr};
use hexbuf::core::ksy::parse::{Limits, Tree};
use hexbuf::core::ksy::spec::load_file;
use hexbuf::core::ksy::yaml::{self, Node};

/// The pass rates this runner asserts (the targets).
const KST_TARGET: f64 = 0.95;
const ERR_TARGET: f64 = 0.90;

fn suite() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/kaitai-tests")
}

fn sorted(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    v.sort();
    v
}

/// Runs `f` on a thread with a deep stack (parsing recurses per level).
fn deep<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(256 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// `ValidationNotEqualError<u1>` → `ValidationNotEqualError`.
fn kind_name(node: &Node) -> String {
    let text = node
        .as_scalar()
        .map(String::from)
        .or_else(|| node.get("type").and_then(Node::as_scalar).map(String::from))
        .unwrap_or_default();
    text.split('<').next().unwrap_or_default().to_string()
}

/// Whether `actual` matches `expected`: floats to the precision written.
fn same(actual: &Value, expected: &Value, expected_src: &str) -> bool {
    match (actual, expected) {
        (Value::Float(a), Value::Float(e)) => {
            let decimals = expected_src.split_once('.').map_or(0, |(_, d)| {
                d.chars().take_while(char::is_ascii_digit).count()
            });
            (a - e).abs() <= 0.5 * 10f64.powi(-(decimals as i32)) + 1e-9 * e.abs()
        }
        (Value::Array(a), Value::Array(e)) => {
            a.len() == e.len() && a.iter().zip(e.iter()).all(|(x, y)| same(x, y, ""))
        }
        // `[1, 2]` is written for byte arrays too; an enum may be given by number.
        (Value::Array(a), Value::Bytes(b)) | (Value::Bytes(b), Value::Array(a)) => {
            a.len() == b.len()
                && a.iter()
                    .zip(b.iter())
                    .all(|(x, y)| *x == Value::Int(i128::from(*y)))
        }
        (Value::Enum { value, .. }, Value::Int(n)) => value == n,
        _ => actual == expected,
    }
}

/// One .kst: Ok, or why it failed.
fn run_kst(kst: &Path) -> Result<(), String> {
    let src = std::fs::read_to_string(kst).map_err(|e| e.to_string())?;
    let doc = yaml::load(&src).map_err(|e| format!("kst yaml: {}", e.message))?;
    let id = doc.get("id").and_then(Node::as_scalar).ok_or("no id")?;
    let data = doc.get("data").and_then(Node::as_scalar).ok_or("no data")?;
    let formats = suite().join("formats");
    let roots = [formats.join("ks_path"), suite().join("../ksy")];
    let schema =
        load_file(&formats.join(format!("{id}.ksy")), &roots).map_err(|e| format!("spec: {e}"))?;
    let bytes = std::fs::read(suite().join("src").join(data)).map_err(|e| e.to_string())?;
    let mut tree = Tree::parse(Rc::new(schema), Rc::new(bytes), Limits::default());
    if let Some(exc) = doc.get("exception") {
        let want = kind_name(exc);
        return match &tree.error {
            Some(e) if e.kind.name() == want => Ok(()),
            Some(e) => Err(format!(
                "wanted {want}, got {}: {}",
                e.kind.name(),
                e.message
            )),
            None => Err(format!("wanted {want}, the parse succeeded")),
        };
    }
    if let Some(e) = &tree.error {
        return Err(format!(
            "parse failed at {}: {} ({})",
            e.path,
            e.message,
            e.kind.name()
        ));
    }
    let root = tree.root();
    for a in doc
        .get("asserts")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let actual_src = a
            .get("actual")
            .and_then(Node::as_scalar)
            .ok_or("assert without actual")?;
        let actual_ast = parse_expr(actual_src).map_err(|e| format!("{actual_src}: {e}"))?;
        let actual = tree.eval_expr(root, &actual_ast);
        if let Some(exc) = a.get("exception") {
            let want = kind_name(exc);
            match actual {
                Err(e) => {
                    let got = hexbuf::core::ksy::parse::ParseError::from_eval("", e);
                    if got.kind.name() != want {
                        return Err(format!(
                            "{actual_src}: wanted {want}, got {}",
                            got.kind.name()
                        ));
                    }
                    continue;
                }
                Ok(v) => return Err(format!("{actual_src}: wanted {want}, got {v}")),
            }
        }
        let actual = actual.map_err(|e| format!("{actual_src}: {e}"))?;
        let exp_node = a.get("expected").ok_or("assert without expected")?;
        let exp_src = exp_node.as_scalar().unwrap_or_default();
        if exp_src == "null" {
            if !matches!(actual, Value::Null) {
                return Err(format!("{actual_src}: got {actual}, expected null"));
            }
            continue;
        }
        let exp_ast = parse_expr(exp_src).map_err(|e| format!("expected {exp_src}: {e}"))?;
        let expected = tree
            .eval_expr(root, &exp_ast)
            .map_err(|e| format!("expected {exp_src}: {e}"))?;
        if !same(&actual, &expected, exp_src) {
            return Err(format!("{actual_src}: got {actual}, expected {expected}"));
        }
    }
    Ok(())
}

/// `/seq/1/type/cases/Str(foo)` and `/seq/1/type/cases/"foo"` both → `…/foo`.
fn normalize(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            let mut s = seg.trim().to_string();
            for wrap in ["Name(identifier(", "Str(", "IntNum(", "Bool("] {
                if let Some(inner) = s.strip_prefix(wrap) {
                    s = inner.trim_end_matches(')').to_string();
                }
            }
            s.trim_matches(|c| c == '"' || c == '\'').to_string()
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// One formats_err spec: None when its header names no error (a helper
/// imported by others), else whether it was refused at the right place.
fn run_err(ksy: &Path) -> Option<Result<(), String>> {
    let src = std::fs::read_to_string(ksy).ok()?;
    let mut lines = src.lines();
    let head = lines.next()?.strip_prefix("# ")?;
    let what = lines.next()?.trim_start_matches('#').trim();
    if !(what.starts_with("error:") || what.starts_with("warning:")) {
        return None;
    }
    let (_, where_) = head.split_once(": ").unwrap_or(("", head));
    let where_ = where_.trim_end_matches(':');
    let dir = ksy.parent()?.to_path_buf();
    let res = load_file(ksy, &[dir]);
    let found = match res {
        Err(e) => vec![e],
        Ok(s) => s.warnings,
    };
    if found.is_empty() {
        return Some(Err(format!("accepted; wanted {where_}: {what}")));
    }
    // A YAML error is placed by line (`name.ksy:6:8`), the rest by path.
    let ok = if let Some((_, pos)) = head
        .split_once(".ksy:")
        .filter(|_| !where_.starts_with('/'))
    {
        let line: usize = pos.split(':').next()?.parse().ok()?;
        found.iter().any(|e| e.line == Some(line))
    } else {
        found
            .iter()
            .any(|e| normalize(&e.path) == normalize(where_))
    };
    Some(if ok {
        Ok(())
    } else {
        Err(format!("got {}; wanted {where_}: {what}", found[0]))
    })
}

#[test]
fn kst_suite_passes() {
    let (passed, total, failed) = deep(|| {
        let files = sorted(&suite().join("spec/ks"), "kst");
        let mut failed = Vec::new();
        let mut passed = 0;
        for f in &files {
            let id = f.file_stem().unwrap().to_string_lossy().to_string();
            let r =
                std::panic::catch_unwind(|| run_kst(f)).unwrap_or_else(|_| Err("panicked".into()));
            match r {
                Ok(()) => passed += 1,
                Err(e) => failed.push(format!("{id}: {e}")),
            }
        }
        (passed, files.len(), failed)
    });
    for f in &failed {
        println!("FAIL {f}");
    }
    let rate = passed as f64 / total as f64;
    println!("kst: {passed}/{total} passed ({:.1}%)", 100.0 * rate);
    assert!(
        rate >= KST_TARGET,
        "kst pass rate {:.1}% below {:.0}%",
        100.0 * rate,
        100.0 * KST_TARGET
    );
}

#[test]
fn formats_err_are_refused() {
    let files = sorted(&suite().join("formats_err"), "ksy");
    let (mut passed, mut total) = (0, 0);
    for f in &files {
        let id = f.file_stem().unwrap().to_string_lossy().to_string();
        let Some(r) = run_err(f) else { continue };
        total += 1;
        match r {
            Ok(()) => passed += 1,
            Err(e) => println!("FAIL {id}: {e}"),
        }
    }
    let rate = passed as f64 / total as f64;
    println!(
        "formats_err: {passed}/{total} refused at the named key ({:.1}%)",
        100.0 * rate
    );
    assert!(
        rate >= ERR_TARGET,
        "formats_err rate {:.1}% below {:.0}%",
        100.0 * rate,
        100.0 * ERR_TARGET
    );
}

/// A small deterministic generator (xorshift), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Every spec of the suite and of ../shared/ksy over random bytes and over
/// its fixtures cut short or with bytes flipped: no panic, and each parse
/// ends well within the time bound.
#[test]
fn hostile_files_under_every_spec_end_cleanly() {
    let count = deep(|| {
        let formats = suite().join("formats");
        let ksy_root = suite().join("../ksy");
        let mut specs = sorted(&formats, "ksy");
        for dir in std::fs::read_dir(&ksy_root).unwrap().flatten() {
            if dir.path().is_dir() {
                specs.extend(sorted(&dir.path(), "ksy"));
            }
        }
        let fixtures = sorted(&suite().join("src"), "bin");
        let roots = [formats.join("ks_path"), ksy_root];
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut runs = 0;
        for spec in &specs {
            let Ok(schema) = load_file(spec, &roots) else {
                continue;
            };
            let schema = Rc::new(schema);
            for round in 0..6 {
                let mut bytes = if round < 3 {
                    let n = (rng.next() % 600) as usize;
                    (0..n).map(|_| rng.next() as u8).collect::<Vec<u8>>()
                } else {
                    let f = &fixtures[(rng.next() % fixtures.len() as u64) as usize];
                    std::fs::read(f).unwrap()
                };
                if round >= 3 && !bytes.is_empty() {
                    let cut = (rng.next() % bytes.len() as u64) as usize;
                    bytes.truncate(cut.max(1));
                    let flip = (rng.next() % bytes.len() as u64) as usize;
                    bytes[flip] ^= rng.next() as u8;
                }
                let started = std::time::Instant::now();
                let limits = Limits {
                    depth: 64,
                    nodes: 1_000_000,
                };
                let mut tree = Tree::parse(schema.clone(), Rc::new(bytes), limits);
                tree.eval_all_instances();
                let mut out = Vec::new();
                hexbuf::core::ksy::json::write_json(&tree, None, &mut out).unwrap();
                let took = started.elapsed();
                if took.as_millis() > 500 {
                    eprintln!("slow: {} round {round}: {took:?}", spec.display());
                }
                assert!(took.as_secs() < 20, "{} took {took:?}", spec.display());
                runs += 1;
            }
        }
        runs
    });
    println!("hostile: {count} parses ended cleanly");
    assert!(count > 1500, "only {count} parses ran");
}
