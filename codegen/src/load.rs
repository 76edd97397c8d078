//! Loading: text (YAML or JSON) to a parsed OpenAPI 3.0 document, with the version checked first.
//!
//! The text is read into a plain JSON tree before it is given to `openapiv3`, for two reasons:
//! YAML allows keys that are numbers (`200:` for a status code) and tags, which JSON does not;
//! and the later stages look up raw extension values and `$ref` targets by JSON pointer.

use crate::error::{ErrorKind, Pointer, SpecError, SpecErrors};
use serde_json::Value as Json;

/// A document that parsed and declared a supported version.
pub struct Loaded {
    /// The typed document.
    pub doc: openapiv3::OpenAPI,
    /// The same document as a JSON tree, for pointer look-ups.
    pub raw: Json,
}

/// Parses `text` and checks that it is an OpenAPI 3.0.x document.
pub fn load(text: &str) -> Result<Loaded, SpecErrors> {
    // A byte-order mark is not part of the document.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut raw = if text.trim_start().starts_with('{') {
        parse_json(text)?
    } else {
        parse_yaml(text)?
    };
    check_version(&raw)?;
    drop_blank_docs(&mut raw, false);
    normalize_schemas(&mut raw);
    let doc = match typed::<openapiv3::OpenAPI>(&raw, &Pointer::root()) {
        Ok(doc) => doc,
        Err((pointer, message)) => {
            let (pointer, message) = narrow(&raw, pointer, message);
            return Err(SpecError::new(
                pointer.as_str(),
                ErrorKind::Syntax,
                format!("this is not what OpenAPI 3.0 allows here: {message}"),
            )
            .into());
        }
    };
    Ok(Loaded { doc, raw })
}

/// Reads a JSON document as JSON: a YAML parser refuses some valid JSON (escaped surrogate
/// pairs such as `"\\ud83d\\ude00"`).
fn parse_json(text: &str) -> Result<Json, SpecErrors> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let read =
        read_tree(&mut deserializer, false).and_then(|tree| deserializer.end().map(|()| tree));
    checked(read.map_err(|e| {
        SpecError::new(
            "#",
            ErrorKind::Syntax,
            format!("the text is not valid JSON: {e}"),
        )
    })?)
}

/// Reads a YAML document into the JSON tree through the same visitor, so that what a YAML
/// value type cannot hold still reads: an integer beyond 64 bits (`minimum:
/// -9223372036854776000`) becomes the number it is closest to, as in a JSON document. Keys
/// are taken as written (`200:` is the key `"200"`), a tag is read as the value it marks, and
/// merge keys (`<<`) give the keys they merge.
fn parse_yaml(text: &str) -> Result<Json, SpecErrors> {
    if let Some((line, column)) = too_deep(text, MAX_FLOW_DEPTH) {
        return Err(SpecError::new(
            "#",
            ErrorKind::Syntax,
            format!(
                "the document nests `[` and `{{` more than {MAX_FLOW_DEPTH} deep (line {line}, column {column}); no OpenAPI document needs that"
            ),
        )
        .into());
    }
    let read = read_tree(yaml_serde::Deserializer::from_str(text), true);
    checked(read.map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
            .unwrap_or_default();
        SpecError::new(
            "#",
            ErrorKind::Syntax,
            format!("the text is not valid YAML or JSON{at}: {e}"),
        )
    })?)
}

/// How deep `[` and `{` may nest in a YAML document. The YAML reader refuses documents
/// nested past 128 levels anyway, but only after reading them whole, in time that grows with
/// the square of the depth; this check, linear, refuses the pathological ones first. It
/// counts brackets outside quotes and comments, so brackets inside plain text can only make
/// it count more: its limit is far above the reader's.
const MAX_FLOW_DEPTH: usize = 1000;

/// The line and column (from 1) where `[` and `{` first nest more than `limit` deep, outside
/// quoted strings and comments.
fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    let (mut depth, mut line, mut column) = (0usize, 1usize, 0usize);
    let mut quote: Option<char> = None;
    let mut comment = false;
    let mut previous = '\n';
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            (line, column, comment) = (line + 1, 0, false);
        } else if comment {
        } else if let Some(q) = quote {
            if q == '"' && c == '\\' {
                chars.next();
                column += 1;
            } else if c == q {
                quote = None;
            }
        } else {
            match c {
                '#' if previous.is_whitespace() => comment = true,
                '"' | '\'' if !previous.is_alphanumeric() => quote = Some(c),
                '[' | '{' => {
                    depth += 1;
                    if depth > limit {
                        return Some((line, column));
                    }
                }
                ']' | '}' => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
        previous = c;
    }
    None
}

/// A document read as a tree, with the first problem found in it (a key repeated in one
/// object, a key that is a mapping, a number with no JSON form) at its pointer.
type Tree = (Json, Option<SpecError>);

fn read_tree<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
    merge_keys: bool,
) -> Result<Tree, D::Error> {
    let problem = std::cell::RefCell::new(None);
    let seed = TreeSeed {
        at: Pointer::root(),
        problem: &problem,
        merge_keys,
    };
    let value = serde::de::DeserializeSeed::deserialize(seed, deserializer)?;
    Ok((value, problem.into_inner()))
}

/// The tree, once its version is checked (a document of another version is told so before
/// anything else about it), or the first problem found in it.
fn checked((value, problem): Tree) -> Result<Json, SpecErrors> {
    if let Json::Object(map) = &value {
        let head: serde_json::Map<String, Json> = ["openapi", "swagger"]
            .iter()
            .filter_map(|k| map.get(*k).map(|v| (k.to_string(), v.clone())))
            .collect();
        check_version(&Json::Object(head))?;
    }
    match problem {
        Some(found) => Err(found.into()),
        None => Ok(value),
    }
}

/// Reads one value of a document (YAML or JSON) at a known place. The first problem found (a repeated key, a key that
/// is a mapping) is kept in `problem` with its pointer and reading goes on, so that the
/// version is checked before the problem is reported.
struct TreeSeed<'a> {
    at: Pointer,
    problem: &'a std::cell::RefCell<Option<SpecError>>,
    /// Whether `<<` is YAML's merge key (in JSON it is a key like any other).
    merge_keys: bool,
}

impl TreeSeed<'_> {
    fn note(&self, at: &Pointer, message: &str) {
        let mut slot = self.problem.borrow_mut();
        if slot.is_none() {
            *slot = Some(SpecError::new(at.as_str(), ErrorKind::Syntax, message));
        }
    }

    /// A mapping with a merge key (`<<: *base`, or a list of such): the keys of the merged
    /// mappings that `own` does not set, then `own`'s. Of several merged mappings, the first
    /// to set a key gives it.
    fn merge(
        &self,
        merged: Json,
        own: serde_json::Map<String, Json>,
    ) -> serde_json::Map<String, Json> {
        let sources = match merged {
            Json::Object(map) => vec![map],
            Json::Array(items) if items.iter().all(Json::is_object) => items
                .into_iter()
                .filter_map(|item| match item {
                    Json::Object(map) => Some(map),
                    _ => None,
                })
                .collect(),
            _ => {
                self.note(
                    &self.at.join("<<"),
                    "a merge key (`<<`) takes a mapping or a list of mappings",
                );
                Vec::new()
            }
        };
        let mut out = serde_json::Map::new();
        for source in sources {
            for (key, value) in source {
                if !own.contains_key(&key) && !out.contains_key(&key) {
                    out.insert(key, value);
                }
            }
        }
        out.extend(own);
        out
    }

    fn number<E>(&self, v: f64) -> Result<Json, E> {
        Ok(match serde_json::Number::from_f64(v) {
            Some(n) => Json::Number(n),
            None => {
                self.note(&self.at, &format!("the number `{v}` has no JSON form"));
                Json::Null
            }
        })
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for TreeSeed<'_> {
    type Value = Json;

    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TreeSeed<'_> {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
        Ok(Json::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Json, E> {
        Ok(Json::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Json, E> {
        Ok(Json::from(v))
    }

    fn visit_i128<E: serde::de::Error>(self, v: i128) -> Result<Json, E> {
        self.number(v as f64)
    }

    fn visit_u128<E: serde::de::Error>(self, v: u128) -> Result<Json, E> {
        self.number(v as f64)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Json, E> {
        self.number(v)
    }

    fn visit_str<E>(self, v: &str) -> Result<Json, E> {
        Ok(Json::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Json, E> {
        Ok(Json::String(v))
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Json, D::Error> {
        d.deserialize_any(self)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(TreeSeed {
            at: self.at.join(items.len().to_string()),
            problem: self.problem,
            merge_keys: self.merge_keys,
        })? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key_seed(TreeKey {
            at: &self.at,
            seed: &self,
        })? {
            let Some(key) = key else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            let at = self.at.join(&key);
            if out.contains_key(&key) {
                self.note(&at, "this key appears twice in the same mapping");
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            }
            let value = map.next_value_seed(TreeSeed {
                at,
                problem: self.problem,
                merge_keys: self.merge_keys,
            })?;
            out.insert(key, value);
        }
        if self.merge_keys {
            if let Some(merged) = out.shift_remove("<<") {
                return Ok(Json::Object(self.merge(merged, out)));
            }
        }
        Ok(Json::Object(out))
    }

    /// A value with a tag the reader does not know (`!thing value`): the value is kept.
    fn visit_enum<A: serde::de::EnumAccess<'de>>(self, data: A) -> Result<Json, A::Error> {
        use serde::de::VariantAccess;
        let (_tag, variant) = data.variant::<serde::de::IgnoredAny>()?;
        variant.newtype_variant_seed(self)
    }
}

/// A mapping key, taken as its text: `200` and `true` are the keys `"200"` and `"true"`. A key
/// that is a mapping or a list is noted as a problem and read as no key.
struct TreeKey<'a, 'b> {
    at: &'a Pointer,
    seed: &'a TreeSeed<'b>,
}

impl<'de> serde::de::DeserializeSeed<'de> for TreeKey<'_, '_> {
    type Value = Option<String>;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<String>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TreeKey<'_, '_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key that is text, a number or a boolean")
    }

    fn visit_str<E>(self, v: &str) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_bool<E>(self, v: bool) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Option<String>, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_unit<E>(self) -> Result<Option<String>, E> {
        Ok(Some("null".to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Option<String>, E> {
        Ok(Some(v))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        self.seed
            .note(self.at, "a mapping key must be text, not a mapping");
        Ok(None)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        self.seed
            .note(self.at, "a mapping key must be text, not a list");
        Ok(None)
    }
}

/// Removes `description` and `summary` texts that are empty or only whitespace, so that later
/// stages see no text rather than an empty one (an empty doc comment would leave a public item
/// undocumented). A response keeps its `description`, which OpenAPI requires. Values given as
/// data (`default`, `example`, `examples`, `enum`, extensions) are left as they are.
fn drop_blank_docs(value: &mut Json, is_response: bool) {
    match value {
        Json::Object(map) => {
            map.retain(|key, v| {
                let doc = key == "summary" || (key == "description" && !is_response);
                !(doc && v.as_str().is_some_and(|t| t.trim().is_empty()))
            });
            for (key, v) in map.iter_mut() {
                if matches!(key.as_str(), "default" | "example" | "examples" | "enum")
                    || key.starts_with("x-")
                {
                    continue;
                }
                // Maps whose keys are names, not keywords: each value is an object of its own.
                if matches!(key.as_str(), "responses" | "properties" | "schemas") {
                    if let Json::Object(named) = v {
                        let responses = key == "responses";
                        named
                            .values_mut()
                            .for_each(|r| drop_blank_docs(r, responses));
                    }
                    continue;
                }
                drop_blank_docs(v, false);
            }
        }
        Json::Array(items) => items.iter_mut().for_each(|v| drop_blank_docs(v, false)),
        _ => {}
    }
}

/// Keywords that apply only to schemas of one type, by that type.
const TYPED_KEYWORDS: &[(&str, &[&str])] = &[
    ("array", &["items", "minItems", "maxItems", "uniqueItems"]),
    (
        "object",
        &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
    ),
    ("string", &["minLength", "maxLength", "pattern"]),
];

/// Tidies what real documents write and the typed reader refuses, without changing what the
/// schemas mean: a keyword that does not apply to the schema's `type` (`uniqueItems` on a
/// string) has no effect, so it is dropped; an `enum` without a `type` gets the type its
/// values share (`enum: [a, b]` is a string enum).
fn normalize_schemas(root: &mut Json) {
    fn schema(value: &mut Json) {
        let Json::Object(map) = value else {
            return;
        };
        if map.contains_key("$ref") {
            return;
        }
        let composed = ["allOf", "oneOf", "anyOf", "not"]
            .iter()
            .any(|k| map.contains_key(*k));
        if !map.contains_key("type") && !composed {
            if let Some(Json::Array(values)) = map.get("enum") {
                let values: Vec<&Json> = values.iter().filter(|v| !v.is_null()).collect();
                let shared = if !values.is_empty() && values.iter().all(|v| v.is_string()) {
                    Some("string")
                } else if !values.is_empty() && values.iter().all(|v| v.is_i64() || v.is_u64()) {
                    Some("integer")
                } else if !values.is_empty() && values.iter().all(|v| v.is_number()) {
                    Some("number")
                } else if !values.is_empty() && values.iter().all(|v| v.is_boolean()) {
                    Some("boolean")
                } else {
                    None
                };
                if let Some(ty) = shared {
                    map.insert("type".into(), Json::String(ty.into()));
                }
            }
        }
        // Integer bounds: one beyond 64 bits bounds nothing an `i64` can hold, and one
        // written as a float (`0.0`, `1e3`) is the integer it equals; a fractional
        // `multipleOf` says nothing of an integer.
        if map.get("type").and_then(Json::as_str) == Some("integer") {
            for key in ["minimum", "maximum"] {
                match map.get(key) {
                    Some(Json::Number(n)) if n.is_i64() => {}
                    Some(Json::Number(n)) => match n.as_f64() {
                        Some(f)
                            if f.fract() == 0.0
                                && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0)
                                    .contains(&f) =>
                        {
                            map.insert(key.into(), Json::from(f as i64));
                        }
                        _ => {
                            map.remove(key);
                        }
                    },
                    _ => {}
                }
            }
            if map.get("multipleOf").is_some_and(|m| !m.is_i64()) {
                map.remove("multipleOf");
            }
        }
        if let Some(Json::String(ty)) = map.get("type").cloned() {
            if !composed {
                for (owner, keywords) in TYPED_KEYWORDS {
                    // `number` and `integer` share no keyword with these lists.
                    if *owner != ty {
                        for k in *keywords {
                            map.remove(*k);
                        }
                    }
                }
            }
        }
        children(map);
    }
    fn children(map: &mut serde_json::Map<String, Json>) {
        for (key, v) in map.iter_mut() {
            match key.as_str() {
                "items" | "additionalProperties" | "not" => schema(v),
                "properties" => {
                    if let Json::Object(props) = v {
                        props.values_mut().for_each(schema);
                    }
                }
                "allOf" | "oneOf" | "anyOf" => {
                    if let Json::Array(list) = v {
                        list.iter_mut().for_each(schema);
                    }
                }
                _ => {}
            }
        }
    }
    /// Finds the schemas of the document outside `components/schemas`: under every `schema`
    /// key (parameters, media types, headers).
    fn walk(value: &mut Json) {
        match value {
            Json::Object(map) => {
                for (key, v) in map.iter_mut() {
                    if key == "schema" {
                        schema(v);
                    } else if !key.starts_with("x-")
                        && !matches!(key.as_str(), "example" | "examples" | "default" | "enum")
                    {
                        walk(v);
                    }
                }
            }
            Json::Array(items) => items.iter_mut().for_each(walk),
            _ => {}
        }
    }
    if let Some(Json::Object(schemas)) = root.pointer_mut("/components/schemas") {
        schemas.values_mut().for_each(schema);
    }
    walk(root);
}

/// Deserializes `value` as `T`, giving the pointer (below `base`) of the first mismatch.
fn typed<T: serde::de::DeserializeOwned>(
    value: &Json,
    base: &Pointer,
) -> Result<T, (Pointer, String)> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let mut pointer = base.clone();
        for segment in e.path().iter() {
            match segment {
                serde_path_to_error::Segment::Map { key } => pointer = pointer.join(key),
                serde_path_to_error::Segment::Seq { index } => {
                    pointer = pointer.join(index.to_string())
                }
                _ => {}
            }
        }
        (pointer, e.into_inner().to_string())
    })
}

/// `openapiv3` reads path items and component maps through flattened maps, where the field
/// path of an error stops at the map. This retries the entries one by one to find which one,
/// and where inside it, does not fit.
fn narrow(raw: &Json, pointer: Pointer, message: String) -> (Pointer, String) {
    use openapiv3::{
        Parameter, PathItem, ReferenceOr, RequestBody, Response, Schema, SecurityScheme,
    };
    fn each<T: serde::de::DeserializeOwned>(raw: &Json, at: &Pointer) -> Option<(Pointer, String)> {
        let map = raw.pointer(at.as_str().strip_prefix('#')?)?.as_object()?;
        map.iter()
            .find_map(|(key, value)| typed::<ReferenceOr<T>>(value, &at.join(key)).err())
            .map(|(p, m)| {
                // An entry that is neither a `$ref` nor the item: point inside via the item's own reading.
                let item_at = p.clone();
                match raw
                    .pointer(item_at.as_str().strip_prefix('#').unwrap_or(""))
                    .map(|v| typed::<T>(v, &item_at))
                {
                    Some(Err(inner)) => inner,
                    _ => (p, m),
                }
            })
    }
    let paths = Pointer::root().join("paths");
    let components = Pointer::root().join("components");
    let found = if pointer == paths {
        each::<PathItem>(raw, &paths)
    } else if pointer.as_str().starts_with(components.as_str()) {
        each::<Schema>(raw, &components.join("schemas"))
            .or_else(|| each::<Parameter>(raw, &components.join("parameters")))
            .or_else(|| each::<Response>(raw, &components.join("responses")))
            .or_else(|| each::<RequestBody>(raw, &components.join("requestBodies")))
            .or_else(|| each::<SecurityScheme>(raw, &components.join("securitySchemes")))
    } else {
        None
    };
    found.unwrap_or((pointer, message))
}

fn check_version(raw: &Json) -> Result<(), SpecError> {
    let Some(object) = raw.as_object() else {
        return Err(SpecError::new(
            "#",
            ErrorKind::Syntax,
            "the document is not a mapping; an OpenAPI document starts with `openapi: 3.0.x`",
        ));
    };
    if let Some(swagger) = object.get("swagger") {
        return Err(SpecError::new(
            "#/swagger",
            ErrorKind::UnsupportedVersion,
            format!(
                "found Swagger {}; only OpenAPI 3.0.x is supported (convert the document to OpenAPI 3.0 first)",
                display_scalar(swagger)
            ),
        ));
    }
    match object.get("openapi") {
        None => Err(SpecError::new(
            "#/openapi",
            ErrorKind::UnsupportedVersion,
            "the `openapi` field is missing; only OpenAPI 3.0.x documents are supported",
        )),
        Some(Json::String(v)) if is_3_0(v) => Ok(()),
        Some(other) => Err(SpecError::new(
            "#/openapi",
            ErrorKind::UnsupportedVersion,
            format!(
                "found OpenAPI {}; only 3.0.x (for example 3.0.3) is supported",
                display_scalar(other)
            ),
        )),
    }
}

fn is_3_0(version: &str) -> bool {
    match version.strip_prefix("3.0.") {
        Some(patch) => !patch.is_empty() && patch.bytes().all(|b| b.is_ascii_digit()),
        None => false,
    }
}

fn display_scalar(v: &Json) -> String {
    match v {
        Json::String(s) => format!("`{s}`"),
        other => format!("`{other}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> SpecError {
        match load(text) {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.0.into_iter().next().expect("one error"),
        }
    }

    #[test]
    fn rejects_other_versions_with_the_version_named() {
        let e = err("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert_eq!(e.kind, ErrorKind::UnsupportedVersion);
        assert_eq!(e.pointer, "#/openapi");
        assert!(e.message.contains("3.1.0"), "{}", e.message);

        let e = err("swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n");
        assert_eq!(e.pointer, "#/swagger");
        assert!(e.message.contains("Swagger `2.0`"), "{}", e.message);

        assert_eq!(err("info: {}\n").pointer, "#/openapi");
        assert_eq!(err("openapi: 3.0\n").kind, ErrorKind::UnsupportedVersion);
    }

    #[test]
    fn reports_yaml_syntax_with_a_line() {
        let e = err("openapi: 3.0.3\npaths: {\n");
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(e.message.contains("line"), "{}", e.message);
    }

    #[test]
    fn reports_shape_errors_with_the_pointer() {
        let e = err(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses: 7\n",
        );
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert_eq!(e.pointer, "#/paths/~1a/get/responses");
    }

    #[test]
    fn json_documents_are_read_as_json() {
        // Escaped surrogate pairs, which a YAML parser refuses, and an integer beyond 64 bits.
        let text = r#"{"openapi":"3.0.3","info":{"title":"\ud83d\ude00 t","version":"1"},
            "paths":{},"components":{"schemas":{"Big":{"type":"integer","minimum":-9223372036854776000}}}}"#;
        let loaded = load(text).expect("loads");
        assert_eq!(loaded.doc.info.title, "\u{1f600} t");
        assert!(
            loaded
                .raw
                .pointer("/components/schemas/Big/minimum")
                .is_some_and(Json::is_number)
        );
    }

    #[test]
    fn a_byte_order_mark_and_integer_bounds_beyond_64_bits_are_read() {
        let text = "\u{feff}{\"openapi\":\"3.0.3\",\"info\":{\"title\":\"\\ud83d\\ude00\",\"version\":\"1\"},\"paths\":{},\"components\":{\"schemas\":{\"N\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"maximum\":18446744073709551615,\"minimum\":0.0,\"multipleOf\":0.5}}}}}}";
        let loaded = load(text).expect("loads");
        let n = loaded
            .raw
            .pointer("/components/schemas/N/properties/n")
            .unwrap();
        assert_eq!(n.get("minimum"), Some(&Json::from(0)));
        assert!(
            n.get("maximum").is_none() && n.get("multipleOf").is_none(),
            "{n}"
        );
        let api = crate::lower::lower(&loaded).expect("lowers");
        let crate::ir::TypeKind::Struct { fields, .. } = &api.types[0].kind else {
            panic!("{:?}", api.types[0]);
        };
        assert_eq!(fields[0].ty, crate::ir::TypeRef::I64);
    }

    #[test]
    fn yaml_integers_beyond_64_bits_read_like_json_ones() {
        let loaded = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    Big:\n      type: object\n      properties:\n        n: {type: integer, minimum: -9223372036854776000, maximum: 99999999999999999999}\n      example: {n: 123456789012345678901234567890}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let big = &loaded.raw["components"]["schemas"]["Big"];
        assert_eq!(big["example"]["n"].as_f64(), Some(1.2345678901234568e29));
        let api = crate::lower::lower(&loaded).unwrap_or_else(|e| panic!("{e}"));
        let crate::ir::TypeKind::Struct { fields, .. } = &api.types[0].kind else {
            panic!("{:?}", api.types[0]);
        };
        assert_eq!(fields[0].ty, crate::ir::TypeRef::I64);
    }

    #[test]
    fn yaml_problems_are_reported_at_their_pointer_after_the_version() {
        let head = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";
        let e = err(&format!(
            "{head}paths: {{}}\ncomponents:\n  schemas:\n    A: {{type: string}}\n    A: {{type: integer}}\n"
        ));
        assert_eq!(e.pointer, "#/components/schemas/A");
        assert!(e.message.contains("twice"), "{}", e.message);
        let e = err(&format!("{head}paths: {{}}\nx-n: .nan\n"));
        assert_eq!(e.pointer, "#/x-n");
        assert!(e.message.contains("no JSON form"), "{}", e.message);
        let e = err("openapi: 3.1.0\npaths: {}\npaths: {}\n");
        assert_eq!(e.kind, ErrorKind::UnsupportedVersion);
        // Tags, anchors and aliases read as the values they stand for.
        let loaded = load(&format!(
            "{head}paths: {{}}\nx-a: &v !custom {{k: [1, true, ~]}}\nx-b: *v\n"
        ))
        .unwrap_or_else(|e| panic!("{e}"));
        let want = serde_json::json!({"k": [1, true, null]});
        assert_eq!(loaded.raw["x-a"], want);
        assert_eq!(loaded.raw["x-b"], want);
    }

    #[test]
    fn yaml_merge_keys_give_the_keys_they_merge() {
        let loaded = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-base: &base {type: object, description: base, properties: {a: {type: string}}}\nx-more: &more {nullable: true, description: more}\nx-one: {<<: *base, description: own}\nx-two: {<<: [*more, *base], required: [a]}\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            loaded.raw["x-one"],
            serde_json::json!({"type": "object", "properties": {"a": {"type": "string"}}, "description": "own"})
        );
        assert_eq!(loaded.raw["x-two"]["description"], "more");
        assert_eq!(loaded.raw["x-two"]["type"], "object");
        assert_eq!(loaded.raw["x-two"]["nullable"], true);
        assert!(loaded.raw["x-two"].get("<<").is_none());
        let e = err("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\nx-bad: {<<: 3}\n");
        assert_eq!(e.pointer, "#/x-bad/<<");
    }

    #[test]
    fn a_repeated_json_key_is_refused_at_its_pointer() {
        let e = err("{\"openapi\":\"3.0.3\",\n\"paths\":{\"/a\":{},\"/a\":{}}}");
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert_eq!(e.pointer, "#/paths/~1a");
        assert!(e.message.contains("appears twice"), "{}", e.message);
        // In JSON, `<<` is a key like any other.
        let loaded = load(r#"{"openapi":"3.0.3","info":{"title":"t","version":"1"},"paths":{},"x-m":{"<<":{"a":1}}}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded.raw["x-m"]["<<"]["a"], 1);
    }

    #[test]
    fn a_3_1_document_is_an_unsupported_version_whatever_else_it_holds() {
        // JSON with escapes a YAML parser refuses.
        let e = err(r#"{"openapi":"3.1.0","info":{"title":"\ud83d\ude00","version":"1"}}"#);
        assert_eq!(e.kind, ErrorKind::UnsupportedVersion);
        assert!(e.message.contains("3.1.0"), "{}", e.message);
        // YAML with a key JSON cannot have.
        let e = err("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {[a]: 1}\n");
        assert_eq!(e.kind, ErrorKind::UnsupportedVersion);
        let e = err("openapi: 3.0\n");
        assert!(e.message.contains("`3.0`"), "{}", e.message);
    }

    #[test]
    fn numeric_status_keys_are_read_as_strings() {
        let loaded = load(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        200: {description: ok}\n",
        )
        .expect("loads");
        assert!(loaded.raw.pointer("/paths/~1a/get/responses/200").is_some());
    }
}
