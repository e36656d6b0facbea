//! The editor's state and what each input does to it. No terminal here:
//! keys arrive as [`key::Key`], and tests drive the app with key strings.

pub mod action;
pub mod bookmarks;
pub mod code;
pub mod command;
pub mod compare;
pub mod edit;
pub mod editor;
pub mod effect;
pub mod entropy;
pub mod files;
pub mod find;
pub mod findall;
pub mod jobs;
pub mod key;
pub mod key_hint;
pub mod keymap;
pub mod lesson;
pub mod mode;
pub mod mode_keys;
pub mod palette;
pub mod panels;
pub mod prompt;
pub mod select;
pub mod state;
pub mod strings_panel;
pub mod structure;
pub mod structure_keys;
