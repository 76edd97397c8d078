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

#[test]
fn enum_values_compare_by_their_wire_text() {
    // An unknown value equals itself and reads back as sent.
    let federated = ClientType::from("FEDERATED");
    assert_eq!(federated, ClientType::Unknown("FEDERATED".into()));
    assert_eq!(federated.as_str(), "FEDERATED");
    assert_eq!(federated.to_string(), "FEDERATED");
    // A listed value built as `Unknown` (as code from before it was listed may) is the variant.
    assert_eq!(ClientType::Unknown("PUBLIC".into()), ClientType::Public);
    assert_ne!(
        ClientType::Unknown("public".into()),
        ClientType::Public,
        "case matters"
    );
    let mut kinds = vec![
        ClientType::Unknown("PUBLIC".into()),
        ClientType::Public,
        federated.clone(),
        ClientType::Confidential,
    ];
    kinds.sort();
    kinds.dedup();
    assert_eq!(
        kinds,
        [ClientType::Confidential, federated, ClientType::Public],
        "ordered by wire text"
    );
    let set: std::collections::HashSet<ClientType> =
        [ClientType::Public, ClientType::Unknown("PUBLIC".into())]
            .into_iter()
            .collect();
    assert_eq!(set.len(), 1);
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

#[test]
fn models_read_objects_and_nothing_else() {
    use authlete_client::models::{
        ApiResult, ClientLimited, ClientSecretRefreshResponse, TaggedValue,
    };
    let refused = |e: serde_json::Error, wanted: &str| {
        assert!(e.to_string().contains(wanted), "{e}");
    };
    // An array is not an object, however well its items would fit the fields in order.
    refused(
        serde_json::from_str::<ClientSecretRefreshResponse>("[]").unwrap_err(),
        "invalid type: sequence, expected a JSON object (ClientSecretRefreshResponse)",
    );
    refused(
        serde_json::from_str::<ClientSecretRefreshResponse>(r#"["A1","m","secret","old"]"#)
            .unwrap_err(),
        "invalid type: sequence",
    );
    refused(
        serde_json::from_str::<ApiResult>(r#"["A1","m"]"#).unwrap_err(),
        "expected a JSON object (ApiResult)",
    );
    refused(
        serde_json::from_value::<TaggedValue>(json!(["ja", "x"])).unwrap_err(),
        "expected a JSON object (TaggedValue)",
    );
    refused(
        serde_json::from_value::<ClientLimited>(json!("c")).unwrap_err(),
        "invalid type: string",
    );
    // Each property at most once; required ones present and not null.
    refused(
        serde_json::from_str::<ApiResult>(
            r#"{"resultCode":"A","resultMessage":"m","resultMessage":"n"}"#,
        )
        .unwrap_err(),
        "duplicate field `resultMessage`",
    );
    refused(
        serde_json::from_str::<ClientLimited>(r#"{"x":1,"x":2}"#).unwrap_err(),
        "duplicate field `x`",
    );
    refused(
        serde_json::from_str::<ApiResult>(r#"{"resultCode":"A"}"#).unwrap_err(),
        "missing field `resultMessage`",
    );
    refused(
        serde_json::from_str::<ApiResult>(r#"{"resultCode":"A","resultMessage":null}"#)
            .unwrap_err(),
        "invalid type: null",
    );

    // Objects decode as before: escaped names, unknown properties (kept where the document
    // keeps them, ignored elsewhere), `null` and absent optional properties.
    let r: ClientSecretRefreshResponse = serde_json::from_str(
        r#"{"result\u0043ode":"A1","newClientSecret":"n","oldClientSecret":null,"other":1}"#,
    )
    .unwrap();
    assert_eq!(r.result_code.as_deref(), Some("A1"));
    assert_eq!(r.new_client_secret.as_ref().map(|s| s.expose()), Some("n"));
    assert_eq!((r.result_message, r.old_client_secret), (None, None));
    assert_eq!(
        serde_json::from_str::<ClientSecretRefreshResponse>("{}").unwrap(),
        ClientSecretRefreshResponse::new()
    );
    let c: ClientLimited =
        serde_json::from_value(json!({"clientId": 5, "clientName": null, "x": [1]})).unwrap();
    assert_eq!((c.client_id, c.client_name.as_deref()), (Some(5), None));
    assert_eq!(
        serde_json::Value::Object(c.extra.as_map().clone()),
        json!({"x": [1]})
    );
    // What is serialized decodes back to the same value.
    let again: ClientLimited = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
    assert_eq!(
        (again.client_name, again.extra),
        (c.client_name, c.extra),
        "clientId is read-only, so it is not sent"
    );
}
