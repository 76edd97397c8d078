use super::{Error, TestBody};
use crate::de::{
    FromObject, Key, ignore, kept, next_key, object, optional, required, unknown, value,
    whole_object, write_only,
};
use crate::response::decode;
use serde::de::MapAccess;

/// A struct written the way the generator writes one: a required property, an optional one,
/// and the rest kept.
#[derive(Debug, PartialEq)]
struct Pair {
    id: String,
    note: Option<String>,
    extra: crate::extra::Extra,
}

impl FromObject for Pair {
    const NAME: &'static str = "Pair";

    fn from_object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut field_0 = None;
        let mut field_1 = None;
        let mut field_2 = None;
        let mut rest = crate::extra::Extra::new();
        while let Some(key) = next_key(&mut map)? {
            match key.as_str() {
                "id" => value(&mut map, &mut field_0, "id")?,
                "note" => value(&mut map, &mut field_1, "note")?,
                "password" => write_only(&mut map, &mut field_2, "password")?,
                "ignored" => ignore(&mut map)?,
                _ => unknown(&mut map, &mut rest, key)?,
            }
        }
        Ok(Pair {
            id: required(&map, field_0, "id")?,
            note: optional(field_1),
            extra: kept(rest),
        })
    }
}

impl<'de> serde::Deserialize<'de> for Pair {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

/// The path and message of the decode error for `body`.
fn refused(body: &str) -> (String, String) {
    match decode::<Vec<Pair>, TestBody>(200, body.as_bytes()).unwrap_err() {
        Error::Decode { path, message, .. } => (path, message),
        other => panic!("{body}: {other:?}"),
    }
}

#[test]
fn an_object_decodes_with_its_unknown_properties_kept() {
    let pairs: Vec<Pair> = decode::<_, TestBody>(
        200,
        br#"[{"id":"a","note":null,"x":[1],"password":[2],"ignored":{}},{"note":"n","id":"b\u0041"}]"#,
    )
    .unwrap();
    assert_eq!(
        pairs,
        [
            Pair {
                id: "a".into(),
                note: None,
                extra: serde_json::json!({"x": [1]})
                    .as_object()
                    .unwrap()
                    .clone()
                    .into(),
            },
            Pair {
                id: "bA".into(),
                note: Some("n".into()),
                extra: crate::extra::Extra::new(),
            },
        ]
    );
}

/// An object with kept properties inside another's, to show that the names each one keeps
/// are its own while both are being read.
#[derive(Debug)]
struct Outer {
    inner: Option<Pair>,
    extra: crate::extra::Extra,
}

impl FromObject for Outer {
    const NAME: &'static str = "Outer";

    fn from_object<'de, A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut field_0 = None;
        let mut rest = crate::extra::Extra::new();
        while let Some(key) = next_key(&mut map)? {
            match key.as_str() {
                "inner" => value(&mut map, &mut field_0, "inner")?,
                _ => unknown(&mut map, &mut rest, key)?,
            }
        }
        Ok(Outer {
            inner: optional(field_0),
            extra: kept(rest),
        })
    }
}

impl<'de> serde::Deserialize<'de> for Outer {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

#[test]
fn kept_names_belong_to_their_own_object() {
    // The same unknown names in consecutive objects, and in an object read in the middle of
    // another, are not repeats.
    let body = br#"[{"a":1,"inner":{"id":"i","a":2,"b":3},"b":4},{"a":5,"b":6,"inner":null}]"#;
    let outers: Vec<Outer> = decode::<_, TestBody>(200, body).unwrap();
    assert_eq!(outers.len(), 2);
    assert_eq!(outers[0].extra.len(), 2);
    assert_eq!(outers[0].extra["a"], 1);
    assert_eq!(outers[0].extra["b"], 4);
    let inner = outers[0].inner.as_ref().unwrap();
    assert_eq!(
        (inner.extra.len(), &inner.extra["a"]),
        (2, &serde_json::json!(2))
    );
    assert_eq!(outers[1].extra["b"], 6);
    assert!(outers[1].inner.is_none());
    // A repeat after an inner object is read is still a repeat, at its path.
    let failed =
        decode::<Vec<Outer>, TestBody>(200, br#"[{"a":1,"inner":{"id":"i","a":2},"a":3}]"#)
            .unwrap_err();
    match failed {
        Error::Decode { path, message, .. } => {
            assert_eq!(path, "[0].a");
            assert!(message.contains("duplicate field `a`"), "{message}");
        }
        other => panic!("{other:?}"),
    }
    // So is one inside the inner object, after a failed decode left its names behind.
    let (path, message) = refused(r#"[{"id":"a","x":1,"y":2,"x":3}]"#);
    assert_eq!((path.as_str(), message.contains("`x`")), ("[0].x", true));
    let pairs: Vec<Pair> =
        decode::<_, TestBody>(200, br#"[{"id":"a","x":1},{"id":"b","x":2,"y":3}]"#).unwrap();
    assert_eq!(pairs[1].extra.len(), 2);
}

#[test]
fn anything_but_an_object_is_refused_at_its_path() {
    for (body, shown) in [
        (r#"[[]]"#, "sequence"),
        (r#"[["a", "n"]]"#, "sequence"),
        (r#"["a"]"#, "string \"a\""),
        (r#"[null]"#, "null"),
        (r#"[7]"#, "integer `7`"),
    ] {
        let (path, message) = refused(body);
        assert_eq!(path, "[0]", "{body}");
        assert!(
            message.contains(&format!(
                "invalid type: {shown}, expected a JSON object (Pair)"
            )),
            "{body}: {message}"
        );
    }
}

#[test]
fn a_property_given_twice_is_refused_at_its_path() {
    let (path, message) = refused(r#"[{"id":"a"},{"id":"a","id":"b"}]"#);
    assert_eq!(path, "[1].id");
    assert!(message.contains("duplicate field `id`"), "{message}");
    // Also when the property is one the type does not name, and when its name is escaped.
    let (path, message) = refused(r#"[{"id":"a","x":1,"\u0078":2}]"#);
    assert_eq!(path, "[0].x");
    assert!(message.contains("duplicate field `x`"), "{message}");
    // Also when the first value was `null`, and when the property is not read.
    let (path, _) = refused(r#"[{"id":"a","note":null,"note":"n"}]"#);
    assert_eq!(path, "[0].note");
    let (path, _) = refused(r#"[{"id":"a","password":1,"password":1}]"#);
    assert_eq!(path, "[0].password");
}

#[test]
fn a_missing_required_property_is_refused_at_its_object() {
    let (path, message) = refused(r#"[{"id":"a"},{"note":"n"}]"#);
    assert_eq!(path, "[1]");
    assert!(message.contains("missing field `id`"), "{message}");
    let (path, message) = refused(r#"[{"id":null}]"#);
    assert_eq!(path, "[0].id");
    assert!(message.contains("invalid type: null"), "{message}");
}

#[test]
fn keys_are_borrowed_when_the_input_lends_them() {
    let mut plain = serde_json::Deserializer::from_str(r#""name""#);
    let key: Key<'_> = serde::Deserialize::deserialize(&mut plain).unwrap();
    assert_eq!(key, Key::Borrowed("name"));
    let mut escaped = serde_json::Deserializer::from_str(r#""n\u0061me""#);
    let key: Key<'_> = serde::Deserialize::deserialize(&mut escaped).unwrap();
    assert_eq!(key, Key::Owned("name".into()));
    assert_eq!(
        (key.as_str(), key.clone().into_string()),
        ("name", "name".into())
    );
}

#[test]
fn other_deserializers_work_too() {
    // From a `serde_json::Value` (keys are owned there) and through serde's buffering, as an
    // untagged enum uses it.
    let pair: Pair = serde_json::from_value(serde_json::json!({"id": "v", "n": 1})).unwrap();
    assert_eq!((pair.id.as_str(), pair.extra.len()), ("v", 1));
    #[derive(Debug, serde::Deserialize)]
    #[serde(untagged)]
    enum Either {
        Pair(Pair),
        Text(String),
    }
    let e: Either = serde_json::from_str(r#"{"id":"u"}"#).unwrap();
    assert!(matches!(e, Either::Pair(ref p) if p.id == "u"), "{e:?}");
    let e: Either = serde_json::from_str(r#""t""#).unwrap();
    assert!(matches!(e, Either::Text(ref t) if t == "t"), "{e:?}");
    assert!(serde_json::from_str::<Either>(r#"["u"]"#).is_err());
}

#[test]
fn a_whole_object_is_read_as_it_is_and_nothing_else_is() {
    let mut deserializer = serde_json::Deserializer::from_str(r#"{"kind":"a","n":[1]}"#);
    let object = whole_object(&mut deserializer, "Animal").unwrap();
    assert_eq!(
        serde_json::Value::Object(object),
        serde_json::json!({"kind": "a", "n": [1]})
    );
    let mut deserializer = serde_json::Deserializer::from_str(r#"["a"]"#);
    let e = whole_object(&mut deserializer, "Animal").unwrap_err();
    assert!(
        e.to_string()
            .contains("invalid type: sequence, expected a JSON object (Animal)"),
        "{e}"
    );
    // Through the path tracker, as a response is decoded: a repeated property is named.
    struct Whole;
    impl<'de> serde::Deserialize<'de> for Whole {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            whole_object(d, "Whole").map(|_| Whole)
        }
    }
    let mut deserializer = serde_json::Deserializer::from_str(r#"[{"k":1,"k":2}]"#);
    let e = serde_path_to_error::deserialize::<_, Vec<Whole>>(&mut deserializer)
        .err()
        .unwrap();
    assert_eq!(e.path().to_string(), "[0].k");
    assert!(e.inner().to_string().contains("duplicate field `k`"));
}

#[test]
fn unknown_properties_are_kept_as_their_text_and_read_back_as_values() {
    let body = br#"{"id":"v","a":"x\"y\u0041\n","b":[1,-2,2.5,1e300,true,null,{"c":{}}],"d":{},"e":18446744073709551615}"#;
    let pair: Pair = decode::<_, TestBody>(200, body).unwrap();
    let extra = &pair.extra;
    assert_eq!(extra.len(), 4);
    assert!(extra.contains_key("a") && !extra.contains_key("id"));
    assert_eq!(extra["a"], "x\"yA\n");
    assert_eq!(
        extra["b"],
        serde_json::json!([1, -2, 2.5, 1e300, true, null, {"c": {}}])
    );
    assert_eq!(extra["d"], serde_json::json!({}));
    assert_eq!(extra["e"], serde_json::json!(u64::MAX));
    assert_eq!(extra["missing"], serde_json::Value::Null);
    let names: Vec<&String> = extra.keys().collect();
    assert_eq!(names, ["a", "b", "d", "e"]);
    // A name given twice, also through an escape, is refused.
    let (path, message) = refused(r#"[{"id":"v","x":1,"\u0078":2}]"#);
    assert!(message.contains("duplicate field `x`"), "{path}: {message}");
    assert_eq!(path, "[0].x");
    // Changed, it is a map like any other.
    let mut extra = pair.extra.clone();
    extra.insert("z", serde_json::json!(1));
    extra.remove("a");
    assert_eq!(extra.keys().collect::<Vec<_>>(), ["b", "d", "e", "z"]);
    assert_ne!(extra, pair.extra);
}
