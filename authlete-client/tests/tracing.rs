//! With the `tracing` feature, each call is one `call` span with the operation, method, path
//! template, attempts, status, elapsed time, result and result code, and no secret or value
//! from the path, query or body. Run with `cargo test -p authlete-client --features tracing`.
#![cfg(feature = "tracing")]

mod common;

use authlete_client::{Client, RetryPolicy};
use authlete_fake::raw::{Action, RawServer};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

type Fields = BTreeMap<String, String>;

/// Keeps every span's fields and every event's fields, and which span is entered (the
/// client records each attempt on the current span, as a real subscriber would give it).
#[derive(Default)]
struct Capture {
    spans: Mutex<Vec<(String, Fields)>>,
    metadata: Mutex<Vec<&'static Metadata<'static>>>,
    entered: Mutex<Vec<Id>>,
    events: Mutex<Vec<Fields>>,
}

/// Writes the fields it visits into a map.
struct Collect<'a>(&'a mut Fields);
impl Visit for Collect<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().to_string(), format!("{value:?}"));
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_string(), value.to_string());
    }
}

impl Subscriber for Shared {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut fields = Fields::new();
        attributes.record(&mut Collect(&mut fields));
        let mut spans = self.0.spans.lock().unwrap();
        spans.push((attributes.metadata().name().to_string(), fields));
        self.0.metadata.lock().unwrap().push(attributes.metadata());
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.0.spans.lock().unwrap();
        let (_, fields) = &mut spans[span.into_u64() as usize - 1];
        values.record(&mut Collect(fields));
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields::new();
        event.record(&mut Collect(&mut fields));
        self.0.events.lock().unwrap().push(fields);
    }
    fn enter(&self, span: &Id) {
        self.0.entered.lock().unwrap().push(span.clone());
    }
    fn exit(&self, _: &Id) {
        self.0.entered.lock().unwrap().pop();
    }
    fn current_span(&self) -> tracing_core::span::Current {
        match self.0.entered.lock().unwrap().last() {
            Some(id) => {
                let metadata = self.0.metadata.lock().unwrap()[id.into_u64() as usize - 1];
                tracing_core::span::Current::new(id.clone(), metadata)
            }
            None => tracing_core::span::Current::none(),
        }
    }
}

#[derive(Clone, Default)]
struct Shared(Arc<Capture>);

const TOKEN: &str = "token-that-must-not-appear";

fn client(base_url: &str) -> Client {
    Client::builder()
        .bearer_token(TOKEN)
        .base_url(base_url)
        .retry_policy(
            RetryPolicy::default()
                .jitter(false)
                .initial_backoff(std::time::Duration::from_millis(1)),
        )
        .build()
        .unwrap()
}

/// The `call` spans recorded while `run` ran.
async fn spans_of<F: std::future::Future<Output = ()>>(run: F) -> (Vec<Fields>, Vec<Fields>) {
    let shared = Shared::default();
    let guard = tracing::subscriber::set_default(shared.clone());
    run.await;
    drop(guard);
    let spans = shared.0.spans.lock().unwrap().clone();
    let calls = spans
        .into_iter()
        .filter(|(name, _)| name == "call")
        .map(|(_, fields)| fields)
        .collect();
    let events = shared.0.events.lock().unwrap().clone();
    (calls, events)
}

fn no_private_values(all: &[Fields]) {
    for fields in all {
        for value in fields.values() {
            for private in [TOKEN, "john-doe", "svc-private", "4242"] {
                assert!(!value.contains(private), "{private} in {fields:?}");
            }
        }
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_call_is_one_span_with_its_outcome_and_no_private_values() {
    let ok = r#"{"resultCode":"A1","resultMessage":"ok","clientId":4242,"subject":"john-doe"}"#;
    let server = RawServer::start(move |n, _| match n {
        0 => Action::with_type(503, "text/plain", "busy"),
        _ => Action::json(200, ok),
    })
    .await
    .unwrap();
    let ops = client(&server.base_url()).client_management();
    let (calls, events) = spans_of(async {
        ops.granted_scopes("svc-private", 4242, "john-doe")
            .await
            .unwrap();
    })
    .await;
    assert_eq!(calls.len(), 1, "{calls:?}");
    let call = &calls[0];
    assert_eq!(call["operation"], "granted_scopes");
    assert_eq!(call["method"], "GET");
    assert_eq!(
        call["path"],
        "/api/{serviceId}/client/granted_scopes/get/{clientId}/{subject}"
    );
    assert_eq!(call["attempts"], "2");
    assert_eq!(call["status"], "200");
    assert_eq!(call["result"], "ok");
    assert!(call["elapsed_ms"].parse::<u64>().is_ok(), "{call:?}");
    assert!(!call.contains_key("result_code"));
    assert!(
        events
            .iter()
            .any(|e| e.get("message").is_some_and(|m| m == "call finished")),
        "{events:?}"
    );
    no_private_values(&calls);
    no_private_values(&events);
}

#[tokio::test(flavor = "current_thread")]
async fn a_failed_call_records_its_kind_status_and_result_code() {
    let refused = r#"{"resultCode":"A001201","resultMessage":"[A001201] john-doe is not allowed"}"#;
    let server = RawServer::start(move |_, _| Action::json(400, refused))
        .await
        .unwrap();
    let ops = client(&server.base_url()).client_management();
    let (calls, events) = spans_of(async {
        ops.refresh_secret("svc-private", "john-doe")
            .await
            .unwrap_err();
    })
    .await;
    assert_eq!(calls.len(), 1);
    let call = &calls[0];
    assert_eq!(call["operation"], "refresh_secret");
    assert_eq!(call["result"], "service");
    assert_eq!(call["result_code"], "A001201");
    assert_eq!(call["status"], "400");
    assert_eq!(call["attempts"], "1");
    no_private_values(&calls);
    no_private_values(&events);

    // No response at all: a transport error, no status.
    let closed = client("http://127.0.0.1:9");
    let (calls, _) = spans_of(async {
        closed
            .client_management()
            .requestable_scopes("svc-private", 4242)
            .retry_policy(RetryPolicy::none())
            .await
            .unwrap_err();
    })
    .await;
    assert_eq!(calls[0]["result"], "transport");
    assert!(!calls[0].contains_key("status"));
}
