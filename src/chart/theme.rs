//! Colours of the charts: the Okabe–Ito colour-blind-safe palette, and the
//! light and dark page themes (background, text, grid) the charts sit on.
//!
//! One colour per concept across every chart: a phase (pool wait, service…)
//! has the same colour in the waiting chart, the waterfall and the phase bars.
//! The page's CSS (`www/style.css`) uses the same background and text colours.

use plotters::style::RGBColor;

/// Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
pub mod okabe_ito {
    use plotters::style::RGBColor;
    pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
    pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
    pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
    pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
}

use okabe_ito::*;

/// The colours a chart needs from the page theme.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    pub background: RGBColor,
    pub text: RGBColor,
    /// Secondary text: axis descriptions, notes.
    pub muted: RGBColor,
    pub axis: RGBColor,
    pub grid: RGBColor,
    /// The main series (requests in flight, latency of run B).
    pub primary: RGBColor,
    /// The pinned run A, drawn under run B in compare mode.
    pub baseline: RGBColor,
}

impl Theme {
    pub const LIGHT: Theme = Theme {
        background: RGBColor(0xFF, 0xFF, 0xFF),
        text: RGBColor(0x1F, 0x23, 0x28),
        muted: RGBColor(0x57, 0x60, 0x6A),
        axis: RGBColor(0x6E, 0x77, 0x81),
        grid: RGBColor(0xE4, 0xE7, 0xEB),
        primary: BLUE,
        baseline: RGBColor(0x8C, 0x95, 0x9F),
    };

    pub const DARK: Theme = Theme {
        background: RGBColor(0x1C, 0x21, 0x28),
        text: RGBColor(0xE6, 0xED, 0xF3),
        muted: RGBColor(0xA0, 0xAA, 0xB4),
        axis: RGBColor(0x8B, 0x94, 0x9E),
        grid: RGBColor(0x30, 0x36, 0x3D),
        primary: SKY_BLUE,
        baseline: RGBColor(0x76, 0x80, 0x8A),
    };

    /// `color` mixed with the background: `share` of the colour (0..=1), the
    /// rest background. An opaque colour, so legends can show it too.
    pub fn faded(&self, color: RGBColor, share: f64) -> RGBColor {
        let mix = |c: u8, b: u8| (c as f64 * share + b as f64 * (1.0 - share)).round() as u8;
        let b = self.background;
        RGBColor(mix(color.0, b.0), mix(color.1, b.1), mix(color.2, b.2))
    }

    pub fn pick(dark: bool) -> Theme {
        if dark {
            Theme::DARK
        } else {
            Theme::LIGHT
        }
    }

    /// The colour of a latency phase or waiting place (names as in `RunOutput::phases`
    /// and the series gauges). Unknown names get grey, so new core phases still draw.
    pub fn phase(&self, name: &str) -> RGBColor {
        match name {
            "client_cpu" => GREY,
            "limiter_wait" | "limiter_waiters" => YELLOW,
            "semaphore_wait" | "semaphore_waiters" => REDDISH_PURPLE,
            "pool_wait" | "pool_waiters" => ORANGE,
            "connect" | "conn_connecting" => VERMILLION,
            "server_queue" => SKY_BLUE,
            "service" | "conn_in_use" | "conn_held" => self.primary_dark_safe(),
            "conn_leaked" => REDDISH_PURPLE,
            "backoff" | "retry_backoff" => BLUISH_GREEN,
            "conn_idle" => BLUISH_GREEN,
            "conn_time_wait" => GREY,
            "completed" => BLUISH_GREEN,
            "failed" => VERMILLION,
            _ => GREY,
        }
    }

    /// Blue on light, sky blue would clash with the server queue: keep blue but lighter on dark.
    fn primary_dark_safe(&self) -> RGBColor {
        if *self == Theme::DARK {
            RGBColor(0x3A, 0x8F, 0xD0)
        } else {
            BLUE
        }
    }

    /// The colour of a binding stage (`report::ceiling::Stage` keys), as the
    /// sweep chart marks each point; unknown stages get grey.
    pub fn stage(&self, key: &str) -> RGBColor {
        match key {
            "pool" => ORANGE,
            "pool_per_host" | "limiter" => YELLOW,
            "server" => SKY_BLUE,
            "demand" => BLUISH_GREEN,
            "semaphore" => REDDISH_PURPLE,
            "adaptive" => BLUE,
            "contention" | "leak" => VERMILLION,
            _ => GREY,
        }
    }

    /// The limit lines (pool limit, per-host limit): the text colour, dashed.
    pub fn limit(&self) -> RGBColor {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phases_have_distinct_colours_and_unknown_names_fall_back() {
        let t = Theme::LIGHT;
        let names = [
            "limiter_wait",
            "semaphore_wait",
            "pool_wait",
            "connect",
            "server_queue",
            "service",
            "backoff",
        ];
        for (i, a) in names.iter().enumerate() {
            for b in &names[i + 1..] {
                assert_ne!(t.phase(a), t.phase(b), "{a} and {b} share a colour");
            }
        }
        assert_eq!(t.phase("some_new_phase"), GREY);
    }
}
