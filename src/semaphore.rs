//! A counting semaphore with FIFO hand-off, used for three gates:
//!
//! - asyncio.Semaphore (CPython ≥ 3.11 `locks.py`): weight 1, FIFO, and a
//!   newcomer cannot barge past waiters (`locked()` is true while anyone waits);
//! - Go `x/sync/semaphore.Weighted` (semaphore.go:38-160): weights, strict
//!   FIFO with head-of-line blocking: a large request at the head blocks
//!   smaller ones behind it, so it is never starved;
//! - the adaptive limiter's gate, whose capacity moves (`set_capacity`).
//!
//! Architecture Invariant: used ≤ capacity except after a capacity cut (no
//! permit is revoked; newcomers wait until used falls below it), and waiters
//! are granted strictly in arrival order.

pub mod config;

pub use config::{Config, SemaphoreKind, SemaphoreScope};

use std::collections::VecDeque;

pub struct Semaphore {
    capacity: u32,
    used: u32,
    /// (waiter id, weight), in arrival order.
    waiters: VecDeque<(u32, u32)>,
}

impl Semaphore {
    pub fn new(capacity: u32) -> Semaphore {
        Semaphore {
            capacity,
            used: 0,
            waiters: VecDeque::new(),
        }
    }

    /// Takes `weight` permits now if nobody waits and they are free; otherwise queues `id`.
    pub fn acquire(&mut self, id: u32, weight: u32) -> bool {
        if self.waiters.is_empty() && self.fits(weight) {
            self.used += weight;
            return true;
        }
        self.waiters.push_back((id, weight));
        false
    }

    fn fits(&self, weight: u32) -> bool {
        self.used + weight <= self.capacity
    }

    /// Gives back `weight` permits. Call `next_grant` until it returns None to wake waiters.
    pub fn release(&mut self, weight: u32) {
        debug_assert!(self.used >= weight, "semaphore permits went negative");
        self.used -= weight;
    }

    /// The next waiter that now holds its permits, if the head of the queue fits.
    pub fn next_grant(&mut self) -> Option<u32> {
        let &(id, weight) = self.waiters.front()?;
        if !self.fits(weight) {
            return None; // head-of-line blocking
        }
        self.waiters.pop_front();
        self.used += weight;
        Some(id)
    }

    /// Removes a waiter that gave up. Returns whether it was waiting.
    pub fn cancel(&mut self, id: u32) -> bool {
        match self.waiters.iter().position(|(w, _)| *w == id) {
            Some(i) => {
                self.waiters.remove(i);
                true
            }
            None => false,
        }
    }

    pub fn set_capacity(&mut self, capacity: u32) {
        self.capacity = capacity;
    }

    pub fn capacity(&self) -> u32 {
        self.capacity
    }

    pub fn used(&self) -> u32 {
        self.used
    }

    pub fn waiting(&self) -> u32 {
        self.waiters.len() as u32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drain(s: &mut Semaphore) -> Vec<u32> {
        std::iter::from_fn(|| s.next_grant()).collect()
    }

    #[test]
    fn fifo_handoff_without_barging() {
        let mut s = Semaphore::new(2);
        assert!(s.acquire(1, 1) && s.acquire(2, 1));
        assert!(!s.acquire(3, 1));
        s.release(1);
        // A newcomer arriving before the waiter is woken must queue behind it.
        assert!(!s.acquire(4, 1));
        assert_eq!(drain(&mut s), vec![3]);
        s.release(1);
        assert_eq!(drain(&mut s), vec![4]);
        assert_eq!((s.used(), s.waiting()), (2, 0));
    }

    #[test]
    fn weighted_head_of_line_blocking() {
        let mut s = Semaphore::new(10);
        assert!(s.acquire(1, 6));
        assert!(!s.acquire(2, 5)); // does not fit
        assert!(!s.acquire(3, 1)); // would fit, but waits behind 2 (Go x/sync)
        s.release(6);
        assert_eq!(drain(&mut s), vec![2, 3]);
        assert_eq!(s.used(), 6);
        assert!(!s.cancel(99));
    }

    #[test]
    fn capacity_cut_revokes_nothing() {
        let mut s = Semaphore::new(3);
        assert!(s.acquire(1, 1) && s.acquire(2, 1) && s.acquire(3, 1));
        s.set_capacity(1);
        assert!(!s.acquire(4, 1));
        s.release(1);
        assert_eq!(drain(&mut s), Vec::<u32>::new());
        s.release(1);
        s.release(1);
        assert_eq!(drain(&mut s), vec![4]);
    }
}
