//! Property tests: random text and randomly mutated documents never make the generator panic.
//! Every input ends in generated files or in errors that name a place.

use codegen::{Config, Manifest};
use proptest::prelude::*;
use serde_json::Value;

const SEEDS: [&str; 3] = [
    include_str!("fixtures/small.yaml"),
    include_str!("fixtures/schemas.yaml"),
    include_str!("fixtures/operations.yaml"),
];

fn config() -> Config {
    Config {
        crate_name: "fuzzed".into(),
        crate_version: "0.0.0".into(),
        command: "test".into(),
        spec_label: "fuzzed.yaml".into(),
        manifest: Manifest::Standalone,
        package: codegen::Package::default(),
    }
}

/// Runs the loader and lowering, or with `full` the whole pipeline; the outcome must be files
/// (or the model) or errors with pointers.
fn run(text: &str, full: bool) {
    if !full {
        if let Err(errors) = codegen::analyze(text) {
            assert!(!errors.0.is_empty());
            assert!(
                errors.iter().all(|e| e.pointer.starts_with('#')),
                "{errors}"
            );
        }
        return;
    }
    match codegen::generate(text, &config()) {
        Ok(generated) => assert!(generated.files.contains_key("src/lib.rs")),
        Err(codegen::Error::Spec(errors)) => {
            assert!(!errors.0.is_empty());
            for e in errors.iter() {
                assert!(e.pointer.starts_with('#'), "{e}");
            }
        }
        Err(e) => panic!("{e}\n--- input ---\n{text}"),
    }
}

/// Every node of the tree, by path of object keys and array indexes.
fn paths(value: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let mut next = at.clone();
                next.push(k.clone());
                paths(v, next, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut next = at.clone();
                next.push(i.to_string());
                paths(v, next, out);
            }
        }
        _ => {}
    }
}

fn node<'a>(root: &'a mut Value, path: &[String]) -> Option<&'a mut Value> {
    path.iter().try_fold(root, |v, key| match v {
        Value::Object(map) => map.get_mut(key),
        Value::Array(items) => key.parse::<usize>().ok().and_then(|i| items.get_mut(i)),
        _ => None,
    })
}

/// Replacement values that hit the generator's edges: wrong types, dangling and cyclic
/// references, keywords, odd names, composition keywords.
fn replacement(choice: u8, text: &str) -> Value {
    match choice % 14 {
        0 => Value::Null,
        1 => Value::Bool(true),
        2 => serde_json::json!(-1),
        3 => Value::String(text.to_string()),
        4 => serde_json::json!({}),
        5 => serde_json::json!([]),
        6 => serde_json::json!({ "$ref": "#/components/schemas/Nope" }),
        7 => serde_json::json!({ "$ref": "#/components/schemas/Animal" }),
        8 => {
            serde_json::json!({ "type": "object", "properties": { "type": { "type": "string" }, text: { "type": "integer" } } })
        }
        9 => {
            serde_json::json!({ "oneOf": [{ "type": "string" }, { "$ref": "#/components/schemas/Pet" }] })
        }
        10 => {
            serde_json::json!({ "allOf": [{ "$ref": "#/components/schemas/Pet" }, { "type": "string" }] })
        }
        11 => serde_json::json!({ "type": "array", "items": { "type": "array" } }),
        12 => serde_json::json!({ "type": "string", "enum": [text, "", "Unknown", "1"] }),
        _ => serde_json::json!({ "in": "cookie", "name": text, "schema": { "type": "object" } }),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every case goes through loading and lowering; one in ten through emitting and
    /// formatting too, which costs the most.
    #[test]
    fn mutated_documents_never_panic(
        full in prop::bool::weighted(0.1),
        seed in 0..SEEDS.len(),
        mutations in prop::collection::vec((any::<u32>(), any::<u8>(), "[a-zA-Z0-9_ {}/#~.-]{0,12}", any::<bool>()), 1..6),
    ) {
        let mut doc: Value = seeds()[seed].clone();
        for (pick, choice, text, remove) in mutations {
            let mut all = Vec::new();
            paths(&doc, Vec::new(), &mut all);
            let path = &all[pick as usize % all.len()];
            if remove && !path.is_empty() {
                let (last, parent) = path.split_last().expect("not the root");
                match node(&mut doc, parent) {
                    Some(Value::Object(map)) => { map.remove(last); }
                    Some(Value::Array(items)) => {
                        if let Ok(i) = last.parse::<usize>() { if i < items.len() { items.remove(i); } }
                    }
                    _ => {}
                }
            } else if let Some(target) = node(&mut doc, path) {
                *target = replacement(choice, &text);
            }
        }
        run(&serde_json::to_string(&doc).expect("a JSON value serializes"), full);
    }

}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "(openapi: 3\\.0\\.[0-9]\n)?[ -~\n]{0,200}") {
        run(&text, true);
    }
}

/// The seeds in their JSON form, parsed once.
fn seeds() -> &'static [Value] {
    static SEEDS_JSON: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    SEEDS_JSON.get_or_init(|| SEEDS.iter().map(|text| yaml_to_json(text)).collect())
}

/// The seeds are YAML; the mutations work on their JSON form.
fn yaml_to_json(text: &str) -> Value {
    let yaml: yaml_serde::Value = yaml_serde::from_str(text).expect("the fixtures are valid YAML");
    serde_json::to_value(yaml).expect("the fixtures have string keys")
}
