//! The bearer token is read from `AUTHLETE_BEARER` when the builder is given none.
//! This file holds the only test that touches the environment, so nothing races with it.

#[tokio::test]
async fn token_comes_from_the_environment_when_not_given() {
    // SAFETY: this test binary runs this one test, and no other thread reads the environment.
    unsafe { std::env::remove_var("AUTHLETE_BEARER") };
    let err = authlete_client::Client::builder().build().unwrap_err();
    assert!(err.to_string().contains("AUTHLETE_BEARER"), "{err}");

    let fake = authlete_fake::FakeAuthlete::start().await.unwrap();
    fake.add_service("svc", "env-token");
    fake.add_client("svc", authlete_fake::FakeClient::new(7));
    // SAFETY: as above.
    unsafe { std::env::set_var("AUTHLETE_BEARER", "env-token") };
    let client = authlete_client::Client::builder()
        .base_url(fake.base_url())
        .build()
        .unwrap();
    client
        .client_management()
        .requestable_scopes("svc", "7")
        .await
        .unwrap();
    assert_eq!(
        fake.last_request().unwrap().header("authorization"),
        Some("Bearer env-token")
    );

    // A token given to the builder wins over the environment.
    let client = authlete_client::Client::builder()
        .bearer_token("given")
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let err = client
        .client_management()
        .requestable_scopes("svc", "7")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(
        fake.last_request().unwrap().header("authorization"),
        Some("Bearer given")
    );
}
