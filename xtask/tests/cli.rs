//! `cargo xtask generate` as a maintainer runs it: documents it cannot handle make it exit
//! non-zero, name the place in the document, and leave the previous output untouched.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn generate(spec: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--spec"])
        .arg(spec)
        .arg("--out")
        .arg(out)
        .output()
        .unwrap()
}

fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap().flatten() {
            if entry.path().is_dir() {
                stack.push(entry.path());
            } else {
                files.push((entry.path(), std::fs::read(entry.path()).unwrap()));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn rejected_documents_name_the_place_and_leave_the_output_untouched() {
    let dir = scratch("rejected");
    let out = dir.join("client");
    let good =
        std::fs::read_to_string(root().join("spec/authlete-client-management.yaml")).unwrap();
    let good_path = dir.join("good.yaml");
    std::fs::write(&good_path, &good).unwrap();
    let first = generate(&good_path, &out);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let before = snapshot(&out);
    assert!(before.len() >= 5);

    let cases: Vec<(&str, String, &str)> = vec![
        (
            "missing $ref target",
            good.replace(
                "$ref: '#/components/schemas/tagged_value'",
                "$ref: '#/components/schemas/nowhere'",
            ),
            "#/components/schemas/client_limited/properties/clientNames/items/$ref",
        ),
        (
            "unsupported construct",
            good.replace(
                "        clientType:\n          $ref: '#/components/schemas/client_type'",
                "        clientType:\n          not: {type: integer}",
            ),
            "#/components/schemas/client_limited/properties/clientType/not",
        ),
        (
            "OpenAPI 3.1",
            good.replacen("openapi: 3.0.3", "openapi: 3.1.0", 1),
            "#/openapi",
        ),
        (
            "Swagger 2.0",
            good.replacen("openapi: 3.0.3", "swagger: '2.0'", 1),
            "#/swagger",
        ),
        (
            "invalid YAML",
            good.replacen("paths:\n", "paths: [\n", 1),
            "line ",
        ),
        (
            "duplicate operation names",
            good.replacen(
                "x-rust-name: refresh_secret",
                "x-rust-name: update_lock_flag",
                1,
            ),
            "#/paths/~1api~1{serviceId}~1client~1secret~1refresh~1{clientIdentifier}/get",
        ),
    ];
    for (case, text, pointer) in cases {
        assert_ne!(text, good, "{case}: the edit applied");
        let spec = dir.join("broken.yaml");
        std::fs::write(&spec, text).unwrap();
        let run = generate(&spec, &out);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{case}: exits non-zero");
        assert!(stderr.contains(pointer), "{case}: {stderr}");
        assert!(stderr.contains("nothing was written"), "{case}: {stderr}");
        assert_eq!(
            snapshot(&out),
            before,
            "{case}: the previous output is byte-for-byte unchanged"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn check_exits_non_zero_with_a_diff_and_the_command() {
    let dir = scratch("check");
    let out = dir.join("client");
    let spec = root().join("spec/authlete-client-management.yaml");
    assert!(generate(&spec, &out).status.success());
    let lib = out.join("src/lib.rs");
    std::fs::write(
        &lib,
        std::fs::read_to_string(&lib).unwrap() + "// edited by hand\n",
    )
    .unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["generate", "--check", "--spec"])
        .arg(&spec)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(!run.status.success());
    assert!(stderr.contains("-// edited by hand"), "{stderr}");
    assert!(
        stderr.contains("run `cargo xtask generate --spec"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(&lib)
            .unwrap()
            .ends_with("// edited by hand\n"),
        "--check wrote nothing"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn crate_names_cargo_refuses_are_refused_before_anything_is_written() {
    let dir = scratch("crate-name");
    let spec = root().join("spec/authlete-client-management.yaml");
    for bad in [
        "a b", "1abc", "", "é", "async", "self", "_", "-x", "std", "test",
    ] {
        let out = dir.join("client");
        let run = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["generate", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(&out)
            .args(["--crate-name", bad])
            .output()
            .unwrap();
        assert!(!run.status.success(), "{bad:?} was accepted");
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(
            stderr.contains("not a package name Cargo accepts"),
            "{bad:?}: {stderr}"
        );
        assert!(!out.exists(), "nothing is written for {bad:?}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn help_is_printed_for_any_command_and_license_reaches_the_manifest() {
    for args in [&["--help"][..], &["generate", "--help"], &["corpus", "-h"]] {
        let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("--license SPDX"), "{args:?}: {text}");
    }

    let dir = scratch("license");
    let spec = root().join("spec/authlete-client-management.yaml");
    let with = |license: &str, out: &Path| {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(["generate", "--spec"])
            .arg(&spec)
            .arg("--out")
            .arg(out)
            .args(["--license", license])
            .output()
            .unwrap()
    };
    let out = dir.join("licensed");
    let done = with("MIT OR Apache-2.0", &out);
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let manifest = std::fs::read_to_string(out.join("Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\nlicense = \"MIT OR Apache-2.0\"\n"),
        "{manifest}"
    );

    let refused = dir.join("refused");
    for bad in ["", "MIT\"\nevil = true", "MIT; rm"] {
        let output = with(bad, &refused);
        assert_eq!(output.status.code(), Some(2), "{bad:?}");
        assert!(
            String::from_utf8_lossy(&output.stderr).contains("--license"),
            "{bad:?}"
        );
        assert!(!refused.exists(), "nothing is written for {bad:?}");
    }
    // Without one, the manifest declares none.
    let plain = dir.join("plain");
    assert!(generate(&spec, &plain).status.success());
    let manifest = std::fs::read_to_string(plain.join("Cargo.toml")).unwrap();
    assert!(!manifest.contains("\nlicense"), "{manifest}");
    let _ = std::fs::remove_dir_all(&dir);
}
