//! Cycles: the fields and alternatives through which a type contains itself are boxed.

use crate::ir::{TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// Marks the fields and alternatives through which a type contains itself directly (not
/// through a list or map, which have a size of their own), so that they are boxed.
pub(in crate::lower) fn box_recursive_types(types: &mut BTreeMap<String, TypeDef>) {
    let direct = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => Some(n.clone()),
        _ => None,
    };
    let edges: BTreeMap<String, Vec<String>> = types
        .values()
        .map(|t| {
            let targets = match &t.kind {
                TypeKind::Struct { fields, .. } => {
                    fields.iter().filter_map(|f| direct(&f.ty)).collect()
                }
                TypeKind::OneOf { variants, .. } => {
                    variants.iter().filter_map(|v| direct(&v.ty)).collect()
                }
                _ => Vec::new(),
            };
            (t.name.clone(), targets)
        })
        .collect();
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut stack = vec![from.to_string()];
        while let Some(next) = stack.pop() {
            if next == to {
                return true;
            }
            if seen.insert(next.clone()) {
                stack.extend(edges.get(&next).into_iter().flatten().cloned());
            }
        }
        false
    };
    for t in types.values_mut() {
        let name = t.name.clone();
        match &mut t.kind {
            TypeKind::Struct { fields, .. } => {
                for f in fields {
                    f.boxed = direct(&f.ty).is_some_and(|target| reaches(&target, &name));
                }
            }
            TypeKind::OneOf { variants, .. } => {
                for v in variants {
                    v.boxed = direct(&v.ty).is_some_and(|target| reaches(&target, &name));
                }
            }
            _ => {}
        }
    }
}
