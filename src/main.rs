//! The hexbuf binary: parses the command line and runs the editor or a
//! subcommand, turning every error into one line on stderr and an exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::error::ErrorKind;

use hexbuf::cli::args::{Cli, Command};
use hexbuf::cli::{self, EXIT_USAGE};

fn main() -> ExitCode {
    let cli = match Cli::parse_args(std::env::args_os()) {
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
            say(&cli::clap_one_line(&err));
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let result = match cli.command {
        Some(Command::Learn(args)) => hexbuf::editor::learn(&args),
        Some(command) => cli::run(command),
        None => hexbuf::editor::run(cli.editor),
    };
    match result {
        Ok(code) => code,
        Err(err) if cli::is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            say(&cli::one_line(&err));
            ExitCode::from(EXIT_USAGE)
        }
    }
}

/// One line on stderr. `eprintln!` would panic when stderr is gone (a
/// terminal that hung up), turning a clean exit status into 101.
fn say(line: &str) {
    let _ = writeln!(io::stderr(), "hexbuf: {line}");
}
