//! The hexbuf binary: parses the command line and runs the editor or a
//! subcommand, turning every error into one line on stderr and an exit code.

use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

use hexbuf::cli::{self, EXIT_USAGE, args::Cli};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err)
            if matches!(
                err.kind(),
                ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
            ) =>
        {
            let _ = err.print();
            return ExitCode::SUCCESS;
        }
        Err(err) => {
            eprintln!("hexbuf: {}", cli::clap_one_line(&err));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let result = match cli.command {
        Some(command) => cli::run(command),
        None => hexbuf::editor::run(cli.editor),
    };
    match result {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("hexbuf: {}", cli::one_line(&err));
            ExitCode::from(EXIT_USAGE)
        }
    }
}
