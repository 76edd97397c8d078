//! Defaults: a property's `default` is kept only where it can apply (the property is not
//! required) and is a value of the field's type; such a field gets a function that gives it.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::naming;
use serde_json::Value as Json;
use std::collections::{BTreeMap, BTreeSet};

/// The enums among the named types, by kind.
#[derive(Default)]
struct Enums {
    strings: BTreeSet<String>,
    integers: BTreeSet<String>,
}

/// Drops the defaults that do not fit their field's type, and names the function of each
/// default that remains on a field that is not an `Option`. Needs every type defined.
pub(in crate::lower) fn keep_fitting_defaults(types: &mut BTreeMap<String, TypeDef>) {
    let mut enums = Enums::default();
    for t in types.values() {
        match &t.kind {
            TypeKind::StringEnum { .. } => enums.strings.insert(t.name.clone()),
            TypeKind::IntEnum { .. } => enums.integers.insert(t.name.clone()),
            _ => false,
        };
    }
    for t in types.values_mut() {
        let TypeKind::Struct { fields, .. } = &mut t.kind else {
            continue;
        };
        for f in fields {
            // A required property is always present, so its default would never apply; and
            // a default that is not a value of the field's type cannot be written.
            if f.required
                || f.default
                    .as_ref()
                    .is_some_and(|d| !default_fits(d, &f.ty, &enums))
            {
                f.default = None;
            }
            if f.default.is_some() && !f.optional() {
                f.default_fn = Some(naming::default_fn(&f.rust));
            }
        }
    }
}

/// Whether a `default` can be written as a value of `ty`.
fn default_fits(value: &Json, ty: &TypeRef, enums: &Enums) -> bool {
    match (ty, value) {
        (TypeRef::String, Json::String(_)) | (TypeRef::Bool, Json::Bool(_)) => true,
        (TypeRef::I32, Json::Number(n)) => n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        (TypeRef::I64, Json::Number(n)) => n.as_i64().is_some(),
        (TypeRef::U32, Json::Number(n)) => n.as_u64().is_some_and(|v| u32::try_from(v).is_ok()),
        (TypeRef::U64, Json::Number(n)) => n.as_u64().is_some(),
        (TypeRef::F32 | TypeRef::F64, Json::Number(_)) => true,
        (TypeRef::Named(n), value) if enums.strings.contains(n) => value.is_string(),
        (TypeRef::Named(n), value) if enums.integers.contains(n) => value.as_i64().is_some(),
        _ => false,
    }
}
