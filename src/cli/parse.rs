//! `hexbuf parse`: finds or loads a Kaitai spec, parses FILE with it and
//! prints the tree (indented `name: value @offset+size`) or the Structure
//! JSON. Exit 2 when the spec does not load, 1 when the file stops
//! matching the spec (after printing what was read).

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::rc::Rc;

use anyhow::{Context, Result, anyhow};

use super::args::ParseArgs;
use super::open_input;
use crate::core::display::escape_path;
use crate::core::document::Document;
use crate::core::ksy::expr::Value;
use crate::core::ksy::find::{self, BUILTIN, SpecSource};
use crate::core::ksy::json::{quote, scalar, write_json};
use crate::core::ksy::parse::{Field, FieldValue, InstState, Limits, ObjId, Tree};
use crate::core::ksy::spec::{Loader, Schema};

/// Parsing recurses per nesting level; deep specs need a deep stack.
const STACK: usize = 512 << 20;

pub fn run(args: ParseArgs) -> Result<ExitCode> {
    std::thread::Builder::new()
        .name("parse".into())
        .stack_size(STACK)
        .spawn(move || run_here(&args))
        .context("starting the parser")?
        .join()
        .map_err(|_| anyhow!("the parser panicked"))?
}

fn run_here(args: &ParseArgs) -> Result<ExitCode> {
    let source = open_input(&args.file)?;
    let doc = Document::new(source);
    let schema = Rc::new(load_spec(args, &doc)?);
    let mut tree = Tree::parse(schema, Rc::new(doc), Limits::default());
    let mut out = BufWriter::with_capacity(1 << 20, io::stdout().lock());
    if args.json {
        write_json(&tree, args.max_items, &mut out)?;
    } else {
        write_text(&mut tree, args.max_items, &mut out)?;
    }
    out.flush()?;
    if let Some(e) = &tree.error {
        let at = if e.path.is_empty() {
            String::new()
        } else {
            format!(" at {}", e.path)
        };
        eprintln!(
            "hexbuf: {}: the file stops matching the spec{at}: {}",
            escape_path(&args.file),
            e.message
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The spec of --ksy, --format, or the one whose magic or extension fits.
fn load_spec(args: &ParseArgs, doc: &Document) -> Result<Schema> {
    let found = find_spec(
        args.ksy.as_deref(),
        args.format.as_deref(),
        &args.formats,
        &doc.read(0..64),
        &args.file,
    )?;
    let (schema, _) = found.ok_or_else(|| {
        anyhow!(
            "{}: no spec knows this file (by magic or extension); name one with --ksy or --format",
            escape_path(&args.file)
        )
    })?;
    Ok(schema)
}

/// Finds and loads the spec of `--ksy`, `--format`, or (with neither) the
/// one whose magic `head` starts with, else whose extension `file` has;
/// `Ok(None)` when none fits. The flag says whether the magic matched.
/// Used by `hexbuf parse` and by the editor's structure panel.
pub fn find_spec(
    ksy: Option<&Path>,
    format: Option<&str>,
    formats: &[PathBuf],
    head: &[u8],
    file: &Path,
) -> Result<Option<(Schema, bool)>> {
    let mut dirs: Vec<PathBuf> = formats.to_vec();
    dirs.extend(find::user_formats_dir().filter(|d| d.is_dir()));
    let loader = Loader {
        roots: formats.to_vec(),
    };
    let (source, by_magic) = if let Some(ksy) = ksy {
        (SpecSource::File(ksy.to_path_buf()), false)
    } else if let Some(name) = format {
        let source = find::by_name(name, &dirs, BUILTIN).ok_or_else(|| {
            anyhow!("--format: no spec named '{name}' in the formats folders or built in")
        })?;
        (source, false)
    } else {
        let cands = find::candidates(&dirs, BUILTIN);
        let Some(source) = find::detect(head, file, &cands) else {
            return Ok(None);
        };
        let by_magic = cands
            .iter()
            .any(|c| !c.magic.is_empty() && head.starts_with(&c.magic));
        (source, by_magic)
    };
    let schema = match &source {
        SpecSource::File(f) => loader.load_file(f),
        SpecSource::Builtin(name, src) => {
            loader.load_str(src, Path::new(&format!("<built-in>/{name}.ksy")))
        }
    };
    schema
        .map(|s| Some((s, by_magic)))
        .map_err(|e| anyhow!("{e}"))
}

/// The text tree: one line per node, two spaces per level.
pub fn write_text(tree: &mut Tree, max_items: Option<u64>, out: &mut dyn Write) -> io::Result<()> {
    let root = tree.root();
    let o = &tree.objs[root];
    writeln!(
        out,
        "{}: {} @0+{}",
        tree.schema.id(),
        tree.schema.id(),
        o.end.saturating_sub(o.start)
    )?;
    text_fields(tree, root, 1, max_items, out)?;
    if let Some(e) = &tree.error {
        writeln!(
            out,
            "error at {}: {}",
            if e.path.is_empty() { "/" } else { &e.path },
            e.message
        )?;
    }
    Ok(())
}

fn text_fields(
    tree: &Tree,
    obj: ObjId,
    depth: usize,
    max: Option<u64>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let o = &tree.objs[obj];
    let t = &tree.schema.types[o.ty];
    for (attr, f) in t.seq.iter().zip(&o.fields) {
        if let Some(f) = f {
            text_node(tree, &attr.id, f, depth, max, out)?;
        }
    }
    for &i in &o.inst_order {
        if let InstState::Done(f) = &o.instances[i] {
            text_node(tree, &t.instances[i].id, f, depth, max, out)?;
        }
    }
    Ok(())
}

/// Bytes for people: `[7f 45 4c 46]`, the first 16 of a longer run.
fn bytes_text(b: &[u8]) -> String {
    let hex: Vec<String> = b.iter().take(16).map(|x| format!("{x:02x}")).collect();
    if b.len() > 16 {
        format!("[{} …] ({} bytes)", hex.join(" "), b.len())
    } else {
        format!("[{}]", hex.join(" "))
    }
}

fn text_node(
    tree: &Tree,
    name: &str,
    f: &Field,
    depth: usize,
    max: Option<u64>,
    out: &mut dyn Write,
) -> io::Result<()> {
    if matches!(f.value, FieldValue::Absent) {
        return Ok(());
    }
    let indent = "  ".repeat(depth);
    let at = format!(
        "@{}+{}",
        tree.abs(f.io, f.start),
        f.end.saturating_sub(f.start)
    );
    let stream = tree.ios[f.io]
        .origin
        .as_ref()
        .map_or(String::new(), |o| format!(" (in {o})"));
    let error = f
        .error
        .as_ref()
        .map_or(String::new(), |e| format!("  !! {e}"));
    match &f.value {
        FieldValue::Scalar(v) => {
            let shown = match (f.enum_, v) {
                (Some(e), Value::Enum { value, .. }) => {
                    let def = &tree.schema.enums[e];
                    match def.label(*value) {
                        Some(l) => format!("{}::{l} ({value})", def.name),
                        None => format!("{value} (not in {})", def.name),
                    }
                }
                (_, Value::Str(s)) => quote(s),
                (_, Value::Bytes(b)) => bytes_text(b),
                (_, v) => scalar(v).unwrap_or_else(|| v.to_string()),
            };
            writeln!(out, "{indent}{name}: {shown} {at}{stream}{error}")
        }
        FieldValue::Obj(id) => {
            writeln!(out, "{indent}{name}: {} {at}{stream}{error}", f.type_name)?;
            text_fields(tree, *id, depth + 1, max, out)
        }
        FieldValue::Array(items, _) => {
            writeln!(
                out,
                "{indent}{name}: {} ({} items) {at}{stream}{error}",
                f.type_name,
                items.len()
            )?;
            let n = max.map_or(items.len(), |m| items.len().min(m as usize));
            for (i, item) in items.iter().take(n).enumerate() {
                text_node(tree, &format!("{name}[{i}]"), item, depth + 1, max, out)?;
            }
            if n < items.len() {
                writeln!(out, "{indent}  … {} more", items.len() - n)?;
            }
            Ok(())
        }
        FieldValue::Absent => Ok(()),
    }
}
