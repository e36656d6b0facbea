//! What the evaluator asks of the context: objects, streams, lazily
//! handed-out arrays, enum labels, sizes, absent fields.

use super::super::{EvalError, Value, eval, parse_expr};
use super::{Mock, ev, int};

#[test]
fn members_of_objects_and_streams_come_from_the_context() {
    assert_eq!(ev("hdr.len").unwrap(), int(16));
    assert_eq!(ev("hdr.len * 2 + 1").unwrap(), int(33));
    assert_eq!(ev("hdr.magic == [0x50, 0x4b]").unwrap(), Value::Bool(true));
    assert_eq!(ev("hdr.magic.size").unwrap(), int(2));
    assert_eq!(ev("_io.pos").unwrap(), int(2));
    assert_eq!(ev("_io.size - _io.pos").unwrap(), int(8));
    assert_eq!(ev("_io.eof").unwrap(), Value::Bool(false));
    assert_eq!(ev("hdr._parent").unwrap(), Value::Obj(0));
    assert!(matches!(ev("hdr.nosuch"), Err(EvalError::UnknownName(_))));
}

#[test]
fn lazy_arrays_are_read_element_by_element() {
    assert_eq!(ev("recs.size").unwrap(), int(3));
    assert_eq!(ev("recs[0]").unwrap(), int(30));
    assert_eq!(ev("recs[2]").unwrap(), int(20));
    assert_eq!(ev("recs.first").unwrap(), int(30));
    assert_eq!(ev("recs.last").unwrap(), int(20));
    assert_eq!(ev("recs.min").unwrap(), int(10));
    assert_eq!(ev("recs.max").unwrap(), int(30));
    assert!(matches!(
        ev("recs[3]"),
        Err(EvalError::Index { index: 3, len: 3 })
    ));
    // An object that is not an array cannot be indexed.
    assert!(ev("hdr[0]").is_err());
}

#[test]
fn sizeof_of_a_field_is_asked_by_name() {
    assert_eq!(ev("u._sizeof").unwrap(), int(1));
    assert_eq!(ev("hdr._sizeof").unwrap(), int(6));
    assert_eq!(ev("hdr.len._sizeof").unwrap(), int(4));
    assert_eq!(ev("(hdr)._sizeof").unwrap(), int(6));
    assert_eq!(ev("sizeof<hdr_t>").unwrap(), int(6));
    assert_eq!(ev("sizeof<flags_t>").unwrap(), int(2));
    assert_eq!(ev("bitsizeof<flags_t>").unwrap(), int(13));
    assert!(ev("(1 + 2)._sizeof").is_err());
}

#[test]
fn enum_labels_resolve_through_the_context() {
    assert_eq!(
        ev("animal::dog").unwrap(),
        Value::Enum {
            enum_id: "zoo::animal".into(),
            value: 4
        }
    );
    assert!(matches!(ev("animal::cow"), Err(EvalError::UnknownName(_))));
    assert!(ev("pet == 7").is_err(), "an enum is not an integer");
}

#[test]
fn absent_fields_are_null() {
    assert_eq!(ev("absent").unwrap(), Value::Null);
    assert_eq!(ev("absent == absent").unwrap(), Value::Bool(true));
    assert_eq!(ev("absent == 1").unwrap(), Value::Bool(false));
    assert_eq!(ev("absent != 1").unwrap(), Value::Bool(true));
    assert!(ev("absent + 1").is_err());
    assert!(ev("absent.size").is_err());
}

#[test]
fn names_are_asked_once_per_use_and_only_when_needed() {
    let mut cx = Mock::new();
    let e = parse_expr("u > 0 ? u : s").unwrap();
    assert_eq!(eval(&e, &mut cx).unwrap(), int(200));
    assert_eq!(cx.asked.get("u"), Some(&2));
    assert_eq!(cx.asked.get("s"), None);
}

#[test]
fn literal_expressions_evaluate_to_their_value() {
    let e = super::super::Expr::literal(int(4));
    assert_eq!(eval(&e, &mut Mock::new()).unwrap(), int(4));
    let t = super::super::Expr::literal(Value::Bool(true));
    assert_eq!(eval(&t, &mut Mock::new()).unwrap(), Value::Bool(true));
}

/// An array whose count came from a hostile file.
struct Huge;

impl super::super::Context for Huge {
    fn ident(&mut self, _: &str) -> Result<Value, EvalError> {
        Ok(Value::Obj(9))
    }
    fn member(&mut self, _: &Value, n: &str) -> Result<Value, EvalError> {
        Err(EvalError::UnknownName(n.into()))
    }
    fn enum_value(&mut self, _: &super::super::EnumRef) -> Result<Value, EvalError> {
        Err(EvalError::type_error("no enums"))
    }
    fn sizeof_field(&mut self, _: Option<&Value>, f: &str) -> Result<Value, EvalError> {
        Err(EvalError::UnknownName(f.into()))
    }
    fn sizeof_bits(&mut self, _: &super::super::TypeName) -> Result<u64, EvalError> {
        Err(EvalError::type_error("no types"))
    }
    fn array_len(&mut self, _: &Value) -> Result<Option<u64>, EvalError> {
        Ok(Some(1 << 60))
    }
    fn array_get(&mut self, _: &Value, i: u64) -> Result<Value, EvalError> {
        Ok(int(i as i128))
    }
}

#[test]
fn a_hostile_array_count_is_refused_not_scanned() {
    let run = |src: &str| eval(&parse_expr(src).unwrap(), &mut Huge);
    assert_eq!(run("a.size").unwrap(), int(1 << 60));
    assert_eq!(run("a.last").unwrap(), int((1 << 60) - 1));
    assert_eq!(run("a[12345]").unwrap(), int(12345));
    assert!(matches!(run("a.max"), Err(EvalError::Range(_))));
}
