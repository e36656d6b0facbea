//! Lessons: guided exercises in scratch buffers. A lesson file (format in
//! assets/lessons/README.md) gives a buffer and steps; each step has checks
//! on the buffer and the view, tested after every action, and says what it
//! showed when they hold. The built-in lessons are every file of
//! assets/lessons, compiled in by build.rs.

use std::path::Path;

use super::state::{App, Pane};
use crate::core::number::{parse_hex_bytes, parse_u64};

mod check;
pub mod keys;

pub use check::Check;
use check::parse_check;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/lessons.rs"));
}

/// One step: what to do, what must hold, what it showed.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Step {
    pub goal: String,
    pub checks: Vec<Check>,
    pub done: String,
}

/// A parsed lesson.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Lesson {
    pub title: String,
    pub buffer: Vec<u8>,
    pub save_as: Option<String>,
    pub intro: String,
    pub steps: Vec<Step>,
}

impl Lesson {
    /// Parses a lesson file; errors name the line.
    pub fn parse(text: &str) -> Result<Lesson, String> {
        // Join continuation lines (leading space or tab) to the key above.
        let mut entries: Vec<(usize, String, String)> = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let n = i + 1;
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            if line.starts_with([' ', '\t']) {
                let Some(last) = entries.last_mut() else {
                    return Err(format!("line {n}: a continuation line before any key"));
                };
                last.2.push(' ');
                last.2.push_str(line.trim());
                continue;
            }
            let (key, value) = line
                .split_once(':')
                .ok_or_else(|| format!("line {n}: expected 'key: value'"))?;
            entries.push((n, key.trim().to_string(), value.trim().to_string()));
        }
        let mut lesson = Lesson::default();
        for (n, key, value) in entries {
            let step = |lesson: &mut Lesson| -> Result<(), String> {
                if lesson.steps.is_empty() {
                    Err(format!("line {n}: '{key}:' comes before any 'step:'"))
                } else {
                    Ok(())
                }
            };
            match key.as_str() {
                "title" => lesson.title = value,
                "buffer" => {
                    lesson.buffer = parse_buffer(&value).map_err(|e| format!("line {n}: {e}"))?
                }
                "save-as" => lesson.save_as = Some(value),
                "intro" => lesson.intro = value,
                "step" => lesson.steps.push(Step {
                    goal: value,
                    ..Step::default()
                }),
                "check" => {
                    step(&mut lesson)?;
                    let check = parse_check(&value).map_err(|e| format!("line {n}: {e}"))?;
                    lesson.steps.last_mut().expect("checked").checks.push(check);
                }
                "done" => {
                    step(&mut lesson)?;
                    lesson.steps.last_mut().expect("checked").done = value;
                }
                other => return Err(format!("line {n}: unknown key '{other}'")),
            }
        }
        if lesson.title.is_empty() {
            return Err("no 'title:'".into());
        }
        if lesson.steps.is_empty() {
            return Err("no 'step:'".into());
        }
        if let Some(i) = lesson.steps.iter().position(|s| s.checks.is_empty()) {
            return Err(format!("step {} has no 'check:'", i + 1));
        }
        Ok(lesson)
    }
}

fn parse_buffer(value: &str) -> Result<Vec<u8>, String> {
    if let Some(n) = value.strip_prefix("zeros") {
        let n = parse_u64(n.trim()).map_err(|e| e.to_string())?;
        if n > 1 << 20 {
            return Err("a lesson buffer is at most 1 MiB".into());
        }
        return Ok(vec![0; n as usize]);
    }
    parse_hex_bytes(value).map_err(|e| e.to_string())
}

/// The built-in lessons, in order.
pub fn builtin() -> Vec<Lesson> {
    builtin::BUILTIN
        .iter()
        .map(|(name, text)| {
            Lesson::parse(text).unwrap_or_else(|e| panic!("built-in lesson {name}: {e}"))
        })
        .collect()
}

/// Lessons from a folder: every `*.lesson` file, in name order.
pub fn from_dir(dir: &Path) -> Result<Vec<Lesson>, String> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", crate::core::display::escape_path(dir)))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "lesson"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|f| {
            let text = std::fs::read_to_string(f).map_err(|e| format!("{}: {e}", f.display()))?;
            Lesson::parse(&text)
                .map_err(|e| format!("{}: {e}", crate::core::display::escape_path(f)))
        })
        .collect()
}

/// A lesson being worked through.
#[derive(Clone, Debug)]
pub struct LessonRun {
    pub lessons: Vec<Lesson>,
    /// Which lesson.
    pub index: usize,
    /// The step being worked on; `steps.len()` when all are met.
    pub step: usize,
    /// What the last met step showed.
    pub last_done: Option<String>,
    /// Where a relative name typed in Save As is saved (`None`: the
    /// current directory, as anywhere else).
    pub dir: Option<std::path::PathBuf>,
}

impl LessonRun {
    pub fn lesson(&self) -> &Lesson {
        &self.lessons[self.index]
    }

    pub fn finished(&self) -> bool {
        self.step >= self.lesson().steps.len()
    }
}

impl App {
    /// Advances the lesson past every step whose checks now hold.
    pub(crate) fn check_lesson(&mut self) {
        loop {
            let Some(run) = &self.lesson else { return };
            if run.finished() {
                return;
            }
            let step = &run.lesson().steps[run.step];
            if !step.checks.iter().all(|c| self.check_holds(c)) {
                return;
            }
            let done = step.done.clone();
            let run = self.lesson.as_mut().expect("checked");
            run.step += 1;
            run.last_done = Some(done);
        }
    }

    /// Starts lesson `index` of the run: its buffer becomes the document.
    pub fn start_lesson(&mut self, lessons: Vec<Lesson>, index: usize) {
        let lesson = &lessons[index];
        self.ed
            .replace_document(crate::core::document::Document::from_bytes(
                lesson.buffer.clone(),
            ));
        self.title = Some(format!("[lesson {}]", index + 1));
        self.top = 0;
        self.focus = Pane::Hex;
        self.view = super::state::ViewSettings {
            color: self.view.color,
            palette: self.view.palette,
            ..super::state::ViewSettings::default()
        };
        self.overlay = super::state::Overlay::None;
        self.search = None;
        self.save_name = lesson.save_as.clone();
        self.lesson = Some(LessonRun {
            lessons,
            index,
            step: 0,
            last_done: None,
            dir: self.lesson.as_ref().and_then(|run| run.dir.clone()),
        });
        self.check_lesson();
    }

    /// Moves on to the next lesson (after the last, says so).
    pub(crate) fn next_lesson(&mut self) {
        let Some(run) = &self.lesson else {
            self.info("no lesson is running (hexbuf learn starts them)");
            return;
        };
        let next = run.index + 1;
        if next >= run.lessons.len() {
            self.info("that was the last lesson — well done");
            return;
        }
        let lessons = run.lessons.clone();
        self.start_lesson(lessons, next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_lesson_parses_and_there_are_seven_or_more() {
        let all = builtin();
        assert!(all.len() >= 7);
        assert_eq!(all[0].title, "Robin in an 8-byte buffer");
        assert_eq!(all[0].buffer, vec![0; 8]);
        assert_eq!(all[0].save_as.as_deref(), Some("buffer-content.txt"));
        assert!(all.iter().all(|l| !l.steps.is_empty()));
    }

    #[test]
    fn parse_errors_name_the_line() {
        let e = Lesson::parse("title: x\nbuffer: zz\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = Lesson::parse("title: x\ncheck: saved\n").unwrap_err();
        assert!(e.contains("before any 'step:'"), "{e}");
        let e = Lesson::parse("title: x\nstep: do\ncheck: frobnicate\n").unwrap_err();
        assert!(e.contains("unknown check"), "{e}");
        let e = Lesson::parse("title: x\nstep: do\n").unwrap_err();
        assert!(e.contains("no 'check:'"), "{e}");
    }

    #[test]
    fn continuation_lines_join_the_value_above() {
        let l = Lesson::parse("title: t\nintro: one\n  two\nstep: s\ncheck: saved\n").unwrap();
        assert_eq!(l.intro, "one two");
    }
}
