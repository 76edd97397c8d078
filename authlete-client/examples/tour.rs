//! A tour of the eleven operations, against the fake started in this process (no network, no
//! account). Run with `cargo run -p authlete-client --example tour`.

use authlete_client::models::{
    ClientAuthorizationUpdateRequest, ClientExtensionRequestableScopesUpdateRequest,
    ClientFlagUpdateRequest, ClientSecretUpdateRequest,
};
use authlete_client::{Client, Error};
use authlete_fake::{FakeAuthlete, FakeClient};

const SERVICE: &str = "715948317";
const CLIENT: i64 = 26478243745571;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeAuthlete::start().await?;
    fake.add_service(SERVICE, "service-token");
    fake.add_client(SERVICE, FakeClient::new(CLIENT).with_alias("my-app"));
    fake.grant(
        SERVICE,
        CLIENT,
        "john",
        &["openid", "profile", "history.read"],
    );

    let client = Client::builder()
        .base_url(fake.base_url())
        .bearer_token("service-token")
        .build()?;
    let ops = client.client_management();

    // 1. Lock the client, then unlock it (by alias, then by ID).
    let locked = ops
        .update_lock_flag(SERVICE, "my-app")
        .body(ClientFlagUpdateRequest::new(true))
        .await?;
    println!("update_lock_flag: {:?}", locked.result_code);
    ops.update_lock_flag(SERVICE, CLIENT)
        .body(ClientFlagUpdateRequest::new(false))
        .await?;

    // 2. Rotate the secret, then 3. set one of our own.
    let refreshed = ops.refresh_secret(SERVICE, CLIENT).await?;
    println!(
        "refresh_secret: a new secret was issued: {}",
        refreshed.new_client_secret.is_some()
    );
    let updated = ops
        .update_secret(
            SERVICE,
            "my-app",
            ClientSecretUpdateRequest::new("a-secret-of-our-own_123"),
        )
        .await?;
    println!("update_secret: {:?}", updated.result_code);

    // 4. The clients john has authorized.
    let page = ops.authorizations(SERVICE, "john").await?;
    for c in page.clients.as_deref().unwrap_or_default() {
        println!("authorizations: {:?} {:?}", c.client_id, c.client_name);
    }

    // 5. Narrow what john granted, 6. read it back, 7. forget it, 8. revoke the tokens.
    ops.update_authorizations(SERVICE, CLIENT)
        .body(ClientAuthorizationUpdateRequest::new("john").scopes(["openid"]))
        .await?;
    let granted = ops.granted_scopes(SERVICE, CLIENT, "john").await?;
    println!("granted_scopes: {:?}", granted.latest_granted_scopes);
    ops.destroy_granted_scopes(SERVICE, CLIENT, "john").await?;
    let revoked = ops.destroy_authorizations(SERVICE, CLIENT, "john").await?;
    println!("destroy_authorizations: {:?}", revoked.result_code);

    // 9. Limit the scopes the client may ask for, 10. read them, 11. lift the limit.
    ops.update_requestable_scopes(
        SERVICE,
        CLIENT,
        ClientExtensionRequestableScopesUpdateRequest::new(["openid", "email"]),
    )
    .await?;
    let scopes = ops.requestable_scopes(SERVICE, CLIENT).await?;
    println!("requestable_scopes: {:?}", scopes.requestable_scopes);
    ops.destroy_requestable_scopes(SERVICE, CLIENT).await?;

    // Errors: a documented refusal carries Authlete's result code, to match on.
    match ops.refresh_secret(SERVICE, 999).await {
        Ok(_) => println!("unexpected: a client that does not exist answered"),
        Err(e @ Error::Service { .. }) => {
            println!(
                "refused: status {:?}, code {:?}",
                e.status(),
                e.result_code()
            );
        }
        Err(e) if e.is_retryable() => println!("try again later: {e}"),
        Err(e) => return Err(e.into()),
    }
    // A wrong token is refused before any client is looked at.
    let stranger = Client::builder()
        .base_url(fake.base_url())
        .bearer_token("not-a-token")
        .build()?;
    if let Err(e) = stranger
        .client_management()
        .granted_scopes(SERVICE, CLIENT, "john")
        .await
    {
        println!("with a wrong token: {e}");
    }
    Ok(())
}
