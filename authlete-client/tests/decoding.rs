//! Decoding realistic response bodies served from files over real HTTP.

mod common;

use authlete_client::models::ClientType;
use authlete_fake::CannedServer;
use serde_json::json;

async fn serve_fixture(name: &str) -> CannedServer {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let body = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    CannedServer::with(200, "application/json", body)
        .await
        .unwrap()
}

#[tokio::test]
async fn authorizations_keep_every_property_of_full_client_records() {
    let server = serve_fixture("authorizations-full-clients.json").await;
    let client = common::client_for(&server.base_url());
    let page = client
        .client_management()
        .authorizations("svc", "john")
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    let clients = page.clients.clone().unwrap();
    let first = &clients[0];
    assert_eq!(first.client_id, Some(26478243745571));
    assert_eq!(first.number, Some(6164));
    assert_eq!(first.client_id_alias.as_deref(), Some("my-client"));
    assert_eq!(first.client_type, Some(ClientType::Confidential));
    assert_eq!(
        first.client_names.as_ref().unwrap()[0].value.as_deref(),
        Some("私のクライアント")
    );
    assert_eq!(first.descriptions, None);
    // Named properties are fields; every other property is kept in `extra`.
    assert_eq!(
        first.extra["redirectUris"],
        json!([
            "https://app.example/callback",
            "https://app.example/callback2"
        ])
    );
    assert_eq!(first.extra["extension"]["accessTokenDuration"], json!(3600));
    assert_eq!(first.extra["createdAt"], json!(1639373421000_i64));
    assert!(!first.extra.contains_key("clientId"));
    assert_eq!(
        first.extra.len(),
        31 - 10,
        "31 properties, 10 of them named"
    );
    // The record's secret is a named, secret field: readable on purpose, never shown.
    let secret = first.client_secret.as_ref().unwrap().expose().to_string();
    assert!(!secret.is_empty());
    assert!(!format!("{first:?} {page:?}").contains(&secret));
    assert_eq!(clients[1].client_type, Some(ClientType::Public));
    assert_eq!(clients[1].extra["developer"], json!("jane"));
}

#[tokio::test]
async fn unknown_enum_values_and_fields_decode() {
    let server = serve_fixture("authorizations-unknown-client-type.json").await;
    let client = common::client_for(&server.base_url());
    let page = client
        .client_management()
        .authorizations("svc", "john")
        .await
        .unwrap();
    let listed = &page.clients.unwrap()[0];
    assert_eq!(
        listed.client_type,
        Some(ClientType::Unknown("FEDERATED".into()))
    );
    assert_eq!(listed.client_type.as_ref().unwrap().as_str(), "FEDERATED");
    assert_eq!(listed.extra["surprise"], json!({ "nested": [1, 2] }));
}

#[tokio::test]
async fn null_scope_lists_decode_as_absent() {
    let server = serve_fixture("granted-scopes-null.json").await;
    let client = common::client_for(&server.base_url());
    let granted = client
        .client_management()
        .granted_scopes("svc", "1", "john")
        .await
        .unwrap();
    assert_eq!(granted.latest_granted_scopes, None);
    assert_eq!(granted.merged_granted_scopes, None);
    assert_eq!(granted.client_id, Some(26478243745571));

    let server = serve_fixture("requestable-scopes-null.json").await;
    let client = common::client_for(&server.base_url());
    let scopes = client
        .client_management()
        .requestable_scopes("svc", "1")
        .await
        .unwrap();
    assert_eq!(scopes.requestable_scopes, None);
}
