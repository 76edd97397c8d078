//! Emits one file per group: the handle type, one method per operation, and a request
//! builder per operation with its setters, its `send` (see `send`) and `IntoFuture`.

use super::{docs_for, rust_type, spec_docs, summary_and_description};
use crate::ir::{Api, Body, BodyKind, ErrorStatus, Group, Operation, Param, Success, TypeRef};
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

        #handle_doc
        ///
        /// Get one from the client; it is cheap to make and to clone.
        #[derive(Debug, Clone)]
        pub struct #handle {
            pub(crate) core: ::std::sync::Arc<crate::runtime::send::Core>,
        }

        impl #handle {
            #(#methods)*
        }

        #(#builders)*
    }
}

/// Whether the argument for a value of this type is taken as `impl Into<...>`: strings, and
/// named types (so that a `oneOf` of scalars takes any of them).
fn takes_into_string(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::String | TypeRef::Secret | TypeRef::Named(_))
}

/// The Rust type of a request body as the builder keeps it: the body's type for JSON and
/// forms, `String` for text, [`Upload`](crate::Upload) for bytes.
fn body_type_of(b: &Body) -> TokenStream {
    match b.kind {
        BodyKind::Json | BodyKind::Form | BodyKind::Multipart => rust_type(&b.ty),
        BodyKind::Text => quote!(String),
        BodyKind::Binary => quote!(crate::Upload),
    }
}

/// Text and bytes are taken as anything that converts into them.
fn body_takes_into(b: &Body) -> bool {
    matches!(b.kind, BodyKind::Text | BodyKind::Binary)
}

fn body_arg_type(b: &Body) -> TokenStream {
    let ty = body_type_of(b);
    if body_takes_into(b) {
        quote!(impl Into<#ty>)
    } else {
        ty
    }
}

fn arg_type(ty: &TypeRef) -> TokenStream {
    let rust = rust_type(ty);
    if takes_into_string(ty) {
        quote!(impl Into<#rust>)
    } else if is_string_list(ty) {
        quote!(impl IntoIterator<Item = impl Into<String>>)
    } else {
        rust
    }
}

fn convert(ident: &proc_macro2::Ident, ty: &TypeRef) -> TokenStream {
    if takes_into_string(ty) {
        quote!(#ident.into())
    } else if is_string_list(ty) {
        quote!(#ident.into_iter().map(Into::into).collect())
    } else {
        quote!(#ident)
    }
}

/// A list of strings: taken as any iterator of anything text, as models' setters take it.
fn is_string_list(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Vec(inner) if **inner == TypeRef::String)
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
    let args = op.params.iter().filter(|p| p.required).map(|p| {
        let ident = format_ident!("{}", p.rust);
        let ty = arg_type(&p.ty);
        quote!(#ident: #ty)
    });
    let body_arg = op.body.as_ref().filter(|b| b.required).map(|b| {
        let ident = format_ident!("body");
        let ty = body_arg_type(b);
        quote!(#ident: #ty)
    });
    let args = args.chain(body_arg);
    let inits = op.params.iter().map(|p| {
        let ident = format_ident!("{}", p.rust);
        if p.required && (takes_into_string(&p.ty) || is_string_list(&p.ty)) {
            let value = convert(&ident, &p.ty);
            quote!(#ident: #value)
        } else if p.required {
            quote!(#ident)
        } else {
            quote!(#ident: None)
        }
    });
    let body_init = op.body.as_ref().map(|b| {
        let ident = format_ident!("body");
        if b.required && body_takes_into(b) {
            quote!(#ident: #ident.into(),)
        } else if b.required {
            quote!(#ident,)
        } else {
            quote!(#ident: None,)
        }
    });
    let doc = docs_for(&method_doc(api, group, op, crate_ident));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    // Clippy expects a `new` to construct its own type; here the document chose the name.
    let named_new = (op.name == "new").then(|| {
        quote!(#[allow(clippy::new_ret_no_self, reason = "the API document names this operation `new`")])
    });
    quote! {
        #doc
        #deprecated
        #named_new
        pub fn #name(&self, #(#args),*) -> #builder {
            #builder {
                _call: crate::runtime::send::Call::new(&self.core),
                #(#inits,)*
                #body_init
            }
        }
    }
}

/// The docs of a handle method: what it sends, its arguments, the optional inputs, errors
/// and an example.
fn method_doc(api: &Api, group: &Group, op: &Operation, crate_ident: &str) -> String {
    let mut text = op_doc(op);
    let arg_lines = argument_lines(op);
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
    if op.errors.iter().any(|e| e.ty.is_some()) {
        let codes: Vec<String> = op
            .errors
            .iter()
            .filter(|e| e.ty.is_some())
            .map(|e| match e.status {
                ErrorStatus::Code(status) => status.to_string(),
                ErrorStatus::Range(class) => format!("any other {class}xx"),
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
    text.push_str(&super::examples::example(api, group, op, crate_ident));
    text.push_str("```\n");
    text
}

/// One line per argument of a handle method: what it is and where it is sent.
fn argument_lines(op: &Operation) -> String {
    let mut arg_lines = String::new();
    for p in op.params.iter().filter(|p| p.required) {
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
    arg_lines
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

/// The enum of outcomes of an operation whose success statuses carry different bodies.
fn outcome_enum(op: &Operation) -> Option<TokenStream> {
    let outcomes = op.outcomes.as_ref()?;
    let ident = format_ident!("{}", outcomes.name);
    let variants = outcomes.list.iter().map(|o| {
        let variant = format_ident!("{}", o.variant);
        let doc = docs_for(&match o.status {
            Some(status) => format!("The server answered {status}."),
            None => "The server answered another success status (the document's `2XX`).".into(),
        });
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

fn builder(api: &Api, group: &Group, op: &Operation) -> TokenStream {
    let handle_method = format!("{}::{}", group.type_name, op.name);
    let builder = format_ident!("{}", op.builder);
    let doc = builder_doc(op, &handle_method);
    let fields = builder_fields(op);
    let setters = builder_setters(op);
    let output = success_type(op);
    let send = super::send::send_fn(api, op, &output, &handle_method);
    let outcome = outcome_enum(op);
    let paginate = paginate_fn(api, op);
    quote! {
        #doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent with `.send().await` or `.await`"]
        pub struct #builder {
            /// The client and this call's own settings; named so that no input's name can
            /// take it.
            _call: crate::runtime::send::Call,
            #fields
        }

        impl #builder {
            #setters

            /// The longest one attempt of this request may take, `None` for no limit;
            /// overrides [`ClientBuilder::timeout`](crate::ClientBuilder::timeout).
            pub fn timeout(mut self, timeout: impl ::std::convert::Into<::std::option::Option<std::time::Duration>>) -> Self {
                self._call.options.timeout = ::std::option::Option::Some(timeout.into());
                self
            }

            /// The longest to wait for a connection for this request, `None` for no limit;
            /// overrides
            /// [`ClientBuilder::connect_timeout`](crate::ClientBuilder::connect_timeout).
            /// Refused when sending if the client was built with
            /// [`http_client`](crate::ClientBuilder::http_client).
            pub fn connect_timeout(mut self, timeout: impl ::std::convert::Into<::std::option::Option<std::time::Duration>>) -> Self {
                self._call.options.connect_timeout = ::std::option::Option::Some(timeout.into());
                self
            }

            /// How this request is retried; overrides
            /// [`ClientBuilder::retry_policy`](crate::ClientBuilder::retry_policy).
            /// [`RetryPolicy::none`](crate::RetryPolicy::none) sends it once.
            pub fn retry_policy(mut self, policy: crate::RetryPolicy) -> Self {
                self._call.options.retry = ::std::option::Option::Some(policy);
                self
            }

            /// Adds a header to this request, after the client's own
            /// ([`ClientBuilder::header`](crate::ClientBuilder::header)); sent with every
            /// attempt. A name or value that HTTP cannot carry is refused when sending
            /// (`Error::InvalidInput`).
            pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self._call.options.headers.push((name.into(), value.into()));
                self
            }

            #send
            #paginate
        }

        #outcome

        impl ::std::future::IntoFuture for #builder {
            type Output = ::std::result::Result<#output, crate::Error>;
            type IntoFuture = ::std::pin::Pin<::std::boxed::Box<dyn ::std::future::Future<Output = Self::Output> + ::std::marker::Send>>;

            fn into_future(self) -> Self::IntoFuture {
                ::std::boxed::Box::pin(self.send())
            }
        }
    }
}

/// `paginate()`, for an operation with `x-rust-paginate`: the request as a walk over every
/// item of its list, one page per call, the index parameters set for each page.
fn paginate_fn(api: &Api, op: &Operation) -> Option<TokenStream> {
    let paging = op.paging.as_ref()?;
    let Success::Json(TypeRef::Named(name)) = &op.success else {
        return None;
    };
    let fields = api
        .types
        .iter()
        .find(|t| &t.name == name)
        .and_then(|t| match &t.kind {
            crate::ir::TypeKind::Struct { fields, .. } => Some(fields),
            _ => None,
        })?;
    let items = fields.iter().find(|f| f.wire == paging.items)?;
    let TypeRef::Vec(item) = &items.ty else {
        return None;
    };
    let item = rust_type(item);
    let items_ident = format_ident!("{}", items.rust);
    let items_expr = if items.optional() {
        quote!(response.#items_ident.unwrap_or_default())
    } else {
        quote!(response.#items_ident)
    };
    let wide = |value: TokenStream| quote!(crate::runtime::page::wide(#value));
    let total_expr = match paging
        .total
        .as_ref()
        .and_then(|t| fields.iter().find(|f| &f.wire == t))
    {
        Some(total) => {
            let ident = format_ident!("{}", total.rust);
            if total.optional() {
                quote!(response.#ident.map(crate::runtime::page::wide))
            } else {
                let value = wide(quote!(response.#ident));
                quote!(::std::option::Option::Some(#value))
            }
        }
        None => quote!(::std::option::Option::None),
    };
    let start = &op.params[paging.start];
    let end = &op.params[paging.end];
    let (start_ident, end_ident) = (
        format_ident!("{}", start.rust),
        format_ident!("{}", end.rust),
    );
    let (start_wire, end_wire) = (&start.wire, &end.wire);
    let first = if start.required {
        wide(quote!(self.#start_ident))
    } else {
        quote!(self.#start_ident.map_or(0, crate::runtime::page::wide))
    };
    let last = if end.required {
        let value = wide(quote!(self.#end_ident));
        quote!(::std::option::Option::Some(#value))
    } else {
        quote!(self.#end_ident.map(crate::runtime::page::wide))
    };
    let set = |ident: &proc_macro2::Ident, required: bool, value: TokenStream| {
        if required {
            quote!(page.#ident = #value;)
        } else {
            quote!(page.#ident = ::std::option::Option::Some(#value);)
        }
    };
    let set_start = set(
        &start_ident,
        start.required,
        quote!(crate::runtime::page::index(start, #start_wire)?),
    );
    let set_end = set(
        &end_ident,
        end.required,
        quote!(crate::runtime::page::index(end, #end_wire)?),
    );
    let doc = docs_for(&format!(
        "Every item of `{}` across pages, each page fetched when the items before it have been \
         read: a [`Paginated`](crate::Paginated), read with `next().await`, `collect_all()` or as \
         a `Stream`.\n\nEach page is this request with `{start_wire}` and `{end_wire}` set to \
         its bounds; values given to them here bound the whole walk. The other inputs and \
         settings are sent with every page.",
        paging.items
    ));
    Some(quote! {
        #doc
        pub fn paginate(self) -> crate::Paginated<#item> {
            let first = #first;
            let last = #last;
            crate::Paginated::new(first, last, move |start, end| {
                let mut page = self.clone();
                ::std::boxed::Box::pin(async move {
                    #set_start
                    #set_end
                    let response = page.send().await?;
                    ::std::result::Result::<_, crate::Error>::Ok(crate::runtime::page::Page {
                        items: #items_expr,
                        total: #total_expr,
                    })
                })
            })
        }
    })
}

/// The docs of a request builder.
fn builder_doc(op: &Operation, handle_method: &str) -> TokenStream {
    let has_setters =
        op.params.iter().any(|p| !p.required) || op.body.as_ref().is_some_and(|b| !b.required);
    docs_for(&format!(
        "A `{} {}` request, made by [`{}`]({}).\n\n{}end it with [`send`](Self::send) or by awaiting it.",
        op.method,
        op.path_template,
        op.name,
        handle_method,
        if has_setters {
            "Set optional inputs with its methods, then s"
        } else {
            "S"
        }
    ))
}

/// The builder's fields for the operation's inputs; optional ones are `Option`s.
fn builder_fields(op: &Operation) -> TokenStream {
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
        let ty = body_type_of(b);
        if b.required {
            quote!(body: #ty,)
        } else {
            quote!(body: Option<#ty>,)
        }
    });
    quote! {
        #(#fields)*
        #body_field
    }
}

/// A setter for each optional input.
fn builder_setters(op: &Operation) -> TokenStream {
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
        let ty = body_arg_type(b);
        let value = if body_takes_into(b) {
            quote!(body.into())
        } else {
            quote!(body)
        };
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
                self.body = Some(#value);
                self
            }
        }
    });
    quote! {
        #(#setters)*
        #body_setter
    }
}
