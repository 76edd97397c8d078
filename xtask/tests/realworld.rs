//! The crate generated from `codegen/tests/fixtures/realworld.yaml`, used as a downstream
//! crate would: server URL variables, error bodies that are not objects, parameters that are
//! not plain scalars and bodies other than JSON, each checked on the wire over real HTTP on
//! 127.0.0.1.

use authlete_fake::raw::{Action, RawServer};
use golden_realworld::error::ErrorBody;
use golden_realworld::models::Problem;
use golden_realworld::{Client, Error, RetryPolicy, Server};

fn client(server: &RawServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
}

/// The documented error body when it is a `Problem`.
fn problem(e: &Error) -> Option<&Problem> {
    match e.error_body()? {
        ErrorBody::Problem(p) => Some(p),
        _ => None,
    }
}

#[test]
fn a_server_url_with_variables_starts_at_their_defaults() {
    assert_eq!(Server::Archive.url(), "https://eu.archive.example:443/v1");
    assert_eq!(Server::default(), Server::Archive);
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(), "https://eu.archive.example:443/v1");
}

#[test]
fn server_variables_are_chosen_on_the_builder_and_checked() {
    let client = Client::builder()
        .server_variable("region", "us")
        .server_variable("port", "8443")
        .server_variable("scheme", "http")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), "http://us.archive.example:8443/v1");

    let refused = |builder: golden_realworld::ClientBuilder| match builder.build() {
        Err(Error::InvalidInput { name, reason, .. }) => {
            assert_eq!(name, "server_variable");
            reason
        }
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    let reason = refused(Client::builder().server_variable("region", "mars"));
    assert!(reason.contains(r#"["eu", "us"]"#), "{reason}");
    let reason = refused(Client::builder().server_variable("zone", "a"));
    assert!(
        reason.contains("no variable `zone`") && reason.contains("`region`"),
        "{reason}"
    );
    let reason = refused(Client::builder().server_variable("port", "80 80"));
    assert!(reason.contains("spaces"), "{reason}");
    // A value cannot move the host: `user@evil` would make `evil` the host.
    let reason = refused(Client::builder().server_variable("port", "1@evil.example"));
    assert!(reason.contains("`@`"), "{reason}");
    let reason = refused(
        Client::builder()
            .server(Server::Global)
            .server_variable("region", "us"),
    );
    assert!(reason.contains("no URL variables"), "{reason}");
}

#[tokio::test]
async fn error_bodies_that_are_not_objects_are_kept_as_received() {
    let cases: [(u16, &str); 3] = [
        (404, r#""no document p1""#),
        (409, r#"{"held_by":"ann","since":3}"#),
        (410, "{}"),
    ];
    for (status, body) in cases {
        let server = RawServer::start(move |_, _| Action::json(status, body))
            .await
            .unwrap();
        let e = client(&server)
            .documents()
            .get_document("p1")
            .await
            .unwrap_err();
        match &e {
            Error::Api {
                status: got,
                body: kept,
                ..
            } => {
                assert_eq!(*got, status);
                assert_eq!(kept, body.as_bytes());
            }
            other => panic!("{status}: expected Error::Api, got {other:?}"),
        }
        assert_eq!(server.requests()[0].target(), "/documents/p1");
    }
}

#[tokio::test]
async fn parameters_that_are_not_plain_scalars_go_on_the_wire_as_declared() {
    use golden_realworld::models::{
        ListDocumentsCreated, ListDocumentsKind, ListDocumentsOwner, ListDocumentsPage,
        ListDocumentsRange, NameOrId, SortMode,
    };
    let server = RawServer::start(|_, _| Action::json(200, r#"[{"id":"d1"}]"#))
        .await
        .unwrap();
    let client = client(&server);
    let docs = client
        .documents()
        .list_documents(NameOrId::Name("inbox".into()))
        .owner(ListDocumentsOwner::from(42))
        .sort(SortMode::Oldest)
        .label("drafts")
        .kind(ListDocumentsKind::Memo)
        .tag("urgent")
        .id(["a", "b"])
        .created(ListDocumentsCreated::new().gte(10).lt(20))
        .expand(["owner", "folder"])
        .page(ListDocumentsPage::new().size(50).cursor("c 1"))
        .range(ListDocumentsRange::new().from(1).to(9))
        .await
        .unwrap();
    assert_eq!(docs[0].id, "d1");
    let target = server.requests()[0].target().to_string();
    let (path, query) = target.split_once('?').unwrap();
    assert_eq!(path, "/folders/inbox/documents");
    let pairs: Vec<(String, String)> = query
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect();
    let expected = [
        ("owner", "42"),
        ("sort", "oldest"),
        ("label", "drafts"),
        ("kind", "memo"),
        ("tag", "urgent"),
        ("id", "a"),
        ("id", "b"),
        ("created[gte]", "10"),
        ("created[lt]", "20"),
        ("expand[]", "owner"),
        ("expand[]", "folder"),
        ("size", "50"),
        ("cursor", "c 1"),
        ("range", "from,1,to,9"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(pairs, expected, "{target}");
    // Brackets are percent-encoded on the wire, as form encoding does.
    assert!(query.contains("created%5Bgte%5D=10"), "{query}");

    // The other alternative of the ID, and a string for the number-or-name.
    client
        .documents()
        .list_documents(NameOrId::Id("0b6e3c1a-5e1f-4a5e-9d35-2a8f0f9e1c11".into()))
        .owner("ann")
        .await
        .unwrap();
    assert_eq!(
        server.requests()[1].target(),
        "/folders/0b6e3c1a-5e1f-4a5e-9d35-2a8f0f9e1c11/documents?owner=ann"
    );
}

/// Form decoding of one query component: `+` is a space, `%XX` a byte.
fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).unwrap()
}

#[tokio::test]
async fn text_and_byte_bodies_are_sent_as_they_are() {
    use golden_realworld::Upload;
    let server = RawServer::start(|_, _| Action::with_type(204, "text/plain", ""))
        .await
        .unwrap();
    let client = client(&server);
    let docs = client.documents();
    docs.put_text("d1", "# Title\nbody é").await.unwrap();
    docs.put_scan(
        "d1",
        Upload::bytes(vec![0x89, b'P', b'N', b'G']).content_type("image/png"),
    )
    .await
    .unwrap();
    docs.put_scan("d1", vec![1u8, 2, 3]).await.unwrap();
    docs.post_raw("d1").await.unwrap();
    docs.post_raw("d1").body(&b"\x00\xffraw"[..]).await.unwrap();
    let seen = server.requests();
    let line = |i: usize| seen[i].request_line.clone();
    assert_eq!(line(0), "PUT /documents/d1/text HTTP/1.1");
    assert_eq!(seen[0].header("content-type"), Some("text/plain"));
    assert_eq!(seen[0].body, "# Title\nbody é".as_bytes());
    assert_eq!(line(1), "PUT /documents/d1/scan HTTP/1.1");
    assert_eq!(seen[1].header("content-type"), Some("image/png"));
    assert_eq!(seen[1].body, [0x89, b'P', b'N', b'G']);
    // The document allows any image; without a choice the bytes go as octet-stream.
    assert_eq!(
        seen[2].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(seen[2].body, [1, 2, 3]);
    assert_eq!(line(3), "POST /documents/d1/raw HTTP/1.1");
    assert_eq!(seen[3].header("content-type"), None);
    assert!(seen[3].body.is_empty());
    assert_eq!(
        seen[4].header("content-type"),
        Some("application/octet-stream")
    );
    assert_eq!(seen[4].body, b"\x00\xffraw");
}

#[tokio::test]
async fn bytes_are_sent_again_on_a_retry_and_a_stream_only_once() {
    use golden_realworld::Upload;
    let server = RawServer::start(|n, _| match n % 2 {
        0 => Action::with_type(503, "text/plain", "busy"),
        _ => Action::with_type(204, "text/plain", ""),
    })
    .await
    .unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .retry_policy(
            RetryPolicy::default()
                .jitter(false)
                .initial_backoff(std::time::Duration::from_millis(1)),
        )
        .build()
        .unwrap();
    // PUT is idempotent: the 503 is retried with the same bytes.
    client
        .documents()
        .put_scan("d1", vec![7u8; 3])
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0].body, seen[1].body);

    // A stream cannot be read twice: the 503 is the answer.
    let upload = Upload::stream(reqwest::Body::from("streamed"));
    let request = client.documents().put_scan("d1", upload);
    let again = request.clone();
    let e = request.await.unwrap_err();
    assert_eq!(e.status(), Some(503), "{e:?}");
    assert_eq!(server.requests().len(), 3);
    assert_eq!(server.requests()[2].body, b"streamed");
    // A clone of the request shares the stream, which has been sent.
    match again.await {
        Err(Error::InvalidInput { name, .. }) => assert_eq!(name, "body"),
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn alternatives_that_only_require_properties_leave_one_struct() {
    use golden_realworld::models::{UpdateDocumentRequest, UpdateDocumentRequestState};
    let server = RawServer::start(|_, _| Action::json(200, r#"{"id":"d1","title":"New"}"#))
        .await
        .unwrap();
    let doc = client(&server)
        .documents()
        .update_document(
            "d1",
            UpdateDocumentRequest::new()
                .title("New")
                .state(UpdateDocumentRequestState::Final),
        )
        .await
        .unwrap();
    assert_eq!(doc.title.as_deref(), Some("New"));
    let seen = &server.requests()[0];
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.body, br#"{"title":"New","state":"final"}"#);
}

#[tokio::test]
async fn required_lists_without_explode_are_one_value() {
    let server = RawServer::start(|_, _| Action::with_type(204, "text/plain", ""))
        .await
        .unwrap();
    client(&server)
        .documents()
        .export_documents(["a", "b c"], vec![2024, 2025])
        .await
        .unwrap();
    assert_eq!(
        server.requests()[0].target(),
        "/exports?ids=a%2Cb+c&years=2024%2C2025"
    );
}

#[tokio::test]
async fn references_through_aliases_and_into_components_resolve() {
    use golden_realworld::models::{Shape, ShapeCircle, ShapeCircleKind};
    let server = RawServer::start(|n, _| match n {
        0 => Action::json(200, r#"{"kind":"square","side":2.5}"#),
        1 => Action::json(
            400,
            r#"{"title":"too round","detail":null,"hint":"use a square"}"#,
        ),
        _ => Action::json(200, r#"{"text":"big"}"#),
    })
    .await
    .unwrap();
    let client = client(&server);
    let shapes = client.shapes();
    let circle = Shape::Circle(ShapeCircle::new(ShapeCircleKind::Circle, 1.5));
    // A parameter and a body given through aliases; a success typed through a response.
    let stored = shapes.add_shape(circle.clone()).page(2).await.unwrap();
    match stored {
        Shape::Square(square) => assert_eq!(square.side, 2.5),
        other => panic!("{other:?}"),
    }
    let seen = &server.requests()[0];
    assert_eq!(seen.target(), "/shapes?page=2");
    assert_eq!(seen.body, br#"{"kind":"circle","radius":1.5}"#);
    // An error response given through an alias, with `allOf` parts that only adjust.
    let e = shapes.add_shape(circle).await.unwrap_err();
    let problem = problem(&e).expect("a documented problem");
    assert_eq!(problem.title, "too round");
    assert_eq!(problem.detail, None);
    assert_eq!(e.to_string(), "400 title=too round, hint=use a square");
    // A success typed as a property of another schema.
    let label = shapes.shape_label("s1").await.unwrap();
    assert_eq!(label.text.as_deref(), Some("big"));
}

#[tokio::test]
async fn a_status_range_documents_every_status_in_it() {
    let server = RawServer::start(|n, _| match n {
        0 => Action::json(503, r#"{"title":"down for maintenance"}"#),
        _ => Action::json(418, r#"{"title":"teapot"}"#),
    })
    .await
    .unwrap();
    let client = client(&server);
    let e = client.documents().get_document("p1").await.unwrap_err();
    assert!(matches!(e, Error::Service { status: 503, .. }), "{e:?}");
    assert_eq!(
        problem(&e).map(|p| p.title.as_str()),
        Some("down for maintenance")
    );
    // 4xx is not documented for this operation: the body is kept as received.
    let e = client.documents().get_document("p1").await.unwrap_err();
    assert!(matches!(e, Error::Api { status: 418, .. }), "{e:?}");
}

#[tokio::test]
async fn a_multipart_body_sends_a_part_per_property() {
    use golden_realworld::Upload;
    use golden_realworld::models::{AttachRequest, AttachRequestKind, AttachRequestMeta};
    let server = RawServer::start(|_, _| Action::with_type(204, "text/plain", ""))
        .await
        .unwrap();
    let body = AttachRequest::new(
        Upload::bytes(vec![0xff, 0x00, b'x'])
            .file_name("scan \"1\".png")
            .content_type("image/png"),
    )
    .more(vec![Upload::bytes(b"second".to_vec())])
    .caption("Front page")
    .pages(2)
    .tags(["a", "b"])
    .kind(AttachRequestKind::Letter)
    .meta(AttachRequestMeta::new().source("scanner"));
    client(&server)
        .documents()
        .attach("d1", body)
        .await
        .unwrap();
    let seen = &server.requests()[0];
    let content_type = seen.header("content-type").unwrap();
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .expect(content_type);
    let mut expected = Vec::new();
    let mut part = |head: &str, body: &[u8]| {
        expected.extend_from_slice(format!("--{boundary}\r\n{head}\r\n\r\n").as_bytes());
        expected.extend_from_slice(body);
        expected.extend_from_slice(b"\r\n");
    };
    part(
        "Content-Disposition: form-data; name=\"file\"; filename=\"scan \\\"1\\\".png\"\r\nContent-Type: image/png",
        &[0xff, 0x00, b'x'],
    );
    part(
        "Content-Disposition: form-data; name=\"more\"; filename=\"more\"\r\nContent-Type: application/octet-stream",
        b"second",
    );
    part(
        "Content-Disposition: form-data; name=\"caption\"",
        b"Front page",
    );
    part("Content-Disposition: form-data; name=\"pages\"", b"2");
    part("Content-Disposition: form-data; name=\"tags\"", b"a");
    part("Content-Disposition: form-data; name=\"tags\"", b"b");
    part("Content-Disposition: form-data; name=\"kind\"", b"letter");
    part(
        "Content-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json",
        br#"{"source":"scanner"}"#,
    );
    expected.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    assert_eq!(
        String::from_utf8_lossy(&seen.body),
        String::from_utf8_lossy(&expected)
    );
    assert_eq!(seen.body, expected);
}

#[tokio::test]
async fn a_form_body_with_nested_values_is_sent_in_brackets() {
    use golden_realworld::models::{
        SubmitFormRequest, SubmitFormRequestAddress, SubmitFormRequestLinesItem,
    };
    let server = RawServer::start(|_, _| Action::with_type(204, "text/plain", ""))
        .await
        .unwrap();
    let body = SubmitFormRequest::new("Q3 & Q4")
        .tags(["x", "y z"])
        .address(SubmitFormRequestAddress::new().city("Oslo"))
        .lines(vec![
            SubmitFormRequestLinesItem::new().sku("A-1").qty(2),
            SubmitFormRequestLinesItem::new().sku("B-2"),
        ]);
    client(&server)
        .documents()
        .submit_form("d1", body)
        .await
        .unwrap();
    let seen = &server.requests()[0];
    assert_eq!(
        seen.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let pairs: Vec<(String, String)> = String::from_utf8(seen.body.clone())
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect();
    let expected = [
        ("title", "Q3 & Q4"),
        ("tags", "x"),
        ("tags", "y z"),
        ("address[city]", "Oslo"),
        ("lines[0][sku]", "A-1"),
        ("lines[0][qty]", "2"),
        ("lines[1][sku]", "B-2"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    assert_eq!(pairs, expected);
}

#[tokio::test]
async fn an_any_of_of_a_number_and_an_enum_is_one_query_value() {
    use golden_realworld::models::GetDocumentRevisionEnum;
    let server = RawServer::start(|_, _| Action::json(200, r#"{"id":"p1"}"#))
        .await
        .unwrap();
    let docs = client(&server).documents();
    docs.get_document("p1").revision(7).await.unwrap();
    docs.get_document("p1")
        .revision(GetDocumentRevisionEnum::Latest)
        .await
        .unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].target(), "/documents/p1?revision=7");
    assert_eq!(seen[1].target(), "/documents/p1?revision=latest");
}

#[tokio::test]
async fn alternatives_that_add_properties_join_the_struct_as_optional_fields() {
    use golden_realworld::models::Payment;
    let server = RawServer::start(|_, _| Action::json(200, r#"{"amount":5,"iban":"NO93"}"#))
        .await
        .unwrap();
    let paid = client(&server)
        .documents()
        .pay(Payment::new(5).number("4242").cvc("123"))
        .await
        .unwrap();
    assert_eq!(
        (paid.amount, paid.iban.as_deref(), paid.number),
        (5, Some("NO93"), None)
    );
    assert_eq!(
        server.requests()[0].body,
        br#"{"amount":5,"number":"4242","cvc":"123"}"#
    );
}

#[test]
fn a_relative_server_asks_for_the_whole_url() {
    match Client::builder().server(Server::SameHost).build() {
        Err(Error::InvalidInput { name, reason, .. }) => {
            assert_eq!(name, "base_url");
            assert!(
                reason.contains("relative") && reason.contains("ClientBuilder::base_url"),
                "{reason}"
            );
            assert!(reason.contains("https://api.example.com/v1"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_success_range_covers_the_statuses_not_listed_beside_it() {
    use golden_realworld::documents::ArchiveDocumentOutcome as Outcome;
    let server = RawServer::start(|n, _| match n {
        0 => Action::Respond {
            status: 204,
            headers: Vec::new(),
            body: Vec::new(),
        },
        1 => Action::json(201, r#"{"id":"p1","title":"old"}"#),
        _ => Action::json(200, r#"{"id":"p1"}"#),
    })
    .await
    .unwrap();
    let client = client(&server);
    let archive = || client.documents().archive_document("p1");
    assert_eq!(archive().await.unwrap(), Outcome::NoContent);
    match archive().await.unwrap() {
        Outcome::OtherSuccess(doc) => {
            assert_eq!((doc.id.as_str(), doc.title.as_deref()), ("p1", Some("old")))
        }
        other => panic!("expected the 2XX outcome, got {other:?}"),
    }
    assert!(matches!(archive().await.unwrap(), Outcome::OtherSuccess(_)));
}

#[tokio::test]
async fn a_listed_error_status_is_not_taken_by_the_range_around_it() {
    let server = RawServer::start(|n, _| match n {
        0 => Action::json(404, r#""no document p1""#),
        _ => Action::json(422, r#"{"title":"archived already"}"#),
    })
    .await
    .unwrap();
    let client = client(&server);
    let e = client.documents().archive_document("p1").await.unwrap_err();
    match &e {
        Error::Api { status, body, .. } => {
            assert_eq!(
                (*status, body.as_slice()),
                (404, &br#""no document p1""#[..])
            )
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    let e = client.documents().archive_document("p1").await.unwrap_err();
    assert!(matches!(e, Error::Service { status: 422, .. }), "{e:?}");
    assert_eq!(
        problem(&e).map(|p| p.title.as_str()),
        Some("archived already")
    );
}

#[tokio::test]
async fn shared_components_are_one_type_for_every_operation_that_uses_them() {
    use golden_realworld::models::{NotAllowed, Version};
    let server = RawServer::start(|_, _| Action::json(403, r#"{"reason":"locked"}"#))
        .await
        .unwrap();
    let docs = client(&server).documents();
    // One parameter type, named after the component, for both operations.
    let version: Version = 3.into();
    let errors = [
        docs.get_document("p1").version(version).await.unwrap_err(),
        docs.archive_document("p1")
            .version("draft")
            .await
            .unwrap_err(),
    ];
    // One error body type, named after the response component.
    for e in &errors {
        let body: &NotAllowed = match e.error_body() {
            Some(ErrorBody::NotAllowed(body)) => body,
            other => panic!("expected the shared body, got {other:?}"),
        };
        assert_eq!(body.reason, "locked");
    }
    let seen = server.requests();
    assert_eq!(seen[0].target(), "/documents/p1?version=3");
    assert_eq!(seen[1].target(), "/documents/p1/archive?version=draft");
}

#[tokio::test]
async fn one_name_in_several_locations_is_one_input_per_location() {
    let server = RawServer::start(|_, _| Action::Respond {
        status: 204,
        headers: Vec::new(),
        body: Vec::new(),
    })
    .await
    .unwrap();
    let docs = client(&server).documents();
    docs.copy_document("p1", "h1", 7).to("q").await.unwrap();
    docs.copy_document("p2", "h2", 8).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].target(), "/documents/p1/copy?to=q");
    assert_eq!(seen[0].header("id"), Some("h1"));
    assert_eq!(seen[0].header("to"), Some("7"));
    // The optional query value stays optional although the header of that name is required.
    assert_eq!(seen[1].target(), "/documents/p2/copy");
    assert_eq!(seen[1].header("to"), Some("8"));
}

/// The name-value pairs of a form body, decoded.
fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8(body.to_vec())
        .unwrap()
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            (decode(k), decode(v))
        })
        .collect()
}

#[tokio::test]
async fn a_form_body_follows_its_encoding_property_by_property() {
    use golden_realworld::models::{
        SubmitStyledRequest, SubmitStyledRequestFilter, SubmitStyledRequestMeta,
        SubmitStyledRequestPlain,
    };
    let server = RawServer::start(|_, _| Action::with_type(204, "text/plain", ""))
        .await
        .unwrap();
    let body = SubmitStyledRequest::new()
        .filter(SubmitStyledRequestFilter::new().state("open").owner("ann"))
        .labels(["a b", "c"])
        .ids(vec![1, 2, 3])
        .meta(SubmitStyledRequestMeta::new().source("web"))
        .plain(SubmitStyledRequestPlain::new().x("1"))
        .other(["p", "q"]);
    client(&server)
        .documents()
        .submit_styled("d1", body)
        .await
        .unwrap();
    let pairs = form_pairs(&server.requests()[0].body);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (&k[..], &v[..])).collect();
    assert_eq!(
        pairs,
        [
            ("filter[state]", "open"),
            ("filter[owner]", "ann"),
            ("labels", "a b|c"),
            ("ids", "1,2,3"),
            ("meta", r#"{"source":"web"}"#),
            ("x", "1"),
            ("other", "p"),
            ("other", "q"),
        ]
    );
}

#[tokio::test]
async fn multipart_parts_take_the_content_type_their_encoding_gives() {
    use golden_realworld::Upload;
    use golden_realworld::models::{AttachScanRequest, AttachScanRequestMeta};
    let server = RawServer::start(|_, _| Action::with_type(204, "text/plain", ""))
        .await
        .unwrap();
    let docs = client(&server).documents();
    let body = AttachScanRequest::new(Upload::bytes(b"png".to_vec()))
        .note("# Seen")
        .meta(AttachScanRequestMeta::new().source("s"));
    docs.attach_scan("d1", body).await.unwrap();
    // A content type given with the upload wins over the document's.
    let body = AttachScanRequest::new(Upload::bytes(b"jpg".to_vec()).content_type("image/jpeg"));
    docs.attach_scan("d1", body).await.unwrap();
    let seen = server.requests();
    let text = String::from_utf8_lossy(&seen[0].body);
    for head in [
        "name=\"scan\"; filename=\"scan\"\r\nContent-Type: image/png\r\n\r\npng\r\n",
        "name=\"note\"\r\nContent-Type: text/markdown\r\n\r\n# Seen\r\n",
        "name=\"meta\"\r\nContent-Type: application/vnd.doc+json\r\n\r\n{\"source\":\"s\"}\r\n",
    ] {
        assert!(text.contains(head), "{head:?} not in {text:?}");
    }
    let text = String::from_utf8_lossy(&seen[1].body);
    assert!(
        text.contains("Content-Type: image/jpeg\r\n\r\njpg\r\n"),
        "{text:?}"
    );
}

#[tokio::test]
async fn a_base_schema_with_a_discriminator_decodes_as_the_kind_that_extends_it() {
    use golden_realworld::models::{Animal, CatHuntingSkill, Pet};
    let server = RawServer::start(|n, _| match n {
        0 => Action::json(
            200,
            r#"[{"name":"Tom","petType":"cat","huntingSkill":"lazy"},
                {"name":"Rex","petType":"dog","packSize":3},
                {"name":"Nemo","petType":"fish"}]"#,
        ),
        1 => Action::json(200, r#"[{"name":"Rex","petType":"dog"}]"#),
        _ => Action::json(
            200,
            r#"[{"kind":"Bird","wings":2},{"kind":"Fish","fins":4},{"kind":"Parrot","wings":2,"talks":true}]"#,
        ),
    })
    .await
    .unwrap();
    let shapes = client(&server).shapes();
    let pets = shapes.list_pets().await.unwrap();
    match &pets[..] {
        [Pet::Cat(cat), Pet::Dog(dog), Pet::Unknown(other)] => {
            assert_eq!(cat.name, "Tom");
            assert_eq!(cat.hunting_skill, Some(CatHuntingSkill::Lazy));
            assert_eq!((dog.name.as_str(), dog.pack_size), ("Rex", 3));
            assert_eq!(other["name"], "Nemo");
        }
        other => panic!("{other:?}"),
    }
    // The kind's own required properties still apply.
    let e = shapes.list_pets().await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
    assert!(e.to_string().contains("packSize"), "{e}");
    // Without a mapping, each schema that extends the base is selected by its own name.
    let animals = shapes.list_animals().await.unwrap();
    match &animals[..] {
        [
            Animal::Bird(bird),
            Animal::Fish(fish),
            Animal::Parrot(parrot),
        ] => {
            assert_eq!((bird.wings, fish.fins), (Some(2), Some(4)));
            // A kind of a kind (Parrot extends Bird, which extends Animal) is one too.
            assert_eq!((parrot.wings, parrot.talks), (Some(2), Some(true)));
        }
        other => panic!("{other:?}"),
    }
    // A kind serializes with its tag, as it was received, and with its own tag when the
    // value says another.
    assert_eq!(
        serde_json::to_value(&pets[1]).unwrap(),
        serde_json::json!({"name":"Rex","petType":"dog","packSize":3})
    );
    let dog = Pet::from(golden_realworld::models::Dog::new("Max", "cat", 2));
    assert_eq!(
        serde_json::to_value(&dog).unwrap(),
        serde_json::json!({"name":"Max","petType":"dog","packSize":2})
    );
}

#[tokio::test]
async fn lists_and_maps_that_contain_themselves_are_types_of_their_own() {
    use golden_realworld::models::{Forest, Tree};
    let server = RawServer::start(|_, _| Action::json(200, r#"{"oak":{"elm":{}},"ash":{}}"#))
        .await
        .unwrap();
    let tree = Tree(vec![Tree(vec![]), Tree(vec![Tree::default()])]);
    let forest = client(&server).shapes().plant_tree(tree).await.unwrap();
    assert_eq!(server.requests()[0].body, b"[[],[[]]]");
    assert_eq!(forest.0["oak"].0["elm"], Forest::default());
    assert!(forest.0["ash"].0.is_empty());
}

#[tokio::test]
async fn a_query_value_that_is_an_object_or_a_number_is_sent_as_either() {
    use golden_realworld::models::{ListDocumentsUpdated, ListDocumentsUpdatedRange, NameOrId};
    let server = RawServer::start(|_, _| Action::json(200, "[]"))
        .await
        .unwrap();
    let docs = client(&server).documents();
    let inbox = || NameOrId::Name("inbox".into());
    docs.list_documents(inbox()).updated(1700).await.unwrap();
    let range = ListDocumentsUpdatedRange::new().gte(1).lt(2);
    docs.list_documents(inbox())
        .updated(range.clone())
        .await
        .unwrap();
    assert_eq!(
        ListDocumentsUpdated::from(range.clone()),
        ListDocumentsUpdated::Range(range)
    );
    let seen = server.requests();
    assert_eq!(seen[0].target(), "/folders/inbox/documents?updated=1700");
    assert_eq!(
        seen[1].target(),
        "/folders/inbox/documents?updated%5Bgte%5D=1&updated%5Blt%5D=2"
    );
}

#[tokio::test]
async fn unsigned_formats_are_unsigned_types() {
    let server = RawServer::start(|n, _| match n {
        0 => Action::json(
            200,
            r#"{"id":"d","bytes":18446744073709551615,"copies":4294967295}"#,
        ),
        _ => Action::json(200, r#"{"id":"d","bytes":-1}"#),
    })
    .await
    .unwrap();
    let docs = client(&server).documents();
    let doc = docs.get_document("d").await.unwrap();
    let (bytes, copies): (Option<u64>, u32) = (doc.bytes, doc.copies);
    assert_eq!((bytes, copies), (Some(u64::MAX), u32::MAX));
    let e = docs.get_document("d").await.unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
}

#[tokio::test]
async fn list_items_and_map_values_that_may_be_null_are_options() {
    let server = RawServer::start(|_, _| {
        Action::json(
            200,
            r#"{"id":"d","marks":["a",null],"scores":{"x":1,"y":null}}"#,
        )
    })
    .await
    .unwrap();
    let doc = client(&server).documents().get_document("d").await.unwrap();
    assert_eq!(doc.marks, Some(vec![Some("a".to_string()), None]));
    let scores = doc.scores.unwrap();
    assert_eq!((scores["x"], scores["y"]), (Some(1), None));
}
