//! The crate generated from `codegen/tests/fixtures/escapes.json`, a document read as JSON:
//! escaped surrogate pairs (which a YAML reader refuses) reach the generated enum and docs,
//! and an integer bound beyond 64 bits does not stop generation.

use authlete_fake::raw::{Action, RawServer};
use golden_escapes::models::Style;
use golden_escapes::{Client, RetryPolicy};

#[tokio::test]
async fn values_written_with_escapes_go_on_the_wire_as_text() {
    assert_eq!(Style::Smile.as_str(), "\u{1f600} smile");
    assert_eq!(Style::Caf.as_str(), "caf\u{e9}");
    let server = RawServer::start(|_, _| {
        Action::json(
            200,
            r#"{"text":"\ud83d\ude80","offset":-9223372036854775808}"#,
        )
    })
    .await
    .unwrap();
    let client = Client::builder()
        .base_url(server.base_url())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let glyph = client
        .glyphs()
        .get_glyph("rocket")
        .style(Style::Smile)
        .await
        .unwrap();
    assert_eq!(glyph.text, "\u{1f680}");
    assert_eq!(glyph.offset, i64::MIN);
    assert_eq!(
        server.requests()[0].target(),
        "/glyphs/rocket?style=%F0%9F%98%80+smile"
    );
}
