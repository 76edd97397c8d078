//! The golden crates used as a user would: the constructs of the fixture documents decode,
//! encode and build as the documents mean.

use golden_schemas::models::{
    Animal, Cat, Dog, Owner, OwnerContact, Record, RecordMood, Shapes, Size,
};
use serde_json::json;

#[test]
fn a_discriminator_picks_the_alternative_and_unknown_tags_are_kept() {
    let cat: Animal =
        serde_json::from_value(json!({"kind": "cat", "name": "Tom", "lives": 7})).unwrap();
    let Animal::Cat(cat) = cat else {
        panic!("{cat:?}")
    };
    assert_eq!(
        (cat.name.as_str(), cat.lives, cat.indoor),
        ("Tom", 7, true),
        "indoor takes its default"
    );

    // The mapping may name the target by schema name only.
    let dog: Animal =
        serde_json::from_value(json!({"kind": "dog", "name": "Rex", "breed": "collie", "size": 3}))
            .unwrap();
    let Animal::Dog(dog) = dog else {
        panic!("{dog:?}")
    };
    assert_eq!(dog.size, Some(Size::V3));
    assert_eq!(dog.owner, None);

    let bird: Animal = serde_json::from_value(json!({"kind": "bird", "wings": 2})).unwrap();
    assert_eq!(bird, Animal::Unknown(json!({"kind": "bird", "wings": 2})));
    assert_eq!(
        serde_json::to_value(&bird).unwrap(),
        json!({"kind": "bird", "wings": 2})
    );

    let err = serde_json::from_value::<Animal>(json!({"kind": "dog", "name": "Rex"})).unwrap_err();
    assert!(err.to_string().contains("breed"), "{err}");
}

#[test]
fn all_of_merges_properties_and_required_lists() {
    let dog = Dog::new("dog", "Rex", "beagle");
    let encoded = serde_json::to_value(&dog).unwrap();
    assert_eq!(
        encoded,
        json!({"kind": "dog", "name": "Rex", "breed": "beagle"})
    );
    let cat = Cat::new("cat", "Tom");
    assert_eq!(
        (cat.lives, cat.indoor),
        (9, true),
        "new() applies the defaults"
    );
}

#[test]
fn read_only_is_not_sent_and_write_only_is_not_read() {
    let mut cat: Cat = serde_json::from_value(
        json!({"kind": "cat", "name": "Tom", "id": 5, "password": "hunter2"}),
    )
    .unwrap();
    assert_eq!(cat.id, Some(5), "read-only properties are read");
    assert_eq!(
        cat.password, None,
        "write-only properties are ignored in responses"
    );
    cat.password = Some("s3cret".into());
    let sent = serde_json::to_value(&cat).unwrap();
    assert_eq!(sent.get("id"), None, "read-only properties are not sent");
    assert_eq!(sent["password"], "s3cret");
}

#[test]
fn any_of_without_discriminator_takes_the_first_fitting_alternative() {
    let owner: Owner = serde_json::from_value(json!({"contact": "a@b.example"})).unwrap();
    assert_eq!(
        owner.contact,
        Some(OwnerContact::String("a@b.example".into()))
    );
    let owner: Owner = serde_json::from_value(json!({"contact": 5551234})).unwrap();
    assert_eq!(owner.contact, Some(OwnerContact::Integer(5551234)));
    let owner: Owner = serde_json::from_value(json!({"contact": {"street": "Main"}})).unwrap();
    let Some(OwnerContact::Postal(postal)) = owner.contact else {
        panic!()
    };
    assert_eq!(postal.street.as_deref(), Some("Main"));
}

#[test]
fn integer_enums_defaults_maps_and_formats() {
    assert_eq!(
        serde_json::from_value::<Size>(json!(-1)).unwrap(),
        Size::Minus1
    );
    assert_eq!(
        serde_json::from_value::<Size>(json!(42)).unwrap(),
        Size::Unknown(42)
    );
    assert_eq!(serde_json::to_value(Size::V2).unwrap(), json!(2));
    // Equality, order and hashing go by the number sent: a listed value built as `Unknown`
    // (as code written against an older document may) is that variant.
    assert_eq!(Size::Unknown(2), Size::V2);
    assert_ne!(Size::Unknown(4), Size::V2);
    assert!(Size::Minus1 < Size::V1 && Size::V3 < Size::Unknown(42));
    let distinct: std::collections::HashSet<Size> =
        [Size::V2, Size::Unknown(2), Size::from(2), Size::Unknown(42)]
            .into_iter()
            .collect();
    assert_eq!(distinct.len(), 2, "{distinct:?}");

    let record: Record = serde_json::from_value(json!({
        "saved": "2026-11-26T10:00:00Z",
        "weight": 1.5,
        "tagCounts": {"a": 1, "b": 2},
        "anything": {"x": [1]},
        "freeform": [true],
        "grid": [[1, 2], [3]],
    }))
    .unwrap();
    assert_eq!(
        record.mood,
        RecordMood::Calm,
        "the default of a missing property"
    );
    assert_eq!(record.tag_counts.unwrap()["b"], 2);
    assert_eq!(record.grid, Some(vec![vec![1, 2], vec![3]]));
    assert_eq!(record.freeform, Some(json!([true])));
    let sent = serde_json::to_value(Record::new()).unwrap();
    assert_eq!(sent, json!({"mood": "calm"}));
}

#[test]
fn awkward_names_keep_their_wire_names() {
    let names = golden_schemas::models::Names::new()
        .type_("t")
        .end("e")
        .ref_("r")
        .self_("s")
        .foo_bar("1")
        .foo_bar_2("2")
        .foo_bar_3("3")
        .n_2nd("4")
        .value("5");
    assert_eq!(
        serde_json::to_value(&names).unwrap(),
        json!({"type": "t", "end": "e", "ref": "r", "self": "s", "fooBar": "1", "foo_bar": "2", "FOO-BAR": "3", "2nd": "4", "": "5"})
    );
    let _: golden_schemas::models::Names2 = serde_json::from_value(json!({"n": 1})).unwrap();
    let _ = golden_schemas::models::OptionModel::Yes;
}

/// `Shapes` decoded as the generated client decodes a response body: the path and message of
/// the failure, if any.
fn shapes(body: &str) -> Result<Shapes, (String, String)> {
    let mut deserializer = serde_json::Deserializer::from_str(body);
    let shapes: Shapes = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| (e.path().to_string(), e.inner().to_string()))?;
    deserializer
        .end()
        .map_err(|e| (".".to_string(), e.to_string()))?;
    Ok(shapes)
}

/// The required properties of `Shapes`, and nothing else.
const MINIMAL: &str = r#"{"id": "a", "note": null, "parent": null, "mode": "m"}"#;

#[test]
fn each_kind_of_property_decodes_as_the_document_says() {
    let full = shapes(
        r#"{"id": "a", "note": "n", "mode": "slow", "count": 1, "label": "l", "level": 5,
            "token": "t", "pin": "p", "secret": "s", "size": 3, "tags": ["x"], "other": [1],
            "parent": {"id": "p", "note": null, "parent": null, "mode": "m"},
            "next": {"id": "b", "note": "n2", "parent": null, "mode": "m", "next": null}}"#,
    )
    .unwrap();
    assert_eq!(
        (full.id.as_str(), full.note.as_deref(), full.mode.as_str()),
        ("a", Some("n"), "slow")
    );
    assert_eq!(
        (full.count, full.label.as_deref(), full.level),
        (Some(1), Some("l"), 5)
    );
    assert_eq!(
        (
            full.token.as_str(),
            full.pin.as_deref(),
            full.secret.as_str()
        ),
        ("", None, "hidden"),
        "write-only properties are ignored: the field gets its empty value or its default"
    );
    assert_eq!(full.parent.as_ref().map(|p| p.id.as_str()), Some("p"));
    let next = full.next.as_deref().unwrap();
    assert_eq!((next.id.as_str(), next.note.as_deref()), ("b", Some("n2")));
    assert_eq!(next.next, None);
    assert_eq!(full.size, Some(Size::V3));
    assert_eq!(full.tags, Some(vec!["x".to_string()]));
    assert_eq!(
        serde_json::Value::Object(full.extra.into_map()),
        json!({"other": [1]})
    );

    // Only the required properties: optional ones are `None`, or their default.
    let minimal = shapes(MINIMAL).unwrap();
    assert_eq!((minimal.note, minimal.parent), (None, None));
    assert_eq!(
        (minimal.count, minimal.label, minimal.tags),
        (None, None, None)
    );
    assert_eq!((minimal.level, minimal.secret.as_str()), (3, "hidden"));
    assert!(minimal.extra.is_empty());

    // `null` for a property that need not be given reads as its absence.
    let nulls = shapes(
        r#"{"id": "a", "note": null, "parent": null, "mode": "m", "count": null, "label": null,
            "level": null, "next": null, "size": null, "tags": null}"#,
    )
    .unwrap();
    assert_eq!((nulls.count, nulls.level, nulls.next), (None, 3, None));

    // A write-only property is not read, whatever its value.
    let ignored = shapes(
        r#"{"id": "a", "note": null, "parent": null, "mode": "m", "token": [1], "pin": {}, "secret": 2}"#,
    )
    .unwrap();
    assert_eq!(ignored.token, "");
    assert!(ignored.extra.is_empty(), "and not kept as unknown either");

    // Serializing sends what the document allows: no unknown `null`s, write-only values yes.
    let sent = serde_json::to_value(Shapes::new("a", None, "m", "t", None).pin("1")).unwrap();
    assert_eq!(
        sent,
        json!({"id": "a", "note": null, "level": 3, "mode": "m", "token": "t", "pin": "1",
               "secret": "hidden", "parent": null})
    );
}

#[test]
fn shapes_the_document_rules_out_are_refused_at_their_path() {
    let with = |extra: &str| MINIMAL.replacen('{', &format!("{{{extra}, "), 1);
    let cases = [
        // Not an object at all.
        (
            "[]".to_string(),
            ".",
            "invalid type: sequence, expected a JSON object (Shapes)",
        ),
        (
            r#"["a", null, null, "m"]"#.into(),
            ".",
            "invalid type: sequence",
        ),
        (r#""a""#.into(), ".", "invalid type: string"),
        ("null".into(), ".", "invalid type: null"),
        ("7".into(), ".", "invalid type: integer"),
        (
            with(r#""next": []"#),
            "next",
            "invalid type: sequence, expected a JSON object (Shapes)",
        ),
        (
            with(r#""next": [{"id": "b"}]"#),
            "next",
            "invalid type: sequence",
        ),
        (
            MINIMAL.replace(r#""parent": null"#, r#""parent": ["p", null, null, "m"]"#),
            "parent",
            "invalid type: sequence",
        ),
        // Required properties, nullable or not, boxed or not, with a default or not.
        (
            r#"{"note": null, "parent": null, "mode": "m"}"#.into(),
            ".",
            "missing field `id`",
        ),
        (
            r#"{"id": "a", "parent": null, "mode": "m"}"#.into(),
            ".",
            "missing field `note`",
        ),
        (
            r#"{"id": "a", "note": null, "mode": "m"}"#.into(),
            ".",
            "missing field `parent`",
        ),
        (
            r#"{"id": "a", "note": null, "parent": null}"#.into(),
            ".",
            "missing field `mode`",
        ),
        (
            MINIMAL.replace(r#""id": "a""#, r#""id": null"#),
            "id",
            "invalid type: null",
        ),
        (
            MINIMAL.replace(r#""mode": "m""#, r#""mode": null"#),
            "mode",
            "invalid type: null",
        ),
        (
            with(r#""next": {"id": "b", "parent": null, "mode": "m"}"#),
            "next",
            "missing field `note`",
        ),
        // A property given twice, whether named, unknown or write-only.
        (with(r#""id": "b""#), "id", "duplicate field `id`"),
        (
            with(r#""label": null, "label": "l""#),
            "label",
            "duplicate field `label`",
        ),
        (with(r#""x": 1, "x": 1"#), "x", "duplicate field `x`"),
        (
            with(r#""token": "t", "token": "t""#),
            "token",
            "duplicate field `token`",
        ),
        // Values of the wrong type.
        (with(r#""count": "1""#), "count", "invalid type: string"),
        (
            with(r#""count": 1.5"#),
            "count",
            "invalid type: floating point",
        ),
        (
            with(r#""count": 1.0"#),
            "count",
            "invalid type: floating point",
        ),
        (
            with(r#""count": 3000000000"#),
            "count",
            "invalid value: integer `3000000000`",
        ),
        (with(r#""count": true"#), "count", "invalid type: boolean"),
        (with(r#""label": 5"#), "label", "invalid type: integer"),
        (with(r#""tags": {"a": "b"}"#), "tags", "invalid type: map"),
        (with(r#""tags": "x""#), "tags", "invalid type: string"),
        (with(r#""tags": [1]"#), "tags[0]", "invalid type: integer"),
        (with(r#""size": "3""#), "size", "invalid type: string"),
        (
            with(r#""size": 2.5"#),
            "size",
            "invalid type: floating point",
        ),
        (
            with(r#""next": {"id": 1}"#),
            "next.id",
            "invalid type: integer",
        ),
        // Anything after the object.
        (format!("{MINIMAL} {{}}"), ".", "trailing characters"),
    ];
    for (body, path, message) in &cases {
        match shapes(body) {
            Ok(value) => panic!("{body}: accepted as {value:?}"),
            Err((p, m)) => {
                assert_eq!(&p, path, "{body}: {m}");
                assert!(m.contains(message), "{body}: {m}");
            }
        }
    }

    // A required property keeps the document's word over its default.
    let err = serde_json::from_value::<Cat>(json!({"kind": "cat"})).unwrap_err();
    assert!(err.to_string().contains("missing field `name`"), "{err}");
    // An alternative of a `oneOf` is an object too.
    let err = serde_json::from_value::<Animal>(json!(["cat", "Tom"])).unwrap_err();
    assert!(err.to_string().contains("invalid type"), "{err}");
}
