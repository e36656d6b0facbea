//! The reference's warnings: encoding names it does not know or spells
//! otherwise, and ids that its style guide would name `len_…`/`num_…`.

use std::collections::HashMap;
use std::path::Path;

use super::super::super::yaml::Node;
use super::super::load::err;
use super::*;
use crate::core::ksy::expr::Expr;
use crate::core::ksy::strenc;

/// Adds a warning for an encoding name the reference does not know, or
/// knows under another spelling.
pub(in crate::core::ksy::spec) fn encoding_name(
    warnings: &mut Vec<SpecError>,
    file: &Path,
    path: &str,
    node: Option<&Node>,
    name: &str,
) {
    let msg = match strenc::canonical_name(name) {
        Some(c) if c == name => return,
        Some(c) => format!("use canonical encoding name `{c}` instead of `{name}`"),
        None => format!("unrecognized encoding name '{name}'"),
    };
    warnings.push(err(file, path, node, msg));
}

/// The reference's id style: a field used only as another field's `size`
/// is `len_<field>`, one used only as its `repeat-expr` is `num_<field>`.
pub(super) fn style_warnings(s: &Schema) -> Vec<SpecError> {
    let mut out = Vec::new();
    for t in &s.types {
        let mut uses: HashMap<&str, usize> = HashMap::new();
        for a in t.seq.iter().chain(&t.instances) {
            for e in exprs_of(a) {
                count_names(&e.ast, &mut uses);
            }
        }
        for a in t.seq.iter().chain(&t.instances) {
            let bare = |e: &Option<Ex>| e.as_ref().and_then(|e| e.ast.as_name().map(String::from));
            let rep = match &a.repeat {
                Repeat::Expr(e) => e.ast.as_name().map(String::from),
                _ => None,
            };
            for (name, want) in [
                (bare(&a.size), format!("len_{}", a.id)),
                (rep, format!("num_{}", a.id)),
            ] {
                let Some(name) = name else { continue };
                if name == want || name.starts_with('_') || uses.get(name.as_str()) != Some(&1) {
                    continue;
                }
                let Some(r) = t.find_attr(&name) else {
                    continue;
                };
                let (path, what) = match r {
                    AttrRef::Seq(i) => (format!("{}/id", t.seq[i].path), "a byte size"),
                    AttrRef::Instance(i) => (t.instances[i].path.clone(), "a byte size"),
                };
                let what = if want.starts_with("num_") {
                    format!("repeat count of `{}`", a.id)
                } else {
                    format!("{what} of `{}`", a.id)
                };
                out.push(err(
                    &t.file,
                    &path,
                    None,
                    format!(
                        "use `{want}` instead of `{name}`, given that it's only used as {what}"
                    ),
                ));
            }
        }
    }
    out
}

fn exprs_of(a: &Attr) -> Vec<&Ex> {
    let mut v: Vec<&Ex> = [&a.size, &a.cond, &a.pos, &a.io, &a.value]
        .into_iter()
        .flatten()
        .collect();
    if let Repeat::Expr(e) | Repeat::Until(e) = &a.repeat {
        v.push(e);
    }
    match &a.ty {
        DataType::User { args, .. } => v.extend(args),
        DataType::Switch { on, cases } => {
            v.push(on);
            for (_, d) in cases {
                if let DataType::User { args, .. } = d {
                    v.extend(args);
                }
            }
        }
        _ => {}
    }
    if let Some(val) = &a.valid {
        v.extend(
            [&val.eq, &val.min, &val.max, &val.expr]
                .into_iter()
                .flatten(),
        );
        v.extend(&val.any_of);
    }
    v
}

fn count_names<'e>(e: &'e Expr, uses: &mut HashMap<&'e str, usize>) {
    match e {
        Expr::Name(n) => *uses.entry(n).or_default() += 1,
        Expr::List(xs) | Expr::Interp(xs) => xs.iter().for_each(|x| count_names(x, uses)),
        Expr::Unary(_, x) | Expr::Attr(x, _) | Expr::Cast(x, _) => count_names(x, uses),
        Expr::Binary(_, a, b) | Expr::Index(a, b) => {
            count_names(a, uses);
            count_names(b, uses);
        }
        Expr::Cond(a, b, c) => {
            count_names(a, uses);
            count_names(b, uses);
            count_names(c, uses);
        }
        Expr::Call(x, _, args) => {
            count_names(x, uses);
            args.iter().for_each(|a| count_names(a, uses));
        }
        _ => {}
    }
}
