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
///
/// The ids come from /proc, where a process group or session led from
/// outside this pid namespace (a container's) reads as 0: such an id is
/// unknown, and an unknown session is never taken to be resumable.
#[cfg(target_os = "linux")]
pub fn resumable() -> bool {
    let Some(me) = ids("self") else {
        return false;
    };
    let mut parent = me.parent;
    for _ in 0..32 {
        if parent == 0 {
            return false;
        }
        let Some(p) = ids(&parent.to_string()) else {
            return false;
        };
        if p.group != me.group {
            return p.session == me.session;
        }
        parent = p.parent;
    }
    false
}

/// Without /proc (no pid namespaces either): only the direct parent is
/// looked at.
#[cfg(not(target_os = "linux"))]
pub fn resumable() -> bool {
    use rustix::process::{getpgid, getpgrp, getppid, getsid};
    let (group, Ok(session)) = (getpgrp(), getsid(None)) else {
        return false;
    };
    let Some(parent) = getppid() else {
        return false;
    };
    match getpgid(Some(parent)) {
        Ok(g) if g != group => getsid(Some(parent)).is_ok_and(|s| s == session),
        _ => false,
    }
}

/// A process's parent, process group and session, as /proc/PID/stat gives
/// them; `None` where there is no /proc or an id is unknown (0) for the
/// process asked about itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ids {
    parent: i32,
    group: i32,
    session: i32,
}

fn ids(pid: &str) -> Option<Ids> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_stat(&stat)
}

/// Parses "pid (comm) state ppid pgrp session …" (comm may hold spaces and
/// parentheses, so the fields start after the last ')').
fn parse_stat(stat: &str) -> Option<Ids> {
    let (_, rest) = stat.rsplit_once(')')?;
    let mut fields = rest.split_whitespace().skip(1);
    let mut next = || fields.next()?.parse::<i32>().ok();
    let (parent, group, session) = (next()?, next()?, next()?);
    if group <= 0 || session <= 0 {
        return None;
    }
    Some(Ids {
        parent,
        group,
        session,
    })
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
    #[cfg(target_os = "linux")]
    fn the_ids_come_from_proc() {
        let me = std::process::id();
        let stat = std::fs::read_to_string(format!("/proc/{me}/stat")).unwrap();
        let fields: Vec<&str> = stat
            .rsplit_once(')')
            .unwrap()
            .1
            .split_whitespace()
            .collect();
        let (group, session): (i32, i32) = (fields[2].parse().unwrap(), fields[3].parse().unwrap());
        match ids(&me.to_string()) {
            Some(got) => {
                assert_eq!(got.parent, std::os::unix::process::parent_id() as i32);
                assert_eq!((got.group, got.session), (group, session));
                assert_eq!(ids("self"), Some(got));
            }
            // Only where the group or session is led from outside this
            // pid namespace.
            None => assert!(group == 0 || session == 0, "{stat}"),
        }
        assert_eq!(ids("-1"), None);
    }

    #[test]
    fn a_group_or_session_from_outside_the_namespace_is_unknown() {
        let stat = "7 (a (b) c) S 1 7 3 34816 7 4194560 0";
        let got = parse_stat(stat).unwrap();
        assert_eq!((got.parent, got.group, got.session), (1, 7, 3));
        assert_eq!(parse_stat("2 (cat) R 1 0 0 0 -1"), None);
        assert_eq!(parse_stat("2 (cat) R 1 2 0 0 -1"), None);
        assert_eq!(parse_stat("2 (cat) R 1 0 2 0 -1"), None);
        assert_eq!(parse_stat("garbage"), None);
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
