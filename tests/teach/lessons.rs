//! The new lessons' claims checked with node: the SHA-256 digests the hash
//! lesson prints, what fs.readSync returns chunk by chunk, and the PNG
//! header's fields as DataView reads them (and its CRC, with python's zlib).

use std::process::Command;

use hexbuf::app::lesson::{Lesson, builtin};

fn lesson(title_start: &str) -> Lesson {
    builtin()
        .into_iter()
        .find(|l| l.title.starts_with(title_start))
        .unwrap_or_else(|| panic!("no lesson '{title_start}'"))
}

/// Runs `script` in `program`; its stdout, or `None` when not installed.
fn run(program: &str, script: &str) -> Option<String> {
    let flag = if program == "node" { "-e" } else { "-c" };
    match Command::new(program).arg(flag).arg(script).output() {
        Ok(out) => {
            assert!(
                out.status.success(),
                "{program}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            Some(String::from_utf8(out.stdout).unwrap())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            eprintln!("{program} is not installed: not checked");
            None
        }
        Err(e) => panic!("{program}: {e}"),
    }
}

fn js_bytes(bytes: &[u8]) -> String {
    let list: Vec<String> = bytes.iter().map(|b| b.to_string()).collect();
    format!("Uint8Array.from([{}])", list.join(","))
}

#[test]
fn the_hash_lesson_prints_the_digests_node_computes() {
    let l = lesson("Hashing");
    let script = format!(
        "const c = require('crypto'); const b = Buffer.from({});\
         console.log(c.createHash('sha256').update(b.subarray(0, 5)).digest('hex'));\
         console.log(c.createHash('sha256').update(b).digest('hex'));",
        js_bytes(&l.buffer)
    );
    let Some(out) = run("node", &script) else {
        return;
    };
    let digests: Vec<&str> = out.lines().collect();
    assert!(l.steps[1].done.contains(digests[0]), "{}", l.steps[1].done);
    assert!(l.steps[2].done.contains(digests[1]), "{}", l.steps[2].done);
}

#[test]
fn the_chunk_lesson_says_what_fs_read_sync_returns() {
    let l = lesson("Reading a file in chunks");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f");
    std::fs::write(&path, &l.buffer).unwrap();
    let script = format!(
        "const fs = require('fs'); const fd = fs.openSync({:?}, 'r'); const buf = Buffer.alloc(8);\
         for (const pos of [0, 8, 16, 20]) {{ const n = fs.readSync(fd, buf, 0, 8, pos);\
         console.log(n + ' ' + JSON.stringify(buf.subarray(0, n).toString('latin1'))); }}",
        path.to_str().unwrap()
    );
    let Some(out) = run("node", &script) else {
        return;
    };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[1], "8 \"chunk 2 \"");
    assert!(
        l.steps[1].done.contains("\"chunk 2 \""),
        "{}",
        l.steps[1].done
    );
    assert!(l.steps[1].done.contains("returns 8"));
    assert_eq!(lines[2], "4 \"tail\"");
    assert!(l.steps[2].done.contains("returns 4"));
    assert_eq!(lines[3], "0 \"\"");
    assert!(l.steps[2].done.contains("position 20 returns 0"));
}

#[test]
fn the_png_lesson_reads_the_fields_dataview_reads() {
    let l = lesson("The structure of a real file");
    let script = format!(
        "const v = new DataView({}.buffer);\
         console.log([v.getUint32(8, false), v.getUint32(16, false), v.getUint32(20, false),\
         v.getUint8(24), v.getUint8(25)].join(' '));\
         v.setUint32(16, 512, false);\
         console.log(Buffer.from(v.buffer, 16, 4).toString('hex'));",
        js_bytes(&l.buffer)
    );
    if let Some(out) = run("node", &script) {
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "13 256 128 8 6");
        assert!(l.steps[0].done.contains("reads 13"));
        assert!(l.steps[1].done.contains("is 256") && l.steps[1].done.contains("height, 128"));
        assert!(l.steps[2].done.contains("getUint8(24) is 8"));
        assert!(l.steps[2].done.contains("getUint8(25) is 6"));
        assert_eq!(lines[1], "00000200");
        assert!(l.steps[3].done.contains("wrote 00 00 02 00"));
    }
    // The header is a real one: its CRC is zlib's over the type and data.
    let list: Vec<String> = l.buffer.iter().map(|b| b.to_string()).collect();
    let py = format!(
        "import zlib; b = bytes([{}]); print(zlib.crc32(b[12:29]) == int.from_bytes(b[29:33], 'big'))",
        list.join(",")
    );
    if let Some(out) = run("python3", &py) {
        assert_eq!(out.trim(), "True");
    }
}
