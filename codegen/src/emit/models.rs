//! Emits `models.rs`: one Rust type per named schema.

use super::{docs_for, rust_type, spec_docs};
use crate::ir::{
    Api, Field, IntVariant, Nested, OneOfVariant, TypeDef, TypeKind, TypeRef, Variant,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn models_rs(api: &Api) -> TokenStream {
    let types = api.types.iter().map(|t| type_def(api, t));
    let multipart = multipart_impls(api);
    quote! {
        //! Request and response types, one per schema of the API document.
        #(#types)*
        #(#multipart)*
    }
}

/// `ToMultipart` for each struct sent as a `multipart/form-data` body: a text part per scalar
/// property (each item of a list its own part), a file part per `format: binary` one, and
/// JSON for anything else. Read-only properties are not sent.
fn multipart_impls(api: &Api) -> Vec<TokenStream> {
    let mut names: Vec<&str> = Vec::new();
    for op in api.groups.iter().flat_map(|g| &g.operations) {
        if let Some(b) = op
            .body
            .as_ref()
            .filter(|b| b.kind == crate::ir::BodyKind::Multipart)
        {
            if let TypeRef::Named(n) = &b.ty {
                if !names.contains(&n.as_str()) {
                    names.push(n);
                }
            }
        }
    }
    let displayed = |ty: &TypeRef| match ty {
        TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64 => true,
        TypeRef::Named(n) => api.types.iter().any(|t| {
            t.name == *n
                && matches!(
                    t.kind,
                    TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. }
                )
        }),
        _ => false,
    };
    let part = |ty: &TypeRef, wire: &str, value: TokenStream| -> TokenStream {
        match ty {
            TypeRef::String => quote!(form.text(#wire, #value);),
            TypeRef::Secret => quote!(form.secret(#wire, #value);),
            TypeRef::Binary => quote!(form.file(#wire, #value)?;),
            ty if displayed(ty) => quote!(form.text(#wire, &#value.to_string());),
            _ => quote!(form.json(#wire, #value)?;),
        }
    };
    names
        .iter()
        .filter_map(|n| api.types.iter().find(|t| t.name == *n))
        .filter_map(|t| {
            let TypeKind::Struct { fields, .. } = &t.kind else {
                return None;
            };
            let name = format_ident!("{}", t.name);
            let adds = fields.iter().filter(|f| !f.read_only).map(|f| {
                let ident = format_ident!("{}", f.rust);
                let wire = &f.wire;
                let add = match &f.ty {
                    TypeRef::Vec(item)
                        if matches!(
                            **item,
                            TypeRef::String | TypeRef::Secret | TypeRef::Binary
                        ) || displayed(item) =>
                    {
                        let each = part(item, wire, quote!(item));
                        quote!(for item in value.iter() { #each })
                    }
                    ty => part(ty, wire, quote!(value)),
                };
                if f.optional() {
                    quote!(if let Some(value) = &self.#ident { #add })
                } else {
                    quote!({ let value = &self.#ident; #add })
                }
            });
            Some(quote! {
                impl crate::runtime::encode::ToMultipart for #name {
                    fn add_parts(
                        &self,
                        form: &mut crate::runtime::encode::Multipart,
                    ) -> ::core::result::Result<(), crate::runtime::encode::Refused> {
                        #(#adds)*
                        Ok(())
                    }
                }
            })
        })
        .collect()
}

fn validate_fn(fields: &[Field]) -> TokenStream {
    let checks = fields.iter().filter_map(|f| {
        let ident = format_ident!("{}", f.rust);
        let wire = &f.wire;
        let check = |value: TokenStream| -> Option<TokenStream> {
            if let Some(rules) = &f.rules {
                let text = match f.ty {
                    TypeRef::Secret => quote!(#value.expose()),
                    TypeRef::String => quote!(#value.as_str()),
                    _ => return None,
                };
                let opt = |v: Option<usize>| match v {
                    Some(n) => {
                        let n = proc_macro2::Literal::usize_unsuffixed(n);
                        quote!(Some(#n))
                    }
                    None => quote!(None),
                };
                let (min, max) = (opt(rules.min_length), opt(rules.max_length));
                let allowed = match (&rules.pattern_ranges, &rules.pattern) {
                    (Some(ranges), Some(pattern)) => {
                        let pairs = ranges.iter().map(|(lo, hi)| quote!((#lo, #hi)));
                        quote!(Some((&[#(#pairs),*], #pattern)))
                    }
                    _ => quote!(None),
                };
                return Some(
                    quote!(crate::runtime::encode::check_string(#wire, #text, #min, #max, #allowed)?;),
                );
            }
            match f.nested {
                Nested::Value => Some(quote!(#value.validate()?;)),
                Nested::Items => Some(quote!(for item in #value.iter() { item.validate()?; })),
                Nested::None => None,
            }
        };
        if f.optional() {
            let inner = check(quote!(value))?;
            Some(quote!(if let Some(value) = &self.#ident { #inner }))
        } else {
            check(quote!(self.#ident))
        }
    });
    quote! {
        /// Checks the rules the API document sets for this value (lengths and patterns of
        /// its strings, and those of the values it contains). Requests call this before
        /// anything is sent.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidInput`](crate::Error::InvalidInput) naming the property and the rule.
        pub fn validate(&self) -> Result<(), crate::Error> {
            #(#checks)*
            Ok(())
        }
    }
}

fn type_def(api: &Api, t: &TypeDef) -> TokenStream {
    match &t.kind {
        TypeKind::Struct {
            fields,
            keep_unknown,
        } => {
            let validate = t.validates.then(|| validate_fn(fields));
            struct_def(t, fields, *keep_unknown, validate)
        }
        TypeKind::StringEnum { variants } => enum_def(t, variants),
        TypeKind::IntEnum { variants } => int_enum_def(t, variants),
        TypeKind::OneOf {
            variants,
            discriminator,
        } => one_of_def(api, t, variants, discriminator.as_deref()),
        TypeKind::Newtype { ty } => newtype_def(t, ty),
    }
}

/// A struct around a list or map that contains itself; it reads and writes as the container.
fn newtype_def(t: &TypeDef, ty: &TypeRef) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let doc = type_doc(t);
    let inner = rust_type(ty);
    quote! {
        #doc
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct #name(pub #inner);

        impl ::std::convert::From<#inner> for #name {
            fn from(value: #inner) -> Self {
                Self(value)
            }
        }
    }
}

/// `PartialEq`, `Eq`, `Hash`, `PartialOrd` and `Ord` for an enum by its wire value, read with
/// the method call `wire` (`value()` or `as_str()`): an `Unknown` holding a listed value is
/// that value's variant.
fn compared_by_wire(name: &proc_macro2::Ident, wire: TokenStream) -> TokenStream {
    quote! {
        impl ::std::cmp::PartialEq for #name {
            fn eq(&self, other: &Self) -> bool {
                self.#wire == other.#wire
            }
        }

        impl ::std::cmp::Eq for #name {}

        impl ::std::hash::Hash for #name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(&self.#wire, state);
            }
        }

        impl ::std::cmp::PartialOrd for #name {
            fn partial_cmp(&self, other: &Self) -> ::std::option::Option<::std::cmp::Ordering> {
                ::std::option::Option::Some(::std::cmp::Ord::cmp(self, other))
            }
        }

        impl ::std::cmp::Ord for #name {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                ::std::cmp::Ord::cmp(&self.#wire, &other.#wire)
            }
        }
    }
}

fn int_enum_def(t: &TypeDef, variants: &[IntVariant]) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let compared = compared_by_wire(&name, quote!(value()));
    let doc = type_doc(t);
    let defs = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let doc = docs_for(&format!("`{}`", v.value));
        quote!(#doc #ident,)
    });
    let to_value = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let value = v.value;
        quote!(Self::#ident => #value,)
    });
    let from_value = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let value = v.value;
        quote!(#value => Self::#ident,)
    });
    quote! {
        #doc
        ///
        /// Values that this version of the client does not know decode as `Unknown`.
        /// Values compare, order and hash by the number sent on the wire, so `Unknown` of a
        /// listed value equals that value's variant.
        #[derive(Debug, Clone, Copy)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value not listed in the API document, kept as received.
            Unknown(i64),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #(#to_value)*
                    Self::Unknown(value) => *value,
                }
            }
        }

        #compared

        impl From<i64> for #name {
            fn from(value: i64) -> Self {
                match value {
                    #(#from_value)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                i64::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// For a `oneOf` whose alternatives are all plain scalars (an ID that is a number or a
/// name): `Display` (the value as sent in a path or a query) and a `From` for each scalar type
/// only one alternative has.
fn scalar_one_of(
    api: &Api,
    name: &proc_macro2::Ident,
    variants: &[OneOfVariant],
) -> Option<TokenStream> {
    let plain = |ty: &TypeRef| match ty {
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::I32
        | TypeRef::I64
        | TypeRef::U32
        | TypeRef::U64
        | TypeRef::F32
        | TypeRef::F64 => true,
        // Enums display their wire value.
        TypeRef::Named(n) => api.types.iter().any(|t| {
            t.name == *n
                && matches!(
                    t.kind,
                    TypeKind::StringEnum { .. } | TypeKind::IntEnum { .. }
                )
        }),
        _ => false,
    };
    if variants.is_empty() || !variants.iter().all(|v| plain(&v.ty) && !v.boxed) {
        return None;
    }
    let arms = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        quote!(Self::#ident(value) => ::std::fmt::Display::fmt(value, f),)
    });
    Some(quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #(#arms)*
                }
            }
        }
    })
}

/// A `From` for each alternative whose type no other alternative has, so that a value of
/// that type can be given where the enum is expected (`.updated(1700)`), and `From<&str>` when
/// one alternative is a string.
fn variant_froms(name: &proc_macro2::Ident, variants: &[OneOfVariant]) -> TokenStream {
    let froms = variants
        .iter()
        .filter(|v| variants.iter().filter(|w| w.ty == v.ty).count() == 1)
        .map(|v| {
            let ident = format_ident!("{}", v.rust);
            let ty = rust_type(&v.ty);
            let wrap = if v.boxed {
                quote!(Self::#ident(Box::new(value)))
            } else {
                quote!(Self::#ident(value))
            };
            let from_str = (v.ty == TypeRef::String).then(|| {
                quote! {
                    impl ::std::convert::From<&str> for #name {
                        fn from(value: &str) -> Self {
                            Self::#ident(value.to_string())
                        }
                    }

                    impl ::std::convert::From<&String> for #name {
                        fn from(value: &String) -> Self {
                            Self::#ident(value.clone())
                        }
                    }
                }
            });
            // A 64-bit integer alternative also takes the narrower integers, so that a literal
            // (`refresh_secret(svc, 1001)`, an `i32` unless told otherwise) is accepted.
            let narrower = (v.ty == TypeRef::I64
                && !variants
                    .iter()
                    .any(|w| matches!(w.ty, TypeRef::I32 | TypeRef::U32)))
            .then(|| {
                quote! {
                    impl ::std::convert::From<i32> for #name {
                        fn from(value: i32) -> Self {
                            Self::#ident(i64::from(value))
                        }
                    }

                    impl ::std::convert::From<u32> for #name {
                        fn from(value: u32) -> Self {
                            Self::#ident(i64::from(value))
                        }
                    }
                }
            });
            quote! {
                impl ::std::convert::From<#ty> for #name {
                    fn from(value: #ty) -> Self {
                        #wrap
                    }
                }
                #from_str
                #narrower
            }
        });
    quote!(#(#froms)*)
}

fn one_of_def(
    api: &Api,
    t: &TypeDef,
    variants: &[OneOfVariant],
    discriminator: Option<&str>,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let doc = type_doc(t);
    let defs = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let ty = rust_type(&v.ty);
        let ty = if v.boxed { quote!(Box<#ty>) } else { ty };
        let text = match &v.tag {
            Some(tag) => format!(
                "Selected by `{}: \"{tag}\"`.",
                discriminator.unwrap_or_default()
            ),
            None => "One of the alternatives.".to_string(),
        };
        let doc = docs_for(&text);
        quote!(#doc #ident(#ty),)
    });
    let froms = variant_froms(&name, variants);
    let Some(property) = discriminator else {
        let scalar = scalar_one_of(api, &name, variants);
        return quote! {
            #doc
            ///
            /// Decoding tries the alternatives in order and takes the first that fits.
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            #[serde(untagged)]
            #[non_exhaustive]
        pub enum #name {
                #(#defs)*
            }

            #scalar
            #froms
        };
    };
    let arms = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let tag = v.tag.as_deref().unwrap_or_default();
        let wrap = if v.boxed { quote!(|v| Self::#ident(Box::new(v))) } else { quote!(Self::#ident) };
        quote!(Some(#tag) => serde_json::from_value(value).map(#wrap).map_err(serde::de::Error::custom),)
    });
    // Each kind is written with its tag, whatever its own property says.
    let serialize_arms = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let tag = v.tag.as_deref().unwrap_or_default();
        quote!(Self::#ident(value) => crate::runtime::encode::tagged(serializer, value, #property, #tag),)
    });
    let type_name = &t.name;
    let property_doc = docs_for(&format!(
        "\nThe alternative is chosen by the `{property}` property. A value this version of the client \
         does not know decodes as `Unknown`."
    ));
    quote! {
        #doc
        #property_doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// An alternative this version of the client does not know, kept as received.
            Unknown(serde_json::Value),
        }

        #froms

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                match self {
                    #(#serialize_arms)*
                    Self::Unknown(value) => value.serialize(serializer),
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let object = crate::runtime::de::whole_object(deserializer, #type_name)?;
                let tag = object.get(#property).and_then(serde_json::Value::as_str).map(str::to_string);
                let value = serde_json::Value::Object(object);
                match tag.as_deref() {
                    #(#arms)*
                    _ => Ok(Self::Unknown(value)),
                }
            }
        }
    }
}

fn type_doc(t: &TypeDef) -> TokenStream {
    match &t.doc {
        Some(d) => spec_docs(d),
        None => docs_for(&format!("The schema at `{}`.", t.pointer)),
    }
}

/// The Rust expression for a `default` value of type `ty` (lowering checked that it fits).
fn default_expr(value: &serde_json::Value, ty: &TypeRef) -> TokenStream {
    match (ty, value) {
        (TypeRef::String, serde_json::Value::String(s)) => quote!(String::from(#s)),
        (TypeRef::Bool, serde_json::Value::Bool(b)) => quote!(#b),
        (TypeRef::I32, v) => {
            let n = proc_macro2::Literal::i32_unsuffixed(
                v.as_i64().and_then(|n| i32::try_from(n).ok()).unwrap_or(0),
            );
            quote!(#n)
        }
        (TypeRef::I64, v) => {
            let n = proc_macro2::Literal::i64_unsuffixed(v.as_i64().unwrap_or(0));
            quote!(#n)
        }
        (TypeRef::U32 | TypeRef::U64, v) => {
            let n = proc_macro2::Literal::u64_unsuffixed(v.as_u64().unwrap_or(0));
            quote!(#n)
        }
        (TypeRef::F32, v) => {
            let n = proc_macro2::Literal::f32_unsuffixed(v.as_f64().unwrap_or(0.0) as f32);
            quote!(#n)
        }
        (TypeRef::F64, v) => {
            let n = proc_macro2::Literal::f64_unsuffixed(v.as_f64().unwrap_or(0.0));
            quote!(#n)
        }
        (TypeRef::Named(n), serde_json::Value::String(s)) => {
            let n = format_ident!("{}", n);
            quote!(crate::models::#n::from(#s))
        }
        (TypeRef::Named(n), v) => {
            let n = format_ident!("{}", n);
            let value = v.as_i64().unwrap_or(0);
            quote!(crate::models::#n::from(#value))
        }
        _ => quote!(Default::default()),
    }
}

fn field_type(f: &Field) -> TokenStream {
    let ty = rust_type(&f.ty);
    let ty = if f.boxed { quote!(Box<#ty>) } else { ty };
    if f.optional() {
        quote!(Option<#ty>)
    } else {
        ty
    }
}

fn struct_def(
    t: &TypeDef,
    fields: &[Field],
    keep_unknown: bool,
    validate: Option<TokenStream>,
) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let doc = type_doc(t);
    let field_defs = fields.iter().map(field_def);
    let extra = keep_unknown.then(|| {
        quote! {
            /// Every property of the received object that this type does not name, kept as
            /// received (and sent back as given when this value is serialized). Values under
            /// keys the API document marks secret, at any depth, are redacted by `Debug` and
            /// serialized as `"<redacted>"` except in requests and inside
            /// [`reveal_secrets`](crate::reveal_secrets).
            #[serde(
                flatten,
                serialize_with = "crate::runtime::secret::serialize_unknown::<crate::error::ErrorBody, _>"
            )]
            pub extra: crate::Extra,
        }
    });
    let new_fn = new_fn(fields, keep_unknown);
    let setters = fields.iter().filter(|f| !f.required).map(field_setter);
    let default_fns = fields.iter().filter_map(default_fn);
    let default_impl = fields.iter().all(|f| !f.required).then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    let deserialize = deserialize_impl(t, fields, keep_unknown);
    let (derive_debug, debug_impl) = if keep_unknown {
        (quote!(), Some(extra_debug(t, fields)))
    } else {
        (quote!(Debug,), None)
    };
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, serde::Serialize)]
        #[non_exhaustive]
        pub struct #name {
            #(#field_defs)*
            #extra
        }

        #debug_impl

        impl #name {
            #new_fn
            #(#setters)*
            #validate
            #(#default_fns)*
        }

        #default_impl

        #deserialize
    }
}

/// `Deserialize` for a struct, through the runtime's `de::FromObject`: a JSON object and
/// nothing else, each property at most once.
///
/// Every local is lower case (`map`, `key`, `rest`, `field_<n>`) and every path is written in
/// full, so no name the document gives a type or property can change what this code means.
fn deserialize_impl(t: &TypeDef, fields: &[Field], keep_unknown: bool) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let type_name = &t.name;
    let slot = |i: usize| format_ident!("field_{}", i);
    let slots = (0..fields.len()).map(|i| {
        let slot = slot(i);
        quote!(let mut #slot = ::core::option::Option::None;)
    });
    // A property the type names: its value goes to its slot, once. A write-only one is not
    // read (a response does not carry it), but it too may come only once.
    let arms = fields.iter().enumerate().map(|(i, f)| {
        let slot = slot(i);
        let wire = &f.wire;
        let read = if f.write_only {
            quote!(write_only)
        } else {
            quote!(value)
        };
        quote!(#wire => crate::runtime::de::#read(&mut map, &mut #slot, #wire)?,)
    });
    let unknown = if keep_unknown {
        quote!(crate::runtime::de::unknown(&mut map, &mut rest, key)?)
    } else {
        quote!(crate::runtime::de::ignore(&mut map)?)
    };
    let body = if fields.is_empty() {
        quote!(#unknown;)
    } else {
        quote! {
            match key.as_str() {
                #(#arms)*
                _ => #unknown,
            }
        }
    };
    let read = if fields.is_empty() && !keep_unknown {
        // With nothing to match the name against, it is not looked at.
        quote! {
            while crate::runtime::de::next_key(&mut map)?.is_some() {
                #body
            }
        }
    } else {
        quote! {
            while let ::core::option::Option::Some(key) = crate::runtime::de::next_key(&mut map)? {
                #body
            }
        }
    };
    let rest = keep_unknown.then(|| quote!(let mut rest = crate::Extra::new();));
    let inits = fields.iter().enumerate().map(|(i, f)| {
        let ident = format_ident!("{}", f.rust);
        let slot = slot(i);
        let wire = &f.wire;
        let value = if f.write_only {
            match &f.default_fn {
                Some(function) => {
                    let function = format_ident!("{}", function);
                    quote!(Self::#function())
                }
                None if f.optional() => quote!(::core::option::Option::None),
                None => quote!(::core::default::Default::default()),
            }
        } else if f.required {
            // Present, whether or not it may be `null` (that is for the value's type to say).
            quote!(crate::runtime::de::required(&map, #slot, #wire)?)
        } else if let Some(function) = &f.default_fn {
            let function = format_ident!("{}", function);
            quote!(crate::runtime::de::optional(#slot).unwrap_or_else(Self::#function))
        } else {
            quote!(crate::runtime::de::optional(#slot))
        };
        quote!(#ident: #value,)
    });
    let extra = keep_unknown.then(|| quote!(extra: crate::runtime::de::kept(rest),));
    quote! {
        impl crate::runtime::de::FromObject for #name {
            const NAME: &'static str = #type_name;

            fn from_object<'de, A: serde::de::MapAccess<'de>>(
                mut map: A,
            ) -> ::core::result::Result<Self, A::Error> {
                #(#slots)*
                #rest
                #read
                ::core::result::Result::Ok(Self {
                    #(#inits)*
                    #extra
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                crate::runtime::de::object(deserializer)
            }
        }
    }
}

/// `Debug` for a struct that keeps unknown properties: like the derived one, except that the
/// values in `extra` under keys the document marks secret (at any depth) are redacted.
fn extra_debug(t: &TypeDef, fields: &[Field]) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let type_name = &t.name;
    let shown = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        let rust = &f.rust;
        quote!(.field(#rust, &self.#ident))
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#shown)*
                    .field("extra", &crate::runtime::redact::Unknown::<crate::error::ErrorBody>::new(self.extra.as_map()))
                    .finish()
            }
        }
    }
}

/// One field of a struct, with its docs and serde attributes.
fn field_def(f: &Field) -> TokenStream {
    let ident = format_ident!("{}", f.rust);
    let ty = field_type(f);
    let mut text = f
        .doc
        .clone()
        .map(|d| super::escape_markdown(&d))
        .unwrap_or_else(|| format!("`{}`.", f.wire));
    if f.read_only {
        text.push_str(
            "\n\nRead-only: set by the server, and left out when this value is serialized.",
        );
    }
    if f.write_only {
        text.push_str(
            "\n\nWrite-only: sent to the server, and ignored when a response is decoded.",
        );
    }
    if let (Some(default), Some(_)) = (&f.default, &f.default_fn) {
        text.push_str(&format!(
            "\n\nDefaults to `{default}` when absent or `null`."
        ));
    }
    let doc = docs_for(&text);
    let mut serde_args = Vec::new();
    if f.wire != f.rust {
        let wire = &f.wire;
        serde_args.push(quote!(rename = #wire));
    }
    // Only serializing is derived; decoding is `deserialize_impl`'s.
    if f.default_fn.is_none() && !f.required {
        serde_args.push(quote!(
            skip_serializing_if = "::core::option::Option::is_none"
        ));
    }
    if f.read_only {
        serde_args.push(quote!(skip_serializing));
    }
    let serde_attr = if serde_args.is_empty() {
        quote!()
    } else {
        quote!(#[serde(#(#serde_args),*)])
    };
    quote! { #doc #serde_attr pub #ident: #ty, }
}

/// `new`, which takes the required fields and leaves the others empty (or at their
/// defaults).
fn new_fn(fields: &[Field], keep_unknown: bool) -> TokenStream {
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        match (&f.ty, f.optional()) {
            (TypeRef::String | TypeRef::Secret, false) => {
                let ty = rust_type(&f.ty);
                quote!(#ident: impl Into<#ty>)
            }
            (TypeRef::Vec(inner), false) if **inner == TypeRef::String => {
                quote!(#ident: impl IntoIterator<Item = impl Into<String>>)
            }
            _ if f.boxed => {
                let ty = rust_type(&f.ty);
                if f.optional() {
                    quote!(#ident: Option<#ty>)
                } else {
                    quote!(#ident: #ty)
                }
            }
            _ => {
                let ty = field_type(f);
                quote!(#ident: #ty)
            }
        }
    });
    let inits = fields.iter().map(|f| {
        let ident = format_ident!("{}", f.rust);
        if let Some(function) = &f.default_fn {
            let function = format_ident!("{}", function);
            return quote!(#ident: Self::#function());
        }
        if !f.required {
            return quote!(#ident: None);
        }
        match (&f.ty, f.optional()) {
            (TypeRef::String | TypeRef::Secret, false) => quote!(#ident: #ident.into()),
            (TypeRef::Vec(inner), false) if **inner == TypeRef::String => {
                quote!(#ident: #ident.into_iter().map(Into::into).collect())
            }
            _ if f.boxed && f.optional() => quote!(#ident: #ident.map(Box::new)),
            _ if f.boxed => quote!(#ident: Box::new(#ident)),
            _ => quote!(#ident),
        }
    });
    let extra_init = keep_unknown.then(|| quote!(extra: crate::Extra::new(),));
    let new_doc = if required.is_empty() {
        "A value with every field empty."
    } else {
        "A value with the required fields set and every optional field empty."
    };
    let new_doc = docs_for(new_doc);
    quote! {
        #new_doc
        pub fn new(#(#args),*) -> Self {
            Self { #(#inits,)* #extra_init }
        }
    }
}

/// The setter of an optional field.
fn field_setter(f: &Field) -> TokenStream {
    let ident = format_ident!("{}", f.rust);
    let ty = rust_type(&f.ty);
    let doc = docs_for(&format!("Sets [`{}`](Self::{}).", f.rust, f.rust));
    let (arg, value) = match &f.ty {
        TypeRef::String | TypeRef::Secret => (quote!(impl Into<#ty>), quote!(value.into())),
        // As `new` takes a required list of strings: any iterator of anything text.
        TypeRef::Vec(inner) if **inner == TypeRef::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            quote!(value.into_iter().map(Into::into).collect()),
        ),
        _ if f.boxed => (ty, quote!(Box::new(value))),
        _ => (ty, quote!(value)),
    };
    let value = if f.optional() {
        quote!(Some(#value))
    } else {
        value
    };
    quote! {
        #doc
        #[must_use]
        pub fn #ident(mut self, value: #arg) -> Self {
            self.#ident = #value;
            self
        }
    }
}

/// The function that gives a field's default, when it has one.
fn default_fn(f: &Field) -> Option<TokenStream> {
    let value = f.default.as_ref()?;
    let function = format_ident!("{}", f.default_fn.as_ref()?);
    let ty = rust_type(&f.ty);
    let expr = default_expr(value, &f.ty);
    Some(quote! {
        fn #function() -> #ty {
            #expr
        }
    })
}

fn enum_def(t: &TypeDef, variants: &[Variant]) -> TokenStream {
    let name = format_ident!("{}", t.name);
    let compared = compared_by_wire(&name, quote!(as_str()));
    let doc = type_doc(t);
    let defs = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let doc = docs_for(&format!("`{}`", v.wire));
        quote!(#doc #ident,)
    });
    let to_wire = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let wire = &v.wire;
        quote!(Self::#ident => #wire,)
    });
    let from_wire = variants.iter().map(|v| {
        let ident = format_ident!("{}", v.rust);
        let wire = &v.wire;
        quote!(#wire => Self::#ident,)
    });
    quote! {
        #doc
        ///
        /// Values that this version of the client does not know decode as `Unknown`, so a
        /// server that adds a value does not break decoding. Values compare, order and hash
        /// by the text sent on the wire ([`as_str`](Self::as_str)), so `Unknown` of a listed
        /// value equals that value's variant.
        #[derive(Debug, Clone)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// A value not listed in the API document, kept as received.
            Unknown(String),
        }

        impl #name {
            /// The value as sent on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_wire)*
                    Self::Unknown(value) => value,
                }
            }
        }

        #compared

        impl From<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #(#from_wire)*
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                Ok(Self::from(value.as_ref()))
            }
        }
    }
}
