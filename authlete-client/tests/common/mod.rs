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

/// Year, month (1 to 12) and day (1 to 31) of the date `days` after 1970-01-01, in the
/// proleptic Gregorian calendar (Howard Hinnant's days-to-civil algorithm), so that tests
/// can write dates without a date crate.
pub fn civil_date(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}
