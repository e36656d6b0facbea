//! What handling an input asks of the world outside the editor's state:
//! the terminal's clipboard, work to run off the UI thread, the end of the
//! session. `App::handle` returns them and `term.rs` performs them, so the
//! app itself never touches the terminal or the process.

use super::jobs::Job;

/// One request from the app to its runner.
#[derive(Debug)]
pub enum Effect {
    /// Put the text on the system clipboard (OSC 52).
    Clipboard(String),
    /// Run the job (on a worker, with progress, when it is long) and give
    /// its outcome to `App::finish_job`.
    Job(Job),
    /// The user quit: end the session.
    Quit,
}
