//! Formatting: token streams to source text with `prettyplease`, and the header line.
//!
//! The header is added after formatting because comments do not survive a token stream.

use crate::Error;
use proc_macro2::TokenStream;

pub(crate) fn rust_file(name: &str, tokens: TokenStream, header: &str) -> Result<String, Error> {
    if std::env::var_os("CODEGEN_DUMP").is_some() {
        let _ = std::fs::write(
            format!("/tmp/{}.tokens", name.replace('/', "_")),
            tokens.to_string(),
        );
    }
    let file: syn::File = syn::parse2(tokens).map_err(|e| Error::Internal {
        file: name.to_string(),
        message: e.to_string(),
    })?;
    Ok(with_header(&prettyplease::unparse(&file), "//", header))
}

/// Rust source written by hand (a module of the runtime), re-printed like generated code.
pub(crate) fn source_file(name: &str, source: &str, header: &str) -> Result<String, Error> {
    let file: syn::File = syn::parse_str(source).map_err(|e| Error::Internal {
        file: name.to_string(),
        message: e.to_string(),
    })?;
    Ok(with_header(&prettyplease::unparse(&file), "//", header))
}

pub(crate) fn with_header(body: &str, comment: &str, header: &str) -> String {
    let mut out = format!("{comment} {header}\n");
    if !body.starts_with("//!") {
        out.push('\n');
    }
    out.push_str(&space_items(body.replace("\r\n", "\n").trim_end()));
    out.push('\n');
    out
}

/// Puts a blank line between consecutive items, which `prettyplease` writes back to back:
/// before an item (or its docs or attributes) that follows the end of another item.
fn space_items(text: &str) -> String {
    const ITEM_STARTS: &[&str] = &[
        "///", "#[", "pub ", "pub(", "impl", "fn ", "async fn", "mod ", "const ", "type ",
        "struct ", "enum ", "use ",
    ];
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut previous = "";
    for line in text.lines() {
        let trimmed = line.trim_start();
        if previous == "}" && ITEM_STARTS.iter().any(|s| trimmed.starts_with(s)) {
            out.push('\n');
        }
        out.push_str(line);
        out.push('\n');
        previous = trimmed;
    }
    out.truncate(out.trim_end().len());
    out
}
