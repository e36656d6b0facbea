//! The parse tree: objects (one per user-type value) in an arena, each with
//! its seq fields in order and its instances, evaluated when first asked
//! for. A read that fails leaves an error at its node and keeps everything
//! read before it, as the reference does; limits on depth and node count
//! turn hostile specs and files into errors instead of hangs.

mod cx;
mod instance;
mod raw;
mod read;
mod valid;
mod value;

use std::collections::HashMap;
use std::rc::Rc;

use super::expr::{EvalError, Value};
use super::spec::{AttrRef, EnumId, Schema, TypeId};
use super::stream::{ByteSource, Stream, StreamError};

pub use cx::Cx;

pub type ObjId = usize;
/// An object's place: (the object holding it, its field, its item index).
pub type Slot = (ObjId, AttrRef, Option<u64>);
pub type IoId = usize;

/// Bounds that keep a hostile spec or file from exhausting the machine.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// User-type objects nested inside each other (and instances inside
    /// instances).
    pub depth: u32,
    /// Fields, items and objects in the whole tree.
    pub nodes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            depth: 96,
            nodes: 40_000_000,
        }
    }
}

/// What kind of failure, named as the reference runtime names its errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    EndOfStream,
    ValidationNotEqual,
    ValidationLessThan,
    ValidationGreaterThan,
    ValidationNotAnyOf,
    ValidationNotInEnum,
    ValidationExpr,
    UndecidedEndianness,
    /// `.to_i` and friends on text that is not a number.
    Conversion,
    Process,
    Encoding,
    /// An expression that could not be evaluated.
    Expr,
    /// A depth, node-count or size limit.
    Limit,
}

impl ErrorKind {
    /// The reference runtime's class name (`EndOfStreamError`, …).
    pub fn name(&self) -> &'static str {
        match self {
            ErrorKind::EndOfStream => "EndOfStreamError",
            ErrorKind::ValidationNotEqual => "ValidationNotEqualError",
            ErrorKind::ValidationLessThan => "ValidationLessThanError",
            ErrorKind::ValidationGreaterThan => "ValidationGreaterThanError",
            ErrorKind::ValidationNotAnyOf => "ValidationNotAnyOfError",
            ErrorKind::ValidationNotInEnum => "ValidationNotInEnumError",
            ErrorKind::ValidationExpr => "ValidationExprError",
            ErrorKind::UndecidedEndianness => "UndecidedEndiannessError",
            ErrorKind::Conversion => "ConversionError",
            ErrorKind::Process => "ProcessError",
            ErrorKind::Encoding => "EncodingError",
            ErrorKind::Expr => "ExpressionError",
            ErrorKind::Limit => "LimitError",
        }
    }
}

/// A parse failure at a node (`path` as `chunks[3].len`).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct ParseError {
    pub kind: ErrorKind,
    pub path: String,
    pub message: String,
    /// The path is final even if empty (the root's): not to be replaced by
    /// the field being read.
    pub(crate) placed: bool,
}

impl ParseError {
    pub fn new(kind: ErrorKind, path: &str, message: impl Into<String>) -> Self {
        ParseError {
            kind,
            path: path.to_string(),
            message: message.into(),
            placed: false,
        }
    }

    /// The error at the object `path` itself, even the root's "" (a field's
    /// `if` that failed: the reference has not begun reading the field).
    pub(crate) fn placed_at(mut self, path: String) -> Self {
        self.path = path;
        self.placed = true;
        self
    }

    /// Whether the field being read should name the error: nothing deeper
    /// did.
    pub(crate) fn unplaced(&self) -> bool {
        self.path.is_empty() && !self.placed
    }

    pub(crate) fn from_stream(path: &str, e: StreamError) -> Self {
        ParseError::new(ErrorKind::EndOfStream, path, e.to_string())
    }

    pub fn from_eval(path: &str, e: EvalError) -> Self {
        // An instance (or an object it made) that failed while an
        // expression read it: the error is the expression's, at `path`, as
        // the reference places it (its tree has no instances); the message
        // names the instance.
        if let EvalError::Context(inner) = &e
            && let Some(p) = inner.downcast_ref::<ParseError>()
        {
            let message = if p.path.is_empty() || p.path == path {
                p.message.clone()
            } else {
                format!("{}: {}", p.path, p.message)
            };
            return ParseError::new(p.kind.clone(), path, message);
        }
        let kind = match &e {
            EvalError::Conversion(_) => ErrorKind::Conversion,
            _ => ErrorKind::Expr,
        };
        ParseError::new(kind, path, e.to_string())
    }
}

/// A read field: where it is and what it holds.
#[derive(Debug, Clone)]
pub struct Field {
    pub value: FieldValue,
    pub io: IoId,
    /// Byte positions in `io`.
    pub start: u64,
    pub end: u64,
    /// The type name printed for it (`u4be`, `chunk`, `chunk[]`).
    pub type_name: Rc<str>,
    pub enum_: Option<EnumId>,
    /// The error this node stopped at, if any.
    pub error: Option<String>,
    /// For a bit field (`bN`), where its bits lie in its bytes.
    pub bits: Option<BitPos>,
}

/// Where a bit field's bits lie in the bytes `start..end` of its field:
/// after `skip` bits of the first byte, `width` bits, counted from each
/// byte's most significant bit (`le` false, as `readBitsIntBe`) or least
/// significant (`le` true, as `readBitsIntLe`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BitPos {
    pub skip: u8,
    pub width: u8,
    pub le: bool,
}

#[derive(Debug, Clone)]
pub enum FieldValue {
    Scalar(Value),
    Obj(ObjId),
    /// A repeat's items, and the array as one value for expressions.
    Array(Vec<Field>, Value),
    /// `if` was false.
    Absent,
}

impl Field {
    /// A field that was not read (an `if` that is false, a switch with no
    /// case): no value, no bytes, at `pos` of stream `io`.
    pub(crate) fn absent(io: IoId, pos: u64) -> Field {
        Field {
            value: FieldValue::Absent,
            io,
            start: pos,
            end: pos,
            type_name: Rc::from(""),
            enum_: None,
            error: None,
            bits: None,
        }
    }

    /// The field as an expression sees it.
    pub fn value(&self) -> Value {
        match &self.value {
            FieldValue::Scalar(v) => v.clone(),
            FieldValue::Obj(id) => Value::Obj(*id),
            FieldValue::Array(_, v) => v.clone(),
            FieldValue::Absent => Value::Null,
        }
    }
}

#[derive(Debug, Clone)]
pub enum InstState {
    Unread,
    Busy,
    Done(Field),
    Failed(ParseError),
}

/// One user-type value.
#[derive(Debug, Clone)]
pub struct Obj {
    pub ty: TypeId,
    pub parent: Option<ObjId>,
    /// The root object (none in a type of another spec, as the reference).
    pub root: Option<ObjId>,
    pub io: IoId,
    pub start: u64,
    pub end: u64,
    pub params: Vec<Value>,
    /// One slot per seq field: `None` until read (or when the read failed
    /// before it).
    pub fields: Vec<Option<Field>>,
    pub instances: Vec<InstState>,
    /// Evaluated instances in the order they were asked for.
    pub inst_order: Vec<usize>,
    pub is_le: Option<bool>,
    /// How many objects it is nested in.
    pub level: u32,
    /// Where the object sits: the object holding it, the field, the item
    /// index (none for the root). Paths are made from it when needed.
    pub slot: Option<Slot>,
}

/// A stream, and the path of the processed field it holds (if any).
#[derive(Debug, Clone)]
pub struct Io {
    pub stream: Stream,
    pub origin: Option<String>,
}

/// A parsed file.
pub struct Tree {
    pub schema: Rc<Schema>,
    pub objs: Vec<Obj>,
    pub ios: Vec<Io>,
    /// The error the parse stopped at, if any.
    pub error: Option<ParseError>,
    /// Errors of instances evaluated after the parse.
    pub late_errors: Vec<ParseError>,
    pub(crate) limits: Limits,
    pub(crate) nodes: u64,
    pub(crate) depth: u32,
    /// Repeats being read: (object, field id, items so far), so an item can
    /// see the items before it (`_parent.things.size`).
    pub(crate) partial: Vec<(ObjId, String, Vec<Value>)>,
    /// A value being validated, visible by its name to its `valid:`.
    pub(crate) validating: Option<(ObjId, String, Value)>,
    enum_ids: HashMap<String, EnumId>,
    /// Printed type names by (type in the schema, default endianness).
    pub(crate) type_names: HashMap<(usize, Option<super::spec::Endian>), Rc<str>>,
}

impl Tree {
    /// Parses `source` with `schema`'s top-level type.
    pub fn parse(schema: Rc<Schema>, source: Rc<dyn ByteSource>, limits: Limits) -> Tree {
        let enum_ids = schema
            .enums
            .iter()
            .enumerate()
            .map(|(i, e)| (e.qualified.clone(), i))
            .collect();
        let mut tree = Tree {
            schema,
            objs: Vec::new(),
            ios: vec![Io {
                stream: Stream::new(source, true),
                origin: None,
            }],
            error: None,
            late_errors: Vec::new(),
            limits,
            nodes: 0,
            depth: 0,
            partial: Vec::new(),
            validating: None,
            type_names: HashMap::new(),
            enum_ids,
        };
        let root_ty = tree.schema.root;
        let (_, res) = tree.parse_obj(root_ty, 0, None, Vec::new(), None);
        tree.error = res.err();
        tree
    }

    pub fn root(&self) -> ObjId {
        0
    }

    pub fn enum_by_name(&self, qualified: &str) -> Option<EnumId> {
        self.enum_ids.get(qualified).copied()
    }

    /// The absolute file offset of `pos` in `io` (the position inside the
    /// processed bytes for a processed stream).
    pub fn abs(&self, io: IoId, pos: u64) -> u64 {
        let s = &self.ios[io].stream;
        s.abs(pos).unwrap_or(pos)
    }

    /// Evaluates instance `idx` of `obj` (once; later calls return the same
    /// field).
    pub fn instance(&mut self, obj: ObjId, idx: usize) -> Result<Field, ParseError> {
        match &self.objs[obj].instances[idx] {
            InstState::Done(f) => return Ok(f.clone()),
            InstState::Failed(e) => return Err(e.clone()),
            InstState::Busy => {
                let name = &self.schema.types[self.objs[obj].ty].instances[idx].id;
                return Err(ParseError::new(
                    ErrorKind::Expr,
                    &self.field_path(obj, name, None),
                    format!("instance '{name}' depends on itself"),
                ));
            }
            InstState::Unread => {}
        }
        self.objs[obj].instances[idx] = InstState::Busy;
        let res = self.read_instance(obj, idx);
        self.objs[obj].inst_order.push(idx);
        self.objs[obj].instances[idx] = match &res {
            Ok(f) => InstState::Done(f.clone()),
            Err(e) => InstState::Failed(e.clone()),
        };
        res
    }

    /// Evaluates every instance of every object read so far (for printing);
    /// their errors go to `late_errors`.
    pub fn eval_all_instances(&mut self) {
        let mut i = 0;
        // Instances may make objects with instances of their own: stop at
        // the node limit rather than chase them for ever.
        while i < self.objs.len() && self.nodes <= self.limits.nodes {
            for k in 0..self.objs[i].instances.len() {
                if let Err(e) = self.instance(i, k) {
                    self.late_errors.push(e);
                }
            }
            i += 1;
        }
    }

    /// The value of a seq field or instance called `name` of `obj`.
    pub fn attr_value(&mut self, obj: ObjId, name: &str) -> Option<Result<Value, ParseError>> {
        let ty = self.objs[obj].ty;
        match self.schema.types[ty].find_attr(name)? {
            AttrRef::Seq(i) => Some(Ok(match &self.objs[obj].fields[i] {
                Some(f) => f.value(),
                None if self
                    .validating
                    .as_ref()
                    .is_some_and(|(o, n, _)| *o == obj && n == name) =>
                {
                    self.validating
                        .as_ref()
                        .map_or(Value::Null, |v| v.2.clone())
                }
                None => self
                    .partial
                    .iter()
                    .rev()
                    .find(|(o, n, _)| *o == obj && n == name)
                    .map_or(Value::Null, |(_, _, items)| Value::array(items.clone())),
            })),
            AttrRef::Instance(i) => Some(self.instance(obj, i).map(|f| f.value())),
        }
    }

    /// The path of an object (`chunks[3].body`; empty for the root).
    pub fn path_of(&self, obj: ObjId) -> String {
        match self.objs[obj].slot {
            None => String::new(),
            Some((holder, r, index)) => {
                let name = &self.schema.types[self.objs[holder].ty].attr(r).id;
                let base = join(&self.path_of(holder), name);
                match index {
                    Some(i) => format!("{base}[{i}]"),
                    None => base,
                }
            }
        }
    }

    /// The path of field `name` (item `index`) of `obj`.
    pub fn field_path(&self, obj: ObjId, name: &str, index: Option<u64>) -> String {
        let base = join(&self.path_of(obj), name);
        match index {
            Some(i) => format!("{base}[{i}]"),
            None => base,
        }
    }

    pub(crate) fn count_node(&mut self, path: &str) -> Result<(), ParseError> {
        self.nodes += 1;
        if self.nodes > self.limits.nodes {
            return Err(ParseError::new(
                ErrorKind::Limit,
                path,
                format!("more than {} nodes in the tree", self.limits.nodes),
            ));
        }
        Ok(())
    }
}

/// `a.b` (or `b` under the root).
pub(crate) fn join(base: &str, name: &str) -> String {
    if base.is_empty() {
        name.to_string()
    } else {
        format!("{base}.{name}")
    }
}
