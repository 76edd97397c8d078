//! Decoding speed: the generated response types against a hand-written serde struct with the
//! same named fields, and against `serde_json::Value`, on the same bytes. Run with
//! `cargo bench -p authlete-client --bench decode`; it prints figures and ratios and asserts
//! nothing about time.

mod common;

use authlete_client::models::{ClientAuthorizationGetListResponse, ClientGrantedScopesGetResponse};
use common::{hand, measure, print, quick};
use std::hint::black_box;

fn main() {
    let (clients, rounds) = if quick() { (1_000, 5) } else { (10_000, 15) };
    let page = common::authorizations_page(clients);
    let mb = page.len() as f64 / 1e6;
    // The generated type keeps every property it does not name; check that it does, so the
    // figure is for the work a user gets.
    let decoded: ClientAuthorizationGetListResponse = serde_json::from_slice(&page).unwrap();
    let first = &decoded.clients.as_ref().unwrap()[0];
    assert!(
        first.extra.contains_key("redirectUris"),
        "unknown properties are kept"
    );

    let figures = measure(
        rounds,
        &mut [
            ("hand-written struct (named fields only)", &mut || {
                black_box(
                    serde_json::from_slice::<hand::AuthorizationsPage>(black_box(&page)).unwrap(),
                );
                mb
            }),
            ("generated type (unknown properties kept)", &mut || {
                black_box(
                    serde_json::from_slice::<ClientAuthorizationGetListResponse>(black_box(&page))
                        .unwrap(),
                );
                mb
            }),
            ("serde_json::Value", &mut || {
                black_box(serde_json::from_slice::<serde_json::Value>(black_box(&page)).unwrap());
                mb
            }),
        ],
    );
    print(
        &format!("decode an authorizations page of {clients} full client records ({mb:.1} MB)"),
        "MB/s",
        &figures,
    );

    // The client checks a body's UTF-8 once and decodes it as text, which spares serde_json
    // checking each kept value's text again; the same path for both.
    let figures = measure(
        rounds,
        &mut [
            ("hand-written struct (named fields only)", &mut || {
                let text = std::str::from_utf8(black_box(&page)).unwrap();
                black_box(serde_json::from_str::<hand::AuthorizationsPage>(text).unwrap());
                mb
            }),
            ("generated type (unknown properties kept)", &mut || {
                let text = std::str::from_utf8(black_box(&page)).unwrap();
                black_box(
                    serde_json::from_str::<ClientAuthorizationGetListResponse>(text).unwrap(),
                );
                mb
            }),
        ],
    );
    print(
        "the same page, decoded as the client decodes a response (UTF-8 checked once, then text)",
        "MB/s",
        &figures,
    );

    let scopes = common::granted_scopes_body();
    let n = if quick() { 20_000 } else { 200_000 };
    let figures = measure(
        rounds,
        &mut [
            ("hand-written struct", &mut || {
                for _ in 0..n {
                    black_box(
                        serde_json::from_slice::<hand::GrantedScopes>(black_box(&scopes)).unwrap(),
                    );
                }
                n as f64
            }),
            ("generated type", &mut || {
                for _ in 0..n {
                    black_box(
                        serde_json::from_slice::<ClientGrantedScopesGetResponse>(black_box(
                            &scopes,
                        ))
                        .unwrap(),
                    );
                }
                n as f64
            }),
            ("serde_json::Value", &mut || {
                for _ in 0..n {
                    black_box(
                        serde_json::from_slice::<serde_json::Value>(black_box(&scopes)).unwrap(),
                    );
                }
                n as f64
            }),
        ],
    );
    print(
        &format!(
            "decode a granted-scopes response ({} bytes), no open maps",
            scopes.len()
        ),
        "decodes/s",
        &figures,
    );
}
