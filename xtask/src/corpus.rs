//! `cargo xtask corpus`: generates a crate from every OpenAPI document in a directory (by
//! default `../shared/corpus/`, public descriptions written by others), checks them all with
//! one `cargo check` over a scratch workspace, and prints a line per document.
//!
//! It fails when a document is refused or a crate does not compile warning-free.

use crate::generate::workspace_root;
use codegen::{Config, Manifest};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// What one run covers.
#[derive(Debug, Clone)]
pub struct Options {
    /// The directory whose `.json`, `.yaml` and `.yml` files are the documents.
    pub dir: PathBuf,
    /// Only documents whose file name contains this.
    pub only: Option<String>,
    /// Generate only; no `cargo check`.
    pub no_check: bool,
    /// Skip the behaviour tests of the GitHub crate.
    pub no_behaviour: bool,
}

/// The document whose crate also gets behaviour tests over HTTP, and those tests.
const BEHAVIOUR: (&str, &str) = (
    "pg-api.github.com.json",
    include_str!("../corpus/github.rs"),
);

impl Options {
    /// The corpus next to the workspace, every document, checked.
    pub fn default_corpus() -> Self {
        Options {
            dir: workspace_root().join("../shared/corpus"),
            only: None,
            no_check: false,
            no_behaviour: false,
        }
    }
}

/// How one document fared.
struct Row {
    file: String,
    slug: String,
    operations: usize,
    types: usize,
    lines: usize,
    millis: u128,
    /// Why generation failed, if it did.
    refused: Option<String>,
    /// The compiler's errors and warnings for this crate.
    problems: Vec<String>,
}

pub fn main(options: &Options) -> ExitCode {
    match run(options) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The documents of `dir`, sorted by name.
fn documents(dir: &Path, only: Option<&str>) -> Result<Vec<PathBuf>, String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "json" | "yaml" | "yml"))
        })
        .filter(|p| {
            only.is_none_or(|only| {
                p.file_name()
                    .and_then(|n| n.to_str())
                    .is_some_and(|n| n.contains(only))
            })
        })
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(format!("no OpenAPI documents in {}", dir.display()));
    }
    Ok(found)
}

/// A crate name from a file name: `pg-api.github.com.json` gives `pg-api-github-com-json`.
fn slug(file: &str) -> String {
    let mut out = String::new();
    for c in file.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

/// Where Cargo builds: `CARGO_TARGET_DIR` (relative to the workspace when it is relative),
/// else the workspace's `target`.
fn target_dir() -> std::path::PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if !dir.is_empty() => workspace_root().join(dir),
        _ => workspace_root().join("target"),
    }
}

fn run(options: &Options) -> Result<bool, String> {
    let docs = documents(&options.dir, options.only.as_deref())?;
    let scratch = target_dir().join("corpus");
    let crates = scratch.join("crates");
    let _ = std::fs::remove_dir_all(&crates);
    std::fs::create_dir_all(&crates)
        .map_err(|e| format!("cannot create {}: {e}", crates.display()))?;
    let mut rows = Vec::new();
    for path in &docs {
        let file = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_string();
        let slug = slug(&file);
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let config = Config {
            crate_name: format!("corpus-{slug}"),
            crate_version: "0.0.0".into(),
            command: "cargo xtask corpus".into(),
            spec_label: file.clone(),
            manifest: Manifest::Standalone,
            package: codegen::Package::default(),
        };
        let started = Instant::now();
        let outcome = codegen::generate(&text, &config);
        let millis = started.elapsed().as_millis();
        let mut row = Row {
            file,
            slug: slug.clone(),
            operations: 0,
            types: 0,
            lines: 0,
            millis,
            refused: None,
            problems: Vec::new(),
        };
        match outcome {
            Ok(generated) => {
                row.operations = generated.operations;
                row.types = generated.types;
                row.lines = generated.files.values().map(|f| f.lines().count()).sum();
                let dir = crates.join(&slug);
                for (name, content) in &generated.files {
                    let target = dir.join(name);
                    if let Some(parent) = target.parent() {
                        std::fs::create_dir_all(parent)
                            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
                    }
                    std::fs::write(&target, content)
                        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
                }
            }
            Err(e) => row.refused = Some(e.to_string()),
        }
        rows.push(row);
    }
    let accepted: Vec<String> = rows
        .iter()
        .filter(|r| r.refused.is_none())
        .map(|r| r.slug.clone())
        .collect();
    let mut check_failed = None;
    if !options.no_check && !accepted.is_empty() {
        let members: Vec<String> = accepted
            .iter()
            .map(|slug| format!("\"crates/{slug}\""))
            .collect();
        std::fs::write(
            scratch.join("Cargo.toml"),
            format!(
                "[workspace]\nresolver = \"3\"\nmembers = [{}]\n",
                members.join(", ")
            ),
        )
        .map_err(|e| format!("cannot write the scratch workspace: {e}"))?;
        // The workspace's own versions, so that the dependencies built for the compile
        // property test (same target directory) are reused.
        std::fs::copy(
            workspace_root().join("Cargo.lock"),
            scratch.join("Cargo.lock"),
        )
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;
        let started = Instant::now();
        let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["check", "--workspace", "--message-format", "short"])
            .current_dir(&scratch)
            .env(
                "CARGO_TARGET_DIR",
                target_dir().join("compile-check").join("target"),
            )
            .env_remove("RUSTFLAGS")
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        for line in stderr.lines() {
            if let Some(rest) = line.strip_prefix("crates/") {
                let slug = rest.split('/').next().unwrap_or_default();
                if let Some(row) = rows.iter_mut().find(|r| r.slug == slug) {
                    row.problems.push(line.to_string());
                }
            }
        }
        if !output.status.success() {
            let unattributed: Vec<&str> = stderr
                .lines()
                .filter(|l| l.starts_with("error") && !l.contains("could not compile"))
                .collect();
            if !unattributed.is_empty() || rows.iter().all(|r| r.problems.is_empty()) {
                check_failed = Some(stderr.to_string());
            }
        }
        println!(
            "cargo check of {} crates: {:.1} s",
            accepted.len(),
            started.elapsed().as_secs_f64()
        );
    }
    print_table(&rows, options.no_check);
    let mut behaviour_failed = false;
    let behaviour_row = rows
        .iter()
        .find(|r| r.file == BEHAVIOUR.0 && r.refused.is_none() && r.problems.is_empty());
    if let (false, false, Some(row), None) = (
        options.no_check,
        options.no_behaviour,
        behaviour_row,
        &check_failed,
    ) {
        behaviour_failed = !behaviour(&scratch, &row.slug)?;
    }
    if let Some(stderr) = &check_failed {
        eprintln!("cargo check failed:\n{stderr}");
    }
    let failed = rows
        .iter()
        .filter(|r| r.refused.is_some() || !r.problems.is_empty())
        .count();
    for row in &rows {
        if let Some(why) = &row.refused {
            eprintln!("\n{} was refused:\n{why}", row.file);
        }
        if !row.problems.is_empty() {
            eprintln!(
                "\n{} does not compile warning-free:\n{}",
                row.file,
                row.problems.join("\n")
            );
        }
    }
    println!(
        "{} of {} documents generate{}",
        rows.len() - failed,
        rows.len(),
        if options.no_check {
            ""
        } else {
            " and compile warning-free"
        }
    );
    Ok(failed == 0 && check_failed.is_none() && !behaviour_failed)
}

/// Runs the behaviour tests of the crate `slug` (GitHub's): adds them and their test
/// dependencies to it and runs `cargo test` on it alone, in the same target directory.
fn behaviour(scratch: &Path, slug: &str) -> Result<bool, String> {
    let dir = scratch.join("crates").join(slug);
    let manifest = dir.join("Cargo.toml");
    let mut toml = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read {}: {e}", manifest.display()))?;
    let fake = workspace_root().join("authlete-client").join("fake");
    toml.push_str(&format!(
        "\n[dev-dependencies]\nauthlete-fake = {{ path = {:?} }}\ntokio = {{ version = \"1.45\", features = [\"macros\", \"rt-multi-thread\"] }}\n",
        fake.display().to_string()
    ));
    std::fs::write(&manifest, toml)
        .map_err(|e| format!("cannot write {}: {e}", manifest.display()))?;
    let tests = dir.join("tests");
    std::fs::create_dir_all(&tests)
        .map_err(|e| format!("cannot create {}: {e}", tests.display()))?;
    std::fs::write(tests.join("behaviour.rs"), BEHAVIOUR.1)
        .map_err(|e| format!("cannot write the behaviour tests: {e}"))?;
    println!(
        "\nbehaviour tests of {} over HTTP on 127.0.0.1:",
        BEHAVIOUR.0
    );
    let started = Instant::now();
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args([
            "test",
            "-p",
            &format!("corpus-{slug}"),
            "--test",
            "behaviour",
        ])
        .current_dir(scratch)
        .env(
            "CARGO_TARGET_DIR",
            target_dir().join("compile-check").join("target"),
        )
        .env_remove("RUSTFLAGS")
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    println!(
        "behaviour tests: {} in {:.1} s",
        if status.success() { "passed" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    Ok(status.success())
}

fn print_table(rows: &[Row], no_check: bool) {
    let width = rows.iter().map(|r| r.file.len()).max().unwrap_or(8).max(8);
    println!(
        "{:<width$}  {:>5}  {:>5}  {:>7}  {:>8}  result",
        "document", "ops", "types", "lines", "gen ms"
    );
    for r in rows {
        let result = match (&r.refused, r.problems.len()) {
            (Some(why), _) => {
                let count = why.lines().filter(|l| l.contains("#/")).count().max(1);
                format!("refused ({count} problems)")
            }
            (None, 0) if no_check => "generated".to_string(),
            (None, 0) => "ok".to_string(),
            (None, n) => format!("{n} compiler messages"),
        };
        println!(
            "{:<width$}  {:>5}  {:>5}  {:>7}  {:>8}  {result}",
            r.file, r.operations, r.types, r.lines, r.millis
        );
    }
}

#[cfg(test)]
mod tests {
    use super::slug;

    #[test]
    fn slugs_are_crate_names() {
        assert_eq!(slug("pg-api.github.com.json"), "pg-api-github-com-json");
        assert_eq!(
            slug("oai-petstore-expanded.yaml"),
            "oai-petstore-expanded-yaml"
        );
        assert_eq!(slug("Weird  Name!.yml"), "weird-name-yml");
    }
}
