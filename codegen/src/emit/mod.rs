//! Emitting: the intermediate model to Rust token streams, one per output file.
//!
//! Each submodule owns one generated file. Nothing here reads the OpenAPI document or makes
//! up names; both happened in `lower` and `naming`.

mod client;
mod examples;
mod models;
mod operations;
mod send;

use crate::ir::{Api, Method, TypeRef};
use crate::runtime::limits;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) use client::client_rs;
pub(crate) use models::models_rs;
pub(crate) use operations::group_rs;

/// The crate root: crate documentation, modules and re-exports.
pub(crate) fn lib_rs(api: &Api) -> TokenStream {
    // The crate docs open with the package's README.md (title, description, quickstart), so
    // its example is compiled as a doctest; the rest is written here.
    let mut text = String::from("\n# Crate organization\n\n");
    text.push_str("- [`Client`] holds the connection pool, the server and the credentials; build one with [`Client::builder`] and clone it freely.\n");
    for g in &api.groups {
        text.push_str(&format!(
            "- [`Client::{0}`] gives the [`{0}::{1}`] handle, with one method per operation of that group.\n",
            g.name, g.type_name
        ));
    }
    text.push_str("- [`models`] holds the request and response types.\n");
    text.push_str("- [`Error`] is the single error type: see its variants for what failed and how to react.\n");
    text.push_str(&reliability_docs(api));
    let docs = inner_docs(&text);
    let docs = quote!(#![doc = include_str!("../README.md")] #docs);
    let paginated = api
        .groups
        .iter()
        .any(|g| g.operations.iter().any(|op| op.paging.is_some()))
        .then(|| {
            quote!(
                pub use runtime::page::Paginated;
            )
        });
    let groups = api.groups.iter().map(|g| {
        let m = format_ident!("{}", g.name);
        let doc = docs_for(&format!("The operations of the `{}` group.", g.name));
        quote!(#doc #[rustfmt::skip] pub mod #m;)
    });
    quote! {
        #docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // What these lints judge is decided by the API document (how many inputs an operation
        // requires, how large one alternative is, what a setter is called, how descriptions
        // are written), so they would flag the document, not the code.
        #![allow(
            clippy::too_many_arguments,
            clippy::large_enum_variant,
            clippy::should_implement_trait,
            clippy::doc_lazy_continuation,
            clippy::doc_overindented_list_items,
            clippy::tabs_in_doc_comments
        )]

        // The modules are formatted by the generator (prettyplease), so rustfmt leaves them be.
        #[rustfmt::skip]
        mod client;
        #[rustfmt::skip]
        pub mod error;
        #[rustfmt::skip]
        pub mod models;
        #[rustfmt::skip]
        mod runtime;
        #(#groups)*

        pub use client::{Client, ClientBuilder, Server};
        pub use error::{Error, TransportKind};
        /// The HTTP client crate this crate is built on: `ClientBuilder::http_client` and
        /// the hooks use its types, so a program names them through this path to get the
        /// same version.
        pub use reqwest;
        pub use runtime::encode::Upload;
        pub use runtime::extra::Extra;
        pub use runtime::limits;
        #paginated
        pub use runtime::response::Response;
        pub use runtime::retry::RetryPolicy;
        pub use runtime::secret::{SecretString, reveal_secrets};
        pub use runtime::send::Attempt;
    }
}

/// The "Reliability and security" and "Errors" sections of the crate docs.
fn reliability_docs(api: &Api) -> String {
    let not_idempotent: Vec<String> = api
        .groups
        .iter()
        .flat_map(|g| {
            g.operations
                .iter()
                .filter(|op| !op.idempotent)
                .map(move |op| (g, op))
        })
        .map(|(g, op)| {
            format!(
                "[`{0}`]({1}::{2}::{0}) (`{3}`)",
                op.name, g.name, g.type_name, op.method
            )
        })
        .collect();
    let not_idempotent = if not_idempotent.is_empty() {
        "Every operation of this API is idempotent.".to_string()
    } else {
        format!(
            "The operations that are not idempotent are {}.",
            not_idempotent.join(", ")
        )
    };
    let attempts = limits::DEFAULT_MAX_ATTEMPTS;
    let statuses = or_list(&limits::RETRY_STATUSES.map(|s| s.to_string()));
    let body_limit = bytes_text(limits::ERROR_BODY_LIMIT);
    let timeout = duration_text(limits::DEFAULT_TIMEOUT);
    let connect_timeout = duration_text(limits::DEFAULT_CONNECT_TIMEOUT);
    let min_chars = limits::SECRET_MIN_CHARS;
    format!(
        "
# Reliability and security

## Retries

A request is retried by the client's [`RetryPolicy`] ({attempts} attempts in all by default) only
when that is safe:

- When no connection could be made, nothing was sent, so any operation is retried.
- When an attempt timed out, or the server answered {statuses}, only an
  idempotent operation is retried: a request that reached the server may have taken effect.

{not_idempotent} Idempotency comes from the API document: `GET`, `PUT` and `DELETE` are
idempotent unless an operation says `x-idempotent: false`; `POST` is not unless it says
`x-idempotent: true`.

Waits grow exponentially with jitter; a `Retry-After` header (seconds or an HTTP date) is honoured up to a
bound; no retry starts past the policy's total time. Set the policy on the builder with
[`ClientBuilder::retry_policy`], per call with the request's `retry_policy`, and turn retries off
with [`RetryPolicy::none`]. A 500 is not retried: it does not signal a passing condition.

## Timeouts

[`ClientBuilder::timeout`] bounds each attempt, from connecting to the end of the body
({timeout} by default), and [`ClientBuilder::connect_timeout`] bounds connecting, TCP and TLS
({connect_timeout} by default), so a server that accepts a connection and never answers cannot
hold a call forever. Either setting takes `None` to remove its limit. Each request can override
both with its own `timeout` and `connect_timeout`. A client given its own pool with
[`ClientBuilder::http_client`] connects with that pool's settings.

## What is kept secret

Credentials are sent as sensitive headers (or query values) and never shown by `Debug`, nor is
a user name or password in the base URL. Properties the API document marks `format: password`
are [`SecretString`]s: their `Debug` output is `SecretString(<redacted>)`, the value is read
with [`SecretString::expose`], and they serialize as `\"<redacted>\"` except in the requests the
client sends and inside [`reveal_secrets`]. A model that keeps unknown properties in `extra`
redacts, in its `Debug` output, the values under any key the document marks secret.

A server, a proxy or an error page may echo what it received. Every error keeps out of its
text (`Display`, `Debug`, its fields) the credentials and the secret values sent with that
request, in the forms a server echoes them in (as sent, JSON-escaped, percent-encoded,
HTML-escaped): the raw body of [`Error::Api`] and the fields of [`Error::Service`] have them
replaced by `<redacted>`. A value shorter than {min_chars} characters is not searched for: it
cannot be told from ordinary text. The values of properties the document marks secret are redacted
wherever a body is shown (snippets, messages, `Debug`), however the key is spelled in the JSON
text; the raw body of [`Error::Api`] keeps them, as the server's data. The client logs
nothing by itself; with the `tracing` feature, each call is a span that records the
operation, the path template and the outcome, and no value that was sent.

## Limits on what is read

An error body is read up to {body_limit} and the rest is discarded, so a huge or endless error body
costs no memory. Redirects are not followed: a 3xx is returned as [`Error::Api`], and the token
never goes to another host. Path values are percent-encoded as single segments (and `.`, `..`
or empty values are refused), so no value can change the request's path or add to its query.

## What a response must look like

A response body is decoded as the API document describes it, and refused with
[`Error::Decode`], naming the path of the value that failed, when it does not fit. What the
document describes as an object must be a JSON object (an array is never read as fields in
order) that gives each property at most once; a required property must be present, and may be
`null` only where the document allows it; numbers must be of their type and in its range. A property that is not required may
be absent or `null`: its field is then `None`, or the property's default. Properties the
document does not name are ignored, or kept in the type's `extra` map where the document
allows any property; write-only properties are not read. An enum value the document does not
list decodes as `Unknown`.

# Errors

Every operation returns `Result<_, Error>`. What each variant means and what to do:

- [`Error::InvalidInput`]: an input was refused before anything was sent (an empty path
  value, a value breaking the document's length or pattern rules, a token that cannot be a
  header). Fix the input; retrying will not help.
- [`Error::Service`]: the server answered a documented error status with the documented body;
  its fields (and [`Error::status`]) tell what went wrong. Act on the result code.
- [`Error::Api`]: any other unsuccessful response, or a successful one that is not JSON, with
  the status, content type and raw body. Often a proxy or an outage; [`Error::is_retryable`]
  says whether trying later may help.
- [`Error::Transport`]: no complete response arrived (connection refused, timeout, TLS
  failure, connection lost mid-body); its message names the server and the cause. The policy
  has already retried what it could.
- [`Error::Decode`]: a successful response whose body does not fit the documented type, with
  the path of the field that failed and the start of the body. Usually a mismatch between the
  server and the document; report it.

Nothing in this crate panics on what the server sends.
"
    )
}

/// A duration as a person writes it: whole seconds, or milliseconds.
fn duration_text(d: std::time::Duration) -> String {
    if d.subsec_millis() == 0 && d.as_secs() > 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// `a, b or c`.
fn or_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
    }
}

/// A byte count as a person writes it, in KiB or MiB when it is a whole number of them.
fn bytes_text(n: usize) -> String {
    match n {
        n if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{} MiB", n >> 20),
        n if n >= 1 << 10 && n % (1 << 10) == 0 => format!("{} KiB", n >> 10),
        n => format!("{n} bytes"),
    }
}

/// The Rust type for `t`, written with full paths so that no `use` is needed.
pub(crate) fn rust_type(t: &TypeRef) -> TokenStream {
    match t {
        TypeRef::String => quote!(String),
        TypeRef::Secret => quote!(crate::SecretString),
        TypeRef::Bool => quote!(bool),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::U32 => quote!(u32),
        TypeRef::U64 => quote!(u64),
        TypeRef::Nullable(inner) => {
            let inner = rust_type(inner);
            quote!(Option<#inner>)
        }
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Json => quote!(serde_json::Value),
        TypeRef::Binary => quote!(crate::Upload),
        TypeRef::Named(n) => {
            let n = format_ident!("{}", n);
            quote!(crate::models::#n)
        }
        TypeRef::Vec(inner) => {
            let inner = rust_type(inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
    }
}

/// Outer doc attributes (`///`) for `text`, made safe for rustdoc.
pub(crate) fn docs_for(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#[doc = #lines])*)
}

/// Inner doc attributes (`//!`) for `text`, made safe for rustdoc.
fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote!(#(#![doc = #lines])*)
}

/// Joins optional summary and description into one doc text.
pub(crate) fn summary_and_description(summary: Option<&str>, description: Option<&str>) -> String {
    let mut text = String::new();
    if let Some(s) = summary {
        text.push_str(s.trim());
        text.push('\n');
    }
    if let Some(d) = description {
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(d.trim_end());
    }
    text
}

/// `text` with what a Rust comment cannot hold made visible: a carriage return ends a line,
/// and the characters that change text direction (refused in comments) are written as
/// `\u{...}` escapes.
fn comment_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.replace("\r\n", "\n").chars() {
        match c {
            '\r' => out.push('\n'),
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:04X}}}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// Splits `text` into doc lines, each with a leading space as `///` would give.
///
/// Indentation is capped at three spaces (four would start an indented code block, which
/// rustdoc compiles as a doctest), and code fences without a language are marked `text`.
/// Text that comes from the document is escaped first by [`escape_markdown`]; our own text,
/// with its intended links, is not.
fn doc_lines(text: &str) -> Vec<String> {
    let text = comment_safe(text);
    let mut out = Vec::new();
    let mut in_fence = false;
    for line in text.trim_end().lines() {
        let trimmed = line.trim_start();
        // Indented four spaces or more, backticks are content, not a fence.
        if trimmed.starts_with("```") && line.len() - trimmed.len() < 4 {
            if !in_fence && trimmed.trim_end() == "```" {
                out.push(" ```text".to_string());
            } else {
                out.push(format!(" {}", trimmed.trim_end()));
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(format!(" {line}"));
            continue;
        }
        // Up to three spaces of indentation keep list continuations; four would start an
        // indented code block, which rustdoc would compile as a doctest.
        let indent = (line.len() - line.trim_start().len()).min(3);
        out.push(if line.trim().is_empty() {
            String::new()
        } else {
            format!(" {}{}", &"   "[..indent], line.trim())
        });
    }
    if in_fence {
        out.push(" ```".to_string());
    }
    out
}

/// Escapes text from the document so rustdoc shows it as written. Applied to document text
/// before it is mixed with our own Markdown.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_code = false;
    // The open fence's character and length: a fence is closed by at least as many.
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let trimmed = line.trim();
        let run = |c: char| trimmed.chars().take_while(|&x| x == c).count();
        let opening = ['`', '~']
            .into_iter()
            .map(|c| (c, run(c)))
            .find(|&(_, n)| n >= 3);
        match (fence, opening) {
            // Every code block of the document is shown as text, never compiled as a doctest:
            // its fence becomes a plain one (`doc_lines` marks it `text`).
            (None, Some(open)) => {
                fence = Some(open);
                out.push_str("```\n");
                continue;
            }
            (Some((c, n)), Some((d, m))) if c == d && m >= n && trimmed.len() == m => {
                fence = None;
                out.push_str("```\n");
                continue;
            }
            (Some(_), _) => {
                // A line that would close the plain fence early is indented out of reach.
                if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
                    out.push_str("    ");
                }
                out.push_str(line);
                out.push('\n');
                continue;
            }
            (None, None) => {}
        }
        let mut rest = line;
        while let Some(c) = rest.chars().next() {
            if c == '`' {
                in_code = !in_code;
                out.push(c);
                rest = &rest[1..];
                continue;
            }
            if !in_code && (rest.starts_with("https://") || rest.starts_with("http://")) {
                let end = rest
                    .find(|c: char| c.is_whitespace() || c == ')' || c == '>')
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            if !in_code && matches!(c, '[' | ']' | '<' | '>' | '\\') {
                out.push('\\');
            }
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
        // A code span does not continue past the end of a paragraph line in our use.
        in_code = false;
        out.push('\n');
    }
    out
}

/// Document text as rustdoc attributes: escaped, then split into lines.
pub(crate) fn spec_docs(text: &str) -> TokenStream {
    docs_for(&escape_markdown(text))
}

/// `src/runtime/mod.rs`: the runtime's modules, copied from `codegen/runtime`.
pub(crate) fn runtime_mod(modules: &[&str]) -> TokenStream {
    let modules = modules.iter().map(|m| format_ident!("{}", m));
    quote! {
        //! The runtime every operation shares: sending with retries, reading responses,
        //! errors, redaction. The same for every API; copied from the generator's runtime crate.
        #![allow(dead_code, reason = "an API document need not use every helper")]
        #(pub mod #modules;)*

        /// The error body type of `Error` when none is named: this API's.
        pub type DefaultErrorBody = crate::error::ErrorBody;
    }
}

/// `src/error.rs`: the crate's `Error` (the runtime's, with this document's error body),
/// which type documented error bodies have, the secret property names, and accessors for the
/// fields the document marks with `x-rust-error-fields`.
pub(crate) fn error_rs(api: &Api) -> TokenStream {
    let secrets = &api.secret_fields;
    let body = error_body(api);
    let describe = describe_fns(api);
    // The first documented error field (by convention the code) is what a call's span
    // records as its `result_code`.
    let code = api
        .error_body
        .as_ref()
        .and_then(|b| b.accessors.first())
        .map(|a| {
            let method = format_ident!("{}", a.method);
            quote!(e.#method())
        })
        .unwrap_or_else(|| {
            quote!({
                let _ = e;
                None
            })
        });
    let trace_code = quote! {
        /// The code of a documented error, as a call's span records it.
        pub(crate) fn trace_code(e: &Error) -> Option<&str> {
            #code
        }
    };
    quote! {
        //! The one error type of this crate, and what a caller can learn from it.

        pub use crate::runtime::error::{Error, TransportKind};

        #body

        impl crate::runtime::error::DocumentedBody for ErrorBody {
            const SECRET_FIELDS: &'static [&'static str] = &[#(#secrets),*];

            #describe
        }

        #trace_code
    }
}

/// `describe` (the documented error body in one line, for `Display`), and the functions it
/// calls, one per error body type.
fn describe_fns(api: &Api) -> TokenStream {
    let leading: Vec<&str> = api
        .error_body
        .as_ref()
        .map(|b| b.accessors.iter().map(|a| a.field.as_str()).collect())
        .unwrap_or_default();
    let describe_type = |ty: &str, value: TokenStream| -> TokenStream {
        let fields = api
            .types
            .iter()
            .find(|t| t.name == ty)
            .and_then(|t| match &t.kind {
                crate::ir::TypeKind::Struct { fields, .. } => Some(fields),
                _ => None,
            });
        let as_json = quote! {
            crate::runtime::redact::describe_json(
                &serde_json::to_value(#value).unwrap_or_default(),
                Self::SECRET_FIELDS,
            )
        };
        let Some(fields) = fields else {
            return as_json;
        };
        // The fields named by `x-rust-error-fields` lead, joined by `: ` (`A001: message`);
        // the other scalar fields follow as `name=value`.
        let text_of = |f: &crate::ir::Field| -> Option<TokenStream> {
            match &f.ty {
                TypeRef::String => Some(quote!(value)),
                TypeRef::Bool
                | TypeRef::I32
                | TypeRef::I64
                | TypeRef::U32
                | TypeRef::U64
                | TypeRef::F32
                | TypeRef::F64 => Some(quote!(&value.to_string())),
                TypeRef::Named(name)
                    if api.types.iter().any(|t| {
                        t.name == *name
                            && matches!(
                                t.kind,
                                crate::ir::TypeKind::StringEnum { .. }
                                    | crate::ir::TypeKind::IntEnum { .. }
                            )
                    }) =>
                {
                    Some(quote!(&value.to_string()))
                }
                _ => None,
            }
        };
        let push = |f: &crate::ir::Field, lead: bool| -> Option<TokenStream> {
            let text = text_of(f)?;
            let ident = format_ident!("{}", f.rust);
            let wire = &f.wire;
            let add = if lead {
                quote!(lead.push(crate::runtime::redact::one_line(#text));)
            } else {
                quote!(rest.push(format!("{}={}", #wire, crate::runtime::redact::one_line(#text)));)
            };
            Some(if f.optional() {
                quote!(if let Some(value) = &#value.#ident { #add })
            } else {
                quote!({ let value = &#value.#ident; #add })
            })
        };
        let leads: Vec<TokenStream> = leading
            .iter()
            .filter_map(|name| fields.iter().find(|f| f.rust == *name))
            .filter_map(|f| push(f, true))
            .collect();
        let rests: Vec<TokenStream> = fields
            .iter()
            .filter(|f| !leading.contains(&f.rust.as_str()))
            .filter_map(|f| push(f, false))
            .collect();
        if leads.is_empty() && rests.is_empty() {
            return as_json;
        }
        let lead_mut = (!leads.is_empty()).then(|| quote!(mut));
        let rest_mut = (!rests.is_empty()).then(|| quote!(mut));
        quote! {{
            let #lead_mut lead: Vec<String> = Vec::new();
            let #rest_mut rest: Vec<String> = Vec::new();
            #(#leads)*
            #(#rests)*
            crate::runtime::redact::join_description(&lead, &rest)
        }}
    };
    let body = if api.error_types.len() > 1 {
        let arms = api.error_types.iter().map(|ty| {
            let ident = format_ident!("{}", ty);
            let text = describe_type(ty, quote!(body));
            quote!(ErrorBody::#ident(body) => #text,)
        });
        quote!(match self { #(#arms)* })
    } else if let Some(ty) = api.error_types.first() {
        describe_type(ty, quote!(self))
    } else {
        quote!(crate::runtime::redact::describe_json(
            self,
            Self::SECRET_FIELDS
        ))
    };
    quote! {
        fn describe(&self) -> String {
            #body
        }
    }
}

/// The type of documented error bodies, and accessors on `Error` for their fields.
fn error_body(api: &Api) -> TokenStream {
    if api.error_types.len() > 1 {
        let variants = api.error_types.iter().map(|ty| {
            let ident = format_ident!("{}", ty);
            let doc = docs_for(&format!("A [`{ty}`](crate::models::{ty})."));
            quote!(#doc #ident(crate::models::#ident),)
        });
        return quote! {
            /// The body of a documented error response: the API documents several kinds, and
            /// the status of the response decides which one is expected.
            #[derive(Debug, Clone, PartialEq)]
            #[non_exhaustive]
            pub enum ErrorBody {
                #(#variants)*
            }
        };
    }
    let Some(body) = &api.error_body else {
        return match api.error_types.first() {
            Some(ty) => {
                let ident = format_ident!("{}", ty);
                let doc = docs_for(&format!(
                    "The body of a documented error response: [`{ty}`](crate::models::{ty})."
                ));
                quote!(#doc pub type ErrorBody = crate::models::#ident;)
            }
            None => quote! {
                /// The body of a documented error response. The API document describes none, so
                /// this is any JSON value.
                pub type ErrorBody = serde_json::Value;
            },
        };
    };
    let ty = format_ident!("{}", body.ty);
    let alias_doc = docs_for(&format!(
        "The body of a documented error response: [`{0}`](crate::models::{0}).",
        body.ty
    ));
    let accessors = body.accessors.iter().map(|accessor| {
        let method = format_ident!("{}", accessor.method);
        let field = format_ident!("{}", accessor.field);
        let doc = docs_for(&format!(
            "The `{field}` of the documented error body, when the server sent one (see [`ErrorBody`])."
        ));
        let value = if accessor.optional { quote!(body.#field.as_deref()) } else { quote!(Some(body.#field.as_str())) };
        quote! {
            #doc
            pub fn #method(&self) -> Option<&str> {
                match self {
                    Error::Service { body, .. } => #value,
                    _ => None,
                }
            }
        }
    });
    quote! {
        #alias_doc
        pub type ErrorBody = crate::models::#ty;

        impl Error {
            #(#accessors)*
        }
    }
}

/// The package's `README.md`: what crates.io shows, and the opening of the crate docs.
pub(crate) fn readme_md(api: &Api, config: &crate::Config, crate_ident: &str) -> String {
    let title = api.title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut text = format!(
        "# {}\n\nA typed async client for the {title}.\n",
        config.crate_name
    );
    if let Some(d) = &api.description {
        // Made safe for rustdoc as the doc comments are (untyped fences are text, no
        // indented code blocks), since this file is the crate docs too.
        text.push('\n');
        for line in doc_lines(&escape_markdown(d)) {
            text.push_str(line.strip_prefix(' ').unwrap_or(&line));
            text.push('\n');
        }
    }
    text.push_str(&format!(
        "\nThis crate is generated from the API's OpenAPI document (version {}). It is an async \
         client: every operation returns a future, to be run on a Tokio runtime.\n",
        api.version
    ));
    text.push_str(&format!(
        "\n## Install\n\n```sh\ncargo add {}\ncargo add tokio --features macros,rt-multi-thread\n```\n",
        config.crate_name
    ));
    text.push_str(&features_section(&config.crate_name));
    // The quickstart shows a call that changes nothing: the first idempotent GET, if any.
    let all = || {
        api.groups
            .iter()
            .flat_map(|g| g.operations.iter().map(move |op| (g, op)))
    };
    let quick = all()
        .find(|(_, op)| op.method == Method::Get && op.idempotent)
        .or_else(|| all().next());
    if let Some((g, op)) = quick {
        // Written out in full (no hidden lines), since crates.io shows the text as it is.
        text.push_str("\n## Quickstart\n\n```rust,no_run\n");
        let example = examples::example_with(api, g, op, crate_ident, false);
        let lines: Vec<&str> = example.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            // The function's first and last lines are hidden in the operation docs; here
            // they are shown, and its body indented.
            let shown = line.strip_prefix("# ").unwrap_or(line);
            if i > 0 && i + 1 < lines.len() && !shown.is_empty() {
                text.push_str("    ");
            }
            text.push_str(shown);
            text.push('\n');
        }
        text.push_str("```\n");
    }
    let extra = config.package.readme_extra.trim();
    if !extra.is_empty() {
        text.push('\n');
        text.push_str(extra);
        text.push('\n');
    }
    text
}

/// The README's section on the crate's features: which TLS each gives, and what is left to a
/// program that turns them all off.
fn features_section(crate_name: &str) -> String {
    format!(
        "\n## Features and TLS\n\n\
         | feature | what it gives |\n\
         |---|---|\n\
         | `rustls` (default) | HTTPS through rustls with the `ring` crypto provider. Building a client makes `ring` the process's rustls provider if the program has installed none; one the program installs first is used instead. |\n\
         | `rustls-aws-lc` | HTTPS through rustls with the `aws-lc-rs` provider (reqwest's usual one), or the provider the program installed, if any; nothing is installed for the whole process. More crates and a longer build than `ring`. |\n\
         | `native-tls` | HTTPS through the platform's library: OpenSSL on Linux (its headers and `pkg-config` are needed to build), Security.framework on macOS, SChannel on Windows. |\n\
         | `tracing` | One `tracing` span per call, with no credential, path value or body in it. |\n\
         \n\
         When more than one TLS feature is on, `native-tls` wins over rustls, and `aws-lc-rs` over `ring`. \
         To choose another backend, turn the default off:\n\n\
         ```sh\ncargo add {crate_name} --no-default-features --features native-tls\n```\n\n\
         With no TLS feature at all the crate brings no TLS library: give it a reqwest client \
         built with the TLS your program uses (`ClientBuilder::http_client`). Without one, \
         `build` refuses an `https` server instead of failing at the first call. A server whose \
         certificate a private authority issued is reached by trusting that authority with \
         `ClientBuilder::root_certificate`.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_of_the_document_are_text() {
        let lines = |t: &str| doc_lines(&escape_markdown(t));
        assert_eq!(lines("```rust\nfn x(\n```"), [" ```text", " fn x(", " ```"]);
        assert_eq!(lines("~~~\n{\n~~~"), [" ```text", " {", " ```"]);
        assert_eq!(
            lines("````should-panic\n```\n````"),
            [" ```text", "     ```", " ```"]
        );
        assert_eq!(lines("```\nopen"), [" ```text", " open", " ```"]);
    }

    #[test]
    fn comments_hold_no_carriage_return_or_direction_change() {
        assert_eq!(doc_lines("a\rb\r\nc"), [" a", " b", " c"]);
        assert_eq!(
            doc_lines("x \u{202E} y\u{2066}"),
            [" x \\u{202E} y\\u{2066}"]
        );
    }

    #[test]
    fn escapes_rustdoc_hazards_outside_code() {
        assert_eq!(
            escape_markdown("see [A001202] and <T>"),
            "see \\[A001202\\] and \\<T\\>\n"
        );
        assert_eq!(
            escape_markdown("code `[x]<y>` stays"),
            "code `[x]<y>` stays\n"
        );
        assert_eq!(
            escape_markdown("at https://us.authlete.com."),
            "at <https://us.authlete.com>.\n"
        );
    }

    #[test]
    fn fences_without_language_become_text_and_indentation_is_capped() {
        let lines = doc_lines("a\n```\nlet x;\n```\n    indented\n- item\n  more");
        assert_eq!(
            lines,
            vec![
                " a",
                " ```text",
                " let x;",
                " ```",
                "    indented",
                " - item",
                "   more"
            ]
        );
    }
}
