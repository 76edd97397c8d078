//! The golden crates used as a user would: the constructs of the fixture documents decode,
//! encode and build as the documents mean.

use golden_schemas::models::{Animal, Cat, Dog, Owner, OwnerContact, Record, RecordMood, Size};
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
    let Some(OwnerContact::OwnerContactPostal(postal)) = owner.contact else {
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
