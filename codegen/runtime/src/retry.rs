//! When and how a failed request is sent again.

use super::limits;
use std::time::Duration;

/// How a request that failed for a passing reason is retried.
///
/// A request is retried only when that is safe and may help:
///
/// - when no connection could be made (the request was not sent), for every operation;
/// - when the request timed out, or the server answered one of the
///   [`RETRY_STATUSES`](crate::limits::RETRY_STATUSES), only for operations that are
///   idempotent (the API document says which: `GET`, `PUT` and `DELETE` are, `POST` is not,
///   unless an operation says otherwise with `x-idempotent`).
///
/// Waits grow exponentially from [`initial_backoff`](Self::initial_backoff) up to
/// [`max_backoff`](Self::max_backoff); with jitter, each wait is drawn between half and all
/// of that. A `Retry-After` header (seconds or an HTTP date) replaces the computed wait,
/// unless it asks for more than [`max_retry_after`](Self::max_retry_after), in which case the
/// response is returned as it is. No retry starts once [`max_elapsed`](Self::max_elapsed)
/// would be passed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_elapsed: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) jitter: bool,
}

impl Default for RetryPolicy {
    /// The defaults in [the `limits` module](crate::limits): `DEFAULT_MAX_ATTEMPTS` attempts in all,
    /// waits from `DEFAULT_INITIAL_BACKOFF` up to `DEFAULT_MAX_BACKOFF` with jitter, no retry
    /// after `DEFAULT_MAX_ELAPSED`, and a `Retry-After` of up to `DEFAULT_MAX_RETRY_AFTER`
    /// honoured.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: limits::DEFAULT_MAX_ATTEMPTS,
            initial_backoff: limits::DEFAULT_INITIAL_BACKOFF,
            max_backoff: limits::DEFAULT_MAX_BACKOFF,
            max_elapsed: limits::DEFAULT_MAX_ELAPSED,
            max_retry_after: limits::DEFAULT_MAX_RETRY_AFTER,
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// No retries: every request is sent once.
    pub fn none() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// How many times a request may be sent in all, the first time included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The wait before the first retry.
    #[must_use]
    pub fn initial_backoff(mut self, wait: Duration) -> Self {
        self.initial_backoff = wait;
        self
    }

    /// The longest computed wait between two attempts.
    #[must_use]
    pub fn max_backoff(mut self, wait: Duration) -> Self {
        self.max_backoff = wait;
        self
    }

    /// The longest time, from the first attempt, after which no retry is started.
    #[must_use]
    pub fn max_elapsed(mut self, limit: Duration) -> Self {
        self.max_elapsed = limit;
        self
    }

    /// The longest `Retry-After` that is waited for.
    #[must_use]
    pub fn max_retry_after(mut self, limit: Duration) -> Self {
        self.max_retry_after = limit;
        self
    }

    /// Whether waits are drawn at random between half and all of the computed wait (the
    /// default), which keeps many clients from retrying in step.
    #[must_use]
    pub fn jitter(mut self, jitter: bool) -> Self {
        self.jitter = jitter;
        self
    }

    /// The wait before retry number `retry` (1 for the first retry), with the policy's own
    /// randomness.
    pub(crate) fn backoff(&self, retry: u32) -> Duration {
        self.backoff_with(retry, random_u64())
    }

    /// The wait before retry number `retry`, with `random` choosing the point within the
    /// jitter range; the computed wait is exact when jitter is off.
    pub(crate) fn backoff_with(&self, retry: u32, random: u64) -> Duration {
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let full = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        if !self.jitter {
            return full;
        }
        let half = full / 2;
        let spread = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        let pick = if spread == 0 {
            0
        } else {
            random % spread.saturating_add(1)
        };
        half + Duration::from_nanos(pick)
    }
}

/// A random number from the standard library's per-process hash keys; enough for jitter.
fn random_u64() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
}
