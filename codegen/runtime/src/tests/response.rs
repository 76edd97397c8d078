use super::{Error, TestBody, decode_test_body, raw_response, response, sent_with};
use crate::limits::ERROR_BODY_LIMIT;
use crate::response::{bytes, decode, empty, is_json, json, read_bounded, text, unexpected};

#[derive(Debug, serde::Deserialize, PartialEq)]
struct Page {
    items: Vec<Item>,
}

#[derive(Debug, serde::Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Item {
    client_id: u64,
}

#[tokio::test]
async fn a_json_success_is_decoded() {
    let r = response(
        200,
        Some("application/json; charset=utf-8"),
        br#"{"items":[{"clientId":7}]}"#,
    );
    let page = json::<Page, _>(r, decode_test_body).await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(
        page.headers()["content-type"],
        "application/json; charset=utf-8"
    );
    // The fields read through the response, as the body's.
    assert_eq!(page.items.len(), 1);
    assert_eq!(
        page.into_body(),
        Page {
            items: vec![Item { client_id: 7 }]
        }
    );
}

#[tokio::test]
async fn a_decode_failure_names_the_field_path() {
    let r = response(
        200,
        Some("application/json"),
        br#"{"items":[{"clientId":7},{"clientId":"x"}]}"#,
    );
    let e = json::<Page, TestBody>(r, decode_test_body)
        .await
        .unwrap_err();
    match e {
        Error::Decode { status, path, .. } => {
            assert_eq!(status, 200);
            assert_eq!(path, "items[1].clientId");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn trailing_data_after_the_value_is_refused() {
    let e = decode::<Item, TestBody>(200, br#"{"clientId":1} {"#).unwrap_err();
    assert!(
        matches!(e, Error::Decode { ref path, .. } if path == "."),
        "{e:?}"
    );
}

#[test]
fn decode_errors_redact_secrets_in_message_and_snippet() {
    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    #[allow(dead_code, reason = "only decoding is tested")]
    struct Secretive {
        client_secret: u64,
    }
    let e = decode::<Secretive, TestBody>(200, br#"{"clientSecret":"hunter2"}"#).unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains("hunter2"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");
}

#[tokio::test]
async fn a_success_that_is_not_json_is_an_api_error() {
    let r = response(200, Some("text/html"), b"<html>maintenance</html>");
    let e = json::<Page, TestBody>(r, decode_test_body)
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Api { status: 200, ref body, .. } if body == b"<html>maintenance</html>"),
        "{e:?}"
    );
}

#[tokio::test]
async fn a_documented_error_body_is_a_service_error() {
    let r = response(
        400,
        Some("application/json"),
        br#"{"resultCode":"A001","resultMessage":"bad"}"#,
    );
    let e = empty::<TestBody>(r, decode_test_body).await.unwrap_err();
    let body = e.error_body().expect("a documented body");
    assert_eq!(body.result_code, "A001");
    assert_eq!(e.status(), Some(400));
}

#[tokio::test]
async fn an_undocumented_error_status_is_an_api_error() {
    let r = response(
        404,
        Some("application/json"),
        br#"{"resultCode":"A001","resultMessage":"bad"}"#,
    );
    let e = text::<TestBody>(r, decode_test_body).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Api {
                status: 404,
                truncated: false,
                ..
            }
        ),
        "{e:?}"
    );
    let r = response(400, Some("text/plain"), b"nope");
    let e = bytes::<TestBody>(r, decode_test_body).await.unwrap_err();
    assert!(matches!(e, Error::Api { status: 400, .. }), "{e:?}");
}

#[tokio::test]
async fn error_bodies_are_read_up_to_the_limit() {
    let big = vec![b'x'; ERROR_BODY_LIMIT + 1000];
    let r = response(502, Some("application/json"), &big);
    let e = empty::<TestBody>(r, decode_test_body).await.unwrap_err();
    match e {
        Error::Api {
            body, truncated, ..
        } => {
            assert_eq!(body.len(), ERROR_BODY_LIMIT);
            assert!(truncated);
        }
        other => panic!("unexpected {other:?}"),
    }
    let (body, truncated) = read_bounded::<TestBody>(raw_response(200, None, b"12345"), 5, None)
        .await
        .unwrap();
    assert_eq!((body.as_slice(), truncated), (&b"12345"[..], false));
    let (body, truncated) = read_bounded::<TestBody>(raw_response(200, None, b"123456"), 5, None)
        .await
        .unwrap();
    assert_eq!((body.as_slice(), truncated), (&b"12345"[..], true));
}

#[tokio::test]
async fn an_undocumented_success_status_is_reported_with_its_body() {
    let e = unexpected::<TestBody>(
        response(202, Some("text/plain"), b"accepted"),
        decode_test_body,
    )
    .await;
    assert!(
        matches!(e, Error::Api { status: 202, ref body, .. } if body == b"accepted"),
        "{e:?}"
    );
}

#[tokio::test]
async fn text_and_bytes_successes_are_returned_as_is() {
    assert_eq!(
        text::<TestBody>(response(200, Some("text/plain"), b"hi"), decode_test_body)
            .await
            .unwrap()
            .into_body(),
        "hi"
    );
    assert_eq!(
        bytes::<TestBody>(response(200, None, &[0, 1, 255]), decode_test_body)
            .await
            .unwrap()
            .into_body(),
        [0, 1, 255]
    );
}

#[test]
fn json_content_types_are_recognised() {
    for yes in [
        "application/json",
        "Application/JSON; charset=utf-8",
        "application/problem+json",
        " application/json ",
    ] {
        assert!(is_json(yes), "{yes}");
    }
    for no in ["text/json-ish", "application/jsonx", "text/plain", ""] {
        assert!(!is_json(no), "{no}");
    }
}

#[tokio::test]
async fn sent_secrets_echoed_in_any_error_body_are_removed() {
    const TOKEN: &str = "tok_9f8e7d6c5b";
    let html = format!("<html><body>Unauthorized: Bearer {TOKEN}</body></html>");
    let e = json::<Page, TestBody>(
        sent_with(401, Some("text/html"), html.as_bytes(), &[TOKEN]),
        decode_test_body,
    )
    .await
    .unwrap_err();
    let Error::Api { ref body, .. } = e else {
        panic!("{e:?}")
    };
    let kept = String::from_utf8_lossy(body);
    assert_eq!(
        kept,
        "<html><body>Unauthorized: Bearer <redacted></body></html>"
    );
    let shown = format!("{e} {e:?}");
    assert!(!shown.contains(TOKEN), "{shown}");

    let documented = format!(
        r#"{{"resultCode":"A001","resultMessage":"token {} is not valid"}}"#,
        TOKEN.replace('_', "\\u005f")
    );
    let e = json::<Page, TestBody>(
        sent_with(
            400,
            Some("application/json"),
            documented.as_bytes(),
            &[TOKEN],
        ),
        decode_test_body,
    )
    .await
    .unwrap_err();
    assert_eq!(
        e.error_body().map(|b| b.result_message.as_str()),
        Some("token <redacted> is not valid")
    );
    assert_eq!(e.to_string(), "400 A001: token <redacted> is not valid");

    let echoed = format!(r#"{{"items":"{TOKEN}"}}"#);
    let e = json::<Page, TestBody>(
        sent_with(200, Some("application/json"), echoed.as_bytes(), &[TOKEN]),
        decode_test_body,
    )
    .await
    .unwrap_err();
    let shown = format!("{e} {e:?}");
    assert!(matches!(e, Error::Decode { .. }), "{shown}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn a_success_without_a_body_keeps_its_status_and_headers() {
    let done = empty::<TestBody>(response(204, Some("text/plain"), b""), decode_test_body)
        .await
        .unwrap();
    assert_eq!(done.status(), 204);
    assert_eq!(done.headers()["content-type"], "text/plain");
    let mapped = done.map(|()| "done");
    assert_eq!(*mapped, "done");
}
