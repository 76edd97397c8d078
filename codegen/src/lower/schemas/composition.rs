//! Composition: `oneOf`/`anyOf` as an enum of the alternatives, chosen by a discriminator
//! when the document names one.

use crate::error::{ErrorKind, Pointer};
use crate::ir::{OneOfVariant, TypeKind, TypeRef};
use crate::lower::Lowerer;
use crate::lower::refs::SCHEMA_PREFIX;
use crate::naming::{self, Scope};
use openapiv3::{Discriminator, ReferenceOr, Schema, SchemaKind, StringType, Type};

impl Lowerer<'_> {
    /// One string enum of every value, when each alternative of `list` is a string enum
    /// (inline or referenced), as documents write a set of values with one description each:
    /// `oneOf: [{enum: [asc], description: ...}, {enum: [desc], description: ...}]`.
    pub(super) fn enum_of_alternatives(
        &self,
        list: &[ReferenceOr<Schema>],
        schema: &Schema,
    ) -> Option<TypeKind> {
        if schema.schema_data.discriminator.is_some() || list.is_empty() {
            return None;
        }
        let mut values: Vec<String> = Vec::new();
        for alternative in list {
            let s = match alternative {
                ReferenceOr::Item(s) => s,
                ReferenceOr::Reference { reference } => {
                    let name = reference.strip_prefix(SCHEMA_PREFIX)?;
                    match self.component_schema(name)? {
                        ReferenceOr::Item(s) => s,
                        ReferenceOr::Reference { .. } => return None,
                    }
                }
            };
            let SchemaKind::Type(Type::String(string)) = &s.schema_kind else {
                return None;
            };
            let listed: Vec<&String> = string.enumeration.iter().flatten().collect();
            if listed.is_empty() {
                return None;
            }
            values.extend(listed.into_iter().cloned());
        }
        Some(super::enums::string_enum(&StringType {
            enumeration: values.into_iter().map(Some).collect(),
            ..StringType::default()
        }))
    }

    /// The enum of the alternatives in `list` (found under `keyword` of `schema`).
    pub(super) fn one_of_kind(
        &mut self,
        name: &str,
        list: &[ReferenceOr<Schema>],
        keyword: &str,
        schema: &Schema,
        at: &Pointer,
    ) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut scope = Scope::enum_variants();
        let mut variants = Vec::new();
        for (i, alternative) in list.iter().enumerate() {
            let alt_at = at.join(keyword).join(i.to_string());
            let (title, kind) = match alternative {
                ReferenceOr::Item(s) => (s.schema_data.title.as_deref(), kind_word(s)),
                ReferenceOr::Reference { .. } => (None, None),
            };
            // Of several alternatives of one kind, none is named by it.
            let same_kind = list
                .iter()
                .filter(|a| matches!(a, ReferenceOr::Item(s) if kind_word(s) == kind))
                .count();
            let kind = kind.filter(|_| same_kind == 1);
            let context = naming::alternative_type(name, title, kind, i);
            let Some(ty) = self.schema_ref(alternative, &context, &alt_at) else {
                continue;
            };
            let tag = match (discriminator, alternative) {
                (None, _) => None,
                (Some(d), ReferenceOr::Reference { reference }) => Some(tag_of(d, reference)),
                (Some(d), ReferenceOr::Item(s)) => match inline_tag(s, &d.property_name) {
                    Some(tag) => Some(tag),
                    None => {
                        self.error(
                            &alt_at,
                            ErrorKind::Unsupported,
                            format!(
                                "with a `discriminator`, an alternative written inline must give `{}` one `enum` value (the tag that selects it); or make it a `$ref` to a component schema",
                                d.property_name
                            ),
                        );
                        continue;
                    }
                },
            };
            // A scalar alternative is named by its `title` when it has one (`id`, `name`),
            // otherwise by its type.
            let variant = match title {
                Some(title) if !matches!(ty, TypeRef::Named(_)) && !title.trim().is_empty() => {
                    naming::pascal(title)
                }
                _ => naming::alternative_variant_in(name, &ty),
            };
            variants.push(OneOfVariant {
                rust: scope.claim(variant),
                ty,
                tag,
                boxed: false,
            });
        }
        TypeKind::OneOf {
            variants,
            discriminator: discriminator.map(|d| d.property_name.clone()),
        }
    }
}

impl Lowerer<'_> {
    /// A component object schema with a `discriminator` that other component schemas extend
    /// through `allOf` (the specification's `Pet`, with `Cat` and `Dog`): wherever it is
    /// used, the value is one of those schemas, chosen by the discriminator property. The
    /// alternatives are the `mapping`'s, or, without one, every component schema whose
    /// `allOf` refers to this one, selected by its own name. `None` when the schema is not
    /// such a base or nothing extends it.
    pub(super) fn polymorphic_base(
        &mut self,
        name: &str,
        schema: &Schema,
        at: &Pointer,
    ) -> Option<TypeKind> {
        let discriminator = schema.schema_data.discriminator.as_ref()?;
        let own = at.as_str().strip_prefix(SCHEMA_PREFIX)?;
        let own_ref = format!("{SCHEMA_PREFIX}{own}");
        let plain_object = match &schema.schema_kind {
            SchemaKind::Type(Type::Object(_)) => true,
            SchemaKind::Any(a) => a.one_of.is_empty() && a.any_of.is_empty(),
            SchemaKind::AllOf { .. } => true,
            _ => false,
        };
        if !plain_object {
            return None;
        }
        let components = &self.doc.components.as_ref()?.schemas;
        let mut children: Vec<(String, String)> = Vec::new();
        if discriminator.mapping.is_empty() {
            // Those that extend it, and those that extend them (`Lion` extends `Cat`, which
            // extends `Pet`), in document order.
            let mut bases = vec![own_ref.clone()];
            loop {
                let before = children.len();
                for (child, s) in components {
                    let ReferenceOr::Item(s) = s else { continue };
                    let all_of = match &s.schema_kind {
                        SchemaKind::AllOf { all_of } => all_of,
                        SchemaKind::Any(a) => &a.all_of,
                        _ => continue,
                    };
                    let extends = all_of.iter().any(|p| {
                        matches!(p, ReferenceOr::Reference { reference } if bases.contains(reference))
                    });
                    // A schema that only wraps this one (`allOf: [$ref]` beside a
                    // description) is this one under another name, not a kind of it.
                    let own_type = self.component_types.get(own);
                    let named = self.component_types.get(child.as_str());
                    let known = children.iter().any(|(_, c)| c == child);
                    if extends && child != own && !known && named.is_some() && named != own_type {
                        children.push((child.clone(), child.clone()));
                        bases.push(format!("{SCHEMA_PREFIX}{child}"));
                    }
                }
                if children.len() == before {
                    break;
                }
            }
            children.sort_by_key(|(_, child)| components.get_index_of(child.as_str()));
        } else {
            for (tag, target) in &discriminator.mapping {
                let reference = if target.contains('/') || target.contains('#') {
                    target.clone()
                } else {
                    format!("{SCHEMA_PREFIX}{target}")
                };
                if reference != own_ref {
                    children.push((tag.clone(), reference));
                }
            }
        }
        if children.is_empty() {
            return None;
        }
        let mut scope = Scope::enum_variants();
        let mut variants = Vec::new();
        let mapping_at = at.join("discriminator").join("mapping");
        for (tag, child) in children {
            let child = if child.contains('/') || child.contains('#') {
                child
            } else {
                format!("{SCHEMA_PREFIX}{child}")
            };
            let reference = ReferenceOr::<Schema>::Reference {
                reference: child.clone(),
            };
            let Some(ty) = self.schema_ref(&reference, name, &mapping_at.join(&tag)) else {
                continue;
            };
            let is_struct = matches!(&ty, TypeRef::Named(n) if *n != name);
            if !is_struct {
                self.error(
                    &mapping_at.join(&tag),
                    ErrorKind::Unsupported,
                    format!("`{child}` must be an object schema to be one of the kinds of `{own}`"),
                );
                continue;
            }
            variants.push(OneOfVariant {
                rust: scope.claim(naming::alternative_variant_in(name, &ty)),
                ty,
                tag: Some(tag),
                boxed: false,
            });
        }
        Some(TypeKind::OneOf {
            variants,
            discriminator: Some(discriminator.property_name.clone()),
        })
    }
}

/// The word an inline alternative is named by when it has no `title`: what kind of value it
/// is, for the kinds that become types of their own.
fn kind_word(schema: &Schema) -> Option<&'static str> {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) => Some("Object"),
        SchemaKind::Any(a) if !a.properties.is_empty() => Some("Object"),
        SchemaKind::Type(Type::String(s)) if s.enumeration.iter().any(Option::is_some) => {
            Some("Enum")
        }
        SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
            Some("Enum")
        }
        SchemaKind::Type(Type::Array(_)) => Some("List"),
        _ => None,
    }
}

/// The tag of an inline alternative: the one `enum` value its discriminator property allows.
fn inline_tag(schema: &Schema, property: &str) -> Option<String> {
    let properties = match &schema.schema_kind {
        SchemaKind::Type(Type::Object(o)) => &o.properties,
        SchemaKind::Any(a) => &a.properties,
        _ => return None,
    };
    let ReferenceOr::Item(prop) = properties.get(property)? else {
        return None;
    };
    match &prop.schema_kind {
        SchemaKind::Type(Type::String(s)) => match s.enumeration.as_slice() {
            [Some(only)] => Some(only.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The discriminator value that selects the alternative `reference`: the `mapping` entry
/// for it, else the name of the schema it references.
fn tag_of(discriminator: &Discriminator, reference: &str) -> String {
    discriminator
        .mapping
        .iter()
        .find(|(_, target)| *target == reference || reference.ends_with(&format!("/{target}")))
        .map(|(value, _)| value.clone())
        .unwrap_or_else(|| {
            reference
                .rsplit('/')
                .next()
                .unwrap_or(reference)
                .to_string()
        })
}
