//! Job control: SIGTSTP and SIGCONT. In raw mode Ctrl+Z is a key (undo),
//! but `kill -TSTP`, a shell's `kill -TSTP %1` and `kill -STOP` still stop
//! the editor. Left to the default action, SIGTSTP would stop hexbuf with
//! the terminal raw and on the alternate screen, and the user's shell would
//! be unusable until `reset`; on `fg` nothing would redraw the screen.
//!
//! So both are caught and only recorded here; the event loop answers at
//! its next tick: for SIGTSTP it hands the terminal back and then really
//! stops ([`Stops::stop_now`]); for SIGCONT — after its own stop, or after
//! a SIGSTOP, which cannot be caught — it takes the terminal again and
//! redraws every cell. A SIGTSTP with no shell to continue the editor
//! ([`resumable`] is false) is ignored, as the default action's stop would
//! be discarded.
//!
//! SIGTTIN and SIGTTOU keep their default action (stop): the kernel sends
//! them to a background process that reads the terminal or changes its
//! modes, and the terminal is not ours to restore then. Caught, the read
//! or `tcsetattr` that raised them would be retried at once and raise them
//! again. Their default stop is what makes taking the terminal back after
//! `bg` wait for `fg`: the first `tcsetattr` stops the editor before it
//! writes anything to a screen the shell owns.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use signal_hook::SigId;
use signal_hook::consts::{SIGCONT, SIGTSTP};

/// What the signals since the last look ask of the editor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Request {
    /// SIGTSTP came last: hand the terminal back and stop.
    Stop,
    /// SIGCONT came last: the editor was stopped (by SIGSTOP, or by a
    /// SIGTSTP that arrived before it and needs no answer now) and other
    /// programs may have drawn on the screen or changed the terminal's modes.
    Continued,
}

/// No signal since the last look.
const NONE: usize = 0;
/// Values the handlers store: the last of the two to arrive wins, as with
/// the default actions (a stop followed by a continue leaves the process
/// running).
const TSTP: usize = 1;
const CONT: usize = 2;

/// SIGTSTP and SIGCONT, caught for as long as this lives.
pub struct Stops {
    last: Arc<AtomicUsize>,
    ids: Vec<SigId>,
}

impl Stops {
    pub fn install() -> io::Result<Stops> {
        let last = Arc::new(AtomicUsize::new(NONE));
        let mut stops = Stops {
            last: Arc::clone(&last),
            ids: Vec::new(),
        };
        for (signal, value) in [(SIGTSTP, TSTP), (SIGCONT, CONT)] {
            // On error, dropping `stops` unregisters what was registered.
            let id = signal_hook::flag::register_usize(signal, Arc::clone(&last), value)?;
            stops.ids.push(id);
        }
        Ok(stops)
    }

    /// Whether a signal waits for an answer; does not take it.
    pub fn pending(&self) -> bool {
        self.last.load(Ordering::SeqCst) != NONE
    }

    /// The request waiting, if any, taken.
    pub fn take(&self) -> Option<Request> {
        match self.last.swap(NONE, Ordering::SeqCst) {
            TSTP => Some(Request::Stop),
            CONT => Some(Request::Continued),
            _ => None,
        }
    }

    /// Stops the process as SIGTSTP's default action would (signal-hook
    /// raises SIGSTOP, which cannot be caught: the shell sees the job
    /// stopped) and returns once it is continued. The caller hands the
    /// terminal back first and takes it again after.
    pub fn stop_now(&self) -> io::Result<()> {
        signal_hook::low_level::emulate_default_handler(SIGTSTP)?;
        // The SIGCONT that woke us is answered by the caller; a SIGTSTP
        // that came after it still stands.
        let _ = self
            .last
            .compare_exchange(CONT, NONE, Ordering::SeqCst, Ordering::SeqCst);
        Ok(())
    }
}

/// Whether a shell could continue this process after a stop: its process
/// group has a parent outside the group but in its session (a shell with
/// job control). Otherwise the group is orphaned, and POSIX has a stop by
/// SIGTSTP discarded — as it was before hexbuf caught the signal — where
/// the SIGSTOP that [`Stops::stop_now`] raises would leave the editor
/// stopped with nobody to continue it (a tmux pane's own command, a
/// terminal's first process). The group's members are taken to be this
/// process and the ancestors in its group (a wrapper script).
pub fn resumable() -> bool {
    use rustix::process::{Pid, getpgid, getpgrp, getppid, getsid};
    let group = getpgrp();
    // Unknown sessions are never taken to be the same one.
    let Ok(session) = getsid(None) else {
        return false;
    };
    let mut parent = getppid();
    for _ in 0..32 {
        let Some(p) = parent else { return false };
        match getpgid(Some(p)) {
            Ok(g) if g == group => {}
            Ok(_) => return getsid(Some(p)).is_ok_and(|s| s == session),
            Err(_) => return false,
        }
        parent = parent_of(p.as_raw_pid()).and_then(Pid::from_raw);
    }
    false
}

/// The parent of process `pid`, from /proc (where there is one).
fn parent_of(pid: i32) -> Option<i32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "pid (comm) state ppid …": comm may hold spaces and parentheses.
    let (_, rest) = stat.rsplit_once(')')?;
    rest.split_whitespace().nth(1)?.parse().ok()
}

impl Drop for Stops {
    fn drop(&mut self) {
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the handlers are process-wide, and the test harness runs
    // tests on parallel threads.
    /// (Whether a stop is answered or discarded is tested end to end, in a
    /// pty under a job-control shell and as a session's only process.)
    #[test]
    fn the_parent_comes_from_proc() {
        let me = std::process::id() as i32;
        let parent = std::os::unix::process::parent_id() as i32;
        assert_eq!(parent_of(me), Some(parent));
        assert_eq!(parent_of(-1), None);
    }

    #[test]
    fn the_last_signal_wins_and_is_taken_once() {
        let stops = Stops::install().unwrap();
        assert_eq!(stops.take(), None);
        signal_hook::low_level::raise(SIGCONT).unwrap();
        assert!(stops.pending());
        assert_eq!(stops.take(), Some(Request::Continued));
        assert_eq!(stops.take(), None);
        // A stop, then a continue: the process would be running again.
        signal_hook::low_level::raise(SIGTSTP).unwrap();
        signal_hook::low_level::raise(SIGCONT).unwrap();
        assert_eq!(stops.take(), Some(Request::Continued));
        signal_hook::low_level::raise(SIGCONT).unwrap();
        signal_hook::low_level::raise(SIGTSTP).unwrap();
        assert_eq!(stops.take(), Some(Request::Stop));
        drop(stops);
    }
}
