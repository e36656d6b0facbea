//! The config file from the command line: a file with a mistake stops
//! hexbuf with exit 2 and one line naming the file, the line and the key;
//! `hexbuf config --default` prints a file hexbuf accepts; `--path` follows
//! `--config`, `HEXBUF_CONFIG` and `XDG_CONFIG_HOME`.

use super::*;

/// hexbuf with no config of the user's, in a clean environment.
fn with_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    hexbuf_with(args, |cmd| {
        cmd.env_remove("HEXBUF_CONFIG")
            .env("XDG_CONFIG_HOME", "/nonexistent/hexbuf-tests");
        for (k, v) in env {
            cmd.env(k, v);
        }
    })
}

/// The editor got past its config: it stops only for want of a terminal.
#[track_caller]
fn config_accepted(run: &Run) {
    assert!(
        run.stderr.contains("not a terminal"),
        "expected the terminal error: {run:?}"
    );
}

#[test]
fn each_kind_of_mistake_is_one_line_with_file_line_and_key() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str, &[&str]); 8] = [
        ("theme = \"dark\"\ncolr = true\n", "line 2", &["\"colr\""]),
        (
            "keymap = \"emacs\"\n",
            "line 1",
            &["\"keymap\"", "\"emacs\""],
        ),
        (
            "\n\nbytes_per_row = 1000\n",
            "line 3",
            &["\"bytes_per_row\"", "1000"],
        ),
        (
            "[keys.normal]\n\"C-s\" = \"save\"\n\"C-w\" = \"sav\"\n",
            "line 3",
            &["unknown command \"sav\" for key \"C-w\" in [keys.normal]"],
        ),
        (
            "[keys.visual]\n\"x\" = \"undo\"\n",
            "line 1",
            &["[keys.visual]"],
        ),
        (
            "[keys.insert]\n\"Ctrl-Foo\" = \"undo\"\n",
            "line 2",
            &["\"Ctrl-Foo\""],
        ),
        (
            "[theme.colors]\nnull = \"#0000\"\n",
            "line 2",
            &["theme.colors.null", "#0000"],
        ),
        ("theme = \"dark\nkeymap = \"vi\"\n", "line 1", &["not TOML"]),
    ];
    for (i, (text, line, names)) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("bad{i}.toml"));
        fs::write(&path, text).unwrap();
        let run = with_env(&["--config", arg(&path), "x.bin"], &[]);
        let mut all = vec![arg(&path), line];
        all.extend_from_slice(names);
        assert_one_line_error(&run, &all);
        assert!(!dir.path().join("x.bin").exists());
        // The same file named by HEXBUF_CONFIG, and for the lessons.
        let run = with_env(&["learn", "1"], &[("HEXBUF_CONFIG", arg(&path))]);
        assert_one_line_error(&run, &all);
    }
}

#[test]
fn the_default_config_file_is_read_from_xdg_config_home() {
    let dir = tempfile::tempdir().unwrap();
    let xdg = dir.path().to_str().unwrap();
    // No file there: fine.
    config_accepted(&with_env(&[], &[("XDG_CONFIG_HOME", xdg)]));
    fs::create_dir(dir.path().join("hexbuf")).unwrap();
    let path = dir.path().join("hexbuf/config.toml");
    fs::write(&path, "theme = \"no-such-theme\"\n").unwrap();
    let run = with_env(&[], &[("XDG_CONFIG_HOME", xdg)]);
    assert_one_line_error(&run, &[arg(&path), "line 1", "\"theme\""]);
    // --no-config ignores it.
    config_accepted(&with_env(&["--no-config"], &[("XDG_CONFIG_HOME", xdg)]));
}

#[test]
fn a_missing_named_config_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("none.toml");
    let run = with_env(&["--config", arg(&path)], &[]);
    assert_one_line_error(&run, &[arg(&path), "no such file"]);
    let run = with_env(&[], &[("HEXBUF_CONFIG", arg(&path))]);
    assert_one_line_error(&run, &[arg(&path)]);
}

#[test]
fn the_default_file_is_commented_and_accepted_as_it_is() {
    let text = with_env(&["config", "--default"], &[]).ok();
    assert!(text.lines().filter(|l| l.starts_with('#')).count() > 50);
    for key in [
        "keymap",
        "theme",
        "bytes_per_row",
        "[keys.normal]",
        "[theme.colors]",
    ] {
        assert!(text.contains(key), "{key}");
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    fs::write(&path, &text).unwrap();
    config_accepted(&with_env(&["--config", arg(&path)], &[]));
}

#[test]
fn config_path_follows_the_rules() {
    let path = |args: &[&str], env: &[(&str, &str)]| with_env(args, env).ok();
    assert_eq!(
        path(&["config", "--path"], &[("XDG_CONFIG_HOME", "/x/y")]),
        "/x/y/hexbuf/config.toml\n"
    );
    assert_eq!(
        path(
            &["config", "--path"],
            &[("XDG_CONFIG_HOME", ""), ("HOME", "/home/u")]
        ),
        "/home/u/.config/hexbuf/config.toml\n"
    );
    assert_eq!(
        path(&["config", "--path"], &[("HEXBUF_CONFIG", "/e.toml")]),
        "/e.toml\n"
    );
    assert_eq!(
        path(
            &["config", "--path", "--config", "/c.toml"],
            &[("HEXBUF_CONFIG", "/e.toml")]
        ),
        "/c.toml\n"
    );
    let run = with_env(&["config"], &[]);
    assert_one_line_error(&run, &["--default", "--path"]);
}

#[test]
fn the_readmes_example_and_designs_snippet_are_accepted() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("```toml\n").expect("a toml example in README") + 8;
    let example = &readme[start..start + readme[start..].find("```").unwrap()];
    assert!(example.contains("[keys.normal]"), "{example}");
    // DESIGN.md's Config snippet, as it is written there.
    let design = "keymap = \"default\"\ntheme = \"dark\"\nbytes_per_row = 16\n\
                  [keys.normal]\n\"C-w\" = \"save\"\n[theme.colors]\nnull = \"#606060\"\n";
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("readme.toml", example), ("design.toml", design)] {
        let path = dir.path().join(name);
        fs::write(&path, text).unwrap();
        config_accepted(&with_env(&["--config", arg(&path)], &[]));
    }
}
