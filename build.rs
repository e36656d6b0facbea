//! Builds every lesson in assets/lessons and every built-in Kaitai spec in
//! assets/formats into the binary, in file-name order, so adding one is
//! adding a file.

use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    embed(
        "lessons",
        "lesson",
        "lessons.rs",
        "The built-in lessons: (file name, text), in order.",
        true,
    );
    embed(
        "formats",
        "ksy",
        "builtin_formats.rs",
        "The built-in specs: (name, text).",
        false,
    );
}

/// Writes `$OUT_DIR/<out>`: a `BUILTIN` list of the `*.<ext>` files of
/// assets/<dir>, named by file name (`full_name`) or by stem.
fn embed(dir: &str, ext: &str, out_name: &str, doc: &str, full_name: bool) {
    let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("assets")
        .join(dir);
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<PathBuf> = fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    let mut out = format!("/// {doc}\npub static BUILTIN: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = if full_name {
            f.file_name()
        } else {
            f.file_stem()
        };
        let name = name.expect("a file").to_string_lossy();
        out.push_str(&format!(
            "    ({name:?}, include_str!({:?})),\n",
            f.display().to_string()
        ));
    }
    out.push_str("];\n");
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it")).join(out_name);
    // Rewritten only when it changes, so the crate is not rebuilt for nothing.
    if fs::read_to_string(&dest).ok().as_deref() != Some(out.as_str()) {
        fs::write(dest, out).expect("writing the embedded file list");
    }
}
