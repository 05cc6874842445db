//! Chart 5: connections by state over time, stacked (in use, connecting,
//! idle, TIME_WAIT): the top of the stack is every socket the client holds.
//! When responses leak, "in use" splits into the connections requests hold
//! and the leaked ones no request will ever release (`data::gauge_values`).

use super::stacked::{self, Stack};
use super::{ChartResult, Frame};
use plotters::coord::Shift;
use plotters::prelude::*;

/// Connection states, bottom of the stack first.
pub const STATES: [&str; 4] = [
    "conn_in_use",
    "conn_connecting",
    "conn_idle",
    "conn_time_wait",
];

/// The states when connections leak.
const WITH_LEAKS: [&str; 5] = [
    "conn_held",
    "conn_leaked",
    "conn_connecting",
    "conn_idle",
    "conn_time_wait",
];

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let leaks = |s: super::Shown| s.out.summary.leaked_connections > 0;
    let any_leaks = leaks(f.run) || f.baseline.is_some_and(leaks);
    let spec = Stack {
        gauges: if any_leaks { &WITH_LEAKS } else { &STATES },
        y_label: "connections",
        empty_note: None,
    };
    stacked::draw(root, f, &spec)
}
