//! A small HTTP/1.1 server on 127.0.0.1 that records every request and answers through a
//! handler function. Both the stateful fake and the canned server are built on it.

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The largest request body the servers read; a larger one is answered with 413.
const BODY_LIMIT: usize = 1 << 20;

/// A request as the server received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The request target exactly as sent: the encoded path and query.
    pub target: String,
    /// The path, still percent-encoded.
    pub raw_path: String,
    /// The path split into segments and percent-decoded.
    pub segments: Vec<String>,
    /// The query parameters, decoded, in the order sent.
    pub query: Vec<(String, String)>,
    /// The headers, names lower-case, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl RecordedRequest {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every query value with this name.
    pub fn query_values(&self, name: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// What a handler answers.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The `Content-Type`, if any.
    pub content_type: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

impl Reply {
    /// A JSON reply.
    pub fn json(status: u16, value: &serde_json::Value) -> Self {
        Reply {
            status,
            content_type: Some("application/json".into()),
            body: value.to_string().into_bytes(),
        }
    }

    /// A reply with no body.
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            content_type: None,
            body: Vec::new(),
        }
    }
}

pub(crate) type Handler = dyn Fn(&RecordedRequest) -> Reply + Send + Sync;

/// A handler that may await, such as one that forwards the request elsewhere.
pub(crate) type AsyncHandler = dyn Fn(RecordedRequest) -> std::pin::Pin<Box<dyn std::future::Future<Output = Reply> + Send>>
    + Send
    + Sync;

/// A running server; it stops when dropped.
pub(crate) struct Running {
    pub(crate) addr: SocketAddr,
    pub(crate) log: Arc<Mutex<Vec<RecordedRequest>>>,
    pub(crate) connections: Arc<std::sync::atomic::AtomicUsize>,
    task: JoinHandle<()>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub(crate) async fn serve(handler: Arc<Handler>) -> std::io::Result<Running> {
    serve_on("127.0.0.1:0", handler).await
}

/// Like `serve`, on a given address.
pub(crate) async fn serve_on(addr: &str, handler: Arc<Handler>) -> std::io::Result<Running> {
    let listener = TcpListener::bind(addr).await?;
    serve_listener(
        listener,
        Arc::new(move |request: RecordedRequest| {
            let reply = handler(&request);
            Box::pin(async move { reply })
        }),
        true,
    )
}

/// Serves requests with an async handler; the proxy records exchanges itself.
pub(crate) async fn serve_async(handler: Arc<AsyncHandler>) -> std::io::Result<Running> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    serve_listener(listener, handler, false)
}

fn serve_listener(
    listener: TcpListener,
    handler: Arc<AsyncHandler>,
    record: bool,
) -> std::io::Result<Running> {
    let addr = listener.local_addr()?;
    let log: Arc<Mutex<Vec<RecordedRequest>>> = Arc::default();
    let connections = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let task_connections = Arc::clone(&connections);
    let task_log = Arc::clone(&log);
    let task = tokio::spawn(async move {
        let mut connections = tokio::task::JoinSet::new();
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            task_connections.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let handler = Arc::clone(&handler);
            let log = Arc::clone(&task_log);
            connections.spawn(async move {
                let service = service_fn(move |request: hyper::Request<Incoming>| {
                    let handler = Arc::clone(&handler);
                    let log = Arc::clone(&log);
                    async move {
                        Ok::<_, std::convert::Infallible>(
                            answer(request, &*handler, &log, record).await,
                        )
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
            // Reap finished connections so a long test does not accumulate them.
            while connections.try_join_next().is_some() {}
        }
    });
    Ok(Running {
        addr,
        log,
        connections,
        task,
    })
}

async fn answer(
    request: hyper::Request<Incoming>,
    handler: &AsyncHandler,
    log: &Mutex<Vec<RecordedRequest>>,
    record: bool,
) -> hyper::Response<Full<Bytes>> {
    let (parts, body) = request.into_parts();
    let body = match Limited::new(body, BODY_LIMIT).collect().await {
        Ok(collected) => collected.to_bytes().to_vec(),
        Err(_) => return respond(Reply::empty(413)),
    };
    let target = parts
        .uri
        .path_and_query()
        .map(|pq| pq.as_str().to_string())
        .unwrap_or_default();
    let raw_path = parts.uri.path().to_string();
    let recorded = RecordedRequest {
        method: parts.method.as_str().to_string(),
        segments: raw_path
            .split('/')
            .skip(1)
            .map(|s| percent_decode(s, false))
            .collect(),
        query: parts.uri.query().map(parse_query).unwrap_or_default(),
        headers: parts
            .headers
            .iter()
            .map(|(n, v)| {
                (
                    n.as_str().to_string(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect(),
        target,
        raw_path,
        body,
    };
    if record {
        log.lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(recorded.clone());
    }
    respond(handler(recorded).await)
}

fn respond(reply: Reply) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(Bytes::from(reply.body)));
    *response.status_mut() = hyper::StatusCode::from_u16(reply.status)
        .unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    if let Some(content_type) = reply.content_type {
        if let Ok(value) = hyper::header::HeaderValue::from_str(&content_type) {
            response
                .headers_mut()
                .insert(hyper::header::CONTENT_TYPE, value);
        }
    }
    response
}

/// Decodes `%XX` escapes (and `+` as a space in queries). Invalid escapes stay as written.
pub fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name, true), percent_decode(value, true))
        })
        .collect()
}
