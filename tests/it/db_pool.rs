//! Go database/sql's three knobs on one workload (`scenarios/db-pool.json`,
//! 40 queries/s of 500 ms for 10 minutes): SetMaxOpenConns caps and queues,
//! SetMaxIdleConns below the peak churns connections, SetConnMaxLifetime
//! replaces every connection when its time is up.

use crate::run_with;

#[test]
fn open_25_idle_25_lifetime_5_min_queues_at_peaks_and_redials_on_schedule() {
    let s = run_with("db-pool", &[]).summary;
    assert_eq!(s.peak_in_flight, 25, "SetMaxOpenConns(25) caps");
    assert!(
        s.pool_wait_ms.mean > 0.0 && s.pool_wait_ms.p99 > 0.0,
        "peaks above 25 wait"
    );
    // 25 connections, each replaced once when its 5 minutes are up in a
    // 10-minute run: 25 × 600 s / 300 s.
    assert_eq!(s.connections_opened, 25 * 600 / 300);
    assert_eq!(s.peak_time_wait, 25, "the 25 retired connections");
}

#[test]
fn open_100_idle_10_never_waits_but_churns() {
    let capped = run_with("db-pool", &[]).summary;
    let s = run_with(
        "db-pool",
        &[
            ("pool.limit", "100"),
            ("pool.max_idle", "10"),
            ("pool.max_lifetime_s", "3600"),
        ],
    )
    .summary;
    assert_eq!(
        s.pool_wait_ms.max, 0.0,
        "100 open connections are never all busy"
    );
    assert!(
        s.peak_in_flight > 25 && s.peak_in_flight <= 100,
        "{}",
        s.peak_in_flight
    );
    // Mean 20 busy, Poisson peaks above 10: every return past 10 idle closes one.
    assert!(
        s.connections_opened > 20 * capped.connections_opened,
        "{} vs {}",
        s.connections_opened,
        capped.connections_opened
    );
    assert!(s.peak_time_wait > 100, "{}", s.peak_time_wait);
    assert!(s.connect_ms.mean > 0.0, "the redials cost connect time");
}
