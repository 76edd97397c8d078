//! Validation: which types have a `validate` step (a string rule on a field, or a field that
//! holds such a type), and which fields hold values to validate.

use crate::ir::{Nested, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Marks every type that validates, and every field whose value (or whose list's items)
/// does. Needs every type defined.
pub(in crate::lower) fn mark_validating(types: &mut BTreeMap<String, TypeDef>) {
    let validating = validating_types(types);
    for t in types.values_mut() {
        t.validates = validating.contains(&t.name);
        let TypeKind::Struct { fields, .. } = &mut t.kind else {
            continue;
        };
        for f in fields {
            // A field with rules of its own is checked by them alone.
            f.nested = if f.rules.is_some() {
                Nested::None
            } else {
                match &f.ty {
                    TypeRef::Named(n) if validating.contains(n) => Nested::Value,
                    // Items of a list are checked one level deep; deeper lists and maps are
                    // left to the server, like the values of a map.
                    TypeRef::Vec(inner) if matches!(inner.as_ref(), TypeRef::Named(n) if validating.contains(n)) => {
                        Nested::Items
                    }
                    _ => Nested::None,
                }
            };
        }
    }
}

/// The types with a string rule on a field, and those that contain one of them.
fn validating_types(types: &BTreeMap<String, TypeDef>) -> BTreeSet<String> {
    let mut set = BTreeSet::new();
    loop {
        let before = set.len();
        for t in types.values() {
            let TypeKind::Struct { fields, .. } = &t.kind else {
                continue;
            };
            if fields
                .iter()
                .any(|f| f.rules.is_some() || named_inside(&f.ty).is_some_and(|n| set.contains(n)))
            {
                set.insert(t.name.clone());
            }
        }
        if set.len() == before {
            return set;
        }
    }
}

/// The named type a field holds directly or as the items of a list.
fn named_inside(ty: &TypeRef) -> Option<&str> {
    match ty {
        TypeRef::Named(n) => Some(n),
        TypeRef::Vec(inner) => named_inside(inner),
        _ => None,
    }
}
