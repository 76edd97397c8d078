//! The `send` method of a request builder: the request made from the builder's inputs (path,
//! query, headers, body, credentials), and the response read into the success type or a
//! documented error body.

use super::docs_for;
use crate::ir::{
    Api, BodyKind, ErrorStatus, FormStyle, Operation, Param, PathPart, Success, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `send`, returning `output`, and the `error_body` function it reads error responses with.
/// `handle_method` is the path of the handle method that makes the builder, for the docs.
pub(super) fn send_fn(
    api: &Api,
    op: &Operation,
    output: &TokenStream,
    handle_method: &str,
) -> TokenStream {
    let path = path_expr(op);
    let secrets = secrets_expr(op);
    let query = value_list(op, quote!(query), |p| p.in_query);
    let headers = value_list(op, quote!(headers), |p| p.in_header);
    let body = body_expr(op);
    let method = format_ident!("{}", op.method.as_str());
    let idempotent = op.idempotent;
    let security: Vec<Vec<proc_macro2::Literal>> = op
        .security
        .iter()
        .map(|set| {
            set.iter()
                .map(|i| proc_macro2::Literal::usize_unsuffixed(*i))
                .collect()
        })
        .collect();
    let scheme_setters: Vec<&str> = api.schemes.iter().map(|s| s.setter.as_str()).collect();
    let finish = read_response(op);
    let operation = &op.name;
    let method_name = op.method.as_str();
    let path_template = &op.path_template;
    let accept = accept_of(op);
    let error_body = error_body_fn(api, op);
    let send_doc = docs_for(&format!(
        "Sends the request and waits for the response.\n\n# Errors\n\nSee [`{}`]({}).",
        op.name, handle_method
    ));
    let with_response_doc = docs_for(&format!(
        "Sends the request and waits for the response: its body as [`send`](Self::send) gives \
         it, with the status and headers (request IDs, rate limits) in a \
         [`Response`](crate::Response).\n\n# Errors\n\nSee [`{}`]({}). Errors carry the \
         response's headers too ([`Error::headers`](crate::Error::headers)).",
        op.name, handle_method
    ));
    quote! {
        #send_doc
        pub async fn send(self) -> ::std::result::Result<#output, crate::Error> {
            self.send_with_response().await.map(crate::Response::into_body)
        }

        #with_response_doc
        pub async fn send_with_response(
            self,
        ) -> ::std::result::Result<crate::Response<#output>, crate::Error> {
            crate::runtime::trace::call(
                #operation,
                #method_name,
                #path_template,
                crate::error::trace_code,
                self.send_traced(),
            )
            .await
        }

        /// The call inside its span; see `send_with_response`.
        async fn send_traced(
            self,
        ) -> ::std::result::Result<crate::Response<#output>, crate::Error> {
            #path
            #secrets
            #query
            #headers
            #body
            let request = crate::runtime::send::Request {
                method: reqwest::Method::#method,
                path,
                query,
                headers,
                body,
                secrets,
                accept: #accept,
                idempotent: #idempotent,
                security: &[#(&[#(#security),*]),*],
                scheme_setters: &[#(#scheme_setters),*],
                operation: #operation,
                path_template: #path_template,
            };
            let response = self._call.execute(request).await?;
            #finish
        }

        #error_body
    }
}

/// The `Accept` header of `op`: JSON when every success is JSON (or empty), anything when
/// none is, and JSON preferred otherwise.
fn accept_of(op: &Operation) -> &'static str {
    let successes: Vec<&Success> = match &op.outcomes {
        Some(outcomes) => outcomes.list.iter().map(|o| &o.body).collect(),
        None => vec![&op.success],
    };
    let json = successes.iter().any(|s| matches!(s, Success::Json(_)));
    let other = successes
        .iter()
        .any(|s| matches!(s, Success::Text | Success::Bytes));
    match (json, other) {
        (_, false) => "application/json",
        (true, true) => "application/json, */*;q=0.5",
        (false, true) => "*/*",
    }
}

/// `let secrets = ...;`: the values of the secret parameters, which errors keep out of their
/// text.
fn secrets_expr(op: &Operation) -> TokenStream {
    let is_secret = |ty: &TypeRef| match ty {
        TypeRef::Secret => true,
        TypeRef::Vec(item) => **item == TypeRef::Secret,
        _ => false,
    };
    let pushes: Vec<TokenStream> = op
        .params
        .iter()
        .filter(|p| is_secret(&p.ty))
        .map(|p| {
            let ident = format_ident!("{}", p.rust);
            let values = if matches!(p.ty, TypeRef::Vec(_)) {
                quote!(values.iter().map(|v| v.expose().to_string()))
            } else {
                quote!(::std::iter::once(values.expose().to_string()))
            };
            if p.required {
                quote! {
                    let values = &self.#ident;
                    secrets.extend(#values);
                }
            } else {
                quote! {
                    if let Some(values) = &self.#ident {
                        secrets.extend(#values);
                    }
                }
            }
        })
        .collect();
    let objects = op.params.iter().any(|p| p.object);
    if pushes.is_empty() && !objects {
        return quote!(let secrets = Vec::new(););
    }
    quote! {
        let mut secrets: Vec<String> = Vec::new();
        #(#pushes)*
    }
}

/// `let path = ...;`: the template's literal text and its parameters, each encoded as one
/// segment, written into one string.
fn path_expr(op: &Operation) -> TokenStream {
    if let [PathPart::Literal(text)] = op.path.as_slice() {
        return quote!(let path = String::from(#text););
    }
    let literal_len: usize = op
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => text.len(),
            PathPart::Param(_) => 0,
        })
        .sum();
    let capacity = proc_macro2::Literal::usize_unsuffixed(literal_len + 32);
    let pieces = op.path.iter().map(|part| match part {
        PathPart::Literal(text) if text.chars().count() == 1 => {
            let c = text.chars().next().unwrap_or('/');
            quote!(path.push(#c);)
        }
        PathPart::Literal(text) => quote!(path.push_str(#text);),
        PathPart::Param(i) => {
            let p = &op.params[*i];
            let ident = format_ident!("{}", p.rust);
            let name = &p.rust;
            let value = to_text(&ident, p);
            quote!(crate::runtime::encode::push_segment(&mut path, #name, #value)?;)
        }
    });
    quote! {
        let mut path = String::with_capacity(#capacity);
        #(#pieces)*
    }
}

/// An expression giving the wire text of the required scalar parameter `p` in
/// `self.<ident>`, as `&str`.
fn to_text(ident: &proc_macro2::Ident, p: &Param) -> TokenStream {
    let access = quote!(self.#ident);
    match p.ty {
        TypeRef::String => quote!(&#access),
        TypeRef::Secret => quote!(#access.expose()),
        _ if p.string_enum => quote!(#access.as_str()),
        _ => quote!(&#access.to_string()),
    }
}

/// `let <list> = ...;` with the (name, text) pairs of the parameters `wanted` selects:
/// required ones in the initial `vec!`, optional ones pushed when set.
fn value_list(op: &Operation, list: TokenStream, wanted: impl Fn(&Param) -> bool) -> TokenStream {
    // `ty` is the parameter's scalar type, or the type of its list's items. Text is
    // borrowed from the builder; anything else is written out.
    let owned = |p: &Param, ty: &TypeRef, value: TokenStream| match ty {
        TypeRef::String => quote!(::std::borrow::Cow::Borrowed(#value.as_str())),
        TypeRef::Secret => quote!(::std::borrow::Cow::Borrowed(#value.expose())),
        _ if p.string_enum => quote!(::std::borrow::Cow::Borrowed(#value.as_str())),
        _ => quote!(::std::borrow::Cow::Owned(#value.to_string())),
    };
    let params: Vec<&Param> = op.params.iter().filter(|p| wanted(p)).collect();
    let is_list = |p: &Param| matches!(p.ty, TypeRef::Vec(_));
    // Scalars that are always present start the list; the rest is added as it applies.
    let initial = params
        .iter()
        .filter(|p| p.required && !is_list(p) && !p.object)
        .map(|p| {
            let ident = format_ident!("{}", p.rust);
            let wire = &p.wire;
            let value = owned(p, &p.ty, quote!(self.#ident));
            quote!((#wire.into(), #value))
        });
    let added: Vec<TokenStream> = params
        .iter()
        .filter(|p| !p.required || is_list(p) || p.object)
        .map(|p| {
            let ident = format_ident!("{}", p.rust);
            let wire = &p.wire;
            let add = match &p.ty {
                _ if p.object => {
                    let deep = p.deep;
                    let explode = p.explode;
                    quote! {
                        #list.extend(crate::runtime::encode::query_object(#wire, values, #deep, #explode, &mut secrets)?);
                    }
                }
                TypeRef::Vec(item) if p.deep => {
                    let each = owned(p, item, quote!(item));
                    quote!(#list.extend(values.iter().map(|item| (concat!(#wire, "[]").into(), #each)));)
                }
                TypeRef::Vec(item) if p.explode => {
                    let each = owned(p, item, quote!(item));
                    quote!(#list.extend(values.iter().map(|item| (#wire.into(), #each)));)
                }
                TypeRef::Vec(item) if **item == TypeRef::String => {
                    quote!(#list.push((#wire.into(), ::std::borrow::Cow::Owned(values.join(","))));)
                }
                TypeRef::Vec(item) => {
                    let each = owned(p, item, quote!(item));
                    let joined = quote!(values.iter().map(|item| #each).collect::<Vec<_>>().join(","));
                    quote!(#list.push((#wire.into(), ::std::borrow::Cow::Owned(#joined)));)
                }
                ty => {
                    let value = owned(p, ty, quote!(values));
                    quote!(#list.push((#wire.into(), #value));)
                }
            };
            if p.required {
                quote! {
                    let values = &self.#ident;
                    #add
                }
            } else {
                quote! {
                    if let Some(values) = &self.#ident {
                        #add
                    }
                }
            }
        })
        .collect();
    let mutable = if added.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    quote! {
        let #mutable #list: crate::runtime::send::Pairs = vec![#(#initial),*];
        #(#added)*
    }
}

/// `let body = ...;`: the body encoded with its content type (after its `validate` step, if
/// its type has one), or `None`.
fn body_expr(op: &Operation) -> TokenStream {
    let Some(b) = &op.body else {
        return quote!(let body = None;);
    };
    let content_type = &b.content_type;
    let check = b.validate.then(|| quote!(body.validate()?;));
    let encoded = match b.kind {
        BodyKind::Json => quote!((#content_type.into(), crate::runtime::encode::to_json(body)?)),
        BodyKind::Form => {
            let styles = b.encoding.iter().filter_map(|e| {
                let name = &e.name;
                let style = match e.form? {
                    FormStyle::Form { explode } => quote!(Form { explode: #explode }),
                    FormStyle::Spaces => quote!(Spaces),
                    FormStyle::Pipes => quote!(Pipes),
                    FormStyle::Deep => quote!(Deep),
                    FormStyle::Json => quote!(Json),
                };
                Some(quote!((#name, crate::runtime::encode::FormStyle::#style)))
            });
            quote!((#content_type.into(), crate::runtime::encode::to_form(body, &[#(#styles),*])?))
        }
        BodyKind::Text => {
            quote!((#content_type.into(), crate::runtime::encode::Encoded::text(body)))
        }
        BodyKind::Binary => quote!(body.encoded(#content_type)),
        BodyKind::Multipart => {
            let types = b.encoding.iter().filter_map(|e| {
                let (name, ty) = (&e.name, e.content_type.as_ref()?);
                Some(quote!((#name, #ty)))
            });
            quote!(crate::runtime::encode::multipart(body, &[#(#types),*])?)
        }
    };
    let infallible = matches!(b.kind, BodyKind::Text | BodyKind::Binary) && check.is_none();
    if b.required {
        quote! {
            let body = &self.body;
            #check
            let body = Some(#encoded);
        }
    } else if infallible {
        quote!(let body = self.body.as_ref().map(|body| #encoded);)
    } else {
        quote! {
            let body = match &self.body {
                Some(body) => {
                    #check
                    Some(#encoded)
                }
                None => None,
            };
        }
    }
}

/// Reads the response: into the one success type, or into the outcome of its status.
fn read_response(op: &Operation) -> TokenStream {
    let Some(outcomes) = &op.outcomes else {
        return read_body(&op.success);
    };
    let name = format_ident!("{}", outcomes.name);
    let arms = outcomes.list.iter().map(|o| {
        let status = match o.status {
            Some(status) => {
                let code = proc_macro2::Literal::u16_unsuffixed(status.code());
                quote!(#code)
            }
            // After the listed statuses, which take precedence.
            None => quote!(status if (200..300).contains(&status)),
        };
        let variant = format_ident!("{}", o.variant);
        let read = read_body(&o.body);
        match o.body {
            Success::Empty => {
                quote!(#status => #read.map(|r| r.map(|()| #name::#variant)),)
            }
            _ => quote!(#status => #read.map(|r| r.map(#name::#variant)),),
        }
    });
    quote! {
        match response.status().as_u16() {
            #(#arms)*
            _ => Err(crate::runtime::response::unexpected(response, Self::_error_body).await),
        }
    }
}

/// The runtime call that reads a successful response of this shape.
fn read_body(body: &Success) -> TokenStream {
    match body {
        Success::Empty => {
            quote!(crate::runtime::response::empty(response, Self::_error_body).await)
        }
        Success::Json(ty) => {
            let ty = super::rust_type(ty);
            quote!(crate::runtime::response::json::<#ty, _>(response, Self::_error_body).await)
        }
        Success::Text => quote!(crate::runtime::response::text(response, Self::_error_body).await),
        Success::Bytes => {
            quote!(crate::runtime::response::bytes(response, Self::_error_body).await)
        }
    }
}

/// `error_body`, the function that decodes a documented error body for its status.
fn error_body_fn(api: &Api, op: &Operation) -> TokenStream {
    let several = api.error_types.len() > 1;
    let mut arms = Vec::new();
    let mut default = None;
    // Statuses that share a body type share an arm; the `default` response comes last.
    let mut by_type: Vec<(Option<&String>, Vec<u16>)> = Vec::new();
    let mut ranges: Vec<(u16, Option<&String>)> = Vec::new();
    for error in &op.errors {
        let ty = error.ty.as_ref();
        match error.status {
            ErrorStatus::Default => default = Some(ty),
            ErrorStatus::Range(class) => ranges.push((class, ty)),
            ErrorStatus::Code(s) => match by_type.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, list)) => list.push(s.code()),
                None => by_type.push((ty, vec![s.code()])),
            },
        }
    }
    let decode = |ty: Option<&String>| {
        let Some(ty) = ty else {
            // Kept as received, in `Error::Api`.
            return quote!(None);
        };
        if several {
            let variant = format_ident!("{}", ty);
            quote!(serde_json::from_slice(body).ok().map(crate::error::ErrorBody::#variant))
        } else {
            quote!(serde_json::from_slice(body).ok())
        }
    };
    for (ty, statuses) in &by_type {
        let statuses = statuses
            .iter()
            .map(|s| proc_macro2::Literal::u16_unsuffixed(*s));
        let decode = decode(*ty);
        arms.push(quote!(#(#statuses)|* => #decode,));
    }
    // Ranges come after the listed statuses, which take precedence.
    for (class, ty) in &ranges {
        let low = proc_macro2::Literal::u16_unsuffixed(class * 100);
        let high = proc_macro2::Literal::u16_unsuffixed(class * 100 + 100);
        let decode = decode(*ty);
        arms.push(quote!(_ if (#low..#high).contains(&status) => #decode,));
    }
    let fallback = match default {
        Some(ty) => {
            let decode = decode(ty);
            quote!(_ if !(200..300).contains(&status) => #decode,)
        }
        None => quote!(),
    };
    let (status_arg, body_arg) = if op.errors.is_empty() {
        (quote!(_status), quote!(_body))
    } else {
        (quote!(status), quote!(body))
    };
    let body = if op.errors.is_empty() {
        quote!(None)
    } else {
        quote! {
            match status {
                #(#arms)*
                #fallback
                _ => None,
            }
        }
    };
    quote! {
        /// Decodes a documented error body for its status.
        fn _error_body(#status_arg: u16, #body_arg: &[u8]) -> Option<crate::error::ErrorBody> {
            #body
        }
    }
}
