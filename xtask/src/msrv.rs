//! `cargo xtask msrv`: the published crates' dependencies all build on the Rust version the
//! crates declare.
//!
//! Only one toolchain can be installed where this project's CI runs, so the declared minimum
//! (`rust-version`) cannot be checked by building with it. What is checked instead:
//! - here, that every package `authlete-client` and `authlete-fake` depend on (normal and
//!   build dependencies, every feature on) declares a `rust-version` no newer than theirs
//!   (a package that declares none is listed, not failed);
//! - by clippy (`incompatible_msrv`, on in CI with warnings denied), that the crates' own code
//!   calls no standard library item newer than their `rust-version`.
//!
//! Language features newer than the declared version are not caught by either.

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Command, ExitCode};

const PUBLISHED: &[&str] = &["authlete-client", "authlete-fake"];

pub fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// A version such as `1.85` or `1.85.1`, as numbers to compare (`1.85` is `1.85.0`).
fn version(text: &str) -> [u64; 3] {
    let mut parts = [0; 3];
    for (slot, part) in parts.iter_mut().zip(text.split('.')) {
        *slot = part.parse().unwrap_or(u64::MAX);
    }
    parts
}

fn run() -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--all-features"])
        .current_dir(crate::generate::workspace_root())
        .output()
        .map_err(|e| format!("cannot run cargo metadata: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("cargo metadata's output is not JSON: {e}"))?;
    let packages: BTreeMap<&str, &serde_json::Value> = metadata["packages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: BTreeMap<&str, &serde_json::Value> = metadata["resolve"]["nodes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let mut failed = Vec::new();
    for name in PUBLISHED {
        let Some((root, package)) = packages.iter().find(|(_, p)| p["name"] == *name) else {
            return Err(format!("{name} is not in the workspace"));
        };
        let Some(declared) = package["rust_version"].as_str() else {
            return Err(format!("{name} declares no rust-version"));
        };
        // Every package reached through normal and build dependencies.
        let mut reached = BTreeSet::new();
        let mut queue = vec![*root];
        while let Some(id) = queue.pop() {
            let Some(node) = nodes.get(id) else { continue };
            for dep in node["deps"].as_array().into_iter().flatten() {
                let runtime = dep["dep_kinds"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|k| k["kind"].is_null() || k["kind"] == "build");
                if let (true, Some(pkg)) = (runtime, dep["pkg"].as_str()) {
                    if reached.insert(pkg) {
                        queue.push(pkg);
                    }
                }
            }
        }
        let mut undeclared = Vec::new();
        for id in &reached {
            let Some(dep) = packages.get(id) else {
                continue;
            };
            let label = format!(
                "{} {}",
                dep["name"].as_str().unwrap_or("?"),
                dep["version"].as_str().unwrap_or("?")
            );
            match dep["rust_version"].as_str() {
                Some(needed) if version(needed) > version(declared) => {
                    failed.push(format!(
                        "{name} (rust-version {declared}) depends on {label}, which needs {needed}"
                    ));
                }
                Some(_) => {}
                None => undeclared.push(label),
            }
        }
        println!(
            "{name}: rust-version {declared}; {} dependencies checked, {} declare none{}",
            reached.len(),
            undeclared.len(),
            if undeclared.is_empty() {
                String::new()
            } else {
                format!(":\n  {}", undeclared.join(", "))
            }
        );
    }
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "dependencies newer than the declared rust-version:\n  {}",
            failed.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::version;

    #[test]
    fn versions_compare_as_numbers() {
        assert_eq!(version("1.85"), version("1.85.0"));
        assert!(version("1.85.1") > version("1.85"));
        assert!(version("1.100") > version("1.85.9"));
        assert!(version("2") > version("1.99.99"));
    }
}
