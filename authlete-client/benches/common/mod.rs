//! What the benchmarks share: the hand-written baseline a team would write without this crate
//! (reqwest + serde structs with the fields the generated types name), the bodies they decode,
//! a keep-alive HTTP/1.1 server on 127.0.0.1 that answers from memory, and the way figures are
//! taken and printed.
#![allow(dead_code)]

use std::io::Write as _;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const SERVICE: &str = "svc-1";
pub const TOKEN: &str = "service-token-1";
pub const CLIENT_ID: i64 = 26478243745571;

/// Whether to run with quick settings (CI sets `CI=true`; `BENCH_QUICK=1` forces it).
pub fn quick() -> bool {
    std::env::var_os("BENCH_QUICK").is_some() || std::env::var("CI").is_ok_and(|v| v == "true")
}

/// One full client record as Authlete sends it (far more properties than the generated
/// `ClientLimited` names), with a different ID and name for `i`.
pub fn client_record(i: usize) -> serde_json::Value {
    let text = include_str!("../../tests/fixtures/authorizations-full-clients.json");
    let page: serde_json::Value = serde_json::from_str(text).expect("fixture is JSON");
    let mut record = page["clients"][0].clone();
    record["clientId"] = serde_json::json!(CLIENT_ID + i as i64);
    record["number"] = serde_json::json!(6000 + i);
    record["clientName"] = serde_json::json!(format!("client {i}"));
    record
}

/// An authorizations page of `n` full client records, as bytes.
pub fn authorizations_page(n: usize) -> Vec<u8> {
    let clients: Vec<serde_json::Value> = (0..n).map(client_record).collect();
    serde_json::to_vec(&serde_json::json!({
        "start": 0,
        "end": n,
        "subject": "john",
        "totalCount": n,
        "clients": clients,
    }))
    .expect("page serializes")
}

/// A granted-scopes response, as bytes.
pub fn granted_scopes_body() -> Vec<u8> {
    br#"{"resultCode":"A001101","resultMessage":"[A001101] The granted scopes of the client were found.","serviceApiKey":21653835348762,"clientId":26478243745571,"subject":"john","latestGrantedScopes":["openid","history.read","profile"],"mergedGrantedScopes":["openid","history.read","profile","email"],"modifiedAt":1639373421000}"#.to_vec()
}

/// The baseline types: what a team writes by hand for the same responses, with the fields
/// the generated types name (unknown properties are skipped, not kept).
pub mod hand {
    #[derive(Debug, serde::Deserialize)]
    pub struct TaggedValue {
        pub tag: Option<String>,
        pub value: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct Client {
        pub number: Option<i32>,
        pub client_name: Option<String>,
        pub client_names: Option<Vec<TaggedValue>>,
        pub description: Option<String>,
        pub descriptions: Option<Vec<TaggedValue>>,
        pub client_id: Option<i64>,
        pub client_id_alias: Option<String>,
        pub client_id_alias_enabled: Option<bool>,
        pub client_type: Option<String>,
        pub client_secret: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct AuthorizationsPage {
        pub start: Option<i32>,
        pub end: Option<i32>,
        pub developer: Option<String>,
        pub subject: Option<String>,
        pub total_count: Option<i32>,
        pub clients: Option<Vec<Client>>,
    }

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub struct GrantedScopes {
        pub result_code: Option<String>,
        pub result_message: Option<String>,
        pub service_api_key: Option<i64>,
        pub client_id: Option<i64>,
        pub subject: Option<String>,
        pub latest_granted_scopes: Option<Vec<String>>,
        pub merged_granted_scopes: Option<Vec<String>>,
        pub modified_at: Option<i64>,
    }

    /// The hand-written call: the same method, URL, credentials and `Accept` as the client.
    pub async fn granted_scopes(
        http: &reqwest::Client,
        base: &str,
    ) -> Result<GrantedScopes, Box<dyn std::error::Error + Send + Sync>> {
        let url = format!(
            "{base}/api/{}/client/granted_scopes/get/{}/john?subject=john",
            super::SERVICE,
            super::CLIENT_ID
        );
        let response = http
            .get(url)
            .bearer_auth(super::TOKEN)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }

    /// The hand-written authorizations call.
    pub async fn authorizations(
        http: &reqwest::Client,
        base: &str,
    ) -> Result<AuthorizationsPage, Box<dyn std::error::Error + Send + Sync>> {
        let url = format!(
            "{base}/api/{}/client/authorization/get/list/john?subject=john",
            super::SERVICE
        );
        let response = http
            .get(url)
            .bearer_auth(super::TOKEN)
            .header(reqwest::header::ACCEPT, "application/json")
            .send()
            .await?
            .error_for_status()?;
        let body = response.bytes().await?;
        Ok(serde_json::from_slice(&body)?)
    }
}

/// The baseline's reqwest client. This workspace builds reqwest without a default crypto
/// provider (as the generated client does), so one is installed first.
pub fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// The client under test on a reqwest client of the caller's own (without the layer that
/// lets each call set its connect timeout), to show what that layer costs.
pub fn client_on(base: &str, http: reqwest::Client) -> authlete_client::Client {
    authlete_client::Client::builder()
        .bearer_token(TOKEN)
        .base_url(base)
        .http_client(http)
        .build()
        .expect("client builds")
}

/// The client under test, as a user builds it for the bench server.
pub fn client(base: &str) -> authlete_client::Client {
    authlete_client::Client::builder()
        .bearer_token(TOKEN)
        .base_url(base)
        .build()
        .expect("client builds")
}

/// A keep-alive HTTP/1.1 server on 127.0.0.1 that answers every request from memory: the
/// authorizations page for `/authorization/get/list/`, the granted scopes otherwise. It reads
/// the head, skips any body, and writes a prepared response, so that its own cost is small
/// and the same for every client measured against it.
pub struct Server {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn response(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 128);
    write!(
        out,
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .expect("write to a Vec");
    out.extend_from_slice(body);
    out
}

impl Server {
    pub async fn start(page: &[u8]) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let base = format!("http://{}", listener.local_addr().expect("address"));
        let page = Arc::new(response(page));
        let scopes = Arc::new(response(&granted_scopes_body()));
        let task = tokio::spawn(async move {
            while let Ok((mut stream, _)) = listener.accept().await {
                let _ = stream.set_nodelay(true);
                let (page, scopes) = (page.clone(), scopes.clone());
                tokio::spawn(async move {
                    let mut buffer = Vec::with_capacity(4096);
                    let mut chunk = [0u8; 4096];
                    loop {
                        let Some(end) = find(&buffer, b"\r\n\r\n") else {
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                            continue;
                        };
                        let head = &buffer[..end];
                        let wanted = end + 4 + content_length(head);
                        let reply = if find(head, b"/authorization/get/list/").is_some() {
                            &page
                        } else {
                            &scopes
                        };
                        while buffer.len() < wanted {
                            match stream.read(&mut chunk).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
                            }
                        }
                        if stream.write_all(reply).await.is_err() {
                            return;
                        }
                        buffer.drain(..wanted);
                    }
                });
            }
        });
        Server { base, task }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    let text = String::from_utf8_lossy(head);
    text.lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.trim()
                .eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

/// One measured figure: units of work per second, the median of several rounds.
pub struct Figure {
    pub name: String,
    pub per_second: f64,
}

/// Runs each of `variants` for `rounds` rounds, interleaved so that they share the machine's
/// state alike, and gives the median rate of each (work units per second).
/// `BENCH_ONLY=text` runs only the variants whose name contains `text` (for a profiler).
pub fn measure(rounds: usize, variants: &mut [(&str, &mut dyn FnMut() -> f64)]) -> Vec<Figure> {
    let only = std::env::var("BENCH_ONLY").ok();
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); variants.len()];
    for _ in 0..rounds {
        for (i, (name, run)) in variants.iter_mut().enumerate() {
            if only.as_deref().is_some_and(|only| !name.contains(only)) {
                rates[i].push(f64::NAN);
                continue;
            }
            let started = Instant::now();
            let units = run();
            let elapsed = started.elapsed().max(Duration::from_nanos(1));
            rates[i].push(units / elapsed.as_secs_f64());
        }
    }
    variants
        .iter()
        .zip(rates)
        .map(|((name, _), mut r)| {
            r.sort_by(|a, b| a.total_cmp(b));
            Figure {
                name: (*name).to_string(),
                per_second: r[r.len() / 2],
            }
        })
        .collect()
}

/// Prints figures with their ratio to the baseline (the first one).
pub fn print(title: &str, unit: &str, figures: &[Figure]) {
    println!("\n{title}");
    println!("  {:<44} {:>14} {:>8}", "", unit, "ratio");
    let base = figures.first().map_or(1.0, |f| f.per_second);
    for f in figures {
        println!(
            "  {:<44} {:>14.1} {:>8.2}",
            f.name,
            f.per_second,
            f.per_second / base
        );
    }
}
