//! The real terminal: setup and restore (a guard, so every exit path
//! restores it, and a panic hook), the event loop, and turning crossterm's
//! events into the app's actions.
//!
//! The loop blocks for the first event, then drains every queued event
//! before drawing again, so holding a key never makes the screen lag
//! behind. A terminating signal ([`signals`]) ends the loop cleanly at the
//! next tick; a fatal one ([`fatal`]) restores the terminal from its
//! handler. Keys are read from /dev/tty (crossterm's `use-dev-tty`): its reader
//! gives up at the poll timeout when the terminal hangs up, where the
//! default reader retries forever (crossterm-rs/crossterm#793), so a closed
//! terminal ends the loop by its SIGHUP. A stop signal ([`suspend`]) hands
//! the terminal back before the process stops, and on SIGCONT the loop
//! takes it again and redraws every cell.

mod fatal;
pub mod signals;
pub mod suspend;

use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Stdout, Write};
use std::path::Path;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};

use crossterm::clipboard::CopyToClipboard;

use crate::app::action::Action;
use crate::app::effect::Effect;
use crate::app::jobs::{self, Job, JobControl, JobOutcome};
use crate::app::key::{Key, KeyCode};
use crate::app::mode::{Mode, ModeCmd};
use crate::app::state::App;
use crate::ui;
use crate::ui::layout::ScreenLayout;
use crate::ui::theme::Theme;
use signals::Terminating;
use suspend::{Request, Stops};

/// Where frames are drawn: stdout behind a buffer, so that a frame reaches
/// the terminal in one write (ratatui flushes after each frame) rather than
/// one write per line.
type Screen = BufWriter<Stdout>;

/// Bytes buffered for one frame: a full 200×60 frame with colours fits.
const FRAME_BUFFER: usize = 256 << 10;

/// How often the loop wakes without input, to notice signals and a file
/// changed on disk.
const TICK: Duration = Duration::from_millis(500);

/// Checks that there is a terminal to draw on and read keys from, and
/// that it can show a full-screen program.
pub fn check_terminal() -> Result<()> {
    if !io::stdout().is_terminal() {
        bail!(
            "stdout is not a terminal: the editor needs one (for output to a pipe, use 'hexbuf dump')"
        );
    }
    if let Some(why) = incapable_terminal(std::env::var_os("TERM").as_deref()) {
        bail!(
            "{why}: this terminal cannot show the full-screen editor (to read the bytes, use 'hexbuf dump FILE')"
        );
    }
    if !io::stdin().is_terminal() && File::open("/dev/tty").is_err() {
        bail!("no terminal to read keys from (stdin is not a terminal and there is no /dev/tty)");
    }
    Ok(())
}

/// Why `TERM` names a terminal that cannot move the cursor or switch
/// screens (`dumb`, as in Emacs shells and some CI logs), if it does.
fn incapable_terminal(term: Option<&std::ffi::OsStr>) -> Option<String> {
    match term.map(|t| t.to_string_lossy()) {
        None => Some("TERM is not set".into()),
        Some(t) if t.trim().is_empty() => Some("TERM is empty".into()),
        Some(t) if t == "dumb" => Some("TERM=dumb".into()),
        _ => None,
    }
}

/// How the editor's loop ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The user quit.
    Quit,
    /// A terminating signal, by number.
    Signal(i32),
}

/// Puts the terminal back: raw mode off, the main screen, no mouse capture,
/// no bracketed paste, a visible cursor. Safe to call more than once.
pub fn restore() {
    let _ = crossterm::terminal::disable_raw_mode();
    let _ = execute!(
        io::stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = io::stdout().flush();
    fatal::disarm();
}

/// The first half of the editor's terminal state: raw mode. It comes
/// first: in a background job its `tcsetattr` stops the process (SIGTTOU)
/// before anything is written to a screen the shell owns.
fn enter_raw() -> Result<()> {
    fatal::arm();
    crossterm::terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
    Ok(())
}

/// The second half: the alternate screen, mouse capture, bracketed paste,
/// a hidden cursor. [`restore`] undoes both halves.
fn enter_screen() -> Result<()> {
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste,
        cursor::Hide
    )
    .context("setting up the terminal")
}

/// Owns the terminal's raw state; dropping it restores the terminal.
struct Guard;

impl Guard {
    fn enter() -> Result<Guard> {
        enter_raw()?;
        let guard = Guard;
        enter_screen()?;
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Restores the terminal before the default panic message is printed,
/// when the panic ends the editor: a job's worker thread that panics only
/// cancels its job, and the editor goes on drawing on this terminal.
fn install_panic_hook() {
    let ui_thread = std::thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == ui_thread {
            restore();
        }
        previous(info);
    }));
}

/// When the event loop calls back into the editor's set-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// The first frame is on screen: start-up work that it does not need
    /// (the instance lock, choosing a structure spec) goes here, so the
    /// editor shows the file as soon as it can.
    FirstFrame,
    /// The document now stands for another file (Save As wrote it
    /// there): what is kept per file (the lock, bookmarks) follows it.
    Retargeted,
}

/// The editor's set-up, called at each [`Moment`].
pub type Hook<'a> = &'a mut dyn FnMut(&mut App, Moment);

/// Runs the editor until the user quits or a terminating signal (caught by
/// `signals`, which the caller keeps alive) asks us to stop; `after_first`
/// runs once the first frame is drawn.
pub fn run(app: &mut App, signals: &mut Terminating, hook: Hook<'_>) -> Result<Ended> {
    check_terminal()?;
    fatal::install().context("installing signal handlers")?;
    // Caught only while the editor holds the terminal.
    let stops = Stops::install().context("installing signal handlers")?;
    install_panic_hook();
    let _guard = Guard::enter()?;
    // Never dropped: ratatui's drop shows the cursor and, when that fails
    // (a hung-up terminal), prints with `eprintln!`, which panics when
    // stderr is that same dead terminal. The guard restores the cursor.
    let mut terminal = std::mem::ManuallyDrop::new(
        Terminal::new(CrosstermBackend::new(BufWriter::with_capacity(
            FRAME_BUFFER,
            io::stdout(),
        )))
        .context("opening the terminal")?,
    );
    // Clear through the backend: `Terminal::clear` first asks the terminal
    // where its cursor is (ESC [6n) and waits up to two seconds for the
    // answer, so a terminal that does not answer could not start the
    // editor, and every start paid a round trip. A new `Terminal` draws
    // its first frame against a blank screen, which is what this leaves.
    terminal.backend_mut().clear()?;
    match event_loop(app, &mut terminal, signals, &stops, hook) {
        // A hung-up terminal fails reads before its SIGHUP is seen.
        Err(e) => signals.received().map(Ended::Signal).ok_or(e),
        ended => ended,
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Screen>>,
    signals: &mut Terminating,
    stops: &Stops,
    hook: Hook<'_>,
) -> Result<Ended> {
    let mut last_check = Instant::now();
    let mut dragging = false;
    let mut first = true;
    let mut target = app.ed.doc().source().target().map(Path::to_path_buf);
    loop {
        answer_stops(stops, terminal)?;
        let mut layout: Option<ScreenLayout> = None;
        terminal.draw(|frame| {
            let area = frame.area();
            let l = ui::prepare(app, area);
            ui::render(app, &l, area, frame.buffer_mut());
            layout = Some(l);
        })?;
        let layout = layout.expect("draw ran");
        if let Some(signal) = signals.received() {
            return Ok(Ended::Signal(signal));
        }
        if first {
            first = false;
            hook(app, Moment::FirstFrame);
            continue;
        }
        let mut effects = Vec::new();
        // A comparison running in the background fills in as it ends.
        let tick = if app.background_busy() {
            Duration::from_millis(100)
        } else {
            TICK
        };
        if event::poll(tick)? {
            effects.extend(handle(app, &layout, event::read()?, &mut dragging));
            // Drain what is queued before the next frame, unless an input
            // asked for something that must happen first.
            while effects.is_empty()
                && signals.received().is_none()
                && !stops.pending()
                && event::poll(Duration::ZERO)?
            {
                effects.extend(handle(app, &layout, event::read()?, &mut dragging));
            }
        }
        let mut run = Runner {
            terminal,
            signals,
            stops,
            target: &mut target,
            hook: &mut *hook,
        };
        if let Some(ended) = run.perform(app, effects)? {
            return Ok(ended);
        }
        // The compare view's switch of sides changes the target too.
        if run.follow_target(app) {
            let effects = app.take_effects();
            if let Some(ended) = run.perform(app, effects)? {
                return Ok(ended);
            }
        }
        if last_check.elapsed() >= TICK * 2 {
            last_check = Instant::now();
            app.check_file();
        }
    }
}

/// Answers a stop signal ([`suspend`]), if one came: SIGTSTP hands the
/// terminal back exactly as quitting does and stops the process; once it
/// is continued, or after any SIGCONT (a SIGSTOP cannot be caught, and
/// another program may have drawn on the screen or the shell reset the
/// terminal's modes meanwhile), the terminal is set up again and the next
/// frame redraws every cell. The app is untouched: edits, cursor and undo
/// history carry on.
fn answer_stops(stops: &Stops, terminal: &mut Terminal<CrosstermBackend<Screen>>) -> Result<()> {
    match stops.take() {
        None => return Ok(()),
        // An orphaned group's stop is discarded, as the default action's
        // would be: the editor goes on as it was.
        Some(Request::Stop) if !suspend::resumable() => return Ok(()),
        Some(Request::Stop) => {
            restore();
            // Should stopping fail, the editor simply goes on.
            let _ = stops.stop_now();
        }
        Some(Request::Continued) => {
            // Raw mode may be on or, set back by the shell, off: crossterm
            // skips enabling what it believes is on, so turn it off first.
            let _ = crossterm::terminal::disable_raw_mode();
        }
    }
    enter_raw()?;
    enter_screen()?;
    // Not `Terminal::clear`: it asks the terminal where its cursor is and
    // waits for the answer (see `run`). A resize to the current size
    // clears the screen and forgets the last frame without asking, and
    // picks up a size changed while the editor was stopped.
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))?;
    Ok(())
}

/// What performing effects needs of the event loop.
struct Runner<'r> {
    terminal: &'r mut Terminal<CrosstermBackend<Screen>>,
    signals: &'r mut Terminating,
    stops: &'r Stops,
    /// The document's target when the hook last heard of it.
    target: &'r mut Option<std::path::PathBuf>,
    hook: &'r mut dyn FnMut(&mut App, Moment),
}

impl Runner<'_> {
    /// Performs what handling input asked for, and what each job queues
    /// as it ends (the quit of a save chosen on quitting, bookmarks to
    /// write, which waited for the next key before); `Some` when the
    /// editor ends.
    fn perform(&mut self, app: &mut App, effects: Vec<Effect>) -> Result<Option<Ended>> {
        let mut queue = std::collections::VecDeque::from(effects);
        while let Some(effect) = queue.pop_front() {
            match effect {
                // OSC 52: the terminal puts the text on the system clipboard.
                Effect::Clipboard(text) => {
                    let _ = execute!(io::stdout(), CopyToClipboard::to_clipboard_from(text));
                }
                Effect::Job(job) => {
                    run_job(app, job, self.terminal, self.signals, self.stops)?;
                    self.follow_target(app);
                    // What the hook asked for (the bookmarks written for a
                    // Save As's new file) comes before a quit the save
                    // queued.
                    let mut more = app.take_effects();
                    more.sort_by_key(|e| matches!(e, Effect::Quit));
                    queue.extend(more);
                }
                Effect::Quit => return Ok(Some(Ended::Quit)),
            }
        }
        Ok(None)
    }

    /// Tells the hook when the document stands for another file (Save As);
    /// whether it did.
    fn follow_target(&mut self, app: &mut App) -> bool {
        // Compared before it is copied: this runs after every input.
        let now = app.ed.doc().source().target();
        if now == self.target.as_deref() {
            return false;
        }
        *self.target = now.map(Path::to_path_buf);
        (self.hook)(app, Moment::Retargeted);
        true
    }
}

/// Jobs over fewer bytes than this run at once, without a progress box.
const INLINE_JOB_BYTES: u64 = 16 << 20;

/// Runs the app's pending job on a worker thread, redrawing with its
/// progress until it ends; the working mode's Cancel keys (Esc or Ctrl+C)
/// cancel it.
fn run_job(
    app: &mut App,
    job: Job,
    terminal: &mut Terminal<CrosstermBackend<Screen>>,
    signals: &mut Terminating,
    stops: &Stops,
) -> Result<()> {
    let total = job.size(app.ed.doc());
    let ctl = JobControl::default();
    if total < INLINE_JOB_BYTES {
        let outcome = jobs::run_mut(app.ed.doc_for_job(), &job, &ctl);
        app.finish_job(job, outcome);
        return Ok(());
    }
    let busy = Busy {
        label: job.label(),
        total,
        theme: Theme::of(&app.view),
        cancel_hint: app.mode_key_hint(Mode::Working, ModeCmd::Cancel),
        cancel_keys: app
            .keymap
            .mode_bindings(Mode::Working)
            .filter(|&(_, cmd)| cmd == ModeCmd::Cancel)
            .map(|(key, _)| key)
            .collect(),
    };
    let outcome = if job.writes_document() {
        // The job holds the document: the screen shows the frame drawn
        // just before, under the progress box.
        let mut last = None;
        terminal.draw(|frame| {
            let area = frame.area();
            let l = ui::screen_layout(app, area);
            ui::render(app, &l, area, frame.buffer_mut());
            last = Some(frame.buffer_mut().clone());
        })?;
        let last = last.expect("drawn");
        let doc = app.ed.doc_for_job();
        std::thread::scope(|scope| -> Result<JobOutcome> {
            let worker = scope.spawn(|| jobs::run_mut(doc, &job, &ctl));
            let draw = |frame: &mut ratatui::Frame| {
                let area = frame.area();
                let buf = frame.buffer_mut();
                let shared = area.intersection(last.area);
                for y in shared.top()..shared.bottom() {
                    for x in shared.left()..shared.right() {
                        buf[(x, y)] = last[(x, y)].clone();
                    }
                }
            };
            watch(worker, terminal, signals, stops, (&ctl, &busy), draw)
        })?
    } else {
        let view: &App = app;
        // Only the document goes to the worker (the rest of the app, such
        // as the structure panel's tree, stays on this thread).
        let doc = view.ed.doc();
        std::thread::scope(|scope| -> Result<JobOutcome> {
            let worker = scope.spawn(|| jobs::run(doc, &job, &ctl));
            let draw = |frame: &mut ratatui::Frame| {
                let area = frame.area();
                let l = ui::screen_layout(view, area);
                ui::render(view, &l, area, frame.buffer_mut());
            };
            watch(worker, terminal, signals, stops, (&ctl, &busy), draw)
        })?
    };
    app.finish_job(job, outcome);
    Ok(())
}

/// A long job's progress box and the keys that stop it (the working
/// mode's Cancel bindings).
struct Busy {
    label: String,
    total: u64,
    theme: Theme,
    cancel_hint: String,
    cancel_keys: Vec<Key>,
}

/// Draws with `draw` and the progress box over it until the worker ends;
/// a key of `busy.cancel_keys`, or a terminating signal, asks it to stop.
/// Returns its outcome.
fn watch(
    worker: std::thread::ScopedJoinHandle<'_, JobOutcome>,
    terminal: &mut Terminal<CrosstermBackend<Screen>>,
    signals: &mut Terminating,
    stops: &Stops,
    (ctl, busy): (&JobControl, &Busy),
    draw: impl Fn(&mut ratatui::Frame),
) -> Result<JobOutcome> {
    while !worker.is_finished() {
        // The worker stops with the process, and goes on after.
        answer_stops(stops, terminal)?;
        terminal.draw(|frame| {
            draw(frame);
            let done = ctl.done.load(Ordering::Relaxed);
            ui::overlays::render_busy(
                &busy.label,
                &busy.cancel_hint,
                (done, busy.total),
                busy.theme,
                frame.area(),
                frame.buffer_mut(),
            );
        })?;
        if signals.received().is_some() {
            ctl.cancel.store(true, Ordering::Relaxed);
        }
        if event::poll(Duration::from_millis(50))?
            && let Event::Key(k) = event::read()?
            && let Some(key) = convert_key(&k)
            && busy.cancel_keys.contains(&key)
        {
            ctl.cancel.store(true, Ordering::Relaxed);
        }
    }
    Ok(worker.join().unwrap_or(JobOutcome::Cancelled))
}

/// A terminal event as the app's input; returns what it asks for.
fn handle(app: &mut App, layout: &ScreenLayout, event: Event, dragging: &mut bool) -> Vec<Effect> {
    let action = match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => convert_key(&key).map(Action::Key),
        Event::Mouse(m)
            if app.compare.is_some()
                && matches!(m.kind, MouseEventKind::Down(MouseButton::Left)) =>
        {
            let (w, h) = crossterm::terminal::size().unwrap_or_default();
            let area = ratatui::layout::Rect::new(0, 0, w, h);
            ui::compare::hit(app, area, m.column, m.row).map(|(side, pane, position)| {
                Action::ClickCompare {
                    side,
                    pane,
                    position,
                }
            })
        }
        Event::Mouse(m)
            if matches!(m.kind, MouseEventKind::Down(MouseButton::Left))
                && ui::entropy::hit(layout.entropy, m.column, m.row).is_some() =>
        {
            ui::entropy::hit(layout.entropy, m.column, m.row)
                .map(|(cell, cells)| Action::ClickEntropy { cell, cells })
        }
        Event::Mouse(m) => {
            let top = app.visible_range().start;
            let hit = layout.hit(m.column, m.row, top, &app.view);
            match m.kind {
                MouseEventKind::Down(MouseButton::Left) => {
                    *dragging = hit.is_some();
                    hit.map(|(pane, offset)| Action::Click { pane, offset })
                }
                MouseEventKind::Drag(MouseButton::Left) if *dragging => {
                    hit.map(|(pane, offset)| Action::Drag { pane, offset })
                }
                MouseEventKind::Up(_) => {
                    *dragging = false;
                    None
                }
                MouseEventKind::ScrollUp => Some(Action::Scroll(-3)),
                MouseEventKind::ScrollDown => Some(Action::Scroll(3)),
                _ => None,
            }
        }
        Event::Paste(text) => Some(Action::Paste(text)),
        _ => None,
    };
    action.map(|a| app.handle(a)).unwrap_or_default()
}

/// crossterm's key event as hexbuf's key. A character key carries its case
/// in the character, so Shift is dropped from it (Shift+a arrives as 'A');
/// Ctrl+Shift+letter keeps Shift and a lowercase letter.
pub fn convert_key(e: &KeyEvent) -> Option<Key> {
    use crossterm::event::KeyCode as C;
    let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
    let alt = e.modifiers.contains(KeyModifiers::ALT);
    let mut shift = e.modifiers.contains(KeyModifiers::SHIFT);
    let code = match e.code {
        C::Char(c) => {
            if ctrl {
                shift |= c.is_ascii_uppercase();
                KeyCode::Char(c.to_ascii_lowercase())
            } else {
                shift = false;
                KeyCode::Char(c)
            }
        }
        C::Enter => KeyCode::Enter,
        C::Esc => KeyCode::Esc,
        C::Tab => KeyCode::Tab,
        C::BackTab => {
            shift = false;
            KeyCode::BackTab
        }
        C::Backspace => KeyCode::Backspace,
        C::Delete => KeyCode::Delete,
        C::Insert => KeyCode::Insert,
        C::Left => KeyCode::Left,
        C::Right => KeyCode::Right,
        C::Up => KeyCode::Up,
        C::Down => KeyCode::Down,
        C::Home => KeyCode::Home,
        C::End => KeyCode::End,
        C::PageUp => KeyCode::PageUp,
        C::PageDown => KeyCode::PageDown,
        C::F(n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key {
        code,
        ctrl,
        alt,
        shift,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyCode as C;

    fn ev(code: C, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn dumb_empty_or_missing_term_cannot_show_the_editor() {
        use std::ffi::OsStr;
        assert_eq!(
            incapable_terminal(Some(OsStr::new("dumb"))).as_deref(),
            Some("TERM=dumb")
        );
        assert!(incapable_terminal(Some(OsStr::new(""))).is_some());
        assert!(incapable_terminal(None).is_some());
        assert_eq!(incapable_terminal(Some(OsStr::new("xterm-256color"))), None);
        assert_eq!(incapable_terminal(Some(OsStr::new("linux"))), None);
    }

    #[test]
    fn keys_convert_with_case_in_the_character() {
        assert_eq!(
            convert_key(&ev(C::Char('G'), KeyModifiers::SHIFT)),
            Key::parse("G")
        );
        assert_eq!(
            convert_key(&ev(C::Char('s'), KeyModifiers::CONTROL)),
            Key::parse("C-s")
        );
        assert_eq!(
            convert_key(&ev(
                C::Char('Z'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            )),
            Key::parse("C-S-z")
        );
        assert_eq!(
            convert_key(&ev(C::BackTab, KeyModifiers::SHIFT)),
            Key::parse("BackTab")
        );
        assert_eq!(
            convert_key(&ev(C::F(3), KeyModifiers::SHIFT)),
            Key::parse("S-F3")
        );
        assert_eq!(
            convert_key(&ev(C::Home, KeyModifiers::CONTROL)),
            Key::parse("C-Home")
        );
    }
}
