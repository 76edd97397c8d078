//! Examples: a short program calling an operation, for its docs and the crate's quickstart.

use crate::ir::{Api, Group, Operation, SchemeKind, Success, TypeKind, TypeRef};

/// A short program calling `op`, for the operation's docs and the crate's quickstart.
pub(crate) fn example(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> String {
    example_with(api, group, op, crate_ident, true)
}

/// A short program calling `op`; with `optional`, its optional inputs are set too (the
/// operation's docs show them; a quickstart keeps to what is needed).
pub(crate) fn example_with(
    api: &Api,
    group: &Group,
    op: &Operation,
    crate_ident: &str,
    optional: bool,
) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# async fn run() -> Result<(), {crate_ident}::Error> {{\n"
    ));
    s.push_str(&format!("let client = {crate_ident}::Client::builder()\n"));
    // The credentials this operation needs: the client-wide requirement, or its first
    // accepted set.
    let needed: Vec<usize> = match api.required_scheme {
        Some(i) => vec![i],
        None => op.security.first().cloned().unwrap_or_default(),
    };
    for scheme in needed.iter().filter_map(|i| api.schemes.get(*i)) {
        let args = match scheme.kind {
            SchemeKind::Bearer => "\"<access token>\"",
            SchemeKind::Basic => "\"<username>\", \"<password>\"",
            _ => "\"<api key>\"",
        };
        s.push_str(&format!("    .{}({args})\n", scheme.setter));
    }

    if api.servers.is_empty() {
        s.push_str("    .base_url(\"https://api.example.com\")\n");
    }
    s.push_str("    .build()?;\n");
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| example_value(api, &p.ty, &p.wire, crate_ident))
        .collect();
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        args.push(example_value(api, &b.ty, "body", crate_ident));
    }
    s.push_str(&format!(
        "let response = client\n    .{}()\n    .{}({})\n",
        group.name,
        op.name,
        args.join(", ")
    ));
    for p in op.params.iter().filter(|p| optional && !p.required) {
        s.push_str(&format!(
            "    .{}({})\n",
            p.rust,
            example_value(api, &p.ty, &p.wire, crate_ident)
        ));
    }
    if let Some(b) = op.body.as_ref().filter(|b| optional && !b.required) {
        s.push_str(&format!(
            "    .body({})\n",
            example_value(api, &b.ty, "body", crate_ident)
        ));
    }
    s.push_str("    .await?;\n");
    if op.success == Success::Empty && op.outcomes.is_none() {
        s.push_str("let () = response;\n");
    } else {
        s.push_str("println!(\"{response:?}\");\n");
    }
    s.push_str("# Ok(())\n# }\n");
    s
}

fn example_value(api: &Api, ty: &TypeRef, wire: &str, crate_ident: &str) -> String {
    example_value_at(api, ty, wire, crate_ident, 0)
}

/// An example of a value of `ty`; past a few levels (a type that requires itself) `todo!()`.
fn example_value_at(
    api: &Api,
    ty: &TypeRef,
    wire: &str,
    crate_ident: &str,
    depth: usize,
) -> String {
    if depth > 4 {
        return "todo!()".into();
    }
    match ty {
        TypeRef::String | TypeRef::Secret => format!("\"<{wire}>\""),
        TypeRef::Bool => "true".into(),
        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64 => "0".into(),
        TypeRef::Nullable(inner) => format!(
            "Some({})",
            example_value_at(api, inner, wire, crate_ident, depth + 1)
        ),
        TypeRef::F32 | TypeRef::F64 => "0.0".into(),
        TypeRef::Json => "serde_json::Value::Null".into(),
        TypeRef::Binary => format!("{crate_ident}::Upload::bytes(b\"<{wire}>\".to_vec())"),
        TypeRef::Vec(inner) => match &**inner {
            TypeRef::String => format!("vec![String::from(\"<{wire}>\")]"),
            _ => "Vec::new()".into(),
        },
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Named(n) => {
            let Some(t) = api.types.iter().find(|t| &t.name == n) else {
                return "Default::default()".into();
            };
            match &t.kind {
                TypeKind::StringEnum { variants } => match variants.first() {
                    Some(v) => format!("{crate_ident}::models::{n}::{}", v.rust),
                    None => format!("{crate_ident}::models::{n}::Unknown(String::new())"),
                },
                TypeKind::Struct { fields, .. } => {
                    let args: Vec<String> = fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| match (&f.ty, f.optional()) {
                            (TypeRef::Vec(inner), false) if **inner == TypeRef::String => {
                                format!("[\"<{}>\"]", f.wire)
                            }
                            (ty, false) => {
                                example_value_at(api, ty, &f.wire, crate_ident, depth + 1)
                            }
                            (_, true) => "None".into(),
                        })
                        .collect();
                    format!("{crate_ident}::models::{n}::new({})", args.join(", "))
                }
                TypeKind::IntEnum { variants } => match variants.first() {
                    Some(v) => format!("{crate_ident}::models::{n}::{}", v.rust),
                    None => format!("{crate_ident}::models::{n}::Unknown(0)"),
                },
                TypeKind::Newtype { ty } => format!(
                    "{crate_ident}::models::{n}({})",
                    example_value_at(api, ty, wire, crate_ident, depth + 1)
                ),
                TypeKind::OneOf { variants, .. } => match variants.first() {
                    Some(v) => {
                        let inner = match &v.ty {
                            TypeRef::String | TypeRef::Secret => format!("\"<{wire}>\".into()"),
                            ty => example_value_at(api, ty, wire, crate_ident, depth + 1),
                        };
                        let inner = if v.boxed {
                            format!("Box::new({inner})")
                        } else {
                            inner
                        };
                        format!("{crate_ident}::models::{n}::{}({inner})", v.rust)
                    }
                    None => format!("{crate_ident}::models::{n}::Unknown(serde_json::Value::Null)"),
                },
            }
        }
    }
}
