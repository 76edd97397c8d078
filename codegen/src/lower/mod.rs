//! Lowering: a parsed OpenAPI document to the intermediate model in `ir`.
//!
//! This is where the document is validated: every construct is either turned into `ir` or
//! reported as a `SpecError` at its JSON pointer. Lowering keeps going after a problem, so one
//! run reports every problem it can find.
//!
//! One `Lowerer` walks the document; its methods are spread over the submodules by what
//! they read: `refs` (the raw document, extensions and `$ref`s to components), `servers`
//! (servers and security), `operations` and `params` (paths, operations, parameters and
//! request bodies), `responses`, and `schemas` (named and inline types). What the emit stage
//! needs to know about types (which validate, which are enums, where defaults apply) is
//! worked out once here, after every type is defined.

mod operations;
mod params;
mod refs;
mod responses;
mod schemas;
mod servers;

use crate::error::{ErrorKind, Pointer, SpecError, SpecErrors};
use crate::ir::{Api, SecurityScheme, TypeDef, TypeKind, TypeRef};
use crate::load::Loaded;
use crate::naming::Scope;
use openapiv3::OpenAPI;
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Lowers a loaded document, or returns every problem found in it.
pub fn lower(loaded: &Loaded) -> Result<Api, SpecErrors> {
    Lowerer::new(loaded).api()
}

/// The problems found so far, in the order they were found.
#[derive(Debug, Default)]
struct Problems(Vec<SpecError>);

impl Problems {
    /// Records a problem; the same problem at the same place, reached a second way, is
    /// recorded once.
    fn report(&mut self, at: &Pointer, kind: ErrorKind, message: impl Into<String>) {
        let problem = SpecError::new(at.as_str(), kind, message);
        if !self.0.contains(&problem) {
            self.0.push(problem);
        }
    }

    fn count(&self) -> usize {
        self.0.len()
    }

    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// The state of one walk over a document.
struct Lowerer<'a> {
    doc: &'a OpenAPI,
    raw: &'a Json,
    /// Every problem reported, by any part of the walk.
    problems: Problems,
    /// The named types defined so far, by Rust name.
    types: BTreeMap<String, TypeDef>,
    /// The Rust names of types, taken so far.
    type_names: Scope,
    /// Component schemas that become named types: component name to Rust name.
    component_types: BTreeMap<String, String>,
    /// Guards against `$ref` chains that loop without passing through a named type.
    depth: usize,
    /// The security schemes, once read; operations refer to them by index.
    schemes: Vec<SecurityScheme>,
    /// The types of documented error bodies, in the order first met.
    error_types: Vec<String>,
    /// Schemas reached by a pointer into the document other than a component schema, by
    /// that pointer, once lowered.
    interior: BTreeMap<String, TypeRef>,
    /// Inline schemas that became named types, by the pointer where they are written: a
    /// schema reached again (from another operation through a shared component, or through
    /// a pointer into it) is the same type.
    inline_types: BTreeMap<String, String>,
    /// The inline types being defined, innermost last: a schema that reaches itself refers
    /// to its type before it is complete.
    defining: Vec<String>,
    /// The parameter, response and request body components checked so far, by pointer.
    used_components: std::collections::BTreeSet<String>,
    /// Whether a parameter reference of the operation being read could not be resolved.
    unresolved_params: bool,
}

impl<'a> Lowerer<'a> {
    fn new(loaded: &'a Loaded) -> Self {
        Lowerer {
            doc: &loaded.doc,
            raw: &loaded.raw,
            problems: Problems::default(),
            types: BTreeMap::new(),
            type_names: Scope::default(),
            component_types: BTreeMap::new(),
            depth: 0,
            schemes: Vec::new(),
            error_types: Vec::new(),
            interior: BTreeMap::new(),
            inline_types: BTreeMap::new(),
            defining: Vec::new(),
            unresolved_params: false,
            used_components: std::collections::BTreeSet::new(),
        }
    }

    /// Reports a problem at `at`.
    fn error(&mut self, at: &Pointer, kind: ErrorKind, message: impl Into<String>) {
        self.problems.report(at, kind, message);
    }

    /// Checks the parameter, response and request body components no operation uses, as
    /// those that are used are checked, so that whether a document is accepted does not depend
    /// on which components its operations happen to use. What checking them defines is put
    /// away: an unused component adds nothing to the crate.
    fn check_unused_components(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        let saved = (
            self.types.clone(),
            self.type_names.clone(),
            self.inline_types.clone(),
            self.interior.clone(),
            self.error_types.clone(),
        );
        self.check_unused_parameters();
        for name in components.responses.keys() {
            let at = refs::component_at("responses", name);
            if self.used_components.contains(at.as_str()) {
                continue;
            }
            let reference = openapiv3::ReferenceOr::Reference {
                reference: at.to_string(),
            };
            if let Some((response, at)) =
                self.resolve(&reference, &at, "responses", "a response", |c| &c.responses)
            {
                self.response_body(response, &at, "Unused");
            }
        }
        for name in components.request_bodies.keys() {
            let at = refs::component_at("requestBodies", name);
            if self.used_components.contains(at.as_str()) {
                continue;
            }
            let reference = openapiv3::ReferenceOr::Reference {
                reference: at.to_string(),
            };
            self.body(&reference, &at, "Unused");
        }
        (
            self.types,
            self.type_names,
            self.inline_types,
            self.interior,
            self.error_types,
        ) = saved;
    }

    /// Walks the whole document, then settles what depends on every type being known.
    fn api(mut self) -> Result<Api, SpecErrors> {
        let doc = self.doc;
        self.component_schemas();
        let servers = self.servers();
        self.schemes = self.security_schemes();
        let mut groups = self.groups();
        let error_body = self.single_error_body();
        self.check_unused_components();
        schemas::cycles::box_recursive_types(&mut self.types);
        // Defaults are kept only where they are a value of the field's type; that needs every
        // type defined first, since a field may refer to an enum defined further down.
        schemas::defaults::keep_fitting_defaults(&mut self.types);
        schemas::validation::mark_validating(&mut self.types);
        operations::mark_types(&mut groups, &self.types);
        operations::check_paging(&groups, &self.types, &mut self.problems);
        if !self.problems.is_empty() {
            return Err(SpecErrors(self.problems.0));
        }
        let secret_fields = secret_fields(&self.types);
        Ok(Api {
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
            required_scheme: servers::required_scheme(&groups),
            servers,
            schemes: self.schemes,
            groups,
            types: self.types.into_values().collect(),
            error_types: self.error_types,
            error_body,
            secret_fields,
        })
    }
}

/// The wire names of the properties marked `format: password`, sorted, without repeats.
fn secret_fields(types: &BTreeMap<String, TypeDef>) -> Vec<String> {
    let mut names: Vec<String> = types
        .values()
        .filter_map(|t| match &t.kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            _ => None,
        })
        .flatten()
        .filter(|f| f.ty == TypeRef::Secret)
        .map(|f| f.wire.clone())
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}
