//! Schemas: which schemas become named types and what they are called, and schemas (or
//! references to them) as type references. The kinds of named type are in the submodules:
//! `objects` (structs, with `allOf` merged), `composition` (`oneOf`/`anyOf`), `enums`; the
//! passes over all types once they are defined are `cycles` (boxing), `defaults` and
//! `validation`.

mod composition;
pub(super) mod cycles;
pub(super) mod defaults;
mod enums;
mod objects;
pub(super) mod validation;

use super::Lowerer;
use super::refs::{SCHEMA_PREFIX, component_at};
use crate::error::{ErrorKind, Pointer};
use crate::ir::{TypeDef, TypeKind, TypeRef};
use crate::naming;
use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind, Type,
    VariantOrUnknownOrEmpty,
};

/// How many `$ref`s may be followed in a row without reaching a named type.
const MAX_REF_DEPTH: usize = 32;

impl Lowerer<'_> {
    /// Names every component schema that becomes a named type, then defines them, so that
    /// references (even from earlier in the document) resolve to their names.
    pub(in crate::lower) fn component_schemas(&mut self) {
        let Some(components) = self.doc.components.as_ref() else {
            return;
        };
        for (name, schema) in &components.schemas {
            let ReferenceOr::Item(schema) = schema else {
                continue;
            };
            if !is_named_kind(schema) && !self.contains_itself(name) {
                continue;
            }
            let at = component_at("schemas", name);
            let explicit = self.ext_str(&at, "x-rust-name");
            let rust = self
                .type_names
                .claim(naming::schema_type(explicit.as_deref(), name));
            self.component_types.insert(name.clone(), rust);
        }
        for (name, schema) in &components.schemas {
            if let Some(rust) = self.component_types.get(name).cloned() {
                if let ReferenceOr::Item(schema) = schema {
                    self.define(&rust, schema, &component_at("schemas", name));
                }
            }
        }
        // The other component schemas stand for what they refer to or contain (a list, a
        // scalar, another schema): they are lowered too, so that a broken one is reported
        // whether or not anything uses it, and what they contain is named after them.
        for (name, schema) in &components.schemas {
            if self.component_types.contains_key(name) {
                continue;
            }
            let at = component_at("schemas", name);
            self.schema_ref(schema, &naming::schema_type(None, name), &at);
        }
    }

    /// Whether the component schema `name`, which is not itself a named type, contains
    /// itself through schemas that are not named types either (`Tree: {type: array, items:
    /// {$ref: Tree}}`): it then needs a name, or its type would be infinite.
    fn contains_itself(&self, name: &str) -> bool {
        fn refs<'j>(value: &'j serde_json::Value, out: &mut Vec<&'j str>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (key, v) in map {
                        match (key.as_str(), v) {
                            ("$ref", serde_json::Value::String(r)) => out.push(r),
                            ("example" | "examples" | "default" | "enum", _) => {}
                            _ => refs(v, out),
                        }
                    }
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, out)),
                _ => {}
            }
        }
        let is_alias = |n: &str| {
            matches!(self.component_schema(n), Some(ReferenceOr::Item(s)) if !is_named_kind(s))
                || matches!(
                    self.component_schema(n),
                    Some(ReferenceOr::Reference { .. })
                )
        };
        let mut seen = std::collections::BTreeSet::new();
        let mut stack = vec![name.to_string()];
        while let Some(current) = stack.pop() {
            let Some(raw) = self.raw_at(&component_at("schemas", &current)) else {
                continue;
            };
            let mut found = Vec::new();
            refs(raw, &mut found);
            for reference in found {
                let Some(target) = reference.strip_prefix(SCHEMA_PREFIX) else {
                    continue;
                };
                if target == name {
                    return true;
                }
                if is_alias(target) && seen.insert(target.to_string()) {
                    stack.push(target.to_string());
                }
            }
        }
        false
    }

    /// `ty`, as `Option` when the schema of a list's items or a map's values allows `null`:
    /// it says `nullable` itself, beside its `$ref`, in an `allOf` part that only adjusts, or
    /// the component it refers to does. A free-form value holds `null` already.
    fn nullable_if<S: std::borrow::Borrow<Schema>>(
        &self,
        s: &ReferenceOr<S>,
        at: &Pointer,
        ty: TypeRef,
    ) -> TypeRef {
        let nullable = match s {
            ReferenceOr::Item(schema) => self.nullable_schema(schema.borrow(), at, 0),
            ReferenceOr::Reference { reference } => self.nullable_ref(reference, at, 0),
        };
        if ty == TypeRef::Json || !nullable {
            return ty;
        }
        TypeRef::Nullable(Box::new(ty))
    }

    fn nullable_schema(&self, schema: &Schema, at: &Pointer, depth: usize) -> bool {
        let all_of = match &schema.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::Any(any) => any.all_of.as_slice(),
            _ => &[],
        };
        schema.schema_data.nullable
            || all_of.iter().any(|part| match part {
                ReferenceOr::Item(p) if is_adjustment(p) => p.schema_data.nullable,
                _ => false,
            })
            || substance(all_of).is_some_and(|(i, only)| match only {
                ReferenceOr::Item(s) => self.nullable_schema(s, at, depth + 1),
                ReferenceOr::Reference { reference } => {
                    self.nullable_ref(reference, &at.join("allOf").join(i.to_string()), depth + 1)
                }
            })
    }

    fn nullable_ref(&self, reference: &str, at: &Pointer, depth: usize) -> bool {
        if depth > MAX_REF_DEPTH {
            return false;
        }
        let beside = self
            .raw_at(at)
            .and_then(|v| v.get("nullable"))
            .and_then(serde_json::Value::as_bool)
            .unwrap_or(false);
        let target_at = Pointer::from_ref(reference);
        beside
            || match reference
                .strip_prefix(SCHEMA_PREFIX)
                .and_then(|name| self.component_schema(name))
            {
                Some(ReferenceOr::Item(s)) => self.nullable_schema(s, &target_at, depth + 1),
                Some(ReferenceOr::Reference { reference: next }) => {
                    self.nullable_ref(next, &target_at, depth + 1)
                }
                None => false,
            }
    }

    /// Lowers a schema or a reference to one. `context` names the type an inline object or
    /// enum gets.
    pub(in crate::lower) fn schema_ref<S: std::borrow::Borrow<Schema>>(
        &mut self,
        s: &ReferenceOr<S>,
        context: &str,
        at: &Pointer,
    ) -> Option<TypeRef> {
        let reference = match s {
            ReferenceOr::Item(schema) => return self.schema(schema.borrow(), context, at),
            ReferenceOr::Reference { reference } => reference,
        };
        let name = match reference.strip_prefix(SCHEMA_PREFIX) {
            Some(name) if !name.contains('/') => name,
            // A pointer into this document other than a component schema: into a
            // property, a response's content, another component's inside.
            _ if reference.starts_with('#') => {
                return self.interior_schema(reference, context, at);
            }
            _ => {
                self.error(
                    &at.join("$ref"),
                    ErrorKind::BadReference,
                    format!("`{reference}` is in another file; only references inside this document are supported"),
                );
                return None;
            }
        };
        if let Some(rust) = self.component_types.get(name) {
            return Some(TypeRef::Named(rust.clone()));
        }
        match self.component_schema(name) {
            Some(target) if self.depth < MAX_REF_DEPTH => {
                self.depth += 1;
                let out = self.schema_ref(target, context, &Pointer::from_ref(reference));
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

    /// The schema at the local pointer `reference`, which is not a component schema itself
    /// (`#/components/responses/X/content/application~1json/schema`,
    /// `#/components/schemas/A/properties/b`). It is lowered once; later references share
    /// its type.
    fn interior_schema(&mut self, reference: &str, context: &str, at: &Pointer) -> Option<TypeRef> {
        if let Some(known) = self.interior.get(reference) {
            return Some(known.clone());
        }
        let target = Pointer::from_ref(reference);
        let wrong_kind = match super::refs::component_kind(target.as_str()) {
            Some(kind) => Some(format!(
                "`{reference}` is {kind}, where a schema is expected"
            )),
            None if !target.as_str().starts_with("#/components/")
                && !target.as_str().starts_with("#/paths/") =>
            {
                Some(format!(
                    "`{reference}` is not a schema: schemas are under #/components/schemas, or inside operations and components"
                ))
            }
            None => None,
        };
        if let Some(message) = wrong_kind {
            self.error(&at.join("$ref"), ErrorKind::BadReference, message);
            return None;
        }
        let Some(raw) = self.raw_at(&target) else {
            self.error(
                &at.join("$ref"),
                ErrorKind::BadReference,
                format!("`{reference}` points at nothing in this document"),
            );
            return None;
        };
        let schema: ReferenceOr<Schema> = match serde_json::from_value(raw.clone()) {
            Ok(schema) => schema,
            Err(e) => {
                self.error(
                    &at.join("$ref"),
                    ErrorKind::BadReference,
                    format!("`{reference}` does not point at a schema: {e}"),
                );
                return None;
            }
        };
        if self.depth >= MAX_REF_DEPTH {
            self.error(
                &at.join("$ref"),
                ErrorKind::BadReference,
                format!("`{reference}` is part of a reference cycle"),
            );
            return None;
        }
        // Named after what it is inside, such as the property it describes.
        let segments: Vec<&str> = reference.split('/').filter(|s| !s.is_empty()).collect();
        let named = segments
            .iter()
            .rev()
            .find(|s| {
                !matches!(
                    **s,
                    "schema" | "items" | "content" | "properties" | "additionalProperties"
                ) && !s.contains('~')
            })
            .map(|s| naming::pascal(s))
            .unwrap_or_else(|| context.to_string());
        self.depth += 1;
        let out = self.schema_ref(&schema, &named, &target);
        self.depth -= 1;
        if let Some(ty) = &out {
            self.interior.insert(reference.to_string(), ty.clone());
        }
        out
    }

    /// Lowers a schema: scalars and containers directly, objects and enums as named types.
    fn schema(&mut self, schema: &Schema, context: &str, at: &Pointer) -> Option<TypeRef> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                if s.enumeration.iter().any(Option::is_some) {
                    self.define_inline(context, schema, at)
                } else if s.format
                    == VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Password)
                {
                    Some(TypeRef::Secret)
                } else {
                    Some(TypeRef::String)
                }
            }
            SchemaKind::Type(Type::Integer(i)) if i.enumeration.iter().any(Option::is_some) => {
                self.define_inline(context, schema, at)
            }
            SchemaKind::Type(Type::Integer(i)) => Some(match &i.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                VariantOrUnknownOrEmpty::Unknown(f) => match f.as_str() {
                    "int8" | "int16" => TypeRef::I32,
                    "uint8" | "uint16" | "uint32" => TypeRef::U32,
                    "uint64" | "uint" => TypeRef::U64,
                    _ => TypeRef::I64,
                },
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
                        let item_at = at.join("items");
                        let ty = self.schema_ref(items, &naming::item_type(context), &item_at)?;
                        self.nullable_if(items, &item_at, ty)
                    }
                    None => TypeRef::Json,
                };
                Some(TypeRef::Vec(Box::new(item)))
            }
            SchemaKind::Type(Type::Object(o)) => {
                if !o.properties.is_empty() {
                    return self.define_inline(context, schema, at);
                }
                match &o.additional_properties {
                    Some(AdditionalProperties::Schema(s)) => {
                        let value_at = at.join("additionalProperties");
                        let value =
                            self.schema_ref(s.as_ref(), &naming::value_type(context), &value_at)?;
                        let value = self.nullable_if(s.as_ref(), &value_at, value);
                        Some(TypeRef::Map(Box::new(value)))
                    }
                    _ => Some(TypeRef::Map(Box::new(TypeRef::Json))),
                }
            }
            SchemaKind::Any(any) => {
                if any.not.is_some() {
                    return self.unsupported(at, "not");
                }
                let alternatives = !self.only_constraints(&any.one_of, &any.properties)
                    || !self.only_constraints(&any.any_of, &any.properties);
                // `allOf: [$ref]` with nothing else of its own is the referenced type; 3.0
                // documents write it that way to put `nullable` or a description next to a
                // `$ref`. Parts that only adjust (`{nullable: true}`, `{maxLength: 5}`) leave
                // the one part that says what the value is.
                if any.properties.is_empty() && !alternatives {
                    if let Some((i, only)) = substance(&any.all_of) {
                        return self.schema_ref(
                            only,
                            context,
                            &at.join("allOf").join(i.to_string()),
                        );
                    }
                }
                if alternatives || !any.all_of.is_empty() || !any.properties.is_empty() {
                    return self.define_inline(context, schema, at);
                }
                Some(TypeRef::Json)
            }
            SchemaKind::AllOf { all_of } if substance(all_of).is_some() => {
                let (i, only) = substance(all_of)?;
                self.schema_ref(only, context, &at.join("allOf").join(i.to_string()))
            }
            SchemaKind::AllOf { .. } | SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => {
                self.define_inline(context, schema, at)
            }
            SchemaKind::Not { .. } => self.unsupported(at, "not"),
        }
    }

    /// Whether the alternatives `list` (of a `oneOf` or `anyOf` beside `properties`) only
    /// constrain the object rather than describe other shapes: each is empty, or lists which
    /// of the object's properties are required, or narrows some of them, as in
    /// `anyOf: [{required: [a]}, {required: [b]}]`. Such alternatives add no type; the
    /// object is its properties. An empty list is trivially such.
    fn only_constraints(
        &self,
        list: &[ReferenceOr<Schema>],
        properties: &indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
    ) -> bool {
        list.iter().all(|alternative| {
            let ReferenceOr::Item(alt) = alternative else {
                return false;
            };
            match &alt.schema_kind {
                SchemaKind::Any(a) => {
                    a.all_of.is_empty()
                        && a.one_of.is_empty()
                        && a.any_of.is_empty()
                        && a.not.is_none()
                        && a.typ.as_deref().is_none_or(|t| t == "object")
                        && a.properties.keys().all(|k| properties.contains_key(k))
                        && (a.properties.is_empty() || !properties.is_empty())
                }
                SchemaKind::Type(Type::Object(o)) => {
                    !properties.is_empty()
                        && o.properties.keys().all(|k| properties.contains_key(k))
                }
                _ => false,
            }
        })
    }

    fn unsupported(&mut self, at: &Pointer, keyword: &str) -> Option<TypeRef> {
        self.error(
            &at.join(keyword),
            ErrorKind::Unsupported,
            unsupported_composition(keyword),
        );
        None
    }

    /// Names an inline schema after `context` (or its `x-rust-name`) and defines it, once
    /// for each place in the document. The schema of a shared parameter, response, request
    /// body or header component is named after that component, not after the operation that
    /// happens to reach it first.
    ///
    /// `None` when the schema has a problem (reported): whatever uses it is not reported
    /// again for it.
    fn define_inline(&mut self, context: &str, schema: &Schema, at: &Pointer) -> Option<TypeRef> {
        if let Some(name) = self.inline_types.get(at.as_str()) {
            let name = name.clone();
            let usable = self.types.contains_key(&name) || self.defining.contains(&name);
            return usable.then_some(TypeRef::Named(name));
        }
        let explicit = self.ext_str(at, "x-rust-name");
        let context =
            shared_component(at).map_or_else(|| context.to_string(), |n| naming::pascal(&n));
        let name = self
            .type_names
            .claim(naming::schema_type(explicit.as_deref(), &context));
        self.inline_types.insert(at.to_string(), name.clone());
        self.defining.push(name.clone());
        self.define(&name, schema, at);
        self.defining.pop();
        self.types
            .contains_key(&name)
            .then_some(TypeRef::Named(name))
    }

    /// Records the definition of the named type `name`, unless it has a problem.
    fn define(&mut self, name: &str, schema: &Schema, at: &Pointer) {
        if let Some(kind) = self.polymorphic_base(name, schema, at) {
            self.insert_type(name, schema, at, kind);
            return;
        }
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => enums::string_enum(s),
            SchemaKind::Type(Type::Integer(i)) => enums::int_enum(i),
            SchemaKind::Any(any)
                if !self.only_constraints(&any.one_of, &any.properties)
                    || !self.only_constraints(&any.any_of, &any.properties) =>
            {
                let (list, keyword) = if any.one_of.is_empty() {
                    (&any.any_of, "anyOf")
                } else {
                    (&any.one_of, "oneOf")
                };
                if !any.properties.is_empty() || !any.all_of.is_empty() {
                    if !any.one_of.is_empty() && !any.any_of.is_empty() {
                        self.error(
                            at,
                            ErrorKind::Unsupported,
                            "both `oneOf` and `anyOf` beside `properties` or `allOf` are not supported; keep one",
                        );
                        return;
                    }
                    match self.union_struct_kind(name, schema, list, keyword, at) {
                        Some(kind) => kind,
                        None => return,
                    }
                } else {
                    match self.enum_of_alternatives(list, schema) {
                        Some(kind) => kind,
                        None => self.one_of_kind(name, list, keyword, schema, at),
                    }
                }
            }
            SchemaKind::OneOf { one_of: list } | SchemaKind::AnyOf { any_of: list } => {
                let keyword = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                    "oneOf"
                } else {
                    "anyOf"
                };
                match self.enum_of_alternatives(list, schema) {
                    Some(kind) => kind,
                    None => self.one_of_kind(name, list, keyword, schema, at),
                }
            }
            _ if !is_named_kind(schema) => {
                // A component that contains itself through lists or maps only.
                let inner = Schema {
                    schema_data: Default::default(),
                    schema_kind: schema.schema_kind.clone(),
                };
                match self.schema(&inner, name, at) {
                    Some(ty @ (TypeRef::Vec(_) | TypeRef::Map(_))) => TypeKind::Newtype { ty },
                    Some(_) => {
                        self.error(
                            at,
                            ErrorKind::BadReference,
                            "this schema refers to itself without a list, a map or an object between",
                        );
                        return;
                    }
                    None => return,
                }
            }
            SchemaKind::Type(Type::Object(_)) | SchemaKind::Any(_) | SchemaKind::AllOf { .. } => {
                match self.struct_kind(name, schema, at) {
                    Some(kind) => kind,
                    None => return,
                }
            }
            _ => return,
        };
        self.insert_type(name, schema, at, kind);
    }

    fn insert_type(&mut self, name: &str, schema: &Schema, at: &Pointer, kind: TypeKind) {
        self.types.insert(
            name.to_string(),
            TypeDef {
                name: name.to_string(),
                doc: schema.schema_data.description.clone(),
                kind,
                pointer: at.to_string(),
                validates: false,
            },
        );
    }
}

/// The name of the parameter, response, request body or header component whose own schema
/// is at `at` (`#/components/parameters/workflow-id/schema`,
/// `#/components/responses/not_found/content/application~1json/schema`).
fn shared_component(at: &Pointer) -> Option<String> {
    let segments: Vec<String> = at
        .as_str()
        .strip_prefix("#/")?
        .split('/')
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    let [components, section, name, rest @ ..] = segments.as_slice() else {
        return None;
    };
    let own_schema = match rest {
        [schema] => schema == "schema",
        [content, _, schema] => content == "content" && schema == "schema",
        _ => false,
    };
    let shared = matches!(
        section.as_str(),
        "parameters" | "responses" | "requestBodies" | "headers"
    );
    (components == "components" && shared && own_schema).then(|| name.clone())
}

fn unsupported_composition(keyword: &str) -> String {
    format!(
        "`{keyword}` is not supported; supported schemas are objects (with `allOf` merged), \
         `oneOf`/`anyOf`, arrays, maps, string and integer enums, and scalars (string, integer, \
         number, boolean)"
    )
}

/// Whether `schema` only adjusts another it is combined with in an `allOf`: it says nothing
/// of the value's type or shape (`{nullable: true}`, `{description: ...}`, `{maxLength: 5}`).
pub(super) fn is_adjustment(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Any(a) => {
            a.typ.is_none()
                && a.properties.is_empty()
                && a.items.is_none()
                && a.additional_properties.is_none()
                && a.all_of.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty()
                && a.not.is_none()
                && a.enumeration.is_empty()
        }
        _ => false,
    }
}

/// The one part of an `allOf` that says what the value is, when every other part only
/// adjusts it, with its index.
fn substance(all_of: &[ReferenceOr<Schema>]) -> Option<(usize, &ReferenceOr<Schema>)> {
    let mut found = None;
    for (i, part) in all_of.iter().enumerate() {
        if matches!(part, ReferenceOr::Item(s) if is_adjustment(s)) {
            continue;
        }
        if found.is_some() {
            return None;
        }
        found = Some((i, part));
    }
    found
}

/// Whether a component schema becomes a named type (an object, an enum, a composition)
/// rather than standing for a scalar, a container or another schema.
fn is_named_kind(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(s)) => s.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Integer(i)) => i.enumeration.iter().any(Option::is_some),
        SchemaKind::Type(Type::Object(o)) => !o.properties.is_empty(),
        SchemaKind::Any(a) => {
            let lone_ref = substance(&a.all_of).is_some()
                && a.properties.is_empty()
                && a.one_of.is_empty()
                && a.any_of.is_empty();
            !lone_ref
                && (!a.properties.is_empty()
                    || !a.all_of.is_empty()
                    || !a.one_of.is_empty()
                    || !a.any_of.is_empty())
        }
        SchemaKind::AllOf { all_of } => substance(all_of).is_none(),
        SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => true,
        SchemaKind::Not { .. } | SchemaKind::Type(_) => false,
    }
}
