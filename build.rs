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

/// What a release build of the binary asks of the linker, on x86-64 Linux
/// with the toolchain's own linker, so that opening a file touches fewer
/// pages of the binary (README, "Speed": peak memory counts every page of
/// the binary the kernel maps in, and it maps them 64 KiB at a time):
///
/// - `--symbol-ordering-file=assets/startup.order`: the functions that
///   start-up, the first frame and a jump to the end run, placed together
///   at the start of the code (the list is made by
///   `benches/tools/startup_order.sh`; names it has that the build does not
///   are skipped). Only LLD reads it: it is given only when rustc ≥ 1.90
///   links with its bundled LLD (no linker chosen in the config or flags).
/// - `-z pack-relative-relocs`: relative relocations packed (DT_RELR), so
///   the dynamic loader reads some 9 KB where it read 400 KB. Needs glibc
///   2.36 where the binary runs: given only when the glibc it is built
///   against is at least that.
///
/// `HEXBUF_PLAIN_LINK=1` turns both off.
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
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let own_linker = env::var_os("RUSTC_LINKER").is_none()
        && !["linker", "fuse-ld", "link-self-contained"]
            .iter()
            .any(|f| flags.contains(f));
    if own_linker && rustc_minor().is_some_and(|m| m >= 90) && order.is_file() {
        println!(
            "cargo:rustc-link-arg-bins=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        println!("cargo:rustc-link-arg-bins=-Wl,--no-warn-symbol-ordering");
    }
    if glibc_minor().is_some_and(|m| m >= 36) {
        println!("cargo:rustc-link-arg-bins=-Wl,-z,pack-relative-relocs");
    }
}

/// The minor version of the rustc building this (`rustc 1.95.0 (…)` → 95).
fn rustc_minor() -> Option<u32> {
    let rustc = env::var_os("RUSTC")?;
    let out = Command::new(rustc).arg("--version").output().ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let version = text.split_whitespace().nth(1)?;
    let mut parts = version.split('.');
    (parts.next()? == "1").then_some(())?;
    parts.next()?.parse().ok()
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn glibc_minor() -> Option<u32> {
    None
}

/// The minor version of the glibc of the system building this (the binary
/// is built for the same system: `TARGET` is `HOST`), from
/// `getconf GNU_LIBC_VERSION` (`glibc 2.36` → 36).
fn glibc_minor() -> Option<u32> {
    let out = Command::new("getconf")
        .arg("GNU_LIBC_VERSION")
        .output()
        .ok()?;
    let text = String::from_utf8(out.stdout).ok()?;
    let version = text.trim().strip_prefix("glibc ")?;
    let mut parts = version.split('.');
    (parts.next()? == "2").then_some(())?;
    parts.next()?.parse().ok()
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
