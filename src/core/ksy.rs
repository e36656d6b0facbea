//! The Kaitai Struct interpreter: reads a `.ksy` spec at run time and parses
//! a file's bytes with it. `expr` is the expression language, `strenc` turns
//! bytes into text for every encoding name specs use.
//!
//! `yaml` and `spec` load a spec (refusing what the reference refuses),
//! `stream` and `process` read bytes, `parse` builds the tree, `json` prints
//! it, `find` picks a spec for a file.

pub mod expr;
pub mod fieldjs;
pub mod find;
pub mod json;
pub mod parse;
pub mod process;
pub mod spec;
pub mod stream;
pub mod strenc;
pub mod yaml;
