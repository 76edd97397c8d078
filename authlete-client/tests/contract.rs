//! Contract tests: the client's requests and the fake's responses checked by Prism, a tool we
//! did not write, against `spec/`. They need Prism running, so they are ignored by a plain
//! `cargo test`; `cargo xtask contract` installs and starts Prism and runs them.

use authlete_client::models::{
    ClientAuthorizationUpdateRequest, ClientExtensionRequestableScopesUpdateRequest,
    ClientFlagUpdateRequest, ClientSecretUpdateRequest,
};
use authlete_client::{Client, Error, RetryPolicy};
use authlete_fake::{Exchange, FakeAuthlete, FakeClient, RecordingProxy};

const NEEDS_PRISM: &str = "needs Prism: run `cargo xtask contract`";

fn setting(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!("{name} is set by `cargo xtask contract`; run these tests through it")
    })
}

fn client(base_url: &str, token: &str) -> Client {
    Client::builder()
        .bearer_token(token)
        .base_url(base_url)
        .retry_policy(RetryPolicy::none())
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Every exchange, with what Prism said about it if it said anything.
fn violations(exchanges: &[Exchange]) -> Vec<String> {
    exchanges
        .iter()
        .filter_map(|e| {
            e.header("sl-violations").map(|v| {
                format!(
                    "{} {} -> {}: {v}",
                    e.request.method, e.request.target, e.status
                )
            })
        })
        .collect()
}

#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn every_operation_conforms_with_required_and_with_all_inputs() {
    let _ = NEEDS_PRISM;
    let proxy = RecordingProxy::start(&setting("CONTRACT_MOCK_URL"))
        .await
        .unwrap();
    let ops = client(&proxy.base_url(), "contract-token").client_management();
    let (s, c, u) = ("svc-1", "26478243745571", "john");
    let mut failures: Vec<String> = Vec::new();
    let mut check = |name: &str, result: Result<(), Error>| {
        if let Err(e) = result {
            failures.push(format!("{name}: {e}"));
        }
    };
    // Only the required inputs.
    check(
        "update_lock_flag",
        ops.update_lock_flag(s, c).await.map(drop),
    );
    check("refresh_secret", ops.refresh_secret(s, c).await.map(drop));
    check(
        "update_secret",
        ops.update_secret(s, c, ClientSecretUpdateRequest::new("abc_DEF-123"))
            .await
            .map(drop),
    );
    check("authorizations", ops.authorizations(s, u).await.map(drop));
    check(
        "update_authorizations",
        ops.update_authorizations(s, c).await.map(drop),
    );
    check(
        "destroy_authorizations",
        ops.destroy_authorizations(s, c, u).await.map(drop),
    );
    check(
        "granted_scopes",
        ops.granted_scopes(s, c, u).await.map(drop),
    );
    check(
        "destroy_granted_scopes",
        ops.destroy_granted_scopes(s, c, u).await.map(drop),
    );
    check(
        "requestable_scopes",
        ops.requestable_scopes(s, c).await.map(drop),
    );
    let empty = ClientExtensionRequestableScopesUpdateRequest::new(Vec::<String>::new());
    check(
        "update_requestable_scopes []",
        ops.update_requestable_scopes(s, c, empty).await.map(drop),
    );
    check(
        "destroy_requestable_scopes",
        ops.destroy_requestable_scopes(s, c).await,
    );
    // Every optional input set too.
    check(
        "update_lock_flag + body",
        ops.update_lock_flag(s, c)
            .body(ClientFlagUpdateRequest::new(true))
            .await
            .map(drop),
    );
    check(
        "authorizations + developer, start, end",
        ops.authorizations(s, u)
            .developer("dev-1")
            .start(0)
            .end(10)
            .await
            .map(drop),
    );
    check(
        "update_authorizations + body",
        ops.update_authorizations(s, c)
            .body(ClientAuthorizationUpdateRequest::new(u).scopes(["openid", "history.read"]))
            .await
            .map(drop),
    );
    let scopes = ClientExtensionRequestableScopesUpdateRequest::new(["openid", "profile"]);
    check(
        "update_requestable_scopes",
        ops.update_requestable_scopes(s, c, scopes).await.map(drop),
    );

    let exchanges = proxy.exchanges();
    assert_eq!(exchanges.len(), 15, "every call reached Prism");
    assert!(
        failures.is_empty(),
        "calls that failed:\n{}",
        failures.join("\n")
    );
    let reported = violations(&exchanges);
    assert!(
        reported.is_empty(),
        "Prism reported violations:\n{}",
        reported.join("\n")
    );
}

/// The check can fail: requests that break the spec are reported by Prism.
#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn prism_reports_requests_that_break_the_spec() {
    let proxy = RecordingProxy::start(&setting("CONTRACT_MOCK_URL"))
        .await
        .unwrap();
    let _ = rustls::crypto::ring::default_provider().install_default();
    let raw = reqwest::Client::new();
    let base = proxy.base_url();
    let _ = raw
        .post(format!("{base}/api/svc/client/lock_flag/update/1"))
        .bearer_auth("t")
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    let _ = raw
        .get(format!(
            "{base}/api/svc/client/authorization/get/list/john?subject=john&start=abc"
        ))
        .bearer_auth("t")
        .send()
        .await
        .unwrap();
    let exchanges = proxy.exchanges();
    let missing = exchanges[0].header("sl-violations").unwrap_or_default();
    assert!(missing.contains("clientLocked"), "{exchanges:?}");
    let not_integer = exchanges[1].header("sl-violations").unwrap_or_default();
    assert!(not_integer.contains("start"), "{exchanges:?}");
}

/// The fake's answers, replayed through `prism proxy --errors`, which turns any response
/// that breaks the spec into an error.
#[tokio::test]
#[ignore = "needs Prism: run `cargo xtask contract`"]
async fn the_fake_answers_only_what_the_spec_allows() {
    let fake = FakeAuthlete::start_on(&setting("CONTRACT_FAKE_ADDR"))
        .await
        .unwrap();
    fake.add_service("svc-1", "token-1");
    fake.add_client("svc-1", FakeClient::new(1001).with_alias("my-client"));
    fake.add_client("svc-1", FakeClient::new(1002).with_developer("developer-2"));
    fake.grant("svc-1", 1001, "john", &["openid", "history.read"]);
    fake.grant("svc-1", 1002, "john", &["email"]);
    let proxy = RecordingProxy::start(&setting("CONTRACT_PROXY_URL"))
        .await
        .unwrap();
    let ops = client(&proxy.base_url(), "token-1").client_management();

    ops.update_lock_flag("svc-1", "my-client")
        .body(ClientFlagUpdateRequest::new(true))
        .await
        .unwrap();
    ops.update_lock_flag("svc-1", "1001")
        .body(ClientFlagUpdateRequest::new(false))
        .await
        .unwrap();
    let refreshed = ops.refresh_secret("svc-1", "1001").await.unwrap();
    assert!(refreshed.new_client_secret.is_some());
    ops.update_secret(
        "svc-1",
        "my-client",
        ClientSecretUpdateRequest::new("chosen_secret-1"),
    )
    .await
    .unwrap();
    let page = ops
        .authorizations("svc-1", "john")
        .start(0)
        .end(1)
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(2));
    let page = ops
        .authorizations("svc-1", "john")
        .developer("developer-2")
        .await
        .unwrap();
    assert_eq!(page.total_count, Some(1));
    let update = ClientAuthorizationUpdateRequest::new("john").scopes(["openid"]);
    ops.update_authorizations("svc-1", "1001")
        .body(update)
        .await
        .unwrap();
    let granted = ops.granted_scopes("svc-1", "1001", "john").await.unwrap();
    assert_eq!(
        granted.latest_granted_scopes,
        Some(vec!["openid".to_string()])
    );
    ops.destroy_granted_scopes("svc-1", "1001", "john")
        .await
        .unwrap();
    let granted = ops.granted_scopes("svc-1", "1001", "john").await.unwrap();
    assert_eq!(granted.latest_granted_scopes, None);
    ops.destroy_authorizations("svc-1", "1002", "john")
        .await
        .unwrap();
    assert_eq!(
        ops.requestable_scopes("svc-1", "1001")
            .await
            .unwrap()
            .requestable_scopes,
        None
    );
    let scopes = ClientExtensionRequestableScopesUpdateRequest::new(["openid"]);
    ops.update_requestable_scopes("svc-1", "1001", scopes)
        .await
        .unwrap();
    let none = ClientExtensionRequestableScopesUpdateRequest::new(Vec::<String>::new());
    ops.update_requestable_scopes("svc-1", "1001", none)
        .await
        .unwrap();
    assert_eq!(
        ops.requestable_scopes("svc-1", "1001")
            .await
            .unwrap()
            .requestable_scopes,
        Some(vec![])
    );
    ops.destroy_requestable_scopes("svc-1", "1001")
        .await
        .unwrap();
    // Documented errors pass the check too.
    let err = ops
        .refresh_secret("svc-1", "no-such-client")
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400), "{err}");
    let wrong = client(&proxy.base_url(), "wrong-token").client_management();
    let err = wrong.requestable_scopes("svc-1", "1001").await.unwrap_err();
    assert_eq!(err.status(), Some(401), "{err}");

    let exchanges = proxy.exchanges();
    assert_eq!(exchanges.len(), 18);
    let reported = violations(&exchanges);
    assert!(
        reported.is_empty(),
        "Prism found responses of the fake that break the spec:\n{}",
        reported.join("\n")
    );
    assert_eq!(
        fake.requests().len(),
        18,
        "every request reached the fake through Prism"
    );
}
