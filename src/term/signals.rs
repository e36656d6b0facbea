//! Terminating signals: SIGINT and SIGQUIT from outside (in raw mode
//! Ctrl+C and Ctrl+\ are keys, not signals), SIGTERM, SIGHUP, SIGXFSZ, and
//! the other signals whose default is to end the process. Each is caught
//! and only recorded here; the event loop sees it on its next tick, ends,
//! and the editor restores the terminal, writes unsaved edits to a
//! recovery file and exits with 128+N.
//!
//! SIGXFSZ is special: the kernel sends it to a process whose own write
//! crosses its file size limit (`ulimit -f`), and the write then fails
//! with EFBIG. Caught, it no longer kills the editor in the middle of a
//! save; that save reports EFBIG and every edit stays. Only a SIGXFSZ sent
//! by another process ends the editor.

use std::io;

use signal_hook::consts::{SIGALRM, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGUSR1, SIGUSR2, SIGXFSZ};
use signal_hook::iterator::SignalsInfo;
use signal_hook::iterator::exfiltrator::WithOrigin;

/// The signals that end the editor cleanly.
pub const TERMINATING: &[i32] = &[
    SIGINT, SIGQUIT, SIGTERM, SIGHUP, SIGXFSZ, SIGALRM, SIGUSR1, SIGUSR2,
];

/// The terminating signals, caught for as long as this lives: keep it
/// until the process exits, so that a second signal cannot kill hexbuf
/// while it writes the recovery file.
pub struct Terminating {
    signals: SignalsInfo<WithOrigin>,
    received: Option<i32>,
}

impl Terminating {
    pub fn install() -> io::Result<Terminating> {
        Ok(Terminating {
            signals: SignalsInfo::new(TERMINATING)?,
            received: None,
        })
    }

    /// The first terminating signal received, if any; never blocks.
    pub fn received(&mut self) -> Option<i32> {
        if self.received.is_none() {
            let own = std::process::id() as i32;
            self.received = self
                .signals
                .pending()
                .find(|o| {
                    // Our own write over the file size limit: the write
                    // failed with EFBIG, and the save says so.
                    let own_xfsz = o.signal == SIGXFSZ && o.process.is_some_and(|p| p.pid == own);
                    !own_xfsz
                })
                .map(|o| o.signal);
        }
        self.received
    }
}

/// A signal's name (`SIGTERM`), or its number.
pub fn name(signal: i32) -> String {
    signal_hook::low_level::signal_name(signal)
        .map(str::to_string)
        .unwrap_or_else(|| format!("signal {signal}"))
}
