//! Maintainer commands for this workspace, run as `cargo xtask <command>`.
//!
//! - `cargo xtask generate`: regenerates `authlete-client/` from `spec/`.
//! - `cargo xtask generate --check`: fails, with a diff, when `authlete-client/` is stale.
//! - `cargo xtask generate --spec PATH --out DIR [--crate-name NAME]`: generates a standalone
//!   crate from any supported OpenAPI 3.0 document.
//! - `cargo xtask corpus [--dir DIR] [--only TEXT] [--no-check] [--no-behaviour]`: generates a
//!   crate from every OpenAPI document in `../shared/corpus/` (or DIR), checks them all
//!   warning-free, and runs behaviour tests of GitHub's crate over HTTP.
//! - `cargo xtask build-cost`: the crates and time a clean build of a client generated from the
//!   spec takes, beside progenitor's output when `cargo progenitor` is installed.
//! - `cargo xtask msrv`: the published crates' dependencies declare a `rust-version` no newer
//!   than theirs (see `msrv.rs`).
//! - `cargo xtask contract`: validates the spec and checks the client and the fake against it
//!   with Prism (see `contract.rs`).

mod build_cost;
mod contract;
mod corpus;
mod generate;
mod msrv;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  cargo xtask generate [--check]
      regenerate authlete-client/ from spec/authlete-client-management.yaml
      (--check: write nothing; fail with a diff if the checked-in client is stale)
  cargo xtask generate --spec PATH --out DIR [--crate-name NAME] [--license SPDX] [--check]
      generate a standalone crate from any OpenAPI 3.0 document (--license: the SPDX
      expression its Cargo.toml declares, such as `MIT OR Apache-2.0`; none if not given)
  cargo xtask corpus [--dir DIR] [--only TEXT] [--no-check] [--no-behaviour]
      generate a crate from every OpenAPI document in ../shared/corpus/ (or DIR), cargo check
      them all with warnings reported, print a line per document, then run behaviour tests of
      GitHub's crate over HTTP; fails on any refusal, compiler message or failed test
      (--only: documents whose name contains TEXT; --no-check: generate only)
  cargo xtask build-cost
      crates compiled and time taken by a clean build of a client generated from the spec, and
      by a release rebuild of it alone, beside progenitor's output (when installed)
  cargo xtask msrv
      check that every dependency of the published crates declares a rust-version no newer
      than theirs
  cargo xtask contract
      check the spec, the client and the fake with independent OpenAPI tools
      (openapi-spec-validator, Redocly CLI, Prism; needs node, npm and python3)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    match args.first().map(String::as_str) {
        Some("generate") => match parse_generate(&args[1..]) {
            Ok(options) => generate::main(&options),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("contract") if args.len() == 1 => contract::main(),
        Some("build-cost") if args.len() == 1 => build_cost::main(),
        Some("msrv") if args.len() == 1 => msrv::main(),
        Some("corpus") => match parse_corpus(&args[1..]) {
            Ok(options) => corpus::main(&options),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::from(2)
            }
        },
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn parse_corpus(args: &[String]) -> Result<corpus::Options, String> {
    let mut options = corpus::Options::default_corpus();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        match arg.as_str() {
            "--dir" => {
                options.dir = PathBuf::from(iter.next().ok_or("--dir needs a value")?);
            }
            "--only" => options.only = Some(iter.next().ok_or("--only needs a value")?.clone()),
            "--no-check" => options.no_check = true,
            "--no-behaviour" => options.no_behaviour = true,
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    Ok(options)
}

fn parse_generate(args: &[String]) -> Result<generate::Options, String> {
    let mut options = generate::Options::project();
    let mut custom_spec = None;
    let mut custom_out = None;
    let mut crate_name = None;
    let mut license = None;
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        let mut value = |flag: &str| {
            iter.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match arg.as_str() {
            "--check" => options.check = true,
            "--spec" => custom_spec = Some(PathBuf::from(value("--spec")?)),
            "--out" => custom_out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => crate_name = Some(value("--crate-name")?),
            "--license" => license = Some(valid_license(value("--license")?)?),
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    match (custom_spec, custom_out) {
        (None, None) if crate_name.is_none() && license.is_none() => Ok(options),
        (Some(spec), Some(out)) => {
            let name = match crate_name {
                Some(name) => valid_crate_name(name)?,
                None => default_crate_name(&out),
            };
            let mut standalone = generate::Options::standalone(spec, out, name, options.check);
            standalone.config.package.license = license;
            Ok(standalone)
        }
        _ => Err(
            "--spec and --out go together (and --crate-name and --license only with them)"
                .to_string(),
        ),
    }
}

/// `text` if it can be a Cargo `license` value: an SPDX expression of license identifiers
/// (letters, digits, `.`, `-`, `+`), `AND`, `OR`, `WITH` and parentheses.
fn valid_license(text: String) -> Result<String, String> {
    let ok = !text.trim().is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .-+()".contains(c));
    if ok {
        Ok(text.trim().to_string())
    } else {
        Err(format!(
            "--license `{}` is not an SPDX expression such as `MIT OR Apache-2.0`",
            text.escape_debug()
        ))
    }
}

/// The crates Rust itself provides, whose names a package cannot take.
const BUILT_IN: &[&str] = &["std", "core", "alloc", "test", "proc_macro", "proc-macro"];

/// `name` if Cargo takes it as a package name: ASCII letters, digits, `-` and `_`, not
/// starting with a digit, and not a Rust keyword (the crate is named by it in code).
fn valid_crate_name(name: String) -> Result<String, String> {
    if codegen::naming::is_keyword(&name.replace('-', "_")) || name == "_" {
        return Err(format!(
            "--crate-name `{name}` is not a package name Cargo accepts: it is a Rust keyword"
        ));
    }
    if BUILT_IN.contains(&name.as_str()) {
        return Err(format!(
            "--crate-name `{name}` is not a package name Cargo accepts: it is the name of a crate Rust provides"
        ));
    }
    let ok = !name.is_empty()
        && name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(name)
    } else {
        Err(format!(
            "--crate-name `{name}` is not a package name Cargo accepts: use ASCII letters, digits, \
             `-` and `_`, starting with a letter or `_`"
        ))
    }
}

/// The folder's name, made into a valid package name.
fn default_crate_name(out: &std::path::Path) -> String {
    let name: String = out
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '-'
            }
        })
        .collect();
    let name = name.trim_matches('-').to_string();
    if name.is_empty() {
        "api".to_string()
    } else if !name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        || codegen::naming::is_keyword(&name.replace('-', "_"))
        || BUILT_IN.contains(&name.as_str())
    {
        format!("api-{name}")
    } else {
        name
    }
}
