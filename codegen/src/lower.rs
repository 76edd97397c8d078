//! Lowering: a parsed OpenAPI document to the intermediate model in `ir`.
//!
//! This is where the document is validated: every construct is either turned into `ir` or
//! reported as a `SpecError` at its JSON pointer. Lowering keeps going after a problem, so one
//! run reports every problem it can find.

use crate::error::{ErrorKind, Pointer, SpecError, SpecErrors};
use crate::ir::*;
use crate::load::Loaded;
use crate::naming::{self, Scope};
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, OpenAPI, Parameter,
    ParameterSchemaOrContent, ReferenceOr, Schema, SchemaKind, StatusCode, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Lowers a loaded document, or returns every problem found in it.
pub fn lower(loaded: &Loaded) -> Result<Api, SpecErrors> {
    let mut l = Lowerer {
        doc: &loaded.doc,
        raw: &loaded.raw,
        errors: Vec::new(),
        types: BTreeMap::new(),
        type_names: Scope::default(),
        component_types: BTreeMap::new(),
        depth: 0,
        scheme_list: Vec::new(),
    };
    let api = l.api();
    if l.errors.is_empty() {
        Ok(api)
    } else {
        Err(SpecErrors(l.errors))
    }
}

const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];
const SCHEMA_PREFIX: &str = "#/components/schemas/";

struct Lowerer<'a> {
    doc: &'a OpenAPI,
    raw: &'a Json,
    errors: Vec<SpecError>,
    types: BTreeMap<String, TypeDef>,
    type_names: Scope,
    /// Component schemas that become named types: component name to Rust name.
    component_types: BTreeMap<String, String>,
    /// Guards against `$ref` chains that loop without passing through a named type.
    depth: usize,
    /// The security schemes, once read.
    scheme_list: Vec<SecurityScheme>,
}

impl<'a> Lowerer<'a> {
    fn error(&mut self, at: &Pointer, kind: ErrorKind, message: impl Into<String>) {
        self.errors.push(SpecError::new(at.as_str(), kind, message));
    }

    fn raw_at(&self, at: &Pointer) -> Option<&'a Json> {
        self.raw
            .pointer(at.as_str().strip_prefix('#').unwrap_or(""))
    }

    fn ext_str(&mut self, at: &Pointer, key: &str) -> Option<String> {
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

    fn api(&mut self) -> Api {
        let doc = self.doc;
        self.name_component_schemas();
        let components = doc.components.as_ref();
        if let Some(c) = components {
            for (name, schema) in &c.schemas {
                if let Some(rust) = self.component_types.get(name).cloned() {
                    let at = Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(name);
                    if let ReferenceOr::Item(schema) = schema {
                        self.define(&rust, schema, &at);
                    }
                }
            }
        }
        let servers = self.servers();
        let schemes = self.schemes();
        self.scheme_list = schemes.clone();
        let mut error_types = Vec::new();
        let groups = self.groups(&mut error_types);
        let error_body = match error_types.as_slice() {
            [only] => {
                let at = self.types.get(only).map(|t| Pointer::from_ref(&t.pointer));
                at.and_then(|at| self.error_body(only.clone(), &at))
            }
            _ => None,
        };
        box_recursive_types(&mut self.types);
        // Defaults are kept only where they are a value of the field's type; that needs every
        // type defined first, since a field may refer to an enum defined further down.
        let defined = self.types.clone();
        for t in self.types.values_mut() {
            if let TypeKind::Struct { fields, .. } = &mut t.kind {
                for f in fields {
                    if f.default
                        .as_ref()
                        .is_some_and(|d| !default_fits(d, &f.ty, &defined))
                    {
                        f.default = None;
                    }
                }
            }
        }
        Api {
            title: doc.info.title.clone(),
            version: doc.info.version.clone(),
            description: doc.info.description.clone(),
            required_scheme: required_scheme(&groups),
            servers,
            schemes,
            groups,
            types: self.types.values().cloned().collect(),
            error_types,
            error_body,
        }
    }

    /// Gives every component schema that is an object or an enum its Rust name up front, so
    /// that references to it (even from earlier in the document) resolve to that name.
    fn name_component_schemas(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            if !is_named_kind(schema) {
                continue;
            }
            let at = Pointer::root()
                .join("components")
                .join("schemas")
                .join(name);
            let wanted = match self.ext_str(&at, "x-rust-name") {
                Some(n) => naming::pascal(&n),
                None => naming::type_name(name),
            };
            let rust = self.type_names.claim(wanted);
            self.component_types.insert(name.clone(), rust);
        }
    }

    fn servers(&mut self) -> Vec<ServerDef> {
        let mut scope = Scope::with_reserved(&["Custom"]);
        let mut out = Vec::new();
        for (i, server) in self.doc.servers.iter().enumerate() {
            let at = Pointer::root().join("servers").join(i.to_string());
            if server.url.contains('{') {
                self.error(
                    &at.join("url"),
                    ErrorKind::Unsupported,
                    format!(
                        "server URL `{}` has variables; only fixed server URLs are supported",
                        server.url
                    ),
                );
                continue;
            }
            let wanted = match self.ext_str(&at, "x-rust-name") {
                Some(n) => n,
                None => host_label(&server.url).unwrap_or_else(|| format!("server{i}")),
            };
            out.push(ServerDef {
                variant: scope.claim(naming::pascal(&wanted)),
                url: server.url.trim_end_matches('/').to_string(),
                doc: server.description.clone(),
            });
        }
        out
    }

    fn schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = self.doc.components.as_ref() else {
            return Vec::new();
        };
        let mut found: Vec<(String, SchemeKind, Option<String>, Option<String>)> = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let at = Pointer::root()
                .join("components")
                .join("securitySchemes")
                .join(key);
            let env = self.ext_str(&at, "x-rust-env");
            use openapiv3::{APIKeyLocation, SecurityScheme as S};
            let (kind, doc) = match scheme {
                ReferenceOr::Reference { .. } => {
                    self.error(
                        &at,
                        ErrorKind::Unsupported,
                        "a `$ref` in place of a security scheme is not supported",
                    );
                    continue;
                }
                ReferenceOr::Item(S::HTTP {
                    scheme,
                    description,
                    ..
                }) if scheme.eq_ignore_ascii_case("bearer") => {
                    (SchemeKind::Bearer, description.clone())
                }
                ReferenceOr::Item(S::HTTP {
                    scheme,
                    description,
                    ..
                }) if scheme.eq_ignore_ascii_case("basic") => {
                    (SchemeKind::Basic, description.clone())
                }
                // The client receives OAuth 2.0 and OpenID Connect tokens ready-made and sends
                // them as bearer tokens; obtaining them is outside its job.
                ReferenceOr::Item(
                    S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. },
                ) => (SchemeKind::Bearer, description.clone()),
                ReferenceOr::Item(S::APIKey {
                    location: APIKeyLocation::Header,
                    name,
                    description,
                    ..
                }) => {
                    if reqwest_header_name_ok(name) {
                        (
                            SchemeKind::ApiKeyHeader(name.to_ascii_lowercase()),
                            description.clone(),
                        )
                    } else {
                        self.error(
                            &at.join("name"),
                            ErrorKind::Invalid,
                            format!("`{name}` is not a valid header name"),
                        );
                        continue;
                    }
                }
                ReferenceOr::Item(S::APIKey {
                    location: APIKeyLocation::Query,
                    name,
                    description,
                    ..
                }) => (SchemeKind::ApiKeyQuery(name.clone()), description.clone()),
                ReferenceOr::Item(S::APIKey {
                    location: APIKeyLocation::Cookie,
                    ..
                }) => {
                    self.error(
                        &at.join("in"),
                        ErrorKind::Unsupported,
                        "API keys in cookies are not supported; use a header or the query",
                    );
                    continue;
                }
                ReferenceOr::Item(S::HTTP { scheme, .. }) => {
                    self.error(
                        &at.join("scheme"),
                        ErrorKind::Unsupported,
                        format!(
                            "HTTP scheme `{scheme}` is not supported; `bearer` and `basic` are"
                        ),
                    );
                    continue;
                }
            };
            found.push((key.clone(), kind, doc, env));
        }
        let count =
            |want: fn(&SchemeKind) -> bool| found.iter().filter(|(_, k, _, _)| want(k)).count();
        let bearers = count(|k| matches!(k, SchemeKind::Bearer));
        let basics = count(|k| matches!(k, SchemeKind::Basic));
        let keys = count(|k| matches!(k, SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_)));
        let mut scope = Scope::with_reserved(&[
            "server",
            "base_url",
            "timeout",
            "connect_timeout",
            "user_agent",
            "http_client",
            "retry_policy",
            "build",
        ]);
        found
            .into_iter()
            .map(|(key, kind, doc, env)| {
                let wanted = match &kind {
                    SchemeKind::Bearer if bearers == 1 => "bearer_token".to_string(),
                    SchemeKind::Bearer => format!("{}_token", naming::snake(&key)),
                    SchemeKind::Basic if basics == 1 => "basic_auth".to_string(),
                    SchemeKind::Basic => format!("{}_basic_auth", naming::snake(&key)),
                    _ if keys == 1 => "api_key".to_string(),
                    _ => naming::snake(&key),
                };
                SecurityScheme {
                    setter: scope.claim(wanted),
                    key,
                    kind,
                    doc,
                    env,
                }
            })
            .collect()
    }

    /// The security requirements of an operation as alternatives of scheme indexes.
    fn security(
        &mut self,
        op: &openapiv3::Operation,
        at: &Pointer,
        schemes: &[SecurityScheme],
    ) -> Vec<Vec<usize>> {
        let (requirements, at) = match &op.security {
            Some(own) => (own, at.join("security")),
            None => match &self.doc.security {
                Some(global) => (global, Pointer::root().join("security")),
                None => return Vec::new(),
            },
        };
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let mut set = Vec::new();
            for name in requirement.keys() {
                match schemes.iter().position(|s| &s.key == name) {
                    Some(index) => set.push(index),
                    None => self.error(
                        &at.join(i.to_string()).join(name),
                        ErrorKind::BadReference,
                        format!(
                            "`{name}` is not a security scheme under #/components/securitySchemes"
                        ),
                    ),
                }
            }
            alternatives.push(set);
        }
        alternatives
    }

    fn groups(&mut self, error_types: &mut Vec<String>) -> Vec<Group> {
        let doc = self.doc;
        let mut groups: Vec<Group> = Vec::new();
        let mut group_scope = Scope::with_reserved(naming::GROUP_RESERVED);
        let mut group_names: BTreeMap<String, usize> = BTreeMap::new();
        let mut type_scopes: Vec<Scope> = Vec::new();
        let mut method_scopes: Vec<BTreeMap<String, String>> = Vec::new();
        for (path, item) in &doc.paths.paths {
            let path_at = Pointer::root().join("paths").join(path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. } => {
                    self.error(
                        &path_at,
                        ErrorKind::Unsupported,
                        "a `$ref` in place of a path item is not supported",
                    );
                    continue;
                }
            };
            let ops = [
                &item.get,
                &item.put,
                &item.post,
                &item.delete,
                &item.options,
                &item.head,
                &item.patch,
                &item.trace,
            ];
            for (method, op) in METHODS.iter().zip(ops) {
                let Some(op) = op else { continue };
                let at = path_at.join(method);
                let group_wanted = self
                    .ext_str(&at, "x-rust-group")
                    .or_else(|| op.tags.first().cloned())
                    .unwrap_or_else(|| "default".to_string());
                let group_key = naming::snake(&group_wanted);
                let gi = match group_names.get(&group_key) {
                    Some(&gi) => gi,
                    None => {
                        let name = group_scope.claim(group_key.clone());
                        let type_name = naming::handle_name(&name);
                        let doc = self.tag_doc(&group_key);
                        groups.push(Group {
                            name,
                            type_name: type_name.clone(),
                            doc,
                            operations: Vec::new(),
                        });
                        type_scopes.push(Scope::with_reserved(&[&type_name]));
                        method_scopes.push(BTreeMap::new());
                        group_names.insert(group_key, groups.len() - 1);
                        groups.len() - 1
                    }
                };
                let name = match self.ext_str(&at, "x-rust-name") {
                    Some(n) => naming::snake(&n),
                    None => match &op.operation_id {
                        Some(id) => naming::snake(id),
                        None => naming::snake(&format!("{method} {path}")),
                    },
                };
                if let Some(first) = method_scopes[gi].get(&name) {
                    self.error(
                        &at,
                        ErrorKind::Invalid,
                        format!(
                            "two operations of group `{}` are both named `{name}` (the other is at {first}); \
                             give one of them another `operationId` or `x-rust-name`",
                            groups[gi].name
                        ),
                    );
                    continue;
                }
                method_scopes[gi].insert(name.clone(), at.to_string());
                let builder = type_scopes[gi].claim(naming::builder_name(&name));
                let outcome = type_scopes[gi].claim(format!("{builder}Outcome"));
                let names = OperationNames {
                    name,
                    builder,
                    outcome,
                };
                if let Some(op) = self.operation(path, method, item, op, &at, names, error_types) {
                    groups[gi].operations.push(op);
                }
            }
        }
        groups
    }

    fn tag_doc(&self, group_key: &str) -> Option<String> {
        self.doc
            .tags
            .iter()
            .find(|t| naming::snake(&t.name) == group_key)
            .and_then(|t| t.description.clone())
    }

    #[allow(clippy::too_many_arguments)]
    fn operation(
        &mut self,
        path: &str,
        method: &str,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        at: &Pointer,
        names: OperationNames,
        error_types: &mut Vec<String>,
    ) -> Option<Operation> {
        let OperationNames {
            name,
            builder,
            outcome,
        } = names;
        let errors_before = self.errors.len();
        let params = self.params(item, op, at, &builder, path);
        let path_parts = self.path_parts(path, &params, at);
        let body = op
            .request_body
            .as_ref()
            .and_then(|b| self.body(b, &at.join("requestBody"), &builder));
        let responses = self.responses(op, &at.join("responses"), &builder, &outcome, error_types);
        let schemes = std::mem::take(&mut self.scheme_list);
        let security = self.security(op, at, &schemes);
        self.scheme_list = schemes;
        let idempotent = match self.raw_at(at).and_then(|v| v.get("x-idempotent")) {
            None => matches!(
                method,
                "get" | "put" | "delete" | "head" | "options" | "trace"
            ),
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &at.join("x-idempotent"),
                    ErrorKind::Invalid,
                    format!("must be true or false, found `{other}`"),
                );
                false
            }
        };
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Operation {
            name,
            builder,
            operation_id: op.operation_id.clone(),
            method: method.to_ascii_uppercase(),
            path_template: path.to_string(),
            path: path_parts?,
            summary: op.summary.clone(),
            description: op.description.clone(),
            params,
            body,
            success: responses.as_ref()?.success.clone(),
            outcomes: responses.as_ref()?.outcomes.clone(),
            errors: responses?.errors,
            deprecated: op.deprecated,
            idempotent,
            security,
            pointer: at.to_string(),
        })
    }

    fn params(
        &mut self,
        item: &openapiv3::PathItem,
        op: &openapiv3::Operation,
        at: &Pointer,
        builder: &str,
        path: &str,
    ) -> Vec<Param> {
        // Parameters of the path item apply unless the operation declares the same name and location.
        let item_at = Pointer::root().join("paths").join(path).join("parameters");
        let mut declared: Vec<(Pointer, &Parameter)> = Vec::new();
        let mut resolved = Vec::new();
        for (i, p) in item.parameters.iter().enumerate() {
            let at = item_at.join(i.to_string());
            if let Some((p, ptr)) =
                self.resolve(p, &at, "parameters", "a parameter", |c| &c.parameters)
            {
                resolved.push((ptr, p, false));
            }
        }
        for (i, p) in op.parameters.iter().enumerate() {
            let at = at.join("parameters").join(i.to_string());
            if let Some((p, ptr)) =
                self.resolve(p, &at, "parameters", "a parameter", |c| &c.parameters)
            {
                resolved.push((ptr, p, true));
            }
        }
        for (ptr, p, from_op) in resolved {
            let key = (p.parameter_data_ref().name.clone(), location(p));
            if let Some(existing) = declared
                .iter()
                .position(|(_, d)| (d.parameter_data_ref().name.clone(), location(d)) == key)
            {
                if from_op {
                    declared[existing] = (ptr, p);
                }
                continue;
            }
            declared.push((ptr, p));
        }

        let mut scope = Scope::with_reserved(&[
            "body",
            "send",
            "into_future",
            "timeout",
            "connect_timeout",
            "retry_policy",
        ]);
        let mut params: Vec<Param> = Vec::new();
        for (ptr, p) in declared {
            let data = p.parameter_data_ref();
            let loc = location(p);
            if loc == "cookie" {
                self.error(
                    &ptr,
                    ErrorKind::Unsupported,
                    "cookie parameters are not supported; use path, query or header",
                );
                continue;
            }
            let schema = match &data.format {
                ParameterSchemaOrContent::Schema(s) => s,
                ParameterSchemaOrContent::Content(_) => {
                    self.error(
                        &ptr.join("content"),
                        ErrorKind::Unsupported,
                        "parameters with `content` are not supported; use `schema`",
                    );
                    continue;
                }
            };
            let ctx = format!("{builder}{}", naming::pascal(&data.name));
            let Some(ty) = self.schema_ref(schema, &ctx, &ptr.join("schema")) else {
                continue;
            };
            let list_of_scalars = matches!(&ty, TypeRef::Vec(item) if is_scalar(item, &self.types));
            let allowed = is_scalar(&ty, &self.types) || (list_of_scalars && loc != "path");
            if !allowed {
                self.error(
                    &ptr.join("schema"),
                    ErrorKind::Unsupported,
                    "parameters must be scalars (string, integer, number, boolean, enum), or arrays of \
                     scalars in the query or a header",
                );
                continue;
            }
            // Query arrays: `style: form` only; `explode` (default true) repeats the name,
            // otherwise the values are joined with commas. Header arrays are always joined.
            let explode = match p {
                Parameter::Query { style, .. } if list_of_scalars => {
                    if !matches!(style, openapiv3::QueryStyle::Form) {
                        self.error(
                            &ptr.join("style"),
                            ErrorKind::Unsupported,
                            "array query parameters support only `style: form` (with or without `explode`)",
                        );
                        continue;
                    }
                    data.explode.unwrap_or(true)
                }
                _ => false,
            };
            let required = data.required || loc == "path";
            if let Some(existing) = params.iter_mut().find(|q| q.wire == data.name) {
                if existing.ty != ty {
                    self.error(
                        &ptr.join("schema"),
                        ErrorKind::Invalid,
                        format!(
                            "parameter `{}` is declared twice with different types",
                            data.name
                        ),
                    );
                    continue;
                }
                existing.required |= required;
                set_location(existing, loc);
                if existing.doc.is_none() {
                    existing.doc = data.description.clone();
                }
                continue;
            }
            let mut param = Param {
                wire: data.name.clone(),
                rust: scope.claim(naming::snake(&data.name)),
                in_path: false,
                in_query: false,
                in_header: false,
                required,
                ty,
                explode,
                doc: data.description.clone(),
            };
            set_location(&mut param, loc);
            params.push(param);
        }
        params
    }

    /// The item itself, or the component a `$ref` names under `#/components/<section>`, with
    /// the pointer to where it is defined. A reference to nothing is reported at `at`.
    fn resolve<'d, T>(
        &mut self,
        item: &'d ReferenceOr<T>,
        at: &Pointer,
        section: &str,
        what: &str,
        components: fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'d T, Pointer)>
    where
        'a: 'd,
    {
        let reference = match item {
            ReferenceOr::Item(item) => return Some((item, at.clone())),
            ReferenceOr::Reference { reference } => reference,
        };
        let prefix = format!("#/components/{section}/");
        let found = reference
            .strip_prefix(&prefix)
            .and_then(|name| components(self.doc.components.as_ref()?).get(name));
        match found {
            Some(ReferenceOr::Item(item)) => Some((item, Pointer::from_ref(reference))),
            _ => {
                self.error(
                    &at.join("$ref"),
                    ErrorKind::BadReference,
                    format!("`{reference}` does not name {what} under #/components/{section}"),
                );
                None
            }
        }
    }

    fn path_parts(&mut self, path: &str, params: &[Param], at: &Pointer) -> Option<Vec<PathPart>> {
        let mut parts = Vec::new();
        let mut rest = path;
        let mut used = vec![false; params.len()];
        let mut ok = true;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_string()));
            }
            let Some(close) = rest[open..].find('}') else {
                self.error(
                    at,
                    ErrorKind::Invalid,
                    format!("path `{path}` has an unclosed `{{`"),
                );
                return None;
            };
            let name = &rest[open + 1..open + close];
            match params.iter().position(|p| p.in_path && p.wire == name) {
                Some(i) => {
                    used[i] = true;
                    parts.push(PathPart::Param(i));
                }
                None => {
                    self.error(
                        &at.join("parameters"),
                        ErrorKind::Invalid,
                        format!("path `{path}` uses `{{{name}}}` but no path parameter named `{name}` is declared"),
                    );
                    ok = false;
                }
            }
            rest = &rest[open + close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_string()));
        }
        for (p, used) in params.iter().zip(used) {
            if p.in_path && !used {
                self.error(
                    &at.join("parameters"),
                    ErrorKind::Invalid,
                    format!(
                        "path parameter `{}` does not appear in the path `{path}`",
                        p.wire
                    ),
                );
                ok = false;
            }
        }
        ok.then_some(parts)
    }

    fn body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        builder: &str,
    ) -> Option<Body> {
        let (body, at) = self.resolve(body, at, "requestBodies", "a request body", |c| {
            &c.request_bodies
        })?;
        let form_type = body.content.iter().find(|(k, _)| {
            k.split(';').next().is_some_and(|e| {
                e.trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        });
        let (content_type, media, form) = match (pick_json(&body.content), form_type) {
            (Some((k, m)), _) => (k, m, false),
            (None, Some((k, m))) => (k.as_str(), m, true),
            (None, None) => {
                let offered: Vec<&str> = body.content.keys().map(String::as_str).collect();
                self.error(
                    &at.join("content"),
                    ErrorKind::Unsupported,
                    format!(
                        "request bodies must offer JSON or `application/x-www-form-urlencoded`; this one offers {offered:?}"
                    ),
                );
                return None;
            }
        };
        let schema_at = at.join("content").join(content_type).join("schema");
        let ty = match &media.schema {
            Some(s) => self.schema_ref(s, &format!("{builder}Request"), &schema_at)?,
            None => TypeRef::Json,
        };
        Some(Body {
            ty,
            required: body.required,
            doc: body.description.clone(),
            content_type: if form {
                "application/x-www-form-urlencoded".to_string()
            } else {
                content_type.to_string()
            },
            form,
        })
    }

    /// Success bodies (one shape, or one outcome per status) and documented error bodies.
    fn responses(
        &mut self,
        op: &openapiv3::Operation,
        at: &Pointer,
        builder: &str,
        outcome_name: &str,
        error_types: &mut Vec<String>,
    ) -> Option<ResponsesIr> {
        let mut ok = true;
        let mut successes: Vec<(u16, Success)> = Vec::new();
        let mut errors = Vec::new();
        let mut listed: Vec<(Option<&StatusCode>, &ReferenceOr<openapiv3::Response>)> = op
            .responses
            .responses
            .iter()
            .map(|(c, r)| (Some(c), r))
            .collect();
        if let Some(default) = &op.responses.default {
            listed.push((None, default));
        }
        for (code, response) in listed {
            let code_at = match code {
                Some(c) => at.join(c.to_string()),
                None => at.join("default"),
            };
            let resolved = self.resolve(response, &code_at, "responses", "a response", |c| {
                &c.responses
            });
            let Some((response, response_at)) = resolved else {
                ok = false;
                continue;
            };
            let success_status = match code {
                Some(StatusCode::Code(c)) if (200..300).contains(c) => Some(*c),
                Some(StatusCode::Range(2)) => Some(200),
                _ => None,
            };
            if let Some(status) = success_status {
                let ctx = if successes.is_empty() {
                    format!("{builder}Response")
                } else {
                    format!("{builder}Response{status}")
                };
                match self.response_body(response, &response_at, &ctx) {
                    Some(body) => successes.push((status, body)),
                    None => ok = false,
                }
                continue;
            }
            // An error status (or `default`): documented when it has a JSON body.
            if matches!(code, Some(StatusCode::Range(_)))
                || matches!(code, Some(StatusCode::Code(c)) if *c < 400)
            {
                continue;
            }
            let Some((content_type, media)) = pick_json(&response.content) else {
                continue;
            };
            let schema_at = response_at
                .join("content")
                .join(content_type)
                .join("schema");
            let suffix = match code {
                Some(c) => c.to_string(),
                None => "Default".to_string(),
            };
            let ty = match &media.schema {
                Some(schema) => {
                    self.schema_ref(schema, &format!("{builder}Error{suffix}"), &schema_at)
                }
                None => None,
            };
            let Some(TypeRef::Named(ty)) = ty else {
                if media.schema.is_some() && self.errors.is_empty() {
                    self.error(
                        &schema_at,
                        ErrorKind::Unsupported,
                        "an error response body must be an object schema (a `$ref` or inline)",
                    );
                }
                ok = false;
                continue;
            };
            if !error_types.contains(&ty) {
                error_types.push(ty.clone());
            }
            let status = match code {
                Some(StatusCode::Code(c)) => Some(*c),
                _ => None,
            };
            errors.push((status, ty));
        }
        if !ok {
            return None;
        }
        let all_same = successes.windows(2).all(|w| w[0].1 == w[1].1);
        let (success, outcomes) = if all_same {
            (
                successes
                    .first()
                    .map(|(_, b)| b.clone())
                    .unwrap_or(Success::Empty),
                None,
            )
        } else {
            let mut scope = Scope::default();
            let list = successes
                .iter()
                .map(|(status, body)| Outcome {
                    status: *status,
                    variant: scope.claim(status_variant(*status)),
                    body: body.clone(),
                })
                .collect();
            (Success::Empty, Some((outcome_name.to_string(), list)))
        };
        Some(ResponsesIr {
            success,
            outcomes,
            errors,
        })
    }

    fn response_body(
        &mut self,
        response: &openapiv3::Response,
        at: &Pointer,
        ctx: &str,
    ) -> Option<Success> {
        if response.content.is_empty() {
            return Some(Success::Empty);
        }
        let Some((content_type, media)) = pick_json(&response.content) else {
            let text = response
                .content
                .keys()
                .all(|k| k.trim().to_ascii_lowercase().starts_with("text/"));
            return Some(if text { Success::Text } else { Success::Bytes });
        };
        match &media.schema {
            Some(s) => self
                .schema_ref(
                    s,
                    ctx,
                    &at.join("content").join(content_type).join("schema"),
                )
                .map(Success::Json),
            None => Some(Success::Json(TypeRef::Json)),
        }
    }

    fn error_body(&mut self, ty: String, at: &Pointer) -> Option<ErrorBody> {
        let fields = match self.types.get(&ty).map(|t| &t.kind) {
            Some(TypeKind::Struct { fields, .. }) => fields.clone(),
            _ => {
                return Some(ErrorBody {
                    ty,
                    accessors: Vec::new(),
                });
            }
        };
        let mut accessors = Vec::new();
        let ext_at = at.join("x-rust-error-fields");
        match self.raw_at(at).and_then(|v| v.get("x-rust-error-fields")) {
            None => {}
            Some(Json::Array(names)) => {
                let mut scope =
                    Scope::with_reserved(&["status", "is_retryable", "error_body", "kind"]);
                for (i, name) in names.iter().enumerate() {
                    let field = name
                        .as_str()
                        .and_then(|n| fields.iter().find(|f| f.wire == n));
                    match field {
                        Some(f) if f.ty == TypeRef::String => accessors.push((
                            scope.claim(f.rust.clone()),
                            f.rust.clone(),
                            f.optional(),
                        )),
                        _ => self.error(
                            &ext_at.join(i.to_string()),
                            ErrorKind::Invalid,
                            format!("`{name}` is not a string property of this schema"),
                        ),
                    }
                }
            }
            Some(other) => self.error(
                &ext_at,
                ErrorKind::Invalid,
                format!("must be a list of property names, found `{other}`"),
            ),
        }
        Some(ErrorBody { ty, accessors })
    }

    /// Lowers a schema or a reference to one. `ctx` names the type an inline object or enum gets.
    fn schema_ref<S: std::borrow::Borrow<Schema>>(
        &mut self,
        s: &ReferenceOr<S>,
        ctx: &str,
        at: &Pointer,
    ) -> Option<TypeRef> {
        match s {
            ReferenceOr::Item(schema) => self.schema(schema.borrow(), ctx, at),
            ReferenceOr::Reference { reference } => {
                let Some(name) = reference.strip_prefix(SCHEMA_PREFIX) else {
                    self.error(
                        &at.join("$ref"),
                        ErrorKind::BadReference,
                        format!("`{reference}` is not a local reference to #/components/schemas; external files are not supported"),
                    );
                    return None;
                };
                if let Some(rust) = self.component_types.get(name) {
                    return Some(TypeRef::Named(rust.clone()));
                }
                let target = self
                    .doc
                    .components
                    .as_ref()
                    .and_then(|c| c.schemas.get(name));
                match target {
                    Some(target) if self.depth < 32 => {
                        self.depth += 1;
                        let target_at = Pointer::from_ref(reference);
                        let out = self.schema_ref(target, ctx, &target_at);
                        self.depth -= 1;
                        out
                    }
                    Some(_) => {
                        self.error(
                            &at.join("$ref"),
                            ErrorKind::BadReference,
                            format!("`{reference}` is part of a reference cycle"),
                        );
                        None
                    }
                    None => {
                        self.error(
                            &at.join("$ref"),
                            ErrorKind::BadReference,
                            format!("`{reference}` points at nothing: there is no schema `{name}` under #/components/schemas"),
                        );
                        None
                    }
                }
            }
        }
    }

    fn schema(&mut self, schema: &Schema, ctx: &str, at: &Pointer) -> Option<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if s.enumeration.iter().any(Option::is_some) {
                    Some(TypeRef::Named(self.define_inline(ctx, schema, at)))
                } else if s.format
                    == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)
                {
                    Some(TypeRef::Secret)
                } else {
                    Some(TypeRef::String)
                }
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                Some(TypeRef::Named(self.define_inline(ctx, schema, at)))
            }
            SchemaKind::Type(Type::Integer(i)) => Some(match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            }),
            SchemaKind::Type(Type::Number(n)) => Some(match &n.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            }),
            SchemaKind::Type(Type::Boolean(_)) => Some(TypeRef::Bool),
            SchemaKind::Type(Type::Array(a)) => {
                let item = match &a.items {
                    Some(items) => {
                        self.schema_ref(items, &format!("{ctx}Item"), &at.join("items"))?
                    }
                    None => TypeRef::Json,
                };
                Some(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(o)) => {
                if !o.properties.is_empty() {
                    return Some(TypeRef::Named(self.define_inline(ctx, schema, at)));
                }
                match &o.additional_properties {
                    Some(AdditionalProperties::Schema(s)) => {
                        let value = self.schema_ref(
                            s.as_ref(),
                            &format!("{ctx}Value"),
                            &at.join("additionalProperties"),
                        )?;
                        Some(TypeRef::Map(Box::new(value)))
                    }
                    _ => Some(TypeRef::Map(Box::new(TypeRef::Json))),
                }
            }
            SchemaKind::Any(any) => {
                if any.not.is_some() {
                    return self.unsupported(at, "not");
                }
                // `allOf: [$ref]` with nothing else of its own is the referenced type; 3.0
                // documents write it that way to put `nullable` or a description next to a `$ref`.
                if let [only] = any.all_of.as_slice() {
                    if any.properties.is_empty() && any.one_of.is_empty() && any.any_of.is_empty() {
                        return self.schema_ref(only, ctx, &at.join("allOf").join("0"));
                    }
                }
                if !any.one_of.is_empty()
                    || !any.any_of.is_empty()
                    || !any.all_of.is_empty()
                    || !any.properties.is_empty()
                {
                    return Some(TypeRef::Named(self.define_inline(ctx, schema, at)));
                }
                Some(TypeRef::Json)
            }
            SchemaKind::AllOf { all_of } if all_of.len() == 1 => {
                self.schema_ref(&all_of[0], ctx, &at.join("allOf").join("0"))
            }
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                Some(TypeRef::Named(self.define_inline(ctx, schema, at)))
            }
            SchemaKind::Not { .. } => self.unsupported(at, "not"),
        }
    }

    fn unsupported(&mut self, at: &Pointer, keyword: &str) -> Option<TypeRef> {
        self.error(
            &at.join(keyword),
            ErrorKind::Unsupported,
            unsupported_composition(keyword),
        );
        None
    }

    fn define_inline(&mut self, ctx: &str, schema: &Schema, at: &Pointer) -> String {
        let wanted = match self.ext_str(at, "x-rust-name") {
            Some(n) => naming::pascal(&n),
            None => naming::type_name(ctx),
        };
        let name = self.type_names.claim(wanted);
        self.define(&name, schema, at);
        name
    }

    /// Records the definition of the named type `name`.
    fn define(&mut self, name: &str, schema: &Schema, at: &Pointer) {
        let doc = schema.schema_data.description.clone();
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                let mut scope = Scope::with_reserved(&["Unknown"]);
                let variants = s
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|wire| Variant {
                        wire: wire.to_string(),
                        rust: scope.claim(naming::pascal(wire)),
                    })
                    .collect();
                TypeKind::StringEnum { variants }
            }
            SchemaKind::Type(Type::Integer(i)) => {
                let mut scope = Scope::with_reserved(&["Unknown"]);
                let variants = i
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| {
                        let wanted = if *v < 0 {
                            format!("Minus{}", v.unsigned_abs())
                        } else {
                            format!("V{v}")
                        };
                        (*v, scope.claim(wanted))
                    })
                    .collect();
                TypeKind::IntEnum { variants }
            }
            SchemaKind::Any(any) if !any.one_of.is_empty() || !any.any_of.is_empty() => {
                if !any.properties.is_empty() || !any.all_of.is_empty() {
                    self.error(
                        at,
                        ErrorKind::Unsupported,
                        "`oneOf`/`anyOf` next to `properties` or `allOf` is not supported; put the shared properties in each alternative",
                    );
                    return;
                }
                let (list, keyword) = if any.one_of.is_empty() {
                    (&any.any_of, "anyOf")
                } else {
                    (&any.one_of, "oneOf")
                };
                self.one_of_kind(name, list, keyword, schema, at)
            }
            SchemaKind::OneOf { one_of } => self.one_of_kind(name, one_of, "oneOf", schema, at),
            SchemaKind::AnyOf { any_of } => self.one_of_kind(name, any_of, "anyOf", schema, at),
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => {
                let Some(parts) = self.object_parts(schema, at, 0) else {
                    return;
                };
                let keep_unknown = parts.iter().any(|p| p.keep_unknown);
                let required: Vec<String> = parts
                    .iter()
                    .flat_map(|p| p.required.iter().cloned())
                    .collect();
                let mut scope = Scope::with_reserved(&["extra", "new", "validate"]);
                let mut fields: Vec<Field> = Vec::new();
                for part in &parts {
                    for field in
                        self.fields_in(name, &part.properties, &required, &part.at, &mut scope)
                    {
                        if !fields.iter().any(|f| f.wire == field.wire) {
                            fields.push(field);
                        }
                    }
                }
                TypeKind::Struct {
                    fields,
                    keep_unknown,
                }
            }
            _ => return,
        };
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                doc,
                kind,
                pointer: at.to_string(),
            },
        );
    }

    /// The objects an `allOf` (or a plain object) is made of, with `$ref`s followed, in order.
    fn object_parts(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        depth: usize,
    ) -> Option<Vec<ObjectPart>> {
        if depth > 16 {
            self.error(
                at,
                ErrorKind::BadReference,
                "`allOf` nests or refers to itself too deeply",
            );
            return None;
        }
        let mut parts = Vec::new();
        let (all_of, own): (&[ReferenceOr<Schema>], Option<ObjectPart>) = match &schema.schema_kind
        {
            SchemaKind::AllOf { all_of } => (all_of, None),
            SchemaKind::Any(any) => (
                &any.all_of,
                Some(ObjectPart {
                    properties: any.properties.clone(),
                    required: any.required.clone(),
                    keep_unknown: keeps_unknown(&any.additional_properties),
                    at: at.clone(),
                }),
            ),
            SchemaKind::Type(Type::Object(o)) => (
                &[],
                Some(ObjectPart {
                    properties: o.properties.clone(),
                    required: o.required.clone(),
                    keep_unknown: keeps_unknown(&o.additional_properties),
                    at: at.clone(),
                }),
            ),
            _ => {
                self.error(
                    at,
                    ErrorKind::Unsupported,
                    "every part of an `allOf` must be an object schema",
                );
                return None;
            }
        };
        for (i, part) in all_of.iter().enumerate() {
            let part_at = at.join("allOf").join(i.to_string());
            match part {
                ReferenceOr::Item(s) => parts.extend(self.object_parts(s, &part_at, depth + 1)?),
                ReferenceOr::Reference { reference } => {
                    let target = reference
                        .strip_prefix(SCHEMA_PREFIX)
                        .and_then(|n| self.doc.components.as_ref()?.schemas.get(n));
                    match target {
                        Some(ReferenceOr::Item(s)) => parts.extend(self.object_parts(
                            s,
                            &Pointer::from_ref(reference),
                            depth + 1,
                        )?),
                        _ => {
                            self.error(
                                &part_at.join("$ref"),
                                ErrorKind::BadReference,
                                format!("`{reference}` does not name a schema under #/components/schemas"),
                            );
                            return None;
                        }
                    }
                }
            }
        }
        parts.extend(own);
        Some(parts)
    }

    fn one_of_kind(
        &mut self,
        name: &str,
        list: &[ReferenceOr<Schema>],
        keyword: &str,
        schema: &Schema,
        at: &Pointer,
    ) -> TypeKind {
        let discriminator = schema.schema_data.discriminator.as_ref();
        let mut scope = Scope::with_reserved(&["Unknown"]);
        let mut variants = Vec::new();
        for (i, alternative) in list.iter().enumerate() {
            let alt_at = at.join(keyword).join(i.to_string());
            let title = match alternative {
                ReferenceOr::Item(s) => s.schema_data.title.clone(),
                ReferenceOr::Reference { .. } => None,
            };
            let ctx = format!(
                "{name}{}",
                title
                    .as_deref()
                    .map(naming::pascal)
                    .unwrap_or_else(|| format!("Variant{}", i + 1))
            );
            let Some(ty) = self.schema_ref(alternative, &ctx, &alt_at) else {
                continue;
            };
            let wanted = match &ty {
                TypeRef::Named(n) => n.clone(),
                TypeRef::String | TypeRef::Secret => "String".into(),
                TypeRef::I32 | TypeRef::I64 => "Integer".into(),
                TypeRef::F32 | TypeRef::F64 => "Number".into(),
                TypeRef::Bool => "Boolean".into(),
                TypeRef::Vec(_) => "Array".into(),
                TypeRef::Map(_) | TypeRef::Json => "Object".into(),
            };
            let tag = match (discriminator, alternative) {
                (None, _) => None,
                (Some(d), ReferenceOr::Reference { reference }) => Some(
                    d.mapping
                        .iter()
                        .find(|(_, target)| {
                            *target == reference || reference.ends_with(&format!("/{target}"))
                        })
                        .map(|(value, _)| value.clone())
                        .unwrap_or_else(|| {
                            reference
                                .rsplit('/')
                                .next()
                                .unwrap_or(reference)
                                .to_string()
                        }),
                ),
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
                rust: scope.claim(naming::pascal(&wanted)),
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

    /// The properties at `at` as fields, named within `scope`.
    fn fields_in(
        &mut self,
        owner: &str,
        properties: &indexmap_like::Properties,
        required: &[String],
        at: &Pointer,
        scope: &mut Scope,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for (wire, prop) in properties {
            let prop_at = at.join("properties").join(wire);
            let ctx = format!("{owner}{}", naming::pascal(wire));
            let Some(ty) = self.schema_ref(prop, &ctx, &prop_at) else {
                continue;
            };
            let (nullable, read_only, write_only, doc) = match prop {
                ReferenceOr::Item(s) => (
                    s.schema_data.nullable,
                    s.schema_data.read_only,
                    s.schema_data.write_only,
                    s.schema_data.description.clone(),
                ),
                // Siblings of `$ref` are dropped by the typed parser; read the ones 3.0 tools honour.
                ReferenceOr::Reference { .. } => {
                    let raw = self.raw_at(&prop_at);
                    let flag = |k: &str| {
                        raw.and_then(|v| v.get(k))
                            .and_then(Json::as_bool)
                            .unwrap_or(false)
                    };
                    let doc = raw
                        .and_then(|v| v.get("description"))
                        .and_then(Json::as_str)
                        .map(str::to_string);
                    (flag("nullable"), flag("readOnly"), flag("writeOnly"), doc)
                }
            };
            let default = match prop {
                ReferenceOr::Item(s) => s.schema_data.default.clone(),
                ReferenceOr::Reference { .. } => self
                    .raw_at(&prop_at)
                    .and_then(|v| v.get("default"))
                    .cloned(),
            }
            .filter(|value| !value.is_null());
            let rules = match prop {
                ReferenceOr::Item(s) => string_rules(s),
                ReferenceOr::Reference { .. } => None,
            };
            fields.push(Field {
                rules,
                wire: wire.clone(),
                rust: scope.claim(naming::snake(wire)),
                ty,
                required: required.iter().any(|r| r == wire),
                nullable,
                read_only,
                write_only,
                default,
                boxed: false,
                doc,
            });
        }
        fields
    }
}

/// Marks the fields and alternatives through which a type contains itself directly (not
/// through a list or map, which have a size of their own), so that they are boxed.
fn box_recursive_types(types: &mut BTreeMap<String, TypeDef>) {
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
        let mut seen = std::collections::BTreeSet::new();
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

/// The scheme that every operation requires alone, if there is one.
fn required_scheme(groups: &[Group]) -> Option<usize> {
    let mut ops = groups.iter().flat_map(|g| &g.operations);
    let first = ops.next()?;
    let [only] = first.security.as_slice() else {
        return None;
    };
    let [scheme] = only.as_slice() else {
        return None;
    };
    ops.all(|op| op.security == first.security)
        .then_some(*scheme)
}

/// Whether `name` is a valid HTTP header name (RFC 9110 token characters).
fn reqwest_header_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// The names an operation gets: its method, its builder, and its outcome enum if it needs one.
struct OperationNames {
    name: String,
    builder: String,
    outcome: String,
}

/// What lowering the responses of one operation gives.
struct ResponsesIr {
    success: Success,
    outcomes: Option<(String, Vec<Outcome>)>,
    errors: Vec<(Option<u16>, String)>,
}

/// The outcome variant for a success status: its reason phrase, or `Status{code}`.
fn status_variant(status: u16) -> String {
    match status {
        200 => "Ok".into(),
        201 => "Created".into(),
        202 => "Accepted".into(),
        203 => "NonAuthoritative".into(),
        204 => "NoContent".into(),
        205 => "ResetContent".into(),
        206 => "PartialContent".into(),
        other => format!("Status{other}"),
    }
}

/// Whether an object keeps the properties it does not list (`additionalProperties` set).
fn keeps_unknown(additional: &Option<AdditionalProperties>) -> bool {
    matches!(
        additional,
        Some(AdditionalProperties::Any(true) | AdditionalProperties::Schema(_))
    )
}

/// One object of those an `allOf` merges.
struct ObjectPart {
    properties: indexmap_like::Properties,
    required: Vec<String>,
    keep_unknown: bool,
    at: Pointer,
}

/// Whether a `default` can be written as a value of `ty`.
fn default_fits(value: &Json, ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    match (ty, value) {
        (TypeRef::String, Json::String(_)) | (TypeRef::Bool, Json::Bool(_)) => true,
        (TypeRef::I32, Json::Number(n)) => n.as_i64().is_some_and(|v| i32::try_from(v).is_ok()),
        (TypeRef::I64, Json::Number(n)) => n.as_i64().is_some(),
        (TypeRef::F32 | TypeRef::F64, Json::Number(_)) => true,
        (TypeRef::Named(n), value) => match types.get(n).map(|t| &t.kind) {
            Some(TypeKind::StringEnum { .. }) => value.is_string(),
            Some(TypeKind::IntEnum { .. }) => value.as_i64().is_some(),
            _ => false,
        },
        _ => false,
    }
}

mod indexmap_like {
    /// The property map type `openapiv3` uses.
    pub type Properties =
        indexmap::IndexMap<String, openapiv3::ReferenceOr<Box<openapiv3::Schema>>>;
}

/// The length and pattern rules of a string schema, if it has any.
fn string_rules(schema: &Schema) -> Option<StringRules> {
    let SchemaKind::Type(Type::String(s)) = &schema.schema_kind else {
        return None;
    };
    if s.min_length.is_none() && s.max_length.is_none() && s.pattern.is_none() {
        return None;
    }
    let compiled = s.pattern.as_deref().and_then(crate::pattern::compile);
    // A quantifier such as `{2,5}` bounds the length too; keep the stricter of the two.
    let min_length = match (&compiled, s.min_length) {
        (Some(p), Some(m)) => Some(m.max(p.min)),
        (Some(p), None) if p.min > 0 => Some(p.min),
        (_, m) => m,
    };
    let max_length = match (compiled.as_ref().and_then(|p| p.max), s.max_length) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    Some(StringRules {
        min_length,
        max_length,
        pattern: s.pattern.clone(),
        pattern_ranges: compiled.map(|p| p.ranges),
    })
}

fn unsupported_composition(keyword: &str) -> String {
    format!(
        "`{keyword}` is not supported; supported schemas are objects (with `allOf` merged), \
         `oneOf`/`anyOf`, arrays, maps, string and integer enums, and scalars (string, integer, \
         number, boolean)"
    )
}

fn is_named_kind(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => {
            let lone_ref = a.all_of.len() == 1
                && a.properties.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty();
            !lone_ref
                && (!a.properties.is_empty()
                    || !a.all_of.is_empty()
                    || !a.one_of.is_empty()
                    || !a.any_of.is_empty())
        }
        SchemaKind::AllOf { all_of } => all_of.len() > 1,
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Not { .. } | SchemaKind::Type(_) => false,
    }
}

fn is_scalar(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Secret
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Named(n) => matches!(
            types.get(n).map(|t| &t.kind),
            Some(TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. })
        ),
        _ => false,
    }
}

fn location(p: &Parameter) -> &'static str {
    match p {
        Parameter::Path { .. } => "path",
        Parameter::Query { .. } => "query",
        Parameter::Header { .. } => "header",
        Parameter::Cookie { .. } => "cookie",
    }
}

fn set_location(p: &mut Param, loc: &str) {
    match loc {
        "path" => p.in_path = true,
        "query" => p.in_query = true,
        _ => p.in_header = true,
    }
}

/// Prefers `application/json`, then any other JSON media type (`application/problem+json`).
fn pick_json(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    let is_json = |k: &str| {
        let essence = k
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json")
    };
    content
        .iter()
        .find(|(k, _)| {
            k.split(';')
                .next()
                .is_some_and(|e| e.trim().eq_ignore_ascii_case("application/json"))
        })
        .or_else(|| content.iter().find(|(k, _)| is_json(k)))
        .map(|(k, v)| (k.as_str(), v))
}

/// `https://us.authlete.com` gives `us`.
fn host_label(url: &str) -> Option<String> {
    let host = url.split("://").nth(1)?.split(['/', ':']).next()?;
    let label = host.split('.').next()?;
    (!label.is_empty()).then(|| label.to_string())
}
