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
