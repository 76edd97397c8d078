//! Shared set-up: a fake Authlete with one service, two clients and one authorization.
#![allow(dead_code)]

use authlete_client::{Client, RetryPolicy};
use authlete_fake::{FakeAuthlete, FakeClient};

pub const SERVICE: &str = "svc-1";
pub const TOKEN: &str = "service-token-1";
pub const CLIENT: i64 = 26478243745571;
pub const OTHER_CLIENT: i64 = 26478243745572;

pub async fn fake() -> FakeAuthlete {
    let fake = FakeAuthlete::start().await.expect("fake starts");
    fake.add_service(SERVICE, TOKEN);
    fake.add_client(SERVICE, FakeClient::new(CLIENT).with_alias("my-client"));
    fake.add_client(
        SERVICE,
        FakeClient::new(OTHER_CLIENT).with_developer("developer-2"),
    );
    fake.grant(SERVICE, CLIENT, "john", &["openid", "history.read"]);
    fake
}

pub fn client_for(base_url: &str) -> Client {
    client_with(base_url, RetryPolicy::default())
}

pub fn client_with(base_url: &str, retry: RetryPolicy) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url)
        .timeout(std::time::Duration::from_secs(10))
        .retry_policy(retry)
        .build()
        .expect("client builds")
}

/// A plain reqwest client, as a program that brings its own builds it. This workspace builds
/// reqwest without a default crypto provider, so one is installed first, as the client does.
pub fn plain_http() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub async fn setup() -> (FakeAuthlete, Client) {
    let fake = fake().await;
    let client = client_for(&fake.base_url());
    (fake, client)
}
