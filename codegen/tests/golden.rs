//! Golden tests: each fixture document under `tests/fixtures/` is generated and compared with
//! its expected crate under `tests/golden/`. The expected crates are workspace members, so
//! `cargo clippy --workspace -- -D warnings` and `cargo doc` compile every one of them.
//!
//! After an intended change to the output, re-bless with
//! `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` and review the diff.

use codegen::{Config, Manifest};
use std::path::{Path, PathBuf};

const FIXTURES: &[&str] = &[
    "small",
    "schemas",
    "operations",
    "large",
    "reserved",
    "realworld",
    "escapes",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_under(dir: &Path, prefix: &str, out: &mut Vec<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            files_under(&entry.path(), &format!("{name}/"), out);
        } else {
            out.push(name);
        }
    }
}

#[test]
fn fixtures_match_their_golden_crates() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    for name in FIXTURES {
        // A fixture is YAML, or JSON where what is tested is reading JSON.
        let file = ["yaml", "json"]
            .iter()
            .map(|ext| format!("{name}.{ext}"))
            .find(|file| root().join("tests/fixtures").join(file).exists())
            .unwrap_or_else(|| panic!("no fixture named {name}"));
        let spec = root().join("tests/fixtures").join(&file);
        let text = std::fs::read_to_string(&spec).unwrap();
        let config = Config {
            crate_name: format!("golden-{name}"),
            crate_version: "0.0.0".into(),
            command: "UPDATE_GOLDEN=1 cargo test -p codegen --test golden".into(),
            spec_label: format!("codegen/tests/fixtures/{file}"),
            manifest: Manifest::Workspace {
                extra: String::new(),
            },
            package: codegen::Package::default(),
        };
        let generated = codegen::generate(&text, &config).unwrap_or_else(|e| panic!("{name}: {e}"));
        let dir = root().join(format!("tests/golden/{name}"));
        let mut on_disk = Vec::new();
        files_under(&dir, "", &mut on_disk);
        for (path, content) in &generated.files {
            let target = dir.join(path);
            let current = std::fs::read_to_string(&target).unwrap_or_default();
            if current != *content {
                if update {
                    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                    std::fs::write(&target, content).unwrap();
                } else {
                    let diff = similar::TextDiff::from_lines(current.as_str(), content.as_str())
                        .unified_diff()
                        .header(
                            &format!("expected {name}/{path}"),
                            &format!("generated {name}/{path}"),
                        )
                        .to_string();
                    failures.push(diff);
                }
            }
        }
        for path in on_disk {
            if !generated.files.contains_key(&path) {
                if update {
                    std::fs::remove_file(dir.join(&path)).unwrap();
                } else {
                    failures.push(format!("{name}/{path} is no longer generated"));
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{}\nre-bless with `UPDATE_GOLDEN=1 cargo test -p codegen --test golden` if the change is intended",
        failures.join("\n")
    );
}

#[test]
fn generation_is_deterministic() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/small.yaml")).unwrap();
    let config = Config {
        crate_name: "x".into(),
        crate_version: "0.0.0".into(),
        command: "c".into(),
        spec_label: "s".into(),
        manifest: Manifest::Standalone,
        package: codegen::Package::default(),
    };
    let first = codegen::generate(&text, &config).unwrap();
    for _ in 0..3 {
        assert_eq!(codegen::generate(&text, &config).unwrap(), first);
    }
}

#[test]
fn license_files_are_written_as_given_and_bad_names_are_refused() {
    let text = std::fs::read_to_string(root().join("tests/fixtures/small.yaml")).unwrap();
    let config = |files: &[(&str, &str)]| Config {
        crate_name: "x".into(),
        crate_version: "0.0.0".into(),
        command: "c".into(),
        spec_label: "s".into(),
        manifest: Manifest::Standalone,
        package: codegen::Package {
            license: Some("MIT".into()),
            license_files: files
                .iter()
                .map(|(n, t)| (n.to_string(), t.to_string()))
                .collect(),
            ..codegen::Package::default()
        },
    };
    let text_of_license = "MIT License\n\nCopyright (c) -- with \"quotes\" and {braces}\n";
    let generated = codegen::generate(&text, &config(&[("LICENSE-MIT", text_of_license)])).unwrap();
    assert_eq!(generated.files["LICENSE-MIT"], text_of_license);
    assert!(generated.files["Cargo.toml"].contains("license = \"MIT\""));

    for name in [
        "../LICENSE",
        "sub/LICENSE",
        ".hidden",
        "",
        "LICENSE\n",
        "README.md",
        "Cargo.toml",
    ] {
        match codegen::generate(&text, &config(&[(name, "text")])) {
            Err(e @ codegen::Error::Config(_)) => {
                let message = e.to_string();
                assert!(message.contains("license file"), "{name:?}: {message}");
            }
            other => panic!("{name:?}: expected a configuration error, got {other:?}"),
        }
    }
}
