//! A forwarding proxy on 127.0.0.1 that records every exchange, headers included, so that a
//! test can see what a server in front of which it sits (such as Prism) said about each one.

use crate::server::{self, RecordedRequest, Reply};
use std::sync::{Arc, Mutex};

/// One request forwarded and the response that came back.
#[derive(Debug, Clone)]
pub struct Exchange {
    /// The request as the proxy received it.
    pub request: RecordedRequest,
    /// The upstream's status.
    pub status: u16,
    /// The upstream's response headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The upstream's response body.
    pub body: Vec<u8>,
}

impl Exchange {
    /// The first response header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Forwards every request to `upstream` and records the exchange.
pub struct RecordingProxy {
    running: server::Running,
    exchanges: Arc<Mutex<Vec<Exchange>>>,
}

impl RecordingProxy {
    /// Starts on a free port of 127.0.0.1, forwarding to `upstream` (a base URL).
    pub async fn start(upstream: &str) -> std::io::Result<Self> {
        let upstream = upstream.trim_end_matches('/').to_string();
        let exchanges: Arc<Mutex<Vec<Exchange>>> = Arc::default();
        let log = Arc::clone(&exchanges);
        // The workspace builds reqwest without a default crypto provider.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(std::io::Error::other)?;
        let running = server::serve_async(Arc::new(move |request: RecordedRequest| {
            let (client, upstream, log) = (client.clone(), upstream.clone(), Arc::clone(&log));
            Box::pin(async move {
                let method = reqwest::Method::from_bytes(request.method.as_bytes())
                    .unwrap_or(reqwest::Method::GET);
                let mut forward = client.request(method, format!("{upstream}{}", request.target));
                for (name, value) in &request.headers {
                    if !matches!(name.as_str(), "host" | "content-length" | "connection") {
                        forward = forward.header(name, value);
                    }
                }
                match forward.body(request.body.clone()).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let headers: Vec<(String, String)> = response
                            .headers()
                            .iter()
                            .map(|(n, v)| {
                                (
                                    n.as_str().to_string(),
                                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                                )
                            })
                            .collect();
                        let body = response
                            .bytes()
                            .await
                            .map(|b| b.to_vec())
                            .unwrap_or_default();
                        let content_type = headers
                            .iter()
                            .find(|(n, _)| n == "content-type")
                            .map(|(_, v)| v.clone());
                        log.lock()
                            .unwrap_or_else(|e| e.into_inner())
                            .push(Exchange {
                                request,
                                status,
                                headers,
                                body: body.clone(),
                            });
                        Reply {
                            status,
                            content_type,
                            body,
                        }
                    }
                    Err(e) => Reply {
                        status: 502,
                        content_type: Some("text/plain".into()),
                        body: format!("the proxy could not reach {upstream}: {e}").into_bytes(),
                    },
                }
            })
        }))
        .await?;
        Ok(RecordingProxy { running, exchanges })
    }

    /// The base URL to send requests to.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.running.addr)
    }

    /// Every exchange so far, oldest first.
    pub fn exchanges(&self) -> Vec<Exchange> {
        self.exchanges
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }
}
