//! Building the client: servers, credentials, and what `Debug` shows.

mod common;

use authlete_client::{Client, Error, Server};

#[test]
fn servers_have_their_urls_and_us_is_the_default() {
    assert_eq!(Server::default(), Server::Us);
    assert_eq!(Server::Us.url(), "https://us.authlete.com");
    assert_eq!(Server::Jp.url(), "https://jp.authlete.com");
    assert_eq!(Server::Eu.url(), "https://eu.authlete.com");
    assert_eq!(Server::Br.url(), "https://br.authlete.com");
    let client = Client::builder().bearer_token("t").build().unwrap();
    assert_eq!(client.base_url(), "https://us.authlete.com");
    let client = Client::builder()
        .bearer_token("t")
        .server(Server::Eu)
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "https://eu.authlete.com");
    let client = Client::builder()
        .bearer_token("t")
        .base_url("http://127.0.0.1:9/prefix/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://127.0.0.1:9/prefix");
}

#[test]
fn bad_settings_are_refused_with_the_setting_named() {
    let name_of = |e: Error| match e {
        Error::InvalidInput { name, .. } => name,
        other => panic!("expected invalid input, got {other:?}"),
    };
    let err = Client::builder()
        .bearer_token("line\nbreak")
        .build()
        .unwrap_err();
    assert_eq!(name_of(err), "bearer_token");
    let err = Client::builder()
        .bearer_token("t")
        .base_url("not a url")
        .build()
        .unwrap_err();
    assert_eq!(name_of(err), "base_url");
    let err = Client::builder()
        .bearer_token("t")
        .base_url("ftp://example.com")
        .build()
        .unwrap_err();
    assert_eq!(name_of(err), "base_url");
    for base_url in [
        "https://api.example.com/v1?key=abc",
        "https://api.example.com/v1#top",
        "https://api.example.com/?",
    ] {
        let err = Client::builder()
            .bearer_token("t")
            .base_url(base_url)
            .build()
            .unwrap_err();
        assert!(
            !err.to_string().contains("abc"),
            "a query may hold a key: {err}"
        );
        assert_eq!(name_of(err), "base_url", "{base_url}");
    }
    for token in ["", "   "] {
        let err = Client::builder().bearer_token(token).build().unwrap_err();
        assert_eq!(name_of(err), "bearer_token", "{token:?}");
    }
    let err = Client::builder()
        .bearer_token("t")
        .user_agent("bad\r\nagent")
        .build()
        .unwrap_err();
    assert_eq!(name_of(err), "user_agent");
}

#[test]
fn debug_output_never_shows_the_token() {
    let token = "super-secret-token-value";
    let builder = Client::builder().bearer_token(token);
    assert!(!format!("{builder:?}").contains(token));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains(token), "{shown}");
    assert!(shown.contains("redacted"), "{shown}");
    let request = client.client_management().refresh_secret("s", "c");
    assert!(!format!("{request:?}").contains(token));
}

#[tokio::test]
async fn user_agent_and_a_supplied_http_client_are_used() {
    let (fake, _) = common::setup().await;
    let client = Client::builder()
        .bearer_token(common::TOKEN)
        .base_url(fake.base_url())
        .user_agent("my-admin-tool/2.0")
        .http_client(common::plain_http())
        .build()
        .unwrap();
    client
        .client_management()
        .requestable_scopes(common::SERVICE, common::CLIENT.to_string())
        .await
        .unwrap();
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.header("user-agent"), Some("my-admin-tool/2.0"));
    assert_eq!(sent.header("accept"), Some("application/json"));

    let default_agent = common::client_for(&fake.base_url());
    default_agent
        .client_management()
        .requestable_scopes(common::SERVICE, common::CLIENT.to_string())
        .await
        .unwrap();
    let agent = fake
        .last_request()
        .unwrap()
        .header("user-agent")
        .unwrap()
        .to_string();
    assert_eq!(
        agent,
        format!("authlete-client/{}", env!("CARGO_PKG_VERSION"))
    );
}

#[tokio::test]
async fn clones_share_one_connection_pool_and_work_from_tasks() {
    let (fake, client) = common::setup().await;
    let mut tasks = Vec::new();
    for i in 0..8 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let scopes = vec![format!("scope-{i}")];
            client
                .client_management()
                .update_requestable_scopes(
                    common::SERVICE,
                    common::CLIENT.to_string(),
                    authlete_client::models::ClientExtensionRequestableScopesUpdateRequest::new(
                        scopes.clone(),
                    ),
                )
                .await
                .map(|r| (r.requestable_scopes, scopes))
        }));
    }
    for task in tasks {
        let (got, sent) = task.await.unwrap().unwrap();
        assert_eq!(got, Some(sent));
    }
    assert_eq!(fake.requests().len(), 8);
}

/// HTTPS works with the default features: the client opens a TLS handshake (a TLS record of
/// type 22, "handshake") to an `https://` base URL. The listener then hangs up, since it
/// has no certificate to offer; what matters is what the client sent.
#[tokio::test]
async fn https_urls_are_spoken_to_over_tls() {
    use tokio::io::AsyncReadExt;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let first_bytes = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 3];
        stream.read_exact(&mut buf).await.unwrap();
        buf
    });
    let client = Client::builder()
        .bearer_token("t")
        .base_url(format!("https://127.0.0.1:{port}"))
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .unwrap();
    let err = client
        .client_management()
        .requestable_scopes("s", "c")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
    let bytes = tokio::time::timeout(std::time::Duration::from_secs(5), first_bytes)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bytes[0], 0x16, "a TLS handshake record");
    assert_eq!(bytes[1], 0x03, "TLS major version 3");
}
