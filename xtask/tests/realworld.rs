//! The crate generated from `codegen/tests/fixtures/realworld.yaml`, used as a downstream
//! crate would: server URL variables, error bodies that are not objects, parameters that are
//! not plain scalars and bodies other than JSON, each checked on the wire over real HTTP on
//! 127.0.0.1.

use authlete_fake::raw::{Action, RawServer};
use golden_realworld::{Client, Error, RetryPolicy, Server};

fn client(server: &RawServer) -> Client {
    Client::builder()
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap()
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
        .id(vec!["a".into(), "b".into()])
        .created(ListDocumentsCreated::new().gte(10).lt(20))
        .expand(vec!["owner".into(), "folder".into()])
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
