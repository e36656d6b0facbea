//! The entropy strip's keys and clicks, driven through the app: jumps to
//! where high- and low-entropy regions begin, clicks on the strip, and the
//! values kept current after edits by counting only the changed blocks.

use std::sync::atomic::Ordering;

use hexbuf::app::action::Action;
use hexbuf::app::effect::Effect;
use hexbuf::app::jobs::{self, Job, JobControl};
use hexbuf::app::key::Key;
use hexbuf::app::state::{App, AppOptions};
use hexbuf::core::document::Document;
use hexbuf::core::entropy::EntropyMap;

const MIB: u64 = 1 << 20;

/// Bytes that look random (xorshift), reproducibly.
fn noise(n: usize, seed: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// 1 MiB of zeros, 1 MiB of random bytes, 1 MiB of zeros.
fn app() -> App {
    let mut bytes = vec![0u8; MIB as usize];
    bytes.extend(noise(MIB as usize, 3));
    bytes.extend(vec![0u8; MIB as usize]);
    App::new(Document::from_bytes(bytes), AppOptions::default())
}

fn message(app: &App) -> String {
    app.message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default()
}

#[test]
fn the_jump_keys_go_to_where_the_random_middle_begins_and_ends() {
    let mut app = app();
    // Jumping measures first, with the strip hidden as well.
    app.feed("A-r");
    assert_eq!(app.ed.cursor(), MIB, "{:?}", message(&app));
    assert!(message(&app).contains("0x100000"), "{}", message(&app));
    assert!(
        message(&app).contains("7.9"),
        "high entropy: {}",
        message(&app)
    );
    app.feed("A-r");
    assert_eq!(app.ed.cursor(), 2 * MIB);
    app.feed("A-r");
    assert_eq!(app.ed.cursor(), 2 * MIB, "no region after the last");
    assert!(message(&app).contains("no entropy region boundary after"));
    app.feed("A-u");
    assert_eq!(app.ed.cursor(), MIB);
    app.feed("A-u");
    assert_eq!(app.ed.cursor(), 0);
    // From inside a region, back goes to its start.
    app.feed("C-g 0 x 1 8 0 0 0 0 Enter A-u");
    assert_eq!(app.ed.cursor(), MIB);
}

#[test]
fn the_palette_finds_the_strip_by_the_word_entropy() {
    let mut app = app();
    app.feed("C-p e n t r o p y Enter");
    assert!(app.view.entropy_strip);
    assert!(app.entropy.map().is_some());
}

#[test]
fn a_click_on_the_strip_goes_to_the_bytes_of_its_cell() {
    let mut app = app();
    app.feed("A-v");
    app.handle(Action::ClickEntropy {
        cell: 15,
        cells: 30,
    });
    // Cell 15 of 30 starts halfway through the 3 MiB.
    assert_eq!(app.ed.cursor(), 3 * MIB / 2);
    assert!(message(&app).contains("bits per byte"), "{}", message(&app));
    app.handle(Action::ClickEntropy {
        cell: 29,
        cells: 30,
    });
    assert_eq!(app.ed.cursor(), (3 * MIB * 29).div_ceil(30));
}

/// The values after edits, recounted block by block, equal a full count;
/// an edit of a few bytes recounts one block.
#[test]
fn edits_recount_only_the_blocks_they_touch() {
    let mut app = app();
    app.feed("A-v");
    let full = |app: &App| {
        EntropyMap::compute(app.ed.doc().content(), None, None, &mut |_| {
            std::ops::ControlFlow::Continue(())
        })
        .unwrap()
    };
    // Typing one nibble at the cursor: one dirty block.
    let effects = app.handle(Action::Key(Key::parse("7").unwrap()));
    let dirty: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Job(Job::Entropy { dirty, .. }) => dirty.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(dirty.len(), 1);
    assert_eq!(&*dirty[0], &[0]);
    for e in effects {
        if let Effect::Job(job) = e {
            let outcome = jobs::run(app.ed.doc(), &job, &JobControl::default());
            app.finish_job(job, outcome);
        }
    }
    assert_eq!(**app.entropy.map().unwrap(), full(&app));
    // More edits: typing in the middle, inserting near the end, undo.
    app.feed(
        "C-g 0 x 1 5 0 0 0 0 Enter 0 0 0 0 Insert C-g 0 x 2 f f f f 0 Enter a b c d Insert C-z",
    );
    assert_eq!(**app.entropy.map().unwrap(), full(&app));
    let revision = app.ed.revision();
    assert!(
        app.entropy.current(revision).is_some(),
        "measured at the current revision"
    );
}

#[test]
fn cancelling_the_measure_hides_the_strip() {
    let mut app = app();
    let effects = app.handle(Action::Key(Key::parse("A-v").unwrap()));
    let Some(Effect::Job(job)) = effects.into_iter().find(|e| matches!(e, Effect::Job(_))) else {
        panic!("no job");
    };
    let ctl = JobControl::default();
    ctl.cancel.store(true, Ordering::Relaxed);
    let outcome = jobs::run(app.ed.doc(), &job, &ctl);
    app.finish_job(job, outcome);
    assert!(!app.view.entropy_strip);
    assert!(message(&app).contains("cancelled"), "{}", message(&app));
    // Typing later asks for nothing.
    let effects = app.handle(Action::Key(Key::parse("Right").unwrap()));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Job(_))));
}

/// A save keeps the bytes: the values stay, and the next edit still
/// recounts one block.
#[test]
fn a_save_does_not_count_the_file_again() {
    use hexbuf::core::source::{OpenOptions, Source};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("f.bin");
    let mut bytes = vec![0u8; MIB as usize];
    bytes.extend(noise(MIB as usize, 4));
    std::fs::write(&path, &bytes).unwrap();
    let doc = Document::new(Source::open(&path, OpenOptions::default()).unwrap());
    let mut app = App::new(doc, AppOptions::default());
    app.feed("A-v 4 1 C-s");
    bytes[0] = 0x41;
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "saved");
    let full = EntropyMap::compute(app.ed.doc().content(), None, None, &mut |_| {
        std::ops::ControlFlow::Continue(())
    })
    .unwrap();
    assert_eq!(**app.entropy.map().unwrap(), full);
    assert!(app.entropy.current(app.ed.revision()).is_some());
    let effects = app.handle(Action::Key(Key::parse("Right").unwrap()));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Job(_))),
        "nothing to measure"
    );
    let effects = app.handle(Action::Key(Key::parse("7").unwrap()));
    let dirty: Vec<_> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Job(Job::Entropy { dirty, .. }) => dirty.clone(),
            _ => None,
        })
        .collect();
    assert_eq!(dirty.len(), 1);
    assert_eq!(&*dirty[0], &[0]);
}

#[test]
fn the_compare_view_says_the_strip_is_not_there() {
    let mut app = App::new(Document::from_bytes(vec![1, 2, 3]), AppOptions::default());
    app.open_compare(Document::from_bytes(vec![1, 2, 4]), Some("[b]".into()));
    app.feed("A-v");
    assert!(!app.view.entropy_strip);
    assert!(message(&app).contains("not part of the compare view"));
    app.feed("A-r");
    assert!(message(&app).contains("not part of the compare view"));
    assert!(app.entropy.map().is_none(), "nothing measured");
}
