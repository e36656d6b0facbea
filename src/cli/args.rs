//! The command line, as DESIGN.md specifies it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::number::{parse_size, parse_u64};

#[derive(Debug, Parser)]
#[command(
    name = "hexbuf",
    version,
    about = "A terminal hex editor: hex, text and typed-array views of one file",
    args_conflicts_with_subcommands = true,
    subcommand_negates_reqs = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub editor: EditorArgs,
}

/// The names clap knows as subcommands: `Command`'s, and `help`. (A test
/// holds this list to the one clap builds.)
pub const SUBCOMMAND_NAMES: &[&str] = &[
    "dump",
    "inspect",
    "patch",
    "find",
    "learn",
    "parse",
    "strings",
    "diff",
    "completions",
    "man",
    "config",
    "help",
];

impl Cli {
    /// Parses the command line as [`Cli::try_parse_from`] does. A line that
    /// can only open the editor (no word of it a subcommand's name, no
    /// help or version flag) is parsed with the editor's options alone:
    /// building every subcommand's options is most of the code that runs
    /// before the editor's first frame. Any error comes from the full parse,
    /// so it reads the same either way.
    pub fn parse_args<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        use clap::{CommandFactory, FromArgMatches};
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        let editor_only = args.iter().skip(1).all(|a| {
            let a = a.to_string_lossy();
            !SUBCOMMAND_NAMES.contains(&a.as_ref())
                && !matches!(a.as_ref(), "-h" | "--help" | "-V" | "--version")
        });
        if editor_only {
            let cmd = EditorArgs::augment_args(clap::Command::new("hexbuf"));
            if let Ok(m) = cmd.try_get_matches_from(&args)
                && let Ok(editor) = EditorArgs::from_arg_matches(&m)
            {
                return Ok(Cli {
                    command: None,
                    editor,
                });
            }
        }
        let mut m = Cli::command().try_get_matches_from(args)?;
        Cli::from_arg_matches_mut(&mut m).map_err(|e| e.format(&mut Cli::command()))
    }
}

/// Options of the interactive editor.
#[derive(Debug, Args, Default)]
pub struct EditorArgs {
    /// The file to edit; '-' reads stdin. Without one: the built-in sample.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// A second file: compare it with FILE, side by side (FILE is A, this is B).
    #[arg(value_name = "B", conflicts_with_all = ["new", "ksy", "format"])]
    pub other: Option<PathBuf>,
    /// Start a zero-filled buffer of SIZE bytes (K, M, G suffixes), saved to FILE.
    #[arg(long, value_name = "SIZE", value_parser = size_arg)]
    pub new: Option<u64>,
    /// No edits, no saving.
    #[arg(short, long)]
    pub readonly: bool,
    /// Start with the cursor at OFFSET (decimal or 0x hex).
    #[arg(long, value_name = "OFFSET", value_parser = offset_arg)]
    pub at: Option<u64>,
    /// Key bindings [default: the config file's, else default].
    #[arg(long, value_enum)]
    pub keymap: Option<KeymapName>,
    /// Allow opening a block device (edits are saved in place only).
    #[arg(long)]
    pub block_device: bool,
    /// Open the structure panel with this Kaitai Struct spec (.ksy).
    #[arg(long, value_name = "SPEC", conflicts_with = "format")]
    pub ksy: Option<PathBuf>,
    /// Open the structure panel with a spec by name (formats folders or built in).
    #[arg(long, value_name = "NAME")]
    pub format: Option<String>,
    /// A folder of specs (repeatable): for --format, finding by magic, imports.
    #[arg(long, value_name = "DIR")]
    pub formats: Vec<PathBuf>,
    #[command(flatten)]
    pub config: ConfigFileArgs,
}

/// Which config file to read (see `hexbuf config --path`).
#[derive(Debug, Args, Default, Clone)]
pub struct ConfigFileArgs {
    /// Read the config from PATH (instead of HEXBUF_CONFIG or
    /// $XDG_CONFIG_HOME/hexbuf/config.toml).
    #[arg(long, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Read no config file.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
}

/// `hexbuf config`: the default config file, or where it is read from.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("what").required(true).args(["default", "path"]))]
pub struct ConfigArgs {
    /// Print a commented config file with every default.
    #[arg(long)]
    pub default: bool,
    /// Print the path the config file is read from.
    #[arg(long)]
    pub path: bool,
    #[command(flatten)]
    pub file: ConfigFileArgs,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum KeymapName {
    #[default]
    Default,
    Vi,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print bytes as a hex dump (pretty, or identical to xxd).
    Dump(DumpArgs),
    /// Show every reading of the bytes at an offset.
    Inspect(InspectArgs),
    /// Overwrite bytes at an offset, safely, optionally checking them first.
    Patch(PatchArgs),
    /// Print the offset of every match, one per line.
    Find(FindArgs),
    /// The lessons: guided exercises on bytes, text and numbers.
    Learn(LearnArgs),
    /// Parse a file with a Kaitai Struct spec and print its fields.
    Parse(ParseArgs),
    /// Print the printable strings of a file with their offsets.
    Strings(StringsArgs),
    /// Compare two files: the bytes that differ at equal offsets, or with
    /// --align what was replaced, inserted and deleted.
    Diff(DiffArgs),
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    Completions(CompletionsArgs),
    /// Print the manual page (roff): `hexbuf man | man -l -`.
    Man,
    /// Print the default config file (--default) or where it is read from (--path).
    Config(ConfigArgs),
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_name = "SHELL", value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first file ('-' for stdin).
    #[arg(value_name = "A")]
    pub a: PathBuf,
    /// The second file ('-' for stdin).
    #[arg(value_name = "B")]
    pub b: PathBuf,
    /// Find inserted and deleted bytes instead of comparing at equal offsets.
    #[arg(long)]
    pub align: bool,
    /// Print the changes as JSON.
    #[arg(long)]
    pub json: bool,
    /// Show N unchanged bytes before and after each change.
    #[arg(long, value_name = "N", value_parser = offset_arg, default_value_t = 0)]
    pub context: u64,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The Kaitai Struct spec (.ksy) to parse with.
    #[arg(long, value_name = "SPEC", conflicts_with = "format")]
    pub ksy: Option<PathBuf>,
    /// A spec by name: NAME.ksy in the formats folders, or a built-in one.
    #[arg(long, value_name = "NAME")]
    pub format: Option<String>,
    /// A folder of specs (repeatable): for --format, finding by magic, and
    /// absolute imports.
    #[arg(long, value_name = "DIR")]
    pub formats: Vec<PathBuf>,
    /// The file to parse ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Print the Structure JSON.
    #[arg(long)]
    pub json: bool,
    /// Print at most N items of each repeated field (in JSON, a repeat cut
    /// short says how many it has in "items_total").
    #[arg(long, value_name = "N", value_parser = offset_arg)]
    pub max_items: Option<u64>,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The lesson to start: its number, or a word of its title (default: the first).
    #[arg(value_name = "LESSON")]
    pub lesson: Option<String>,
    /// List the lessons and exit.
    #[arg(long)]
    pub list: bool,
    /// Read the lessons from the *.lesson files of DIR instead of the built-in ones.
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
    /// Key bindings [default: the config file's, else default].
    #[arg(long, value_enum)]
    pub keymap: Option<KeymapName>,
    #[command(flatten)]
    pub config: ConfigFileArgs,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum DumpFormat {
    #[default]
    Pretty,
    Xxd,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct DumpArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = DumpFormat::Pretty)]
    pub format: DumpFormat,
    /// Colour bytes by class (auto: when stdout is a terminal that shows
    /// colour, as NO_COLOR, CLICOLOR, CLICOLOR_FORCE and TERM say).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Start at OFFSET.
    #[arg(long, value_name = "OFFSET", value_parser = offset_arg)]
    pub at: Option<u64>,
    /// Dump at most N bytes.
    #[arg(long, value_name = "N", value_parser = size_arg)]
    pub len: Option<u64>,
    /// Show repeated rows in full instead of as one '*' (pretty format).
    #[arg(long)]
    pub no_squeeze: bool,
    /// The file to dump ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The file to read ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The offset to read at.
    #[arg(long, value_name = "OFFSET", value_parser = offset_arg, required = true)]
    pub at: u64,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// What to write or look for: exactly one of --hex, --text, --value.
#[derive(Debug, Args)]
#[group(id = "data", required = true, multiple = false)]
pub struct DataArgs {
    /// Bytes as hex pairs: 'de ad be ef', 'deadbeef', 'de:ad'.
    #[arg(long, value_name = "BYTES")]
    pub hex: Option<String>,
    /// Text, as UTF-8.
    #[arg(long, value_name = "TEXT")]
    pub text: Option<String>,
    /// A typed value, TYPE:NUMBER, e.g. u8:72, i16be:-2, f32le:1.5.
    #[arg(long, value_name = "TYPE:NUMBER")]
    pub value: Option<String>,
}

#[derive(Debug, Args)]
pub struct PatchArgs {
    /// The file to patch.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Where to write.
    #[arg(long, value_name = "OFFSET", value_parser = offset_arg, required = true)]
    pub at: u64,
    #[command(flatten)]
    pub data: DataArgs,
    /// Refuse, changing nothing, unless the bytes at OFFSET are these.
    #[arg(long, value_name = "BYTES")]
    pub expect: Option<String>,
    /// Allow patching a block device.
    #[arg(long)]
    pub block_device: bool,
    /// Print one JSON object: {"offset": N, "old": "hex", "new": "hex"}.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    /// The file to search ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    #[command(flatten)]
    pub data: DataArgs,
    /// With --text: match ASCII letters in either case.
    #[arg(short, long)]
    pub ignore_case: bool,
    /// Print the number of matches alone.
    #[arg(long)]
    pub count: bool,
    /// Print one JSON object: {"count": N, "matches": [offsets]}.
    #[arg(long)]
    pub json: bool,
}

/// Which encodings `strings` looks for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum StringsEncoding {
    #[default]
    Ascii,
    Utf16le,
    Utf16be,
    All,
}

#[derive(Debug, Args)]
pub struct StringsArgs {
    /// The file to read ('-' for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The fewest characters a string has.
    #[arg(short = 'n', value_name = "MIN", default_value_t = 4,
          value_parser = clap::value_parser!(u32).range(1..))]
    pub min: u32,
    /// How the characters are stored (all: the three, merged by offset).
    #[arg(long, value_enum, default_value_t = StringsEncoding::Ascii)]
    pub encoding: StringsEncoding,
    /// Print a JSON array of {"offset", "encoding", "text"}.
    #[arg(long)]
    pub json: bool,
}

fn offset_arg(text: &str) -> Result<u64, String> {
    parse_u64(text).map_err(|e| e.to_string())
}

fn size_arg(text: &str) -> Result<u64, String> {
    parse_size(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn command_line_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn the_subcommand_names_are_clap_s() {
        let mut cmd = Cli::command();
        cmd.build();
        let mut names: Vec<&str> = cmd
            .get_subcommands()
            .flat_map(|c| std::iter::once(c.get_name()).chain(c.get_all_aliases()))
            .collect();
        names.sort_unstable();
        let mut ours = SUBCOMMAND_NAMES.to_vec();
        ours.sort_unstable();
        assert_eq!(names, ours);
    }

    /// The editor-only parse gives what the full one gives, errors included.
    #[test]
    fn the_short_parse_agrees_with_clap_s() {
        let lines: &[&[&str]] = &[
            &[],
            &["f.bin"],
            &["a", "b"],
            &["a", "b", "c"],
            &["-r", "--at", "0x10", "f"],
            &["--at", "nope", "f"],
            &["--new", "8", "f.txt"],
            &["--new", "8", "--readonly"],
            &["--keymap", "vi", "-"],
            &["--keymap", "emacs", "f"],
            &["--bogus", "f"],
            &["--", "--help"],
            &["-r", "dump", "f"],
            &["f", "dump"],
            &["dump", "f"],
            &["dump", "--format", "xxd", "f"],
            &["--at", "dump", "f"],
            &["help"],
            &["--help"],
            &["-V"],
            &["--ksy", "x.ksy", "f"],
            &["a", "b", "--ksy", "x.ksy"],
            &["--no-config", "--config", "c.toml", "f"],
            // Help and version inside clusters, values and `=`.
            &["-rh", "f"],
            &["-hr"],
            &["-rV", "f"],
            &["--at", "-h"],
            &["--at=-h", "f"],
            &["--at=0x10", "f"],
            &["--keymap=vi", "f"],
            &["--keymap=", "f"],
            &["--keymap", "v", "f"],
            &["--help=x"],
            &["--version=1"],
            &["--read", "f"],
            &["--readonly=true", "f"],
            &["-r", "-r", "f"],
            &["--at", "1", "--at", "2", "f"],
            // Subcommand names as values and after `--`.
            &["--format", "help"],
            &["--format=help"],
            &["--format", "dump", "f"],
            &["--", "dump"],
            &["--", "-r", "f"],
            &["--", "help"],
            &["f", "--", "dump"],
            &["--", "a", "b", "c"],
            &["Dump", "f"],
            &["dum", "f"],
            &["-", "-"],
            &["--new", "8", "a", "b"],
            &["a", "b", "--format", "elf"],
            &["--config", "c.toml", "--no-config", "f"],
            &["--formats", "d1", "--formats", "d2", "f"],
            &["-x", "f"],
        ];
        for line in lines {
            let argv: Vec<&str> = std::iter::once("hexbuf")
                .chain(line.iter().copied())
                .collect();
            let want = Cli::try_parse_from(&argv).map_err(|e| e.to_string());
            let got = Cli::parse_args(&argv).map_err(|e| e.to_string());
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{line:?}");
        }
    }

    /// Arguments that are not UTF-8: paths take them, a name does not.
    #[test]
    fn the_short_parse_agrees_on_arguments_that_are_not_utf8() {
        use std::ffi::OsString;
        use std::os::unix::ffi::OsStringExt;
        let odd = || OsString::from_vec(b"f\xff.bin".to_vec());
        let lines: Vec<Vec<OsString>> = vec![
            vec![odd()],
            vec!["--ksy".into(), odd(), "f".into()],
            vec!["--format".into(), odd(), "f".into()],
            vec!["--keymap".into(), odd()],
            vec!["--".into(), odd()],
            vec![odd(), "dump".into()],
        ];
        for line in lines {
            let argv: Vec<OsString> = std::iter::once("hexbuf".into()).chain(line).collect();
            let want = Cli::try_parse_from(&argv).map_err(|e| e.to_string());
            let got = Cli::parse_args(&argv).map_err(|e| e.to_string());
            assert_eq!(format!("{got:?}"), format!("{want:?}"), "{argv:?}");
        }
    }

    #[test]
    fn editor_options_and_subcommands_parse() {
        let cli = Cli::try_parse_from(["hexbuf", "--new", "8", "f.txt"]).unwrap();
        assert_eq!(cli.editor.new, Some(8));
        assert!(cli.command.is_none());
        let cli = Cli::try_parse_from(["hexbuf", "dump", "--format", "xxd", "f"]).unwrap();
        assert!(matches!(
            cli.command,
            Some(Command::Dump(DumpArgs {
                format: DumpFormat::Xxd,
                ..
            }))
        ));
        let err = Cli::try_parse_from([
            "hexbuf", "patch", "f", "--at", "0", "--hex", "00", "--text", "a",
        ]);
        assert!(err.is_err(), "--hex and --text together are refused");
        let err = Cli::try_parse_from(["hexbuf", "inspect", "f"]);
        assert!(err.is_err(), "--at is required");
    }
}
