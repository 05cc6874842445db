//! Chart 2: requests waiting over time, stacked by where they wait (rate
//! limiter, semaphore, pool, server queue, retry backoff). Places that never
//! hold anyone are left out of the stack and the legend.

use super::data::gauge_used;
use super::stacked::{self, Stack};
use super::{ChartResult, Frame, Shown};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Where a request can wait, in the order it meets them (bottom of the stack first).
pub const PLACES: [&str; 5] = [
    "limiter_waiters",
    "semaphore_waiters",
    "pool_waiters",
    "server_queue",
    "retry_backoff",
];

/// The places where anyone waited, in either run.
fn used_places(f: &Frame) -> Vec<&'static str> {
    let used = |s: Shown, p: &str| gauge_used(s.out, p);
    PLACES
        .into_iter()
        .filter(|p| used(f.run, p) || f.baseline.is_some_and(|b| used(b, p)))
        .collect()
}

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let places = used_places(f);
    let spec = Stack {
        gauges: &places,
        y_label: "waiting",
        empty_note: Some("no_wait"),
    };
    stacked::draw(root, f, &spec)
}
