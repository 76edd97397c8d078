//! HTTPS works with the crate's own dependencies, whichever TLS feature is on: an `https`
//! call reaches the TLS handshake (here against a listener that does not speak TLS) instead
//! of failing for want of a crypto provider. With the `rustls` feature alone, building a
//! client installs `ring` as the process's rustls provider when none is installed; with
//! `rustls-aws-lc` or `native-tls`, the process default is left alone. In a test binary of
//! its own, so that nothing else installs a provider first.
#![cfg(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls"))]

use authlete_client::{Client, Error, RetryPolicy, TransportKind};

#[tokio::test]
async fn building_a_client_makes_https_work_with_no_provider_installed() {
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    // Accepts, then answers in plain HTTP: no TLS server hello.
    tokio::spawn(async move {
        use tokio::io::AsyncWriteExt;
        while let Ok((mut stream, _)) = listener.accept().await {
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\n\r\n").await;
        }
    });
    let client = Client::builder()
        .bearer_token("t0ken-value")
        .base_url(format!("https://{addr}"))
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let installs = cfg!(all(
        feature = "rustls",
        not(any(feature = "rustls-aws-lc", feature = "native-tls"))
    ));
    assert_eq!(
        rustls::crypto::CryptoProvider::get_default().is_some(),
        installs
    );
    let e = client
        .client_management()
        .granted_scopes("svc", "1", "john")
        .await
        .unwrap_err();
    match &e {
        Error::Transport { kind, message, .. } => {
            assert_eq!(*kind, TransportKind::Tls, "{e}");
            assert!(message.contains("TLS handshake"), "{message}");
        }
        other => panic!("expected a TLS failure, got {other:?}"),
    }
}
