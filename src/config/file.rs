//! Reading a config file's text into [`Config`]: toml's spanned document,
//! checked key by key, so that every mistake is reported with the line it
//! is on and the key it is about.

use std::ops::Range;

use ratatui::style::Color;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::names::{Section, mode_command, pane_command, parse_key};
pub use super::syntax::ParseError;
use super::syntax::{key_of_line, theme_name_rewritten};
use super::{Binding, Config, RowWidth, Target};
use crate::app::keymap::KeymapKind;
use crate::app::state::Pane;
use crate::core::typed::{ElemKind, Endian};
use crate::ui::colors::{Palette, ROLES, THEMES, parse_color};

/// The most bytes a row can hold (as Alt+= stops).
pub const MAX_BYTES_PER_ROW: i64 = 256;

/// The top-level keys, in the order the default file has them.
pub const TOP_KEYS: [&str; 9] = [
    "keymap",
    "theme",
    "bytes_per_row",
    "pane",
    "element",
    "endian",
    "inspector",
    "color",
    "keys",
];

type Entry<'a, 'i> = (
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
);

/// Parses a config file's text.
pub fn parse(text: &str) -> Result<Config, ParseError> {
    match DeTable::parse(text) {
        Ok(doc) => from_doc(&doc),
        Err(e) => {
            // DESIGN.md's `theme = "dark"` followed by `[theme.colors]` is
            // not TOML (a string cannot be a table too); read it as the
            // `name` of the `[theme]` table it means.
            // When the string theme was the trouble, the error to report
            // is the rewritten text's, further on.
            let at = e.span().unwrap_or(0..0).start.min(text.len());
            let line_start = text.get(..at).and_then(|t| t.rfind('\n'));
            let about_theme = text
                .get(line_start.map_or(0, |i| i + 1)..)
                .is_some_and(|l| l.trim_start().starts_with("[theme"));
            let e = match theme_name_rewritten(text)
                .map(|t| DeTable::parse(&t).map(|d| from_doc(&d)))
            {
                Some(Ok(cfg)) => return cfg,
                Some(Err(e2)) if about_theme => e2,
                _ => e,
            };
            let message = e.message().lines().next().unwrap_or("").trim().to_string();
            let mut err = ParseError::at(e.span().unwrap_or(0..0), String::new());
            let line = text.lines().nth(err.line(text) - 1).unwrap_or("");
            err.message = match key_of_line(line) {
                Some(key) => format!("not TOML (at {key}): {message}"),
                None => format!("not TOML: {message}"),
            };
            Err(err)
        }
    }
}

fn from_doc(doc: &Spanned<DeTable<'_>>) -> Result<Config, ParseError> {
    let mut cfg = Config::default();
    // Checked in the order of the file, so the first mistake is reported.
    let mut entries: Vec<Entry<'_, '_>> = doc.get_ref().iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    for (key, value) in entries {
        top_entry(&mut cfg, key.get_ref(), key.span(), value)?;
    }
    Ok(cfg)
}

fn top_entry(
    cfg: &mut Config,
    key: &str,
    key_span: Range<usize>,
    value: &Spanned<DeValue<'_>>,
) -> Result<(), ParseError> {
    let bad = |expected: &str| bad_value(key, expected, value);
    match key {
        "keymap" => {
            cfg.keymap = Some(match value.get_ref().as_str() {
                Some("default") => KeymapKind::Default,
                Some("vi") => KeymapKind::Vi,
                _ => return Err(bad("\"default\" or \"vi\"")),
            });
        }
        "theme" => theme(cfg, value)?,
        "bytes_per_row" => {
            cfg.bytes_per_row = Some(match value.get_ref() {
                DeValue::String(s) if s == "fit" => RowWidth::Fit,
                DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                    Ok(n) if (1..=MAX_BYTES_PER_ROW).contains(&n) => RowWidth::Fixed(n as usize),
                    _ => return Err(bad("a number from 1 to 256, or \"fit\"")),
                },
                _ => return Err(bad("a number from 1 to 256, or \"fit\"")),
            });
        }
        "element" => {
            let name = value.get_ref().as_str().unwrap_or("");
            cfg.element = Some(element_kind(name).ok_or_else(|| {
                bad("an element type: uint8, int8, uint16 … float64 (or u8 … f64)")
            })?);
        }
        "endian" => {
            cfg.endian = Some(match value.get_ref().as_str() {
                Some("little" | "le") => Endian::Little,
                Some("big" | "be") => Endian::Big,
                _ => return Err(bad("\"little\" or \"big\"")),
            });
        }
        "pane" => {
            cfg.pane = Some(match value.get_ref().as_str() {
                Some("hex") => Pane::Hex,
                Some("text") => Pane::Text,
                Some("typed") => Pane::Typed,
                _ => return Err(bad("\"hex\", \"text\" or \"typed\"")),
            });
        }
        "inspector" => cfg.inspector = Some(boolean(key, value)?),
        "color" => cfg.color = Some(boolean(key, value)?),
        "keys" => keys(cfg, value)?,
        other => {
            return Err(ParseError::at(
                key_span,
                format!(
                    "unknown key \"{other}\" (the keys are: {})",
                    TOP_KEYS.join(", ")
                ),
            ));
        }
    }
    Ok(())
}

/// `uint16`, `Int16`, `u16`, `bigint64`, `f32`…
fn element_kind(name: &str) -> Option<ElemKind> {
    let n = name.to_ascii_lowercase();
    ElemKind::ALL
        .into_iter()
        .find(|k| k.js_name().to_ascii_lowercase() == n || k.short_name() == n)
        .or(match n.as_str() {
            "int64" => Some(ElemKind::I64),
            "uint64" => Some(ElemKind::U64),
            _ => None,
        })
}

fn boolean(key: &str, value: &Spanned<DeValue<'_>>) -> Result<bool, ParseError> {
    value
        .get_ref()
        .as_bool()
        .ok_or_else(|| bad_value(key, "true or false", value))
}

/// `bad value for "KEY": expected …, found …`.
fn bad_value(key: &str, expected: &str, value: &Spanned<DeValue<'_>>) -> ParseError {
    ParseError::at(
        value.span(),
        format!(
            "bad value for \"{key}\": expected {expected}, found {}",
            shown(value.get_ref())
        ),
    )
}

/// A value as the file has it (short), for an error.
fn shown(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("\"{}\"", crate::core::display::escape_str(s)),
        DeValue::Integer(i) => i.as_str().to_string(),
        DeValue::Float(f) => f.as_str().to_string(),
        DeValue::Boolean(b) => b.to_string(),
        other => format!(
            "a{} {}",
            if other.is_array() { "n" } else { "" },
            other.type_str()
        ),
    }
}

/// `theme = "light"`, or `[theme]` with `name` and `[theme.colors]`.
fn theme(cfg: &mut Config, value: &Spanned<DeValue<'_>>) -> Result<(), ParseError> {
    let builtin = |v: &Spanned<DeValue<'_>>, key: &str| -> Result<String, ParseError> {
        match v.get_ref().as_str() {
            Some(name) if Palette::builtin(name).is_some() => Ok(name.to_string()),
            _ => Err(bad_value(
                key,
                &format!("a built-in theme: {}", THEMES.join(", ")),
                v,
            )),
        }
    };
    let table = match value.get_ref() {
        DeValue::String(_) => {
            cfg.theme = Some(builtin(value, "theme")?);
            return Ok(());
        }
        DeValue::Table(t) => t,
        _ => {
            return Err(bad_value(
                "theme",
                "a theme's name or a [theme] table",
                value,
            ));
        }
    };
    for (key, v) in sorted(table) {
        match key.get_ref().as_ref() {
            "name" => cfg.theme = Some(builtin(v, "theme.name")?),
            "colors" => {
                let Some(colors) = v.get_ref().as_table() else {
                    return Err(bad_value("theme.colors", "a [theme.colors] table", v));
                };
                for (role, c) in sorted(colors) {
                    let role_name = role.get_ref().as_ref();
                    if !ROLES.iter().any(|(r, _, _)| *r == role_name) {
                        let names: Vec<&str> = ROLES.iter().map(|(r, _, _)| *r).collect();
                        return Err(ParseError::at(
                            role.span(),
                            format!(
                                "unknown colour \"{role_name}\" in [theme.colors] (the colours are: {})",
                                names.join(", ")
                            ),
                        ));
                    }
                    let color: Color = c
                        .get_ref()
                        .as_str()
                        .and_then(parse_color)
                        .ok_or_else(|| {
                            bad_value(
                                &format!("theme.colors.{role_name}"),
                                "a colour: \"#rrggbb\", a name such as \"lightblue\", 0-255 or \"reset\"",
                                c,
                            )
                        })?;
                    cfg.colors.push((role_name.to_string(), color));
                }
            }
            other => {
                return Err(ParseError::at(
                    key.span(),
                    format!("unknown key \"theme.{other}\" (a [theme] has: name, colors)"),
                ));
            }
        }
    }
    Ok(())
}

/// `[keys.<section>]` tables of `"KEY" = "command"`.
fn keys(cfg: &mut Config, value: &Spanned<DeValue<'_>>) -> Result<(), ParseError> {
    let Some(table) = value.get_ref().as_table() else {
        return Err(bad_value("keys", "[keys.<mode>] tables", value));
    };
    let names: Vec<&str> = Section::all().iter().map(|s| s.name()).collect();
    for (name, bindings) in sorted(table) {
        let Some(section) = Section::parse(name.get_ref()) else {
            return Err(ParseError::at(
                name.span(),
                format!(
                    "unknown mode [keys.{}] (the modes are: {})",
                    name.get_ref(),
                    names.join(", ")
                ),
            ));
        };
        let Some(bindings) = bindings.get_ref().as_table() else {
            return Err(bad_value(
                &format!("keys.{}", name.get_ref()),
                "a table of \"KEY\" = \"command\"",
                bindings,
            ));
        };
        for (key, cmd) in sorted(bindings) {
            cfg.bindings.push(binding(section, key, cmd)?);
        }
    }
    Ok(())
}

fn binding(
    section: Section,
    key: &Spanned<std::borrow::Cow<'_, str>>,
    cmd: &Spanned<DeValue<'_>>,
) -> Result<Binding, ParseError> {
    let key_name = key.get_ref().as_ref();
    let where_ = format!("in [keys.{}]", section.name());
    let parsed = parse_key(key_name).ok_or_else(|| {
        ParseError::at(
            key.span(),
            format!(
                "unknown key name \"{}\" {where_} (keys are written like \"C-s\", \"A-x\", \"S-Up\", \"F5\", \"Enter\")",
                crate::core::display::escape_str(key_name)
            ),
        )
    })?;
    let Some(name) = cmd.get_ref().as_str() else {
        return Err(ParseError::at(
            cmd.span(),
            format!(
                "bad value for key \"{key_name}\" {where_}: expected a command's name, found {}",
                shown(cmd.get_ref())
            ),
        ));
    };
    let target = if name.is_empty() || name == "none" {
        Some(Target::Unbind)
    } else {
        match section {
            Section::Mode(mode) => mode_command(mode, name).map(Target::Mode),
            _ => pane_command(name).map(Target::Pane),
        }
    };
    let target = target.ok_or_else(|| {
        ParseError::at(
            cmd.span(),
            format!(
                "unknown command \"{}\" for key \"{key_name}\" {where_}",
                crate::core::display::escape_str(name)
            ),
        )
    })?;
    Ok(Binding {
        section,
        key: parsed,
        target,
    })
}

/// A table's entries in the order of the file.
fn sorted<'a, 'i>(table: &'a DeTable<'i>) -> Vec<Entry<'a, 'i>> {
    let mut entries: Vec<Entry<'a, 'i>> = table.iter().collect();
    entries.sort_by_key(|(k, _)| k.span().start);
    entries
}
