//! Path and query values that try to change the request: each stays one path segment and
//! one query value, and reaches the server exactly as given.

mod common;

use authlete_client::{Client, Error, RetryPolicy};
use authlete_fake::percent_decode;
use authlete_fake::raw::{Action, RawServer};

fn client(base_url: &str) -> Client {
    common::client_with(base_url, RetryPolicy::none())
}

fn hostile() -> Vec<String> {
    [
        "/",
        "a/b",
        "../admin",
        "...",
        "?",
        "a?b=c",
        "#",
        "a#frag",
        "%",
        "%2F",
        "%2e%2e",
        "a b",
        " ",
        "+",
        "a+b",
        "\r\n",
        "x\r\nHost: evil",
        "\0",
        "é",
        "漢字",
        "😀",
        "&subject=other",
        "=",
        ";",
        "\\",
        "'\"<>",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([format!("long-{}", "x".repeat(8_000))])
    .collect()
}

#[tokio::test]
async fn path_and_query_values_keep_their_place_and_their_exact_value() {
    let server = RawServer::start(|_, _| Action::json(200, r#"{"totalCount":0}"#))
        .await
        .unwrap();
    let client = client(&server.base_url());
    for value in hostile() {
        client
            .client_management()
            .authorizations(value.as_str(), value.as_str())
            .start(1)
            .await
            .unwrap();
        let request = server.requests().pop().unwrap();
        let line = &request.request_line;
        assert!(
            line.starts_with("GET /api/") && line.ends_with(" HTTP/1.1"),
            "{line:?}"
        );
        assert_eq!(
            line.matches(' ').count(),
            2,
            "no raw space in the target: {line:?}"
        );
        assert!(!line.contains('\r') && !line.contains('\n'));

        let target = request.target();
        assert!(!target.contains('#'), "{target:?}");
        let (path, query) = target.split_once('?').expect("a query");
        let segments: Vec<&str> = path.split('/').skip(1).collect();
        assert_eq!(segments.len(), 7, "{value:?} changed the path: {path}");
        assert_eq!(segments[2..6], ["client", "authorization", "get", "list"]);
        assert_eq!(percent_decode(segments[1], false), value, "service id");
        assert_eq!(
            percent_decode(segments[6], false),
            value,
            "subject in the path"
        );

        let pairs: Vec<(String, String)> = query
            .split('&')
            .map(|p| p.split_once('=').unwrap())
            .map(|(k, v)| (percent_decode(k, true), percent_decode(v, true)))
            .collect();
        assert_eq!(
            pairs,
            [
                ("subject".to_string(), value.clone()),
                ("start".to_string(), "1".to_string())
            ]
        );
    }
}

#[tokio::test]
async fn empty_and_dot_segments_are_refused_before_sending() {
    let server = RawServer::start(|_, _| Action::json(200, "{}"))
        .await
        .unwrap();
    let client = client(&server.base_url());
    for (service, client_id) in [("", "1"), ("s", ""), (".", "1"), ("s", "..")] {
        let err = client
            .client_management()
            .requestable_scopes(service, client_id)
            .await
            .unwrap_err();
        let Error::InvalidInput { name, reason, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!(
            name,
            if service == "s" {
                "client_id"
            } else {
                "service_id"
            }
        );
        assert!(reason.contains("path"), "{reason}");
    }
    assert!(server.requests().is_empty(), "nothing was sent");
}

#[test]
fn tokens_that_cannot_be_headers_are_refused_when_building() {
    for token in ["line\nbreak", "carriage\rreturn", "nul\0", "del\u{7f}"] {
        let err = Client::builder().bearer_token(token).build().unwrap_err();
        assert!(
            matches!(&err, Error::InvalidInput { name, .. } if name == "bearer_token"),
            "{token:?}: {err:?}"
        );
        assert!(
            !err.to_string().contains(token),
            "the message does not repeat the token"
        );
    }
}
