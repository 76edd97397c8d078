//! The generated crate's `Cargo.toml`.

use crate::Config;
use crate::ir::Api;

/// The dependencies the generated code uses, with the requirement a standalone crate gets.
/// The workspace pins the same requirements (a test checks that it does).
pub const RUNTIME_DEPENDENCIES: &[(&str, &str)] = &[
    ("bytes", r#""1.10""#),
    ("futures-core", r#""0.3.31""#),
    (
        "reqwest",
        r#"{ version = "0.13", default-features = false, features = ["system-proxy"] }"#,
    ),
    ("serde", r#"{ version = "1.0.219", features = ["derive"] }"#),
    (
        "serde_json",
        r#"{ version = "1.0.140", features = ["preserve_order", "raw_value"] }"#,
    ),
    ("serde_path_to_error", r#""0.1.17""#),
    ("serde_urlencoded", r#""0.7.1""#),
    (
        "tokio",
        r#"{ version = "1.45", features = ["rt", "time"] }"#,
    ),
    ("tower-layer", r#""0.3.3""#),
    ("tower-service", r#""0.3.3""#),
];

/// Dependencies the generated crate has only with one of its features: name and
/// requirement. The workspace pins them too.
pub const OPTIONAL_DEPENDENCIES: &[(&str, &str)] = &[
    (
        "rustls",
        r#"{ version = "0.23.27", default-features = false, features = ["ring", "std", "tls12"] }"#,
    ),
    (
        "tracing",
        r#"{ version = "0.1.41", default-features = false, features = ["std"] }"#,
    ),
];

/// The generated crate's features: name, what it turns on, and the comment above it in the
/// manifest. The generated code and the runtime test these names in `cfg`s.
pub const FEATURES: &[(&str, &[&str], &str)] = &[
    (
        "default",
        &["rustls"],
        "HTTPS out of the box (the README's \"Features and TLS\" says more).",
    ),
    (
        "rustls",
        &["dep:rustls", "reqwest/rustls-no-provider"],
        "rustls with the `ring` crypto provider, installed for the process when none is.",
    ),
    (
        "rustls-aws-lc",
        &["reqwest/rustls"],
        "rustls with the `aws-lc-rs` crypto provider; wins over `rustls`.",
    ),
    (
        "native-tls",
        &["reqwest/native-tls"],
        "The platform's TLS (OpenSSL on Linux); wins over both rustls features.",
    ),
    ("tracing", &["dep:tracing"], "One `tracing` span per call."),
];

/// The `[features]` table, each feature with its comment.
fn features() -> String {
    let mut out = String::from("\n[features]\n");
    for (name, enables, comment) in FEATURES {
        for line in comment.lines() {
            out.push_str(&format!("# {}\n", line.trim()));
        }
        let enables = enables
            .iter()
            .map(|e| format!("\"{e}\""))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!("{name} = [{enables}]\n"));
    }
    out
}

/// How docs.rs builds the documentation.
const DOCS_RS: &str = "\n[package.metadata.docs.rs]\nall-features = true\n";

/// How the generated `Cargo.toml` names its dependencies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Manifest {
    /// A crate of its own: every dependency with its version requirement, edition 2024.
    Standalone,
    /// A member of a workspace that pins [`RUNTIME_DEPENDENCIES`] in
    /// `[workspace.dependencies]`: every dependency and package field is inherited.
    Workspace {
        /// TOML appended as is, such as a `[dev-dependencies]` table.
        extra: String,
    },
}

/// `text` as a TOML basic string, quotes included: backslashes, quotes and control
/// characters escaped, so that any title makes a manifest Cargo reads.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

pub(crate) fn cargo_toml(api: &Api, config: &Config, header: &str) -> String {
    // One line: the title's line breaks and runs of spaces become single spaces.
    let title = api.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let description = toml_string(&format!("A typed async client for the {title}."));
    let header: String = header
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let mut out = format!(
        "# {header}\n\n[package]\nname = \"{}\"\nversion = \"{}\"\n",
        config.crate_name, config.crate_version
    );
    out.push_str(&format!("description = {description}\n"));
    out.push_str("readme = \"README.md\"\n");
    out.push_str(&format!(
        "documentation = {}\n",
        toml_string(&format!("https://docs.rs/{}", config.crate_name))
    ));
    let list = |items: &[String]| {
        items
            .iter()
            .map(|k| toml_string(k))
            .collect::<Vec<_>>()
            .join(", ")
    };
    out.push_str(&format!(
        "keywords = [{}]\n",
        list(&config.package.keywords)
    ));
    out.push_str(&format!(
        "categories = [{}]\n",
        list(&config.package.categories)
    ));
    match &config.manifest {
        Manifest::Standalone => {
            if let Some(license) = &config.package.license {
                out.push_str(&format!("license = {}\n", toml_string(license)));
            }
            out.push_str("edition = \"2024\"\nrust-version = \"1.85\"\n");
            out.push_str(DOCS_RS);
            out.push_str("\n[dependencies]\n");
            for (name, requirement) in RUNTIME_DEPENDENCIES {
                out.push_str(&format!("{name} = {requirement}\n"));
            }
            for (name, requirement) in OPTIONAL_DEPENDENCIES {
                let requirement = requirement.trim_end_matches('}').trim_end();
                out.push_str(&format!("{name} = {requirement}, optional = true }}\n"));
            }
            out.push_str(&features());
        }
        Manifest::Workspace { extra } => {
            out.push_str("edition.workspace = true\nrust-version.workspace = true\nlicense.workspace = true\n");
            out.push_str(DOCS_RS);
            out.push_str("\n[dependencies]\n");
            for (name, _) in RUNTIME_DEPENDENCIES {
                out.push_str(&format!("{name}.workspace = true\n"));
            }
            for (name, _) in OPTIONAL_DEPENDENCIES {
                out.push_str(&format!(
                    "{name} = {{ workspace = true, optional = true }}\n"
                ));
            }
            out.push_str(&features());
            if !extra.trim().is_empty() {
                out.push('\n');
                out.push_str(extra.trim());
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::RUNTIME_DEPENDENCIES;

    /// A standalone crate and the workspace's own client must get the same dependency
    /// requirements, so the project's client is tested with what users of `--out` get.
    #[test]
    fn workspace_pins_the_requirements_standalone_crates_get() {
        let manifest = include_str!("../../Cargo.toml");
        let optional = super::OPTIONAL_DEPENDENCIES.iter().copied();
        for (name, requirement) in RUNTIME_DEPENDENCIES.iter().copied().chain(optional) {
            let line = format!("{name} = {requirement}");
            assert!(
                manifest.lines().any(|l| l.trim() == line),
                "the workspace Cargo.toml should pin `{line}` in [workspace.dependencies]"
            );
        }
    }

    /// The runtime is compiled and tested on its own with the `cfg`s it shares with the
    /// generated crates, so its manifest must declare the same features.
    #[test]
    fn the_runtime_declares_the_features_generated_crates_get() {
        let runtime = include_str!("../runtime/Cargo.toml");
        let table = super::features();
        for line in table
            .lines()
            .filter(|l| !l.starts_with('#') && l.contains(" = "))
        {
            assert!(
                runtime.lines().any(|l| l.trim() == line),
                "codegen/runtime/Cargo.toml should declare `{line}` in [features]"
            );
        }
    }
}
