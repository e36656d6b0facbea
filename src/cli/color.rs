//! Whether a subcommand colours its output: `--color always|never` decide
//! alone; `auto` follows the conventions users set in their environment,
//! read through anstyle-query (the crate clap itself uses for its help):
//!
//! - `NO_COLOR` set and not empty: no colour (no-color.org). It outranks
//!   `CLICOLOR_FORCE`, as in anstream, so that the variable meant to turn
//!   colour off always does.
//! - `CLICOLOR_FORCE` set and not `0`: colour even into a pipe
//!   (bixense.com/clicolors).
//! - `CLICOLOR=0`: no colour.
//! - Otherwise colour when the stream is a terminal whose `TERM` is set and
//!   not `dumb` (a dumb terminal, an Emacs shell or a CI log, shows escape
//!   codes as text).

use std::env;

use super::args::ColorChoice;

/// Whether to write colour codes to a stream, `is_terminal` saying whether
/// it is a terminal.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => auto(is_terminal),
    }
}

fn auto(is_terminal: bool) -> bool {
    if anstyle_query::no_color() {
        return false;
    }
    if forced() {
        return true;
    }
    if anstyle_query::clicolor() == Some(false) {
        return false;
    }
    is_terminal && anstyle_query::term_supports_color()
}

/// `CLICOLOR_FORCE` as its specification reads: "!= 0". anstyle-query
/// takes any non-empty value, `0` included, so `0` is set aside here.
fn forced() -> bool {
    anstyle_query::clicolor_force() && env::var_os("CLICOLOR_FORCE").is_none_or(|v| v != "0")
}
