//! HTTPS end to end with whichever TLS feature this test binary was built with (`rustls`,
//! `rustls-aws-lc` or `native-tls`; CI builds it with each): a server on 127.0.0.1 whose
//! certificate a private authority issued is reached once the client trusts that authority,
//! and refused with a typed error, naming the handshake, when it does not.
//!
//! The certificates are made when the test runs, valid for a few days, so that no platform's
//! limit on a certificate's lifetime applies and none expires in the repository.
#![cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]

mod common;

use authlete_client::{Client, Error, RetryPolicy, TransportKind};
use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A certificate authority and a server certificate for 127.0.0.1 it signed.
struct Pki {
    authority: Vec<u8>,
    server: Vec<u8>,
    server_key: Vec<u8>,
}

/// With `address`, the server certificate names 127.0.0.1 besides `server_name`.
fn pki(server_name: &str, address: bool) -> Pki {
    let today = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        / 86_400;
    let date = |days: i64| {
        let (y, m, d) = common::civil_date(days);
        rcgen::date_time_ymd(y as i32, m as u8, d as u8)
    };
    let validity = |params: &mut rcgen::CertificateParams| {
        params.not_before = date(today - 1);
        params.not_after = date(today + 7);
    };
    let authority_key = rcgen::KeyPair::generate().unwrap();
    let mut authority = rcgen::CertificateParams::new(Vec::<String>::new()).unwrap();
    authority
        .distinguished_name
        .push(rcgen::DnType::CommonName, "authlete-client test authority");
    authority.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
    authority.key_usages = vec![
        rcgen::KeyUsagePurpose::KeyCertSign,
        rcgen::KeyUsagePurpose::CrlSign,
    ];
    validity(&mut authority);
    let authority = authority.self_signed(&authority_key).unwrap();

    let server_key = rcgen::KeyPair::generate().unwrap();
    let mut server = rcgen::CertificateParams::new(vec![server_name.to_string()]).unwrap();
    if address {
        server
            .subject_alt_names
            .push(rcgen::SanType::IpAddress(IpAddr::V4(Ipv4Addr::LOCALHOST)));
    }
    server
        .distinguished_name
        .push(rcgen::DnType::CommonName, server_name);
    server.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
    server.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
    validity(&mut server);
    let server = server
        .signed_by(&server_key, &authority, &authority_key)
        .unwrap();
    Pki {
        authority: authority.der().to_vec(),
        server: server.der().to_vec(),
        server_key: server_key.serialize_der(),
    }
}

/// An HTTPS server on 127.0.0.1 presenting `pki`'s server certificate, answering every
/// request with `body` as JSON; it records each request's head (what arrived decrypted).
struct TlsServer {
    base_url: String,
    heads: Arc<Mutex<Vec<String>>>,
}

fn serve(pki: &Pki, body: &'static str) -> TlsServer {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![pki.server.clone().into()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(pki.server_key.clone().into()),
        )
        .unwrap();
    let config = Arc::new(config);
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base_url = format!("https://{}", listener.local_addr().unwrap());
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    // A thread, not a task: it ends with the test process, and a handshake that the client
    // breaks off only ends its own connection.
    std::thread::spawn(move || {
        for stream in listener.incoming().take(8) {
            let Ok(stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let connection = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(connection, stream);
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
                match tls.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            if !head.ends_with(b"\r\n\r\n") {
                continue;
            }
            seen.lock()
                .unwrap()
                .push(String::from_utf8_lossy(&head).into_owned());
            let answer = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = tls.write_all(answer.as_bytes());
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    TlsServer { base_url, heads }
}

fn builder(base_url: &str) -> authlete_client::ClientBuilder {
    Client::builder()
        .bearer_token("t0ken-value")
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
}

#[tokio::test]
async fn a_server_a_trusted_private_authority_signed_is_reached_over_https() {
    let pki = pki("localhost", true);
    let server = serve(&pki, r#"{"requestableScopes":["openid","profile"]}"#);
    let authority = reqwest::Certificate::from_der(&pki.authority).unwrap();
    let client = builder(&server.base_url)
        .root_certificate(authority)
        .build()
        .unwrap();
    let scopes = client
        .client_management()
        .requestable_scopes("svc", 1717)
        .await
        .unwrap();
    assert_eq!(
        scopes.requestable_scopes.as_deref(),
        Some(&["openid".to_string(), "profile".to_string()][..])
    );
    let heads = server.heads.lock().unwrap().clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    let head = heads[0].to_ascii_lowercase();
    assert!(
        head.starts_with("get /api/svc/client/extension/requestable_scopes/get/1717 http/1.1\r\n"),
        "{head}"
    );
    assert!(
        head.contains("authorization: bearer t0ken-value\r\n"),
        "{head}"
    );
}

#[tokio::test]
async fn the_same_server_with_its_authority_not_trusted_fails_in_the_handshake() {
    let pki = pki("localhost", true);
    let server = serve(&pki, r#"{"requestableScopes":[]}"#);
    let client = builder(&server.base_url).build().unwrap();
    let e = client
        .client_management()
        .requestable_scopes("svc", 1717)
        .await
        .unwrap_err();
    let Error::Transport { kind, message, .. } = &e else {
        panic!("expected a transport error, got {e:?}");
    };
    assert_eq!(*kind, TransportKind::Tls, "{e}");
    assert!(message.contains("TLS handshake"), "{message}");
    // Which library refused says which backend is in use.
    if cfg!(all(feature = "native-tls", target_os = "linux")) {
        assert!(message.contains("certificate verify failed"), "{message}");
    } else if cfg!(not(feature = "native-tls")) {
        assert!(message.contains("UnknownIssuer"), "{message}");
    }
    assert!(server.heads.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn a_failed_handshake_is_not_retried_and_not_retryable() {
    let pki = pki("localhost", true);
    let server = serve(&pki, r#"{"requestableScopes":[]}"#);
    let attempts = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counted = attempts.clone();
    // The default retry policy, which retries failed connections.
    let client = Client::builder()
        .bearer_token("t0ken-value")
        .base_url(&server.base_url)
        .on_response(move |_| {
            counted.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        })
        .build()
        .unwrap();
    let e = client
        .client_management()
        .update_lock_flag("svc", 1717)
        .body(authlete_client::models::ClientFlagUpdateRequest::new(true))
        .await
        .unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Transport {
                kind: TransportKind::Tls,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(
        !e.is_retryable(),
        "an untrusted certificate stays untrusted"
    );
    assert_eq!(attempts.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_certificate_for_another_host_is_refused_even_from_a_trusted_authority() {
    // Issued for `auth.example` only; the client connects to 127.0.0.1.
    let pki = pki("auth.example", false);
    let server = serve(&pki, r#"{"requestableScopes":[]}"#);
    let client = builder(&server.base_url)
        .root_certificate(reqwest::Certificate::from_der(&pki.authority).unwrap())
        .build()
        .unwrap();
    let e = client
        .client_management()
        .requestable_scopes("svc", 1717)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, Error::Transport { kind: TransportKind::Tls, message, .. } if message.contains("TLS handshake")),
        "{e:?}"
    );
    assert!(server.heads.lock().unwrap().is_empty(), "nothing was sent");
}

#[tokio::test]
async fn trusting_a_root_is_refused_beside_a_reqwest_client_of_ones_own() {
    let pki = pki("localhost", true);
    // With the `rustls` feature alone, reqwest has no crypto provider of its own: a program
    // that builds its own reqwest client installs one first, as reqwest asks.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let e = builder("https://127.0.0.1:1")
        .http_client(reqwest::Client::builder().build().unwrap())
        .root_certificate(reqwest::Certificate::from_der(&pki.authority).unwrap())
        .build()
        .unwrap_err();
    assert!(
        matches!(&e, Error::InvalidInput { name, reason, .. } if name == "root_certificate" && reason.contains("http_client")),
        "{e:?}"
    );
}
