//! The oracle: `../shared/tools/ksref/ksref.js`, the Kaitai Struct reference
//! compiler and runtime (npm, 0.11.0) printing a parse in Structure JSON, run
//! in Node with the npm packages `.ci/run` installs under `target/ksref`.
//! `instances.js` beside this file evaluates instances the same way. And
//! the test files it is run on, generated once per test run by
//! `fixtures.py` (Python's standard library) into cargo's temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

/// The crate's folder; `shared/` sits beside it.
fn crate_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// hexbuf's own specs.
pub fn builtin_formats() -> PathBuf {
    crate_dir().join("assets/formats")
}

/// The public specs kept in `../shared/ksy` (read there, never copied).
pub fn shared_formats() -> PathBuf {
    crate_dir().join("../shared/ksy")
}

/// A reference parse: the exit status (0 parsed, 1 stopped at an error) and
/// the Structure JSON it printed.
#[derive(Debug)]
pub struct Reference {
    pub code: i32,
    pub json: Value,
}

/// Node, finding the npm packages `.ci/run` installs.
fn node() -> Command {
    let mut cmd = Command::new("node");
    cmd.env("NODE_PATH", crate_dir().join("target/ksref/node_modules"));
    cmd
}

/// The reference parse of `file` under `spec`, absolute imports read from
/// `formats`. `Err` holds ksref's one-line message when the spec does not
/// load or compile (exit 2); anything else unexpected panics.
pub fn ksref(formats: &Path, spec: &Path, file: &Path) -> Result<Reference, String> {
    let out = node()
        .arg(crate_dir().join("../shared/tools/ksref/ksref.js"))
        .arg("--formats")
        .arg(formats)
        .arg(spec)
        .arg(file)
        .output()
        .expect("node runs (.ci/run installs nodejs)");
    let stderr = String::from_utf8_lossy(&out.stderr).trim().to_string();
    match out.status.code() {
        Some(2) => Err(stderr),
        Some(code @ (0 | 1)) => {
            let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!(
                    "ksref printed no JSON for {} ({e}): {stderr}",
                    file.display()
                )
            });
            Ok(Reference { code, json })
        }
        other => panic!("ksref ended with {other:?} on {}: {stderr}", file.display()),
    }
}

/// The reference parse of a generated test file under a built-in spec.
pub fn ksref_builtin(spec: &str, fixture: &str) -> Reference {
    let formats = builtin_formats();
    let spec_path = formats.join(format!("{spec}.ksy"));
    ksref(&formats, &spec_path, &fixtures().path(fixture))
        .unwrap_or_else(|e| panic!("{spec}.ksy does not compile: {e}"))
}

/// A JavaScript expression over the reference parse of a generated file
/// under a built-in spec (`r` is the root object; names are the generated
/// code's camelCase), as JSON: for instances, which ksref does not print.
pub fn reference_instances(spec: &str, fixture: &str, expr: &str) -> Value {
    let out = node()
        .arg(crate_dir().join("tests/ksref/instances.js"))
        .arg(builtin_formats().join(format!("{spec}.ksy")))
        .arg(fixtures().path(fixture))
        .arg(expr)
        .output()
        .expect("node runs (.ci/run installs nodejs)");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "instances.js on {fixture}: {stderr}");
    serde_json::from_slice(&out.stdout).expect("instances.js prints JSON")
}

/// The generated test files and what the standard library says they hold.
pub struct Fixtures {
    dir: PathBuf,
    manifest: Value,
}

impl Fixtures {
    pub fn path(&self, name: &str) -> PathBuf {
        let p = self.dir.join(name);
        assert!(p.is_file(), "fixtures.py wrote no {name}");
        p
    }

    /// `(field path, value)` pairs the file must parse to.
    pub fn expected(&self, name: &str) -> &serde_json::Map<String, Value> {
        self.manifest[name]
            .as_object()
            .unwrap_or_else(|| panic!("no manifest entry for {name}"))
    }
}

/// Written on first use, kept for the whole test run.
pub fn fixtures() -> &'static Fixtures {
    static FIXTURES: OnceLock<Fixtures> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("ksref-fixtures");
        std::fs::create_dir_all(&dir).expect("a folder for the fixtures");
        let status = Command::new("python3")
            .arg(crate_dir().join("tests/ksref/fixtures.py"))
            .arg(&dir)
            .status()
            .expect("python3 runs (.ci/run installs it)");
        assert!(status.success(), "fixtures.py failed: {status}");
        let text = std::fs::read_to_string(dir.join("manifest.json")).expect("manifest.json");
        let manifest = serde_json::from_str(&text).expect("manifest.json is JSON");
        Fixtures { dir, manifest }
    })
}
