//! Servers and security: the `Server` enum's variants, the security schemes with their
//! builder setters, and each operation's security requirements.

use super::Lowerer;
use super::refs::component_at;
use crate::error::{ErrorKind, Pointer};
use crate::ir::{Group, SchemeKind, SecurityScheme, ServerDef, ServerVariable};
use crate::naming::{self, Scope};
use openapiv3::ReferenceOr;

/// A security scheme as read, before its setter is named.
struct FoundScheme {
    key: String,
    kind: SchemeKind,
    doc: Option<String>,
    env: Option<String>,
}

impl Lowerer<'_> {
    /// The listed servers, with their URL variables.
    pub(super) fn servers(&mut self) -> Vec<ServerDef> {
        let mut scope = Scope::server_variants();
        let mut out = Vec::new();
        for (i, server) in self.doc.servers.iter().enumerate() {
            let at = Pointer::root().join("servers").join(i.to_string());
            let Some((url, variables)) = self.server_url(server, &at) else {
                continue;
            };
            let explicit = self.ext_str(&at, "x-rust-name");
            let template =
                (!variables.is_empty()).then(|| server.url.trim_end_matches('/').to_string());
            out.push(ServerDef {
                variant: scope.claim(naming::server_variant(explicit.as_deref(), &server.url, i)),
                url: url.trim_end_matches('/').to_string(),
                template,
                variables,
                doc: server.description.clone(),
            });
        }
        out
    }

    /// The URL of `server` with every variable at its default, and the variables; problems
    /// (a variable used but not declared, a default outside its `enum`) are reported.
    fn server_url(
        &mut self,
        server: &openapiv3::Server,
        at: &Pointer,
    ) -> Option<(String, Vec<ServerVariable>)> {
        let declared = server.variables.clone().unwrap_or_default();
        let mut used = Vec::new();
        let mut rest = server.url.as_str();
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}') else {
                self.error(
                    &at.join("url"),
                    ErrorKind::Invalid,
                    format!("`{}` opens a `{{` it never closes", server.url),
                );
                return None;
            };
            used.push(rest[open + 1..open + close].to_string());
            rest = &rest[open + close + 1..];
        }
        let mut ok = true;
        for name in &used {
            if !declared.contains_key(name) {
                self.error(
                    &at.join("url"),
                    ErrorKind::Invalid,
                    format!(
                        "`{}` uses `{{{name}}}`, but `variables` declares no `{name}`",
                        server.url
                    ),
                );
                ok = false;
            }
        }
        let mut variables = Vec::new();
        for (name, variable) in &declared {
            let var_at = at.join("variables").join(name);
            if !variable.enumeration.is_empty() && !variable.enumeration.contains(&variable.default)
            {
                self.error(
                    &var_at.join("default"),
                    ErrorKind::Invalid,
                    format!(
                        "the default `{}` is not one of the `enum` values {:?}",
                        variable.default, variable.enumeration
                    ),
                );
                ok = false;
            }
            if used.contains(name) {
                variables.push(ServerVariable {
                    name: name.clone(),
                    default: variable.default.clone(),
                    allowed: variable.enumeration.clone(),
                    doc: variable.description.clone(),
                });
            }
        }
        if !ok {
            return None;
        }
        let mut url = server.url.clone();
        for variable in &variables {
            url = url.replace(&format!("{{{}}}", variable.name), &variable.default);
        }
        Some((url, variables))
    }

    /// The security schemes under `components/securitySchemes`, each with its setter.
    pub(super) fn security_schemes(&mut self) -> Vec<SecurityScheme> {
        let Some(components) = self.doc.components.as_ref() else {
            return Vec::new();
        };
        let mut found = Vec::new();
        for (key, scheme) in &components.security_schemes {
            let at = component_at("securitySchemes", key);
            let env = self.ext_str(&at, "x-rust-env");
            if let Some((kind, doc)) = self.scheme_kind(scheme, &at) {
                found.push(FoundScheme {
                    key: key.clone(),
                    kind,
                    doc,
                    env,
                });
            }
        }
        let class = |kind: &SchemeKind| match kind {
            SchemeKind::Bearer => 0,
            SchemeKind::Basic => 1,
            SchemeKind::ApiKeyHeader(_) | SchemeKind::ApiKeyQuery(_) => 2,
        };
        let mut per_class = [0usize; 3];
        for scheme in &found {
            per_class[class(&scheme.kind)] += 1;
        }
        let mut scope = Scope::credential_setters();
        found
            .into_iter()
            .map(|scheme| {
                let alone = per_class[class(&scheme.kind)] == 1;
                SecurityScheme {
                    setter: scope.claim(naming::credential_setter(
                        &scheme.key,
                        &scheme.kind,
                        alone,
                    )),
                    key: scheme.key,
                    kind: scheme.kind,
                    doc: scheme.doc,
                    env: scheme.env,
                }
            })
            .collect()
    }

    /// How one scheme sends its credential, and its description; what the client cannot
    /// send is reported.
    fn scheme_kind(
        &mut self,
        scheme: &ReferenceOr<openapiv3::SecurityScheme>,
        at: &Pointer,
    ) -> Option<(SchemeKind, Option<String>)> {
        use openapiv3::{APIKeyLocation, SecurityScheme as S};
        let scheme = match scheme {
            ReferenceOr::Item(scheme) => scheme,
            ReferenceOr::Reference { .. } => {
                self.error(
                    at,
                    ErrorKind::Unsupported,
                    "a `$ref` in place of a security scheme is not supported",
                );
                return None;
            }
        };
        match scheme {
            S::HTTP {
                scheme,
                description,
                ..
            } if scheme.eq_ignore_ascii_case("bearer") => {
                Some((SchemeKind::Bearer, description.clone()))
            }
            S::HTTP {
                scheme,
                description,
                ..
            } if scheme.eq_ignore_ascii_case("basic") => {
                Some((SchemeKind::Basic, description.clone()))
            }
            // The client receives OAuth 2.0 and OpenID Connect tokens ready-made and sends
            // them as bearer tokens; obtaining them is outside its job.
            S::OAuth2 { description, .. } | S::OpenIDConnect { description, .. } => {
                Some((SchemeKind::Bearer, description.clone()))
            }
            S::APIKey {
                location: APIKeyLocation::Header,
                name,
                description,
                ..
            } => {
                if header_name_ok(name) {
                    Some((
                        SchemeKind::ApiKeyHeader(name.to_ascii_lowercase()),
                        description.clone(),
                    ))
                } else {
                    self.error(
                        &at.join("name"),
                        ErrorKind::Invalid,
                        format!("`{name}` is not a valid header name"),
                    );
                    None
                }
            }
            S::APIKey {
                location: APIKeyLocation::Query,
                name,
                description,
                ..
            } => Some((SchemeKind::ApiKeyQuery(name.clone()), description.clone())),
            S::APIKey {
                location: APIKeyLocation::Cookie,
                ..
            } => {
                self.error(
                    &at.join("in"),
                    ErrorKind::Unsupported,
                    "API keys in cookies are not supported; use a header or the query",
                );
                None
            }
            S::HTTP { scheme, .. } => {
                self.error(
                    &at.join("scheme"),
                    ErrorKind::Unsupported,
                    format!("HTTP scheme `{scheme}` is not supported; `bearer` and `basic` are"),
                );
                None
            }
        }
    }

    /// The security requirements of an operation as alternatives of scheme indexes.
    pub(super) fn security(&mut self, op: &openapiv3::Operation, at: &Pointer) -> Vec<Vec<usize>> {
        let (requirements, at) = match &op.security {
            Some(own) => (own, at.join("security")),
            None => match &self.doc.security {
                Some(global) => (global, Pointer::root().join("security")),
                None => return Vec::new(),
            },
        };
        let mut alternatives = Vec::new();
        for (i, requirement) in requirements.iter().enumerate() {
            let mut set = Vec::new();
            for name in requirement.keys() {
                let declared = self
                    .doc
                    .components
                    .as_ref()
                    .is_some_and(|c| c.security_schemes.contains_key(name));
                match self.schemes.iter().position(|s| &s.key == name) {
                    Some(index) => set.push(index),
                    // Declared but refused: reported once, where it is declared.
                    None if declared => {}
                    None => self.problems.report(
                        &at.join(i.to_string()).join(name),
                        ErrorKind::BadReference,
                        format!(
                            "`{name}` is not a security scheme under #/components/securitySchemes"
                        ),
                    ),
                }
            }
            alternatives.push(set);
        }
        alternatives
    }
}

/// The scheme that every operation requires alone, if there is one.
pub(super) fn required_scheme(groups: &[Group]) -> Option<usize> {
    let mut ops = groups.iter().flat_map(|g| &g.operations);
    let first = ops.next()?;
    let [only] = first.security.as_slice() else {
        return None;
    };
    let [scheme] = only.as_slice() else {
        return None;
    };
    ops.all(|op| op.security == first.security)
        .then_some(*scheme)
}

/// Whether `name` is a valid HTTP header name (RFC 9110 token characters).
pub(super) fn header_name_ok(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}
