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
    );
    embed(
        "formats",
        "ksy",
        "builtin_formats.rs",
        "The built-in specs: (name, text).",
        false,
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
