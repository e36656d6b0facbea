//! The last resort for synchronous fatal signals (SIGSEGV, SIGBUS, SIGILL,
//! SIGFPE, SIGABRT, SIGSYS): the process cannot go on, but the user's
//! terminal must not stay raw, on the alternate screen, with the mouse
//! captured. The handler writes the reset sequences to the terminal, puts
//! back the terminal modes saved before raw mode, prints one line and exits
//! with 128+N.
//!
//! Limits: only async-signal-safe calls may run in the handler (raw
//! `write`, `ioctl` through rustix, `_exit`), so unsaved edits cannot be
//! written here — the document may be the very thing that is corrupt. A
//! panic is not a signal: it unwinds, and the editor writes the recovery
//! file then. A fault inside the file map is the map guard's to handle
//! (see [`FATAL`]); a stack overflow is reported by Rust's own handler,
//! which aborts, and the SIGABRT that follows restores the terminal.
// The second place hexbuf uses `unsafe`: installing a signal handler for
// signals that signal-hook only allows through its unchecked, unsafe call.
#![allow(unsafe_code)]

use std::fs::File;
use std::io::{self, IsTerminal};
use std::os::fd::{AsFd, OwnedFd};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

use rustix::termios::{OptionalActions, Termios};
use signal_hook::consts::{SIGABRT, SIGBUS, SIGFPE, SIGILL, SIGSEGV, SIGSYS};

/// The signals handled here. SIGBUS is the map guard's
/// (`core::mapguard`): it answers faults inside the file map and hands any
/// other SIGBUS to [`die`].
pub const FATAL: &[i32] = &[SIGSEGV, SIGILL, SIGFPE, SIGABRT, SIGSYS];

/// Undoes everything `term::Guard` sets up: bracketed paste, the mouse
/// modes crossterm enables, the alternate screen, a hidden cursor. CAN
/// first cancels an escape sequence a frame may have left half-written.
const RESET: &[u8] = b"\x18\x1b[0m\x1b[?2004l\x1b[?1006l\x1b[?1015l\x1b[?1003l\x1b[?1002l\x1b[?1000l\x1b[?1049l\x1b[?25h\r\n";

/// The terminal as it was before raw mode, saved before the handler can run.
struct Saved {
    /// A copy of stdout, where the editor draws.
    out: OwnedFd,
    /// The terminal whose modes raw mode changes (stdin or /dev/tty, as
    /// crossterm chooses) and those modes.
    tty: Option<(OwnedFd, Termios)>,
}

static SAVED: OnceLock<Saved> = OnceLock::new();
/// True while the terminal is in the editor's state.
static ACTIVE: AtomicBool = AtomicBool::new(false);

/// Installs the handlers (once per process).
pub fn install() -> io::Result<()> {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    if INSTALLED.get().is_some() {
        return Ok(());
    }
    for &signal in FATAL {
        // SAFETY: the action only calls async-signal-safe functions: an
        // atomic swap, `OnceLock::get` (an atomic load of a value set
        // before ACTIVE is ever true), rustix's `write` and `tcsetattr`
        // (single system calls, no allocation, no locks) and `_exit`. It
        // never returns, so the faulting instruction is not run again.
        unsafe { signal_hook_registry::register_unchecked(signal, move |_| die(signal)) }?;
    }
    crate::core::mapguard::set_fallback(|signal| die(signal));
    crate::core::mapguard::reinstall()?;
    let _ = INSTALLED.set(());
    Ok(())
}

/// Records the terminal's modes before the editor changes them, and marks
/// the terminal as the editor's until [`disarm`].
pub fn arm() {
    if SAVED.get().is_none() {
        let saved = save_terminal();
        if let Ok(saved) = saved {
            let _ = SAVED.set(saved);
        }
    }
    ACTIVE.store(true, Ordering::SeqCst);
}

/// The terminal is back in its own state: a fatal signal need not touch it.
pub fn disarm() {
    ACTIVE.store(false, Ordering::SeqCst);
}

fn save_terminal() -> io::Result<Saved> {
    let out = io::stdout().as_fd().try_clone_to_owned()?;
    let tty: Option<OwnedFd> = if io::stdin().is_terminal() {
        io::stdin().as_fd().try_clone_to_owned().ok()
    } else {
        File::open("/dev/tty").ok().map(OwnedFd::from)
    };
    let tty = tty.and_then(|fd| {
        let modes = rustix::termios::tcgetattr(&fd).ok()?;
        Some((fd, modes))
    });
    Ok(Saved { out, tty })
}

/// Restores the terminal (when the editor holds it), says which signal
/// ended hexbuf, and exits with 128+`signal`. Async-signal-safe.
pub fn die(signal: i32) -> ! {
    if ACTIVE.swap(false, Ordering::SeqCst)
        && let Some(saved) = SAVED.get()
    {
        write_all(&saved.out, RESET);
        if let Some((tty, modes)) = &saved.tty {
            let _ = rustix::termios::tcsetattr(tty, OptionalActions::Now, modes);
        }
    }
    // `Stderr::as_fd` borrows fd 2 without taking the stream's lock.
    write_all(&io::stderr().as_fd(), message(signal));
    signal_hook::low_level::exit(128 + signal)
}

/// Writes all of `bytes`, giving up on the first error.
fn write_all(fd: &impl AsFd, mut bytes: &[u8]) {
    while !bytes.is_empty() {
        match rustix::io::write(fd, bytes) {
            Ok(0) | Err(_) => return,
            Ok(n) => bytes = &bytes[n..],
        }
    }
}

/// The line printed for each signal, built without allocating.
fn message(signal: i32) -> &'static [u8] {
    match signal {
        SIGSEGV => b"hexbuf: stopped by SIGSEGV (a bug in hexbuf); the terminal was restored, unsaved edits are lost\n",
        SIGBUS => b"hexbuf: stopped by SIGBUS (a file shrank under hexbuf, or a bug); the terminal was restored, unsaved edits are lost\n",
        SIGILL => b"hexbuf: stopped by SIGILL (a bug in hexbuf); the terminal was restored, unsaved edits are lost\n",
        SIGFPE => b"hexbuf: stopped by SIGFPE (a bug in hexbuf); the terminal was restored, unsaved edits are lost\n",
        SIGABRT => b"hexbuf: stopped by SIGABRT (an abort); the terminal was restored, unsaved edits are lost\n",
        SIGSYS => b"hexbuf: stopped by SIGSYS (a forbidden system call); the terminal was restored, unsaved edits are lost\n",
        _ => b"hexbuf: stopped by a fatal signal; the terminal was restored, unsaved edits are lost\n",
    }
}
