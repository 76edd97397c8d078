//! The runtime that every generated crate carries, taken from the `codegen-runtime` crate.
//!
//! Its modules are copied into the output as `src/runtime/`; its limits are read here too, so
//! the documentation the generator writes states the same values the code uses.

/// Each module of the runtime crate (`codegen/runtime/src/`), by name, with its source.
pub(crate) const MODULES: &[(&str, &str)] = &[
    ("encode", include_str!("../runtime/src/encode.rs")),
    ("error", include_str!("../runtime/src/error.rs")),
    ("limits", include_str!("../runtime/src/limits.rs")),
    ("redact", include_str!("../runtime/src/redact.rs")),
    ("response", include_str!("../runtime/src/response.rs")),
    ("retry", include_str!("../runtime/src/retry.rs")),
    ("secret", include_str!("../runtime/src/secret.rs")),
    ("send", include_str!("../runtime/src/send.rs")),
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
}
