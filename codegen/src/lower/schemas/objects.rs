//! Objects: structs from object schemas, with the parts of an `allOf` merged in order, and
//! their fields with what the document says of each property.

use crate::error::{ErrorKind, Pointer};
use crate::ir::{Field, Nested, StringRules, TypeKind, TypeRef};
use crate::lower::Lowerer;
use crate::lower::refs::SCHEMA_PREFIX;
use crate::naming::{self, Scope};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema, SchemaKind, Type};
use serde_json::Value as Json;

/// How deep `allOf` parts may nest (or refer to one another).
const MAX_ALL_OF_DEPTH: usize = 16;

/// The property map type `openapiv3` uses.
type Properties = indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>;

/// One object of those an `allOf` merges.
struct ObjectPart {
    properties: Properties,
    required: Vec<String>,
    keep_unknown: bool,
    at: Pointer,
}

/// The properties and required names of the whole struct, with the scope its field names
/// are taken in.
struct Fields<'p> {
    /// The struct's Rust name, which inline property types are named after.
    owner: &'p str,
    /// `required`, from every part.
    required: Vec<String>,
    scope: Scope,
}

/// What a property says of itself beside its type.
struct PropertyFacts {
    nullable: bool,
    read_only: bool,
    write_only: bool,
    doc: Option<String>,
    default: Option<Json>,
    rules: Option<StringRules>,
}

impl Lowerer<'_> {
    /// A struct of the properties of every part of the object, each listed once.
    pub(super) fn struct_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        at: &Pointer,
    ) -> Option<TypeKind> {
        let parts = self.object_parts(schema, at, 0)?;
        Some(self.struct_of_parts(name, parts))
    }

    /// The struct of an object whose `oneOf`/`anyOf` alternatives (the `list` under
    /// `keyword`) are objects beside its own properties: every property of the object and of
    /// each alternative, those of the alternatives optional (which of them apply is the
    /// alternative's business, checked by the server). An alternative that is not an object
    /// is reported at its place.
    pub(super) fn union_struct_kind(
        &mut self,
        name: &str,
        schema: &Schema,
        list: &[ReferenceOr<Schema>],
        keyword: &str,
        at: &Pointer,
    ) -> Option<TypeKind> {
        let mut parts = self.object_parts(schema, at, 0)?;
        let mut ok = true;
        for (i, alternative) in list.iter().enumerate() {
            let alt_at = at.join(keyword).join(i.to_string());
            let found = match alternative {
                ReferenceOr::Item(s) if is_object_like(s) => self.object_parts(s, &alt_at, 1),
                ReferenceOr::Reference { reference } => {
                    let target = reference
                        .strip_prefix(SCHEMA_PREFIX)
                        .and_then(|name| self.component_schema(name));
                    match target {
                        Some(ReferenceOr::Item(s)) if is_object_like(s) => {
                            self.object_parts(s, &Pointer::from_ref(reference), 1)
                        }
                        _ => {
                            self.error(
                                &alt_at,
                                ErrorKind::Unsupported,
                                format!("`{reference}` is not an object schema; beside `properties`, every alternative of a `{keyword}` must be one"),
                            );
                            None
                        }
                    }
                }
                ReferenceOr::Item(_) => {
                    self.error(
                        &alt_at,
                        ErrorKind::Unsupported,
                        format!("beside `properties`, every alternative of a `{keyword}` must be an object schema"),
                    );
                    None
                }
            };
            match found {
                Some(alt_parts) => parts.extend(alt_parts.into_iter().map(|mut p| {
                    p.required.clear();
                    p
                })),
                None => ok = false,
            }
        }
        ok.then(|| self.struct_of_parts(name, parts))
    }

    /// A struct of the properties of `parts`, each listed once, in order.
    fn struct_of_parts(&mut self, name: &str, parts: Vec<ObjectPart>) -> TypeKind {
        let keep_unknown = parts.iter().any(|p| p.keep_unknown);
        let mut fields_of = Fields {
            owner: name,
            required: parts
                .iter()
                .flat_map(|p| p.required.iter().cloned())
                .collect(),
            scope: Scope::struct_fields(),
        };
        let mut fields: Vec<Field> = Vec::new();
        for part in &parts {
            for field in self.fields_in(&part.properties, &part.at, &mut fields_of) {
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

    /// The objects an `allOf` (or a plain object) is made of, with `$ref`s followed, in order.
    fn object_parts(
        &mut self,
        schema: &Schema,
        at: &Pointer,
        depth: usize,
    ) -> Option<Vec<ObjectPart>> {
        if depth > MAX_ALL_OF_DEPTH {
            self.error(
                at,
                ErrorKind::BadReference,
                "`allOf` nests or refers to itself too deeply",
            );
            return None;
        }
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
            _ if depth > 0 && super::is_adjustment(schema) => return Some(Vec::new()),
            _ => {
                self.error(
                    at,
                    ErrorKind::Unsupported,
                    "every part of an `allOf` of objects must be an object schema (parts that only adjust, such as `{nullable: true}`, are also allowed)",
                );
                return None;
            }
        };
        let mut parts = Vec::new();
        for (i, part) in all_of.iter().enumerate() {
            let part_at = at.join("allOf").join(i.to_string());
            let reference = match part {
                ReferenceOr::Item(s) => {
                    parts.extend(self.object_parts(s, &part_at, depth + 1)?);
                    continue;
                }
                ReferenceOr::Reference { reference } => reference,
            };
            let target = reference
                .strip_prefix(SCHEMA_PREFIX)
                .and_then(|name| self.component_schema(name));
            let s = match target {
                Some(ReferenceOr::Item(s)) => s,
                // An alias of another component: follow it.
                Some(ReferenceOr::Reference { reference: next }) => {
                    let alias = Schema {
                        schema_data: Default::default(),
                        schema_kind: SchemaKind::AllOf {
                            all_of: vec![ReferenceOr::Reference {
                                reference: next.clone(),
                            }],
                        },
                    };
                    parts.extend(self.object_parts(&alias, &part_at, depth + 1)?);
                    continue;
                }
                None => {
                    self.error(
                        &part_at.join("$ref"),
                        ErrorKind::BadReference,
                        format!("`{reference}` does not name a schema under #/components/schemas"),
                    );
                    return None;
                }
            };
            if !is_object_like(s) {
                // Reported here, at the `allOf`, not at the schema it refers to.
                self.error(
                    &part_at,
                    ErrorKind::Unsupported,
                    format!("`{reference}` is not an object schema; every part of an `allOf` of objects must be one (parts that only adjust, such as `{{nullable: true}}`, are also allowed)"),
                );
                return None;
            }
            parts.extend(self.object_parts(s, &Pointer::from_ref(reference), depth + 1)?);
        }
        parts.extend(own);
        Some(parts)
    }

    /// The properties of one part, at `at`, as fields named within the struct's scope.
    fn fields_in(
        &mut self,
        properties: &Properties,
        at: &Pointer,
        of: &mut Fields<'_>,
    ) -> Vec<Field> {
        let mut fields = Vec::new();
        for (wire, prop) in properties {
            let prop_at = at.join("properties").join(wire);
            let context = naming::property_type(of.owner, wire);
            let Some(ty) = self.schema_ref(prop, &context, &prop_at) else {
                continue;
            };
            // Bytes (`format: binary`), or a list of them: file parts of a multipart body.
            let ty = match (&ty, prop) {
                (TypeRef::String, ReferenceOr::Item(s)) if is_binary(s) => TypeRef::Binary,
                (TypeRef::Vec(item), ReferenceOr::Item(s)) if **item == TypeRef::String => {
                    match &s.schema_kind {
                        SchemaKind::Type(Type::Array(a)) => match &a.items {
                            Some(ReferenceOr::Item(items)) if is_binary(items) => {
                                TypeRef::Vec(Box::new(TypeRef::Binary))
                            }
                            _ => ty,
                        },
                        _ => ty,
                    }
                }
                _ => ty,
            };
            let facts = self.property_facts(prop, &prop_at);
            // A write-only value is skipped when a response is decoded, so its field needs a
            // value without one; a named type need not have a `Default`, so such a field is
            // optional in Rust even where the document requires it.
            let required = of.required.iter().any(|r| r == wire)
                && !(facts.write_only && matches!(ty, TypeRef::Named(_)));
            fields.push(Field {
                rules: facts.rules,
                wire: wire.clone(),
                rust: of.scope.claim(naming::snake(wire)),
                ty,
                required,
                nullable: facts.nullable,
                read_only: facts.read_only,
                write_only: facts.write_only,
                default: facts.default,
                boxed: false,
                doc: facts.doc,
                nested: Nested::None,
                default_fn: None,
            });
        }
        fields
    }

    /// What the property at `at` says of itself. Siblings of a `$ref` are dropped by the
    /// typed parser, so for a reference they are read from the raw document (those 3.0
    /// tools honour).
    fn property_facts(&self, prop: &ReferenceOr<Box<Schema>>, at: &Pointer) -> PropertyFacts {
        let s = match prop {
            ReferenceOr::Item(s) => s,
            ReferenceOr::Reference { .. } => {
                let raw = self.raw_at(at);
                let flag = |k: &str| {
                    raw.and_then(|v| v.get(k))
                        .and_then(Json::as_bool)
                        .unwrap_or(false)
                };
                return PropertyFacts {
                    nullable: flag("nullable"),
                    read_only: flag("readOnly"),
                    write_only: flag("writeOnly"),
                    doc: raw
                        .and_then(|v| v.get("description"))
                        .and_then(Json::as_str)
                        .map(str::to_string),
                    default: raw
                        .and_then(|v| v.get("default"))
                        .filter(|value| !value.is_null())
                        .cloned(),
                    rules: None,
                };
            }
        };
        // `allOf: [$ref, {nullable: true}]`: a part that only adjusts may make it nullable.
        let all_of = match &s.schema_kind {
            SchemaKind::AllOf { all_of } => all_of.as_slice(),
            SchemaKind::Any(any) => any.all_of.as_slice(),
            _ => &[],
        };
        let nullable_part = all_of.iter().any(|part| {
            matches!(part, ReferenceOr::Item(p) if p.schema_data.nullable && super::is_adjustment(p))
        });
        PropertyFacts {
            nullable: s.schema_data.nullable || nullable_part,
            read_only: s.schema_data.read_only,
            write_only: s.schema_data.write_only,
            doc: s.schema_data.description.clone(),
            default: s
                .schema_data
                .default
                .clone()
                .filter(|value| !value.is_null()),
            rules: string_rules(s),
        }
    }
}

/// Whether `schema` is a string of `format: binary`.
fn is_binary(schema: &Schema) -> bool {
    matches!(
        &schema.schema_kind,
        SchemaKind::Type(Type::String(s))
            if s.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
    )
}

/// Whether `schema` can be a part of an object `allOf`: an object, a composition of objects, or
/// a part that only adjusts.
fn is_object_like(schema: &Schema) -> bool {
    match &schema.schema_kind {
        SchemaKind::Type(Type::Object(_)) | SchemaKind::AllOf { .. } => true,
        SchemaKind::Any(any) => {
            any.typ.as_deref().is_none_or(|t| t == "object") || super::is_adjustment(schema)
        }
        _ => false,
    }
}

/// Whether an object keeps the properties it does not list (`additionalProperties` set).
fn keeps_unknown(additional: &Option<AdditionalProperties>) -> bool {
    matches!(
        additional,
        Some(AdditionalProperties::Any(true) | AdditionalProperties::Schema(_))
    )
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
