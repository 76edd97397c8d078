//! The properties of an object that its type does not name, kept for the caller.
//!
//! Decoding keeps them as the JSON text they are, written into one buffer as they are read:
//! a response with many properties the client does not model costs a copy of their text, not
//! a `serde_json::Value` per value. They are read into values the first time they are asked
//! for.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt::{self, Write as _};
use std::sync::OnceLock;

/// The properties of an object that its type does not name, by name, as JSON values.
///
/// Read it like a map: [`get`](Self::get), [`contains_key`](Self::contains_key),
/// [`len`](Self::len), [`iter`](Self::iter), indexing (`extra["createdAt"]`, which gives
/// `Value::Null` for a name that is not there), or the whole [`as_map`](Self::as_map).
/// `Debug` output hides the values of properties the API document marks secret.
#[derive(Default)]
pub struct Extra {
    /// The properties as received, as the members of one JSON object without its braces
    /// (`"a":1,"b":[true]`). Not used once `parsed` is set.
    text: String,
    /// Where each name is in `text` (the name as written there, without its quotes) and a
    /// hash of it, so that a name given twice is refused while decoding.
    /// Only while the object is being decoded: afterwards it goes back to `NAMES` for the
    /// next object, and `count` says how many there are.
    names: Vec<(u32, u32, u32)>,
    /// How many properties `text` holds.
    count: u32,
    /// One bit per name hash seen (modulo 128): most new names are told new by it alone.
    seen: u128,
    /// The properties as values, read from `text` when first asked for.
    parsed: OnceLock<Map<String, Value>>,
}

impl Extra {
    /// No properties.
    pub fn new() -> Self {
        Self::default()
    }

    /// The properties as a map of values.
    pub fn as_map(&self) -> &Map<String, Value> {
        self.parsed.get_or_init(|| {
            if self.text.is_empty() {
                return Map::new();
            }
            let mut object = String::with_capacity(self.text.len() + 2);
            object.push('{');
            object.push_str(&self.text);
            object.push('}');
            // The text was written by `Transcode` from values that were read: it reads back.
            serde_json::from_str(&object).unwrap_or_default()
        })
    }

    fn map_mut(&mut self) -> &mut Map<String, Value> {
        self.as_map();
        self.text = String::new();
        self.names = Vec::new();
        self.count = 0;
        self.seen = 0;
        self.parsed.get_mut().expect("read just above")
    }

    /// The properties as a map of values, taken out.
    pub fn into_map(mut self) -> Map<String, Value> {
        std::mem::take(self.map_mut())
    }

    /// The value of the property `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.as_map().get(name)
    }

    /// Whether there is a property `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.as_map().contains_key(name)
    }

    /// How many properties there are.
    pub fn len(&self) -> usize {
        match self.parsed.get() {
            Some(map) => map.len(),
            None => self.count as usize,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The names and values, in the order received.
    pub fn iter(&self) -> serde_json::map::Iter<'_> {
        self.as_map().iter()
    }

    /// The names, in the order received.
    pub fn keys(&self) -> serde_json::map::Keys<'_> {
        self.as_map().keys()
    }

    /// Sets the property `name`; gives the value it replaces.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) -> Option<Value> {
        self.map_mut().insert(name.into(), value)
    }

    /// Removes the property `name`; gives its value.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        self.map_mut().shift_remove(name)
    }

    /// Where the name written as `escaped`, whose hash is `hash`, is in `names`.
    fn position(&self, escaped: &str, hash: u32) -> Option<usize> {
        if self.seen & (1u128 << (hash % 128)) == 0 {
            return None;
        }
        self.names.iter().position(|&(h, start, len)| {
            let (start, len) = (start as usize, len as usize);
            h == hash && self.text.get(start..start + len) == Some(escaped)
        })
    }

    /// Reads the value of the property `name` (which `map` just gave) into the text, or
    /// refuses a name given before.
    pub(crate) fn read<'de, A: MapAccess<'de>>(
        &mut self,
        map: &mut A,
        name: &str,
    ) -> Result<(), A::Error> {
        if self.parsed.get().is_some() {
            let value: Value = map.next_value()?;
            if self.as_map().contains_key(name) {
                return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
            }
            self.map_mut().insert(name.to_string(), value);
            return Ok(());
        }
        let mark = self.text.len();
        if self.text.is_empty() {
            // As much room as the last object decoded here needed (see `SIZE_HINT`).
            self.text.reserve(SIZE_HINT.with(Cell::get).max(64));
            self.names = NAMES.with(Cell::take);
        } else {
            self.text.push(',');
        }
        self.text.push('"');
        let start = self.text.len();
        write_escaped(&mut self.text, name);
        let end = self.text.len();
        let hash = name_hash(&self.text[start..end]);
        let repeated = self.position(&self.text[start..end], hash).is_some();
        self.text.push_str("\":");
        // Checked inside the value's seed, so that the error's path names the property.
        let read = map.next_value_seed(Member {
            text: &mut self.text,
            repeated: repeated.then_some(name),
        });
        if read.is_err() {
            self.text.truncate(mark);
            return read;
        }
        // Names and texts longer than 4 GiB cannot be read: a response body is bounded far
        // below that before it is decoded.
        self.seen |= 1u128 << (hash % 128);
        let (start, len) = (
            u32::try_from(start).unwrap_or(u32::MAX),
            u32::try_from(end - start).unwrap_or(0),
        );
        self.names.push((hash, start, len));
        self.count += 1;
        Ok(())
    }
}

/// The most text room an object is given in advance, whatever the one before it needed.
const LARGEST_HINT: usize = 1 << 16;

thread_local! {
    // The room the last object decoded on this thread needed for its kept text (with a
    // little to spare, and at most `LARGEST_HINT`): the next object starts with that much, so a list
    // of similar objects allocates its text once per object instead of growing it.
    static SIZE_HINT: Cell<usize> = const { Cell::new(0) };
    // The list of names an object uses while it is decoded, handed from one object to the
    // next (an object inside another's decoding starts a list of its own).
    static NAMES: Cell<Vec<(u32, u32, u32)>> = const { Cell::new(Vec::new()) };
}

impl Extra {
    /// Called once an object's properties are all read: remembers its size for the next,
    /// and hands its list of names on.
    pub(crate) fn finish(mut self) -> Self {
        if !self.text.is_empty() {
            let text = self.text.len().min(LARGEST_HINT);
            SIZE_HINT.with(|hint| hint.set(text + text / 8));
            let mut names = std::mem::take(&mut self.names);
            if names.capacity() <= 4096 {
                names.clear();
                NAMES.with(|slot| slot.set(names));
            }
        }
        self
    }
}

impl Clone for Extra {
    fn clone(&self) -> Self {
        match self.parsed.get() {
            Some(map) => Extra::from(map.clone()),
            None => Extra {
                text: self.text.clone(),
                names: self.names.clone(),
                count: self.count,
                seen: self.seen,
                parsed: OnceLock::new(),
            },
        }
    }
}

impl PartialEq for Extra {
    fn eq(&self, other: &Self) -> bool {
        self.as_map() == other.as_map()
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.as_map().fmt(f)
    }
}

impl From<Map<String, Value>> for Extra {
    fn from(map: Map<String, Value>) -> Self {
        Extra {
            text: String::new(),
            names: Vec::new(),
            count: 0,
            seen: 0,
            parsed: OnceLock::from(map),
        }
    }
}

impl From<Extra> for Map<String, Value> {
    fn from(extra: Extra) -> Self {
        extra.into_map()
    }
}

impl std::ops::Index<&str> for Extra {
    type Output = Value;

    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a Value);
    type IntoIter = serde_json::map::Iter<'a>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl serde::Serialize for Extra {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_map().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for Extra {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::deserialize(deserializer).map(Extra::from)
    }
}

/// Whether any byte of `bytes` is a quote, a backslash or a control character, checked eight
/// bytes at a time.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte of `word` is zero: its high bit is set in the result.
    let has_zero = |word: u64| word.wrapping_sub(ONES) & !word & HIGHS;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let word = u64::from_le_bytes(word);
        // Bytes below 0x20, then bytes equal to `"` or `\`.
        let low = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
        if low
            | has_zero(word ^ (ONES * u64::from(b'"')))
            | has_zero(word ^ (ONES * u64::from(b'\\')))
            != 0
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// A quick hash of a property name, from its length and its first and last eight bytes, to
/// tell most names apart without comparing them.
fn name_hash(name: &str) -> u32 {
    let bytes = name.as_bytes();
    let word = |part: &[u8]| {
        let mut buffer = [0u8; 8];
        buffer[..part.len()].copy_from_slice(part);
        u64::from_le_bytes(buffer)
    };
    let n = bytes.len();
    let head = word(&bytes[..n.min(8)]);
    let tail = word(&bytes[n.saturating_sub(8)..]);
    let mixed = (head ^ tail.rotate_left(29) ^ (n as u64)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (mixed >> 32) as u32
}

/// Writes `text` as the inside of a JSON string: quotes, backslashes and control characters
/// escaped.
fn write_escaped(out: &mut String, text: &str) {
    if !needs_escape(text.as_bytes()) {
        out.push_str(text);
        return;
    }
    let bytes = text.as_bytes();
    let mut plain = 0;
    for (i, &byte) in bytes.iter().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
}

/// The value of an unknown property: refused if its name was given before, else written.
struct Member<'a, 'n> {
    text: &'a mut String,
    repeated: Option<&'n str>,
}

impl<'de> DeserializeSeed<'de> for Member<'_, '_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if let Some(name) = self.repeated {
            return Err(de::Error::custom(format_args!("duplicate field `{name}`")));
        }
        // A `serde_json` reader hands over the value's text as it is, unparsed (what its
        // `RawValue` is made from); any other input is read and written again.
        deserializer.deserialize_newtype_struct(RAW_VALUE, RawOrRead(self.text))
    }
}

/// The name under which `serde_json` hands over a value's text as it is (the one its own
/// `RawValue` asks for). If a version of `serde_json` stops answering to it, values are read
/// and written again instead, which gives the same text more slowly.
const RAW_VALUE: &str = "$serde_json::private::RawValue";

/// Takes a value's text as `serde_json` hands it over, or reads the value and writes it.
struct RawOrRead<'a>(&'a mut String);

impl<'de> Visitor<'de> for RawOrRead<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(Transcode(self.0))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        // One entry: the name, then the text.
        if map.next_key::<de::IgnoredAny>()?.is_none() {
            return Err(de::Error::custom("expected the text of a JSON value"));
        }
        map.next_value_seed(Text(self.0))
    }
}

/// Appends a text handed over as a string.
struct Text<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for Text<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Text<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the text of a JSON value")
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }
}

/// Reads one JSON value and writes it, as JSON text, at the end of a string.
struct Transcode<'a>(&'a mut String);

impl<'de> DeserializeSeed<'de> for Transcode<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Transcode<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.0.push_str(if v { "true" } else { "false" });
        Ok(())
    }

    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }

    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        let _ = write!(self.0, "{v}");
        Ok(())
    }

    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        if v.is_finite() {
            // `Debug` writes the shortest text that reads back as the same number.
            let _ = write!(self.0, "{v:?}");
        } else {
            self.0.push_str("null");
        }
        Ok(())
    }

    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        self.0.push('"');
        write_escaped(self.0, v);
        self.0.push('"');
        Ok(())
    }

    fn visit_unit<E>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_none<E>(self) -> Result<(), E> {
        self.0.push_str("null");
        Ok(())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        self.0.push('[');
        let mut first = true;
        loop {
            let mark = self.0.len();
            if !first {
                self.0.push(',');
            }
            if seq.next_element_seed(Transcode(self.0))?.is_none() {
                self.0.truncate(mark);
                break;
            }
            first = false;
        }
        self.0.push(']');
        Ok(())
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        self.0.push('{');
        let mut first = true;
        loop {
            let mark = self.0.len();
            if !first {
                self.0.push(',');
            }
            if map.next_key_seed(Transcode(self.0))?.is_none() {
                self.0.truncate(mark);
                break;
            }
            self.0.push(':');
            map.next_value_seed(Transcode(self.0))?;
            first = false;
        }
        self.0.push('}');
        Ok(())
    }
}
