use crate::limits::SNIPPET_LIMIT;
use crate::redact::{Secrets, redact, redact_values_of, snippet};

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
fn a_key_without_a_value_or_with_a_literal_is_left_alone() {
    let text = r#"{"clientSecret":null,"apiKey":false,"note":"clientSecret"}"#;
    assert_eq!(redact(text, SECRETS), text);
}

#[test]
fn keys_spelled_with_escapes_are_found() {
    let text = r#"{"client\u0053ecret":"hunter2","\u0061piKey" : "k3y","x":"hunter2"}"#;
    let shown = redact(text, SECRETS);
    assert!(
        !shown.contains("hunter2") && !shown.contains("k3y"),
        "{shown}"
    );
}

#[test]
fn secret_values_that_are_not_strings_are_replaced_whole() {
    let text = r#"{"clientSecret":["alpha-1",{"b":"beta-2"}],"apiKey":12345678,"n":1}"#;
    assert_eq!(
        redact(text, SECRETS),
        r#"{"clientSecret":"<redacted>","apiKey":"<redacted>","n":1}"#
    );
    let message = "unknown variant `beta-2`";
    assert_eq!(
        redact_values_of(message, text, SECRETS),
        "unknown variant `<redacted>`"
    );
}

#[test]
fn sent_values_are_removed_in_every_form_a_server_echoes() {
    let token = "t0k/en+\"q&<x>";
    let secrets = Secrets::new(&[], vec![token.to_string()]);
    let echoes = [
        format!("<p>Bad token {token}</p>"),
        format!("<p>Bad token {}</p>", "t0k/en+&quot;q&amp;&lt;x&gt;"),
        format!(r#"{{"error":"bad {}"}}"#, r#"t0k/en+\"q&<x>"#),
        format!(r#"{{"error":"bad {}"}}"#, r#"t0k\/en+\"q&<x>"#),
        "token=t0k%2Fen%2B%22q%26%3Cx%3E".to_string(),
    ];
    for echo in echoes {
        let shown = secrets.text(&echo);
        assert!(shown.contains("<redacted>"), "{echo} -> {shown}");
        assert!(!shown.contains("t0k"), "{echo} -> {shown}");
    }
}

#[test]
fn kept_json_bodies_lose_sent_values_however_escaped() {
    let secrets = Secrets::new(&["clientSecret"], vec!["s3cr3t-value".to_string()]);
    // `\u0073` is an `s`: the echo is found after the escapes are read.
    let body =
        br#"{"resultMessage":"secret \u00733cr3t-value refused","clientSecret":"server-side"}"#;
    let kept = secrets.body(body.to_vec(), false);
    let kept: serde_json::Value = serde_json::from_slice(&kept).unwrap();
    assert_eq!(kept["resultMessage"], "secret <redacted> refused");
    // The values of secret properties are the server's data: kept, and redacted when shown.
    assert_eq!(kept["clientSecret"], "server-side");
    let untouched = br#"{"resultMessage":"nothing to hide"}"#;
    assert_eq!(secrets.body(untouched.to_vec(), false), untouched);
    let bytes = secrets.body(b"\xff s3cr3t-value \xfe".to_vec(), false);
    assert_eq!(bytes, b"\xff <redacted> \xfe");
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

#[test]
fn hostile_values_cannot_make_redaction_grow_or_slow() {
    // Values under secret keys that are pieces of the marker itself, and a long body: the
    // work is one pass over a bounded text, and markers are never rewritten.
    let body = format!(
        r#"{{"clientSecret":["<",">","r","e","d","a","c","t","redacted","<red"],"pad":"{}"}}"#,
        "e".repeat(1_000_000)
    );
    let started = std::time::Instant::now();
    let shown = snippet(body.as_bytes(), SECRETS);
    let message = redact_values_of("invalid type: redacted thing", &body, SECRETS);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
    assert!(shown.chars().count() <= SNIPPET_LIMIT + 1, "{shown}");
    assert!(
        shown.starts_with(r#"{"clientSecret":"<redacted>","pad":"eee"#),
        "{shown}"
    );
    assert!(
        message.contains("<redacted>") && !message.contains("<<"),
        "{message}"
    );
    // Many distinct values are capped.
    let many: Vec<String> = (0..50_000)
        .map(|i| format!(r#""apiKey":"value-{i:06}""#))
        .collect();
    let body = format!("{{{}}}", many.join(","));
    let started = std::time::Instant::now();
    let _ = redact_values_of("value-000001 value-049999", &body, SECRETS);
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn values_shorter_than_the_minimum_are_left_alone() {
    let secrets = Secrets::new(&["clientSecret"], vec!["abc".to_string()]);
    assert_eq!(secrets.text("abc abcd"), "abc abcd");
    let text = r#"{"clientSecret":"e","message":"invalid type"}"#;
    assert_eq!(
        redact_values_of("invalid type", text, SECRETS),
        "invalid type"
    );
}

#[test]
fn secrets_inside_json_written_into_a_string_are_found() {
    let body = r#"{"detail":"{\"clientSecret\":\"SRV-SECRET-1\"}"}"#;
    let shown = redact(body, SECRETS);
    assert!(!shown.contains("SRV-SECRET-1"), "{shown}");
}

#[test]
fn numbers_under_secret_keys_leave_messages_too() {
    let body = r#"{"apiKey":987654321987}"#;
    let message = "invalid type: integer `987654321987`, expected a string";
    assert_eq!(
        redact_values_of(message, body, SECRETS),
        "invalid type: integer `<redacted>`, expected a string"
    );
}

#[test]
fn a_value_cut_at_the_end_of_a_kept_body_is_removed() {
    let secrets = Secrets::new(&[], vec!["tok-S3CR3T-0123456789abcdef".to_string()]);
    let body = b"...xxxxtok-S3CR3T".to_vec();
    assert_eq!(secrets.body(body.clone(), true), b"...xxxx<redacted>");
    // Only a cut body can end inside a value.
    assert_eq!(secrets.body(body.clone(), false), body);
}

#[test]
fn kept_bodies_stay_as_received_when_nothing_is_removed_after_escapes() {
    let secrets = Secrets::new(&[], vec!["tok-S3CR3T".to_string()]);
    // Key order, number spelling and a duplicate key survive: only the value changes.
    let body = br#"{"z":1.50,"a":"tok-S3CR3T","z":123456789012345678901234567890}"#;
    assert_eq!(
        secrets.body(body.to_vec(), false),
        br#"{"z":1.50,"a":"<redacted>","z":123456789012345678901234567890}"#
    );
}

#[test]
fn more_echo_forms_are_recognised() {
    let token = "tok/S3+CR=ET&<x>'q";
    let secrets = Secrets::new(&[], vec![token.to_string()]);
    for echo in [
        "tok%2fS3%2bCR%3dET%26%3cx%3e%27q",
        "tok&#47;S3&#43;CR&#61;ET&#38;&#60;x&#62;&#39;q",
        "tok/S3+CR=ET\\u0026\\u003cx\\u003e\\u0027q",
    ] {
        let shown = secrets.text(&format!("echo: {echo}"));
        assert_eq!(shown, "echo: <redacted>", "{echo}");
    }
}

#[test]
fn snippets_keep_to_one_line() {
    let shown = snippet(b"down\n2025 INFO login ok\x1b[2J\r", SECRETS);
    assert_eq!(shown, "down\\n2025 INFO login ok\\u{1b}[2J\\r");
}
