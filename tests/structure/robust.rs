//! Random and mutated files under every built-in spec, browsed with the
//! panel's keys at several terminal sizes.

use super::*;

/// Random bytes (a fixed-seed LCG) under each built-in spec, and real
/// PNG and ELF bytes with random changes, whole and cut short, browsed with every panel key at several
/// terminal sizes: no panic, and nothing drawn past the screen's edge.
#[test]
fn random_files_under_every_builtin_spec_browse_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as u8
    };
    for format in ["elf", "png", "zip", "gif", "bmp", "wav", "gzip"] {
        for len in [0usize, 3, 64, 700] {
            // PNG and ELF start from real files with random bytes
            // changed after their magic; the others are random.
            let mut bytes: Vec<u8> = match format {
                "png" => png(),
                "elf" => fs::read(std::env::current_exe().unwrap()).unwrap()[..8192].to_vec(),
                _ => (0..len).map(|_| next()).collect(),
            };
            if matches!(format, "png" | "elf") && len > 0 {
                for _ in 0..len / 20 {
                    let i = 8 + usize::from(next()) * usize::from(next()) % (bytes.len() - 8);
                    bytes[i] = next();
                }
                bytes.truncate(bytes.len() * len / 700);
            }
            let path = dir.path().join(format!("{format}-{len}.bin"));
            fs::write(&path, &bytes).unwrap();
            let source = Source::open(&path, OpenOptions::default()).unwrap();
            let mut app = App::new(Document::new(source), AppOptions::default());
            let args = EditorArgs {
                file: Some(path),
                format: Some(format.into()),
                ..EditorArgs::default()
            };
            attach_structure(&mut app, &args);
            assert!(app.structure.as_ref().is_some_and(|s| s.open), "{format}");
            app.feed("F9 Down Right Down Right Enter F9 PgDn n N Left Up e Esc Tab");
            for (w, h) in [(24, 6), (40, 12), (80, 24), (139, 40), (140, 40), (200, 60)] {
                let ls = lines(&draw(&mut app, w, h));
                assert!(
                    ls.iter().all(|l| l.chars().count() <= w as usize),
                    "{format} {w}x{h}"
                );
            }
        }
    }
}
