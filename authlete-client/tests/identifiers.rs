//! A client is named by its numeric ID or its alias, as a number or as text: every form the
//! caller may hold goes in without conversion, and reaches the path as the same segment.

mod common;

use authlete_client::models::{ClientIdentifier, ClientNumber};
use common::{CLIENT, SERVICE};

#[tokio::test]
async fn ids_and_aliases_go_in_as_numbers_or_text() {
    let fake = common::fake().await;
    let ops = common::client_for(&fake.base_url()).client_management();
    let as_text = CLIENT.to_string();

    // The ID from a response (`client_id: Option<i64>`), a literal, text in its three forms,
    // and the alias.
    let listed = ops.authorizations(SERVICE, "john").await.unwrap();
    let from_response: i64 = listed.clients.unwrap()[0].client_id.unwrap();
    ops.refresh_secret(SERVICE, from_response).await.unwrap();
    ops.refresh_secret(SERVICE, 26478243745571_i64)
        .await
        .unwrap();
    ops.refresh_secret(SERVICE, as_text.as_str()).await.unwrap();
    ops.refresh_secret(SERVICE, &as_text).await.unwrap();
    ops.refresh_secret(SERVICE, as_text.clone()).await.unwrap();
    ops.refresh_secret(SERVICE, "my-client").await.unwrap();
    ops.refresh_secret(SERVICE, ClientIdentifier::Alias("my-client".into()))
        .await
        .unwrap();

    // The numeric-only parameter takes the same forms.
    ops.granted_scopes(SERVICE, from_response, "john")
        .await
        .unwrap();
    ops.granted_scopes(SERVICE, &as_text, "john").await.unwrap();
    ops.requestable_scopes(SERVICE, ClientNumber::Id(CLIENT))
        .await
        .unwrap();

    // A number and its digits as text reach the server as the same path segment.
    let paths: Vec<String> = fake
        .requests()
        .iter()
        .filter(|r| r.target.contains("/secret/refresh/"))
        .map(|r| r.segments.last().cloned().unwrap_or_default())
        .collect();
    let id = CLIENT.to_string();
    assert_eq!(
        paths,
        [&id, &id, &id, &id, &id, "my-client", "my-client"].map(String::from)
    );
}

#[tokio::test]
async fn a_small_literal_is_taken_as_an_id() {
    // A literal that fits an i32 is one; it converts without a suffix.
    let fake = common::fake().await;
    fake.add_client(SERVICE, authlete_fake::FakeClient::new(1001));
    let ops = common::client_for(&fake.base_url()).client_management();
    ops.refresh_secret(SERVICE, 1001).await.unwrap();
    assert_eq!(
        fake.requests().last().unwrap().segments.last().unwrap(),
        "1001"
    );
    assert_eq!(ClientIdentifier::from(7u32), ClientIdentifier::Id(7));
    assert_eq!(ClientIdentifier::from(-1), ClientIdentifier::Id(-1));
}
