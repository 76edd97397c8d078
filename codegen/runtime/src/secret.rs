//! A string that must not leak into logs: kept out of `Debug`, readable on purpose.

/// A secret, such as a client secret: its `Debug` output is `SecretString(<redacted>)`, it
/// has no `Display`, and the value is read only through [`SecretString::expose`].
///
/// It deserializes from a plain JSON string. It serializes as that string only where the
/// value is needed: in the body of a request the client sends, and inside
/// [`reveal_secrets`]. Anywhere else (a response logged with
/// `serde_json::to_string`, say) it serializes as the string `"<redacted>"`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct SecretString(String);

impl SecretString {
    /// Wraps `value`.
    pub fn new(value: impl Into<String>) -> Self {
        SecretString(value.into())
    }

    /// The secret value. Call this only where the value is needed, never to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The secret value, unwrapped.
    pub fn into_inner(self) -> String {
        self.0
    }
}

impl std::fmt::Debug for SecretString {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretString(<redacted>)")
    }
}

impl From<String> for SecretString {
    fn from(value: String) -> Self {
        SecretString(value)
    }
}

impl From<&str> for SecretString {
    fn from(value: &str) -> Self {
        SecretString(value.to_string())
    }
}

impl serde::Serialize for SecretString {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let clear = MODE.with(|mode| match &mut *mode.borrow_mut() {
            Mode::Hidden => false,
            Mode::Revealed => true,
            Mode::Collecting(sent) => {
                sent.push(self.0.clone());
                true
            }
        });
        serializer.serialize_str(if clear {
            &self.0
        } else {
            super::redact::REDACTED
        })
    }
}

/// How `SecretString` serializes on this thread.
enum Mode {
    /// As `"<redacted>"`.
    Hidden,
    /// In clear.
    Revealed,
    /// In clear, noting each value written: a request body being encoded.
    Collecting(Vec<String>),
}

thread_local! {
    static MODE: std::cell::RefCell<Mode> = const { std::cell::RefCell::new(Mode::Hidden) };
}

/// Puts the previous mode back when dropped, even if serializing panicked.
struct Restore(Option<Mode>);

impl Drop for Restore {
    fn drop(&mut self) {
        if let Some(previous) = self.0.take() {
            MODE.with(|mode| *mode.borrow_mut() = previous);
        }
    }
}

fn set_mode(mode: Mode) -> Restore {
    Restore(Some(
        MODE.with(|m| std::mem::replace(&mut *m.borrow_mut(), mode)),
    ))
}

/// Runs `f` with every [`SecretString`] serializing as its value in clear, and returns what
/// `f` returns.
///
/// Outside this function a `SecretString` serializes as `"<redacted>"`, so that a response
/// written to a log keeps its secrets out. Use it where the value must be written, for
/// example to store a rotated client secret:
/// `reveal_secrets(|| serde_json::to_string(&response))`.
pub fn reveal_secrets<R>(f: impl FnOnce() -> R) -> R {
    let _restore = set_mode(Mode::Revealed);
    f()
}

/// Runs `f` with every `SecretString` serializing in clear, and returns what `f` returns
/// with the secret values it wrote: the client encodes request bodies this way, so that it
/// knows which values to keep out of the errors of that request.
pub fn collecting<R>(f: impl FnOnce() -> R) -> (R, Vec<String>) {
    let mut restore = set_mode(Mode::Collecting(Vec::new()));
    let out = f();
    let previous = restore.0.take().unwrap_or(Mode::Hidden);
    let mine = MODE.with(|m| std::mem::replace(&mut *m.borrow_mut(), previous));
    let sent = match mine {
        Mode::Collecting(sent) => sent,
        Mode::Hidden | Mode::Revealed => Vec::new(),
    };
    (out, sent)
}

impl<'de> serde::Deserialize<'de> for SecretString {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(SecretString)
    }
}

/// Serializes the unknown properties a model keeps (`extra`): the values under keys that
/// `B` marks secret, at any depth, are written as `"<redacted>"` unless the value is needed
/// (a request being encoded, or inside [`reveal_secrets`]).
pub fn serialize_unknown<B: super::error::DocumentedBody, S: serde::Serializer>(
    extra: &super::extra::Extra,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    use serde::Serialize;
    let extra = extra.as_map();
    let hidden = MODE.with(|mode| matches!(*mode.borrow(), Mode::Hidden));
    if hidden && !B::SECRET_FIELDS.is_empty() {
        super::redact::hide_secret_keys(extra, B::SECRET_FIELDS).serialize(serializer)
    } else {
        extra.serialize(serializer)
    }
}
