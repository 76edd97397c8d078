//! Built with `--no-default-features` (no TLS feature), the crate still works for programs
//! that bring their own reqwest client, and for plain `http` base URLs; an `https` base URL
//! without either is refused when the client is built, naming the features that would help,
//! rather than failing at the first call.
#![cfg(not(any(feature = "rustls", feature = "rustls-aws-lc", feature = "native-tls")))]

mod common;

use authlete_client::{Client, Error};

#[test]
fn an_https_base_url_without_tls_or_a_client_of_ones_own_is_refused_when_building() {
    for url in [
        "https://us.authlete.com",
        "HTTPS://user:pw@eu.authlete.com/",
    ] {
        let e = Client::builder()
            .bearer_token("t0ken")
            .base_url(url)
            .build()
            .unwrap_err();
        let Error::InvalidInput { name, reason, .. } = &e else {
            panic!("{url}: expected invalid input, got {e:?}");
        };
        assert_eq!(name, "base_url");
        for feature in ["`rustls`", "`rustls-aws-lc`", "`native-tls`", "http_client"] {
            assert!(reason.contains(feature), "{reason}");
        }
        assert!(!reason.contains("pw"), "the password stays out: {reason}");
    }
    // The document's default server is https.
    let e = Client::builder().bearer_token("t0ken").build().unwrap_err();
    assert!(
        matches!(&e, Error::InvalidInput { name, .. } if name == "base_url"),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_reqwest_client_of_ones_own_is_used_for_https_urls_and_plain_http_works() {
    // This test binary's reqwest has rustls without a crypto provider (through the fake's
    // dependencies), so, like any program whose reqwest is built that way, it installs one
    // before any reqwest client is built: `plain_http` does.
    // The program's own reqwest client (which, in a real program, has the TLS the program
    // chose): `build` accepts an https URL with it.
    Client::builder()
        .bearer_token("t0ken")
        .http_client(common::plain_http())
        .build()
        .expect("an https server with the program's own reqwest client");

    let fake = common::fake().await;
    for own in [false, true] {
        let mut builder = Client::builder()
            .bearer_token(common::TOKEN)
            .base_url(fake.base_url());
        if own {
            builder = builder.http_client(common::plain_http());
        }
        let client = builder.build().unwrap();
        let scopes = client
            .client_management()
            .granted_scopes(common::SERVICE, common::CLIENT, "john")
            .await
            .unwrap();
        assert_eq!(
            scopes.latest_granted_scopes.as_deref(),
            Some(&["openid".to_string(), "history.read".to_string()][..]),
            "own client: {own}"
        );
    }
}
