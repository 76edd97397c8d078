//! Enums: string and integer schemas with `enum`, as enums with a fallback for values not
//! listed.

use crate::ir::{IntVariant, TypeKind, Variant};
use crate::naming::{self, Scope};
use openapiv3::{IntegerType, StringType};
use std::collections::BTreeSet;

/// A string enum of the listed values, each once (a `null` in the list is not a value).
pub(super) fn string_enum(s: &StringType) -> TypeKind {
    let mut scope = Scope::enum_variants();
    let mut seen = BTreeSet::new();
    let variants = s
        .enumeration
        .iter()
        .flatten()
        .filter(|wire| seen.insert(wire.as_str()))
        .map(|wire| Variant {
            wire: wire.to_string(),
            rust: scope.claim(naming::pascal(wire)),
        })
        .collect();
    TypeKind::StringEnum { variants }
}

/// An integer enum of the listed values, each once.
pub(super) fn int_enum(i: &IntegerType) -> TypeKind {
    let mut scope = Scope::enum_variants();
    let mut seen = BTreeSet::new();
    let variants = i
        .enumeration
        .iter()
        .flatten()
        .filter(|&&value| seen.insert(value))
        .map(|&value| IntVariant {
            value,
            rust: scope.claim(naming::int_variant(value)),
        })
        .collect();
    TypeKind::IntEnum { variants }
}
