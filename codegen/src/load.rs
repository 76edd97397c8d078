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
/// pairs such as `"\\ud83d\\ude00"`). A key that appears twice in one object is refused.
fn parse_json(text: &str) -> Result<Json, SpecError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = serde::Deserialize::deserialize(&mut deserializer)
        .and_then(|Unique(value)| deserializer.end().map(|()| value));
    parsed.map_err(|e| {
        SpecError::new(
            "#",
            ErrorKind::Syntax,
            format!("the text is not valid JSON: {e}"),
        )
    })
}

/// A JSON value whose objects have no repeated key.
struct Unique(Json);

impl<'de> serde::Deserialize<'de> for Unique {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(UniqueVisitor).map(Unique)
    }
}

struct UniqueVisitor;

impl<'de> serde::de::Visitor<'de> for UniqueVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON value")
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

    fn visit_f64<E>(self, v: f64) -> Result<Json, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Json::Null, Json::Number))
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

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(Unique(item)) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut out = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let Unique(value) = map.next_value()?;
            if out.contains_key(&key) {
                return Err(serde::de::Error::custom(format!(
                    "the key `{key}` appears twice in the same object"
                )));
            }
            out.insert(key, value);
        }
        Ok(Json::Object(out))
    }
}

/// Reads a YAML document. Its version is checked before anything YAML allows and JSON does
/// not (keys that are not strings) is refused, so that a document of another version is told
/// so first.
fn parse_yaml(text: &str) -> Result<Json, SpecErrors> {
    let yaml: yaml_serde::Value = yaml_serde::from_str(text).map_err(|e| {
        let at = e
            .location()
            .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
            .unwrap_or_default();
        SpecError::new(
            "#",
            ErrorKind::Syntax,
            format!("the text is not valid YAML or JSON{at}: {e}"),
        )
    })?;
    if let yaml_serde::Value::Mapping(map) = &yaml {
        let version = |key: &str| {
            map.get(key)
                .map(|v| to_json(v.clone(), &Pointer::root()).unwrap_or(Json::Null))
        };
        let mut head = serde_json::Map::new();
        for key in ["openapi", "swagger"] {
            if let Some(v) = version(key) {
                head.insert(key.to_string(), v);
            }
        }
        check_version(&Json::Object(head))?;
    }
    Ok(to_json(yaml, &Pointer::root())?)
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

fn to_json(value: yaml_serde::Value, at: &Pointer) -> Result<Json, SpecError> {
    use yaml_serde::Value as Y;
    Ok(match value {
        Y::Null => Json::Null,
        Y::Bool(b) => Json::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Json::from(i)
            } else if let Some(u) = n.as_u64() {
                Json::from(u)
            } else {
                let f = n.as_f64().unwrap_or(f64::NAN);
                serde_json::Number::from_f64(f)
                    .map(Json::Number)
                    .ok_or_else(|| {
                        SpecError::new(
                            at.as_str(),
                            ErrorKind::Syntax,
                            format!("the number `{n}` has no JSON form"),
                        )
                    })?
            }
        }
        Y::String(s) => Json::String(s),
        Y::Sequence(items) => Json::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, v)| to_json(v, &at.join(i.to_string())))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(map) => {
            let mut out = serde_json::Map::new();
            for (k, v) in map {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    other => {
                        return Err(SpecError::new(
                            at.as_str(),
                            ErrorKind::Syntax,
                            format!("a mapping key must be a string, found {other:?}"),
                        ));
                    }
                };
                let child = to_json(v, &at.join(&key))?;
                if out.insert(key.clone(), child).is_some() {
                    return Err(SpecError::new(
                        at.join(&key).as_str(),
                        ErrorKind::Syntax,
                        "this key appears twice in the same mapping",
                    ));
                }
            }
            Json::Object(out)
        }
        Y::Tagged(tagged) => to_json(tagged.value, at)?,
    })
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
    fn a_repeated_json_key_is_refused_with_its_line() {
        let e = err("{\"openapi\":\"3.0.3\",\n\"paths\":{},\n\"paths\":{}}");
        assert_eq!(e.kind, ErrorKind::Syntax);
        assert!(e.message.contains("`paths` appears twice"), "{}", e.message);
        assert!(e.message.contains("line 3"), "{}", e.message);
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
