//! A Kaitai Struct spec (`.ksy`) as typed data: every type of the spec and of
//! the specs it imports in one arena, with `type:` and `enum:` references
//! resolved to ids. Loading (`spec/load.rs`) refuses what the reference
//! compiler refuses, naming the file, the YAML path and the line.

mod attr;
mod check;
mod fields;
mod load;
mod meta;
mod size;
#[cfg(test)]
mod tests;
mod typeref;

pub use size::const_int;

use std::fmt;
use std::path::PathBuf;

use super::expr::Expr;

pub use load::{Loader, int_of as int_literal, load_file, load_str};

/// An index into `Schema::types`.
pub type TypeId = usize;
/// An index into `Schema::enums`.
pub type EnumId = usize;

/// A spec and everything it imports, ready to parse with.
#[derive(Debug, Clone)]
pub struct Schema {
    pub types: Vec<TypeDef>,
    pub enums: Vec<EnumDef>,
    /// The top-level type of the spec that was loaded.
    pub root: TypeId,
    /// Things the reference compiler warns about (style, encoding names).
    pub warnings: Vec<SpecError>,
    /// Top-level types of every loaded spec, by `meta/id`.
    pub globals: Vec<(String, TypeId)>,
    /// The fixed sizes of types, worked out when first asked.
    pub sizes: size::SizeCache,
}

impl Schema {
    pub fn root_type(&self) -> &TypeDef {
        &self.types[self.root]
    }

    /// The spec id (`meta/id`) of the loaded spec.
    pub fn id(&self) -> &str {
        &self.types[self.root].name
    }

    /// A user type named `a::b` as seen from `from`: the nested types of
    /// `from` and its ancestors, then the top-level types of loaded specs.
    pub fn find_type(&self, from: TypeId, name: &str) -> Option<TypeId> {
        let path: Vec<&str> = name.trim_start_matches("::").split("::").collect();
        let types = &self.types;
        let descend = |start: TypeId| -> Option<TypeId> {
            let mut t = start;
            for part in &path[1..] {
                t = types[t].types.iter().find(|(n, _)| n == part)?.1;
            }
            Some(t)
        };
        let mut at = Some(from);
        while let Some(t) = at {
            if let Some((_, c)) = types[t].types.iter().find(|(n, _)| n == path[0])
                && let Some(found) = descend(*c)
            {
                return Some(found);
            }
            if types[t].parent.is_none() && types[t].name == path[0] {
                return descend(t);
            }
            at = types[t].parent;
        }
        let global = self.globals.iter().find(|(n, _)| n == path[0])?.1;
        descend(global)
    }

    /// An enum named `a::b::e` as seen from `from`.
    pub fn find_enum(&self, from: TypeId, name: &str) -> Option<EnumId> {
        let (types_part, ename) = match name.rsplit_once("::") {
            Some((t, e)) => (Some(t), e),
            None => (None, name),
        };
        let types = &self.types;
        let mut at = match types_part {
            Some(t) if !t.is_empty() => Some(self.find_type(from, t)?),
            _ => Some(from),
        };
        while let Some(t) = at {
            if let Some((_, e)) = types[t].enums.iter().find(|(n, _)| n == ename) {
                return Some(*e);
            }
            if types_part.is_some() {
                return None;
            }
            at = types[t].parent;
        }
        None
    }

    /// `meta/file-extension` of the loaded spec.
    pub fn file_extensions(&self) -> &[String] {
        &self.types[self.root].file_extensions
    }
}

/// An expression with the text it was parsed from.
#[derive(Debug, Clone)]
pub struct Ex {
    pub src: String,
    pub ast: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endian {
    Le,
    Be,
}

/// `meta/endian`: fixed, or chosen per object by an expression.
#[derive(Debug, Clone)]
pub enum EndianSpec {
    Fixed(Endian),
    Switch {
        on: Ex,
        cases: Vec<(CaseKey, Endian)>,
    },
}

/// A `cases:` key: an expression, or `_` (the default).
#[derive(Debug, Clone)]
pub enum CaseKey {
    Expr(Ex),
    Else,
}

/// One user type (the spec's top level is one too).
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub parent: Option<TypeId>,
    /// The YAML path of the type, e.g. `/types/chunk` (`/` for the top).
    pub path: String,
    /// The file it was written in.
    pub file: PathBuf,
    pub endian: Option<EndianSpec>,
    /// The type wrote its own `meta/endian` (a switched endianness is
    /// otherwise decided once, by the parent).
    pub endian_own: bool,
    /// `meta/bit-endian`: true for little.
    pub bit_le: bool,
    pub encoding: Option<String>,
    pub file_extensions: Vec<String>,
    pub params: Vec<Param>,
    pub seq: Vec<Attr>,
    pub instances: Vec<Attr>,
    /// Nested types by name.
    pub types: Vec<(String, TypeId)>,
    pub enums: Vec<(String, EnumId)>,
    /// `to-string`: how the reference's targets print an object.
    pub to_string: Option<Ex>,
    /// Top-level specs imported by this type's file (ids of their roots).
    pub imports: Vec<TypeId>,
}

impl TypeDef {
    /// The seq field or instance called `name`, if any.
    /// The seq field or instance `r` names.
    pub fn attr(&self, r: AttrRef) -> &Attr {
        match r {
            AttrRef::Seq(i) => &self.seq[i],
            AttrRef::Instance(i) => &self.instances[i],
        }
    }

    pub fn find_attr(&self, name: &str) -> Option<AttrRef> {
        if let Some(i) = self.seq.iter().position(|a| a.id == name) {
            return Some(AttrRef::Seq(i));
        }
        self.instances
            .iter()
            .position(|a| a.id == name)
            .map(AttrRef::Instance)
    }

    pub fn param_index(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.id == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrRef {
    Seq(usize),
    Instance(usize),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub id: String,
    pub ty: Option<DataType>,
    /// The `type:` as written (`bool`, `u4`, `foo[]`), for checking calls.
    pub ty_name: Option<String>,
    pub enum_: Option<EnumId>,
}

/// An enum: values and their labels.
#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    /// `type::sub::name`, as enum values are named in output.
    pub qualified: String,
    pub owner: TypeId,
    pub values: Vec<(i128, String)>,
}

impl EnumDef {
    pub fn label(&self, value: i128) -> Option<&str> {
        self.values
            .iter()
            .find(|(v, _)| *v == value)
            .map(|(_, l)| l.as_str())
    }

    pub fn value(&self, label: &str) -> Option<i128> {
        self.values
            .iter()
            .find(|(_, l)| l == label)
            .map(|(v, _)| *v)
    }
}

/// What a field reads.
#[derive(Debug, Clone)]
pub enum DataType {
    /// `uN`/`sN`; `endian` None means the type's default (maybe switched).
    Int {
        bytes: u8,
        signed: bool,
        endian: Option<Endian>,
    },
    Float {
        bytes: u8,
        endian: Option<Endian>,
    },
    /// `bN`; `le` None means the type's `meta/bit-endian`.
    Bits {
        bits: u8,
        le: Option<bool>,
    },
    /// Raw bytes (no `type:`), or `contents`.
    Bytes,
    Str {
        zero: bool,
    },
    User {
        id: TypeId,
        args: Vec<Ex>,
    },
    Switch {
        on: Ex,
        cases: Vec<(CaseKey, DataType)>,
    },
    /// A parameter of type `bool`, `struct`, `io`, `any` or `T[]`: only for params.
    Any,
}

impl DataType {
    /// The `type` name printed for a field of this type.
    pub fn name(&self, schema: &Schema, default: Option<Endian>) -> String {
        let end = |e: Option<Endian>| match e.or(default) {
            Some(Endian::Le) => "le",
            Some(Endian::Be) => "be",
            None => "",
        };
        match self {
            DataType::Int {
                bytes: 1, signed, ..
            } => {
                format!("{}1", if *signed { 's' } else { 'u' })
            }
            DataType::Int {
                bytes,
                signed,
                endian,
            } => format!(
                "{}{}{}",
                if *signed { 's' } else { 'u' },
                bytes,
                end(*endian)
            ),
            DataType::Float { bytes, endian } => format!("f{bytes}{}", end(*endian)),
            // As written: `b12`, or `b12le` with its own endianness.
            DataType::Bits { bits, le: None } => format!("b{bits}"),
            DataType::Bits { bits, le: Some(le) } => {
                format!("b{bits}{}", if *le { "le" } else { "be" })
            }
            DataType::Bytes => "bytes".into(),
            DataType::Str { zero: false } => "str".into(),
            DataType::Str { zero: true } => "strz".into(),
            DataType::User { id, .. } => schema.types[*id].name.clone(),
            DataType::Switch { .. } => "switch".into(),
            DataType::Any => "any".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Repeat {
    None,
    Eos,
    Expr(Ex),
    Until(Ex),
}

#[derive(Debug, Clone)]
pub enum Process {
    Zlib,
    Xor(Ex),
    Rol(Ex),
    Ror(Ex),
    /// A process the interpreter does not know (a node-level error).
    Unknown(String),
}

#[derive(Debug, Clone, Default)]
pub struct Valid {
    /// Written as `valid: EXPR` (an `eq`).
    pub short: bool,
    pub eq: Option<Ex>,
    pub min: Option<Ex>,
    pub max: Option<Ex>,
    pub any_of: Vec<Ex>,
    pub expr: Option<Ex>,
    pub in_enum: bool,
}

/// A seq field or an instance.
#[derive(Debug, Clone)]
pub struct Attr {
    /// The id, or `_unnamedN` for a seq field without one.
    pub id: String,
    /// The YAML path, e.g. `/seq/0` or `/types/a/instances/b`.
    pub path: String,
    pub line: usize,
    pub ty: DataType,
    pub size: Option<Ex>,
    pub size_eos: bool,
    pub terminator: Option<u8>,
    pub consume: bool,
    pub include: bool,
    pub eos_error: bool,
    pub pad_right: Option<u8>,
    pub contents: Option<Vec<u8>>,
    pub encoding: Option<String>,
    pub repeat: Repeat,
    pub cond: Option<Ex>,
    pub valid: Option<Valid>,
    pub process: Option<Process>,
    pub enum_: Option<EnumId>,
    /// `parent:`: the `_parent` a user type gets instead of this object.
    pub parent: Option<Ex>,
    /// Instances only.
    pub pos: Option<Ex>,
    pub io: Option<Ex>,
    pub value: Option<Ex>,
}

/// Why a spec does not load: the file, the YAML path, the line and what.
#[derive(Debug, Clone, thiserror::Error)]
pub struct SpecError {
    pub file: PathBuf,
    pub path: String,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if !self.path.is_empty() {
            write!(f, ": {}", self.path)?;
        }
        write!(f, ": {}", self.message)
    }
}
