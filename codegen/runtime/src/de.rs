//! Decoding objects: a generated struct is read from a JSON object and from nothing else,
//! with each property given at most once.
//!
//! serde's derived `Deserialize` also accepts an array for a struct (its fields by position)
//! and lets a repeated property of `extra` or an absent required `nullable` property pass.
//! The API document rules these shapes out, so generated structs implement [`FromObject`]
//! instead, and decode through [`object`], which asks the input for a map and only a map.
//!
//! A generated `FromObject::from_object` is a loop over [`next_key`] that hands each value to
//! [`value`], [`write_only`], [`unknown`] or [`ignore`], then builds the struct from
//! [`required`] and [`optional`] values. Values are read with `next_value_seed`, so a failure
//! inside a property (a repeated property included) is reported at that property's path by
//! `serde_path_to_error`.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;

/// A type read from the properties of one JSON object.
pub trait FromObject: Sized {
    /// The type's name, used in errors: "expected a JSON object (`NAME`)".
    const NAME: &'static str;

    /// Reads every property of the object from `map`, then builds the value.
    ///
    /// # Errors
    ///
    /// A property of the wrong type, a required property missing, or a property given twice.
    fn from_object<'de, A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Decodes a `T` from a JSON object. Any other JSON value (an array, a string, `null`...)
/// is refused with serde's "invalid type" error.
///
/// # Errors
///
/// The input is not an object, or [`FromObject::from_object`] refuses it.
pub fn object<'de, T: FromObject, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(Object(PhantomData))
}

/// The visitor behind [`object`]: it knows maps only, so serde's defaults refuse the rest.
struct Object<T>(PhantomData<T>);

impl<'de, T: FromObject> Visitor<'de> for Object<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_object(map)
    }
}

/// A property name, borrowed from the input when the input lends it (JSON without escapes
/// in the name), owned otherwise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key<'de> {
    /// Borrowed from the input.
    Borrowed(&'de str),
    /// Copied, because the input could not lend it.
    Owned(String),
}

impl Key<'_> {
    /// The name.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(name) => name,
            Key::Owned(name) => name,
        }
    }

    /// The name, owned.
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(name) => name.to_owned(),
            Key::Owned(name) => name,
        }
    }
}

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Asking for a string (rather than an identifier) is what JSON object keys are, and
        // the string reaches `serde_path_to_error`, which records it for the path.
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Key<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a property name")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// The name of the next property of `map`, or `None` after the last.
///
/// # Errors
///
/// The input is not well-formed.
pub fn next_key<'de, A: MapAccess<'de>>(map: &mut A) -> Result<Option<Key<'de>>, A::Error> {
    map.next_key()
}

/// Reads the value of the property `name`, whose key `map` just gave, into `slot`. A second
/// value for the same property is refused (`duplicate field`), as serde's derive does.
///
/// # Errors
///
/// The value does not fit `V`, or the property was given before.
pub fn value<'de, A: MapAccess<'de>, V: serde::Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<V>,
    name: &'static str,
) -> Result<(), A::Error> {
    map.next_value_seed(Field { slot, name })
}

/// Skips the value of the write-only property `name`, whose key `map` just gave: a response
/// does not carry it, so whatever it holds is not read. Given twice, it is refused as any
/// other property is.
///
/// # Errors
///
/// The property was given before.
pub fn write_only<'de, A: MapAccess<'de>>(
    map: &mut A,
    seen: &mut Option<de::IgnoredAny>,
    name: &'static str,
) -> Result<(), A::Error> {
    value(map, seen, name)
}

/// Keeps the value of a property the type does not name in `extra`, under `key` (which `map`
/// just gave), as its JSON text. A second value for the same property is refused
/// (`duplicate field`), as for named properties.
///
/// # Errors
///
/// The value is not well-formed JSON, or the property was given before.
pub fn unknown<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut super::extra::Extra,
    key: Key<'_>,
) -> Result<(), A::Error> {
    extra.read(map, key.as_str())
}

/// The kept properties of an object whose properties are all read, to store in its `extra`.
pub fn kept(extra: super::extra::Extra) -> super::extra::Extra {
    extra.finish()
}

/// Keeps the value of the property `key` (which `map` just gave) in `object`; see
/// [`whole_object`].
fn member<'de, A: MapAccess<'de>>(
    map: &mut A,
    object: &mut serde_json::Map<String, serde_json::Value>,
    key: Key<'_>,
) -> Result<(), A::Error> {
    map.next_value_seed(Unknown {
        extra: object,
        key: key.into_string(),
    })
}

/// Skips the value of a property the type does not name and does not keep.
///
/// # Errors
///
/// The value is not well-formed.
pub fn ignore<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<de::IgnoredAny>().map(drop)
}

/// The value of a required property: it must have been given (`null` is for the value's type
/// to accept or refuse). The map the object was read from is passed only to name the error
/// type.
///
/// # Errors
///
/// `missing field`, when it was not given.
pub fn required<'de, A: MapAccess<'de>, T>(
    _map: &A,
    slot: Option<T>,
    name: &'static str,
) -> Result<T, A::Error> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

/// The value of a property that need not be given: absent and `null` both give `None`.
pub fn optional<T>(slot: Option<Option<T>>) -> Option<T> {
    slot.flatten()
}

/// Stores a named property's value in its slot; see [`value`]. Values are read through this
/// seed (rather than read, then checked) so that a repeated property is reported at its own
/// path.
struct Field<'a, V> {
    slot: &'a mut Option<V>,
    name: &'static str,
}

impl<'de, V: serde::Deserialize<'de>> DeserializeSeed<'de> for Field<'_, V> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.slot.is_some() {
            return Err(de::Error::duplicate_field(self.name));
        }
        *self.slot = Some(V::deserialize(deserializer)?);
        Ok(())
    }
}

/// Stores a property's value in a map; see [`member`].
struct Unknown<'a> {
    extra: &'a mut serde_json::Map<String, serde_json::Value>,
    key: String,
}

impl<'de> DeserializeSeed<'de> for Unknown<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if self.extra.contains_key(&self.key) {
            return Err(de::Error::custom(format_args!(
                "duplicate field `{}`",
                self.key
            )));
        }
        let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
        self.extra.insert(self.key, value);
        Ok(())
    }
}

/// Reads a whole JSON object as it is, for a type that looks inside before it decides how to
/// decode (a `oneOf` with a discriminator). Anything but an object is refused, as "expected a
/// JSON object (`name`)", and so is a property given twice.
///
/// # Errors
///
/// The input is not an object, or repeats a property.
pub fn whole_object<'de, D: Deserializer<'de>>(
    deserializer: D,
    name: &'static str,
) -> Result<serde_json::Map<String, serde_json::Value>, D::Error> {
    deserializer.deserialize_map(WholeObject(name))
}

/// The visitor behind [`whole_object`].
struct WholeObject(&'static str);

impl<'de> Visitor<'de> for WholeObject {
    type Value = serde_json::Map<String, serde_json::Value>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a JSON object ({})", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = next_key(&mut map)? {
            member(&mut map, &mut object, key)?;
        }
        Ok(object)
    }
}
