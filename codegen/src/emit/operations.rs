//! Emits one file per group: the handle type, one method per operation, and a request
//! builder per operation with its `send` and `IntoFuture`.

use super::{docs_for, rust_type, spec_docs, summary_and_description};
use crate::ir::{Api, ErrorStatus, Group, Operation, Param, PathPart, Success, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn group_rs(api: &Api, group: &Group, crate_ident: &str) -> TokenStream {
    let handle = format_ident!("{}", group.type_name);
    let handle_doc = match &group.doc {
        Some(d) => spec_docs(d),
        None => docs_for(&format!("The operations of the `{}` group.", group.name)),
    };
    let methods = group
        .operations
        .iter()
        .map(|op| method(api, group, op, crate_ident));
    let builders = group.operations.iter().map(|op| builder(api, group, op));
    quote! {
        //! Request builders of this group; start from [`crate::Client`].
        use std::sync::Arc;

        #handle_doc
        ///
        /// Get one from the client; it is cheap to make and to clone.
        #[derive(Debug, Clone)]
        pub struct #handle {
            core: Arc<crate::runtime::Core>,
        }

        impl #handle {
            pub(crate) fn new(core: Arc<crate::runtime::Core>) -> Self {
                Self { core }
            }

            #(#methods)*
        }

        #(#builders)*
    }
}

/// Whether the argument for a value of this type is taken as `impl Into<...>`.
fn takes_into_string(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Secret)
}

fn arg_type(ty: &TypeRef) -> TokenStream {
    let rust = rust_type(ty);
    if takes_into_string(ty) {
        quote!(impl Into<#rust>)
    } else {
        rust
    }
}

fn convert(ident: &proc_macro2::Ident, ty: &TypeRef) -> TokenStream {
    if takes_into_string(ty) {
        quote!(#ident.into())
    } else {
        quote!(#ident)
    }
}

fn op_doc(op: &Operation) -> String {
    let text = summary_and_description(op.summary.as_deref(), op.description.as_deref());
    let mut text = super::escape_markdown(&text);
    if text.is_empty() {
        text = format!("`{} {}`\n", op.method, op.path_template);
    } else {
        text.push_str(&format!("\n`{} {}`\n", op.method, op.path_template));
    }
    text
}

fn method(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> TokenStream {
    let name = format_ident!("{}", op.name);
    let builder = format_ident!("{}", op.builder);
    let required: Vec<&Param> = op.params.iter().filter(|p| p.required).collect();
    let args = required.iter().map(|p| {
        let ident = format_ident!("{}", p.rust);
        let ty = arg_type(&p.ty);
        quote!(#ident: #ty)
    });
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let ident = format_ident!("body");
        let ty = rust_type(&b.ty);
        quote!(#ident: #ty)
    });
    let args = args.chain(body_arg);
    let inits = op.params.iter().map(|p| {
        let ident = format_ident!("{}", p.rust);
        if p.required && takes_into_string(&p.ty) {
            quote!(#ident: #ident.into())
        } else if p.required {
            quote!(#ident)
        } else {
            quote!(#ident: None)
        }
    });
    let body_init = op.body.as_ref().map(|b| {
        let ident = format_ident!("body");
        if b.required {
            quote!(#ident,)
        } else {
            quote!(#ident: None,)
        }
    });

    let mut text = op_doc(op);
    let mut arg_lines = String::new();
    for p in &required {
        let about = p
            .doc
            .as_deref()
            .map(|d| super::escape_markdown(d.trim()))
            .unwrap_or_default();
        let places = places(p);
        arg_lines.push_str(&format!(
            "- `{}`: {} Sent {places}.\n",
            p.rust,
            about.trim_end()
        ));
    }
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        let about = b
            .doc
            .as_deref()
            .map(|d| super::escape_markdown(d.trim()))
            .unwrap_or_default();
        arg_lines.push_str(&format!(
            "- `body`: {} Sent as `{}`.\n",
            about.trim_end(),
            b.content_type
        ));
    }
    if !arg_lines.is_empty() {
        text.push_str("\n# Arguments\n\n");
        text.push_str(&arg_lines);
    }
    let optional: Vec<String> = op
        .params
        .iter()
        .filter(|p| !p.required)
        .map(|p| format!("[`{0}`]({1}::{0})", p.rust, op.builder))
        .chain(
            op.body
                .as_ref()
                .filter(|b| !b.required)
                .map(|_| format!("[`body`]({}::body)", op.builder)),
        )
        .collect();
    if !optional.is_empty() {
        text.push_str(&format!(
            "\nOptional inputs are set on the returned builder: {}.\n",
            optional.join(", ")
        ));
    }
    text.push_str("\n# Errors\n\nSee [`Error`](crate::Error). Before sending, a required path value that is empty fails as [`Error::InvalidInput`](crate::Error::InvalidInput).");
    if !op.errors.is_empty() {
        let codes: Vec<String> = op
            .errors
            .iter()
            .map(|e| match e.status {
                ErrorStatus::Code(status) => status.to_string(),
                ErrorStatus::Default => "any other error status".to_string(),
            })
            .collect();
        text.push_str(&format!(
            " Statuses {} with the documented body are [`Error::Service`](crate::Error::Service).",
            codes.join(", ")
        ));
    }
    if !op.idempotent {
        text.push_str("\n\nThis operation is not idempotent: sending it twice does not have the same effect as sending it once.");
    }
    text.push_str("\n\n# Example\n\n```no_run\n");
    text.push_str(&example(api, group, op, crate_ident));
    text.push_str("```\n");
    let doc = docs_for(&text);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #deprecated
        pub fn #name(&self, #(#args),*) -> #builder {
            #builder {
                core: Arc::clone(&self.core),
                options: crate::runtime::CallOptions::default(),
                #(#inits,)*
                #body_init
            }
        }
    }
}

fn places(p: &Param) -> String {
    let mut places = Vec::new();
    if p.in_path {
        places.push(format!("in the path as `{{{}}}`", p.wire));
    }
    if p.in_query {
        places.push(format!("in the query as `{}`", p.wire));
    }
    if p.in_header {
        places.push(format!("as the `{}` header", p.wire));
    }
    places.join(" and ")
}

fn success_type(op: &Operation) -> TokenStream {
    match &op.outcomes {
        Some(outcomes) => {
            let name = format_ident!("{}", outcomes.name);
            quote!(#name)
        }
        None => body_type(&op.success),
    }
}

fn body_type(body: &Success) -> TokenStream {
    match body {
        Success::Empty => quote!(()),
        Success::Json(t) => rust_type(t),
        Success::Text => quote!(String),
        Success::Bytes => quote!(Vec<u8>),
    }
}

/// The runtime call that reads a successful response of this shape.
fn read_body(body: &Success) -> TokenStream {
    match body {
        Success::Empty => quote!(crate::runtime::empty(response, Self::error_body).await),
        Success::Json(_) => quote!(crate::runtime::json(response, Self::error_body).await),
        Success::Text => quote!(crate::runtime::text(response, Self::error_body).await),
        Success::Bytes => quote!(crate::runtime::bytes(response, Self::error_body).await),
    }
}

/// The enum of outcomes of an operation whose success statuses carry different bodies.
fn outcome_enum(op: &Operation) -> Option<TokenStream> {
    let outcomes = op.outcomes.as_ref()?;
    let ident = format_ident!("{}", outcomes.name);
    let variants = outcomes.list.iter().map(|o| {
        let variant = format_ident!("{}", o.variant);
        let doc = docs_for(&format!("The server answered {}.", o.status));
        match &o.body {
            Success::Empty => quote!(#doc #variant,),
            body => {
                let ty = body_type(body);
                quote!(#doc #variant(#ty),)
            }
        }
    });
    let doc = docs_for(&format!(
        "What a successful [`{}`]({}::send) returned: one variant per documented success status.",
        op.builder, op.builder
    ));
    Some(quote! {
        #doc
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        pub enum #ident {
            #(#variants)*
        }
    })
}

/// `error_body`, the function that decodes a documented error body for its status.
fn error_body_fn(api: &Api, op: &Operation) -> TokenStream {
    let several = api.error_types.len() > 1;
    let mut arms = Vec::new();
    let mut default = None;
    // Statuses that share a body type share an arm; the `default` response comes last.
    let mut by_type: Vec<(&String, Vec<u16>)> = Vec::new();
    for error in &op.errors {
        let ty = &error.ty;
        match error.status {
            ErrorStatus::Default => default = Some(ty),
            ErrorStatus::Code(s) => match by_type.iter_mut().find(|(t, _)| *t == ty) {
                Some((_, list)) => list.push(s.code()),
                None => by_type.push((ty, vec![s.code()])),
            },
        }
    }
    let decode = |ty: &String| {
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
        let decode = decode(ty);
        arms.push(quote!(#(#statuses)|* => #decode,));
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
        fn error_body(#status_arg: u16, #body_arg: &[u8]) -> Option<crate::error::ErrorBody> {
            #body
        }
    }
}

fn builder(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let handle_method = format!("{}::{}", group.type_name, op.name);
    let builder = format_ident!("{}", op.builder);
    let method_name = &op.name;
    let has_setters =
        op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required);
    let doc = docs_for(&format!(
        "A `{} {}` request, made by [`{}`]({}).\n\n{}end it with [`send`](Self::send) or by awaiting it.",
        op.method,
        op.path_template,
        method_name,
        handle_method,
        if has_setters {
            "Set optional inputs with its methods, then s"
        } else {
            "S"
        }
    ));
    let fields = op.params.iter().map(|p| {
        let ident = format_ident!("{}", p.rust);
        let ty = rust_type(&p.ty);
        if p.required {
            quote!(#ident: #ty,)
        } else {
            quote!(#ident: Option<#ty>,)
        }
    });
    let body_field = op.body.as_ref().map(|b| {
        let ty = rust_type(&b.ty);
        if b.required {
            quote!(body: #ty,)
        } else {
            quote!(body: Option<#ty>,)
        }
    });
    let setters = op.params.iter().filter(|p| !p.required).map(|p| {
        let ident = format_ident!("{}", p.rust);
        let ty = arg_type(&p.ty);
        let value = convert(&format_ident!("value"), &p.ty);
        let about = p
            .doc
            .as_deref()
            .map(|d| super::escape_markdown(d.trim()))
            .unwrap_or_default();
        let doc = docs_for(&format!("{}\n\nSent {}.", about.trim_end(), places(p)));
        quote! {
            #doc
            pub fn #ident(mut self, value: #ty) -> Self {
                self.#ident = Some(#value);
                self
            }
        }
    });
    let body_setter = op.body.as_ref().filter(|b| !b.required).map(|b| {
        let ty = rust_type(&b.ty);
        let about = b
            .doc
            .as_deref()
            .map(|d| super::escape_markdown(d.trim()))
            .unwrap_or_default();
        let doc = docs_for(&format!(
            "{}\n\nSent as `{}`. Without it the request has no body.",
            about.trim_end(),
            b.content_type
        ));
        quote! {
            #doc
            pub fn body(mut self, body: #ty) -> Self {
                self.body = Some(body);
                self
            }
        }
    });

    let path_pieces: Vec<TokenStream> = op
        .path
        .iter()
        .map(|part| match part {
            PathPart::Literal(text) => quote!(#text),
            PathPart::Param(i) => {
                let p = &op.params[*i];
                let ident = format_ident!("{}", p.rust);
                let name = &p.rust;
                let value = to_text(&ident, p, true);
                quote!(&crate::runtime::path_segment(#name, #value)?)
            }
        })
        .collect();
    let path = match path_pieces.as_slice() {
        [only] => quote!(let path = String::from(#only);),
        pieces => quote!(let path = [#(#pieces),*].concat();),
    };
    let query = value_list(op, quote!(query), |p| p.in_query);
    let headers = value_list(op, quote!(headers), |p| p.in_header);
    let body = match &op.body {
        None => quote!(let body = None;),
        Some(b) => {
            let content_type = &b.content_type;
            let encode = if b.form {
                quote!(crate::runtime::to_form)
            } else {
                quote!(crate::runtime::to_json)
            };
            let check = b.validate.then(|| quote!(body.validate()?;));
            if b.required {
                quote! {
                    let body = &self.body;
                    #check
                    let body = Some((#content_type, #encode(body)?));
                }
            } else {
                quote! {
                    let body = match &self.body {
                        Some(body) => {
                            #check
                            Some((#content_type, #encode(body)?))
                        }
                        None => None,
                    };
                }
            }
        }
    };
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
    let output = success_type(op);
    let finish = match &op.outcomes {
        None => read_body(&op.success),
        Some(outcomes) => {
            let name = format_ident!("{}", outcomes.name);
            let arms = outcomes.list.iter().map(|o| {
                let status = proc_macro2::Literal::u16_unsuffixed(o.status.code());
                let variant = format_ident!("{}", o.variant);
                let read = read_body(&o.body);
                match o.body {
                    Success::Empty => quote!(#status => #read.map(|()| #name::#variant),),
                    _ => quote!(#status => #read.map(#name::#variant),),
                }
            });
            quote! {
                match response.status().as_u16() {
                    #(#arms)*
                    _ => Err(crate::runtime::unexpected(response, Self::error_body).await),
                }
            }
        }
    };
    let error_body = error_body_fn(api, op);
    let outcome = outcome_enum(op);
    let send_doc = docs_for(&format!(
        "Sends the request and waits for the response.\n\n# Errors\n\nSee [`{}`]({}).",
        method_name, handle_method
    ));
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await` or `.await`"]
        pub struct #builder {
            core: Arc<crate::runtime::Core>,
            options: crate::runtime::CallOptions,
            #(#fields)*
            #body_field
        }

        impl #builder {
            #(#setters)*
            #body_setter

            /// The longest one attempt of this request may take; overrides
            /// [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
            pub fn timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.timeout = Some(timeout);
                self
            }

            /// The longest to wait for a connection for this request; overrides
            /// [`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout).
            /// Refused when sending if the client was built with
            /// [`http_client`](crate::ClientBuilder::http_client).
            pub fn connect_timeout(mut self, timeout: std::time::Duration) -> Self {
                self.options.connect_timeout = Some(timeout);
                self
            }

            /// How this request is retried; overrides
            /// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy).
            /// [`RetryPolicy::none`](crate::RetryPolicy::none) sends it once.
            pub fn retry_policy(mut self, policy: crate::RetryPolicy) -> Self {
                self.options.retry = Some(policy);
                self
            }

            #send_doc
            pub async fn send(self) -> Result<#output, crate::Error> {
                #path
                #query
                #headers
                #body
                let request = crate::runtime::Request {
                    method: reqwest::Method::#method,
                    path,
                    query,
                    headers,
                    body,
                    idempotent: #idempotent,
                    security: &[#(&[#(#security),*]),*],
                    scheme_setters: &[#(#scheme_setters),*],
                };
                let response = self.core.execute(request, &self.options).await?;
                #finish
            }

            #error_body
        }

        #outcome

        impl std::future::IntoFuture for #builder {
            type Output = Result<#output, crate::Error>;
            type IntoFuture = std::pin::Pin<Box<dyn std::future::Future<Output = Self::Output> + Send>>;

            fn into_future(self) -> Self::IntoFuture {
                Box::pin(self.send())
            }
        }
    }
}

/// An expression giving the wire text of the scalar parameter `p` behind `self.<ident>`, as
/// `&str`.
fn to_text(ident: &proc_macro2::Ident, p: &Param, required: bool) -> TokenStream {
    let access = if required {
        quote!(self.#ident)
    } else {
        quote!(#ident)
    };
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
    // `ty` is the parameter's scalar type, or the type of its list's items.
    let owned = |p: &Param, ty: &TypeRef, value: TokenStream| match ty {
        TypeRef::String => quote!(#value.clone()),
        TypeRef::Secret => quote!(#value.expose().to_string()),
        _ if p.string_enum => quote!(#value.as_str().to_string()),
        _ => quote!(#value.to_string()),
    };
    let params: Vec<&Param> = op.params.iter().filter(|p| wanted(p)).collect();
    let is_list = |p: &Param| matches!(p.ty, TypeRef::Vec(_));
    // Scalars that are always present start the list; the rest is added as it applies.
    let initial = params
        .iter()
        .filter(|p| p.required && !is_list(p))
        .map(|p| {
            let ident = format_ident!("{}", p.rust);
            let wire = &p.wire;
            let value = owned(p, &p.ty, quote!(self.#ident));
            quote!((#wire, #value))
        });
    let added: Vec<TokenStream> = params
        .iter()
        .filter(|p| !p.required || is_list(p))
        .map(|p| {
            let ident = format_ident!("{}", p.rust);
            let wire = &p.wire;
            let add = match &p.ty {
                TypeRef::Vec(item) if p.explode => {
                    let each = owned(p, item, quote!(item));
                    quote!(#list.extend(values.iter().map(|item| (#wire, #each)));)
                }
                TypeRef::Vec(item) if **item == TypeRef::String => {
                    quote!(#list.push((#wire, values.join(","))))
                }
                TypeRef::Vec(item) => {
                    let each = owned(p, item, quote!(item));
                    quote!(#list.push((#wire, values.iter().map(|item| #each).collect::<Vec<_>>().join(","))))
                }
                ty => {
                    let value = owned(p, ty, quote!(values));
                    quote!(#list.push((#wire, #value));)
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
        let #mutable #list: Vec<(&'static str, String)> = vec![#(#initial),*];
        #(#added)*
    }
}

/// A short program calling `op`, for the operation's docs and the crate's quickstart.
pub(crate) fn example(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "# async fn run() -> Result<(), {crate_ident}::Error> {{\n"
    ));
    s.push_str(&format!("let client = {crate_ident}::Client::builder()\n"));
    // The credentials this operation needs: the client-wide requirement, or its first
    // accepted set.
    let needed: Vec<usize> = match api.required_scheme {
        Some(i) => vec![i],
        None => op.security.first().cloned().unwrap_or_default(),
    };
    for scheme in needed.iter().filter_map(|i| api.schemes.get(*i)) {
        let args = match scheme.kind {
            crate::ir::SchemeKind::Bearer => "\"<access token>\"",
            crate::ir::SchemeKind::Basic => "\"<username>\", \"<password>\"",
            _ => "\"<api key>\"",
        };
        s.push_str(&format!("    .{}({args})\n", scheme.setter));
    }

    if api.servers.is_empty() {
        s.push_str("    .base_url(\"https://api.example.com\")\n");
    }
    s.push_str("    .build()?;\n");
    let mut args: Vec<String> = op
        .params
        .iter()
        .filter(|p| p.required)
        .map(|p| example_value(api, &p.ty, &p.wire, crate_ident))
        .collect();
    if let Some(b) = op.body.as_ref().filter(|b| b.required) {
        args.push(example_value(api, &b.ty, "body", crate_ident));
    }
    s.push_str(&format!(
        "let response = client\n    .{}()\n    .{}({})\n",
        group.name,
        op.name,
        args.join(", ")
    ));
    for p in op.params.iter().filter(|p| !p.required) {
        s.push_str(&format!(
            "    .{}({})\n",
            p.rust,
            example_value(api, &p.ty, &p.wire, crate_ident)
        ));
    }
    if let Some(b) = op.body.as_ref().filter(|b| !b.required) {
        s.push_str(&format!(
            "    .body({})\n",
            example_value(api, &b.ty, "body", crate_ident)
        ));
    }
    s.push_str("    .await?;\n");
    if op.success == Success::Empty && op.outcomes.is_none() {
        s.push_str("let () = response;\n");
    } else {
        s.push_str("println!(\"{response:?}\");\n");
    }
    s.push_str("# Ok(())\n# }\n");
    s
}

fn example_value(api: &Api, ty: &TypeRef, wire: &str, crate_ident: &str) -> String {
    example_value_at(api, ty, wire, crate_ident, 0)
}

/// An example of a value of `ty`; past a few levels (a type that requires itself) `todo!()`.
fn example_value_at(
    api: &Api,
    ty: &TypeRef,
    wire: &str,
    crate_ident: &str,
    depth: usize,
) -> String {
    if depth > 4 {
        return "todo!()".into();
    }
    match ty {
        TypeRef::String | TypeRef::Secret => format!("\"<{wire}>\""),
        TypeRef::Bool => "true".into(),
        TypeRef::I32 | TypeRef::I64 => "0".into(),
        TypeRef::F32 | TypeRef::F64 => "0.0".into(),
        TypeRef::Json => "serde_json::Value::Null".into(),
        TypeRef::Vec(inner) => match &**inner {
            TypeRef::String => format!("vec![String::from(\"<{wire}>\")]"),
            _ => "Vec::new()".into(),
        },
        TypeRef::Map(_) => "Default::default()".into(),
        TypeRef::Named(n) => {
            let Some(t) = api.types.iter().find(|t| &t.name == n) else {
                return "Default::default()".into();
            };
            match &t.kind {
                TypeKind::StringEnum { variants } => match variants.first() {
                    Some(v) => format!("{crate_ident}::models::{n}::{}", v.rust),
                    None => format!("{crate_ident}::models::{n}::Unknown(String::new())"),
                },
                TypeKind::Struct { fields, .. } => {
                    let args: Vec<String> = fields
                        .iter()
                        .filter(|f| f.required)
                        .map(|f| match (&f.ty, f.optional()) {
                            (TypeRef::Vec(inner), false) if **inner == TypeRef::String => {
                                format!("[\"<{}>\"]", f.wire)
                            }
                            (ty, false) => {
                                example_value_at(api, ty, &f.wire, crate_ident, depth + 1)
                            }
                            (_, true) => "None".into(),
                        })
                        .collect();
                    format!("{crate_ident}::models::{n}::new({})", args.join(", "))
                }
                TypeKind::IntEnum { variants } => match variants.first() {
                    Some(v) => format!("{crate_ident}::models::{n}::{}", v.rust),
                    None => format!("{crate_ident}::models::{n}::Unknown(0)"),
                },
                TypeKind::OneOf { variants, .. } => match variants.first() {
                    Some(v) => format!(
                        "{crate_ident}::models::{n}::{}({})",
                        v.rust,
                        example_value_at(api, &v.ty, wire, crate_ident, depth + 1)
                    ),
                    None => format!("{crate_ident}::models::{n}::Unknown(serde_json::Value::Null)"),
                },
            }
        }
    }
}
