//! `valid`: eq, min, max, any-of, in-enum and expr, each failing with the
//! reference's error kind; the value is visible by its name meanwhile.

use super::cx::Specials;
use super::*;
use crate::core::ksy::expr::Value;
use crate::core::ksy::spec::{Attr, Ex};

type R<T> = Result<T, ParseError>;

impl Tree {
    pub(crate) fn check_valid(
        &mut self,
        obj: ObjId,
        attr: &Attr,
        v: &Value,
        path: &str,
        sp: &Specials,
    ) -> R<()> {
        let Some(valid) = &attr.valid else {
            return Ok(());
        };
        let fail = |kind, msg: String| Err(ParseError::new(kind, path, msg));
        let eval = |this: &mut Tree, e: &Ex| this.eval_sp(obj, e, sp, path);
        if let Some(eq) = &valid.eq {
            let want = eval(self, eq)?;
            if want != *v {
                return fail(
                    ErrorKind::ValidationNotEqual,
                    format!("not equal, expected {want}, but got {v}"),
                );
            }
        }
        if let Some(min) = &valid.min {
            let m = eval(self, min)?;
            if super::cx::less(v, &m) {
                return fail(
                    ErrorKind::ValidationLessThan,
                    format!("not in range, min {m}, but got {v}"),
                );
            }
        }
        if let Some(max) = &valid.max {
            let m = eval(self, max)?;
            if super::cx::less(&m, v) {
                return fail(
                    ErrorKind::ValidationGreaterThan,
                    format!("not in range, max {m}, but got {v}"),
                );
            }
        }
        if !valid.any_of.is_empty() {
            let mut ok = false;
            for e in &valid.any_of {
                ok |= eval(self, e)? == *v;
            }
            if !ok {
                return fail(
                    ErrorKind::ValidationNotAnyOf,
                    format!("not any of the list, got {v}"),
                );
            }
        }
        if valid.in_enum
            && let (Some(e), Value::Enum { value, .. }) = (attr.enum_, v)
            && self.schema.enums[e].label(*value).is_none()
        {
            return fail(
                ErrorKind::ValidationNotInEnum,
                format!("not in the enum, got {value}"),
            );
        }
        if let Some(x) = &valid.expr {
            let sp2 = Specials {
                underscore: Some(v.clone()),
                ..sp.clone()
            };
            if self.eval_sp(obj, x, &sp2, path)?.as_bool() != Some(true) {
                return fail(
                    ErrorKind::ValidationExpr,
                    format!("not matching the expression, got {v}"),
                );
            }
        }
        Ok(())
    }
}
