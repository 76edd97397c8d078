//! Property test: every valid document the generator accepts gives a crate that compiles with
//! no warning. Random documents use names chosen to collide: Rust keywords, the names the
//! generated code itself uses, Unicode, case variants, leading digits, and names that become
//! equal after conversion. The crates are checked in one `cargo check` run, in a workspace of
//! their own with a target directory under this workspace's `target/`.
//!
//! `COMPILE_CASES` sets how many documents are made (default 12); `COMPILE_SEED` replays a
//! run (its seed is printed).

use codegen::{Config, Manifest};
use serde_json::{Map, Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Names that have broken or may break generated code.
const NAMES: &[&str] = &[
    // Rust keywords and prelude names.
    "type",
    "self",
    "Self",
    "crate",
    "super",
    "async",
    "await",
    "fn",
    "mod",
    "move",
    "ref",
    "Box",
    "Option",
    "Result",
    "String",
    "Vec",
    "Some",
    "None",
    "Ok",
    "Err",
    "Default",
    // Names the generated crate uses itself.
    "client",
    "Client",
    "ClientBuilder",
    "error",
    "Error",
    "ErrorBody",
    "models",
    "runtime",
    "limits",
    "secret",
    "retry",
    "send",
    "into_future",
    "IntoFuture",
    "timeout",
    "connect_timeout",
    "retry_policy",
    "core",
    "options",
    "new",
    "validate",
    "extra",
    "body",
    "default",
    "build",
    "server",
    "Server",
    "base_url",
    "status",
    "kind",
    "Unknown",
    "Custom",
    "Arc",
    "Duration",
    "HeaderValue",
    "RetryPolicy",
    "SecretString",
    "Request",
    "Outcome",
    "Variant1",
    "V1",
    // Names the decoding of objects uses: its locals, trait, helpers and generic parameters.
    "map",
    "key",
    "rest",
    "field_0",
    "field_1",
    "de",
    "Key",
    "FromObject",
    "IgnoredAny",
    "MapAccess",
    "NAME",
    "D",
    "deserializer",
    "optional",
    "unknown",
    // Unicode, case variants, digits, punctuation, duplicates after conversion.
    "naïve",
    "日本",
    "Ωmega",
    "fooBar",
    "foo_bar",
    "FOO-BAR",
    "foo bar",
    "FooBar",
    "2fa",
    "1st",
    "_",
    "-",
    "x.y",
    "x-y",
    "X_Y",
    "a",
    "A",
];

/// A small deterministic generator (xorshift), seeded per run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn name(&mut self) -> &'static str {
        NAMES[self.below(NAMES.len())]
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

/// A description that is sometimes empty or missing.
fn describe(rng: &mut Rng, target: &mut Map<String, Value>, text: &str) {
    match rng.below(3) {
        0 => {}
        1 => {
            target.insert("description".into(), json!(""));
        }
        _ => {
            target.insert("description".into(), json!(text));
        }
    }
}

fn scalar_schema(rng: &mut Rng) -> Value {
    match rng.below(7) {
        0 => json!({"type": "string"}),
        1 => json!({"type": "integer", "format": "int64"}),
        2 => json!({"type": "boolean"}),
        3 => json!({"type": "number"}),
        4 => json!({"type": "string", "format": "password", "minLength": 1}),
        5 => {
            let values: Vec<&str> = (0..1 + rng.below(4)).map(|_| rng.name()).collect();
            let mut unique = values.clone();
            unique.sort_unstable();
            unique.dedup();
            json!({"type": "string", "enum": unique})
        }
        _ => json!({"type": "array", "items": {"type": "string"}}),
    }
}

/// An object schema with colliding property names; some with defaults, some nullable or
/// write-only.
fn object_schema(rng: &mut Rng, others: &[String]) -> Value {
    let mut properties = Map::new();
    let mut required = Vec::new();
    for _ in 0..1 + rng.below(6) {
        let name = rng.name();
        let mut schema = if !others.is_empty() && rng.chance(4) {
            json!({"$ref": format!("#/components/schemas/{}", others[rng.below(others.len())])})
        } else {
            scalar_schema(rng)
        };
        if let Some(object) = schema.as_object_mut() {
            if object.get("type") == Some(&json!("string"))
                && !object.contains_key("enum")
                && rng.chance(3)
            {
                object.insert("default".into(), json!("x"));
            } else if rng.chance(2) {
                required.push(name);
            }
            if !object.contains_key("$ref") {
                describe(rng, object, "A property.");
                if rng.chance(4) {
                    object.insert("nullable".into(), json!(true));
                }
                if rng.chance(6) {
                    object.insert("writeOnly".into(), json!(true));
                }
            }
        }
        properties.insert(name.into(), schema);
    }
    required.sort_unstable();
    required.dedup();
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = json!(required);
    }
    if rng.chance(3) {
        schema["additionalProperties"] = json!(true);
    }
    describe(rng, schema.as_object_mut().unwrap(), "An object.");
    schema
}

/// A valid document with a few schemas and operations.
fn document(rng: &mut Rng) -> Value {
    let mut schemas = Map::new();
    let mut names: Vec<String> = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let name = rng.name().to_string();
        if schemas.contains_key(&name) {
            continue;
        }
        let schema = object_schema(rng, &names);
        schemas.insert(name.clone(), schema);
        names.push(name);
    }
    let mut paths = Map::new();
    for i in 0..1 + rng.below(4) {
        let path_param = rng.name();
        let path = format!("/p{i}/{{{path_param}}}");
        let mut parameters = vec![json!({
            "name": path_param, "in": "path", "required": true, "schema": {"type": "string"}
        })];
        let mut seen = vec![path_param.to_string()];
        for _ in 0..rng.below(5) {
            let name = rng.name();
            if seen.iter().any(|s| s == name) {
                continue;
            }
            seen.push(name.to_string());
            let location = if rng.chance(4) { "header" } else { "query" };
            let schema = if rng.chance(3) {
                json!({"type": "integer"})
            } else {
                json!({"type": "string"})
            };
            let mut p =
                json!({"name": name, "in": location, "required": rng.chance(2), "schema": schema});
            describe(rng, p.as_object_mut().unwrap(), "A parameter.");
            parameters.push(p);
        }
        let target = &names[rng.below(names.len())];
        let reference = json!({"$ref": format!("#/components/schemas/{target}")});
        let mut operation = json!({
            "operationId": rng.name(),
            "tags": [rng.name()],
            "parameters": parameters,
            "responses": {
                "200": {"description": "", "content": {"application/json": {"schema": reference}}},
                "400": {"description": "Refused.", "content": {"application/json": {"schema": reference}}}
            }
        });
        describe(rng, operation.as_object_mut().unwrap(), "An operation.");
        let method = if rng.chance(2) {
            operation["requestBody"] = json!({
                "required": rng.chance(2),
                "content": {"application/json": {"schema": reference}}
            });
            "post"
        } else {
            "get"
        };
        paths.insert(path, json!({ method: operation }));
    }
    let mut tags = Vec::new();
    for _ in 0..rng.below(3) {
        let mut tag = Map::new();
        tag.insert("name".into(), json!(rng.name()));
        describe(rng, &mut tag, "A tag.");
        tags.push(Value::Object(tag));
    }
    let mut info = Map::new();
    info.insert("title".into(), json!(rng.name()));
    info.insert("version".into(), json!("1.0.0"));
    describe(rng, &mut info, "A document.");
    // No server, a fixed one, or one with a URL variable.
    let servers = match rng.below(3) {
        0 => json!([]),
        1 => json!([{"url": "https://api.example"}]),
        _ => json!([{
            "url": "https://{region}.api.example",
            "variables": {"region": {"default": "eu", "enum": ["eu", "us"]}}
        }]),
    };
    json!({
        "openapi": "3.0.3",
        "info": info,
        "servers": servers,
        "tags": tags,
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"token": []}]
    })
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

#[test]
fn random_valid_documents_compile_without_warnings() {
    let cases: usize = std::env::var("COMPILE_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12);
    let seed: u64 = std::env::var("COMPILE_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| {
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .subsec_nanos();
            u64::from(nanos) | 1
        });
    println!("COMPILE_SEED={seed}");
    let mut rng = Rng(seed);
    let root = workspace_root();
    let scratch = root.join("target").join("compile-check");
    let _ = std::fs::remove_dir_all(scratch.join("crates"));
    let mut members = Vec::new();
    let mut accepted = 0;
    for case in 0..cases {
        let doc = document(&mut rng);
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let crate_name = format!("case-{case}");
        let config = Config {
            crate_name: crate_name.clone(),
            crate_version: "0.0.0".into(),
            command: "test".into(),
            spec_label: format!("{crate_name}.json"),
            manifest: Manifest::Standalone,
            package: codegen::Package::default(),
        };
        let generated = match codegen::generate(&text, &config) {
            Ok(generated) => generated,
            // A document may be refused (for instance two operations that take one name);
            // the refusal must name its place. Accepted documents are the point of this test.
            Err(codegen::Error::Spec(errors)) => {
                assert!(
                    errors.iter().all(|e| e.pointer.starts_with('#')),
                    "{errors}"
                );
                continue;
            }
            Err(e) => panic!("{e}\n--- document ---\n{text}"),
        };
        accepted += 1;
        let dir = scratch.join("crates").join(&crate_name);
        for (path, content) in &generated.files {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, content).unwrap();
        }
        std::fs::write(dir.join("document.json"), &text).unwrap();
        members.push(format!("\"crates/{crate_name}\""));
    }
    assert!(
        accepted * 2 >= cases,
        "most random documents should be accepted: {accepted} of {cases}"
    );
    std::fs::write(
        scratch.join("Cargo.toml"),
        format!(
            "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
            members.join(", ")
        ),
    )
    .unwrap();
    // The same versions as this workspace, so the shared target directory stays warm.
    std::fs::copy(root.join("Cargo.lock"), scratch.join("Cargo.lock")).unwrap();
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["check", "--workspace", "--message-format", "short"])
        .current_dir(&scratch)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .env_remove("RUSTFLAGS")
        .output()
        .expect("cargo runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let problems: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("crates/") || l.starts_with("error") || l.starts_with("warning"))
        .collect();
    assert!(
        output.status.success() && problems.is_empty(),
        "generated crates do not compile cleanly (seed {seed}; documents in {}):\n{}",
        scratch.join("crates").display(),
        problems.join("\n")
    );
}
