//! `cargo xtask generate`: render the client in memory, then either write it or check it.
//!
//! Everything is generated before anything is written, so a document the generator rejects
//! leaves the previous output exactly as it was. Files are written to temporary names first
//! and renamed into place once all of them are written.

use codegen::{Config, Generated, Manifest};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// The project's own client: where its document is, where it goes, and how it is named.
pub const PROJECT_SPEC: &str = "spec/authlete-client-management.yaml";
pub const PROJECT_OUT: &str = "authlete-client";
pub const PROJECT_CRATE: &str = "authlete-client";
pub const PROJECT_VERSION: &str = "0.1.0";

/// The project client's test dependencies; the rest of its manifest is generated.
const PROJECT_MANIFEST_EXTRA: &str = r#"
[dev-dependencies]
authlete-fake.workspace = true
# The HTTPS tests' server, and the certificates it presents, made when the tests run.
rustls.workspace = true
rcgen.workspace = true
# The `tracing` test's capturing subscriber (already in the tree through tracing).
tracing-core.workspace = true
tokio = { workspace = true, features = ["rt-multi-thread", "macros", "net", "time", "sync", "io-util", "test-util"] }

# Benchmarks print figures side by side with a hand-written baseline; they assert nothing.
[[bench]]
name = "decode"
harness = false

[[bench]]
name = "requests"
harness = false

[[bench]]
name = "allocations"
harness = false
"#;

/// The end of the project client's README.md (and so of its crate docs): testing against
/// the fake, and telling errors apart by result code. Compiled as doctests of the client.
const PROJECT_README_EXTRA: &str = r#"
## Testing code that uses it

[`authlete-fake`](https://crates.io/crates/authlete-fake) (`cargo add --dev authlete-fake`)
answers the eleven operations from memory on 127.0.0.1, so tests need no network and no
Authlete account. A documented error carries Authlete's result code, to match on:

```rust
use authlete_client::{Client, Error};
use authlete_fake::{FakeAuthlete, FakeClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeAuthlete::start().await?;
    fake.add_service("svc-1", "token-1");
    fake.add_client("svc-1", FakeClient::new(1001).with_alias("my-app"));

    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token("token-1")
        .build()?;
    let ops = client.client_management();

    let refreshed = ops.refresh_secret("svc-1", "my-app").await?;
    assert!(refreshed.new_client_secret.is_some());

    match ops.refresh_secret("svc-1", "no-such-client").await {
        Ok(_) => panic!("the fake knows no such client"),
        // A documented refusal: decide by Authlete's result code.
        Err(e @ Error::Service { .. }) => match e.result_code() {
            Some("A001202") => println!("the Authorization header is missing"),
            Some(code) => println!("refused with {code}: {:?}", e.result_message()),
            None => println!("refused: {e}"),
        },
        // Worth trying again later (a 503, a timeout, no connection).
        Err(e) if e.is_retryable() => println!("try again later: {e}"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}
```

The client is async only: there is no blocking facade. A program without a runtime can make
one for the calls it needs (`tokio::runtime::Runtime::new()?.block_on(...)`).

reqwest 0.13 is part of the public API (`ClientBuilder::http_client`, the hook types); it is
re-exported as `authlete_client::reqwest`, so a program can name the same version.
"#;

/// The texts of the workspace's license (`MIT OR Apache-2.0`), which the packages carry:
/// written into the generated client, and copied by hand into `authlete-client/fake` (a test
/// checks that the copies match).
pub const PROJECT_LICENSES: &[(&str, &str)] = &[
    ("LICENSE-APACHE", include_str!("../licenses/LICENSE-APACHE")),
    ("LICENSE-MIT", include_str!("../licenses/LICENSE-MIT")),
];

/// What one run does.
#[derive(Debug, Clone)]
pub struct Options {
    pub spec: PathBuf,
    pub out: PathBuf,
    pub check: bool,
    pub config: Config,
}

impl Options {
    /// `cargo xtask generate`: the project's spec to the project's client.
    pub fn project() -> Self {
        let root = workspace_root();
        Options {
            spec: root.join(PROJECT_SPEC),
            out: root.join(PROJECT_OUT),
            check: false,
            config: Config {
                crate_name: PROJECT_CRATE.to_string(),
                crate_version: PROJECT_VERSION.to_string(),
                command: "cargo xtask generate".to_string(),
                spec_label: PROJECT_SPEC.to_string(),
                manifest: Manifest::Workspace {
                    extra: PROJECT_MANIFEST_EXTRA.to_string(),
                },
                package: codegen::Package {
                    license: None,
                    keywords: ["authlete", "oauth", "openid", "api-client", "async"]
                        .map(String::from)
                        .to_vec(),
                    categories: [
                        "api-bindings",
                        "web-programming::http-client",
                        "authentication",
                    ]
                    .map(String::from)
                    .to_vec(),
                    readme_extra: PROJECT_README_EXTRA.to_string(),
                    license_files: PROJECT_LICENSES
                        .iter()
                        .map(|(name, text)| (name.to_string(), text.to_string()))
                        .collect(),
                },
            },
        }
    }

    /// `--spec PATH --out DIR`: any document to a crate of its own.
    pub fn standalone(spec: PathBuf, out: PathBuf, crate_name: String, check: bool) -> Self {
        let command = format!(
            "cargo xtask generate --spec {} --out {} --crate-name {crate_name}",
            spec.display(),
            out.display()
        );
        Options {
            config: Config {
                crate_name,
                crate_version: "0.1.0".to_string(),
                command,
                spec_label: spec.display().to_string(),
                manifest: Manifest::Standalone,
                package: codegen::Package::default(),
            },
            spec,
            out,
            check,
        }
    }
}

pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the workspace")
        .to_path_buf()
}

pub fn main(options: &Options) -> ExitCode {
    match run(options) {
        Ok(outcome) => {
            println!("{}", outcome.summary);
            if outcome.stale.is_empty() {
                ExitCode::SUCCESS
            } else {
                eprintln!("{}", outcome.report);
                ExitCode::FAILURE
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What a run found and did.
#[derive(Debug)]
pub struct Outcome {
    /// One line: operations, types, files written or unchanged, time taken.
    pub summary: String,
    /// With `--check`: the files that differ from what the generator produces.
    pub stale: Vec<String>,
    /// With `--check`: a unified diff of every stale file, and the command that fixes them.
    pub report: String,
}

pub fn run(options: &Options) -> Result<Outcome, String> {
    let started = Instant::now();
    let text = std::fs::read_to_string(&options.spec)
        .map_err(|e| format!("cannot read {}: {e}", options.spec.display()))?;
    let generated = codegen::generate(&text, &options.config).map_err(|e| {
        format!(
            "{}: {}\nnothing was written; the previous output is unchanged",
            options.spec.display(),
            e.to_string().trim_end()
        )
    })?;
    let changes = compare(&options.out, &generated)?;
    let total = generated.files.len();
    let elapsed = started.elapsed().as_millis();
    let counts = format!(
        "{} operations, {} types",
        generated.operations, generated.types
    );
    if options.check {
        let stale: Vec<String> = changes.iter().map(|c| c.path.clone()).collect();
        let summary = format!(
            "checked {}: {counts}, {total} files, {} stale, in {elapsed} ms",
            options.out.display(),
            stale.len()
        );
        let mut report = String::new();
        for change in &changes {
            report.push_str(&change.diff);
        }
        if !stale.is_empty() {
            report.push_str(&format!(
                "\n{} is stale; run `{}` and commit the result.\n",
                options.out.display(),
                options.config.command
            ));
        }
        return Ok(Outcome {
            summary,
            stale,
            report,
        });
    }
    let by_hand: Vec<&str> = changes
        .iter()
        .filter(|c| c.by_hand)
        .map(|c| c.path.as_str())
        .collect();
    if !by_hand.is_empty() {
        return Err(format!(
            "{} holds files the generator did not write (no `@generated` header), which it would \
             replace or remove: {}; move them away or delete them. Nothing was written.",
            options.out.display(),
            by_hand.join(", ")
        ));
    }
    write(&options.out, &changes)?;
    let summary = format!(
        "generated {}: {counts}, {total} files ({} written, {} unchanged{}) in {elapsed} ms",
        options.out.display(),
        changes.iter().filter(|c| c.new.is_some()).count(),
        total - changes.iter().filter(|c| c.new.is_some()).count(),
        match changes.iter().filter(|c| c.new.is_none()).count() {
            0 => String::new(),
            n => format!(", {n} removed"),
        },
        elapsed = started.elapsed().as_millis(),
    );
    Ok(Outcome {
        summary,
        stale: Vec::new(),
        report: String::new(),
    })
}

/// A file whose content on disk differs from the generated one.
#[derive(Debug)]
struct Change {
    path: String,
    /// The new content, or `None` when a file under `src/` is no longer generated.
    new: Option<String>,
    diff: String,
    /// Whether the file on disk was written by hand: it exists and has no `@generated`
    /// header, so replacing or removing it would lose someone's work.
    by_hand: bool,
}

/// Whether `text` starts with the header line every generated file has.
fn is_generated(text: &str) -> bool {
    ["// @generated", "# @generated", "<!-- @generated"]
        .iter()
        .any(|header| text.starts_with(header))
}

fn compare(out: &Path, generated: &Generated) -> Result<Vec<Change>, String> {
    let mut changes = Vec::new();
    for (path, new) in &generated.files {
        let old = match std::fs::read_to_string(out.join(path)) {
            Ok(old) => Some(old.replace("\r\n", "\n")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(format!("cannot read {}: {e}", out.join(path).display())),
        };
        if old.as_deref() != Some(new.as_str()) {
            let diff = unified_diff(path, old.as_deref().unwrap_or(""), new);
            changes.push(Change {
                path: path.clone(),
                new: Some(new.clone()),
                diff,
                by_hand: old.as_deref().is_some_and(|old| !is_generated(old)),
            });
        }
    }
    // Every file under src/ is generated; one the generator no longer makes is stale.
    let wanted: BTreeSet<&str> = generated.files.keys().map(String::as_str).collect();
    for path in files_under(&out.join("src"), "src")? {
        if !wanted.contains(path.as_str()) {
            let old = std::fs::read_to_string(out.join(&path)).unwrap_or_default();
            let diff = unified_diff(&path, &old, "");
            changes.push(Change {
                by_hand: !is_generated(&old),
                path,
                new: None,
                diff,
            });
        }
    }
    Ok(changes)
}

fn files_under(dir: &Path, prefix: &str) -> Result<Vec<String>, String> {
    let mut found = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(found),
        Err(e) => return Err(format!("cannot list {}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dir.display()))?;
        let name = format!("{prefix}/{}", entry.file_name().to_string_lossy());
        if entry.path().is_dir() {
            found.extend(files_under(&entry.path(), &name)?);
        } else {
            found.push(name);
        }
    }
    found.sort();
    Ok(found)
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

fn write(out: &Path, changes: &[Change]) -> Result<(), String> {
    let mut staged = Vec::new();
    for change in changes {
        let Some(content) = &change.new else { continue };
        let target = out.join(&change.path);
        let dir = target.parent().unwrap_or(out);
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let temp = dir.join(format!(
            ".{}.generating",
            target
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ));
        if let Err(e) = std::fs::write(&temp, content) {
            for (temp, _) in &staged {
                let _ = std::fs::remove_file(temp);
            }
            let _ = std::fs::remove_file(&temp);
            return Err(format!(
                "cannot write {}: {e}; nothing was changed",
                temp.display()
            ));
        }
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        std::fs::rename(&temp, &target)
            .map_err(|e| format!("cannot replace {}: {e}", target.display()))?;
    }
    for change in changes.iter().filter(|c| c.new.is_none()) {
        let target = out.join(&change.path);
        std::fs::remove_file(&target)
            .map_err(|e| format!("cannot remove {}: {e}", target.display()))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `cargo test` fails when the checked-in client differs from what the generator makes.
    #[test]
    fn checked_in_client_is_fresh() {
        let mut options = Options::project();
        options.check = true;
        let outcome = run(&options).expect("the project spec generates");
        assert!(outcome.stale.is_empty(), "{}", outcome.report);
    }

    /// The fake is published too and carries the same license texts; its copies must not
    /// drift from the ones the generator writes into the client.
    #[test]
    fn the_fake_carries_the_same_license_texts_as_the_client() {
        let root = workspace_root();
        for (name, text) in PROJECT_LICENSES {
            for dir in ["authlete-client", "authlete-client/fake"] {
                let path = root.join(dir).join(name);
                let found = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                assert_eq!(
                    &found,
                    text,
                    "{} differs from xtask/licenses/{name}",
                    path.display()
                );
            }
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<(String, Vec<u8>)> = files_under(dir, "")
            .unwrap()
            .into_iter()
            .map(|f| {
                let bytes = std::fs::read(dir.join(&f[1..])).unwrap();
                (f, bytes)
            })
            .collect();
        files.sort();
        files
    }

    #[test]
    fn standalone_generation_writes_a_crate_and_a_rejected_spec_leaves_it_untouched() {
        let dir = scratch("standalone");
        let out = dir.join("my-api");
        let spec = workspace_root().join(PROJECT_SPEC);
        let options = Options::standalone(spec, out.clone(), "my-api".into(), false);
        let first = run(&options).unwrap();
        assert!(first.summary.contains("11 operations"), "{}", first.summary);
        assert!(
            first.summary.contains(" written, 0 unchanged"),
            "{}",
            first.summary
        );
        let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
        assert!(manifest.contains("name = \"my-api\""));
        assert!(
            manifest.contains("reqwest = { version = \"0.13\""),
            "{manifest}"
        );
        let again = run(&options).unwrap();
        assert!(again.summary.contains("(0 written, "), "{}", again.summary);

        let before = snapshot(&out);
        let broken = dir.join("broken.yaml");
        let text = std::fs::read_to_string(workspace_root().join(PROJECT_SPEC)).unwrap();
        std::fs::write(
            &broken,
            text.replace(
                "#/components/schemas/client_type",
                "#/components/schemas/missing",
            ),
        )
        .unwrap();
        let err = run(&Options::standalone(
            broken,
            out.clone(),
            "my-api".into(),
            false,
        ))
        .unwrap_err();
        assert!(
            err.contains("#/components/schemas/client_limited/properties/clientType/$ref"),
            "{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(
            snapshot(&out),
            before,
            "the previous output is byte-for-byte unchanged"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn files_written_by_hand_are_never_replaced_or_removed() {
        let dir = scratch("by-hand");
        let out = dir.join("api");
        let spec = workspace_root().join(PROJECT_SPEC);
        let options = Options::standalone(spec, out.clone(), "api".into(), false);
        run(&options).unwrap();

        // A file the generator wrote and no longer makes is removed...
        std::fs::write(out.join("src/old.rs"), "// @generated by an older run\n").unwrap();
        let outcome = run(&options).unwrap();
        assert!(outcome.summary.contains("1 removed"), "{}", outcome.summary);
        assert!(!out.join("src/old.rs").exists());

        // ...but one written by hand is not, and neither is a hand-edited manifest: the run
        // fails, names them, and changes nothing.
        std::fs::write(out.join("src/custom.rs"), "pub fn mine() {}\n").unwrap();
        std::fs::create_dir_all(out.join("src/sub")).unwrap();
        std::fs::write(out.join("src/sub/deep.rs"), "// mine\n").unwrap();
        std::fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
        let before = snapshot(&out);
        let err = run(&options).unwrap_err();
        for name in ["Cargo.toml", "src/custom.rs", "src/sub/deep.rs"] {
            assert!(err.contains(name), "{err}");
        }
        assert!(err.contains("Nothing was written"), "{err}");
        assert_eq!(snapshot(&out), before);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn check_reports_a_diff_of_stale_and_extra_files_and_writes_nothing() {
        let dir = scratch("check");
        let out = dir.join("client");
        let spec = workspace_root().join(PROJECT_SPEC);
        run(&Options::standalone(
            spec.clone(),
            out.clone(),
            "client".into(),
            false,
        ))
        .unwrap();
        let models = out.join("src/models.rs");
        let edited = std::fs::read_to_string(&models)
            .unwrap()
            .replace("pub struct ApiResult", "pub struct Edited");
        std::fs::write(&models, &edited).unwrap();
        std::fs::write(out.join("src/leftover.rs"), "// old\n").unwrap();
        let before = snapshot(&out);

        let outcome = run(&Options::standalone(
            spec,
            out.clone(),
            "client".into(),
            true,
        ))
        .unwrap();
        assert_eq!(outcome.stale, ["src/models.rs", "src/leftover.rs"]);
        assert!(
            outcome.report.contains("-pub struct Edited"),
            "{}",
            outcome.report
        );
        assert!(
            outcome.report.contains("+pub struct ApiResult"),
            "{}",
            outcome.report
        );
        assert!(
            outcome.report.contains("--- a/src/leftover.rs"),
            "{}",
            outcome.report
        );
        assert!(
            outcome.report.contains("run `cargo xtask generate --spec"),
            "{}",
            outcome.report
        );
        assert_eq!(snapshot(&out), before, "--check writes nothing");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
