//! The crate generated from `codegen/tests/fixtures/operations.yaml`, called over real HTTP on
//! 127.0.0.1: parameters, bodies, outcomes, error bodies and credentials go on the wire as the
//! document says.

use authlete_fake::raw::{Action, RawServer};
use golden_operations::models::{ListParcelsStatusItem, NewParcel, SignInRequest};
use golden_operations::parcels::CreateParcelOutcome;
use golden_operations::{Client, Error, RetryPolicy, Server};

fn builder(server: &RawServer) -> golden_operations::ClientBuilder {
    Client::builder()
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
}

#[test]
fn servers_and_their_names_come_from_the_document() {
    assert_eq!(Server::Europe.url(), "https://eu.parcels.example");
    assert_eq!(Server::Us.url(), "https://us.parcels.example/api");
    assert_eq!(Server::default(), Server::Europe);
}

#[tokio::test]
async fn arrays_in_the_query_and_headers_are_encoded_as_declared() {
    let server = RawServer::start(|_, _| Action::json(200, r#"[{"id":"p1"}]"#))
        .await
        .unwrap();
    let client = builder(&server).bearer_token("t").build().unwrap();
    let parcels = client
        .parcels()
        .list_parcels()
        .status(vec![
            ListParcelsStatusItem::New,
            ListParcelsStatusItem::Lost,
        ])
        .ids(vec![1, 2])
        .limit(5)
        .x_trace(["a", "b"])
        .await
        .unwrap();
    assert_eq!(parcels[0].id, "p1");
    let request = &server.requests()[0];
    assert_eq!(
        request.target(),
        "/parcels?status=new&status=lost&ids=1%2C2&limit=5"
    );
    assert_eq!(request.header("x-trace"), Some("a,b"));
    assert_eq!(request.header("authorization"), Some("Bearer t"));
}

#[tokio::test]
async fn each_success_status_is_an_outcome() {
    let cases = [
        (201, r#"{"id":"p9","weightGrams":500}"#),
        (202, r#"{"queueId":"q1"}"#),
        (204, ""),
    ];
    for (status, body) in cases {
        let server = RawServer::start(move |_, _| Action::json(status, body))
            .await
            .unwrap();
        let client = builder(&server).bearer_token("t").build().unwrap();
        let outcome = client
            .parcels()
            .create_parcel(NewParcel::new(500).fragile(true))
            .await
            .unwrap();
        match (status, outcome) {
            (201, CreateParcelOutcome::Created(p)) => assert_eq!(p.weight_grams, Some(500)),
            (202, CreateParcelOutcome::Accepted(q)) => {
                assert_eq!(q.queue_id.as_deref(), Some("q1"))
            }
            (204, CreateParcelOutcome::NoContent) => {}
            (status, other) => panic!("{status}: {other:?}"),
        }
        // JSON is preferred when a body is offered both as JSON and as a form.
        let request = &server.requests()[0];
        assert_eq!(request.header("content-type"), Some("application/json"));
        assert_eq!(request.body, br#"{"weightGrams":500,"fragile":true}"#);
    }
    let server = RawServer::start(|_, _| Action::json(200, "{}"))
        .await
        .unwrap();
    let client = builder(&server).bearer_token("t").build().unwrap();
    let err = client
        .parcels()
        .create_parcel(NewParcel::new(1))
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Api { status: 200, .. }),
        "an undocumented success status: {err:?}"
    );
}

#[tokio::test]
async fn error_bodies_of_different_types_are_told_apart_by_status() {
    use golden_operations::error::ErrorBody;
    let server = RawServer::start(|n, _| match n {
        0 => Action::json(409, r#"{"existingId":"p1"}"#),
        1 => Action::with_type(
            422,
            "application/problem+json",
            r#"{"title":"too heavy","status":422}"#,
        ),
        2 => Action::with_type(
            404,
            "application/problem+json",
            r#"{"title":"no such parcel"}"#,
        ),
        _ => Action::with_type(503, "application/problem+json", r#"{"title":"down"}"#),
    })
    .await
    .unwrap();
    let client = builder(&server).bearer_token("t").build().unwrap();
    let err = client
        .parcels()
        .create_parcel(NewParcel::new(1))
        .await
        .unwrap_err();
    let Error::Service {
        status: 409, body, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert!(matches!(&**body, ErrorBody::Conflict(c) if c.existing_id.as_deref() == Some("p1")));
    let err = client
        .parcels()
        .create_parcel(NewParcel::new(1))
        .await
        .unwrap_err();
    assert!(
        matches!(err.error_body(), Some(ErrorBody::Problem(p)) if p.title == "too heavy"),
        "{err:?}"
    );
    // An operation without operationId is named from its method and path.
    let err = client
        .parcels()
        .get_parcels_id("p1", true)
        .await
        .unwrap_err();
    assert!(matches!(err.error_body(), Some(ErrorBody::Problem(p)) if p.title == "no such parcel"));
    assert_eq!(server.requests()[2].target(), "/parcels/p1?verbose=true");
    // `default` documents every other error status.
    let err = client.parcels().list_parcels().await.unwrap_err();
    assert!(
        matches!(err.error_body(), Some(ErrorBody::Problem(p)) if p.title == "down"),
        "{err:?}"
    );
}

#[tokio::test]
async fn text_and_byte_bodies_are_returned_as_they_are() {
    let server = RawServer::start(|n, _| match n {
        0 => Action::with_type(200, "application/pdf", b"%PDF-1.7\x00\xff".to_vec()),
        _ => Action::with_type(200, "text/plain; charset=utf-8", "Fragile, thank you!"),
    })
    .await
    .unwrap();
    let client = builder(&server).basic_auth("ann", "pw").build().unwrap();
    let label = client.label_printing().get_label("p1").await.unwrap();
    assert_eq!(label, b"%PDF-1.7\x00\xff");
    let note = client
        .label_printing()
        .get_note("p1")
        .retry_policy(RetryPolicy::none())
        .await;
    // get_note uses the document's global security, which basic authentication is not part of.
    assert!(
        matches!(&note, Err(Error::InvalidInput { name, .. }) if name == "credentials"),
        "{note:?}"
    );
    let client = builder(&server).api_key_header("k").build().unwrap();
    assert_eq!(
        client.label_printing().get_note("p1").await.unwrap(),
        "Fragile, thank you!"
    );
}

#[tokio::test]
async fn credentials_follow_each_operation_s_requirements() {
    let server = RawServer::start(|_, _| Action::with_type(200, "application/pdf", "x"))
        .await
        .unwrap();

    // Basic authentication, for the label.
    let client = builder(&server)
        .basic_auth("Aladdin", "open sesame")
        .build()
        .unwrap();
    client.label_printing().get_label("p1").await.unwrap();
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );

    // Or the API key in the query: its alternative.
    let client = builder(&server)
        .api_key_query("s3cret-key")
        .build()
        .unwrap();
    client.label_printing().get_label("p1").await.unwrap();
    let request = &server.requests()[1];
    assert_eq!(request.target(), "/parcels/p1/label?key=s3cret-key");
    assert_eq!(request.header("authorization"), None);

    // Neither: refused before sending, naming what to set.
    let client = builder(&server).bearer_token("t").build().unwrap();
    let err = client.label_printing().get_label("p1").await.unwrap_err();
    let Error::InvalidInput { name, reason, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(name, "credentials");
    assert!(reason.contains("ClientBuilder::basic_auth"), "{reason}");
    assert_eq!(server.requests().len(), 2);

    // `security: []` sends no credentials even when some are configured.
    let server = RawServer::start(|_, _| Action::json(204, ""))
        .await
        .unwrap();
    let client = builder(&server)
        .bearer_token("t")
        .api_key_header("k")
        .build()
        .unwrap();
    #[allow(deprecated)]
    client.parcels().cancel_parcel("p1").await.unwrap();
    let request = &server.requests()[0];
    assert_eq!(
        (request.header("authorization"), request.header("x-api-key")),
        (None, None)
    );

    // The global requirement accepts the API key header instead of the bearer token.
    let server = RawServer::start(|_, _| Action::json(200, "[]"))
        .await
        .unwrap();
    let client = builder(&server).api_key_header("k-123").build().unwrap();
    client.parcels().list_parcels().await.unwrap();
    assert_eq!(server.requests()[0].header("x-api-key"), Some("k-123"));
    assert!(!format!("{client:?}").contains("k-123"));
}

#[tokio::test]
async fn a_form_only_body_is_form_encoded() {
    let server = RawServer::start(|_, _| Action::json(200, r#"{"token":"tok"}"#))
        .await
        .unwrap();
    let client = builder(&server).build().unwrap();
    let signed_in = client
        .session()
        .sign_in(SignInRequest::new("ann lee", "p&ss=1").remember(true))
        .await
        .unwrap();
    assert_eq!(signed_in.token.unwrap().expose(), "tok");
    let request = &server.requests()[0];
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        request.body,
        b"user=ann+lee&password=p%26ss%3D1&remember=true"
    );
}
