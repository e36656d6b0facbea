//! Parsing config files: the settings, every kind of mistake with its
//! line, the path rules, and the default file parsing back to the defaults.

use std::collections::HashSet;
use std::path::Path;

use super::file::parse;
use super::names::Section;
use super::*;
use crate::app::mode::Mode;

fn err(text: &str) -> (usize, String) {
    let e = parse(text).expect_err("should fail");
    (e.line(text), e.message)
}

#[test]
fn settings_parse_into_typed_values() {
    let cfg = parse(
        "keymap = \"vi\"\ntheme = \"light\"\nbytes_per_row = 8\npane = \"typed\"\nelement = \"int16\"\n\
         endian = \"big\"\ninspector = false\ncolor = false\n\
         [keys.normal]\n\"C-w\" = \"save\"\n\"x\" = \"none\"\n\
         [keys.prompt]\n\"C-j\" = \"accept\"\n",
    )
    .unwrap();
    assert_eq!(cfg.keymap, Some(KeymapKind::Vi));
    assert_eq!(cfg.theme.as_deref(), Some("light"));
    assert_eq!(cfg.bytes_per_row, Some(RowWidth::Fixed(8)));
    assert_eq!(cfg.pane, Some(Pane::Typed));
    assert_eq!(cfg.element, Some(ElemKind::I16));
    assert_eq!(cfg.endian, Some(Endian::Big));
    assert_eq!(cfg.inspector, Some(false));
    assert_eq!(cfg.color, Some(false));
    let key = |t| names::parse_key(t).unwrap();
    assert_eq!(
        cfg.bindings,
        vec![
            Binding {
                section: Section::Normal,
                key: key("C-w"),
                target: Target::Pane(Cmd::Save)
            },
            Binding {
                section: Section::Normal,
                key: key("x"),
                target: Target::Unbind
            },
            Binding {
                section: Section::Mode(Mode::Prompt),
                key: key("C-j"),
                target: Target::Mode(ModeCmd::Accept)
            },
        ]
    );
    assert_eq!(
        parse("bytes_per_row = \"fit\"").unwrap().bytes_per_row,
        Some(RowWidth::Fit)
    );
    assert_eq!(parse("").unwrap(), Config::default());
}

#[test]
fn theme_table_with_colour_overrides() {
    let cfg = parse("[theme]\nname = \"basic16\"\n[theme.colors]\nnull = \"#606060\"\ncursor = \"lightmagenta\"\n")
        .unwrap();
    let p = cfg.palette();
    assert_eq!(p.null, Color::Rgb(0x60, 0x60, 0x60));
    assert_eq!(p.cursor, Color::LightMagenta);
    assert_eq!(p.printable, Palette::basic16().printable);
    // Overrides alone apply to the dark theme.
    let cfg = parse("[theme.colors]\nselection = \"21\"\n").unwrap();
    assert_eq!(cfg.palette().selection, Color::Indexed(21));
    assert_eq!(cfg.palette().null, Palette::dark().null);
}

#[test]
fn every_kind_of_mistake_names_its_line_and_key() {
    let cases: [(&str, usize, &str); 17] = [
        (
            "theme = \"dark\"\ncolour = true\n",
            2,
            "unknown key \"colour\"",
        ),
        ("keymap = \"emacs\"\n", 1, "bad value for \"keymap\""),
        (
            "\n\ntheme = \"drak\"\n",
            3,
            "bad value for \"theme\": expected a built-in theme",
        ),
        ("bytes_per_row = 0\n", 1, "found 0"),
        (
            "bytes_per_row = 512\n",
            1,
            "bad value for \"bytes_per_row\"",
        ),
        ("bytes_per_row = \"wide\"\n", 1, "found \"wide\""),
        ("element = \"int12\"\n", 1, "bad value for \"element\""),
        ("endian = \"middle\"\n", 1, "bad value for \"endian\""),
        ("\npane = \"hexx\"\n", 2, "bad value for \"pane\""),
        (
            "color = \"yes\"\n",
            1,
            "bad value for \"color\": expected true or false",
        ),
        (
            "[keys.normal]\n\"C-s\" = \"save\"\n\"C-w\" = \"sav\"\n",
            3,
            "unknown command \"sav\" for key \"C-w\" in [keys.normal]",
        ),
        (
            "[keys.visual]\n\"x\" = \"save\"\n",
            1,
            "unknown mode [keys.visual]",
        ),
        (
            "[keys.normal]\n\n\"C-Foo\" = \"save\"\n",
            3,
            "unknown key name \"C-Foo\" in [keys.normal]",
        ),
        (
            "[keys.prompt]\n\"C-j\" = \"expand\"\n",
            2,
            "unknown command \"expand\" for key \"C-j\" in [keys.prompt]",
        ),
        (
            "[keys.normal]\n\"C-w\" = 3\n",
            2,
            "bad value for key \"C-w\" in [keys.normal]",
        ),
        (
            "[theme.colors]\nnul = \"red\"\n",
            2,
            "unknown colour \"nul\" in [theme.colors]",
        ),
        (
            "[theme.colors]\nnull = \"#12\"\n",
            2,
            "bad value for \"theme.colors.null\"",
        ),
    ];
    for (text, line, want) in cases {
        let (got_line, msg) = err(text);
        assert_eq!(got_line, line, "{text:?}: {msg}");
        assert!(msg.contains(want), "{text:?}: {msg}");
        assert!(!msg.contains('\n'), "{msg}");
    }
    let (line, msg) = err("keymap = \"vi\"\ntheme = [\n");
    assert_eq!(line, 2, "{msg}");
    assert!(msg.starts_with("not TOML (at \"theme\")"), "{msg}");
    let (line, msg) = err("keymap = \"vi\"\n[keys.normal\n");
    assert_eq!(line, 2, "{msg}");
    assert!(msg.starts_with("not TOML (at [keys.normal])"), "{msg}");
    let (line, msg) = err("[keys.normal]\n\"C-w\" = save\n");
    assert_eq!(line, 2, "{msg}");
    assert!(msg.starts_with("not TOML (at \"C-w\")"), "{msg}");
}

#[test]
fn designs_theme_name_with_theme_colors_is_read_as_the_theme_table() {
    let cfg =
        parse("keymap = \"vi\"\ntheme = \"light\"\n[theme.colors]\nnull = \"#606060\"\n").unwrap();
    assert_eq!(cfg.theme.as_deref(), Some("light"));
    assert_eq!(cfg.palette().null, Color::Rgb(0x60, 0x60, 0x60));
    assert_eq!(cfg.keymap, Some(KeymapKind::Vi));
    // Its mistakes keep their lines.
    let (line, msg) = err("theme = \"lite\"\n[theme.colors]\nnull = \"red\"\n");
    assert_eq!(line, 1, "{msg}");
    assert!(msg.contains("\"theme.name\""), "{msg}");
    let (line, msg) = err("theme = \"light\"\n[theme.colors]\n\nnul = \"red\"\n");
    assert_eq!((line, msg.contains("\"nul\"")), (4, true), "{msg}");
    // A broken file elsewhere is still reported as broken TOML.
    let (line, msg) = err("theme = \"light\"\n[theme.colors]\nnull = \n");
    assert_eq!(line, 3, "{msg}");
    assert!(msg.starts_with("not TOML"), "{msg}");
}

#[test]
fn the_first_mistake_in_the_file_is_reported() {
    let (line, msg) = err("a = 1\nb = 2\n");
    assert_eq!((line, msg.contains("\"a\"")), (1, true));
}

#[test]
fn path_rules() {
    let env = Env {
        hexbuf_config: None,
        xdg_config_home: Some("/x".into()),
        home: Some("/h".into()),
    };
    let path = |l: Option<Location>| l.map(|l| (l.path, l.explicit));
    assert_eq!(
        path(locate(None, false, &env)),
        Some((Path::new("/x/hexbuf/config.toml").into(), false))
    );
    assert_eq!(
        path(locate(Some(Path::new("c.toml")), false, &env)),
        Some(("c.toml".into(), true))
    );
    assert_eq!(locate(Some(Path::new("c.toml")), true, &env), None);
    let env2 = Env {
        hexbuf_config: Some("/e.toml".into()),
        ..env.clone()
    };
    assert_eq!(
        path(locate(None, false, &env2)),
        Some(("/e.toml".into(), true))
    );
    let env3 = Env {
        xdg_config_home: Some("relative".into()),
        ..env
    };
    assert_eq!(
        path(locate(None, false, &env3)),
        Some((Path::new("/h/.config/hexbuf/config.toml").into(), false))
    );
    assert_eq!(locate(None, false, &Env::default()), None);
}

#[test]
fn a_missing_default_file_is_fine_a_missing_named_one_is_not() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.toml");
    let implicit = Location {
        path: path.clone(),
        explicit: false,
    };
    assert_eq!(load(Some(&implicit)).unwrap(), Config::default());
    // Under a file instead of a directory: not there either.
    std::fs::write(dir.path().join("plain"), "").unwrap();
    let under_file = Location {
        path: dir.path().join("plain/hexbuf/config.toml"),
        explicit: false,
    };
    assert_eq!(load(Some(&under_file)).unwrap(), Config::default());
    let explicit = Location {
        path: path.clone(),
        explicit: true,
    };
    let e = load(Some(&explicit)).unwrap_err().to_string();
    assert!(e.starts_with("config ") && e.contains("none.toml"), "{e}");
    std::fs::write(&path, "theme = \"dark\"\n\nbytes_per_row = -1\n").unwrap();
    let e = load(Some(&explicit)).unwrap_err().to_string();
    assert!(
        e.contains("none.toml line 3: bad value for \"bytes_per_row\""),
        "{e}"
    );
}

type KeymapSets = (HashSet<(Key, Cmd)>, HashSet<(Mode, Key, ModeCmd)>);

fn keymap_sets(m: &Keymap) -> KeymapSets {
    let mut modes = HashSet::new();
    for mode in Mode::ALL {
        modes.extend(m.mode_bindings(mode).map(|(k, c)| (mode, k, c)));
    }
    (m.layer(Layer::Global).iter().copied().collect(), modes)
}

#[test]
fn the_default_file_parses_back_to_the_defaults() {
    let text = default::text();
    let cfg = parse(&text).unwrap();
    assert_eq!(cfg.keymap, Some(KeymapKind::Default));
    assert_eq!(cfg.palette(), Palette::dark());
    assert_eq!(cfg.bytes_per_row, Some(RowWidth::Fit));
    assert_eq!(cfg.pane, Some(Pane::Hex));
    assert_eq!(cfg.element, Some(ElemKind::U8));
    assert_eq!(cfg.endian, Some(Endian::Little));
    assert_eq!(cfg.inspector, Some(true));
    assert_eq!(cfg.color, Some(true));
    assert!(cfg.bindings.is_empty());
    // Every binding it lists, uncommented, is the default binding again.
    let uncommented: String = text
        .lines()
        .map(|l| match l.strip_prefix("# \"") {
            Some(rest) if rest.contains("\" = \"") => format!("\"{rest}\n"),
            _ => format!("{l}\n"),
        })
        .collect();
    let cfg = parse(&uncommented).unwrap();
    assert!(cfg.bindings.len() > 100, "{}", cfg.bindings.len());
    let mut map = Keymap::new(KeymapKind::Default);
    cfg.apply_keys(&mut map);
    assert_eq!(
        keymap_sets(&map),
        keymap_sets(&Keymap::new(KeymapKind::Default))
    );
}

#[test]
fn normal_is_vi_normal_mode_in_the_vi_keymap() {
    let cfg =
        parse("[keys.normal]\n\"w\" = \"save\"\n[keys.insert]\n\"C-c\" = \"Undo\"\n").unwrap();
    let mut vi = Keymap::new(KeymapKind::Vi);
    cfg.apply_keys(&mut vi);
    let w = names::parse_key("w").unwrap();
    assert_eq!(vi.lookup(&w, true), Some(Cmd::Save));
    assert_eq!(
        vi.lookup(&w, false),
        None,
        "typing w in insert mode still types"
    );
    let cc = names::parse_key("C-c").unwrap();
    assert_eq!(vi.lookup(&cc, false), Some(Cmd::Undo));
    assert_eq!(vi.lookup(&cc, true), Some(Cmd::Copy));
    let mut default = Keymap::new(KeymapKind::Default);
    cfg.apply_keys(&mut default);
    assert_eq!(default.lookup(&w, false), Some(Cmd::Save));
}

/// Unbinding every key that stops a long job is refused, naming the
/// section's line; moving cancel to another key is fine.
#[test]
fn a_config_that_leaves_no_key_to_stop_a_job_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let load_text = |text: &str| {
        std::fs::write(&path, text).unwrap();
        load(Some(&Location {
            path: path.clone(),
            explicit: true,
        }))
    };
    let e =
        load_text("theme = \"light\"\n[keys.working]\n\"Esc\" = \"none\"\n\"C-c\" = \"none\"\n")
            .expect_err("no key left");
    assert_eq!(e.line, Some(2));
    assert!(
        e.to_string().ends_with(
            "line 2: [keys.working] leaves no key to stop a long job: bind one to \"cancel\""
        ),
        "{e}"
    );
    let cfg =
        load_text("[keys.working]\n\"Esc\" = \"none\"\n\"C-c\" = \"none\"\n\"q\" = \"cancel\"\n")
            .unwrap();
    let mut m = Keymap::new(KeymapKind::Default);
    cfg.apply_keys(&mut m);
    assert_eq!(
        m.mode_key(Mode::Working, crate::app::mode::ModeCmd::Cancel),
        names::parse_key("q")
    );
}
