//! Streaming statistics: histograms, binned time series and batch means. All of
//! them use fixed memory, whatever the number of requests.

mod area;
mod batch;
mod histogram;
mod series;

pub use area::level_times_ns;
pub use batch::BatchMeans;
pub use histogram::{Histogram, Percentiles};
pub use series::{
    Counter, CounterSeries, Gauge, GaugeSeries, Series, SeriesOut, BINS, COUNTERS, COUNTER_NAMES,
    GAUGES, GAUGE_NAMES,
};
