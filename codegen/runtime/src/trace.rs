//! One `tracing` span per call, with the `tracing` feature; without it, calls run as they are.
//!
//! The span, named `call` at the INFO level, has the fields `operation`, `method`, `path` (the
//! template as the API document writes it, never the values sent), `attempts`, `status` (of
//! the last response), `elapsed_ms`, `result` (`ok`, or the kind of error) and `result_code`
//! (the documented error's code, when there is one). One DEBUG event, `call finished`, is
//! emitted inside it when the call ends. No credential, secret, path value, query value or
//! body is recorded.

use super::error::Error;
use std::future::Future;

/// How a call's documented error code is read from its error, for the span.
pub type CodeOf = fn(&Error) -> Option<&str>;

/// Runs `call` inside the call's span (with the `tracing` feature), recording how it ended.
#[cfg(feature = "tracing")]
pub async fn call<T>(
    operation: &'static str,
    method: &'static str,
    path: &'static str,
    code_of: CodeOf,
    call: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    use tracing::Instrument;
    use tracing::field::Empty;
    let span = tracing::info_span!(
        "call",
        operation,
        method,
        path,
        attempts = Empty,
        status = Empty,
        elapsed_ms = Empty,
        result = Empty,
        result_code = Empty,
    );
    let started = std::time::Instant::now();
    let outcome = call.instrument(span.clone()).await;
    let elapsed = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.record("elapsed_ms", elapsed);
    let result = match &outcome {
        Ok(_) => "ok",
        // The status is the last attempt's, recorded when it came.
        Err(e) => {
            if let Some(code) = code_of(e) {
                span.record("result_code", code);
            }
            e.kind_name()
        }
    };
    span.record("result", result);
    tracing::debug!(parent: &span, result, elapsed_ms = elapsed, "call finished");
    outcome
}

/// Runs `call` (without the `tracing` feature there is no span).
#[cfg(not(feature = "tracing"))]
pub async fn call<T>(
    _operation: &'static str,
    _method: &'static str,
    _path: &'static str,
    _code_of: CodeOf,
    call: impl Future<Output = Result<T, Error>>,
) -> Result<T, Error> {
    call.await
}

/// Records an attempt's number and status on the current call's span.
#[cfg(feature = "tracing")]
pub fn attempt(number: u32, status: Option<u16>) {
    let span = tracing::Span::current();
    span.record("attempts", number);
    if let Some(status) = status {
        span.record("status", status);
    }
}

/// Records nothing (without the `tracing` feature).
#[cfg(not(feature = "tracing"))]
pub fn attempt(_number: u32, _status: Option<u16>) {}
