//! Starting the interactive editor from the command line's options: which
//! bytes to open (a file, stdin, a new buffer, the sample), then the event
//! loop. If the editor panics, or a signal ends it, the terminal is
//! restored and unsaved edits are written to a recovery file before the
//! process exits (101 after a panic, 128+N after signal N).

use std::env;
use std::io::{self, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use crate::app::keymap::{Keymap, KeymapKind};
use crate::app::lesson;
use crate::app::state::{App, AppOptions};
use crate::cli::args::{ConfigFileArgs, EditorArgs, KeymapName, LearnArgs};
use crate::config::{self, Config};
use crate::core::display::escape_path;
use crate::core::document::Document;
use crate::core::lock::{self, Instance};
use crate::core::save::write_recovery;
use crate::core::source::{OpenOptions, PSEUDO_FILE_CAP, Source, SourceKind};
use crate::term::{self, Ended, signals};
use crate::ui::depth::ColorDepth;

/// The built-in sample (see assets/README.md).
pub const SAMPLE: &[u8] = include_bytes!("../assets/sample.bin");

/// Opens the editor on what the options name.
pub fn run(args: EditorArgs) -> Result<ExitCode> {
    // A config file with a mistake stops hexbuf before anything else.
    let config = load_config(&args.config)?;
    // Fail before reading stdin or a big file when there is no terminal.
    term::check_terminal()?;
    let (source, title) = open_source(&args)?;
    let lockable = matches!(
        source.kind(),
        SourceKind::File | SourceKind::NewFile | SourceKind::BlockDevice
    );
    // A file that does not exist yet (`--new`) by its folder's canonical
    // path: a second editor on it by another spelling is told of this one.
    let target = source.target().and_then(canonical_or_planned);
    let mut app = App::new(Document::new(source), options(&args, &config, title));
    config.apply(&mut app, ColorDepth::from_env());
    let other = match &args.other {
        Some(b) => Some(open_other(&mut app, b, &args)?),
        None => None,
    };
    if let Some(notice) = crate::core::journal::take_notices().pop() {
        app.info(notice);
    }
    if other.is_none() && lockable {
        attach_bookmarks(&mut app, target.as_deref());
    }
    // Held until the editor ends: a second hexbuf on the file warns. Taken,
    // with the structure spec, just after the first frame is on screen;
    // after a Save As, taken on the new file (and the old one's let go).
    let mut lock = None;
    // The file the lock stands for (and the bookmarks are kept with).
    let mut locked = None;
    let mut other_lock = None;
    let mut hook = |app: &mut App, moment: term::Moment| match moment {
        term::Moment::FirstFrame => {
            if lockable {
                lock = target.as_deref().and_then(|t| lock::acquire(t).ok());
                locked = target.clone();
            }
            if let Some(b) = &other {
                // The compare view has no structure panel.
                other_lock = lock::acquire(b).ok();
                return;
            }
            attach_structure(app, &args);
            if let Some(Instance::Other { pid }) = &lock {
                warn_also_open(app, *pid);
            }
        }
        term::Moment::Retargeted if other.is_none() => {
            let Some(new) = app.ed.doc().source().target().map(Path::to_path_buf) else {
                return;
            };
            // A `--new` buffer's first save: the file it was locked as.
            if locked.as_ref() == Some(&new) {
                return;
            }
            locked = Some(new.clone());
            let taken = lock::acquire(&new).ok();
            if let Some(Instance::Other { pid }) = &taken {
                warn_also_open(app, *pid);
            }
            lock = taken;
            follow_bookmarks(app, &new);
        }
        term::Moment::Retargeted => {}
    };
    run_app(app, &mut hook)
}

/// After a Save As: the session's bookmarks belong to the new file now.
/// They are written to its bookmark file (the old file, unchanged on disk,
/// keeps its own); with none, the new file's are left as they are.
fn follow_bookmarks(app: &mut App, target: &Path) {
    app.bookmark_file = bookmark_file(target);
    if app.bookmark_file.is_some() && !app.ed.bookmarks().is_empty() {
        app.bookmarks_changed();
    }
}

/// Where the bookmarks of the file at `canonical` are kept, if the state
/// directory can be named.
fn bookmark_file(canonical: &Path) -> Option<std::path::PathBuf> {
    use crate::core::bookmarks;
    let xdg = env::var("XDG_STATE_HOME").ok();
    let home = env::var("HOME").ok();
    let dir = bookmarks::state_dir(xdg.as_deref(), home.as_deref())?;
    Some(bookmarks::state_file(&dir, canonical))
}

/// `path` made canonical; for a file that does not exist yet, its folder's
/// canonical path joined with its name.
fn canonical_or_planned(path: &Path) -> Option<std::path::PathBuf> {
    std::fs::canonicalize(path)
        .or_else(|_| {
            let dir = path.parent().filter(|d| !d.as_os_str().is_empty());
            let dir = std::fs::canonicalize(dir.unwrap_or(Path::new(".")))?;
            Ok::<_, io::Error>(dir.join(path.file_name().unwrap_or_default()))
        })
        .ok()
}

/// Reads the bookmarks of the file at `target` (canonical, or as planned
/// for a new file) from the state directory and tells the app where to
/// keep them. A file that cannot be read is left alone: the
/// message says so, and bookmarks of this session are not written there.
pub fn attach_bookmarks(app: &mut App, target: Option<&Path>) {
    use crate::core::bookmarks;
    let Some(file) = target.and_then(bookmark_file) else {
        return;
    };
    // What the user was told at open about the file itself (it cannot be
    // written, a journal was rolled back) matters more: it stays.
    let say = |app: &mut App, text: String| {
        if !app
            .message
            .as_ref()
            .is_some_and(|m| m.kind == crate::app::state::MessageKind::Error)
        {
            app.error(text);
        }
    };
    match std::fs::read_to_string(&file) {
        Ok(text) => match bookmarks::from_json(&text, &file) {
            Ok(list) => {
                app.ed.set_bookmarks(list);
                app.bookmark_file = Some(file);
            }
            Err(e) => say(
                app,
                format!("bookmarks not loaded (file left as it is): {e}"),
            ),
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => app.bookmark_file = Some(file),
        // Another user's state directory (sudo, setpriv): no bookmarks,
        // nothing to say until the user sets one (its write then fails
        // with the reason).
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => app.bookmark_file = Some(file),
        Err(e) => say(
            app,
            format!(
                "{}: {e}; bookmarks set now are not saved there",
                escape_path(&file)
            ),
        ),
    }
}

/// Opens B of `hexbuf A B` and turns the editor into the compare view;
/// returns B's path for its instance lock, when it has one.
fn open_other(app: &mut App, path: &Path, args: &EditorArgs) -> Result<std::path::PathBuf> {
    let open = OpenOptions {
        allow_block_device: args.block_device,
        ..OpenOptions::default()
    };
    let source = Source::open(path, open)?;
    let target = source
        .target()
        .map_or_else(|| path.to_path_buf(), Path::to_path_buf);
    app.open_compare(Document::new(source), None);
    Ok(target)
}

/// Finds and loads the Kaitai spec for the structure panel (reading spec
/// files is I/O, so it happens here, once): `--ksy`, `--format`, or the
/// spec the file's magic (then extension) picks. The panel opens with a
/// flag or a magic match. A spec that does not load leaves the editor
/// usable, with the error on the message line.
pub fn attach_structure(app: &mut App, args: &EditorArgs) {
    use crate::app::structure::Structure;
    let file = args.file.clone().unwrap_or_default();
    let head = app.ed.doc().read(0..64);
    let named = args.ksy.is_some() || args.format.is_some();
    let found = crate::cli::parse::find_spec(
        args.ksy.as_deref(),
        args.format.as_deref(),
        &args.formats,
        &head,
        &file,
    );
    let (schema, by_magic) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return,
        Err(e) => {
            app.error(format!("structure: {e}"));
            return;
        }
    };
    // The unedited file, mapped a second time, is parsed without copying.
    let base = (app.ed.doc().source().kind() == SourceKind::File)
        .then(|| app.ed.doc().source().path().map(Path::to_path_buf))
        .flatten()
        .and_then(|p| Source::open(&p, OpenOptions::default()).ok())
        .map(|src| std::rc::Rc::new(Document::new(src)));
    let spec = schema.id().to_string();
    let mut s = Structure::new(std::rc::Rc::new(schema), spec, app.ed.doc(), base);
    s.open = named || by_magic;
    app.set_structure(s);
}

/// Puts "FILE is also open in hexbuf (pid N)" first on the message line.
fn warn_also_open(app: &mut App, pid: Option<u32>) {
    let pid = pid.map(|p| format!(" (pid {p})")).unwrap_or_default();
    let mut text = format!("{} is also open in hexbuf{pid}", app.display_name());
    if let Some(m) = &app.message {
        text = format!("{text}; {}", m.text);
    }
    app.error(text);
}

/// `hexbuf learn`: lists the lessons, or runs them from the one asked for.
pub fn learn(args: &LearnArgs) -> Result<ExitCode> {
    let lessons = match &args.dir {
        Some(dir) => lesson::from_dir(dir).map_err(|e| anyhow!("--dir: {e}"))?,
        None => lesson::builtin(),
    };
    if lessons.is_empty() {
        return Err(anyhow!("--dir: no *.lesson files there"));
    }
    if args.list || (args.lesson.is_none() && !io::stdout().is_terminal()) {
        let mut out = String::new();
        for (i, l) in lessons.iter().enumerate() {
            let n = l.steps.len();
            out += &format!(
                "{:>2}. {} ({n} step{})\n",
                i + 1,
                l.title,
                if n == 1 { "" } else { "s" }
            );
        }
        out += "start one with: hexbuf learn N\n";
        io::stdout().write_all(out.as_bytes())?;
        return Ok(ExitCode::SUCCESS);
    }
    let index = match &args.lesson {
        None => 0,
        Some(want) => pick_lesson(&lessons, want)?,
    };
    let config = load_config(&args.config)?;
    term::check_terminal()?;
    let opts = AppOptions {
        keymap: config.keymap_kind(args.keymap.map(keymap_kind)),
        color: color_allowed() && config.color.unwrap_or(true),
        ..AppOptions::default()
    };
    let mut app = App::new(Document::from_bytes(Vec::new()), opts);
    config.apply(&mut app, ColorDepth::from_env());
    app.start_lesson(lessons, index);
    run_app(app, &mut |_, _| {})
}

/// A lesson by number (1-based) or by a word of its title.
fn pick_lesson(lessons: &[lesson::Lesson], want: &str) -> Result<usize> {
    if let Ok(n) = want.parse::<usize>() {
        return (1..=lessons.len())
            .contains(&n)
            .then(|| n - 1)
            .ok_or_else(|| anyhow!("lesson {n} does not exist (there are {})", lessons.len()));
    }
    let w = want.to_lowercase();
    lessons
        .iter()
        .position(|l| l.title.to_lowercase().contains(&w))
        .ok_or_else(|| {
            anyhow!(
                "no lesson matches '{}' (hexbuf learn --list shows them)",
                crate::core::display::escape_str(want)
            )
        })
}

fn keymap_kind(name: KeymapName) -> KeymapKind {
    match name {
        KeymapName::Default => KeymapKind::Default,
        KeymapName::Vi => KeymapKind::Vi,
    }
}

fn color_allowed() -> bool {
    !anstyle_query::no_color()
}

/// The exit status after a panic, as Rust's own.
const EXIT_PANIC: u8 = 101;

/// Runs the event loop over an app; if the editor panics or a signal ends
/// it, the terminal is restored and unsaved edits are written to a
/// recovery file.
fn run_app(mut app: App, hook: term::Hook<'_>) -> Result<ExitCode> {
    // Caught until the process exits: a second signal must not kill hexbuf
    // while it writes the recovery file.
    let mut signals = signals::Terminating::install().context("installing signal handlers")?;
    let result = panic::catch_unwind(AssertUnwindSafe(|| term::run(&mut app, &mut signals, hook)));
    // Unless the user quit (saving or discarding), unsaved edits must not be
    // lost: a panic, a closed terminal, a signal or an I/O error writes them
    // to a recovery file first.
    let quit_by_user = matches!(result, Ok(Ok(Ended::Quit)));
    // Both sides of the compare view, each to its own recovery file.
    let docs = std::iter::once(app.ed.doc()).chain(app.other_document());
    let recovered: String = docs
        .filter(|doc| !quit_by_user && doc.is_modified())
        .map(|doc| match write_recovery(doc) {
            Ok(path) => format!("; your unsaved edits were saved to {}", escape_path(&path)),
            Err(e) => format!("; could not save your unsaved edits: {e}"),
        })
        .collect();
    match result {
        Ok(Ok(Ended::Quit)) => Ok(ExitCode::SUCCESS),
        Ok(Ok(Ended::Signal(signal))) => {
            say(&format!("stopped by {}{recovered}", signals::name(signal)));
            Ok(ExitCode::from((128 + signal) as u8))
        }
        Ok(Err(e)) => Err(e.context(format!("the editor stopped{recovered}"))),
        // The panic hook restored the terminal and printed the panic.
        Err(_) => {
            say(&format!(
                "internal error (a bug in hexbuf); the terminal was restored{recovered}"
            ));
            Ok(ExitCode::from(EXIT_PANIC))
        }
    }
}

/// One line on stderr; never panics (stderr may be a terminal that hung up).
fn say(line: &str) {
    let _ = writeln!(io::stderr(), "hexbuf: {line}");
}

fn options(args: &EditorArgs, config: &Config, title: Option<String>) -> AppOptions {
    let kind = config.keymap_kind(args.keymap.map(keymap_kind));
    // The file's keys before the app exists, so the messages of the start
    // (read-only, --at) name them; Config::apply binds them again, to the
    // same effect.
    let mut keys = Keymap::new(kind);
    config.apply_keys(&mut keys);
    AppOptions {
        readonly: args.readonly,
        keymap: kind,
        keys: Some(keys),
        at: args.at,
        // NO_COLOR wins over the config's `color = true`.
        color: color_allowed() && config.color.unwrap_or(true),
        title,
    }
}

/// The config file the options and the environment name (none with
/// --no-config; the defaults when the default file does not exist).
pub fn load_config(args: &ConfigFileArgs) -> Result<Config> {
    let loc = config::locate(
        args.config.as_deref(),
        args.no_config,
        &config::Env::from_process(),
    );
    Ok(config::load(loc.as_ref())?)
}

/// The bytes to edit, and a title when they have no file.
pub fn open_source(args: &EditorArgs) -> Result<(Source, Option<String>)> {
    let open = OpenOptions {
        allow_block_device: args.block_device,
        ..OpenOptions::default()
    };
    let is_stdin = args.file.as_ref().is_some_and(|f| f.as_os_str() == "-")
        || (args.file.is_none() && !io::stdin().is_terminal());
    if let Some(size) = args.new {
        let path = args.file.clone().filter(|f| f.as_os_str() != "-");
        if let Some(p) = &path
            && std::fs::symlink_metadata(p).is_ok()
        {
            return Err(anyhow!(
                "{}: already exists; --new makes a new file (open it without --new to edit it)",
                escape_path(p)
            ));
        }
        let source = Source::zeroed(size, path.clone())?;
        let title = path
            .is_none()
            .then(|| format!("[new {}]", crate::core::display::byte_count(size)));
        return Ok((source, title));
    }
    if is_stdin {
        let source =
            Source::read_all(io::stdin().lock(), PSEUDO_FILE_CAP).context("-: reading stdin")?;
        return Ok((source, Some("[stdin]".into())));
    }
    match &args.file {
        Some(path) => Ok((Source::open_or_create(path, open)?, None)),
        None => Ok((Source::from_vec(SAMPLE.to_vec()), Some("[sample]".into()))),
    }
}
