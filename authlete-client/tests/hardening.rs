//! What a server, a proxy or an error page sends back cannot carry a secret into an error, an
//! error reads as a sentence, and a default client cannot wait forever.

mod common;

use authlete_client::models::{ClientSecretRefreshResponse, ClientSecretUpdateRequest};
use authlete_client::{Client, Error, RetryPolicy, TransportKind, limits, reveal_secrets};
use authlete_fake::CannedServer;
use authlete_fake::raw::{Action, RawServer};
use std::time::Duration;

const TOKEN: &str = "tok_Qm9u+Z2hv/cm5ldA==-7c1e5b";
const SECRET: &str = "Snew-secret_4f7A9c2E";

fn client(base_url: &str) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// Everything an error lets a caller see as text: `Display`, `Debug` (both forms), the source
/// chain, and the bodies and fields it keeps.
fn everything_shown(e: &Error) -> String {
    let mut shown = format!("{e}\n{e:?}\n{e:#?}\n");
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        shown.push_str(&format!("{s}\n{s:?}\n"));
        source = s.source();
    }
    match e {
        Error::Api { body, .. } => shown.push_str(&String::from_utf8_lossy(body)),
        Error::Service { body, .. } => shown.push_str(&format!("{body:?}")),
        Error::Decode {
            message, snippet, ..
        } => shown.push_str(&format!("{message}\n{snippet}")),
        _ => {}
    }
    if let Some(m) = e.result_message() {
        shown.push_str(m);
    }
    shown
}

fn assert_free_of(e: &Error, secrets: &[&str]) {
    let shown = everything_shown(e);
    for secret in secrets {
        assert!(
            !shown.contains(secret),
            "`{secret}` reached the error:\n{shown}"
        );
    }
}

async fn refresh_error(status: u16, content_type: &str, body: String) -> Error {
    let server = CannedServer::with(status, content_type, body)
        .await
        .unwrap();
    client(&server.base_url())
        .client_management()
        .refresh_secret("svc", "c")
        .await
        .unwrap_err()
}

#[tokio::test]
async fn a_token_echoed_back_reaches_no_error_in_any_content_type() {
    let escaped = TOKEN.replace('_', "\\u005f");
    let cases = [
        // A proxy's error page.
        (
            502,
            "text/html",
            format!("<h1>Bad gateway</h1><p>Authorization: Bearer {TOKEN}</p>"),
        ),
        // A text answer quoting the header percent-encoded.
        (
            403,
            "text/plain",
            format!(
                "denied: Bearer%20{}",
                TOKEN
                    .replace('+', "%2B")
                    .replace('/', "%2F")
                    .replace('=', "%3D")
            ),
        ),
        // A documented error whose message quotes the token with JSON escapes.
        (
            401,
            "application/json",
            format!(r#"{{"resultCode":"A001201","resultMessage":"bad token {escaped}"}}"#),
        ),
        // An undocumented JSON error.
        (
            418,
            "application/problem+json",
            format!(r#"{{"title":"no","detail":"token {TOKEN}"}}"#),
        ),
        // A success whose body does not fit, with the token where a number belongs.
        (
            200,
            "application/json",
            format!(
                r#"{{"resultCode":"A1","resultMessage":"m","newClientSecret":{TOKEN:?},"oldClientSecret":7}}"#
            ),
        ),
        (200, "application/json", format!(r#"["{TOKEN}"]"#)),
    ];
    for (status, content_type, body) in cases {
        let e = refresh_error(status, content_type, body.clone()).await;
        assert_eq!(e.status(), Some(status), "{e:?}");
        assert_free_of(&e, &[TOKEN]);
        assert!(
            everything_shown(&e).contains("<redacted>"),
            "{body} -> {e:?}"
        );
    }
}

#[tokio::test]
async fn a_documented_error_keeps_its_message_without_the_echoed_token() {
    let body = format!(
        r#"{{"resultCode":"A001201","resultMessage":"[A001201] The token {TOKEN} is not valid."}}"#
    );
    let e = refresh_error(401, "application/json", body).await;
    assert_eq!(e.result_code(), Some("A001201"));
    assert_eq!(
        e.result_message(),
        Some("[A001201] The token <redacted> is not valid.")
    );
}

#[tokio::test]
async fn a_client_secret_sent_and_echoed_back_reaches_no_error() {
    let echoes = [
        (
            400,
            "application/json",
            format!(r#"{{"resultCode":"A999","resultMessage":"secret {SECRET} refused"}}"#),
        ),
        (
            500,
            "text/html",
            format!("<p>clientSecret=&quot;{SECRET}&quot;</p>"),
        ),
        (
            422,
            "application/json",
            format!(
                r#"{{"echo":{{"clientSecret":"{}"}}}}"#,
                SECRET.replace('S', "\\u0053")
            ),
        ),
        (
            200,
            "application/json",
            format!(
                r#"{{"resultCode":"A1","resultMessage":"m","newClientSecret":1,"x":"{SECRET}"}}"#
            ),
        ),
    ];
    for (status, content_type, body) in echoes {
        let server = CannedServer::with(status, content_type, body.clone())
            .await
            .unwrap();
        let e = client(&server.base_url())
            .client_management()
            .update_secret("svc", "c", ClientSecretUpdateRequest::new(SECRET))
            .await
            .unwrap_err();
        assert_free_of(&e, &[SECRET, TOKEN]);
        // The secret did go out: the server received it in clear.
        let sent = &server.requests()[0].body;
        assert!(String::from_utf8_lossy(sent).contains(SECRET), "{body}");
    }
}

#[tokio::test]
async fn secret_keys_are_redacted_however_they_are_spelled() {
    let body = r#"<pre>{"client\u0053ecret" : "hunter2-value", "\u006fldClientSecret":["a-list-secret"], "newClientSecret": {"nested":"object-secret"}}</pre>"#;
    let e = refresh_error(503, "text/html", body.to_string()).await;
    let shown = format!("{e}\n{e:?}");
    for secret in ["hunter2-value", "a-list-secret", "object-secret"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    // The raw body is the server's data and stays as it was.
    let Error::Api { body: raw, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(raw, body.as_bytes());
}

#[tokio::test]
async fn unknown_properties_under_secret_keys_are_redacted_in_debug() {
    let page = serde_json::json!({
        "resultCode": "A1", "resultMessage": "m", "totalCount": 1,
        "clients": [{
            "clientId": 1,
            "clientSecret": "typed-secret-value",
            "oldClientSecret": "unknown-secret-value",
            "extension": {"newClientSecret": ["deep-secret-value"], "note": "visible-note"}
        }]
    });
    let server = CannedServer::with(200, "application/json", page.to_string())
        .await
        .unwrap();
    let page = client(&server.base_url())
        .client_management()
        .authorizations("svc", "john")
        .await
        .unwrap();
    let shown = format!("{page:?} {page:#?}");
    for secret in [
        "typed-secret-value",
        "unknown-secret-value",
        "deep-secret-value",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    assert!(shown.contains("visible-note"), "{shown}");
    let record = &page.clients.as_ref().unwrap()[0];
    assert_eq!(record.extra["oldClientSecret"], "unknown-secret-value");
    assert_eq!(
        record.client_secret.as_ref().map(|s| s.expose()),
        Some("typed-secret-value")
    );
}

#[test]
fn serializing_a_response_redacts_its_secrets_unless_revealed() {
    let response: ClientSecretRefreshResponse = serde_json::from_str(
        r#"{"resultCode":"A148001","resultMessage":"ok","newClientSecret":"n3w-secret","oldClientSecret":"0ld-secret"}"#,
    )
    .unwrap();
    let logged = serde_json::to_string(&response).unwrap();
    assert!(
        !logged.contains("n3w-secret") && !logged.contains("0ld-secret"),
        "{logged}"
    );
    assert!(
        logged.contains(r#""newClientSecret":"<redacted>""#),
        "{logged}"
    );
    let stored = reveal_secrets(|| serde_json::to_string(&response)).unwrap();
    assert!(
        stored.contains(r#""newClientSecret":"n3w-secret""#),
        "{stored}"
    );
    // Outside `reveal_secrets`, secrets are hidden again.
    assert_eq!(serde_json::to_string(&response).unwrap(), logged);
}

#[tokio::test]
async fn a_service_error_reads_as_a_sentence() {
    let body = r#"{"resultCode":"A001201","resultMessage":"[A001201] /client/get/list, The client does not exist.\nTry again."}"#;
    let e = refresh_error(400, "application/json", body.to_string()).await;
    assert_eq!(
        e.to_string(),
        "400 A001201: [A001201] /client/get/list, The client does not exist. Try again."
    );
}

#[tokio::test]
async fn a_refused_connection_names_the_server_and_the_cause() {
    let addr = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let e = client(&format!("http://{addr}"))
        .client_management()
        .refresh_secret("svc", "c")
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Connect,
                ..
            }
        ),
        "{e:?}"
    );
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("could not connect to {addr}: ")),
        "{shown}"
    );
    assert!(shown.to_lowercase().contains("refused"), "{shown}");
}

#[tokio::test]
async fn a_timeout_names_the_server_and_the_limit() {
    let server = RawServer::start(|_, _| Action::Hang).await.unwrap();
    let e = Client::builder()
        .bearer_token(TOKEN)
        .base_url(server.base_url())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap()
        .client_management()
        .refresh_secret("svc", "c")
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{e:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("no complete response from {} within 200 ms", server.addr())
    );
}

#[test]
fn a_default_client_has_both_timeouts_and_each_can_be_changed_or_removed() {
    let default = Client::builder().bearer_token(TOKEN).build().unwrap();
    assert_eq!(default.timeout(), Some(limits::DEFAULT_TIMEOUT));
    assert_eq!(
        default.connect_timeout(),
        Some(limits::DEFAULT_CONNECT_TIMEOUT)
    );
    let changed = Client::builder()
        .bearer_token(TOKEN)
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    assert_eq!(changed.timeout(), Some(Duration::from_secs(5)));
    assert_eq!(changed.connect_timeout(), Some(Duration::from_secs(1)));
    let removed = Client::builder()
        .bearer_token(TOKEN)
        .timeout(None)
        .connect_timeout(None)
        .build()
        .unwrap();
    assert_eq!(removed.timeout(), None);
    assert_eq!(removed.connect_timeout(), None);
    // A pool the caller brings connects with its own settings.
    let own = Client::builder()
        .bearer_token(TOKEN)
        .http_client(common::plain_http())
        .build()
        .unwrap();
    assert_eq!(own.connect_timeout(), None);
    assert_eq!(own.timeout(), Some(limits::DEFAULT_TIMEOUT));
}

/// A server that answers once and then holds every later request: with the clock paused,
/// a default client gives up after the default timeout instead of waiting forever.
#[tokio::test]
async fn a_default_client_gives_up_on_a_server_that_never_answers() {
    let server = RawServer::start(|n, _| match n {
        0 => Action::json(
            200,
            r#"{"resultCode":"A1","resultMessage":"m","newClientSecret":"n3w-secret"}"#,
        ),
        _ => Action::Hang,
    })
    .await
    .unwrap();
    let client = Client::builder()
        .bearer_token(TOKEN)
        .base_url(server.base_url())
        .build()
        .unwrap();
    let ops = client.client_management();
    // The first call opens the connection the second one reuses.
    ops.refresh_secret("svc", "c").await.unwrap();
    tokio::time::pause();
    let started = tokio::time::Instant::now();
    let e = ops.refresh_secret("svc", "c").await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Timeout,
                ..
            }
        ),
        "{e:?}"
    );
    let waited = started.elapsed();
    assert!(
        waited >= limits::DEFAULT_TIMEOUT
            && waited < limits::DEFAULT_TIMEOUT + Duration::from_secs(1),
        "{waited:?}"
    );
    assert_eq!(
        e.to_string(),
        format!("no complete response from {} within 30 s", server.addr())
    );
}

#[tokio::test]
async fn a_failed_tls_handshake_says_so() {
    // A server that answers plain text to anything: no TLS handshake can succeed with it.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        while let Ok((mut socket, _)) = listener.accept().await {
            let _ = socket
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    let e = client(&format!("https://{addr}"))
        .client_management()
        .refresh_secret("svc", "c")
        .await
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{e:?}"
    );
    let shown = e.to_string();
    assert!(
        shown.starts_with(&format!("the TLS handshake with {addr} failed: ")),
        "{shown}"
    );
}

#[tokio::test]
async fn secrets_echoed_in_headers_keys_or_at_the_cut_reach_no_error() {
    // In the Content-Type the error keeps.
    let server = RawServer::start(|_, _| Action::Respond {
        status: 502,
        headers: vec![("content-type".into(), format!("text/plain; token={TOKEN}"))],
        body: b"bad gateway".to_vec(),
    })
    .await
    .unwrap();
    let e = client(&server.base_url())
        .client_management()
        .refresh_secret("svc", "c")
        .await
        .unwrap_err();
    assert_free_of(&e, &[TOKEN]);
    let Error::Api { content_type, .. } = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        content_type.as_deref(),
        Some("text/plain; token=<redacted>")
    );

    // As a key, which the decode error's path would name.
    let e = refresh_error(
        200,
        "application/json",
        format!(r#"{{"resultCode":"x","{TOKEN}":tru}}"#),
    )
    .await;
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert_free_of(&e, &[TOKEN]);

    // Cut in two by the error-body limit: the start of the token is not kept either.
    let mut body = "x".repeat(limits::ERROR_BODY_LIMIT - 10);
    body.push_str(TOKEN);
    let e = refresh_error(500, "text/plain", body).await;
    let Error::Api {
        body, truncated, ..
    } = &e
    else {
        panic!("{e:?}")
    };
    assert!(truncated);
    assert!(
        body.ends_with(b"xx<redacted>"),
        "{:?}",
        String::from_utf8_lossy(&body[body.len() - 20..])
    );
}

#[tokio::test]
async fn unknown_properties_under_secret_keys_serialize_redacted_unless_revealed() {
    let page = serde_json::json!({
        "clients": [{
            "clientId": 1,
            "extension": {"clientSecret": "nested-secret-B", "list": [{"newClientSecret": "nested-secret-C"}]}
        }]
    });
    let server = CannedServer::with(200, "application/json", page.to_string())
        .await
        .unwrap();
    let page = client(&server.base_url())
        .client_management()
        .authorizations("svc", "john")
        .await
        .unwrap();
    let logged = serde_json::to_string(&page).unwrap();
    assert!(!logged.contains("nested-secret"), "{logged}");
    assert!(
        logged.contains(r#""clientSecret":"<redacted>""#),
        "{logged}"
    );
    let stored = reveal_secrets(|| serde_json::to_string(&page)).unwrap();
    assert!(
        stored.contains("nested-secret-B") && stored.contains("nested-secret-C"),
        "{stored}"
    );
}

#[test]
fn a_password_in_the_base_url_is_never_shown() {
    let builder = Client::builder()
        .bearer_token(TOKEN)
        .base_url("http://admin:p%40ss-w0rd-XYZ@127.0.0.1:1");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("p%40ss-w0rd"), "{shown}");
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("p%40ss-w0rd"), "{shown}");
    // A URL missing its scheme is refused without showing what precedes the `@`.
    let e = Client::builder()
        .bearer_token(TOKEN)
        .base_url("admin:hunter22secret@127.0.0.1:8080")
        .build()
        .unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains("hunter22secret"), "{shown}");
}

#[tokio::test]
async fn error_text_stays_on_one_line() {
    let body =
        "upstream down\n2025-01-01T00:00:00Z INFO user=admin login ok\u{1b}[2J\r".to_string();
    let e = refresh_error(503, "text/plain", body).await;
    let shown = e.to_string();
    assert!(!shown.chars().any(char::is_control), "{shown:?}");
    assert!(shown.contains(r"upstream down\n2025"), "{shown}");
}

#[tokio::test]
async fn a_hostile_body_cannot_make_an_error_costly() {
    // Values under secret keys that are pieces of the redaction marker, and a large body.
    let body = format!(
        r#"{{"resultCode":5,"newClientSecret":["<",">","r","e","d","a","c","t","redacted"],"pad":"{}"}}"#,
        "e".repeat(1_000_000)
    );
    let started = std::time::Instant::now();
    let e = refresh_error(200, "application/json", body).await;
    let shown = format!("{e} {e:?}");
    // Generous: the point is that the work is bounded, not how fast it is.
    assert!(started.elapsed() < Duration::from_secs(20));
    assert!(shown.len() < 4096, "{}", shown.len());
}
