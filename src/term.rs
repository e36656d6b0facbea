//! The real terminal: setup and restore (a guard, so every exit path
//! restores it, and a panic hook), the event loop, and turning crossterm's
//! events into the app's actions.
//!
//! The loop blocks for the first event, then drains every queued event
//! before drawing again, so holding a key never makes the screen lag
//! behind. SIGTERM and SIGHUP end the loop cleanly, restoring the terminal.
//! A watchdog ends the process when the terminal is gone and crossterm is
//! stuck reading it (see [`Watchdog`]).

use std::fs::File;
use std::io::{self, IsTerminal, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::thread;
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

use crate::app::action::Action;
use crate::app::key::{Key, KeyCode};
use crate::app::state::App;
use crate::ui;
use crate::ui::layout::ScreenLayout;

/// How often the loop wakes without input, to notice signals and a file
/// changed on disk.
const TICK: Duration = Duration::from_millis(500);

/// Checks that there is a terminal to draw on and read keys from.
pub fn check_terminal() -> Result<()> {
    if !io::stdout().is_terminal() {
        bail!(
            "stdout is not a terminal: the editor needs one (for output to a pipe, use 'hexbuf dump')"
        );
    }
    if !io::stdin().is_terminal() && File::open("/dev/tty").is_err() {
        bail!("no terminal to read keys from (stdin is not a terminal and there is no /dev/tty)");
    }
    Ok(())
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
}

/// Owns the terminal's raw state; dropping it restores the terminal.
struct Guard;

impl Guard {
    fn enter() -> Result<Guard> {
        crossterm::terminal::enable_raw_mode().context("switching the terminal to raw mode")?;
        let guard = Guard;
        execute!(
            io::stdout(),
            EnterAlternateScreen,
            EnableMouseCapture,
            EnableBracketedPaste,
            cursor::Hide
        )
        .context("setting up the terminal")?;
        Ok(guard)
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Restores the terminal before the default panic message is printed.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// The exit status when the terminal hangs up under the editor
/// (128 + SIGHUP, as if the signal had ended the process).
const EXIT_HUNG_UP: i32 = 129;

/// Ends the process when the editor's terminal is gone and the event loop
/// is stuck in crossterm. crossterm 0.29 never returns from `event::poll`
/// once its terminal hangs up (a closed window, a killed ssh or tmux): its
/// reader retries read(2), which returns 0 forever, at full speed, and a
/// SIGHUP only makes it retry too (crossterm-rs/crossterm#793). Left alone,
/// such an editor outlives its terminal and burns a core. The loop marks
/// when it enters crossterm; a thread checks every tick, and exits only
/// when the loop has been in there for longer than a poll can take and the
/// terminal is gone, so never in the middle of a save.
struct Watchdog {
    start: Instant,
    /// Milliseconds since `start` when the loop entered crossterm, plus
    /// one; 0 while it is elsewhere.
    inside_since: AtomicU64,
    done: AtomicBool,
}

impl Watchdog {
    /// Starts watching the terminal the keys come from (stdin, or
    /// /dev/tty as crossterm uses when stdin is not a terminal).
    fn start() -> Arc<Watchdog> {
        let dog = Arc::new(Watchdog {
            start: Instant::now(),
            inside_since: AtomicU64::new(0),
            done: AtomicBool::new(false),
        });
        let tty: Option<Box<dyn IsTerminal + Send>> = if io::stdin().is_terminal() {
            Some(Box::new(io::stdin()))
        } else {
            File::open("/dev/tty")
                .ok()
                .map(|f| Box::new(f) as Box<dyn IsTerminal + Send>)
        };
        let Some(tty) = tty else { return dog };
        let watch = Arc::clone(&dog);
        let spawned = thread::Builder::new()
            .name("hexbuf-watchdog".into())
            .spawn(move || {
                while !watch.done.load(Ordering::Relaxed) {
                    thread::sleep(TICK);
                    let since = watch.inside_since.load(Ordering::Relaxed);
                    let stuck = since != 0
                        && watch.now().saturating_sub(since - 1) > 3 * TICK.as_millis() as u64;
                    // A hung-up terminal answers isatty(3) with EIO.
                    if stuck && !tty.is_terminal() {
                        std::process::exit(EXIT_HUNG_UP);
                    }
                }
            });
        // Without the thread the editor still runs, as it did before.
        drop(spawned);
        dog
    }

    fn now(&self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }

    /// Runs a call into crossterm's input, marked as such.
    fn inside<T>(&self, f: impl FnOnce() -> T) -> T {
        self.inside_since.store(self.now() + 1, Ordering::Relaxed);
        let result = f();
        self.inside_since.store(0, Ordering::Relaxed);
        result
    }
}

/// Runs the editor until the user quits or a signal asks us to stop.
pub fn run(app: &mut App) -> Result<()> {
    check_terminal()?;
    let stop = Arc::new(AtomicBool::new(false));
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(signal, Arc::clone(&stop))
            .context("installing signal handlers")?;
    }
    install_panic_hook();
    let _guard = Guard::enter()?;
    let mut terminal =
        Terminal::new(CrosstermBackend::new(io::stdout())).context("opening the terminal")?;
    // Clear through the backend: `Terminal::clear` first asks the terminal
    // where its cursor is (ESC [6n) and waits up to two seconds for the
    // answer, so a terminal that does not answer could not start the
    // editor, and every start paid a round trip. A new `Terminal` draws
    // its first frame against a blank screen, which is what this leaves.
    terminal.backend_mut().clear()?;
    let dog = Watchdog::start();
    let result = event_loop(app, &mut terminal, &stop, &dog);
    dog.done.store(true, Ordering::Relaxed);
    result
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<CrosstermBackend<Stdout>>,
    stop: &AtomicBool,
    dog: &Watchdog,
) -> Result<()> {
    let mut warned_changed = false;
    let mut last_check = Instant::now();
    loop {
        let mut layout: Option<ScreenLayout> = None;
        terminal.draw(|frame| {
            let area = frame.area();
            let l = ui::prepare(app, area);
            ui::render(app, &l, area, frame.buffer_mut());
            layout = Some(l);
        })?;
        let layout = layout.expect("draw ran");
        if app.should_quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if dog.inside(|| event::poll(TICK))? {
            handle(app, &layout, dog.inside(event::read)?);
            // Drain what is queued before the next frame.
            while !app.should_quit && dog.inside(|| event::poll(Duration::ZERO))? {
                handle(app, &layout, dog.inside(event::read)?);
            }
        }
        if last_check.elapsed() >= TICK * 2 {
            last_check = Instant::now();
            if !warned_changed && app.doc.source().changed_on_disk() {
                warned_changed = true;
                app.error("the file changed on disk since it was opened; Ctrl+S will ask before overwriting it");
            }
        }
    }
}

fn handle(app: &mut App, layout: &ScreenLayout, event: Event) {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => {
            if let Some(key) = convert_key(&key) {
                app.handle(Action::Key(key));
            }
        }
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => {
                let top = app.visible_range().start;
                if let Some((pane, offset)) = layout.hit(m.column, m.row, top, app.view.elem.kind) {
                    app.handle(Action::Click { pane, offset });
                }
            }
            MouseEventKind::ScrollUp => app.handle(Action::Scroll(-3)),
            MouseEventKind::ScrollDown => app.handle(Action::Scroll(3)),
            _ => {}
        },
        Event::Paste(text) => app.handle(Action::Paste(text)),
        _ => {}
    }
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
