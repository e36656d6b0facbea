//! A pseudo-terminal harness for the real `hexbuf` binary: it spawns the
//! editor in a pty, feeds everything the editor writes to a `vt100` parser
//! on a reader thread, and lets a test send raw key bytes and wait — by
//! polling, never by sleeping — until the parsed screen shows what it
//! expects.
//!
//! A frame is drawn in many writes, so the reader thread may have parsed
//! half of one; a wait only looks at the screen when the output ends where
//! a frame ends — ratatui hides the cursor (ESC [?25l) as the last step of
//! every draw — so that a predicate never passes on a torn frame.
//!
//! Like a slow or minimal terminal, the harness answers no queries (such
//! as the cursor-position report, ESC [6n): the editor must not need one.

use std::ffi::OsStr;
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

/// How long a wait lasts by default: long enough for a debug build on a
/// busy two-core machine, short enough that a hang fails fast.
pub const TIMEOUT: Duration = Duration::from_secs(5);

/// How often a wait looks at the screen again.
const POLL: Duration = Duration::from_millis(20);

/// Keys as the bytes a terminal sends for them.
pub mod keys {
    pub const TAB: &str = "\t";
    pub const ENTER: &str = "\r";
    pub const ESC: &str = "\x1b";
    pub const CTRL_S: &str = "\x13";
    pub const CTRL_Q: &str = "\x11";
    pub const CTRL_Y: &str = "\x19";
    pub const CTRL_Z: &str = "\x1a";
    pub const CTRL_END: &str = "\x1b[1;5F";
    pub const RIGHT: &str = "\x1b[C";
    pub const LEFT: &str = "\x1b[D";
    pub const CTRL_A: &str = "\x01";
    pub const CTRL_F: &str = "\x06";
    pub const CTRL_G: &str = "\x07";
    pub const CTRL_P: &str = "\x10";
    pub const F3: &str = "\x1bOR";
}

/// What the reader thread shares with the test.
struct Output {
    parser: vt100::Parser,
    /// Every byte the editor wrote, in order.
    raw: Vec<u8>,
    /// The reader saw the end of the output (every slave side closed).
    eof: bool,
    /// The output ends where a frame ends.
    frame_end: bool,
}

/// What the editor writes last in every frame.
const FRAME_END: &[u8] = b"\x1b[?25l";

/// The editor running in a pseudo-terminal.
pub struct Pty {
    /// The master side; `None` once [`Pty::hang_up`] closed it.
    master: Option<Box<dyn MasterPty + Send>>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    output: Arc<Mutex<Output>>,
    reader: Option<JoinHandle<()>>,
    /// Tells the reader thread to close its side of the pty.
    close_reader: Arc<AtomicBool>,
    /// The terminal modes before the editor started, for comparison.
    termios_before: Option<String>,
}

/// `hexbuf args…` in `cwd`, with a capable TERM and colour allowed; add or
/// remove environment variables before spawning it.
pub fn hexbuf_command<S: AsRef<OsStr>>(cwd: &Path, args: &[S]) -> CommandBuilder {
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_hexbuf"));
    cmd.args(args);
    cmd.cwd(cwd);
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    cmd.env_remove("COLORTERM");
    // The user's own config file must not change what the tests see.
    cmd.env_remove("HEXBUF_CONFIG");
    cmd.env("XDG_CONFIG_HOME", "/nonexistent/hexbuf-tests");
    cmd
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> NonZeroU16 {
    NonZeroU16::new(n).expect("a terminal size is not zero")
}

impl Pty {
    /// Starts `hexbuf args…` in a 120×36 terminal, in directory `cwd`, and
    /// waits for its first frame (so that keys sent next reach a terminal
    /// in raw mode, not the line discipline).
    pub fn start<S: AsRef<OsStr>>(cwd: &Path, args: &[S]) -> Pty {
        let pty = Pty::spawn(cwd, args, 36, 120);
        pty.wait_for(is_editor_screen, TIMEOUT)
            .unwrap_or_else(|e| panic!("the editor did not draw its first frame: {e}"));
        pty
    }

    /// Starts `hexbuf args…` in a `rows`×`cols` terminal without waiting.
    pub fn spawn<S: AsRef<OsStr>>(cwd: &Path, args: &[S], rows: u16, cols: u16) -> Pty {
        Pty::spawn_command(hexbuf_command(cwd, args), rows, cols)
    }

    /// Starts any command in a `rows`×`cols` terminal without waiting.
    pub fn spawn_command(cmd: CommandBuilder, rows: u16, cols: u16) -> Pty {
        let pair = native_pty_system()
            .openpty(size(rows, cols))
            .expect("opening a pty");
        let termios_before = termios_flags(&*pair.master);
        let child = pair.slave.spawn_command(cmd).expect("spawning hexbuf");
        // Only the child holds the slave side now: when it exits, the
        // reader sees the end of the output.
        drop(pair.slave);
        let master = pair.master;
        let mut reader = master.try_clone_reader().expect("a pty reader");
        let writer = master.take_writer().expect("a pty writer");
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
            eof: false,
            frame_end: false,
        }));
        let shared = Arc::clone(&output);
        let close_reader = Arc::new(AtomicBool::new(false));
        let close = Arc::clone(&close_reader);
        let reader = thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                if close.load(Ordering::SeqCst) {
                    return;
                }
                // Linux reports the closed slave side as EIO: the end, too.
                let n = reader.read(&mut buf).unwrap_or(0);
                let mut out = shared.lock().unwrap_or_else(|e| e.into_inner());
                if n == 0 {
                    out.eof = true;
                    return;
                }
                out.parser.process(&buf[..n]);
                out.raw.extend_from_slice(&buf[..n]);
                out.frame_end = out.raw.ends_with(FRAME_END);
            }
        });
        Pty {
            master: Some(master),
            writer: Some(writer),
            child,
            output,
            reader: Some(reader),
            close_reader,
            termios_before,
        }
    }

    /// The process id of the command the pty runs.
    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    fn output(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Sends raw bytes, as if typed.
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the pty is open");
        writer
            .write_all(keys.as_bytes())
            .and_then(|()| writer.flush())
            .expect("writing to the pty");
    }

    /// The screen's text, one line a row.
    pub fn screen(&self) -> String {
        self.output().parser.screen().contents()
    }

    /// Runs `f` on the parsed screen.
    pub fn with_screen<T>(&self, f: impl FnOnce(&vt100::Screen) -> T) -> T {
        f(self.output().parser.screen())
    }

    /// A snapshot of the screen, and whether it is a whole frame.
    fn snapshot(&self) -> (Screen, bool) {
        let out = self.output();
        (Screen::of(out.parser.screen()), out.frame_end)
    }

    /// Every byte the editor has written so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.output().raw.clone()
    }

    /// Polls the screen until `pred` holds on a whole frame; the error shows
    /// the last screen.
    pub fn wait_for(
        &self,
        pred: impl Fn(&Screen) -> bool,
        timeout: Duration,
    ) -> Result<Screen, String> {
        let deadline = Instant::now() + timeout;
        loop {
            let (screen, whole) = self.snapshot();
            if whole && pred(&screen) {
                return Ok(screen);
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "timed out after {timeout:?}; the screen was:\n{}",
                    screen.text
                ));
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until `pred` holds, or panics with the screen (and the exit
    /// status, if the editor is gone).
    #[track_caller]
    pub fn expect(&mut self, pred: impl Fn(&Screen) -> bool, what: &str) -> Screen {
        match self.wait_for(pred, TIMEOUT) {
            Ok(screen) => screen,
            Err(e) => match self.child.try_wait() {
                Ok(Some(status)) => panic!("waiting for {what}: the editor exited ({status}); {e}"),
                _ => panic!("waiting for {what}: {e}"),
            },
        }
    }

    /// Whether the editor is still running.
    pub fn is_running(&mut self) -> bool {
        self.child
            .try_wait()
            .expect("checking on the child")
            .is_none()
    }

    /// Polls until the editor exits.
    pub fn wait_exit(&mut self, timeout: Duration) -> Result<ExitStatus, String> {
        let deadline = Instant::now() + timeout;
        loop {
            if let Some(status) = self.child.try_wait().expect("checking on the child") {
                return Ok(status);
            }
            if Instant::now() >= deadline {
                return Err(format!(
                    "still running after {timeout:?}; the screen was:\n{}",
                    self.screen()
                ));
            }
            thread::sleep(POLL);
        }
    }

    /// Waits until the reader has seen the end of the output (after exit).
    pub fn wait_eof(&self, timeout: Duration) -> Result<(), String> {
        let deadline = Instant::now() + timeout;
        while !self.output().eof {
            if Instant::now() >= deadline {
                return Err(format!("no end of output after {timeout:?}"));
            }
            thread::sleep(POLL);
        }
        Ok(())
    }

    /// Resizes the terminal (the editor gets SIGWINCH) and the parser.
    pub fn resize(&mut self, rows: u16, cols: u16) {
        self.output().parser.set_size(nz(rows), nz(cols));
        let master = self.master.as_ref().expect("the pty is open");
        master.resize(size(rows, cols)).expect("resizing the pty");
    }

    /// The terminal's input, output and local modes before the editor
    /// started, and now.
    pub fn termios(&self) -> (Option<String>, Option<String>) {
        let master = self.master.as_deref().expect("the pty is open");
        (self.termios_before.clone(), termios_flags(master))
    }

    /// Closes the master side, as when a terminal window is closed: the
    /// kernel hangs up the editor's terminal.
    pub fn hang_up(&mut self) {
        self.close_reader.store(true, Ordering::SeqCst);
        // Any key makes the editor draw, which wakes the reader thread (it
        // is blocked in read) so that it can drop its copy of the master.
        self.send(keys::RIGHT);
        let reader = self.reader.take().expect("the pty is open");
        let deadline = Instant::now() + TIMEOUT;
        while !reader.is_finished() {
            assert!(Instant::now() < deadline, "the reader thread did not stop");
            thread::sleep(POLL);
        }
        self.writer = None;
        self.master = None;
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        // A failed test must not leave an editor behind.
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// The modes that raw mode changes, as text (the type is portable-pty's).
fn termios_flags(master: &dyn MasterPty) -> Option<String> {
    master.get_termios().map(|t| {
        format!(
            "{:?} {:?} {:?}",
            t.input_flags, t.output_flags, t.local_flags
        )
    })
}

/// A snapshot of the parsed screen.
#[derive(Clone, Debug)]
pub struct Screen {
    /// The whole screen, one line a row.
    pub text: String,
    pub rows: Vec<String>,
    pub alternate: bool,
    pub cursor_hidden: bool,
}

impl Screen {
    fn of(s: &vt100::Screen) -> Screen {
        let (_, cols) = s.size();
        let rows: Vec<String> = s.rows(0, cols.get()).collect();
        Screen {
            text: s.contents(),
            rows,
            alternate: s.alternate_screen(),
            cursor_hidden: s.hide_cursor(),
        }
    }

    pub fn contains(&self, text: &str) -> bool {
        self.text.contains(text)
    }

    /// The status line: the row before the last.
    pub fn status(&self) -> &str {
        let n = self.rows.len();
        self.rows.get(n.wrapping_sub(2)).map_or("", |s| s.as_str())
    }

    /// The message line: the last row.
    pub fn message(&self) -> &str {
        self.rows.last().map_or("", |s| s.as_str())
    }

    /// The data row whose offset column starts with `prefix`, split at the
    /// pane separators: offset, hex, text, typed (trimmed).
    pub fn data_row(&self, prefix: &str) -> Option<Vec<String>> {
        self.rows
            .iter()
            .filter(|r| r.starts_with(prefix) && r.contains('│'))
            .map(|r| r.split('│').map(|p| p.trim().to_string()).collect())
            .next()
    }

    /// The text pane of the row at `prefix`.
    pub fn text_pane(&self, prefix: &str) -> Option<String> {
        self.data_row(prefix).and_then(|r| r.get(2).cloned())
    }

    /// The hex pane of the row at `prefix`.
    pub fn hex_pane(&self, prefix: &str) -> Option<String> {
        self.data_row(prefix).and_then(|r| r.get(1).cloned())
    }

    pub fn is_modified(&self) -> bool {
        self.status().contains("[modified]")
    }
}

/// The editor's normal screen: the header, a first data row, the status line.
pub fn is_editor_screen(s: &Screen) -> bool {
    s.rows.first().is_some_and(|r| r.starts_with("offset"))
        && s.data_row("0000000").is_some()
        && s.status().contains(" F1 help")
}
