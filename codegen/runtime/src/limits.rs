//! The fixed limits and the defaults of the client, each defined once.
//!
//! The documentation that states them, in this crate and in what the generator writes, reads
//! these values; none is written down anywhere else.

use std::time::Duration;

/// The most bytes of an error body that are read and kept; the rest is not read.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// The default most bytes of a successful response's body that are read; a larger body is
/// an error (`TransportKind::TooLarge`) and the rest is not read.
pub const DEFAULT_MAX_RESPONSE_BODY: usize = 64 * 1024 * 1024;

/// The most characters of a body quoted in an error message or a `Debug` output.
pub const SNIPPET_LIMIT: usize = 256;

/// The fewest characters a sent secret value must have to be searched for in what a server
/// sends back: a shorter one cannot be told from ordinary text, and replacing it would
/// mangle every body.
pub const SECRET_MIN_CHARS: usize = 4;

/// The statuses that signal a passing condition: an idempotent request that got one is sent
/// again.
pub const RETRY_STATUSES: [u16; 5] = [408, 429, 502, 503, 504];

/// How many times a request may be sent in all by default, the first time included.
pub const DEFAULT_MAX_ATTEMPTS: u32 = 3;

/// The default wait before the first retry.
pub const DEFAULT_INITIAL_BACKOFF: Duration = Duration::from_millis(200);

/// The default longest computed wait between two attempts.
pub const DEFAULT_MAX_BACKOFF: Duration = Duration::from_secs(5);

/// The default time from the first attempt after which no retry is started.
pub const DEFAULT_MAX_ELAPSED: Duration = Duration::from_secs(30);

/// The default longest `Retry-After` that is waited for.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(30);

/// The default longest time one attempt of a request may take, from connecting to the end of
/// the response body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// The default longest time to wait for a connection (TCP and TLS).
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
