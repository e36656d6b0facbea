//! Static sizes: `sizeof<T>`, `bitsizeof<T>` and `_sizeof` of types whose
//! every field has a size known without reading the file.

use super::*;
use crate::core::ksy::expr::{Expr, Value};

impl Schema {
    /// The fixed size in bits of type `ty`, or why it has none.
    pub fn type_bits(&self, ty: TypeId, depth: u32) -> Result<u64, String> {
        if depth > 64 {
            return Err("type nested too deeply".into());
        }
        let t = &self.types[ty];
        let mut bits = 0u64;
        for a in &t.seq {
            if a.cond.is_some() {
                return Err(format!("'{}' is conditional: dynamic sized type", a.id));
            }
            let one = self.attr_bits(a, depth)?;
            let n = match &a.repeat {
                Repeat::None => 1,
                Repeat::Expr(e) => const_int(e).ok_or_else(|| {
                    format!(
                        "'{}' repeats a computed number of times: dynamic sized type",
                        a.id
                    )
                })? as u64,
                _ => return Err(format!("'{}' repeats to an end: dynamic sized type", a.id)),
            };
            if !matches!(a.ty, DataType::Bits { .. }) {
                bits = bits.div_ceil(8) * 8;
            }
            bits = bits.saturating_add(one.saturating_mul(n));
        }
        Ok(bits)
    }

    pub fn attr_bits(&self, a: &Attr, depth: u32) -> Result<u64, String> {
        if let Some(c) = &a.contents {
            return Ok(c.len() as u64 * 8);
        }
        if let Some(s) = &a.size {
            return const_int(s)
                .map(|n| n as u64 * 8)
                .ok_or_else(|| format!("'{}' has a computed size: dynamic sized type", a.id));
        }
        match &a.ty {
            DataType::Int { bytes, .. } | DataType::Float { bytes, .. } => {
                Ok(u64::from(*bytes) * 8)
            }
            DataType::Bits { bits, .. } => Ok(u64::from(*bits)),
            DataType::User { id, .. } => self.type_bits(*id, depth + 1),
            _ => Err(format!("'{}' has no fixed size: dynamic sized type", a.id)),
        }
    }
}

/// An integer literal expression's value.
pub fn const_int(e: &Ex) -> Option<i128> {
    match &e.ast {
        Expr::Lit(Value::Int(n)) if *n >= 0 => Some(*n),
        _ => None,
    }
}
