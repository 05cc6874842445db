//! Chart 5: connections by state over time, stacked (in use, connecting,
//! idle, TIME_WAIT): the top of the stack is every socket the client holds.

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

pub fn draw<DB: DrawingBackend>(root: &DrawingArea<DB, Shift>, f: &Frame) -> ChartResult {
    let spec = Stack {
        gauges: &STATES,
        y_label: "connections",
        empty_note: None,
    };
    stacked::draw(root, f, &spec)
}
