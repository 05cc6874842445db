//! Where the hero's dots go on a canvas of a given size: three areas side by
//! side (waiting for a slot, the connection slots, done), each a grid of
//! square cells big enough for all of its dots. Pure geometry, so it is
//! tested natively; `web/hero.rs` only paints what this returns.

use super::hero::{Dot, Where};

/// A grid of square cells inside a rectangle (device pixels).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grid {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    pub cols: u32,
    pub rows: u32,
    pub cell: f64,
}

impl Grid {
    /// The largest square cells that fit `n` of them in `w`×`h`.
    pub fn fit(x: f64, y: f64, w: f64, h: f64, n: u32) -> Grid {
        let n = n.max(1) as f64;
        let (w, h) = (w.max(1.0), h.max(1.0));
        let mut cell = (w * h / n).sqrt();
        // Each step shrinks the cell by 3%: at most ~300 steps from sqrt(area/n) to 0.1 px.
        for _ in 0..400 {
            if (w / cell).floor() * (h / cell).floor() >= n || cell < 0.1 {
                break;
            }
            cell *= 0.97;
        }
        let cols = (w / cell).floor().max(1.0) as u32;
        let rows = (h / cell).floor().max(1.0) as u32;
        Grid {
            x,
            y,
            w,
            h,
            cols,
            rows,
            cell,
        }
    }

    /// Centre of cell (col, row), clamped into the grid.
    pub fn centre(&self, col: u32, row: u32) -> (f64, f64) {
        let col = col.min(self.cols - 1) as f64;
        let row = row.min(self.rows - 1) as f64;
        (
            self.x + (col + 0.5) * self.cell,
            self.y + (row + 0.5) * self.cell,
        )
    }
}

/// The three areas of the hero canvas.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Areas {
    pub waiting: Grid,
    pub slots: Grid,
    pub done: Grid,
}

impl Areas {
    /// Areas for `requests` dots and `slots` slots on a `w`×`h` canvas.
    pub fn new(w: f64, h: f64, requests: u32, slots: u32) -> Areas {
        let pad = (w.min(h) * 0.03).max(2.0);
        let inner_h = h - 2.0 * pad;
        let at = |from: f64, to: f64, n| Grid::fit(w * from, pad, w * (to - from), inner_h, n);
        Areas {
            waiting: at(0.02, 0.40, requests),
            slots: at(0.445, 0.655, slots),
            done: at(0.70, 0.98, requests),
        }
    }

    /// The centre of a place: the queue fills from its front (right) column
    /// towards the left, slots row by row, done from the left column.
    pub fn place(&self, at: Where) -> (f64, f64) {
        match at {
            Where::Waiting { rank } => {
                let g = &self.waiting;
                let col = (g.cols - 1).saturating_sub(rank / g.rows);
                g.centre(col, rank % g.rows)
            }
            Where::Holding { slot } => {
                let g = &self.slots;
                g.centre(slot % g.cols, slot / g.cols)
            }
            Where::Done { rank } => {
                let g = &self.done;
                g.centre(rank / g.rows, rank % g.rows)
            }
        }
    }

    /// Where `dot` is drawn now: between its last place and its new one while it moves.
    pub fn position(&self, dot: &Dot) -> (f64, f64) {
        let to = self.place(dot.at);
        let Some(from) = dot.from else { return to };
        let from = self.place(from);
        let s = ease(dot.moving);
        (from.0 + (to.0 - from.0) * s, from.1 + (to.1 - from.1) * s)
    }
}

/// Smooth start and stop (cubic ease in-out) for 0..=1.
fn ease(s: f64) -> f64 {
    let s = s.clamp(0.0, 1.0);
    if s < 0.5 {
        4.0 * s * s * s
    } else {
        1.0 - (-2.0 * s + 2.0).powi(3) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grids_hold_their_dots_inside_their_area() {
        for (w, h) in [(600.0, 260.0), (358.0, 190.0), (1200.0, 500.0)] {
            let a = Areas::new(w, h, 1000, 100);
            for g in [a.waiting, a.slots, a.done] {
                assert!(g.cols as f64 * g.cell <= g.w + 1e-9);
                assert!(g.rows as f64 * g.cell <= g.h + 1e-9);
                assert!(g.x + g.w <= w && g.y + g.h <= h);
            }
            assert!(a.waiting.cols * a.waiting.rows >= 1000);
            assert!(a.slots.cols * a.slots.rows >= 100);
            assert!(
                a.waiting.x + a.waiting.w < a.slots.x,
                "areas do not overlap"
            );
            assert!(a.slots.x + a.slots.w < a.done.x);
        }
    }

    #[test]
    fn the_front_of_the_queue_is_next_to_the_slots() {
        let a = Areas::new(600.0, 260.0, 1000, 100);
        let front = a.place(Where::Waiting { rank: 0 });
        let back = a.place(Where::Waiting { rank: 999 });
        assert!(front.0 > back.0);
        let mid = Dot {
            at: Where::Holding { slot: 0 },
            from: Some(Where::Waiting { rank: 0 }),
            moving: 0.5,
            served: 0.0,
        };
        let p = a.position(&mid);
        let slot = a.place(Where::Holding { slot: 0 });
        assert!(front.0 < p.0 && p.0 < slot.0, "halfway there");
        assert_eq!(ease(0.0), 0.0);
        assert_eq!(ease(1.0), 1.0);
    }
}
