//! The runtime of every generated client, as an ordinary crate with its own tests.
//!
//! The generator copies each module below into the crate it generates, as `src/runtime/`,
//! so a generated crate depends on nothing from this repository. Modules refer to each other
//! through `super::`, and doc links to public items go through the paths a generated crate
//! also has at its root (`crate::limits`, `crate::RetryPolicy`, `crate::SecretString`), so
//! the same text compiles in both places.
//!
//! What depends on the API document reaches the runtime from the generated code: the
//! documented error body type and the names of secret properties through
//! [`error::DocumentedBody`], the credentials of the document's security schemes as
//! [`send::Credential`] values, each operation's path, query, idempotency and security
//! as a [`send::Request`], and how each struct reads its properties as a
//! [`de::FromObject`].

pub mod de;
pub mod encode;
pub mod error;
pub mod extra;
pub mod limits;
pub mod page;
pub mod redact;
pub mod response;
pub mod retry;
pub mod secret;
pub mod send;
pub mod trace;

pub use encode::Upload;
pub use error::{Error, TransportKind};
pub use extra::Extra;
pub use retry::RetryPolicy;
pub use secret::{SecretString, reveal_secrets};

/// The error body type of [`Error`] when none is named. A generated crate names its
/// documented error body here; this crate, which has no document, takes any JSON value.
pub type DefaultErrorBody = serde_json::Value;

impl error::DocumentedBody for serde_json::Value {
    const SECRET_FIELDS: &'static [&'static str] = &[];

    fn describe(&self) -> String {
        redact::describe_json(self, Self::SECRET_FIELDS)
    }
}

#[cfg(test)]
mod tests;
