//! `hexbuf completions SHELL` and `hexbuf man`: shell completion scripts
//! and the manual page, both generated from the clap definitions in
//! `args.rs`, so they can never drift from what the parser accepts.

use std::io::{self, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;
use clap_mangen::Man;

use super::args::{Cli, CompletionsArgs};

/// The name the scripts complete and the page documents.
const BIN: &str = "hexbuf";

/// Prints the completion script for one shell.
pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = io::stdout().lock();
    // clap_complete writes with `write_all(..).expect(..)`, which would
    // panic on a closed pipe; render to memory and write once instead.
    let mut script = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, BIN, &mut script);
    out.write_all(&script)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Prints the manual page.
pub fn man() -> Result<ExitCode> {
    let page = man_page()?;
    let mut out = io::stdout().lock();
    out.write_all(&page)?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The whole manual as one roff page, hexbuf(1): the editor's synopsis and
/// options, then every subcommand with its synopsis and options (one page,
/// so `hexbuf man` is all a user needs to install), then the environment
/// and exit status.
pub fn man_page() -> Result<Vec<u8>> {
    let mut cmd = Cli::command().disable_help_subcommand(true);
    // Building sets each subcommand's bin name ("hexbuf dump"), which
    // their synopses print.
    cmd.build();
    let man = Man::new(cmd.clone());
    let mut page = Vec::new();
    man.render_title(&mut page)?;
    man.render_name_section(&mut page)?;
    man.render_synopsis_section(&mut page)?;
    // The editor's synopsis alone hides the subcommands: list them too.
    for sub in cmd.get_subcommands() {
        page.extend_from_slice(b".br\n");
        let sub_man = Man::new(sub.clone());
        demoted(&mut page, Demote::Drop, |w| {
            sub_man.render_synopsis_section(w)
        })?;
    }
    man.render_description_section(&mut page)?;
    man.render_options_section(&mut page)?;
    page.extend_from_slice(b".SH COMMANDS\n");
    for sub in cmd.get_subcommands() {
        let name = sub.get_bin_name().unwrap_or(sub.get_name());
        writeln!(page, ".SS \"{name}\"")?;
        let sub_man = Man::new(sub.clone());
        demoted(&mut page, Demote::Paragraph, |w| {
            sub_man.render_description_section(w)?;
            sub_man.render_synopsis_section(w)?;
            sub_man.render_options_section(w)
        })?;
    }
    page.extend_from_slice(EXTRA);
    man.render_version_section(&mut page)?;
    Ok(page)
}

/// What to do with the `.SH` headings of a subcommand's sections, which
/// sit inside the COMMANDS section of the one page.
#[derive(Clone, Copy)]
enum Demote {
    /// Leave them out (the subcommands' lines of the SYNOPSIS).
    Drop,
    /// A paragraph break instead.
    Paragraph,
}

/// Renders sections of a subcommand's page with `render` and appends them
/// to `page`, their `.SH` headings rewritten as `how` says. The string
/// definitions clap_mangen repeats before each section were given once by
/// the title, and are left out.
fn demoted(
    page: &mut Vec<u8>,
    how: Demote,
    render: impl FnOnce(&mut Vec<u8>) -> io::Result<()>,
) -> io::Result<()> {
    let mut part = Vec::new();
    render(&mut part)?;
    for line in part.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b".ie ") || line.starts_with(b".el ") {
            continue;
        }
        if line.starts_with(b".SH ") {
            if let Demote::Paragraph = how {
                page.extend_from_slice(b".PP\n");
            }
            continue;
        }
        page.extend_from_slice(line);
    }
    Ok(())
}

/// The sections clap knows nothing of: environment and exit status, as
/// README.md and DESIGN.md state them.
const EXTRA: &[u8] = br#".SH ENVIRONMENT
These decide whether \fBdump --color auto\fR (the default) colours its output.
.TP
\fBNO_COLOR\fR
Set and not empty: no colour (\fBdump\fR's \fB--color always\fR still colours). The editor shows no colour either.
.TP
\fBCLICOLOR\fR
\fB0\fR: no colour unless \fBCLICOLOR_FORCE\fR asks for it.
.TP
\fBCLICOLOR_FORCE\fR
Set, not empty and not \fB0\fR: colour even into a pipe (\fBNO_COLOR\fR still wins, \fB--color never\fR too).
.TP
\fBTERM\fR
\fBdumb\fR or unset: no colour unless forced.
.SH EXIT STATUS
.TP
\fB0\fR
Done.
.TP
\fB1\fR
\fBfind\fR matched nothing, \fBdiff\fR found differences, \fBparse\fR stopped at a field that does not match the spec.
.TP
\fB2\fR
Bad usage or bad input: one line on stderr names the path or argument at fault, and no file was changed.
.TP
\fB128+N\fR
The editor was ended by signal N (after restoring the terminal and writing unsaved edits to \fIFILE\fB.hexbuf-recovered-\fIPID\fR).
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_one_heading_per_section_and_a_subsection_per_command() {
        let page = String::from_utf8(man_page().unwrap()).unwrap();
        let headings: Vec<&str> = page.lines().filter(|l| l.starts_with(".SH ")).collect();
        assert_eq!(
            headings,
            [
                ".SH NAME",
                ".SH SYNOPSIS",
                ".SH DESCRIPTION",
                ".SH OPTIONS",
                ".SH COMMANDS",
                ".SH ENVIRONMENT",
                ".SH EXIT STATUS",
                ".SH VERSION"
            ],
            "{page}"
        );
        for sub in Cli::command().get_subcommands() {
            let want = format!(".SS \"hexbuf {}\"", sub.get_name());
            assert!(page.contains(&want), "{want} in {page}");
        }
    }
}
