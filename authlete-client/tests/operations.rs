//! Each of the eleven operations against the stateful fake, over real HTTP: what the server
//! received (method, path, query, authorization, body) and what the client returned.

mod common;

use authlete_client::models::{
    ClientAuthorizationUpdateRequest, ClientExtensionRequestableScopesUpdateRequest,
    ClientFlagUpdateRequest, ClientSecretUpdateRequest, ClientType,
};
use common::*;
use serde_json::json;

fn bearer() -> String {
    format!("Bearer {TOKEN}")
}

#[tokio::test]
async fn update_lock_flag_sends_the_flag_and_it_persists() {
    let (fake, client) = setup().await;
    let response = client
        .client_management()
        .update_lock_flag(SERVICE, "my-client")
        .body(ClientFlagUpdateRequest::new(true))
        .await
        .expect("locks");
    assert!(
        response.result_message.contains(&CLIENT.to_string()),
        "{response:?}"
    );
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/lock_flag/update/my-client")
    );
    assert!(sent.query.is_empty());
    assert_eq!(sent.header("authorization"), Some(bearer().as_str()));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert_eq!(sent.json(), Some(json!({ "clientLocked": true })));
    assert!(fake.client(SERVICE, CLIENT).unwrap().locked);

    client
        .client_management()
        .update_lock_flag(SERVICE, CLIENT.to_string())
        .body(ClientFlagUpdateRequest::new(false))
        .send()
        .await
        .expect("unlocks");
    assert!(!fake.client(SERVICE, CLIENT).unwrap().locked);
}

#[tokio::test]
async fn update_lock_flag_without_body_sends_no_body() {
    let (fake, client) = setup().await;
    let err = client
        .client_management()
        .update_lock_flag(SERVICE, "my-client")
        .await
        .unwrap_err();
    let sent = fake.last_request().unwrap();
    assert!(sent.body.is_empty());
    assert_eq!(sent.header("content-type"), None);
    // The fake, like Authlete, needs the flag: the refusal arrives as the documented error.
    assert_eq!(err.status(), Some(400));
    assert_eq!(err.result_code(), Some(authlete_fake::codes::BAD_REQUEST));
}

#[tokio::test]
async fn refresh_secret_rotates_and_returns_new_and_old() {
    let (fake, client) = setup().await;
    let before = fake.client(SERVICE, CLIENT).unwrap().secret;
    let first = client
        .client_management()
        .refresh_secret(SERVICE, CLIENT.to_string())
        .await
        .expect("refreshes");
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/secret/refresh/{CLIENT}")
    );
    assert_eq!(sent.header("authorization"), Some(bearer().as_str()));
    assert!(sent.body.is_empty());
    assert_eq!(first.result_code.as_deref(), Some("A148001"));
    assert_eq!(
        first.old_client_secret.as_ref().map(|s| s.expose()),
        Some(before.as_str())
    );
    let new = first.new_client_secret.clone().unwrap().into_inner();
    assert_ne!(new, before);
    assert_eq!(new.len(), 86);
    assert_eq!(fake.client(SERVICE, CLIENT).unwrap().secret, new);

    let second = client
        .client_management()
        .refresh_secret(SERVICE, "my-client")
        .await
        .unwrap();
    assert_eq!(
        second.old_client_secret.as_ref().map(|s| s.expose()),
        Some(new.as_str())
    );
    assert_ne!(
        second.new_client_secret.as_ref().map(|s| s.expose()),
        Some(new.as_str())
    );
}

#[tokio::test]
async fn update_secret_sends_the_chosen_secret() {
    let (fake, client) = setup().await;
    let response = client
        .client_management()
        .update_secret(
            SERVICE,
            "my-client",
            ClientSecretUpdateRequest::new("my_updated_client_secret"),
        )
        .await
        .expect("updates");
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/secret/update/my-client")
    );
    assert_eq!(
        sent.json(),
        Some(json!({ "clientSecret": "my_updated_client_secret" }))
    );
    assert_eq!(response.result_code.as_deref(), Some("A149001"));
    assert_eq!(
        response.new_client_secret.as_ref().map(|s| s.expose()),
        Some("my_updated_client_secret")
    );
    assert_eq!(
        response.old_client_secret.as_ref().map(|s| s.expose()),
        Some(format!("secret_{CLIENT}").as_str())
    );
    assert_eq!(
        fake.client(SERVICE, CLIENT).unwrap().secret,
        "my_updated_client_secret"
    );
}

#[tokio::test]
async fn update_secret_rules_are_checked_before_sending_and_by_the_server() {
    let (fake, client) = setup().await;
    let too_long = "x".repeat(87);
    let cases = [
        ("has space", "must match the pattern `^[A-Za-z0-9_-]+$`"),
        ("", "must be at least 1 character long; it has 0"),
        (
            too_long.as_str(),
            "must be at most 86 characters long; it has 87",
        ),
        ("semi;colon", "must match the pattern"),
        ("ünïcode", "must match the pattern"),
    ];
    for (bad, rule) in cases {
        let err = client
            .client_management()
            .update_secret(SERVICE, "my-client", ClientSecretUpdateRequest::new(bad))
            .await
            .unwrap_err();
        match &err {
            authlete_client::Error::InvalidInput { name, reason, .. } => {
                assert_eq!(name, "clientSecret");
                assert!(reason.contains(rule), "{bad:?}: {reason}");
            }
            other => panic!("{bad:?}: expected invalid input, got {other:?}"),
        }
        if !bad.is_empty() {
            assert!(
                !err.to_string().contains(bad),
                "the message does not repeat the secret"
            );
        }
    }
    assert!(fake.requests().is_empty(), "nothing was sent");

    // A raw request that skips the client's check is refused by the server's own rules.
    for bad in ["has space", "", too_long.as_str()] {
        let raw = common::plain_http()
            .post(format!(
                "{}/api/{SERVICE}/client/secret/update/my-client",
                fake.base_url()
            ))
            .header("authorization", bearer())
            .header("content-type", "application/json")
            .body(json!({ "clientSecret": bad }).to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(raw.status().as_u16(), 400, "{bad:?}");
        let body: serde_json::Value = serde_json::from_slice(&raw.bytes().await.unwrap()).unwrap();
        assert_eq!(body["resultCode"], authlete_fake::codes::SECRET_INVALID);
    }
    assert_eq!(
        fake.client(SERVICE, CLIENT).unwrap().secret,
        format!("secret_{CLIENT}")
    );

    let longest = "a".repeat(86);
    client
        .client_management()
        .update_secret(
            SERVICE,
            "my-client",
            ClientSecretUpdateRequest::new(longest.as_str()),
        )
        .await
        .expect("86 characters are allowed");
    assert_eq!(fake.client(SERVICE, CLIENT).unwrap().secret, longest);
}

#[tokio::test]
async fn authorizations_sends_subject_in_path_and_query_and_pages() {
    let (fake, client) = setup().await;
    fake.grant(SERVICE, OTHER_CLIENT, "john", &["email"]);
    let page = client
        .client_management()
        .authorizations(SERVICE, "john")
        .start(0)
        .end(1)
        .await
        .expect("lists");
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/authorization/get/list/john")
    );
    assert_eq!(sent.query_values("subject"), ["john"]);
    assert_eq!(sent.query_values("start"), ["0"]);
    assert_eq!(sent.query_values("end"), ["1"]);
    assert!(sent.query_values("developer").is_empty());
    assert_eq!(page.total_count, Some(2));
    assert_eq!((page.start, page.end), (Some(0), Some(1)));
    let clients = page.clients.expect("clients");
    assert_eq!(clients.len(), 1);
    assert_eq!(clients[0].client_id, Some(CLIENT));
    assert_eq!(clients[0].client_type, Some(ClientType::Confidential));
    // Properties the document does not name are kept.
    assert_eq!(clients[0].extra["developer"], json!("developer-1"));
    assert_eq!(
        clients[0].extra["grantTypes"],
        json!(["AUTHORIZATION_CODE", "REFRESH_TOKEN"])
    );

    let second = client
        .client_management()
        .authorizations(SERVICE, "john")
        .start(1)
        .end(2)
        .await
        .unwrap();
    assert_eq!(second.clients.unwrap()[0].client_id, Some(OTHER_CLIENT));

    let filtered = client
        .client_management()
        .authorizations(SERVICE, "john")
        .developer("developer-2")
        .await
        .unwrap();
    assert_eq!(
        fake.last_request().unwrap().query_values("developer"),
        ["developer-2"]
    );
    assert_eq!(filtered.developer.as_deref(), Some("developer-2"));
    assert_eq!(filtered.total_count, Some(1));
}

#[tokio::test]
async fn update_authorizations_changes_the_granted_scopes() {
    let (fake, client) = setup().await;
    let response = client
        .client_management()
        .update_authorizations(SERVICE, CLIENT.to_string())
        .body(ClientAuthorizationUpdateRequest::new("john").scopes(["history.read"]))
        .await
        .expect("updates");
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "POST");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/authorization/update/{CLIENT}")
    );
    assert_eq!(
        sent.json(),
        Some(json!({ "subject": "john", "scopes": ["history.read"] }))
    );
    assert_eq!(response.result_code.as_deref(), Some("A138001"));
    assert!(
        response
            .result_message
            .unwrap()
            .contains("Updated 1 access token")
    );

    let granted = client
        .client_management()
        .granted_scopes(SERVICE, CLIENT.to_string(), "john")
        .await
        .unwrap();
    assert_eq!(
        granted.latest_granted_scopes,
        Some(vec!["history.read".to_string()])
    );
    assert_eq!(
        granted.merged_granted_scopes,
        Some(vec!["history.read".to_string(), "openid".to_string()])
    );
}

#[tokio::test]
async fn destroy_authorizations_removes_the_record() {
    let (fake, client) = setup().await;
    let response = client
        .client_management()
        .destroy_authorizations(SERVICE, CLIENT.to_string(), "john")
        .await
        .expect("deletes");
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "DELETE");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/authorization/delete/{CLIENT}/john")
    );
    assert_eq!(sent.query_values("subject"), ["john"]);
    assert!(sent.body.is_empty());
    assert_eq!(response.result_code.as_deref(), Some("A137001"));

    let granted = client
        .client_management()
        .granted_scopes(SERVICE, CLIENT.to_string(), "john")
        .await
        .unwrap();
    assert_eq!(granted.latest_granted_scopes, None);
    assert_eq!(granted.merged_granted_scopes, None);
    let listed = client
        .client_management()
        .authorizations(SERVICE, "john")
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(0));
}

#[tokio::test]
async fn granted_scopes_reads_the_record() {
    let (fake, client) = setup().await;
    let granted = client
        .client_management()
        .granted_scopes(SERVICE, CLIENT.to_string(), "john")
        .await
        .unwrap();
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "GET");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/granted_scopes/get/{CLIENT}/john")
    );
    assert_eq!(sent.query_values("subject"), ["john"]);
    assert_eq!(granted.client_id, Some(CLIENT));
    assert_eq!(granted.subject.as_deref(), Some("john"));
    assert!(granted.service_api_key.is_some());
    assert!(granted.modified_at.is_some());
    assert_eq!(
        granted.latest_granted_scopes,
        Some(vec!["openid".to_string(), "history.read".to_string()])
    );
}

#[tokio::test]
async fn destroy_granted_scopes_leaves_tokens_but_nulls_the_record() {
    let (fake, client) = setup().await;
    let response = client
        .client_management()
        .destroy_granted_scopes(SERVICE, CLIENT.to_string(), "john")
        .await
        .unwrap();
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "DELETE");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/granted_scopes/delete/{CLIENT}/john")
    );
    assert_eq!(sent.query_values("subject"), ["john"]);
    assert!(response.result_code.is_some());
    let granted = client
        .client_management()
        .granted_scopes(SERVICE, CLIENT.to_string(), "john")
        .await
        .unwrap();
    assert_eq!(granted.latest_granted_scopes, None);
    // The token itself remains, so the client is still listed.
    let listed = client
        .client_management()
        .authorizations(SERVICE, "john")
        .await
        .unwrap();
    assert_eq!(listed.total_count, Some(1));
}

#[tokio::test]
async fn requestable_scopes_set_read_empty_and_delete() {
    let (fake, client) = setup().await;
    let id = CLIENT.to_string();
    let initial = client
        .client_management()
        .requestable_scopes(SERVICE, &id)
        .await
        .unwrap();
    let sent = fake.last_request().unwrap();
    assert_eq!(
        (sent.method.as_str(), sent.raw_path.as_str()),
        (
            "GET",
            &*format!("/api/{SERVICE}/client/extension/requestable_scopes/get/{CLIENT}")
        )
    );
    assert_eq!(initial.requestable_scopes, None);

    let set = client
        .client_management()
        .update_requestable_scopes(
            SERVICE,
            &id,
            ClientExtensionRequestableScopesUpdateRequest::new(["openid", "profile"]),
        )
        .await
        .unwrap();
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "PUT");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/extension/requestable_scopes/update/{CLIENT}")
    );
    assert_eq!(
        sent.json(),
        Some(json!({ "requestableScopes": ["openid", "profile"] }))
    );
    assert_eq!(
        set.requestable_scopes,
        Some(vec!["openid".to_string(), "profile".to_string()])
    );

    let empty = client
        .client_management()
        .update_requestable_scopes(
            SERVICE,
            &id,
            ClientExtensionRequestableScopesUpdateRequest::new(Vec::<String>::new()),
        )
        .await
        .unwrap();
    assert_eq!(
        fake.last_request().unwrap().body,
        br#"{"requestableScopes":[]}"#
    );
    assert_eq!(empty.requestable_scopes, Some(vec![]));
    let read = client
        .client_management()
        .requestable_scopes(SERVICE, &id)
        .await
        .unwrap();
    assert_eq!(read.requestable_scopes, Some(vec![]));

    let () = client
        .client_management()
        .destroy_requestable_scopes(SERVICE, &id)
        .await
        .unwrap();
    let sent = fake.last_request().unwrap();
    assert_eq!(sent.method, "DELETE");
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/extension/requestable_scopes/delete/{CLIENT}")
    );
    let read = client
        .client_management()
        .requestable_scopes(SERVICE, &id)
        .await
        .unwrap();
    assert_eq!(read.requestable_scopes, None);
}

#[tokio::test]
async fn missing_or_wrong_bearer_is_a_401_with_a_result_body() {
    let fake = fake().await;
    let wrong = authlete_client::Client::builder()
        .bearer_token("not-the-token")
        .base_url(fake.base_url())
        .build()
        .unwrap();
    let err = wrong
        .client_management()
        .requestable_scopes(SERVICE, CLIENT.to_string())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    assert_eq!(err.result_code(), Some(authlete_fake::codes::TOKEN_UNKNOWN));

    // Without any Authorization header (a raw request: the client always sends one).
    let raw = common::plain_http()
        .get(format!(
            "{}/api/{SERVICE}/client/extension/requestable_scopes/get/{CLIENT}",
            fake.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 401);
    let body: serde_json::Value = serde_json::from_slice(&raw.bytes().await.unwrap()).unwrap();
    assert_eq!(body["resultCode"], "A001202");
}

#[tokio::test]
async fn unknown_service_or_client_is_the_documented_error() {
    let (_fake, client) = setup().await;
    let err = client
        .client_management()
        .requestable_scopes("no-such-service", "1")
        .await
        .unwrap_err();
    assert!(
        matches!(err, authlete_client::Error::Service { status: 403, .. }),
        "{err:?}"
    );
    assert_eq!(
        err.result_code(),
        Some(authlete_fake::codes::SERVICE_FORBIDDEN)
    );
    let err = client
        .client_management()
        .refresh_secret(SERVICE, "no-such-client")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert_eq!(
        err.result_code(),
        Some(authlete_fake::codes::CLIENT_UNKNOWN)
    );
    assert!(err.result_message().unwrap().contains("no-such-client"));
}

#[tokio::test]
async fn path_values_are_percent_encoded_and_empty_ones_refused() {
    let (fake, client) = setup().await;
    let subject = "a/b?c#d %e+é";
    let listed = client
        .client_management()
        .authorizations(SERVICE, subject)
        .await
        .unwrap();
    let sent = fake.last_request().unwrap();
    assert_eq!(
        sent.raw_path,
        format!("/api/{SERVICE}/client/authorization/get/list/a%2Fb%3Fc%23d%20%25e%2B%C3%A9")
    );
    assert_eq!(sent.segments.last().map(String::as_str), Some(subject));
    assert_eq!(sent.query_values("subject"), [subject]);
    assert_eq!(listed.subject.as_deref(), Some(subject));

    let before = fake.requests().len();
    let err = client
        .client_management()
        .granted_scopes(SERVICE, "", "john")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, authlete_client::Error::InvalidInput { name, .. } if name == "client_id"),
        "{err:?}"
    );
    let err = client
        .client_management()
        .granted_scopes(SERVICE, "..", "john")
        .await
        .unwrap_err();
    assert!(matches!(err, authlete_client::Error::InvalidInput { .. }));
    assert_eq!(fake.requests().len(), before, "nothing was sent");
}

/// One table for all eleven operations: the exact request each one puts on the wire.
#[tokio::test]
async fn every_operation_sends_the_documented_request() {
    let (fake, client) = setup().await;
    let ops = client.client_management();
    let id = CLIENT.to_string();
    ops.update_lock_flag(SERVICE, &id)
        .body(ClientFlagUpdateRequest::new(false))
        .await
        .unwrap();
    ops.refresh_secret(SERVICE, &id).await.unwrap();
    ops.update_secret(SERVICE, &id, ClientSecretUpdateRequest::new("abc"))
        .await
        .unwrap();
    ops.authorizations(SERVICE, "john")
        .developer("developer-1")
        .start(0)
        .end(3)
        .await
        .unwrap();
    ops.update_authorizations(SERVICE, &id)
        .body(ClientAuthorizationUpdateRequest::new("john").scopes(["openid"]))
        .await
        .unwrap();
    ops.granted_scopes(SERVICE, &id, "john").await.unwrap();
    ops.destroy_granted_scopes(SERVICE, &id, "john")
        .await
        .unwrap();
    ops.destroy_authorizations(SERVICE, &id, "john")
        .await
        .unwrap();
    ops.update_requestable_scopes(
        SERVICE,
        &id,
        ClientExtensionRequestableScopesUpdateRequest::new(["a"]),
    )
    .await
    .unwrap();
    ops.requestable_scopes(SERVICE, &id).await.unwrap();
    ops.destroy_requestable_scopes(SERVICE, &id).await.unwrap();

    let base = format!("/api/{SERVICE}/client");
    let expected: [(&str, String, &str, Option<serde_json::Value>); 11] = [
        (
            "POST",
            format!("{base}/lock_flag/update/{CLIENT}"),
            "",
            Some(json!({"clientLocked": false})),
        ),
        ("GET", format!("{base}/secret/refresh/{CLIENT}"), "", None),
        (
            "POST",
            format!("{base}/secret/update/{CLIENT}"),
            "",
            Some(json!({"clientSecret": "abc"})),
        ),
        (
            "GET",
            format!("{base}/authorization/get/list/john"),
            "subject=john&developer=developer-1&start=0&end=3",
            None,
        ),
        (
            "POST",
            format!("{base}/authorization/update/{CLIENT}"),
            "",
            Some(json!({"subject": "john", "scopes": ["openid"]})),
        ),
        (
            "GET",
            format!("{base}/granted_scopes/get/{CLIENT}/john"),
            "subject=john",
            None,
        ),
        (
            "DELETE",
            format!("{base}/granted_scopes/delete/{CLIENT}/john"),
            "subject=john",
            None,
        ),
        (
            "DELETE",
            format!("{base}/authorization/delete/{CLIENT}/john"),
            "subject=john",
            None,
        ),
        (
            "PUT",
            format!("{base}/extension/requestable_scopes/update/{CLIENT}"),
            "",
            Some(json!({"requestableScopes": ["a"]})),
        ),
        (
            "GET",
            format!("{base}/extension/requestable_scopes/get/{CLIENT}"),
            "",
            None,
        ),
        (
            "DELETE",
            format!("{base}/extension/requestable_scopes/delete/{CLIENT}"),
            "",
            None,
        ),
    ];
    let sent = fake.requests();
    assert_eq!(sent.len(), expected.len());
    for (request, (method, path, query, body)) in sent.iter().zip(expected) {
        let target = if query.is_empty() {
            path.clone()
        } else {
            format!("{path}?{query}")
        };
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            (method, target.as_str())
        );
        assert_eq!(
            request.header("authorization"),
            Some(bearer().as_str()),
            "{target}"
        );
        assert_eq!(request.json(), body, "{target}");
        let content_type = request.header("content-type");
        assert_eq!(
            content_type,
            body.as_ref().map(|_| "application/json"),
            "{target}"
        );
    }
}
