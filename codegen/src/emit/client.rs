//! Emits `client.rs`: the server choice, the builder, and the client with its group handles.

use super::docs_for;
use crate::ir::{Api, SchemeKind, SecurityScheme};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn client_rs(api: &Api, crate_name: &str) -> TokenStream {
    let server_enum = server_enum(api);
    let client = client_struct(api);
    let builder = builder_struct(api, crate_name);
    quote! {
        //! The client, its builder and the choice of server.
        use crate::error::Error;
        use crate::RetryPolicy;
        use crate::runtime::send::Core;
        use reqwest::header::HeaderValue;
        use std::sync::Arc;
        use std::time::Duration;

        #server_enum

        #client

        #builder
    }
}

/// `Client`, with an accessor per group handle.
fn client_struct(api: &Api) -> TokenStream {
    let groups = api.groups.iter().map(|g| {
        let name = format_ident!("{}", g.name);
        let module = format_ident!("{}", g.name);
        let ty = format_ident!("{}", g.type_name);
        let doc = docs_for(&format!(
            "The `{}` operations: see [`{}`](crate::{}::{}).",
            g.name, g.type_name, g.name, g.type_name
        ));
        quote! {
            #doc
            pub fn #name(&self) -> crate::#module::#ty {
                crate::#module::#ty { core: Arc::clone(&self.core) }
            }
        }
    });
    quote! {
        /// The entry point: one value per API account and server.
        ///
        /// Cloning is cheap and every clone shares one connection pool, so build one client and
        /// pass clones to tasks. `Debug` output never shows the credentials.
        #[derive(Debug, Clone)]
        pub struct Client {
            core: Arc<Core>,
        }

        impl Client {
            /// Starts configuring a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::default()
            }

            /// The base URL requests go to.
            pub fn base_url(&self) -> &str {
                &self.core.base_url
            }

            /// The longest one attempt of a request may take, unless a call sets its own;
            /// `None` when there is no limit.
            pub fn timeout(&self) -> Option<Duration> {
                self.core.timeout
            }

            /// The longest to wait for a connection, unless a call sets its own; `None` when
            /// there is no limit here (or the connection pool came from
            /// [`ClientBuilder::http_client`], which has its own settings).
            pub fn connect_timeout(&self) -> Option<Duration> {
                self.core.connect_timeout
            }

            #(#groups)*
        }
    }
}

/// `ClientBuilder`: its fields, credential setters, the other settings, and `build`.
fn builder_struct(api: &Api, crate_name: &str) -> TokenStream {
    let auth = credentials(api);
    let default_server_doc = match api.servers.first() {
        Some(s) => format!("\n- the server is `{}` unless [`server`](Self::server) or [`base_url`](Self::base_url) says otherwise", s.url),
        None => "\n- a server must be chosen with [`server`](Self::server) or [`base_url`](Self::base_url)".to_string(),
    };
    let builder_doc = docs_for(&format!(
        "Configures and builds a [`Client`].\n\nDefaults:{}{default_server_doc}\n- {}\n- {}\n- the user agent is `{crate_name}/<version>`\n- a connection pool of its own, unless [`http_client`](Self::http_client) gives one",
        auth.doc,
        format_args!(
            "each attempt of a request may take {} ([`limits::DEFAULT_TIMEOUT`](crate::limits::DEFAULT_TIMEOUT)); [`timeout`](Self::timeout) changes or removes the limit",
            super::duration_text(crate::runtime::limits::DEFAULT_TIMEOUT)
        ),
        format_args!(
            "connecting may take {} ([`limits::DEFAULT_CONNECT_TIMEOUT`](crate::limits::DEFAULT_CONNECT_TIMEOUT)); [`connect_timeout`](Self::connect_timeout) changes or removes the limit",
            super::duration_text(crate::runtime::limits::DEFAULT_CONNECT_TIMEOUT)
        ),
    ));
    let auth_fields = &auth.fields;
    let auth_setters = &auth.setters;
    let settings = builder_settings();
    let build = build_fn(api, &auth.build);
    let has_variables = api.servers.iter().any(|s| !s.variables.is_empty());
    let variables_field = has_variables.then(|| quote!(server_variables: Vec<(String, String)>,));
    let variables_debug =
        has_variables.then(|| quote!(.field("server_variables", &self.server_variables)));
    let variables_setter = has_variables.then(|| {
        quote! {
            /// Gives the URL variable `name` of the chosen server the value `value` instead of
            /// its default (see [`Server`] for each server's variables and the values they
            /// allow). `build` refuses a name the server does not have and a value its list
            /// does not allow.
            pub fn server_variable(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                self.server_variables.push((name.into(), value.into()));
                self
            }
        }
    });
    quote! {
        #builder_doc
        #[derive(Default)]
        #[must_use = "a builder does nothing until `build` is called"]
        pub struct ClientBuilder {
            #(#auth_fields)*
            server: Option<Server>,
            timeout: Option<Option<Duration>>,
            user_agent: Option<String>,
            http: Option<reqwest::Client>,
            connect_timeout: Option<Option<Duration>>,
            max_body: Option<Option<usize>>,
            retry: Option<RetryPolicy>,
            headers: Vec<(String, String)>,
            additions: crate::runtime::send::Additions,
            #variables_field
        }

        impl std::fmt::Debug for ClientBuilder {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct("ClientBuilder")
                    .field("server", &self.server)
                    .field("timeout", &self.timeout)
                    .field("user_agent", &self.user_agent)
                    .field("connect_timeout", &self.connect_timeout)
                    .field("max_response_body", &self.max_body)
                    .field("retry", &self.retry)
                    #variables_debug
                    .finish_non_exhaustive()
            }
        }

        impl ClientBuilder {
            #(#auth_setters)*

            #settings

            #variables_setter

            #build
        }
    }
}

/// The builder's setters for everything but credentials.
fn builder_settings() -> TokenStream {
    quote! {
        /// Which server to send requests to.
        pub fn server(mut self, server: Server) -> Self {
            self.server = Some(server);
            self
        }

        /// Sends requests to `url` (for example a proxy or a test server) instead of one of
        /// the listed servers. The same as `server(Server::Custom(url))`.
        pub fn base_url(mut self, url: impl Into<String>) -> Self {
            self.server = Some(Server::Custom(url.into()));
            self
        }

        /// The longest one attempt of a request may take, from connecting to the end of the
        /// response body; `None` for no limit. An attempt that takes longer fails with a
        /// timeout error (and is retried only for idempotent operations). Each call can
        /// override it. Without this setting the limit is
        /// [`limits::DEFAULT_TIMEOUT`](crate::limits::DEFAULT_TIMEOUT).
        pub fn timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
            self.timeout = Some(timeout.into());
            self
        }

        /// The `User-Agent` header sent with every request.
        pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
            self.user_agent = Some(user_agent.into());
            self
        }

        /// Sends requests through this `reqwest` client (and its connection pool, proxy and
        /// TLS settings) instead of one built here.
        pub fn http_client(mut self, client: reqwest::Client) -> Self {
            self.http = Some(client);
            self
        }

        /// Trusts `certificate` as a root besides the system's, for a server whose
        /// certificate a private authority issued. Given several times, all are trusted. Only
        /// with one of the crate's TLS features; with [`http_client`](Self::http_client), add
        /// it to that reqwest client instead (`build` refuses the two together).
        #[cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]
        pub fn root_certificate(mut self, certificate: reqwest::Certificate) -> Self {
            self.additions.roots.push(certificate);
            self
        }

        /// The longest to wait for a connection (TCP and TLS) before giving up; `None` for no
        /// limit. A failed connection is always safe to retry, since nothing was sent. Each
        /// call can override it. Without this setting the limit is
        /// [`limits::DEFAULT_CONNECT_TIMEOUT`](crate::limits::DEFAULT_CONNECT_TIMEOUT), except
        /// with [`http_client`](Self::http_client), whose own settings apply and which this
        /// setting cannot be combined with.
        pub fn connect_timeout(mut self, timeout: impl Into<Option<Duration>>) -> Self {
            self.connect_timeout = Some(timeout.into());
            self
        }

        /// The most bytes of a successful response's body the client reads; `None` for no
        /// limit. A larger body fails the call with a [`TransportKind::TooLarge`](crate::TransportKind::TooLarge)
        /// error as soon as it is known to be larger (from its `Content-Length`, or while
        /// it is read), and the rest is not read, so a server cannot exhaust the program's
        /// memory. Without this setting the limit is
        /// [`limits::DEFAULT_MAX_RESPONSE_BODY`](crate::limits::DEFAULT_MAX_RESPONSE_BODY).
        /// Error bodies are always cut at
        /// [`limits::ERROR_BODY_LIMIT`](crate::limits::ERROR_BODY_LIMIT).
        pub fn max_response_body(mut self, bytes: impl Into<Option<usize>>) -> Self {
            self.max_body = Some(bytes.into());
            self
        }

        /// How failed requests are retried; see [`RetryPolicy`] for what is retried and
        /// when. The default is [`RetryPolicy::default`]; [`RetryPolicy::none`] turns
        /// retries off. Each call can override it.
        pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
            self.retry = Some(policy);
            self
        }

        /// A header sent with every request of the client (a correlation or tenant ID, a
        /// header a gateway wants). Given twice, both values are sent. A name or value that
        /// HTTP cannot carry is refused by `build`. A request can add its own with its
        /// `header` method.
        pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
            self.headers.push((name.into(), value.into()));
            self
        }

        /// Runs `hook` just before each attempt of every request is sent, with the request as
        /// it will go out (its URL, headers, credentials included): for headers that change
        /// per request, such as a fresh correlation ID, or for logging. Hooks run in the
        /// order they were added, after the client's own checks: whatever a hook changes,
        /// the URL included, is sent as changed. Hooks are plain functions run on the
        /// sending task and apply to every request of the client; hand slow work to a
        /// channel or a task, and give one call its own header with the request's `header`.
        pub fn on_request(
            mut self,
            hook: impl Fn(&mut reqwest::Request) + Send + Sync + 'static,
        ) -> Self {
            self.additions.before.push(Arc::new(hook));
            self
        }

        /// Runs `hook` after each attempt of every request, with what came of it: the
        /// operation, method, path template, attempt number, time taken, and the status and
        /// headers of the response or why none came ([`Attempt`](crate::Attempt)). For
        /// metrics and logs; the response's body is left to the call. Hooks run in the order
        /// they were added, on the sending task, so they should return quickly.
        pub fn on_response(
            mut self,
            hook: impl Fn(&crate::Attempt<'_>) + Send + Sync + 'static,
        ) -> Self {
            self.additions.after.push(Arc::new(hook));
            self
        }
    }
}

/// `build`: credentials, server, base URL, user agent and HTTP client checked and put together.
fn build_fn(api: &Api, auth_build: &TokenStream) -> TokenStream {
    let templated: Vec<TokenStream> = api
        .servers
        .iter()
        .filter_map(|s| {
            let template = s.template.as_ref()?;
            let ident = format_ident!("{}", s.variant);
            let vars = s.variables.iter().map(|v| {
                let name = &v.name;
                let default = &v.default;
                let allowed = &v.allowed;
                quote!((#name, #default, &[#(#allowed),*]))
            });
            Some(quote!(Server::#ident => Some((#template, &[#(#vars),*])),))
        })
        .collect();
    let base_url = if templated.is_empty() {
        quote!(let base_url = server.url().trim_end_matches('/').to_string();)
    } else {
        quote! {
            let template: Option<(&str, &[crate::runtime::send::ServerVariable])> = match &server {
                #(#templated)*
                _ => None,
            };
            let base_url = crate::runtime::send::server_url(server.url(), template, &self.server_variables)?;
        }
    };
    let server = if api.servers.is_empty() {
        quote! {
            let Some(server) = self.server else {
                return Err(Error::invalid_input("server", "no server: call `ClientBuilder::server` or `ClientBuilder::base_url`"));
            };
        }
    } else {
        quote!(let server = self.server.unwrap_or_default();)
    };
    quote! {
        /// Checks the configuration and builds the client.
        ///
        /// # Errors
        ///
        /// [`Error::InvalidInput`] when a required setting is missing or a value cannot be
        /// used: no credentials, a base URL that is not an absolute `http` or `https` URL (or
        /// an `https` one when the crate was built without TLS and no `http_client` was
        /// given), a token or user agent that cannot be sent as a header, settings that
        /// cannot be combined with `http_client`.
        pub fn build(self) -> Result<Client, Error> {
            #auth_build
            #server
            #base_url
            let https = match reqwest::Url::parse(&base_url) {
                Ok(url) if url.query().is_some() || url.fragment().is_some() => {
                    // Paths are appended to the base URL as text: a query or fragment in it
                    // would swallow them.
                    // Not quoted: a query may hold a key.
                    return Err(Error::invalid_input(
                        "base_url",
                        "has a query or a fragment, which the operations' paths cannot follow; give the scheme, host and path only",
                    ));
                }
                Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => url.scheme() == "https",
                _ => {
                    return Err(Error::invalid_input(
                        "base_url",
                        if base_url.starts_with('/') {
                            // The document lists a server relative to where it is served.
                            format!(
                                "`{base_url}` is relative to the host the API is served from; give the whole URL with `ClientBuilder::base_url`, such as `https://api.example.com{base_url}`"
                            )
                        } else {
                            format!(
                                "`{}` is not an absolute http or https URL",
                                crate::runtime::send::without_userinfo(&base_url)
                            )
                        },
                    ));
                }
            };
            let user_agent = self
                .user_agent
                .unwrap_or_else(|| concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION")).to_string());
            let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
                Error::invalid_input("user_agent", "contains characters that an HTTP header cannot carry")
            })?;
            let own_http = self.http.is_none();
            let timeout = self.timeout.unwrap_or(Some(crate::limits::DEFAULT_TIMEOUT));
            let connect_timeout = if own_http {
                self.connect_timeout.unwrap_or(Some(crate::limits::DEFAULT_CONNECT_TIMEOUT))
            } else {
                None
            };
            let http = match self.http {
                Some(_) if self.connect_timeout.is_some() => {
                    return Err(Error::invalid_input(
                        "connect_timeout",
                        "cannot be combined with `http_client`; set it on that reqwest client",
                    ));
                }
                Some(_) if !self.additions.roots.is_empty() => {
                    return Err(Error::invalid_input(
                        "root_certificate",
                        "cannot be combined with `http_client`; add it to that reqwest client",
                    ));
                }
                Some(http) => http,
                None if https && !crate::runtime::send::HAS_TLS => {
                    return Err(Error::invalid_input(
                        "base_url",
                        format!(
                            "the server `{}` is https, and this build of {} has no TLS: turn on one of its features `rustls`, `rustls-aws-lc` or `native-tls`, or give a reqwest client of your own with `http_client`",
                            crate::runtime::send::without_userinfo(&base_url),
                            env!("CARGO_PKG_NAME"),
                        ),
                    ));
                }
                None => crate::runtime::send::pool(connect_timeout, false, &self.additions.roots)
                    .map_err(|e| Error::invalid_input("http_client", format!("could not be built: {e}")))?,
            };
            let retry = self.retry.unwrap_or_default();
            let mut additions = self.additions;
            for (name, value) in &self.headers {
                additions.header(name, value)?;
            }
            let core = Core {
                http,
                per_call: Default::default(),
                base_url,
                credentials: credentials.into(),
                timeout,
                max_body: self.max_body.unwrap_or(Some(crate::limits::DEFAULT_MAX_RESPONSE_BODY)),
                connect_timeout,
                user_agent,
                retry,
                own_http,
                additions,
            };
            Ok(Client { core: Arc::new(core) })
        }
    }
}

/// What the document's security schemes add to the builder.
struct Credentials {
    /// One field per scheme.
    fields: Vec<TokenStream>,
    /// One setter per scheme.
    setters: Vec<TokenStream>,
    /// The `build` code that turns the fields into credentials, and checks the required one.
    build: TokenStream,
    /// The builder docs' line about credentials.
    doc: String,
}

/// One scheme's part of the builder: its field, its setter, and its `build` code.
struct SchemeParts {
    field: TokenStream,
    setter: TokenStream,
    build: TokenStream,
}

/// Builder fields, setters, the `build` code that turns them into credentials, and a line of
/// the builder's docs, for the document's security schemes.
fn credentials(api: &Api) -> Credentials {
    let mut fields = Vec::new();
    let mut setters = Vec::new();
    let mut builds = Vec::new();
    for scheme in &api.schemes {
        let parts = scheme_parts(scheme);
        fields.push(parts.field);
        setters.push(parts.setter);
        builds.push(parts.build);
    }
    let (required_check, doc) = required_credential(api);
    let mutable = if builds.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let build = quote! {
        let #mutable credentials: Vec<Option<crate::runtime::send::Credential>> = Vec::new();
        #(#builds)*
        #required_check
    };
    Credentials {
        fields,
        setters,
        build,
        doc,
    }
}

/// The field, setter and `build` code of one scheme.
fn scheme_parts(scheme: &SecurityScheme) -> SchemeParts {
    let setter = format_ident!("{}", scheme.setter);
    let name = &scheme.setter;
    let about = scheme
        .doc
        .as_deref()
        .map(super::escape_markdown)
        .unwrap_or_default();
    let env_doc = scheme
        .env
        .as_ref()
        .map(|var| format!("\n\nWhen none is given here, `build` reads it from the `{var}` environment variable."))
        .unwrap_or_default();
    let env_lookup = match &scheme.env {
        Some(var) => {
            quote!(.or_else(|| std::env::var(#var).ok().filter(|value| !value.is_empty())))
        }
        None => quote!(),
    };
    let sent = match &scheme.kind {
        SchemeKind::Bearer => "as `Authorization: Bearer <token>`".to_string(),
        SchemeKind::Basic => "as `Authorization: Basic ...`".to_string(),
        SchemeKind::ApiKeyHeader(header) => format!("in the `{header}` header"),
        SchemeKind::ApiKeyQuery(param) => format!("as the `{param}` query parameter"),
    };
    let doc = docs_for(&format!(
        "The `{}` credential, sent {sent} with the requests that use it.\n\n{}{env_doc}",
        scheme.key,
        about.trim_end()
    ));
    if scheme.kind == SchemeKind::Basic {
        return SchemeParts {
            field: quote!(#setter: Option<(String, crate::SecretString)>,),
            setter: quote! {
                #doc
                pub fn #setter(mut self, username: impl Into<String>, password: impl Into<crate::SecretString>) -> Self {
                    self.#setter = Some((username.into(), password.into()));
                    self
                }
            },
            build: quote! {
                credentials.push(match &self.#setter {
                    Some((username, password)) => Some(crate::runtime::send::Credential::basic(#name, username, password.expose())?),
                    None => None,
                });
            },
        };
    }
    let make = match &scheme.kind {
        SchemeKind::ApiKeyHeader(header) => {
            quote!(crate::runtime::send::Credential::header(#name, #header, &value)?)
        }
        SchemeKind::ApiKeyQuery(param) => {
            quote!(crate::runtime::send::Credential::query(#param, value))
        }
        _ => quote!(crate::runtime::send::Credential::bearer(#name, &value)?),
    };
    let push = if matches!(scheme.kind, SchemeKind::ApiKeyQuery(_)) {
        quote!(credentials.push(value.map(|value| #make));)
    } else {
        quote! {
            credentials.push(match value {
                Some(value) => Some(#make),
                None => None,
            });
        }
    };
    SchemeParts {
        field: quote!(#setter: Option<crate::SecretString>,),
        setter: quote! {
            #doc
            pub fn #setter(mut self, value: impl Into<crate::SecretString>) -> Self {
                self.#setter = Some(value.into());
                self
            }
        },
        build: quote! {
            let value = self.#setter.as_ref().map(|v| v.expose().to_string()) #env_lookup;
            #push
        },
    }
}

/// The check in `build` for the scheme every operation requires, if there is one, and the
/// builder docs' line about credentials.
fn required_credential(api: &Api) -> (TokenStream, String) {
    match api.required_scheme.map(|i| &api.schemes[i]) {
        Some(scheme) => {
            let index = api.required_scheme.unwrap_or_default();
            let message = match &scheme.env {
                Some(var) => format!(
                    "no credentials: call `ClientBuilder::{}` or set the `{var}` environment variable",
                    scheme.setter
                ),
                None => format!("no credentials: call `ClientBuilder::{}`", scheme.setter),
            };
            let name = &scheme.setter;
            let doc = format!(
                "\n- [`{0}`](Self::{0}) is required{1}",
                scheme.setter,
                scheme
                    .env
                    .as_ref()
                    .map(|v| format!(" (or `{v}` in the environment)"))
                    .unwrap_or_default()
            );
            (
                quote! {
                    if credentials[#index].is_none() {
                        return Err(Error::invalid_input(#name, #message));
                    }
                },
                doc,
            )
        }
        None if api.schemes.is_empty() => (quote!(), String::new()),
        None => (
            quote!(),
            "\n- credentials are checked per request, against what each operation accepts"
                .to_string(),
        ),
    }
}

fn server_enum(api: &Api) -> TokenStream {
    let variants = api.servers.iter().map(|s| {
        let ident = format_ident!("{}", s.variant);
        let mut text = match &s.doc {
            Some(d) => format!("{}\n\n`{}`", super::escape_markdown(d).trim_end(), s.url),
            None => format!("`{}`", s.url),
        };
        if let Some(template) = &s.template {
            text.push_str(&format!(
                ", from `{template}`; set its variables with [`ClientBuilder::server_variable`]:\n"
            ));
            for v in &s.variables {
                let allowed = if v.allowed.is_empty() {
                    String::from("any value")
                } else {
                    let list: Vec<String> = v.allowed.iter().map(|a| format!("`{a}`")).collect();
                    format!("one of {}", list.join(", "))
                };
                let about = v
                    .doc
                    .as_deref()
                    .map(|d| {
                        format!(
                            ": {}",
                            super::escape_markdown(d).trim_end().replace('\n', " ")
                        )
                    })
                    .unwrap_or_default();
                text.push_str(&format!(
                    "\n- `{}`, `{}` unless set, {allowed}{about}",
                    v.name, v.default
                ));
            }
        }
        let doc = docs_for(&text);
        quote!(#doc #ident,)
    });
    let urls = api.servers.iter().map(|s| {
        let ident = format_ident!("{}", s.variant);
        let url = &s.url;
        quote!(Server::#ident => #url,)
    });
    // A document that lists no server has only `Custom`.
    let listed_arm = (!api.servers.is_empty())
        .then(|| quote!(listed => f.debug_tuple("Server").field(&listed.url()).finish(),));
    let default_impl = api.servers.first().map(|s| {
        let ident = format_ident!("{}", s.variant);
        let doc = docs_for(&format!(
            "The first server the API document lists, `{}`.",
            s.url
        ));
        quote! {
            impl Default for Server {
                #doc
                fn default() -> Self {
                    Server::#ident
                }
            }
        }
    });
    quote! {
        /// Where requests go: one of the servers the API document lists, or any other base URL.
        ///
        /// `Debug` hides a user name and password in a custom URL.
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Server {
            #(#variants)*
            /// Any other base URL, such as a proxy or a test server (`http://127.0.0.1:8080`).
            Custom(String),
        }

        impl Server {
            /// The base URL, without a trailing slash for the listed servers.
            pub fn url(&self) -> &str {
                match self {
                    #(#urls)*
                    Server::Custom(url) => url,
                }
            }
        }

        impl std::fmt::Debug for Server {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    Server::Custom(url) => f
                        .debug_tuple("Custom")
                        .field(&crate::runtime::send::without_userinfo(url))
                        .finish(),
                    #listed_arm
                }
            }
        }

        #default_impl
    }
}
