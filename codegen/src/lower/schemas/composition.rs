//! Composition: `oneOf`/`anyOf` as an enum of the alternatives, chosen by a discriminator
//! when the document names one.

use crate::error::{ErrorKind, Pointer};
use crate::ir::{OneOfVariant, TypeKind};
use crate::lower::Lowerer;
use crate::naming::{self, Scope};
use openapiv3::{Discriminator, ReferenceOr, Schema};

impl Lowerer<'_> {
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
            let title = match alternative {
                ReferenceOr::Item(s) => s.schema_data.title.as_deref(),
                ReferenceOr::Reference { .. } => None,
            };
            let context = naming::alternative_type(name, title, i);
            let Some(ty) = self.schema_ref(alternative, &context, &alt_at) else {
                continue;
            };
            let tag = match (discriminator, alternative) {
                (None, _) => None,
                (Some(d), ReferenceOr::Reference { reference }) => Some(tag_of(d, reference)),
                (Some(_), ReferenceOr::Item(_)) => {
                    self.error(
                        &alt_at,
                        ErrorKind::Unsupported,
                        "with a `discriminator`, every alternative must be a `$ref` to a component schema",
                    );
                    continue;
                }
            };
            variants.push(OneOfVariant {
                rust: scope.claim(naming::alternative_variant(&ty)),
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
