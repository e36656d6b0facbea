//! Builds every lesson in assets/lessons and every built-in Kaitai spec in
//! assets/formats into the binary, in file-name order, so adding one is
//! adding a file; and, for a release build on x86-64 Linux, asks the
//! linker for a smaller start-up footprint (see [`link_options`]).

use std::env;
use std::fs;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    embed(
        "lessons",
        "lesson",
        "lessons.rs",
        "The built-in lessons: (file name, text), in order.",
        true,
        None,
    );
    embed(
        "formats",
        "ksy",
        "builtin_formats.rs",
        "The built-in specs: (name, text).",
        false,
        Some(spec_meta),
    );
    link_options();
}

/// What a release build of the binary asks of the linker, on x86-64 Linux,
/// so that opening a file touches fewer pages of the binary (README,
/// "Speed": peak memory counts every page of the binary the kernel maps
/// in, and it maps them 64 KiB at a time):
///
/// - `--symbol-ordering-file=assets/startup.order`: the functions that
///   start-up, the first frame and a jump to the end run, placed together
///   at the start of the code (the list is made by
///   `benches/tools/startup_order.sh`; names it has that the build does not
///   are skipped). LLD and mold read it; GNU ld and gold refuse the link.
/// - `-z pack-relative-relocs`: relative relocations packed (DT_RELR), so
///   the dynamic loader reads some 9 KB where it read 400 KB. A binary
///   with them needs glibc 2.36 where it runs.
///
/// Which linker rustc runs is not something a build script can read: rustc
/// 1.90's LLD default holds only for the Rust project's own builds (a
/// distribution's rustc may link with the system's `cc` and GNU ld), and
/// the config, `RUSTFLAGS` or a `cc` wrapper can choose another. So each
/// option is tried first: an empty program is linked with it, with the
/// same rustc, linker and flags as this build, and run (the binary is for
/// this machine: `TARGET` is `HOST`). An option is given only when both
/// work. `HEXBUF_PLAIN_LINK=1` turns both off.
fn link_options() {
    println!("cargo:rerun-if-env-changed=HEXBUF_PLAIN_LINK");
    let order = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets it"))
        .join("assets")
        .join("startup.order");
    println!("cargo:rerun-if-changed={}", order.display());
    let var = |k: &str| env::var(k).unwrap_or_default();
    if env::var_os("HEXBUF_PLAIN_LINK").is_some()
        || var("PROFILE") != "release"
        || var("TARGET") != "x86_64-unknown-linux-gnu"
        || var("TARGET") != var("HOST")
    {
        return;
    }
    // `-Wl,` splits its argument at commas.
    let ordering = format!("-Wl,--symbol-ordering-file={}", order.display());
    if order.is_file()
        && !order.to_string_lossy().contains(',')
        && links_and_runs(&[&ordering, "-Wl,--no-warn-symbol-ordering"])
    {
        println!("cargo:rustc-link-arg-bins={ordering}");
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
    if links_and_runs(&["-Wl,-z,pack-relative-relocs"]) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// Whether an empty program links with `link_args` added, with the rustc,
/// linker and flags of this build, and the result runs.
fn links_and_runs(link_args: &[&str]) -> bool {
    use std::io::Write;
    use std::process::Stdio;
    let (Some(rustc), Some(out_dir)) = (env::var_os("RUSTC"), env::var_os("OUT_DIR")) else {
        return false;
    };
    let exe = PathBuf::from(out_dir).join("link-probe");
    let _ = fs::remove_file(&exe);
    let mut cmd = Command::new(rustc);
    let flags = env::var("CARGO_ENCODED_RUSTFLAGS").unwrap_or_default();
    cmd.args(flags.split('\x1f').filter(|f| !f.is_empty()));
    if let Some(linker) = env::var_os("RUSTC_LINKER") {
        let mut arg = std::ffi::OsString::from("linker=");
        arg.push(linker);
        cmd.arg("-C").arg(arg);
    }
    for a in link_args {
        cmd.arg("-C").arg(format!("link-arg={a}"));
    }
    cmd.args(["--crate-type=bin", "--crate-name=link_probe", "-o"])
        .arg(&exe)
        .arg("-")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let Ok(mut child) = cmd.spawn() else {
        return false;
    };
    let wrote = child
        .stdin
        .take()
        .is_some_and(|mut i| i.write_all(b"fn main() {}\n").is_ok());
    let linked = child.wait().is_ok_and(|s| s.success()) && wrote;
    let ran = linked && Command::new(&exe).status().is_ok_and(|s| s.success());
    let _ = fs::remove_file(&exe);
    ran
}

/// Writes `$OUT_DIR/<out>`: a `BUILTIN` list of the `*.<ext>` files of
/// assets/<dir>, named by file name (`full_name`) or by stem; with `meta`,
/// also a `BUILTIN_META` list of what it makes of each file's text.
fn embed(
    dir: &str,
    ext: &str,
    out_name: &str,
    doc: &str,
    full_name: bool,
    meta: Option<fn(&str) -> String>,
) {
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
    if let Some(meta) = meta {
        out.push_str(
            "/// Of each `BUILTIN` spec, in order, read when hexbuf was built: its\n\
             /// id, its leading magic and its file extensions (what choosing a\n\
             /// spec for a file needs, without parsing YAML at start-up).\n\
             pub static BUILTIN_META: &[(&str, &[u8], &[&str])] = &[\n",
        );
        for f in &files {
            let text = fs::read_to_string(f).expect("reading a built-in file");
            out.push_str(&format!("    {},\n", meta(&text)));
        }
        out.push_str("];\n");
    }
    let dest = PathBuf::from(env::var("OUT_DIR").expect("cargo sets it")).join(out_name);
    // Rewritten only when it changes, so the crate is not rebuilt for nothing.
    if fs::read_to_string(&dest).ok().as_deref() != Some(out.as_str()) {
        fs::write(dest, out).expect("writing the embedded file list");
    }
}

/// `(id, magic, extensions)` of a Kaitai spec as Rust source, as
/// `core::ksy::find::describe` reads them at run time (a test holds the
/// two to each other): `meta/id`; `meta/file-extension`, one or a list,
/// lower-cased; the `contents` of the leading `seq` attributes up to the
/// first without one or with `if` or `repeat`, each item a byte when it is
/// an unquoted integer that fits, else its text.
fn spec_meta(text: &str) -> String {
    use yaml_rust2::{Yaml, YamlLoader};
    let docs = YamlLoader::load_from_str(text).expect("a built-in spec is YAML");
    let top = &docs[0];
    let scalar = |y: &Yaml| -> Option<String> {
        match y {
            Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
            Yaml::Integer(i) => Some(i.to_string()),
            Yaml::Boolean(b) => Some(b.to_string()),
            _ => None,
        }
    };
    let meta = &top["meta"];
    let id = scalar(&meta["id"]).expect("a built-in spec has meta/id");
    let extensions: Vec<String> = match &meta["file-extension"] {
        Yaml::Array(items) => items
            .iter()
            .filter_map(scalar)
            .map(|s| s.to_lowercase())
            .collect(),
        other => scalar(other)
            .map(|s| s.to_lowercase())
            .into_iter()
            .collect(),
    };
    let mut magic: Vec<u8> = Vec::new();
    if let Yaml::Array(seq) = &top["seq"] {
        for attr in seq {
            let c = &attr["contents"];
            if c.is_badvalue() || !attr["if"].is_badvalue() || !attr["repeat"].is_badvalue() {
                break;
            }
            let one = |y: &Yaml| -> Vec<u8> {
                match y {
                    Yaml::Integer(i) if (0..=255).contains(i) => vec![*i as u8],
                    y => scalar(y).unwrap_or_default().into_bytes(),
                }
            };
            match c {
                Yaml::Array(items) => items.iter().for_each(|i| magic.extend(one(i))),
                c => magic.extend(one(c)),
            }
        }
    }
    format!("({id:?}, &{magic:?}, &{extensions:?})")
}
