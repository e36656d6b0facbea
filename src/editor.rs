//! Starting the interactive editor from the command line's options.

use std::process::ExitCode;

use anyhow::{Result, anyhow};

use crate::cli::args::EditorArgs;

/// Opens the editor on what the options name.
pub fn run(_args: EditorArgs) -> Result<ExitCode> {
    Err(anyhow!(
        "the interactive editor is not part of this build yet; see 'hexbuf --help' for the subcommands"
    ))
}
