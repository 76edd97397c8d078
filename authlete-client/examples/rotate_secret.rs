//! Rotating a client's secret: issue a new one, show only that a value came back, and handle
//! a secret the server refuses. Secrets print as `<redacted>` unless read on purpose. Run with
//! `cargo run -p authlete-client --example rotate_secret`.

use authlete_client::models::ClientSecretUpdateRequest;
use authlete_client::{Client, Error};
use authlete_fake::{FakeAuthlete, FakeClient};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeAuthlete::start().await?;
    fake.add_service("svc", "token");
    fake.add_client("svc", FakeClient::new(42).with_alias("billing-app"));
    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token("token")
        .build()?;
    let ops = client.client_management();

    let rotated = ops.refresh_secret("svc", "billing-app").await?;
    // `Debug` keeps the values out of logs...
    println!("{rotated:?}");
    // ...and `expose` reads one on purpose, to store it where it belongs.
    let new_secret = rotated.new_client_secret.as_ref().map(|s| s.expose().len());
    println!("new secret of {} characters", new_secret.unwrap_or(0));

    // A chosen secret must follow the documented rules; the client checks them first.
    match ops
        .update_secret("svc", 42, ClientSecretUpdateRequest::new("has spaces"))
        .await
    {
        Err(Error::InvalidInput { name, reason, .. }) => {
            println!("refused before sending: {name}: {reason}")
        }
        other => println!("unexpected: {other:?}"),
    }
    let set = ops
        .update_secret(
            "svc",
            42,
            ClientSecretUpdateRequest::new("Rotated_2026-11-30"),
        )
        .await?;
    println!("update_secret: {:?}", set.result_code);
    Ok(())
}
