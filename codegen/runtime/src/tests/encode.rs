use super::Error;
use crate::encode::{base64, check_string, path_segment, to_form, to_json};

#[test]
fn path_segments_encode_everything_but_unreserved_bytes() {
    let encode = |v: &str| path_segment::<super::TestBody>("id", v).unwrap();
    assert_eq!(encode("abc-XYZ_0.9~"), "abc-XYZ_0.9~");
    assert_eq!(encode("a/b"), "a%2Fb");
    assert_eq!(encode("?x=1#f"), "%3Fx%3D1%23f");
    assert_eq!(encode("50%"), "50%25");
    assert_eq!(encode("a b+c"), "a%20b%2Bc");
    assert_eq!(encode("\r\n\0"), "%0D%0A%00");
    assert_eq!(encode("é"), "%C3%A9");
    assert_eq!(encode("..."), "...");
}

#[test]
fn path_segments_refuse_empty_and_dot_segments() {
    for value in ["", ".", ".."] {
        let e: Error = path_segment("clientId", value).unwrap_err();
        match e {
            Error::InvalidInput { name, reason } => {
                assert_eq!(name, "clientId");
                assert!(reason.contains("segment of the request path"), "{reason}");
            }
            other => panic!("unexpected {other:?}"),
        }
    }
}

#[test]
fn strings_are_checked_by_length_in_characters() {
    let check = |v: &str| check_string::<super::TestBody>("s", v, Some(2), Some(3), None);
    assert!(check("ab").is_ok());
    assert!(check("ééé").is_ok(), "three characters, six bytes");
    let short = check("a").unwrap_err().to_string();
    assert_eq!(
        short,
        "invalid `s`: must be at least 2 characters long; it has 1"
    );
    let long = check("abcd").unwrap_err().to_string();
    assert_eq!(
        long,
        "invalid `s`: must be at most 3 characters long; it has 4"
    );
    let one = check_string::<super::TestBody>("s", "", Some(1), None, None).unwrap_err();
    assert!(
        one.to_string().contains("at least 1 character long"),
        "{one}"
    );
}

#[test]
fn patterns_name_the_rule_and_never_the_value() {
    let ranges: &[(char, char)] = &[('a', 'z'), ('0', '9'), ('-', '-')];
    let check = |v: &str| {
        check_string::<super::TestBody>("secret", v, None, None, Some((ranges, "^[a-z0-9-]+$")))
    };
    assert!(check("abc-123").is_ok());
    let e = check("abc DEF-hunter2").unwrap_err().to_string();
    assert_eq!(e, "invalid `secret`: must match the pattern `^[a-z0-9-]+$`");
    assert!(!e.contains("hunter2"));
}

#[test]
fn bodies_serialize_as_json_and_forms() {
    #[derive(serde::Serialize)]
    struct Flat {
        a: &'static str,
        b: u8,
    }
    assert_eq!(
        to_json::<super::TestBody, _>(&Flat { a: "x y", b: 2 })
            .unwrap()
            .bytes,
        br#"{"a":"x y","b":2}"#
    );
    assert_eq!(
        to_form::<super::TestBody, _>(&Flat { a: "x y", b: 2 }, &[])
            .unwrap()
            .bytes,
        b"a=x+y&b=2"
    );
    #[derive(serde::Serialize)]
    struct Nested {
        inner: Flat,
        tags: Vec<&'static str>,
        items: Vec<Flat>,
        none: Option<u8>,
    }
    let nested = to_form::<super::TestBody, _>(
        &Nested {
            inner: Flat { a: "", b: 0 },
            tags: vec!["x", "y"],
            items: vec![Flat { a: "z", b: 1 }],
            none: None,
        },
        &[],
    )
    .unwrap();
    assert_eq!(
        String::from_utf8(nested.bytes).unwrap(),
        "inner%5Ba%5D=&inner%5Bb%5D=0&tags=x&tags=y&items%5B0%5D%5Ba%5D=z&items%5B0%5D%5Bb%5D=1"
    );
    let e = to_form::<super::TestBody, _>(&vec![1, 2], &[]).unwrap_err();
    assert!(
        matches!(e, Error::InvalidInput { ref name, .. } if name == "body"),
        "{e}"
    );
}

#[test]
fn form_properties_are_written_as_their_encoding_says() {
    use crate::encode::FormStyle;
    #[derive(serde::Serialize)]
    struct Flat {
        a: &'static str,
        b: u8,
    }
    #[derive(serde::Serialize)]
    struct Body {
        deep: Flat,
        exploded: Flat,
        joined: Flat,
        commas: Vec<u8>,
        spaces: Vec<&'static str>,
        pipes: Vec<&'static str>,
        repeated: Vec<u8>,
        json: Flat,
        empty: Vec<u8>,
    }
    let body = Body {
        deep: Flat { a: "x", b: 1 },
        exploded: Flat { a: "y", b: 2 },
        joined: Flat { a: "z", b: 3 },
        commas: vec![1, 2],
        spaces: vec!["p q", "r"],
        pipes: vec!["s", "t"],
        repeated: vec![4, 5],
        json: Flat { a: "j", b: 6 },
        empty: Vec::new(),
    };
    let styles = [
        ("deep", FormStyle::Deep),
        ("exploded", FormStyle::Form { explode: true }),
        ("joined", FormStyle::Form { explode: false }),
        ("commas", FormStyle::Form { explode: false }),
        ("spaces", FormStyle::Spaces),
        ("pipes", FormStyle::Pipes),
        ("repeated", FormStyle::Form { explode: true }),
        ("json", FormStyle::Json),
        ("empty", FormStyle::Pipes),
    ];
    let form = to_form::<super::TestBody, _>(&body, &styles).unwrap();
    let text = String::from_utf8(form.bytes).unwrap();
    let pairs: Vec<(String, String)> = serde_urlencoded::from_str(&text).unwrap();
    let pairs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("deep[a]", "x"),
            ("deep[b]", "1"),
            ("a", "y"),
            ("b", "2"),
            ("joined", "a,z,b,3"),
            ("commas", "1,2"),
            ("spaces", "p q r"),
            ("pipes", "s|t"),
            ("repeated", "4"),
            ("repeated", "5"),
            ("json", r#"{"a":"j","b":6}"#),
        ]
    );
}

#[test]
fn base64_pads_as_the_standard_says() {
    assert_eq!(base64(b""), "");
    assert_eq!(base64(b"f"), "Zg==");
    assert_eq!(base64(b"fo"), "Zm8=");
    assert_eq!(base64(b"foo"), "Zm9v");
    assert_eq!(base64(b"user:pa ss"), "dXNlcjpwYSBzcw==");
    assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
}

#[test]
fn secrets_serialize_in_clear_only_where_they_are_needed() {
    use crate::SecretString;
    use crate::secret::{collecting, reveal_secrets};
    #[derive(serde::Serialize)]
    struct Login {
        user: &'static str,
        password: SecretString,
    }
    let login = Login {
        user: "ann",
        password: SecretString::new("pa55"),
    };
    assert_eq!(
        serde_json::to_string(&login).unwrap(),
        r#"{"user":"ann","password":"<redacted>"}"#
    );
    assert_eq!(
        reveal_secrets(|| serde_json::to_string(&login)).unwrap(),
        r#"{"user":"ann","password":"pa55"}"#
    );
    let body = to_json::<super::TestBody, _>(&login).unwrap();
    assert_eq!(body.bytes, br#"{"user":"ann","password":"pa55"}"#);
    assert_eq!(body.secrets, ["pa55"]);
    let form = to_form::<super::TestBody, _>(&login, &[]).unwrap();
    assert_eq!(form.bytes, b"user=ann&password=pa55");
    // Nested uses put the outer mode back, and a panic does not leave secrets in clear.
    let (inner, sent) = collecting(|| reveal_secrets(|| serde_json::to_string(&login)));
    assert!(inner.unwrap().contains("pa55"));
    assert!(sent.is_empty());
    let _ = std::panic::catch_unwind(|| reveal_secrets(|| panic!("while revealed")));
    assert!(
        serde_json::to_string(&login)
            .unwrap()
            .contains("<redacted>")
    );
}
