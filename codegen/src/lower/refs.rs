//! The document itself: raw values by pointer, `x-` extensions, and `$ref`s to components.

use super::Lowerer;
use crate::error::{ErrorKind, Pointer};
use openapiv3::{Components, ReferenceOr, Schema};
use serde_json::Value as Json;

/// Where local references to component schemas start.
pub(super) const SCHEMA_PREFIX: &str = "#/components/schemas/";

impl<'a> Lowerer<'a> {
    /// The raw JSON value at `at`, with whatever the typed parser drops (extensions, siblings
    /// of `$ref`).
    pub(super) fn raw_at(&self, at: &Pointer) -> Option<&'a Json> {
        self.raw
            .pointer(at.as_str().strip_prefix('#').unwrap_or(""))
    }

    /// The string extension `key` of the object at `at`; anything else there is reported.
    pub(super) fn ext_str(&mut self, at: &Pointer, key: &str) -> Option<String> {
        match self.raw_at(at).and_then(|v| v.get(key)) {
            None => None,
            Some(Json::String(s)) => Some(s.clone()),
            Some(other) => {
                self.error(
                    &at.join(key),
                    ErrorKind::Invalid,
                    format!("`{key}` must be a string, found `{other}`"),
                );
                None
            }
        }
    }

    /// The component schema `name` (under `#/components/schemas`), if there is one.
    pub(super) fn component_schema(&self, name: &str) -> Option<&'a ReferenceOr<Schema>> {
        self.doc.components.as_ref()?.schemas.get(name)
    }

    /// The item itself, or the component a `$ref` names under `#/components/<section>`, with
    /// the pointer to where it is defined. A reference to nothing is reported at `at`.
    pub(super) fn resolve<'d, T>(
        &mut self,
        item: &'d ReferenceOr<T>,
        at: &Pointer,
        section: &str,
        what: &str,
        components: fn(&'a Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'d T, Pointer)>
    where
        'a: 'd,
    {
        let reference = match item {
            ReferenceOr::Item(item) => return Some((item, at.clone())),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        // A component may itself be only a `$ref` to another (an alias): follow the chain.
        let mut current: &'d str = reference;
        let mut seen: Vec<&'d str> = Vec::new();
        loop {
            let found = current
                .strip_prefix(&prefix)
                .and_then(|name| components(self.doc.components.as_ref()?).get(name));
            match found {
                Some(ReferenceOr::Item(item)) => {
                    let found = Pointer::from_ref(current);
                    for alias in &seen {
                        self.used_components
                            .insert(Pointer::from_ref(alias).to_string());
                    }
                    self.used_components.insert(found.to_string());
                    return Some((item, found));
                }
                Some(ReferenceOr::Reference { reference: next })
                    if !seen.contains(&next.as_str()) =>
                {
                    seen.push(current);
                    current = next;
                }
                Some(ReferenceOr::Reference { .. }) => {
                    // Said once, here: the components of the loop are not checked again.
                    for alias in seen.iter().chain([&current]) {
                        self.used_components
                            .insert(Pointer::from_ref(alias).to_string());
                    }
                    self.error(
                        &at.join("$ref"),
                        ErrorKind::BadReference,
                        format!("`{reference}` is part of a reference cycle"),
                    );
                    return None;
                }
                None => {
                    let other_kind =
                        component_kind(current).filter(|_| !current.starts_with(&prefix));
                    let message = if let Some(kind) = other_kind {
                        format!(
                            "`{current}` is {kind}, where {what} (under #/components/{section}) is expected"
                        )
                    } else if current.starts_with('#') && !current.starts_with("#/components/") {
                        format!(
                            "`{current}` is not a component; {what} is referred to under #/components/{section}"
                        )
                    } else if current.starts_with('#') {
                        format!("`{current}` does not name {what} under #/components/{section}")
                    } else {
                        format!(
                            "`{current}` is in another file; only references inside this document are supported"
                        )
                    };
                    self.error(&at.join("$ref"), ErrorKind::BadReference, message);
                    return None;
                }
            }
        }
    }
}

/// What the component `reference` names (`a parameter` for
/// `#/components/parameters/limit`), when it names one directly, whatever its section.
pub(super) fn component_kind(reference: &str) -> Option<&'static str> {
    let rest = reference.strip_prefix("#/components/")?;
    let (section, name) = rest.split_once('/')?;
    if name.is_empty() || name.contains('/') {
        return None;
    }
    Some(match section {
        "schemas" => "a schema",
        "parameters" => "a parameter",
        "responses" => "a response",
        "requestBodies" => "a request body",
        "headers" => "a header",
        "securitySchemes" => "a security scheme",
        "examples" => "an example",
        "links" => "a link",
        "callbacks" => "a callback",
        _ => return None,
    })
}

/// The pointer to `#/components/<section>/<name>`.
pub(super) fn component_at(section: &str, name: &str) -> Pointer {
    Pointer::root().join("components").join(section).join(name)
}
