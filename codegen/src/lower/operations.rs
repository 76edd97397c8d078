//! Operations: paths and their operations, grouped into handles and named; path templates,
//! request bodies and idempotency. Parameters are in `params`, responses in `responses`.

use super::Lowerer;
use super::responses::pick_json;
use crate::error::{ErrorKind, Pointer};
use crate::ir::{
    Body, BodyKind, FormStyle, Group, Method, Operation, Paging, Param, PathPart, PropertyEncoding,
    Success, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, Scope};
use openapiv3::{PathItem, ReferenceOr};
use serde_json::Value as Json;
use std::collections::BTreeMap;

/// Where one operation is: everything about its place in the document that lowering it reads.
pub(super) struct OperationSite<'d> {
    /// The path template, as written.
    pub(super) path: &'d str,
    pub(super) method: Method,
    pub(super) item: &'d PathItem,
    pub(super) op: &'d openapiv3::Operation,
    /// The pointer to the operation.
    pub(super) at: Pointer,
}

/// The names an operation gets: its method, its builder, and its outcome enum if it needs one.
pub(super) struct OperationNames {
    pub(super) name: String,
    pub(super) builder: String,
    pub(super) outcome: String,
}

/// A group being filled, with the names taken in it.
struct GroupInProgress {
    group: Group,
    /// The types of the group's module: builders and outcome enums.
    types: Scope,
    /// The handle's methods so far, with the pointer of the operation that has each.
    methods: BTreeMap<String, String>,
}

/// The groups met so far, in the order first met.
struct Groups {
    modules: Scope,
    by_key: BTreeMap<String, usize>,
    list: Vec<GroupInProgress>,
}

impl Groups {
    /// The index of the group `key`, which is added (with `doc`) when it is new.
    fn index(&mut self, key: String, doc: impl FnOnce(&str) -> Option<String>) -> usize {
        if let Some(&index) = self.by_key.get(&key) {
            return index;
        }
        let name = self.modules.claim(key.clone());
        let type_name = naming::handle_name(&name);
        let doc = doc(&key);
        self.list.push(GroupInProgress {
            types: Scope::group_types(&type_name),
            methods: BTreeMap::new(),
            group: Group {
                name,
                type_name,
                doc,
                operations: Vec::new(),
            },
        });
        self.by_key.insert(key, self.list.len() - 1);
        self.list.len() - 1
    }
}

/// The operations of a path item, with their methods, in the order a path item lists them.
fn operations_of(item: &PathItem) -> [(Method, &Option<openapiv3::Operation>); 8] {
    [
        (Method::Get, &item.get),
        (Method::Put, &item.put),
        (Method::Post, &item.post),
        (Method::Delete, &item.delete),
        (Method::Options, &item.options),
        (Method::Head, &item.head),
        (Method::Patch, &item.patch),
        (Method::Trace, &item.trace),
    ]
}

impl<'a> Lowerer<'a> {
    /// Every operation of the document, in its group.
    pub(super) fn groups(&mut self) -> Vec<Group> {
        let doc = self.doc;
        let mut groups = Groups {
            modules: Scope::group_modules(),
            by_key: BTreeMap::new(),
            list: Vec::new(),
        };
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
            for (method, op) in operations_of(item) {
                let Some(op) = op else { continue };
                let site = OperationSite {
                    path,
                    method,
                    item,
                    op,
                    at: path_at.join(method.key()),
                };
                self.grouped_operation(&mut groups, &site);
            }
        }
        groups.list.into_iter().map(|g| g.group).collect()
    }

    /// Names the operation at `site` within its group and adds it there.
    fn grouped_operation(&mut self, groups: &mut Groups, site: &OperationSite<'a>) {
        let explicit_group = self.ext_str(&site.at, "x-rust-group");
        let key = naming::group_key(
            explicit_group.as_deref(),
            site.op.tags.first().map(String::as_str),
        );
        let index = groups.index(key, |key| self.tag_doc(key));
        let explicit_name = self.ext_str(&site.at, "x-rust-name");
        let name = naming::operation_name(
            explicit_name.as_deref(),
            site.op.operation_id.as_deref(),
            site.method,
            site.path,
        );
        let group = &mut groups.list[index];
        if let Some(first) = group.methods.get(&name) {
            self.error(
                &site.at,
                ErrorKind::Invalid,
                format!(
                    "two operations of group `{}` are both named `{name}` (the other is at {first}); \
                     give one of them another `operationId` or `x-rust-name`",
                    group.group.name
                ),
            );
            return;
        }
        group.methods.insert(name.clone(), site.at.to_string());
        let builder = group.types.claim(naming::builder_name(&name));
        let outcome = group.types.claim(naming::outcome_enum(&builder));
        let names = OperationNames {
            name,
            builder,
            outcome,
        };
        if let Some(op) = self.operation(site, names) {
            groups.list[index].group.operations.push(op);
        }
    }

    /// The description of the tag a group is named after.
    fn tag_doc(&self, group_key: &str) -> Option<String> {
        self.doc
            .tags
            .iter()
            .find(|t| naming::snake(&t.name) == group_key)
            .and_then(|t| t.description.clone())
    }

    /// One operation, or `None` when any part of it has a problem.
    fn operation(&mut self, site: &OperationSite<'a>, names: OperationNames) -> Option<Operation> {
        let problems_before = self.problems.count();
        let (params, refused) = self.params(site, &names.builder);
        let path_parts = self.path_parts(site.path, &params, &refused, &site.at);
        let body = site
            .op
            .request_body
            .as_ref()
            .and_then(|b| self.body(b, &site.at.join("requestBody"), &names.builder));
        let responses = self.responses(site.op, &site.at.join("responses"), &names);
        let security = self.security(site.op, &site.at);
        let idempotent = self.idempotent(site);
        let paging = self.paging(site, &params);
        if self.problems.count() > problems_before {
            return None;
        }
        let path = path_parts?;
        let responses = responses?;
        Some(Operation {
            name: names.name,
            builder: names.builder,
            operation_id: site.op.operation_id.clone(),
            method: site.method,
            path_template: site.path.to_string(),
            path,
            summary: site.op.summary.clone(),
            description: site.op.description.clone(),
            params,
            body,
            success: responses.success,
            outcomes: responses.outcomes,
            errors: responses.errors,
            deprecated: site.op.deprecated,
            idempotent,
            security,
            pointer: site.at.to_string(),
            paging,
        })
    }

    /// `x-rust-paginate`: an object naming the query parameters of a page's start index
    /// (`start`, inclusive) and end index (`end`, exclusive), and the response properties of
    /// its items (`items`) and, optionally, of the number of items in all (`total`). The
    /// properties are checked once every type is known (`check_paging`).
    fn paging(&mut self, site: &OperationSite<'a>, params: &[Param]) -> Option<Paging> {
        let raw = self.raw_at(&site.at)?.get("x-rust-paginate")?;
        let at = site.at.join("x-rust-paginate");
        let Json::Object(map) = raw else {
            self.error(
                &at,
                ErrorKind::Invalid,
                format!("must be an object naming `start`, `end` and `items`, found `{raw}`"),
            );
            return None;
        };
        let mut ok = true;
        for key in map.keys() {
            if !["start", "end", "items", "total"].contains(&key.as_str()) {
                self.error(
                    &at.join(key),
                    ErrorKind::Invalid,
                    "is not a key of x-rust-paginate (start, end, items, total)",
                );
                ok = false;
            }
        }
        let mut name = |lowerer: &mut Self, key: &str, required: bool| -> Option<String> {
            match map.get(key) {
                Some(Json::String(s)) if !s.is_empty() => Some(s.clone()),
                None if !required => None,
                None => {
                    lowerer.error(&at, ErrorKind::Invalid, format!("needs `{key}`"));
                    ok = false;
                    None
                }
                Some(other) => {
                    lowerer.error(
                        &at.join(key),
                        ErrorKind::Invalid,
                        format!("must be a name, found `{other}`"),
                    );
                    ok = false;
                    None
                }
            }
        };
        let start = name(self, "start", true);
        let end = name(self, "end", true);
        let items = name(self, "items", true);
        let total = name(self, "total", false);
        let index = |lowerer: &mut Self, key: &str, wire: Option<String>| -> Option<usize> {
            let wire = wire?;
            let found = params.iter().position(|p| p.wire == wire && p.in_query);
            match found {
                Some(i)
                    if matches!(
                        params[i].ty,
                        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64
                    ) =>
                {
                    Some(i)
                }
                Some(_) => {
                    lowerer.error(
                        &at.join(key),
                        ErrorKind::Invalid,
                        format!("the query parameter `{wire}` must be an integer"),
                    );
                    None
                }
                None => {
                    lowerer.error(
                        &at.join(key),
                        ErrorKind::Invalid,
                        format!("names `{wire}`, which is not a query parameter of this operation"),
                    );
                    None
                }
            }
        };
        let start = index(self, "start", start);
        let end = index(self, "end", end);
        if let (Some(s), Some(e)) = (start, end) {
            if s == e {
                self.error(
                    &at.join("end"),
                    ErrorKind::Invalid,
                    "names the same parameter as `start`",
                );
                return None;
            }
        }
        if !ok {
            return None;
        }
        Some(Paging {
            start: start?,
            end: end?,
            items: items?,
            total,
            pointer: at.to_string(),
        })
    }

    /// `x-idempotent` when given; otherwise what HTTP says of the method.
    fn idempotent(&mut self, site: &OperationSite<'a>) -> bool {
        match self.raw_at(&site.at).and_then(|v| v.get("x-idempotent")) {
            None => matches!(
                site.method,
                Method::Get
                    | Method::Put
                    | Method::Delete
                    | Method::Head
                    | Method::Options
                    | Method::Trace
            ),
            Some(Json::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &site.at.join("x-idempotent"),
                    ErrorKind::Invalid,
                    format!("must be true or false, found `{other}`"),
                );
                false
            }
        }
    }

    /// The path template as literal text and parameters; every `{name}` must be a declared
    /// path parameter, and every path parameter must appear.
    /// Path parameters that were declared but refused (`refused`) have been reported already:
    /// their place in the template is not reported again.
    fn path_parts(
        &mut self,
        path: &str,
        params: &[Param],
        refused: &[String],
        at: &Pointer,
    ) -> Option<Vec<PathPart>> {
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
                None if refused.iter().any(|r| r == name || r == "*") => ok = false,
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

    /// The request body: JSON when offered, else a form.
    pub(super) fn body(
        &mut self,
        body: &ReferenceOr<openapiv3::RequestBody>,
        at: &Pointer,
        builder: &str,
    ) -> Option<Body> {
        let (body, at) = self.resolve(body, at, "requestBodies", "a request body", |c| {
            &c.request_bodies
        })?;
        let essence = |k: &str| {
            k.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        };
        let find = |wanted: &dyn Fn(&str) -> bool| {
            body.content
                .iter()
                .find(|(k, _)| wanted(&essence(k)))
                .map(|(k, m)| (k.as_str(), m))
        };
        let chosen = pick_json(&body.content)
            .map(|(k, m)| (k, m, BodyKind::Json))
            .or_else(|| {
                find(&|e| e == "application/x-www-form-urlencoded")
                    .map(|(k, m)| (k, m, BodyKind::Form))
            })
            .or_else(|| {
                find(&|e| e == "multipart/form-data").map(|(k, m)| (k, m, BodyKind::Multipart))
            })
            .or_else(|| find(&|e| e.starts_with("text/")).map(|(k, m)| (k, m, BodyKind::Text)))
            .or_else(|| {
                find(&|e| !e.starts_with("multipart/")).map(|(k, m)| (k, m, BodyKind::Binary))
            });
        let Some((content_type, media, kind)) = chosen else {
            let offered: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.error(
                &at.join("content"),
                ErrorKind::Unsupported,
                format!(
                    "request bodies may be JSON, forms (`application/x-www-form-urlencoded` or `multipart/form-data`), text or bytes; this one offers only {offered:?}"
                ),
            );
            return None;
        };
        let schema_at = at.join("content").join(content_type).join("schema");
        let ty = match (&media.schema, kind) {
            // Text and bytes are taken as they are, whatever the schema says about them.
            (_, BodyKind::Text | BodyKind::Binary) => TypeRef::String,
            (Some(s), _) => self.schema_ref(s, &naming::request_type(builder), &schema_at)?,
            (None, _) => TypeRef::Json,
        };
        if kind == BodyKind::Multipart {
            let is_struct = matches!(&ty, TypeRef::Named(n) if matches!(
                self.types.get(n).map(|t| &t.kind),
                Some(TypeKind::Struct { .. })
            ));
            if !is_struct {
                self.error(
                    &schema_at,
                    ErrorKind::Unsupported,
                    "a `multipart/form-data` body must be an object with properties: each property is a part",
                );
                return None;
            }
        }
        let encoding_at = at.join("content").join(content_type).join("encoding");
        let encoding = self.body_encoding(media, kind, &ty, &encoding_at)?;
        let content_type = match kind {
            BodyKind::Form => "application/x-www-form-urlencoded".to_string(),
            BodyKind::Multipart => "multipart/form-data".to_string(),
            BodyKind::Binary if essence(content_type).contains('*') => {
                "application/octet-stream".to_string()
            }
            _ => content_type.to_string(),
        };
        Some(Body {
            ty,
            required: body.required,
            doc: body.description.clone(),
            content_type,
            kind,
            validate: false,
            encoding,
        })
    }

    /// What the `encoding` of a form or multipart body says of its properties; it has no
    /// effect on other bodies. A part content type that could break the part's head is
    /// refused.
    fn body_encoding(
        &mut self,
        media: &openapiv3::MediaType,
        kind: BodyKind,
        ty: &TypeRef,
        at: &Pointer,
    ) -> Option<Vec<PropertyEncoding>> {
        if !matches!(kind, BodyKind::Form | BodyKind::Multipart) {
            return Some(Vec::new());
        }
        let fields = match ty {
            TypeRef::Named(n) => match self.types.get(n).map(|t| &t.kind) {
                Some(TypeKind::Struct { fields, .. }) => Some(fields.clone()),
                _ => None,
            },
            _ => None,
        };
        let mut list = Vec::new();
        let mut ok = true;
        for (name, encoding) in &media.encoding {
            let here = at.join(name);
            let field = fields
                .as_ref()
                .map(|fields| fields.iter().find(|f| f.wire == *name));
            if let Some(None) = field {
                self.error(
                    &here,
                    ErrorKind::Invalid,
                    format!("`{name}` is not a property of this body; `encoding` describes the body's properties"),
                );
                ok = false;
                continue;
            }
            // A list of types (`image/png, image/jpeg`) offers several: the first is sent. A
            // range (`image/*`) names no type to send: the part's own, or the default, is.
            let content_type = encoding
                .content_type
                .as_deref()
                .and_then(|t| t.split(',').next())
                .map(str::trim)
                .filter(|t| !t.is_empty() && !t.contains('*'));
            if content_type.is_some_and(|t| t.chars().any(char::is_control)) {
                self.error(
                    &here.join("contentType"),
                    ErrorKind::Invalid,
                    "a content type cannot contain control characters such as line breaks",
                );
                ok = false;
                continue;
            }
            if let Some(t) = content_type.filter(|t| !is_media_type(t)) {
                self.error(
                    &here.join("contentType"),
                    ErrorKind::Invalid,
                    format!("`{t}` is not a media type such as `image/png` or `application/json`"),
                );
                ok = false;
                continue;
            }
            let is_json = content_type.is_some_and(|t| {
                let essence = t
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                essence == "application/json" || essence.ends_with("+json")
            });
            // `explode` defaults to true for `style: form` only; the parsed document cannot
            // tell a missing `explode` from `false`, so it is read from the text.
            let explode = self
                .raw_at(&here)
                .and_then(|v| v.get("explode"))
                .and_then(serde_json::Value::as_bool);
            // A part that is neither text nor a file is written as JSON, so only a JSON type
            // describes it.
            let json_part = kind == BodyKind::Multipart
                && field
                    .flatten()
                    .is_some_and(|f| !is_text_or_file(&f.ty, &self.types));
            if json_part && content_type.is_some() && !is_json {
                self.error(
                    &here.join("contentType"),
                    ErrorKind::Unsupported,
                    format!(
                        "this part is neither text nor a file, so it is sent as JSON, which `{}` does not describe",
                        content_type.unwrap_or_default()
                    ),
                );
                ok = false;
                continue;
            }
            let form = if is_json {
                Some(FormStyle::Json)
            } else if encoding.style.is_some() || explode.is_some() {
                use openapiv3::QueryStyle as Q;
                let style = encoding.style.clone().unwrap_or(Q::Form);
                let explode = explode.unwrap_or(style == Q::Form);
                Some(match style {
                    Q::DeepObject => FormStyle::Deep,
                    Q::SpaceDelimited if !explode => FormStyle::Spaces,
                    Q::PipeDelimited if !explode => FormStyle::Pipes,
                    Q::Form => FormStyle::Form { explode },
                    _ => FormStyle::Form { explode: true },
                })
            } else {
                None
            };
            let entry = match kind {
                BodyKind::Form => PropertyEncoding {
                    name: name.clone(),
                    form,
                    content_type: None,
                },
                _ => PropertyEncoding {
                    name: name.clone(),
                    form: None,
                    content_type: content_type.map(str::to_string),
                },
            };
            if entry.form.is_some() || entry.content_type.is_some() {
                list.push(entry);
            }
        }
        ok.then_some(list)
    }
}

/// Whether `text` reads as a media type: `type/subtype`, each a token, with parameters after
/// `;`.
fn is_media_type(text: &str) -> bool {
    let token = |t: &str| {
        !t.is_empty()
            && t.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
    };
    let essence = text.split(';').next().unwrap_or("").trim();
    matches!(essence.split_once('/'), Some((kind, sub)) if token(kind) && token(sub))
}

/// Whether a multipart part of type `ty` is text or a file (anything else is sent as JSON).
fn is_text_or_file(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    // As the multipart writer decides: a scalar, an enum, a secret or a file, or a list of
    // those (each item its own part); anything else, lists of lists included, is JSON.
    let one = |ty: &TypeRef| {
        super::params::plain_scalar(ty)
            || matches!(ty, TypeRef::Secret | TypeRef::Binary)
            || matches!(ty, TypeRef::Named(n) if matches!(
                types.get(n).map(|t| &t.kind),
                Some(TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. })
            ))
    };
    match ty {
        TypeRef::Vec(item) => one(item),
        ty => one(ty),
    }
}

/// Records what emitting operations needs to know about the types they use, once every type
/// is defined and marked: which bodies validate, which parameters are string enums.
pub(super) fn mark_types(groups: &mut [Group], types: &BTreeMap<String, TypeDef>) {
    let validates = |ty: &TypeRef| match ty {
        TypeRef::Named(n) => types.get(n).is_some_and(|t| t.validates),
        _ => false,
    };
    let string_enum = |ty: &TypeRef| {
        let scalar = match ty {
            TypeRef::Vec(item) => item,
            ty => ty,
        };
        match scalar {
            TypeRef::Named(n) => types
                .get(n)
                .is_some_and(|t| matches!(t.kind, TypeKind::StringEnum { .. })),
            _ => false,
        }
    };
    for op in groups.iter_mut().flat_map(|g| &mut g.operations) {
        if let Some(body) = &mut op.body {
            body.validate = validates(&body.ty);
        }
        for param in &mut op.params {
            param.string_enum = string_enum(&param.ty);
        }
    }
}

/// Checks the response side of every `x-rust-paginate`, once every type is known: the
/// operation answers with one JSON object type, `items` is a list property of it, and
/// `total`, if named, an integer property.
pub(super) fn check_paging(
    groups: &[Group],
    types: &BTreeMap<String, TypeDef>,
    problems: &mut super::Problems,
) {
    for op in groups.iter().flat_map(|g| &g.operations) {
        let Some(paging) = &op.paging else { continue };
        let at = Pointer::from_document(&paging.pointer);
        let fields = match (&op.success, &op.outcomes) {
            (Success::Json(TypeRef::Named(name)), None) => match types.get(name).map(|t| &t.kind) {
                Some(TypeKind::Struct { fields, .. }) => Some(fields),
                _ => None,
            },
            _ => None,
        };
        let Some(fields) = fields else {
            problems.report(
                &at,
                ErrorKind::Invalid,
                "needs an operation whose successes all answer with one JSON object type",
            );
            continue;
        };
        match fields.iter().find(|f| f.wire == paging.items) {
            Some(f) if matches!(f.ty, TypeRef::Vec(_)) => {}
            Some(_) => problems.report(
                &at.join("items"),
                ErrorKind::Invalid,
                format!("the response property `{}` must be a list", paging.items),
            ),
            None => problems.report(
                &at.join("items"),
                ErrorKind::Invalid,
                format!(
                    "names `{}`, which is not a property of the response",
                    paging.items
                ),
            ),
        }
        if let Some(total) = &paging.total {
            match fields.iter().find(|f| &f.wire == total) {
                Some(f)
                    if matches!(
                        f.ty,
                        TypeRef::I32 | TypeRef::I64 | TypeRef::U32 | TypeRef::U64
                    ) => {}
                Some(_) => problems.report(
                    &at.join("total"),
                    ErrorKind::Invalid,
                    format!("the response property `{total}` must be an integer"),
                ),
                None => problems.report(
                    &at.join("total"),
                    ErrorKind::Invalid,
                    format!("names `{total}`, which is not a property of the response"),
                ),
            }
        }
    }
}
