use crate::limits::SNIPPET_LIMIT;
use crate::redact::{redact, redact_values_of, snippet};

const SECRETS: &[&str] = &["clientSecret", "apiKey"];

#[test]
fn values_of_secret_properties_are_replaced() {
    let text = r#"{"clientId":1,"clientSecret" : "s3cr3t","apiKey":"k\"ey","other":"s3cr3t"}"#;
    assert_eq!(
        redact(text, SECRETS),
        r#"{"clientId":1,"clientSecret" : "<redacted>","apiKey":"<redacted>","other":"<redacted>"}"#
    );
}

#[test]
fn text_that_is_cut_off_is_still_redacted() {
    let text = r#"{"clientSecret":"s3cr3t-and-more"#;
    assert_eq!(redact(text, SECRETS), r#"{"clientSecret":"<redacted>"#);
}

#[test]
fn a_key_without_a_string_value_is_left_alone() {
    let text = r#"{"clientSecret":null,"note":"clientSecret"}"#;
    assert_eq!(redact(text, SECRETS), text);
}

#[test]
fn messages_quoting_a_secret_of_the_body_are_redacted() {
    let body = r#"{"clientSecret":"hunter2"}"#;
    let message = "invalid type: string \"hunter2\", expected u64";
    assert_eq!(
        redact_values_of(message, body, SECRETS),
        "invalid type: string \"<redacted>\", expected u64"
    );
}

#[test]
fn snippets_are_cut_at_the_limit_in_characters() {
    let long = "é".repeat(SNIPPET_LIMIT + 10);
    let cut = snippet(long.as_bytes(), SECRETS);
    assert_eq!(cut.chars().count(), SNIPPET_LIMIT + 1);
    assert!(cut.ends_with('…'));
    let short = snippet(b"short", SECRETS);
    assert_eq!(short, "short");
    assert_eq!(snippet(&[0xff, b'a'], SECRETS), "\u{fffd}a");
}

#[test]
fn a_secret_past_the_cut_is_redacted_before_cutting() {
    let mut body = format!(
        r#"{{"pad":"{}","clientSecret":"#,
        "x".repeat(SNIPPET_LIMIT - 30)
    );
    body.push_str(r#""abcdefghijklmnopqrstuvwxyz0123456789"}"#);
    let cut = snippet(body.as_bytes(), SECRETS);
    assert!(!cut.contains("abcdefghij"), "{cut}");
}
