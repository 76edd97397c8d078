//! A deliberately misbehaving HTTP/1.1 server on 127.0.0.1, written on raw TCP so that it
//! can do what a well-behaved server library never would: stop in the middle of a body,
//! never answer, stream an endless body, or redirect elsewhere.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The longest a `Hang` keeps a connection open, so no test can wait forever.
const HANG_LIMIT: Duration = Duration::from_secs(60);

/// A request as it arrived on the wire.
#[derive(Debug, Clone)]
pub struct RawRequest {
    /// The request line exactly as sent, such as `GET /a%2Fb?x=1 HTTP/1.1`.
    pub request_line: String,
    /// The headers, names lower-case.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
    /// When the request had arrived completely.
    pub at: Instant,
    /// Which connection it came on, counting from 0.
    pub connection: usize,
}

impl RawRequest {
    /// The first header with this (lower-case) name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The request target (path and query), still encoded.
    pub fn target(&self) -> &str {
        self.request_line.split(' ').nth(1).unwrap_or("")
    }
}

/// What the server does with one request.
#[derive(Debug, Clone)]
pub enum Action {
    /// Answer normally.
    Respond {
        /// The status code.
        status: u16,
        /// Extra headers, such as `Retry-After` or `Location`.
        headers: Vec<(String, String)>,
        /// The body; `Content-Length` is set from it.
        body: Vec<u8>,
    },
    /// Send the status line and headers announcing `announced` bytes, then `partial`, then
    /// close the connection.
    CloseMidBody {
        /// The status code.
        status: u16,
        /// The `Content-Length` announced.
        announced: usize,
        /// What is actually sent.
        partial: Vec<u8>,
    },
    /// Read the request and never answer (the connection stays open for up to a minute).
    Hang,
    /// Close the connection without answering.
    Close,
    /// Answer with a chunked body of `total` bytes, written as fast as the client reads it,
    /// until the client stops reading and closes.
    Stream {
        /// The status code.
        status: u16,
        /// The `Content-Type`.
        content_type: String,
        /// The most bytes to send.
        total: u64,
    },
}

impl Action {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Self {
        Action::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
        }
    }

    /// An answer with the given content type.
    pub fn with_type(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Action::Respond {
            status,
            headers: vec![("content-type".into(), content_type.into())],
            body: body.into(),
        }
    }
}

type Script = dyn Fn(usize, &RawRequest) -> Action + Send + Sync;

/// A server that answers the `n`th request (counting from 0) with `script(n, request)`.
pub struct RawServer {
    addr: std::net::SocketAddr,
    log: Arc<Mutex<Vec<RawRequest>>>,
    connections: Arc<AtomicUsize>,
    streamed: Arc<AtomicU64>,
    task: JoinHandle<()>,
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl RawServer {
    /// Starts on a free port of 127.0.0.1.
    pub async fn start(
        script: impl Fn(usize, &RawRequest) -> Action + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        Self::start_on("127.0.0.1:0", script).await
    }

    /// Starts on the given address, such as `127.0.0.2:0` for a second loopback host.
    pub async fn start_on(
        addr: &str,
        script: impl Fn(usize, &RawRequest) -> Action + Send + Sync + 'static,
    ) -> std::io::Result<Self> {
        let listener = TcpListener::bind(addr).await?;
        Ok(Self::serve(listener, Arc::new(script)))
    }

    /// Serves on a listener the caller bound.
    pub fn on_listener(
        listener: TcpListener,
        script: impl Fn(usize, &RawRequest) -> Action + Send + Sync + 'static,
    ) -> Self {
        Self::serve(listener, Arc::new(script))
    }

    fn serve(listener: TcpListener, script: Arc<Script>) -> Self {
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let log: Arc<Mutex<Vec<RawRequest>>> = Arc::default();
        let connections = Arc::new(AtomicUsize::new(0));
        let streamed = Arc::new(AtomicU64::new(0));
        let (task_log, task_connections, task_streamed) =
            (log.clone(), connections.clone(), streamed.clone());
        let task = tokio::spawn(async move {
            let mut open = tokio::task::JoinSet::new();
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let connection = task_connections.fetch_add(1, Ordering::SeqCst);
                let state = (script.clone(), task_log.clone(), task_streamed.clone());
                open.spawn(async move {
                    let _ = handle(stream, connection, &*state.0, &state.1, &state.2).await;
                });
                while open.try_join_next().is_some() {}
            }
        });
        RawServer {
            addr,
            log,
            connections,
            streamed,
            task,
        }
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address it listens on.
    pub fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// Every complete request received so far, oldest first.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    /// How many body bytes `Stream` actions have written.
    pub fn streamed_bytes(&self) -> u64 {
        self.streamed.load(Ordering::SeqCst)
    }
}

async fn handle(
    mut stream: TcpStream,
    connection: usize,
    script: &Script,
    log: &Mutex<Vec<RawRequest>>,
    streamed: &AtomicU64,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buffer, connection).await? else {
            return Ok(());
        };
        let index = {
            let mut log = log.lock().unwrap_or_else(|e| e.into_inner());
            log.push(request.clone());
            log.len() - 1
        };
        match script(index, &request) {
            Action::Respond {
                status,
                headers,
                body,
            } => {
                let mut head = format!(
                    "HTTP/1.1 {status} {}\r\ncontent-length: {}\r\n",
                    reason(status),
                    body.len()
                );
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&body).await?;
            }
            Action::CloseMidBody {
                status,
                announced,
                partial,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} {}\r\ncontent-type: application/json\r\ncontent-length: {announced}\r\n\r\n",
                    reason(status)
                );
                stream.write_all(head.as_bytes()).await?;
                stream.write_all(&partial).await?;
                stream.flush().await?;
                return Ok(());
            }
            Action::Hang => {
                tokio::time::sleep(HANG_LIMIT).await;
                return Ok(());
            }
            Action::Close => return Ok(()),
            Action::Stream {
                status,
                content_type,
                total,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} {}\r\ncontent-type: {content_type}\r\ntransfer-encoding: chunked\r\n\r\n",
                    reason(status)
                );
                stream.write_all(head.as_bytes()).await?;
                let chunk = vec![b'x'; 64 * 1024];
                let mut sent = 0u64;
                while sent < total {
                    let n = chunk
                        .len()
                        .min(usize::try_from(total - sent).unwrap_or(usize::MAX));
                    stream.write_all(format!("{n:x}\r\n").as_bytes()).await?;
                    stream.write_all(&chunk[..n]).await?;
                    stream.write_all(b"\r\n").await?;
                    sent += n as u64;
                    streamed.fetch_add(n as u64, Ordering::SeqCst);
                }
                stream.write_all(b"0\r\n\r\n").await?;
            }
        }
    }
}

/// Reads one request; `None` when the client closed the connection between requests.
async fn read_request(
    stream: &mut TcpStream,
    buffer: &mut Vec<u8>,
    connection: usize,
) -> std::io::Result<Option<RawRequest>> {
    let head_end = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break end;
        }
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or("").to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let body_start = head_end + 4;
    while buffer.len() < body_start + length {
        let mut chunk = [0u8; 8192];
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    let body = buffer[body_start..body_start + length].to_vec();
    buffer.drain(..body_start + length);
    Ok(Some(RawRequest {
        request_line,
        headers,
        body,
        at: Instant::now(),
        connection,
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        302 => "Found",
        400 => "Bad Request",
        404 => "Not Found",
        408 => "Request Timeout",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Status",
    }
}
