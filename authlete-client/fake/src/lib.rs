#![doc = include_str!("../README.md")]
//!
//! # The parts
//!
//! - [`FakeAuthlete`] keeps services, clients, authorizations and scopes in memory and answers
//!   the eleven operations the way Authlete does: state changes persist between calls, and
//!   errors come as `{resultCode, resultMessage}` with the documented statuses.
//! - [`CannedServer`] answers every request with one fixed response, for testing how a client
//!   handles a particular status or body.
//! - [`raw::RawServer`] misbehaves on purpose (closes mid-body, never answers, streams an
//!   endless body), for testing how a client copes.
//!
//! All of them record every request they receive, so a test can check exactly what was sent.
//!
//! Result codes: where Authlete's public documentation gives the code of an outcome (for
//! example `A148001` for a refreshed secret or `A001202` for a missing `Authorization` header),
//! the fake uses it. For outcomes whose code is not documented, it uses codes of its own that
//! start with `F` (listed on [`codes`]), so that a test never mistakes them for Authlete's.

mod proxy;
pub mod raw;
mod server;

pub use proxy::{Exchange, RecordingProxy};

pub use server::{RecordedRequest, Reply, percent_decode};

use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, MutexGuard};

/// The result codes the fake answers with.
pub mod codes {
    /// Authlete: the `Authorization` header is missing.
    pub const AUTHORIZATION_MISSING: &str = "A001202";
    /// Authlete: the client secret was refreshed.
    pub const SECRET_REFRESHED: &str = "A148001";
    /// Authlete: the client secret was updated.
    pub const SECRET_UPDATED: &str = "A149001";
    /// Authlete: access tokens of a client were updated.
    pub const TOKENS_UPDATED: &str = "A138001";
    /// Authlete: access tokens of a client were deleted.
    pub const TOKENS_DELETED: &str = "A137001";
    /// Fake: the bearer token is not known (401).
    pub const TOKEN_UNKNOWN: &str = "F001401";
    /// Fake: the token belongs to another service, or the service does not exist (403).
    pub const SERVICE_FORBIDDEN: &str = "F001403";
    /// Fake: no client with that identifier in the service (400).
    pub const CLIENT_UNKNOWN: &str = "F002400";
    /// Fake: the request body or a parameter is missing or malformed (400).
    pub const BAD_REQUEST: &str = "F003400";
    /// Fake: the client secret breaks the rules (400).
    pub const SECRET_INVALID: &str = "F004400";
    /// Fake: the lock flag was stored.
    pub const LOCK_UPDATED: &str = "F100200";
    /// Fake: the granted scopes were read.
    pub const GRANTED_SCOPES_READ: &str = "F101200";
    /// Fake: the granted scopes were deleted.
    pub const GRANTED_SCOPES_DELETED: &str = "F102200";
}

/// A client application registered in the fake.
#[derive(Debug, Clone, PartialEq)]
pub struct FakeClient {
    /// The numeric client ID.
    pub id: i64,
    /// The client ID alias, if it has one.
    pub alias: Option<String>,
    /// The display name.
    pub name: String,
    /// The developer who registered it.
    pub developer: String,
    /// The current client secret.
    pub secret: String,
    /// Whether the client is locked.
    pub locked: bool,
    /// The per-client requestable scopes, or `None` when that limit is off.
    pub requestable_scopes: Option<Vec<String>>,
}

impl FakeClient {
    /// A client with the given ID, a name and secret derived from it, unlocked, no alias.
    pub fn new(id: i64) -> Self {
        FakeClient {
            id,
            alias: None,
            name: format!("Client {id}"),
            developer: "developer-1".to_string(),
            secret: format!("secret_{id}"),
            locked: false,
            requestable_scopes: None,
        }
    }

    /// The same client with an alias.
    pub fn with_alias(mut self, alias: &str) -> Self {
        self.alias = Some(alias.to_string());
        self
    }

    /// The same client registered by another developer.
    pub fn with_developer(mut self, developer: &str) -> Self {
        self.developer = developer.to_string();
        self
    }
}

/// What one end-user has granted one client.
#[derive(Debug, Clone, Default, PartialEq)]
struct Grant {
    /// How many access tokens exist; zero means the client is not among the user's authorizations.
    tokens: u32,
    /// The scope record, or `None` when there is none.
    scopes: Option<ScopeRecord>,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct ScopeRecord {
    latest: Vec<String>,
    merged: BTreeSet<String>,
    modified_at: i64,
}

#[derive(Debug, Default)]
struct Service {
    token: String,
    api_key: i64,
    clients: BTreeMap<i64, FakeClient>,
    /// (client ID, subject) to what the subject granted.
    grants: BTreeMap<(i64, String), Grant>,
}

#[derive(Debug, Default)]
struct State {
    services: BTreeMap<String, Service>,
    clock: i64,
    seed: u64,
}

/// An in-memory Authlete serving the Client Management API on 127.0.0.1.
///
/// ```no_run
/// # async fn run() -> std::io::Result<()> {
/// let fake = authlete_fake::FakeAuthlete::start().await?;
/// fake.add_service("svc", "token-1");
/// fake.add_client("svc", authlete_fake::FakeClient::new(1001));
/// fake.grant("svc", 1001, "alice", &["openid", "profile"]);
/// // point a client at fake.base_url() with bearer token "token-1"
/// # Ok(())
/// # }
/// ```
pub struct FakeAuthlete {
    running: server::Running,
    state: Arc<Mutex<State>>,
}

impl FakeAuthlete {
    /// Starts an empty fake on a free port of 127.0.0.1. It stops when dropped.
    pub async fn start() -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0").await
    }

    /// Starts an empty fake on the given address (a loopback address and port).
    pub async fn start_on(addr: &str) -> std::io::Result<Self> {
        let state: Arc<Mutex<State>> = Arc::new(Mutex::new(State {
            clock: 1_700_000_000_000,
            seed: 0x5eed,
            ..State::default()
        }));
        let handler_state = Arc::clone(&state);
        let running = server::serve_on(
            addr,
            Arc::new(move |request: &RecordedRequest| {
                let mut state = handler_state.lock().unwrap_or_else(|e| e.into_inner());
                handle(&mut state, request)
            }),
        )
        .await?;
        Ok(FakeAuthlete { running, state })
    }

    /// The base URL to give a client, such as `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.running.addr)
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a service that accepts `token` as its access token.
    pub fn add_service(&self, service_id: &str, token: &str) {
        let mut state = self.state();
        let api_key = 21_653_835_348_762 + state.services.len() as i64;
        state.services.insert(
            service_id.to_string(),
            Service {
                token: token.to_string(),
                api_key,
                ..Service::default()
            },
        );
    }

    /// Registers `client` in a service added before.
    ///
    /// # Panics
    ///
    /// If the service was not added: that is a mistake in the test.
    pub fn add_client(&self, service_id: &str, client: FakeClient) {
        let mut state = self.state();
        let service = state
            .services
            .get_mut(service_id)
            .expect("add_service first");
        service.clients.insert(client.id, client);
    }

    /// Records that `subject` authorized the client with `scopes`: one access token and a
    /// scope record.
    pub fn grant(&self, service_id: &str, client_id: i64, subject: &str, scopes: &[&str]) {
        let mut state = self.state();
        state.clock += 1000;
        let now = state.clock;
        let service = state
            .services
            .get_mut(service_id)
            .expect("add_service first");
        let grant = service
            .grants
            .entry((client_id, subject.to_string()))
            .or_default();
        grant.tokens += 1;
        let record = grant.scopes.get_or_insert_with(ScopeRecord::default);
        record.latest = scopes.iter().map(|s| s.to_string()).collect();
        record.merged.extend(record.latest.iter().cloned());
        record.modified_at = now;
    }

    /// The client as the fake holds it now.
    pub fn client(&self, service_id: &str, client_id: i64) -> Option<FakeClient> {
        self.state()
            .services
            .get(service_id)?
            .clients
            .get(&client_id)
            .cloned()
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.running
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// How many TCP connections the fake has accepted.
    pub fn connections(&self) -> usize {
        self.running
            .connections
            .load(std::sync::atomic::Ordering::SeqCst)
    }

    /// The most recent request received.
    pub fn last_request(&self) -> Option<RecordedRequest> {
        self.running
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .last()
            .cloned()
    }
}

/// A server that answers every request with the same response.
pub struct CannedServer {
    running: server::Running,
}

impl CannedServer {
    /// Starts a server on a free port of 127.0.0.1 that always answers `reply`.
    pub async fn start(reply: Reply) -> std::io::Result<Self> {
        let running = server::serve(Arc::new(move |_: &RecordedRequest| reply.clone())).await?;
        Ok(CannedServer { running })
    }

    /// Starts a server that always answers `status` with `body` of `content_type`.
    pub async fn with(
        status: u16,
        content_type: &str,
        body: impl Into<Vec<u8>>,
    ) -> std::io::Result<Self> {
        Self::start(Reply {
            status,
            content_type: Some(content_type.to_string()),
            body: body.into(),
        })
        .await
    }

    /// The base URL of the server.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.running.addr)
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.running
            .log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}

fn result(status: u16, code: &str, message: &str) -> Reply {
    Reply::json(
        status,
        &json!({ "resultCode": code, "resultMessage": format!("[{code}] {message}") }),
    )
}

fn not_found() -> Reply {
    Reply {
        status: 404,
        content_type: Some("text/html; charset=utf-8".into()),
        body: b"<html><body><h1>404 Not Found</h1></body></html>".to_vec(),
    }
}

/// The operations, by method and path shape.
enum Route<'a> {
    LockFlag {
        identifier: &'a str,
    },
    RefreshSecret {
        identifier: &'a str,
    },
    UpdateSecret {
        identifier: &'a str,
    },
    Authorizations {
        subject: &'a str,
    },
    UpdateAuthorizations {
        client_id: &'a str,
    },
    DeleteAuthorizations {
        client_id: &'a str,
        subject: &'a str,
    },
    GrantedScopes {
        client_id: &'a str,
        subject: &'a str,
    },
    DeleteGrantedScopes {
        client_id: &'a str,
        subject: &'a str,
    },
    RequestableScopes {
        client_id: &'a str,
    },
    UpdateRequestableScopes {
        client_id: &'a str,
    },
    DeleteRequestableScopes {
        client_id: &'a str,
    },
}

fn route<'a>(method: &str, rest: &'a [String]) -> Option<Result<Route<'a>, ()>> {
    let parts: Vec<&str> = rest.iter().map(String::as_str).collect();
    let (expected, route) = match parts.as_slice() {
        ["lock_flag", "update", id] => ("POST", Route::LockFlag { identifier: id }),
        ["secret", "refresh", id] => ("GET", Route::RefreshSecret { identifier: id }),
        ["secret", "update", id] => ("POST", Route::UpdateSecret { identifier: id }),
        ["authorization", "get", "list", subject] => ("GET", Route::Authorizations { subject }),
        ["authorization", "update", id] => ("POST", Route::UpdateAuthorizations { client_id: id }),
        ["authorization", "delete", id, subject] => (
            "DELETE",
            Route::DeleteAuthorizations {
                client_id: id,
                subject,
            },
        ),
        ["granted_scopes", "get", id, subject] => (
            "GET",
            Route::GrantedScopes {
                client_id: id,
                subject,
            },
        ),
        ["granted_scopes", "delete", id, subject] => (
            "DELETE",
            Route::DeleteGrantedScopes {
                client_id: id,
                subject,
            },
        ),
        ["extension", "requestable_scopes", "get", id] => {
            ("GET", Route::RequestableScopes { client_id: id })
        }
        ["extension", "requestable_scopes", "update", id] => {
            ("PUT", Route::UpdateRequestableScopes { client_id: id })
        }
        ["extension", "requestable_scopes", "delete", id] => {
            ("DELETE", Route::DeleteRequestableScopes { client_id: id })
        }
        _ => return None,
    };
    Some(if method == expected {
        Ok(route)
    } else {
        Err(())
    })
}

fn handle(state: &mut State, request: &RecordedRequest) -> Reply {
    let segments = &request.segments;
    let (service_id, rest) = match segments.as_slice() {
        [api, service_id, client, rest @ ..] if api == "api" && client == "client" => {
            (service_id.as_str(), rest)
        }
        _ => return not_found(),
    };
    let route = match route(&request.method, rest) {
        None => return not_found(),
        Some(Err(())) => return Reply::empty(405),
        Some(Ok(route)) => route,
    };

    // Authentication first, as Authlete does: a missing or unknown token is 401 whatever the path.
    let Some(token) = request
        .header("authorization")
        .and_then(|v| v.strip_prefix("Bearer "))
    else {
        return result(
            401,
            codes::AUTHORIZATION_MISSING,
            "Authorization header is missing.",
        );
    };
    if !state.services.values().any(|s| s.token == token) {
        return result(401, codes::TOKEN_UNKNOWN, "The access token is not valid.");
    }
    state.clock += 1000;
    let now = state.clock;
    let seed = &mut state.seed;
    let Some(service) = state
        .services
        .get_mut(service_id)
        .filter(|s| s.token == token)
    else {
        return result(
            403,
            codes::SERVICE_FORBIDDEN,
            "The access token does not grant access to this service.",
        );
    };

    match route {
        Route::LockFlag { identifier } => {
            let Some(client) = find_client(service, identifier, true) else {
                return unknown_client(identifier);
            };
            let Some(locked) = request
                .json()
                .and_then(|b| b.get("clientLocked").and_then(Value::as_bool))
            else {
                return result(
                    400,
                    codes::BAD_REQUEST,
                    "The request body must be {\"clientLocked\": true|false}.",
                );
            };
            client.locked = locked;
            result(
                200,
                codes::LOCK_UPDATED,
                &format!("Updated the lock flag of the client (ID = {}).", client.id),
            )
        }
        Route::RefreshSecret { identifier } => {
            let Some(client) = find_client(service, identifier, true) else {
                return unknown_client(identifier);
            };
            let new_secret = random_secret(seed);
            let old = std::mem::replace(&mut client.secret, new_secret.clone());
            secret_reply(
                codes::SECRET_REFRESHED,
                "refreshed",
                client.id,
                &new_secret,
                &old,
            )
        }
        Route::UpdateSecret { identifier } => {
            let Some(client) = find_client(service, identifier, true) else {
                return unknown_client(identifier);
            };
            let Some(secret) = request.json().and_then(|b| {
                b.get("clientSecret")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            }) else {
                return result(
                    400,
                    codes::BAD_REQUEST,
                    "The request body must be {\"clientSecret\": \"...\"}.",
                );
            };
            if let Err(rule) = check_secret(&secret) {
                return result(
                    400,
                    codes::SECRET_INVALID,
                    &format!("The client secret is not acceptable: {rule}."),
                );
            }
            let old = std::mem::replace(&mut client.secret, secret.clone());
            secret_reply(codes::SECRET_UPDATED, "updated", client.id, &secret, &old)
        }
        Route::Authorizations { subject } => {
            let subject = match one_subject(request, subject) {
                Ok(s) => s,
                Err(reply) => return reply,
            };
            let number = |name: &str, default: i64| -> Result<i64, Reply> {
                match request.query_values(name).first() {
                    None => Ok(default),
                    Some(v) => v.parse::<i32>().map(i64::from).map_err(|_| {
                        result(
                            400,
                            codes::BAD_REQUEST,
                            &format!("`{name}` must be an integer."),
                        )
                    }),
                }
            };
            let start = match number("start", 0) {
                Ok(v) => v,
                Err(reply) => return reply,
            };
            let end = match number("end", start + 5) {
                Ok(v) => v,
                Err(reply) => return reply,
            };
            let developer = request
                .query_values("developer")
                .first()
                .map(|d| d.to_string());
            let matching: Vec<&FakeClient> = service
                .grants
                .iter()
                .filter(|((_, s), g)| *s == subject && g.tokens > 0)
                .filter_map(|((id, _), _)| service.clients.get(id))
                .filter(|c| developer.as_ref().is_none_or(|d| &c.developer == d))
                .collect();
            let page: Vec<Value> = matching
                .iter()
                .skip(start.max(0) as usize)
                .take((end - start).max(0) as usize)
                .map(|c| full_client(c, service_id, service.api_key))
                .collect();
            let mut body = json!({
                "start": start,
                "end": end,
                "subject": subject,
                "totalCount": matching.len(),
                "clients": page,
            });
            if let Some(d) = developer {
                body["developer"] = json!(d);
            }
            Reply::json(200, &body)
        }
        Route::UpdateAuthorizations { client_id } => {
            let Some(client_id) = find_client(service, client_id, false).map(|c| c.id) else {
                return unknown_client(client_id);
            };
            let body = request.json();
            let Some(subject) = body
                .as_ref()
                .and_then(|b| b.get("subject"))
                .and_then(Value::as_str)
            else {
                return result(
                    400,
                    codes::BAD_REQUEST,
                    "The request body must name the `subject`.",
                );
            };
            let scopes: Option<Vec<String>> = body
                .as_ref()
                .and_then(|b| b.get("scopes"))
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(Value::as_str)
                        .map(str::to_string)
                        .collect()
                });
            let updated = match service.grants.get_mut(&(client_id, subject.to_string())) {
                Some(grant) if grant.tokens > 0 => {
                    if let Some(scopes) = scopes {
                        let record = grant.scopes.get_or_insert_with(ScopeRecord::default);
                        record.merged.extend(scopes.iter().cloned());
                        record.latest = scopes;
                        record.modified_at = now;
                    }
                    grant.tokens
                }
                _ => 0,
            };
            let message = format!(
                "Updated {updated} access token(s) issued to the client (ID = {client_id}) of the service (API Key = {}).",
                service.api_key
            );
            result(200, codes::TOKENS_UPDATED, &message)
        }
        Route::DeleteAuthorizations { client_id, subject } => {
            let subject = match one_subject(request, subject) {
                Ok(s) => s,
                Err(reply) => return reply,
            };
            let Some(client_id) = find_client(service, client_id, false).map(|c| c.id) else {
                return unknown_client(client_id);
            };
            let deleted = service
                .grants
                .remove(&(client_id, subject))
                .map(|g| g.tokens)
                .unwrap_or(0);
            let message = format!(
                "Deleted {deleted} access token(s) issued to the client (ID = {client_id}) of the service (API Key = {}).",
                service.api_key
            );
            result(200, codes::TOKENS_DELETED, &message)
        }
        Route::GrantedScopes { client_id, subject } => {
            let subject = match one_subject(request, subject) {
                Ok(s) => s,
                Err(reply) => return reply,
            };
            let Some(client_id) = find_client(service, client_id, false).map(|c| c.id) else {
                return unknown_client(client_id);
            };
            let record = service
                .grants
                .get(&(client_id, subject.clone()))
                .and_then(|g| g.scopes.clone());
            let mut body = json!({
                "resultCode": codes::GRANTED_SCOPES_READ,
                "resultMessage": format!("[{}] Read the granted scopes.", codes::GRANTED_SCOPES_READ),
                "serviceApiKey": service.api_key,
                "clientId": client_id,
                "subject": subject,
                "latestGrantedScopes": null,
                "mergedGrantedScopes": null,
            });
            if let Some(record) = record {
                body["latestGrantedScopes"] = json!(record.latest);
                body["mergedGrantedScopes"] = json!(record.merged);
                body["modifiedAt"] = json!(record.modified_at);
            }
            Reply::json(200, &body)
        }
        Route::DeleteGrantedScopes { client_id, subject } => {
            let subject = match one_subject(request, subject) {
                Ok(s) => s,
                Err(reply) => return reply,
            };
            let Some(client_id) = find_client(service, client_id, false).map(|c| c.id) else {
                return unknown_client(client_id);
            };
            if let Some(grant) = service.grants.get_mut(&(client_id, subject)) {
                grant.scopes = None;
            }
            result(
                200,
                codes::GRANTED_SCOPES_DELETED,
                "Deleted the granted scopes.",
            )
        }
        Route::RequestableScopes { client_id } => {
            let Some(client) = find_client(service, client_id, false) else {
                return unknown_client(client_id);
            };
            Reply::json(
                200,
                &json!({ "requestableScopes": client.requestable_scopes }),
            )
        }
        Route::UpdateRequestableScopes { client_id } => {
            let Some(client) = find_client(service, client_id, false) else {
                return unknown_client(client_id);
            };
            let scopes: Option<Vec<String>> = request
                .json()
                .and_then(|b| b.get("requestableScopes").cloned())
                .and_then(|v| serde_json::from_value(v).ok());
            let Some(scopes) = scopes else {
                return result(
                    400,
                    codes::BAD_REQUEST,
                    "The request body must be {\"requestableScopes\": [...]}.",
                );
            };
            client.requestable_scopes = Some(scopes);
            Reply::json(
                200,
                &json!({ "requestableScopes": client.requestable_scopes }),
            )
        }
        Route::DeleteRequestableScopes { client_id } => {
            let Some(client) = find_client(service, client_id, false) else {
                return unknown_client(client_id);
            };
            client.requestable_scopes = None;
            Reply::empty(204)
        }
    }
}

fn find_client<'s>(
    service: &'s mut Service,
    identifier: &str,
    alias_allowed: bool,
) -> Option<&'s mut FakeClient> {
    if let Ok(id) = identifier.parse::<i64>() {
        if service.clients.contains_key(&id) {
            return service.clients.get_mut(&id);
        }
    }
    if !alias_allowed {
        return None;
    }
    service
        .clients
        .values_mut()
        .find(|c| c.alias.as_deref() == Some(identifier))
}

fn unknown_client(identifier: &str) -> Reply {
    result(
        400,
        codes::CLIENT_UNKNOWN,
        &format!("No client with the identifier `{identifier}` exists in this service."),
    )
}

/// The subject from the query, or else the path; the two must agree when both are given.
fn one_subject(request: &RecordedRequest, in_path: &str) -> Result<String, Reply> {
    match request.query_values("subject").first() {
        Some(q) if *q != in_path => Err(result(
            400,
            codes::BAD_REQUEST,
            "The subject in the query differs from the subject in the path.",
        )),
        _ => Ok(in_path.to_string()),
    }
}

fn secret_reply(code: &str, verb: &str, id: i64, new: &str, old: &str) -> Reply {
    Reply::json(
        200,
        &json!({
            "resultCode": code,
            "resultMessage": format!("[{code}] Successfully {verb} the client secret of the client (ID = {id})."),
            "newClientSecret": new,
            "oldClientSecret": old,
        }),
    )
}

/// The rules Authlete applies to a chosen client secret.
pub fn check_secret(secret: &str) -> Result<(), &'static str> {
    if secret.is_empty() {
        return Err("it must not be empty");
    }
    if secret.len() > 86 {
        return Err("it must be at most 86 characters long");
    }
    if !secret
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err("it may contain only A-Z, a-z, 0-9, `-` and `_`");
    }
    Ok(())
}

/// 86 characters of the secret alphabet, from a deterministic generator.
fn random_secret(seed: &mut u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    (0..86)
        .map(|_| {
            *seed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *seed;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            char::from(ALPHABET[((z ^ (z >> 31)) % 64) as usize])
        })
        .collect()
}

/// A client as Authlete lists it among a user's authorizations: the whole record, with many
/// more properties than the API document names.
fn full_client(c: &FakeClient, service_id: &str, api_key: i64) -> Value {
    let mut client = json!({
        "number": c.id % 10_000,
        "serviceNumber": 1,
        "serviceApiKey": api_key,
        "serviceId": service_id,
        "developer": c.developer,
        "clientId": c.id,

        "clientIdAliasEnabled": c.alias.is_some(),
        "clientSecret": c.secret,
        "clientType": "CONFIDENTIAL",
        "clientName": c.name,
        "clientNames": [{ "tag": "ja", "value": format!("クライアント {}", c.id) }],
        "description": "A client registered by the fake.",
        "redirectUris": ["https://app.example/callback"],
        "responseTypes": ["CODE"],
        "grantTypes": ["AUTHORIZATION_CODE", "REFRESH_TOKEN"],
        "applicationType": "WEB",
        "tokenAuthMethod": "CLIENT_SECRET_BASIC",
        "clientLocked": c.locked,
        "createdAt": 1_639_373_421_000_i64,
        "modifiedAt": 1_639_373_421_000_i64,
        "extension": { "requestableScopesEnabled": c.requestable_scopes.is_some(), "accessTokenDuration": 0 },
    });
    // The alias is a string when set and absent otherwise (never null), as the document says.
    if let Some(alias) = &c.alias {
        client["clientIdAlias"] = json!(alias);
    }
    client
}
