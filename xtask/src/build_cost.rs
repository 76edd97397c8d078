//! `cargo xtask build-cost`: what it costs a user to build a generated client, beside the
//! peer generator's output for the same document.
//!
//! For this project's spec it generates a standalone crate with this generator and, when
//! `cargo progenitor` is installed, another with progenitor (given the spec with JSON request
//! bodies only, since it takes one media type per body, and with the TLS feature a user of it
//! must add to reach an HTTPS API). For each it prints the crates a clean debug build
//! compiles, the time that build takes, and the time a release rebuild of the generated crate
//! alone takes (after a clean release build). Each crate gets its own target directory, so
//! no build reuses another's work. It prints figures and ratios; it asserts nothing.

use crate::generate::workspace_root;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

/// One build's figures.
struct Cost {
    crates: usize,
    clean: Duration,
    rebuild: Duration,
}

pub fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let root = workspace_root();
    let scratch = std::env::temp_dir().join(format!("build-cost-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|e| format!("cannot create {scratch:?}: {e}"))?;
    let spec = root.join("spec/authlete-client-management.yaml");

    let ours = scratch.join("ours");
    let status = Command::new(cargo())
        .args(["xtask", "generate", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&ours)
        .args(["--crate-name", "authlete-standalone"])
        .current_dir(&root)
        .status()
        .map_err(|e| format!("cannot run cargo xtask generate: {e}"))?;
    if !status.success() {
        return Err("generating the standalone crate failed".into());
    }
    let ours_cost = measure(&ours, "authlete-standalone")?;

    let mut failed = None;
    let theirs = match progenitor(&root, &spec, &scratch) {
        Ok(Some(dir)) => Some(measure(&dir, "authlete-progenitor")?),
        Ok(None) => None,
        Err(message) => {
            failed = Some(message);
            None
        }
    };

    println!("\nbuild cost of a client for spec/authlete-client-management.yaml (HTTPS included)");
    println!(
        "  {:<34} {:>8} {:>14} {:>20}",
        "", "crates", "clean debug", "rebuild (release)"
    );
    let line = |name: &str, c: &Cost| {
        println!(
            "  {:<34} {:>8} {:>13.1}s {:>19.1}s",
            name,
            c.crates,
            c.clean.as_secs_f64(),
            c.rebuild.as_secs_f64()
        );
    };
    line("this generator", &ours_cost);
    match &theirs {
        Some(theirs) => {
            line("progenitor, with reqwest's rustls", theirs);
            println!(
                "  {:<34} {:>8.2} {:>14.2} {:>20.2}",
                "ratio (this / progenitor)",
                ours_cost.crates as f64 / theirs.crates as f64,
                ours_cost.clean.as_secs_f64() / theirs.clean.as_secs_f64(),
                ours_cost.rebuild.as_secs_f64() / theirs.rebuild.as_secs_f64()
            );
        }
        None => match failed {
            Some(message) => println!("  (progenitor's crate could not be made: {message})"),
            None => println!(
                "  (progenitor: not installed; `cargo install cargo-progenitor --locked` adds it)"
            ),
        },
    }
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(())
}

fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Generates progenitor's crate for `spec` (given to it as JSON), with reqwest's rustls
/// feature added; `None` when `cargo progenitor` is not installed.
fn progenitor(root: &Path, spec: &Path, scratch: &Path) -> Result<Option<PathBuf>, String> {
    let installed = Command::new(cargo())
        .args(["progenitor", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        return Ok(None);
    }
    let text = std::fs::read_to_string(spec).map_err(|e| format!("cannot read the spec: {e}"))?;
    let loaded = codegen::load::load(&text).map_err(|e| format!("the spec does not load: {e}"))?;
    // Progenitor takes one media type per request body: JSON is kept where the spec also
    // offers a form.
    let mut raw = loaded.raw.clone();
    json_bodies_only(&mut raw);
    without_repeated_values(&mut raw);
    let json = scratch.join("spec.json");
    std::fs::write(&json, raw.to_string()).map_err(|e| format!("cannot write: {e}"))?;
    let dir = scratch.join("progenitor");
    let status = Command::new(cargo())
        .args(["progenitor", "-i"])
        .arg(&json)
        .arg("-o")
        .arg(&dir)
        .args(["-n", "authlete-progenitor", "-v", "0.1.0"])
        .current_dir(root)
        .status()
        .map_err(|e| format!("cannot run cargo progenitor: {e}"))?;
    if !status.success() {
        return Err("cargo progenitor failed".into());
    }
    // Its crate depends on reqwest without a TLS backend; a user calling an HTTPS API adds
    // reqwest's rustls feature (named `rustls-tls` before reqwest 0.13).
    let manifest = dir.join("Cargo.toml");
    let text =
        std::fs::read_to_string(&manifest).map_err(|e| format!("cannot read {manifest:?}: {e}"))?;
    let mut out = String::new();
    for line in text.lines() {
        if line.starts_with("reqwest") && line.contains("features = [") {
            let feature = if line.contains("\"0.12") {
                "rustls-tls"
            } else {
                "rustls"
            };
            out.push_str(&line.replacen(
                "features = [",
                &format!("features = [\"{feature}\", "),
                1,
            ));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    std::fs::write(&manifest, out).map_err(|e| format!("cannot write {manifest:?}: {e}"))?;
    eprintln!(
        "progenitor's manifest, as built:\n{}",
        std::fs::read_to_string(&manifest).unwrap_or_default()
    );
    Ok(Some(dir))
}

/// Keeps only `application/json` in every `requestBody.content` that offers more than one
/// media type.
fn json_bodies_only(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Object(body)) = map.get_mut("requestBody") {
                if let Some(serde_json::Value::Object(content)) = body.get_mut("content") {
                    if content.len() > 1 && content.contains_key("application/json") {
                        content.retain(|k, _| k == "application/json");
                    }
                }
            }
            map.values_mut().for_each(json_bodies_only);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(json_bodies_only),
        _ => {}
    }
}

/// Drops the parameters marked `x-rust-same-value` (the query `subject` that repeats the
/// path's): progenitor refuses a name in two locations.
fn without_repeated_values(raw: &mut serde_json::Value) {
    let marked =
        |p: &serde_json::Value| p.get("x-rust-same-value") == Some(&serde_json::json!(true));
    let names: Vec<String> = raw
        .pointer("/components/parameters")
        .and_then(serde_json::Value::as_object)
        .map(|map| {
            map.iter()
                .filter(|(_, p)| marked(p))
                .map(|(name, _)| format!("#/components/parameters/{name}"))
                .collect()
        })
        .unwrap_or_default();
    fn walk(value: &mut serde_json::Value, drop: &dyn Fn(&serde_json::Value) -> bool) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::Array(list)) = map.get_mut("parameters") {
                    list.retain(|p| !drop(p));
                }
                map.values_mut().for_each(|v| walk(v, drop));
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(|v| walk(v, drop)),
            _ => {}
        }
    }
    let drop = |p: &serde_json::Value| {
        marked(p)
            || p.get("$ref")
                .and_then(serde_json::Value::as_str)
                .is_some_and(|r| names.iter().any(|n| n == r))
    };
    if let Some(paths) = raw.get_mut("paths") {
        walk(paths, &drop);
    }
}

/// A clean debug build of the crate in `dir` (crates compiled, time), then a clean release
/// build and a release rebuild after its `src/lib.rs` is touched (time).
fn measure(dir: &Path, name: &str) -> Result<Cost, String> {
    let target = dir.join("target");
    let build = |release: bool| -> Result<(usize, Duration), String> {
        let mut command = Command::new(cargo());
        command
            .arg("build")
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target);
        if release {
            command.arg("--release");
        }
        let started = Instant::now();
        let output = command
            .output()
            .map_err(|e| format!("cannot run cargo build for {name}: {e}"))?;
        let elapsed = started.elapsed();
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            return Err(format!("building {name} failed:\n{stderr}"));
        }
        let crates = stderr
            .lines()
            .filter(|l| l.trim_start().starts_with("Compiling "))
            .count();
        Ok((crates, elapsed))
    };
    eprintln!("building {name} (clean, debug)...");
    let (crates, clean) = build(false)?;
    eprintln!("building {name} (clean, release)...");
    build(true)?;
    let lib = dir.join("src/lib.rs");
    let text = std::fs::read(&lib).map_err(|e| format!("cannot read {lib:?}: {e}"))?;
    std::fs::write(&lib, text).map_err(|e| format!("cannot touch {lib:?}: {e}"))?;
    eprintln!("rebuilding {name} alone (release)...");
    let (_, rebuild) = build(true)?;
    Ok(Cost {
        crates,
        clean,
        rebuild,
    })
}
