//! Issue 13, "teach without a wrong word": each item checked as a learner
//! would meet it, against real oracles where there are any (node runs the
//! JavaScript hexbuf shows; IEEE 754 and UTF-8 are checked by node's own
//! DataView and TextDecoder).

use hexbuf::app::action::Action;
use hexbuf::app::state::{App, AppOptions};
use hexbuf::core::document::Document;

mod teach {
    pub mod items;
    pub mod js;
    pub mod lessons;
    pub mod oracle;
    pub mod screens;
}

pub fn app_with(bytes: &[u8]) -> App {
    App::new(Document::from_bytes(bytes.to_vec()), AppOptions::default())
}

pub fn bytes(app: &App) -> Vec<u8> {
    app.ed.doc().read(0..app.ed.doc().len())
}

pub fn palette(app: &mut App, words: &str) {
    app.feed("C-p");
    app.handle(Action::Paste(words.into()));
    app.feed("Enter");
}
