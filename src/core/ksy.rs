//! The Kaitai Struct interpreter: reads a `.ksy` spec at run time and parses
//! a file's bytes with it. `expr` is the expression language, `strenc` turns
//! bytes into text for every encoding name specs use.

pub mod expr;
pub mod strenc;
