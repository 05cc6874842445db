//! The scenarios shipped in `scenarios/`, compiled in, so the page's lessons,
//! the CLI (`poolsim run stall-at-100`) and the tests all read the same files.
//! Adding a scenario: put the JSON in `scenarios/` and add a line here.

/// (id, JSON text) of every shipped scenario; the id is the file name without `.json`.
pub const SCENARIOS: &[(&str, &str)] = &[
    (
        "stall-at-100",
        include_str!("../scenarios/stall-at-100.json"),
    ),
    ("mmc", include_str!("../scenarios/mmc.json")),
    (
        "semaphore-50",
        include_str!("../scenarios/semaphore-50.json"),
    ),
    (
        "keepalive-vs-close",
        include_str!("../scenarios/keepalive-vs-close.json"),
    ),
    ("go-idle-2", include_str!("../scenarios/go-idle-2.json")),
    (
        "connection-leak",
        include_str!("../scenarios/connection-leak.json"),
    ),
    (
        "token-vs-fixed-window",
        include_str!("../scenarios/token-vs-fixed-window.json"),
    ),
    ("retry-storm", include_str!("../scenarios/retry-storm.json")),
    (
        "retry-budget",
        include_str!("../scenarios/retry-budget.json"),
    ),
    (
        "adaptive-knee",
        include_str!("../scenarios/adaptive-knee.json"),
    ),
    ("metastable", include_str!("../scenarios/metastable.json")),
    ("guide-score", include_str!("../scenarios/guide-score.json")),
    ("db-pool", include_str!("../scenarios/db-pool.json")),
    (
        "peak-shaving",
        include_str!("../scenarios/peak-shaving.json"),
    ),
    (
        "cache-stampede",
        include_str!("../scenarios/cache-stampede.json"),
    ),
    (
        "backoff-jitter",
        include_str!("../scenarios/backoff-jitter.json"),
    ),
    (
        "server-bound",
        include_str!("../scenarios/server-bound.json"),
    ),
    (
        "per-host-limit",
        include_str!("../scenarios/per-host-limit.json"),
    ),
    ("load-test", include_str!("../scenarios/load-test.json")),
    (
        "serial-vs-concurrent",
        include_str!("../scenarios/serial-vs-concurrent.json"),
    ),
    (
        "keepalive-latency",
        include_str!("../scenarios/keepalive-latency.json"),
    ),
    (
        "somneo-one-connection",
        include_str!("../scenarios/somneo-one-connection.json"),
    ),
];

/// The JSON text of a shipped scenario.
pub fn scenario_text(id: &str) -> Option<&'static str> {
    SCENARIOS
        .iter()
        .find(|(name, _)| *name == id)
        .map(|(_, text)| *text)
}
