//! Guarded file maps: reading a page of a mapped file that another program
//! has truncated away must not kill hexbuf.
//!
//! The kernel answers a read of a mapped page past the end of its file with
//! SIGBUS (and does the same for a hole of a sparse file that a full tmpfs
//! cannot back). Every map hexbuf makes is registered here; a SIGBUS
//! handler finds the faulting address in the registry, maps a private page
//! of zeros over the faulting page (`MAP_FIXED`), counts the fault and
//! returns, so the read is retried and sees zeros. The owner of the map
//! notices the count (or the file's new size) and tells the user; it can
//! also zero the whole vanished tail at once ([`GuardedMap::zero_from`]).
//!
//! A SIGBUS at any other address is passed to the handler that was
//! installed before ours, or, with none, ends the process as the default
//! action would.
//!
//! This is the one module besides the map itself that uses `unsafe`; each
//! block says why it is sound.
#![allow(unsafe_code)]

use std::fs::File;
use std::io;
use std::ptr;
use std::sync::Once;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

use memmap2::{Mmap, MmapOptions};

/// How many maps can be guarded at once; a map beyond that is refused and
/// the caller reads the file through `pread` instead.
const SLOTS: usize = 64;

/// Registered map ranges: `[start, end)` addresses; 0..0 is a free slot.
/// Plain atomics, because the signal handler reads them and may run at any
/// instant on any thread.
static STARTS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static ENDS: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
/// Faults answered with a zero page since the start.
static FAULTS: AtomicUsize = AtomicUsize::new(0);
static PAGE: AtomicUsize = AtomicUsize::new(4096);
/// The SIGBUS action that was in place before ours (leaked, never freed).
static PREVIOUS: AtomicPtr<libc::sigaction> = AtomicPtr::new(ptr::null_mut());
static INSTALL: Once = Once::new();
/// What to do with a SIGBUS outside our maps before the previous action:
/// the terminal's last-resort handler (restores the screen, never returns).
static FALLBACK: AtomicUsize = AtomicUsize::new(0);

/// Sets the function a SIGBUS outside every guarded map is handed to (it
/// must be async-signal-safe and should not return).
pub fn set_fallback(f: fn(i32)) {
    FALLBACK.store(f as usize, Ordering::Release);
}

/// A read-only map of a file whose vanished pages read as zeros.
pub struct GuardedMap {
    map: Mmap,
    slot: usize,
}

impl std::fmt::Debug for GuardedMap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedMap")
            .field("len", &self.map.len())
            .finish()
    }
}

impl GuardedMap {
    /// Maps the first `len` bytes of `file` (`len` > 0), read-only.
    pub fn new(file: &File, len: usize) -> io::Result<Self> {
        install()?;
        // SAFETY: the map is read-only and hexbuf changes the file only
        // through `save`, which accounts for the map seeing those writes.
        // Another program may change the file under the map (its bytes then
        // change under our reads, which is why saving checks the file's
        // identity first) or truncate it, in which case the pages past the
        // new end fault: the handler installed above answers those faults
        // for every address this map is registered with below.
        let map = unsafe { MmapOptions::new().len(len).map(file)? };
        let start = map.as_ptr() as usize;
        let end = start + map.len();
        for slot in 0..SLOTS {
            // Claim a free slot by its end first, so the handler never sees
            // a half-written range that covers foreign addresses.
            if ENDS[slot]
                .compare_exchange(0, end, Ordering::AcqRel, Ordering::Acquire)
                .is_ok()
            {
                STARTS[slot].store(start, Ordering::Release);
                return Ok(GuardedMap { map, slot });
            }
        }
        Err(io::Error::other("too many files mapped at once"))
    }

    pub fn bytes(&self) -> &[u8] {
        &self.map
    }

    pub fn advise(&self, advice: memmap2::Advice) {
        let _ = self.map.advise(advice);
    }

    pub fn advise_range(&self, advice: memmap2::Advice, offset: usize, len: usize) {
        let _ = self.map.advise_range(advice, offset, len);
    }

    /// Replaces every page wholly past byte `from` with zeros: the file
    /// now ends at `from`, and reading those pages would fault. (The page
    /// holding `from` itself reads zeros past the end of the file without
    /// faulting.)
    pub fn zero_from(&self, from: usize) -> io::Result<()> {
        let page = PAGE.load(Ordering::Relaxed);
        let first = from.div_ceil(page) * page;
        if first >= self.map.len() {
            return Ok(());
        }
        let start = self.map.as_ptr() as usize + first;
        let len = self.map.len() - first;
        // SAFETY: [start, start+len) lies inside our own map (first is
        // below its length), which lives as long as `self`; replacing those
        // pages with anonymous read-only zero pages changes what they read
        // but keeps them mapped, readable and owned by `self.map`, whose
        // munmap on drop covers them.
        zero_pages(start, len)
    }
}

impl Drop for GuardedMap {
    fn drop(&mut self) {
        // Unregister before the map itself is unmapped (fields drop after
        // this body), so the handler never claims an address we gave back.
        STARTS[self.slot].store(0, Ordering::Release);
        ENDS[self.slot].store(0, Ordering::Release);
    }
}

/// How many faults in guarded maps have been answered with zeros so far.
pub fn faults() -> usize {
    FAULTS.load(Ordering::Relaxed)
}

/// Maps anonymous zero pages over `[start, start+len)` (page-aligned).
fn zero_pages(start: usize, len: usize) -> io::Result<()> {
    // SAFETY: callers pass a page-aligned range inside a map they own;
    // MAP_FIXED replaces exactly those pages and nothing else.
    let got = unsafe {
        libc::mmap(
            start as *mut libc::c_void,
            len,
            libc::PROT_READ,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_FIXED,
            -1,
            0,
        )
    };
    if got == libc::MAP_FAILED {
        Err(io::Error::last_os_error())
    } else {
        Ok(())
    }
}

fn install() -> io::Result<()> {
    let mut result = Ok(());
    INSTALL.call_once(|| {
        // SAFETY: sysconf has no preconditions.
        let page = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
        if page > 0 {
            PAGE.store(page as usize, Ordering::Relaxed);
        }
        // SAFETY: a zeroed sigaction is a valid value to fill in; the
        // handler has the SA_SIGINFO signature; `previous` receives the old
        // action and is leaked so the handler can read it at any time.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_sigbus as *const () as usize;
            action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
            libc::sigemptyset(&mut action.sa_mask);
            let previous = Box::into_raw(Box::new(std::mem::zeroed::<libc::sigaction>()));
            if libc::sigaction(libc::SIGBUS, &action, previous) != 0 {
                result = Err(io::Error::last_os_error());
                drop(Box::from_raw(previous));
                return;
            }
            PREVIOUS.store(previous, Ordering::Release);
        }
    });
    result
}

/// Re-installs the guard as the first SIGBUS handler, keeping whatever was
/// installed since as the handler for faults outside our maps. Called after
/// other code (the terminal's signal handling) has installed its own.
pub fn reinstall() -> io::Result<()> {
    install()?;
    // SAFETY: as in `install`; the old `previous` is leaked on purpose (the
    // handler may be reading it on another thread).
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        if libc::sigaction(libc::SIGBUS, ptr::null(), &mut current) != 0 {
            return Err(io::Error::last_os_error());
        }
        if current.sa_sigaction == on_sigbus as *const () as usize {
            return Ok(());
        }
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_sigbus as *const () as usize;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        let previous = Box::into_raw(Box::new(current));
        PREVIOUS.store(previous, Ordering::Release);
        if libc::sigaction(libc::SIGBUS, &action, ptr::null_mut()) != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// The SIGBUS handler. Only async-signal-safe work: atomic loads, one
/// `mmap`, and calling or restoring the previous action.
extern "C" fn on_sigbus(sig: libc::c_int, info: *mut libc::siginfo_t, ctx: *mut libc::c_void) {
    // SAFETY: the kernel passes a valid siginfo for an SA_SIGINFO handler.
    let (addr, code) = unsafe { ((*info).si_addr() as usize, (*info).si_code) };
    // si_code > 0: raised by the kernel for a fault (not kill/raise).
    if code > 0 {
        let page = PAGE.load(Ordering::Relaxed);
        for slot in 0..SLOTS {
            let start = STARTS[slot].load(Ordering::Acquire);
            let end = ENDS[slot].load(Ordering::Acquire);
            if start != 0 && start <= addr && addr < end {
                let at = addr & !(page - 1);
                if zero_pages(at, page).is_ok() {
                    FAULTS.fetch_add(1, Ordering::Relaxed);
                    return;
                }
            }
        }
    }
    let fallback = FALLBACK.load(Ordering::Acquire);
    if fallback != 0 {
        // SAFETY: only `set_fallback` stores here, from a `fn(i32)`.
        let f: fn(i32) = unsafe { std::mem::transmute::<usize, fn(i32)>(fallback) };
        f(sig);
    }
    let previous = PREVIOUS.load(Ordering::Acquire);
    // SAFETY: `previous` was leaked by install/reinstall and is never freed;
    // the handler it names was installed by code that expects to be called
    // with these arguments.
    unsafe {
        if !previous.is_null() {
            let prev = &*previous;
            let handler = prev.sa_sigaction;
            if handler != libc::SIG_DFL && handler != libc::SIG_IGN {
                if prev.sa_flags & libc::SA_SIGINFO != 0 {
                    let f: extern "C" fn(libc::c_int, *mut libc::siginfo_t, *mut libc::c_void) =
                        std::mem::transmute(handler);
                    f(sig, info, ctx);
                } else {
                    let f: extern "C" fn(libc::c_int) = std::mem::transmute(handler);
                    f(sig);
                }
                return;
            }
        }
        // No one else wants it: take the default action. A fault repeats
        // when we return and ends the process; a signal sent by kill is
        // raised again.
        let mut default: libc::sigaction = std::mem::zeroed();
        default.sa_sigaction = libc::SIG_DFL;
        libc::sigaction(libc::SIGBUS, &default, ptr::null_mut());
        if code <= 0 {
            libc::raise(libc::SIGBUS);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn a_page_truncated_away_reads_as_zeros_and_is_counted() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        let page = PAGE.load(Ordering::Relaxed).max(4096);
        let bytes = vec![0xab_u8; page * 4];
        File::create(&path).unwrap().write_all(&bytes).unwrap();
        let file = File::open(&path).unwrap();
        let map = GuardedMap::new(&file, bytes.len()).unwrap();
        assert_eq!(map.bytes()[page * 3], 0xab);
        // Another program cuts the file to one and a half pages.
        File::options()
            .write(true)
            .open(&path)
            .unwrap()
            .set_len((page + page / 2) as u64)
            .unwrap();
        let before = faults();
        // A read of a vanished page faults, and the guard answers it.
        let b = std::hint::black_box(map.bytes())[page * 3 + 7];
        assert_eq!(b, 0);
        assert!(faults() > before);
        // The page holding the new end reads zeros past it, without a fault.
        assert_eq!(map.bytes()[page + page / 2 + 1], 0);
        assert_eq!(map.bytes()[page], 0xab);
        // Zeroing the tail at once makes every vanished page readable.
        map.zero_from(page + page / 2).unwrap();
        let at = faults();
        assert!(map.bytes()[page * 2..].iter().all(|&b| b == 0));
        assert_eq!(faults(), at);
        assert!(map.bytes()[..page].iter().all(|&b| b == 0xab));
    }

    #[test]
    fn slots_are_given_back_when_maps_drop() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        File::create(&path).unwrap().write_all(&[1; 100]).unwrap();
        let file = File::open(&path).unwrap();
        // More maps, one after another, than there are slots.
        for _ in 0..SLOTS * 2 {
            let map = GuardedMap::new(&file, 100).unwrap();
            assert_eq!(map.bytes()[99], 1);
        }
    }
}
