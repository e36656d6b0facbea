//! Starting the interactive editor from the command line's options: which
//! bytes to open (a file, stdin, a new buffer, the sample), then the event
//! loop. If the editor panics, the terminal is restored and unsaved edits
//! are written to a recovery file before the process exits.

use std::env;
use std::io::{self, IsTerminal};
use std::panic::{self, AssertUnwindSafe};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};

use crate::app::keymap::KeymapKind;
use crate::app::state::{App, AppOptions};
use crate::cli::args::{EditorArgs, KeymapName};
use crate::core::display::escape_path;
use crate::core::document::Document;
use crate::core::save::write_recovery;
use crate::core::source::{OpenOptions, PSEUDO_FILE_CAP, Source};
use crate::term;

/// The built-in sample (see assets/README.md).
pub const SAMPLE: &[u8] = include_bytes!("../assets/sample.bin");

/// Opens the editor on what the options name.
pub fn run(args: EditorArgs) -> Result<ExitCode> {
    // Fail before reading stdin or a big file when there is no terminal.
    term::check_terminal()?;
    let (source, title) = open_source(&args)?;
    let mut app = App::new(Document::new(source), options(&args, title));
    let result = panic::catch_unwind(AssertUnwindSafe(|| term::run(&mut app)));
    match result {
        Ok(r) => r.map(|()| ExitCode::SUCCESS),
        Err(_) => {
            // The panic hook restored the terminal and printed the panic.
            if app.doc.is_modified() {
                match write_recovery(&app.doc) {
                    Ok(path) => eprintln!(
                        "hexbuf: your unsaved edits were saved to {}",
                        escape_path(&path)
                    ),
                    Err(e) => eprintln!("hexbuf: could not save your unsaved edits: {e}"),
                }
            }
            Err(anyhow!(
                "internal error (a bug in hexbuf); the terminal was restored"
            ))
        }
    }
}

fn options(args: &EditorArgs, title: Option<String>) -> AppOptions {
    AppOptions {
        readonly: args.readonly,
        keymap: match args.keymap {
            KeymapName::Default => KeymapKind::Default,
            KeymapName::Vi => KeymapKind::Vi,
        },
        at: args.at,
        color: env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        title,
    }
}

/// The bytes to edit, and a title when they have no file.
pub fn open_source(args: &EditorArgs) -> Result<(Source, Option<String>)> {
    let open = OpenOptions {
        allow_block_device: args.block_device,
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
        let title = path.is_none().then(|| format!("[new {size} bytes]"));
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
