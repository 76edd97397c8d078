use crate::RetryPolicy;
use crate::limits;
use std::time::Duration;

#[test]
fn defaults_come_from_the_limits() {
    let p = RetryPolicy::default();
    assert_eq!(p.max_attempts, limits::DEFAULT_MAX_ATTEMPTS);
    assert_eq!(p.initial_backoff, limits::DEFAULT_INITIAL_BACKOFF);
    assert_eq!(p.max_backoff, limits::DEFAULT_MAX_BACKOFF);
    assert_eq!(p.max_elapsed, limits::DEFAULT_MAX_ELAPSED);
    assert_eq!(p.max_retry_after, limits::DEFAULT_MAX_RETRY_AFTER);
    assert!(p.jitter);
    assert_eq!(RetryPolicy::none().max_attempts, 1);
    assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
}

#[test]
fn backoff_doubles_up_to_the_cap_without_jitter() {
    let p = RetryPolicy::default()
        .jitter(false)
        .initial_backoff(Duration::from_millis(100))
        .max_backoff(Duration::from_millis(700));
    let waits: Vec<u128> = (1..=6).map(|n| p.backoff(n).as_millis()).collect();
    assert_eq!(waits, [100, 200, 400, 700, 700, 700]);
    assert_eq!(
        p.backoff(u32::MAX),
        Duration::from_millis(700),
        "no overflow"
    );
}

#[test]
fn jitter_stays_between_half_and_all_of_the_wait() {
    let p = RetryPolicy::default()
        .initial_backoff(Duration::from_millis(400))
        .max_backoff(Duration::from_secs(10));
    let full = Duration::from_millis(800);
    assert_eq!(p.backoff_with(2, 0), full / 2);
    let spread = u64::try_from((full - full / 2).as_nanos()).unwrap();
    assert_eq!(p.backoff_with(2, spread), full);
    assert_eq!(
        p.backoff_with(2, spread + 1),
        full / 2,
        "wraps within the range"
    );
    assert!(p.backoff_with(2, u64::MAX) <= full);
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..200 {
        let wait = p.backoff(2);
        assert!(wait >= full / 2 && wait <= full, "{wait:?}");
        seen.insert(wait);
    }
    assert!(
        seen.len() > 10,
        "waits are spread, not fixed: {} distinct",
        seen.len()
    );
}

#[test]
fn zero_waits_stay_zero() {
    let p = RetryPolicy::default().initial_backoff(Duration::ZERO);
    assert_eq!(p.backoff(3), Duration::ZERO);
}
