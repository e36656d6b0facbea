//! The config file: where it is read from (`--config`, `HEXBUF_CONFIG`,
//! `$XDG_CONFIG_HOME/hexbuf/config.toml`, `--no-config`), its typed
//! settings, and applying them to the editor at startup. A file with a
//! mistake stops hexbuf with one line naming the file, the line and the key.

pub mod default;
pub mod file;
pub mod names;
pub mod syntax;

use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::style::Color;

use crate::app::command::Cmd;
use crate::app::key::Key;
use crate::app::keymap::{Keymap, KeymapKind, Layer};
use crate::app::mode::{Mode, ModeCmd};
use crate::app::state::{App, Pane};
use crate::core::display::escape_path;
use crate::core::typed::{ElemKind, ElemType, Endian};
use crate::ui::colors::Palette;
use names::Section;

/// Bytes per row: fitted to the window, or fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RowWidth {
    Fit,
    Fixed(usize),
}

/// What a key is bound to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Pane(Cmd),
    Mode(ModeCmd),
    /// `"none"` or `""`: the key does nothing there any more.
    Unbind,
}

/// One `"KEY" = "command"` line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Binding {
    pub section: Section,
    pub key: Key,
    pub target: Target,
}

/// A config file's settings; `None` where the file says nothing.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Config {
    pub keymap: Option<KeymapKind>,
    /// A built-in theme's name.
    pub theme: Option<String>,
    /// `[theme.colors]`: role → colour, in the file's order.
    pub colors: Vec<(String, Color)>,
    pub bytes_per_row: Option<RowWidth>,
    /// The pane the cursor starts in.
    pub pane: Option<Pane>,
    pub element: Option<ElemKind>,
    pub endian: Option<Endian>,
    pub inspector: Option<bool>,
    pub color: Option<bool>,
    pub bindings: Vec<Binding>,
}

/// A config file that cannot be used.
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "config {}", escape_path(&self.path))?;
        if let Some(line) = self.line {
            write!(f, " line {line}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Where the config is read from, and whether it must exist there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    pub path: PathBuf,
    /// Named by `--config` or `HEXBUF_CONFIG`: a missing file is an error.
    pub explicit: bool,
}

/// The environment the path rules read (a struct, so tests need not
/// change the process's environment).
#[derive(Clone, Debug, Default)]
pub struct Env {
    pub hexbuf_config: Option<String>,
    pub xdg_config_home: Option<String>,
    pub home: Option<String>,
}

impl Env {
    pub fn from_process() -> Env {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Env {
            hexbuf_config: var("HEXBUF_CONFIG"),
            xdg_config_home: var("XDG_CONFIG_HOME"),
            home: var("HOME"),
        }
    }
}

/// The path rules: `--no-config` → none; `--config PATH`; `HEXBUF_CONFIG`;
/// `$XDG_CONFIG_HOME/hexbuf/config.toml` (an absolute XDG_CONFIG_HOME);
/// `~/.config/hexbuf/config.toml`.
pub fn locate(flag: Option<&Path>, no_config: bool, env: &Env) -> Option<Location> {
    if no_config {
        return None;
    }
    if let Some(p) = flag {
        return Some(Location {
            path: p.to_path_buf(),
            explicit: true,
        });
    }
    if let Some(p) = &env.hexbuf_config {
        return Some(Location {
            path: PathBuf::from(p),
            explicit: true,
        });
    }
    let base = env
        .xdg_config_home
        .as_ref()
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| env.home.as_ref().map(|h| Path::new(h).join(".config")))?;
    Some(Location {
        path: base.join("hexbuf").join("config.toml"),
        explicit: false,
    })
}

/// Reads and checks the config at `loc`: the defaults when there is none
/// (or the default file does not exist).
pub fn load(loc: Option<&Location>) -> Result<Config, ConfigError> {
    let Some(loc) = loc else {
        return Ok(Config::default());
    };
    let error = |line, message: String| ConfigError {
        path: loc.path.clone(),
        line,
        message,
    };
    let bytes = match std::fs::read(&loc.path) {
        Ok(b) => b,
        Err(e) if !loc.explicit && absent(&loc.path, &e) => return Ok(Config::default()),
        Err(e) => return Err(error(None, io_reason(&e))),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        error(Some(line), "not UTF-8 text".into())
    })?;
    let config = file::parse(&text).map_err(|e| error(Some(e.line(&text)), e.message))?;
    // A long job must stay stoppable.
    let mut probe = Keymap::new(KeymapKind::Default);
    config.apply_keys(&mut probe);
    if probe.mode_key(Mode::Working, ModeCmd::Cancel).is_none() {
        let line = text
            .lines()
            .position(|l| l.trim().replace(' ', "") == "[keys.working]")
            .map(|i| i + 1);
        return Err(error(
            line,
            "[keys.working] leaves no key to stop a long job: bind one to \"cancel\"".into(),
        ));
    }
    Ok(config)
}

/// Whether the default file is simply not there for this user: missing,
/// a parent that is not a directory, or a parent this user may not search
/// (`sudo -u nobody` keeping HOME=/root). A file that exists but cannot be
/// read is an error.
fn absent(path: &Path, e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    match e.kind() {
        NotFound | NotADirectory => true,
        PermissionDenied => std::fs::metadata(path).is_err(),
        _ => false,
    }
}

/// An I/O error's reason without Rust's "(os error N)".
fn io_reason(e: &std::io::Error) -> String {
    let text = e.to_string();
    match text.find(" (os error") {
        Some(i) => text[..i].to_lowercase(),
        None => text,
    }
}

impl Config {
    /// The keymap: the command line's choice, else the file's.
    pub fn keymap_kind(&self, cli: Option<KeymapKind>) -> KeymapKind {
        cli.or(self.keymap).unwrap_or_default()
    }

    /// The theme's colours with `[theme.colors]` applied (not yet fitted
    /// to the terminal's depth).
    pub fn palette(&self) -> Palette {
        let mut p = self
            .theme
            .as_deref()
            .and_then(Palette::builtin)
            .unwrap_or_default();
        for (role, c) in &self.colors {
            p.set(role, *c);
        }
        p
    }

    /// Applies the key bindings to a keymap; `[keys.normal]` is vi's
    /// normal mode in the vi keymap and the panes' keys otherwise.
    pub fn apply_keys(&self, keymap: &mut Keymap) {
        let vi = keymap.kind == KeymapKind::Vi;
        for b in &self.bindings {
            let pane = match b.target {
                Target::Pane(c) => Some(c),
                _ => None,
            };
            match b.section {
                Section::Global => keymap.bind(Layer::Global, b.key, pane),
                Section::Normal if vi => keymap.bind(Layer::Normal, b.key, pane),
                Section::Normal => keymap.bind(Layer::Global, b.key, pane),
                Section::Insert => keymap.bind(Layer::Editing, b.key, pane),
                Section::Mode(mode) => {
                    let cmd = match b.target {
                        Target::Mode(c) => Some(c),
                        _ => None,
                    };
                    keymap.bind_mode(mode, b.key, cmd);
                }
            }
        }
    }

    /// Applies the settings to a new app: keys, theme (fitted to `depth`),
    /// bytes per row, the starting pane, the typed pane's element, the
    /// inspector, `color = false`.
    pub fn apply(&self, app: &mut App, depth: crate::ui::depth::ColorDepth) {
        self.apply_keys(&mut app.keymap);
        app.view.palette = self.palette().for_depth(depth);
        // A palette of ANSI colours only (basic16) leaves their shades to
        // the terminal: the colours drawn beside it (region tints,
        // differing bytes) are ANSI colours too.
        let palette = &mut app.view.palette;
        let ansi_only = crate::ui::colors::ROLES.iter().all(|(_, field, _)| {
            !matches!(
                field(palette),
                ratatui::style::Color::Rgb(..) | ratatui::style::Color::Indexed(_)
            )
        });
        app.view.depth = if ansi_only {
            crate::ui::depth::ColorDepth::Ansi16
        } else {
            depth
        };
        if let Some(RowWidth::Fixed(n)) = self.bytes_per_row {
            app.view.fixed_bytes_per_row = Some(n);
        }
        let elem = app.view.elem;
        app.view.elem = ElemType::new(
            self.element.unwrap_or(elem.kind),
            self.endian.unwrap_or(elem.endian),
        );
        if let Some(pane) = self.pane {
            app.focus = pane;
        }
        if self.color == Some(false) {
            app.view.color = false;
        }
        if let Some(show) = self.inspector {
            app.view.show_inspector = show;
        }
    }
}

#[cfg(test)]
mod tests;
