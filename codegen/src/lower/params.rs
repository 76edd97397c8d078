//! Parameters: those of the path item and the operation merged, checked to be scalars (or
//! lists of scalars where the wire allows them), and named as builder inputs.

use super::Lowerer;
use super::operations::OperationSite;
use crate::error::{ErrorKind, Pointer};
use crate::ir::{Param, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, Scope};
use openapiv3::{Parameter, ParameterSchemaOrContent};
use std::collections::BTreeMap;

/// Where a parameter is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Location {
    Path,
    Query,
    Header,
    Cookie,
}

impl Location {
    fn of(p: &Parameter) -> Self {
        match p {
            Parameter::Path { .. } => Location::Path,
            Parameter::Query { .. } => Location::Query,
            Parameter::Header { .. } => Location::Header,
            Parameter::Cookie { .. } => Location::Cookie,
        }
    }

    /// How the document names the location, for messages.
    fn name(self) -> &'static str {
        match self {
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            Location::Cookie => "cookie",
        }
    }

    /// Whether `param` is sent here.
    fn is_on(self, param: &Param) -> bool {
        match self {
            Location::Path => param.in_path,
            Location::Query => param.in_query,
            Location::Header | Location::Cookie => param.in_header,
        }
    }

    /// Marks `param` as sent here too.
    fn set_on(self, param: &mut Param) {
        match self {
            Location::Path => param.in_path = true,
            Location::Query => param.in_query = true,
            Location::Header | Location::Cookie => param.in_header = true,
        }
    }
}

/// One declared parameter, checked: what it adds to the operation's inputs.
struct Checked {
    ty: TypeRef,
    location: Location,
    explode: bool,
    required: bool,
    object: bool,
    deep: bool,
}

impl<'a> Lowerer<'a> {
    /// The operation's parameters; one entry per name and location. Also the names of the path parameters that were refused (and reported).
    pub(super) fn params(
        &mut self,
        site: &OperationSite<'a>,
        builder: &str,
    ) -> (Vec<Param>, Vec<String>) {
        let mut scope = Scope::request_inputs();
        let mut params: Vec<Param> = Vec::new();
        let mut refused = Vec::new();
        self.unresolved_params = false;
        let declared = self.declared_params(site);
        if self.unresolved_params {
            // A parameter that could not be read may be any path parameter.
            refused.push(String::from("*"));
        }
        // A parameter marked `x-rust-same-value` sends the value of the parameter of its
        // name declared in another location: the two are one input.
        let same_value: Vec<bool> = declared
            .iter()
            .map(|(ptr, _)| self.same_value(ptr))
            .collect();
        // Any other name declared in several locations (a path `id` and a header `id`) is one
        // input per location: the path's keeps the plain name (else the query's), the others
        // are suffixed with where they go (`id_header`).
        let plain_location = |name: &str| {
            [Location::Path, Location::Query, Location::Header]
                .into_iter()
                .find(|l| {
                    declared.iter().zip(&same_value).any(|((_, d), same)| {
                        !same && d.parameter_data_ref().name == name && Location::of(d) == *l
                    })
                })
        };
        let mut repeats = Vec::new();
        for ((ptr, p), same) in declared.iter().zip(&same_value) {
            let (ptr, p) = (ptr, *p);
            let Some(checked) = self.check_param(ptr, p, builder) else {
                if Location::of(p) == Location::Path {
                    refused.push(p.parameter_data_ref().name.clone());
                }
                continue;
            };
            let data = p.parameter_data_ref();
            if *same {
                repeats.push((ptr.clone(), data, checked));
                continue;
            }
            let rust = if plain_location(&data.name) == Some(checked.location) {
                naming::snake(&data.name)
            } else {
                naming::located_param(&data.name, checked.location.name())
            };
            params.push(new_param(data, checked, scope.claim(rust)));
        }
        let mut told: Vec<String> = Vec::new();
        for (ptr, data, checked) in repeats {
            let name = &data.name;
            let location = checked.location;
            let partner = params
                .iter_mut()
                .find(|q| q.wire == *name && !location.is_on(q));
            let problem = match partner {
                Some(first) if first.ty == checked.ty => {
                    first.required |= checked.required;
                    location.set_on(first);
                    continue;
                }
                Some(_) => (
                    ptr.join("schema"),
                    format!(
                        "parameter `{name}` takes the value of the one declared in another location, so it must have the same type"
                    ),
                ),
                None => (
                    ptr.join("x-rust-same-value"),
                    format!(
                        "no parameter `{name}` without `x-rust-same-value` is declared in another location to give the value"
                    ),
                ),
            };
            if !told.contains(name) {
                told.push(name.clone());
                self.error(&problem.0, ErrorKind::Invalid, problem.1);
            }
            // Reported; kept as an input of its own so that nothing else is reported for it.
            let rust = naming::located_param(name, location.name());
            params.push(new_param(data, checked, scope.claim(rust)));
        }
        (params, refused)
    }

    /// The parameters that apply, with where each is declared: those of the path item,
    /// unless the operation declares the same name and location, then the operation's.
    fn declared_params(&mut self, site: &OperationSite<'a>) -> Vec<(Pointer, &'a Parameter)> {
        let item_at = Pointer::root()
            .join("paths")
            .join(site.path)
            .join("parameters");
        let op_at = site.at.join("parameters");
        let mut resolved = Vec::new();
        let lists = [
            (&site.item.parameters, &item_at, false),
            (&site.op.parameters, &op_at, true),
        ];
        for (list, list_at, from_op) in lists {
            for (i, p) in list.iter().enumerate() {
                let at = list_at.join(i.to_string());
                match self.resolve(p, &at, "parameters", "a parameter", |c| &c.parameters) {
                    Some((p, ptr)) => resolved.push((ptr, p, from_op)),
                    // Reported where the reference is; what it would have declared is unknown.
                    None => self.unresolved_params = true,
                }
            }
        }
        // Header names are the same whatever their case.
        let key = |p: &Parameter| {
            let name = &p.parameter_data_ref().name;
            let name = match Location::of(p) {
                Location::Header => name.to_ascii_lowercase(),
                _ => name.clone(),
            };
            (name, Location::of(p))
        };
        let mut declared: Vec<(Pointer, &Parameter, bool)> = Vec::new();
        for (ptr, p, from_op) in resolved {
            match declared.iter().position(|(_, d, _)| key(d) == key(p)) {
                // One list may not declare a name and location twice.
                Some(existing) if declared[existing].2 == from_op => self.error(
                    &ptr,
                    ErrorKind::Invalid,
                    format!(
                        "the {} parameter `{}` is declared twice in this list",
                        Location::of(p).name(),
                        p.parameter_data_ref().name
                    ),
                ),
                Some(existing) if from_op => declared[existing] = (ptr, p, true),
                Some(_) => {}
                None => declared.push((ptr, p, from_op)),
            }
        }
        declared.into_iter().map(|(ptr, p, _)| (ptr, p)).collect()
    }

    /// Checks the parameter components no operation uses, as if one did.
    pub(super) fn check_unused_parameters(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        for (name, p) in &components.parameters {
            let at = super::refs::component_at("parameters", name);
            if self.used_components.contains(at.as_str()) {
                continue;
            }
            if let Some((p, ptr)) =
                self.resolve(p, &at, "parameters", "a parameter", |c| &c.parameters)
            {
                self.check_param(&ptr, p, "Unused");
            }
        }
    }

    /// Whether the parameter at `ptr` says `x-rust-same-value: true`; another value there is
    /// reported.
    fn same_value(&mut self, ptr: &Pointer) -> bool {
        match self.raw_at(ptr).and_then(|v| v.get("x-rust-same-value")) {
            None => false,
            Some(serde_json::Value::Bool(b)) => *b,
            Some(other) => {
                self.error(
                    &ptr.join("x-rust-same-value"),
                    ErrorKind::Invalid,
                    format!("must be `true` or `false`, found `{other}`"),
                );
                false
            }
        }
    }

    /// Checks one parameter: where it is sent, that its schema is something that can be sent
    /// there, and how a list is written.
    fn check_param(&mut self, ptr: &Pointer, p: &Parameter, builder: &str) -> Option<Checked> {
        self.used_components.insert(ptr.to_string());
        let data = p.parameter_data_ref();
        let location = Location::of(p);
        if location == Location::Cookie {
            self.error(
                ptr,
                ErrorKind::Unsupported,
                "cookie parameters are not supported; use path, query or header",
            );
            return None;
        }
        if location == Location::Header && !super::servers::header_name_ok(&data.name) {
            self.error(
                &ptr.join("name"),
                ErrorKind::Invalid,
                format!("`{}` is not a valid header name", data.name.escape_debug()),
            );
            return None;
        }
        if let Parameter::Path { style, .. } = p {
            if *style != openapiv3::PathStyle::Simple {
                self.error(
                    &ptr.join("style"),
                    ErrorKind::Unsupported,
                    "path parameters support `style: simple` (the default); `matrix` and `label` are not supported",
                );
                return None;
            }
        }
        let schema = match &data.format {
            ParameterSchemaOrContent::Schema(s) => s,
            ParameterSchemaOrContent::Content(_) => {
                self.error(
                    &ptr.join("content"),
                    ErrorKind::Unsupported,
                    "parameters with `content` are not supported; use `schema`",
                );
                return None;
            }
        };
        let context = naming::param_type(builder, &data.name);
        let ty = self.schema_ref(schema, &context, &ptr.join("schema"))?;
        let ty = one_or_many(without_null(ty), &self.types);
        let list_of_scalars = matches!(&ty, TypeRef::Vec(item) if is_scalar(item, &self.types));
        let object = location == Location::Query && is_object(&ty, &self.types);
        let allowed = is_scalar(&ty, &self.types)
            || (list_of_scalars && location != Location::Path)
            || object;
        if !allowed {
            let what = match location {
                Location::Query => {
                    "scalars (string, integer, number, boolean, an enum, or a `oneOf` of those), arrays of scalars, or objects"
                }
                Location::Header => {
                    "scalars (string, integer, number, boolean, an enum, or a `oneOf` of those) or arrays of scalars"
                }
                _ => "scalars (string, integer, number, boolean, an enum, or a `oneOf` of those)",
            };
            self.error(
                &ptr.join("schema"),
                ErrorKind::Unsupported,
                format!("{} parameters must be {what}", location.name()),
            );
            return None;
        }
        // Query lists and objects: `style: form` (the default) with or without `explode`, or
        // `deepObject`. Header lists are always joined with commas.
        let (explode, deep) = match p {
            Parameter::Query { style, .. } if list_of_scalars || object => match style {
                openapiv3::QueryStyle::Form => (data.explode.unwrap_or(true), false),
                openapiv3::QueryStyle::DeepObject => (true, true),
                _ => {
                    self.error(
                        &ptr.join("style"),
                        ErrorKind::Unsupported,
                        "array and object query parameters support `style: form` (with or without `explode`) and `deepObject`",
                    );
                    return None;
                }
            },
            _ => (false, false),
        };
        Some(Checked {
            ty,
            location,
            explode,
            required: data.required || location == Location::Path,
            object,
            deep,
        })
    }
}

/// The input for a checked parameter, named `rust`.
fn new_param(data: &openapiv3::ParameterData, checked: Checked, rust: String) -> Param {
    let mut param = Param {
        wire: data.name.clone(),
        rust,
        in_path: false,
        in_query: false,
        in_header: false,
        required: checked.required,
        ty: checked.ty,
        explode: checked.explode,
        doc: data.description.clone(),
        string_enum: false,
        object: checked.object,
        deep: checked.deep,
    };
    checked.location.set_on(&mut param);
    param
}

/// A parameter's type without `null` in its list: no `null` can be sent in a path, a query or
/// a header.
fn without_null(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Nullable(inner) => without_null(*inner),
        TypeRef::Vec(item) => TypeRef::Vec(Box::new(without_null(*item))),
        ty => ty,
    }
}

/// A `oneOf` of a scalar and a list of that scalar (one value or many) is, as an input, the
/// list: one value is a list of one.
fn one_or_many(ty: TypeRef, types: &BTreeMap<String, TypeDef>) -> TypeRef {
    let TypeRef::Named(name) = &ty else {
        return ty;
    };
    if let Some(TypeKind::OneOf {
        variants,
        discriminator: None,
    }) = types.get(name).map(|t| &t.kind)
    {
        if let [a, b] = variants.as_slice() {
            for (one, many) in [(a, b), (b, a)] {
                if let TypeRef::Vec(item) = &many.ty {
                    if **item == one.ty && is_scalar(&one.ty, types) {
                        return many.ty.clone();
                    }
                }
            }
        }
    }
    ty
}

/// Whether `ty` is an object sent as its properties: a struct or a map, or a `oneOf` of
/// objects and scalars (Stripe's `created`: a range object or one timestamp), whose scalar
/// alternatives are sent as one value.
fn is_object(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    let object = |ty: &TypeRef| match ty {
        TypeRef::Map(value) => is_scalar(value, types),
        TypeRef::Named(n) => matches!(types.get(n).map(|t| &t.kind), Some(TypeKind::Struct { .. })),
        _ => false,
    };
    match ty {
        TypeRef::Named(n) => match types.get(n).map(|t| &t.kind) {
            Some(TypeKind::OneOf {
                variants,
                discriminator: None,
            }) => {
                variants.iter().any(|v| object(&v.ty))
                    && variants
                        .iter()
                        .all(|v| object(&v.ty) || is_scalar(&v.ty, types))
            }
            _ => object(ty),
        },
        _ => object(ty),
    }
}

/// Whether `ty` is a scalar: a string, number or boolean, or an enum of them.
fn is_scalar(ty: &TypeRef, types: &BTreeMap<String, TypeDef>) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Secret
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Named(n) => match types.get(n).map(|t| &t.kind) {
            Some(TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. }) => true,
            // A `oneOf` of plain scalars (an ID that is a number or a name) has a `Display`.
            Some(TypeKind::OneOf {
                variants,
                discriminator: None,
            }) => variants.iter().all(|v| {
                plain_scalar(&v.ty)
                    || matches!(&v.ty, TypeRef::Named(inner) if matches!(
                        types.get(inner).map(|t| &t.kind),
                        Some(TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. })
                    ))
            }),
            _ => false,
        },
        _ => false,
    }
}

/// Whether `ty` is a string, number or boolean (not an enum).
pub(crate) fn plain_scalar(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::U32
            | TypeRef::U64
            | TypeRef::F32
            | TypeRef::F64
    )
}
