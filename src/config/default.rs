//! `hexbuf config --default`: a commented config file with every setting
//! at its default, the theme's colours, and every default key binding
//! (commented out) — generated from the same tables the editor uses, so it
//! cannot drift from them, and it parses back to the defaults.

use std::fmt::Write;

use super::names::{Section, key_text, mode_command_name};
use crate::app::command::{commands, info_of};
use crate::app::keymap::{Keymap, KeymapKind, Layer};
use crate::ui::colors::{Palette, ROLES, THEMES, color_text};

/// The text of the default config file.
pub fn text() -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(
        w,
        "# hexbuf config file. `hexbuf config --path` prints where it is read\n\
         # from; every setting here is the default. A mistake stops hexbuf with\n\
         # the file, the line and the key; --no-config starts without the file.\n"
    );
    let _ = writeln!(
        w,
        "# Key bindings: \"default\" or \"vi\" (--keymap on the command line wins).\n\
         keymap = \"default\"\n\n\
         # Bytes per row: a number from 1 to 256, or \"fit\" to fit the window.\n\
         bytes_per_row = \"fit\"\n\n\
         # The pane the cursor starts in: hex, text or typed (Tab moves on).\n\
         pane = \"hex\"\n\n\
         # The typed pane: element type (uint8, int8, uint16, int16, uint32, int32,\n\
         # biguint64, bigint64, float32, float64) and byte order (little, big).\n\
         element = \"uint8\"\n\
         endian = \"little\"\n\n\
         # The inspector under the panes.\n\
         inspector = true\n\n\
         # Colours at all (NO_COLOR set in the environment always turns them off).\n\
         color = true\n"
    );
    let _ = writeln!(
        w,
        "# The theme, one of the built-in ones: {}.\n\
         # The colours are fitted to the terminal: 24-bit with COLORTERM=truecolor,\n\
         # else 256 with TERM=*-256color, else the 16 ANSI colours; NO_COLOR turns\n\
         # them off. (`theme = \"light\"` alone also works.)\n\
         [theme]\n\
         name = \"dark\"\n\n\
         # Overrides of the theme's colours by role: \"#rrggbb\", a name (black, red,\n\
         # green, yellow, blue, magenta, cyan, gray, darkgray, lightred, …, white),\n\
         # an xterm index 0-255, or \"reset\" (the terminal's own colour).\n\
         [theme.colors]",
        THEMES.join(", ")
    );
    let dark = Palette::dark();
    for (role, _, about) in ROLES {
        let c = dark.get(role).unwrap_or_default();
        let value = format!("{role} = \"{}\"", color_text(c));
        let _ = writeln!(w, "{value:<36}# {about}");
    }
    let _ = writeln!(
        w,
        "\n# Key bindings, per mode: \"KEY\" = \"command\". Keys: \"C-s\" (Ctrl), \"A-x\"\n\
         # (Alt), \"S-Up\" (Shift), \"F5\", \"Enter\", \"Space\", \"a\". Commands: as the palette\n\
         # (Ctrl+P) names them, in any case, or in lowercase words joined by \"-\"\n\
         # (\"go-to-offset\"). A binding replaces what the key did in that mode; the\n\
         # command keeps its other keys. \"none\" (or \"\") unbinds the key.\n\
         # [keys.normal] is the panes' keys (vi's normal mode with keymap = \"vi\"),\n\
         # [keys.insert] vi's insert/replace modes, [keys.global] the panes' keys in\n\
         # every state. The defaults of the default keymap:"
    );
    let map = Keymap::new(KeymapKind::Default);
    for section in Section::all() {
        let _ = writeln!(w, "\n[keys.{}]", section.name());
        let lines: Vec<(String, String)> = match section {
            Section::Normal => map
                .layer(Layer::Global)
                .iter()
                .filter_map(|(k, c)| Some((key_text(k), info_of(*c)?.name.clone())))
                .collect(),
            Section::Insert | Section::Global => Vec::new(),
            Section::Mode(mode) => map
                .mode_bindings(mode)
                .map(|(k, c)| (key_text(&k), mode_command_name(c)))
                .collect(),
        };
        for (key, cmd) in lines {
            let _ = writeln!(w, "# {} = {}", quoted(&key), quoted(&cmd));
        }
    }
    let unbound: Vec<String> = commands()
        .iter()
        .filter(|c| map.keys_for(c.cmd).is_empty() && !c.cmd.is_vi_only())
        .map(|c| quoted(&c.name))
        .collect();
    let _ = writeln!(w, "\n# Commands with no key by default:");
    for chunk in unbound.chunks(3) {
        let _ = writeln!(w, "#   {}", chunk.join(", "));
    }
    s
}

/// A TOML basic string.
fn quoted(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out += "\\\"",
            '\\' => out += "\\\\",
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
