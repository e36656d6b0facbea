//! The lesson panel: which lesson and step, what the last step showed,
//! and what to do next.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::Widget;

use super::panes::Ctx;
use crate::app::command::Cmd;
use crate::app::lesson::keys::with_keys;
use crate::app::mode::{Mode, ModeCmd};

/// Rows the lesson panel takes.
pub const LESSON_HEIGHT: u16 = 7;

/// Words of `text` in lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

pub struct LessonPanel<'a>(pub &'a Ctx<'a>);

impl Widget for LessonPanel<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let ctx = self.0;
        let theme = ctx.theme;
        let Some(run) = &ctx.app.lesson else { return };
        let lesson = run.lesson();
        let steps = lesson.steps.len();
        let progress = if run.finished() {
            "done".to_string()
        } else {
            format!("step {} of {steps}", run.step + 1)
        };
        let title = format!(
            "─ Lesson {} of {}: {} — {progress} ",
            run.index + 1,
            run.lessons.len(),
            lesson.title
        );
        buf.set_stringn(
            area.x,
            area.y,
            "─".repeat(area.width as usize),
            area.width as usize,
            theme.dim(),
        );
        buf.set_stringn(area.x, area.y, &title, area.width as usize, theme.title());
        let w = area.width.saturating_sub(4) as usize;
        let mut lines: Vec<(String, Style)> = Vec::new();
        // Lessons name the default keys: shown, they name the user's.
        let shown = |text: &str| with_keys(text, &ctx.app.keymap, ctx.app.vi_normal);
        match &run.last_done {
            Some(done) => {
                for (i, l) in wrap(&shown(done), w).into_iter().enumerate() {
                    lines.push((
                        format!("{} {l}", if i == 0 { "✓" } else { " " }),
                        theme.info(),
                    ));
                }
            }
            None if !lesson.intro.is_empty() => {
                for l in wrap(&shown(&lesson.intro), w) {
                    lines.push((format!("  {l}"), Style::new()));
                }
            }
            None => {}
        }
        if run.finished() {
            let app = ctx.app;
            let next = match run.lessons.get(run.index + 1) {
                Some(n) => format!(
                    "Lesson complete! {}: next lesson — {}",
                    app.key_hint(Cmd::NextLesson),
                    n.title
                ),
                None => format!(
                    "Lesson complete — that was the last one. {}, then {}, quits.",
                    app.key_hint(Cmd::Quit),
                    app.mode_key_hint(Mode::Confirm, ModeCmd::Discard)
                ),
            };
            lines.push((format!("★ {next}"), theme.title()));
        } else {
            let goal = &lesson.steps[run.step].goal;
            for (i, l) in wrap(&shown(goal), w).into_iter().enumerate() {
                lines.push((
                    format!("{} {l}", if i == 0 { "→" } else { " " }),
                    theme.title(),
                ));
            }
        }
        // Keep the goal in view: drop the oldest lines when there are too many.
        let room = area.height.saturating_sub(1) as usize;
        let skip = lines.len().saturating_sub(room);
        for (i, (text, style)) in lines.iter().skip(skip).enumerate() {
            buf.set_stringn(
                area.x + 1,
                area.y + 1 + i as u16,
                text,
                area.width.saturating_sub(1) as usize,
                *style,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_words() {
        assert_eq!(
            wrap("one two three four", 9),
            vec!["one two", "three", "four"]
        );
        assert_eq!(wrap("", 10), Vec::<String>::new());
    }
}
