//! `hexbuf config`: prints the commented default config file, or the path
//! the config is read from (after `--config`, `HEXBUF_CONFIG` and the XDG
//! rules).

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::{Result, anyhow};

use super::args::ConfigArgs;
use crate::config::{self, Env};

pub fn run(args: &ConfigArgs) -> Result<ExitCode> {
    let text = if args.default {
        config::default::text()
    } else {
        let loc = config::locate(
            args.file.config.as_deref(),
            args.file.no_config,
            &Env::from_process(),
        )
        .ok_or_else(|| {
            anyhow!("no config file: --no-config, or neither HOME nor XDG_CONFIG_HOME is set")
        })?;
        // The path as it is, for scripts (not escaped for a terminal).
        format!("{}\n", loc.path.display())
    };
    io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
