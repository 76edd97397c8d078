//! Naming: every Rust identifier the generator emits is made here, from the wire name.
//!
//! Case conversion, Rust keywords, names that start with a digit, names that would shadow
//! what the generated crate itself defines, and collisions between names that become equal
//! after conversion are all resolved in this module, deterministically, so that the emit
//! stage never invents or adjusts a name.

use std::collections::BTreeSet;

/// Rust keywords (strict and reserved, all editions), which cannot be plain identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "Self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names a generated model must not take: the prelude's, and the generated crate's own.
const RESERVED_TYPES: &[&str] = &[
    "Box",
    "Client",
    "ClientBuilder",
    "Clone",
    "Copy",
    "Debug",
    "Default",
    "Drop",
    "Iterator",
    "Into",
    "From",
    "Deserialize",
    "Error",
    "ErrorBody",
    "Eq",
    "Fn",
    "Future",
    "HashMap",
    "Map",
    "Option",
    "Ord",
    "PartialEq",
    "Result",
    "Send",
    "Serialize",
    "Server",
    "Some",
    "String",
    "Sync",
    "Value",
    "Vec",
    "None",
    "Ok",
    "Err",
];

/// Names an operation group cannot take: its name is both a module at the crate root and a
/// method of `Client`, so neither the crate's own modules nor `Client`'s own methods are free.
pub const GROUP_RESERVED: &[&str] = &[
    // Modules at the root of a generated crate.
    "client", "error", "limits", "models", "runtime", // Methods of `Client`.
    "builder", "base_url",
];

/// Splits a wire name into lowercase words at punctuation, spaces and case changes.
/// `clientIdAliasEnabled` gives `client id alias enabled`; `HTTPServer2` gives `http server2`.
fn words(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        if c.is_uppercase() && !current.is_empty() {
            let prev = chars[i - 1];
            let next_is_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
            if prev.is_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_uppercase() && next_is_lower)
            {
                out.push(std::mem::take(&mut current));
            }
        }
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Keeps only characters that may appear in a Rust identifier (ASCII, to stay portable).
fn ascii_words(name: &str) -> Vec<String> {
    words(name)
        .into_iter()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .collect()
}

/// `snake_case` for functions, fields, arguments and modules. Never empty, never a keyword.
pub fn snake(name: &str) -> String {
    let mut s = ascii_words(name).join("_");
    if s.is_empty() {
        s.push_str("value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert_str(0, "n_");
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `PascalCase` for enum variants. Never empty, never a keyword, never starting with a digit.
pub fn pascal(name: &str) -> String {
    let mut s: String = ascii_words(name)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect();
    if s.is_empty() {
        s.push_str("Value");
    }
    if s.starts_with(|c: char| c.is_ascii_digit()) {
        s.insert(0, 'V');
    }
    if KEYWORDS.contains(&s.as_str()) {
        s.push('_');
    }
    s
}

/// `PascalCase` for a type: like [`pascal`], and never one of the names the crate reserves.
pub fn type_name(name: &str) -> String {
    let s = pascal(name);
    if RESERVED_TYPES.contains(&s.as_str()) {
        s + "Model"
    } else {
        s
    }
}

/// The handle type of an operation group: `PascalCase`, and never a name the crate reserves
/// (a group named `default` gets `DefaultOperations`, not a type that hides `Default`).
pub fn handle_name(group: &str) -> String {
    let s = pascal(group);
    if RESERVED_TYPES.contains(&s.as_str()) {
        s + "Operations"
    } else {
        s
    }
}

/// The request builder type of an operation: `PascalCase`, and never a name the crate
/// reserves (an operation named `result` gets `ResultRequest`, not a type that hides `Result`).
pub fn builder_name(operation: &str) -> String {
    let s = pascal(operation);
    if RESERVED_TYPES.contains(&s.as_str()) {
        s + "Request"
    } else {
        s
    }
}

/// The crate name as a Rust path (`authlete-client` gives `authlete_client`).
pub fn crate_ident(crate_name: &str) -> String {
    crate_name.replace('-', "_")
}

/// Hands out unique names within one scope (the fields of a struct, the variants of an enum,
/// the arguments of a method, the types of a module). A name that is taken gets the smallest
/// free numeric suffix, in the order names are asked for, so output is stable.
#[derive(Debug, Default, Clone)]
pub struct Scope {
    taken: BTreeSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claims `candidate`, or `candidate2`, `candidate3`, ... (with `_` between for snake case).
    pub fn claim(&mut self, candidate: String) -> String {
        if self.taken.insert(candidate.clone()) {
            return candidate;
        }
        let joiner = if candidate.contains('_') || candidate.starts_with(|c: char| c.is_lowercase())
        {
            "_"
        } else {
            ""
        };
        let base = candidate.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{joiner}{n}"))
            .find(|name| self.taken.insert(name.clone()))
            .unwrap_or(candidate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_case() {
        assert_eq!(snake("clientIdAliasEnabled"), "client_id_alias_enabled");
        assert_eq!(snake("serviceApiKey"), "service_api_key");
        assert_eq!(snake("HTTPServer"), "http_server");
        assert_eq!(snake("client_flag_update_api"), "client_flag_update_api");
        assert_eq!(snake("x-rate-limit"), "x_rate_limit");
        assert_eq!(
            pascal("client_flag_update_request"),
            "ClientFlagUpdateRequest"
        );
        assert_eq!(pascal("CONFIDENTIAL"), "Confidential");
        assert_eq!(pascal("client-type"), "ClientType");
    }

    #[test]
    fn avoids_keywords_digits_and_reserved_names() {
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("end"), "end");
        assert_eq!(snake("2fa"), "n_2fa");
        assert_eq!(snake("!!"), "value");
        assert_eq!(pascal("2xx"), "V2xx");
        assert_eq!(pascal("self"), "Self_");
        assert_eq!(type_name("result"), "ResultModel");
        assert_eq!(type_name("error"), "ErrorModel");
        assert_eq!(type_name("tagged_value"), "TaggedValue");
        assert_eq!(handle_name("default"), "DefaultOperations");
        assert_eq!(handle_name("client_management"), "ClientManagement");
        assert_eq!(builder_name("result"), "ResultRequest");
        assert_eq!(builder_name("get_client"), "GetClient");
    }

    #[test]
    fn resolves_collisions_in_order() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(snake("fooBar")), "foo_bar");
        assert_eq!(scope.claim(snake("foo_bar")), "foo_bar_2");
        assert_eq!(scope.claim(snake("FOO-BAR")), "foo_bar_3");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_name("a_b")), "AB");
        assert_eq!(types.claim(type_name("a-b")), "AB2");
        let mut reserved = Scope::with_reserved(&["send"]);
        assert_eq!(reserved.claim(snake("send")), "send_2");
    }
}
