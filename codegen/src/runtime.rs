//! The runtime that every generated crate carries, taken from the `codegen-runtime` crate.
//!
//! Its modules are copied into the output as `src/runtime/`; its limits are read here too, so
//! the documentation the generator writes states the same values the code uses.

/// Each module of the runtime crate (`codegen/runtime/src/`), by name, with its source.
pub(crate) const MODULES: &[(&str, &str)] = &[
    ("de", include_str!("../runtime/src/de.rs")),
    ("encode", include_str!("../runtime/src/encode.rs")),
    ("error", include_str!("../runtime/src/error.rs")),
    ("extra", include_str!("../runtime/src/extra.rs")),
    ("limits", include_str!("../runtime/src/limits.rs")),
    ("page", include_str!("../runtime/src/page.rs")),
    ("redact", include_str!("../runtime/src/redact.rs")),
    ("response", include_str!("../runtime/src/response.rs")),
    ("retry", include_str!("../runtime/src/retry.rs")),
    ("secret", include_str!("../runtime/src/secret.rs")),
    ("send", include_str!("../runtime/src/send.rs")),
    ("trace", include_str!("../runtime/src/trace.rs")),
];

#[path = "../runtime/src/limits.rs"]
#[allow(
    dead_code,
    reason = "the generator states only some of the limits in its docs"
)]
pub(crate) mod limits;

#[cfg(test)]
mod tests {
    /// Every module the runtime crate declares is copied, and nothing else.
    #[test]
    fn every_runtime_module_is_copied() {
        let lib = include_str!("../runtime/src/lib.rs");
        let declared: Vec<&str> = lib
            .lines()
            .filter_map(|l| l.strip_prefix("pub mod "))
            .map(|l| l.trim_end_matches(';'))
            .collect();
        let copied: Vec<&str> = super::MODULES.iter().map(|(name, _)| *name).collect();
        assert_eq!(declared, copied);
    }

    /// The limits are written once, in `limits.rs`: no other runtime module and no part of
    /// the generator restates one of their values.
    #[test]
    fn limits_are_written_once() {
        use super::limits::*;
        let mut literals: Vec<String> = RETRY_STATUSES.iter().map(|s| s.to_string()).collect();
        literals.push(ERROR_BODY_LIMIT.to_string());
        literals.push("64 * 1024".into());
        literals.push("64 KiB".into());
        literals.push(format!("{} ms", DEFAULT_INITIAL_BACKOFF.as_millis()));
        literals.push(format!(
            "from_millis({})",
            DEFAULT_INITIAL_BACKOFF.as_millis()
        ));
        for d in [
            DEFAULT_MAX_BACKOFF,
            DEFAULT_MAX_ELAPSED,
            DEFAULT_MAX_RETRY_AFTER,
        ] {
            literals.push(format!("from_secs({})", d.as_secs()));
            literals.push(format!("{} s", d.as_secs()));
        }
        let emit = [
            include_str!("emit/mod.rs"),
            include_str!("emit/client.rs"),
            include_str!("emit/operations.rs"),
            include_str!("emit/models.rs"),
        ];
        let sources = super::MODULES
            .iter()
            .filter(|(name, _)| *name != "limits")
            .map(|(name, source)| (*name, *source))
            .chain(emit.iter().map(|source| ("emit", *source)));
        for (name, source) in sources {
            for literal in &literals {
                assert!(
                    !source.contains(literal.as_str()),
                    "`{literal}` is restated in {name}; use the constant in limits.rs"
                );
            }
        }
    }
}
