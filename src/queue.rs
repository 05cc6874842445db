//! The event queue: a 4-ary min-heap keyed by (time, sequence number), so
//! events at equal times pop in the order they were scheduled (FIFO).
//!
//! Why 4-ary: popping sifts a hole down about log4(n) levels instead of
//! log2(n), and the four children of a node sit next to each other in
//! memory. The key (time, sequence) is compared as one 128-bit integer.
//!
//! Architecture Invariant: `pop` never returns an event earlier than the last
//! one popped (time never goes back), and the heap's storage is reused, so the
//! steady-state event loop does not allocate.

use crate::time::SimTime;

/// Children per node.
const ARITY: usize = 4;

/// One scheduled event. `E` is the simulator's event payload.
#[derive(Clone, Copy, Debug)]
struct Entry<E> {
    /// `time << 64 | sequence`: the order of the queue.
    key: u128,
    event: E,
}

impl<E> Entry<E> {
    fn time(&self) -> SimTime {
        (self.key >> 64) as SimTime
    }
}

/// (index, key) of the earliest of four siblings starting at index `first`
/// (keys are unique, so there are no ties).
#[inline(always)]
fn earliest_of_four<E>(kids: &[Entry<E>], first: usize) -> (usize, u128) {
    let (k0, k1, k2, k3) = (kids[0].key, kids[1].key, kids[2].key, kids[3].key);
    let (a, ka) = if k1 < k0 { (1, k1) } else { (0, k0) };
    let (b, kb) = if k3 < k2 { (3, k3) } else { (2, k2) };
    if kb < ka {
        (first + b, kb)
    } else {
        (first + a, ka)
    }
}

/// The same for the last node's one to three children.
fn earliest_of_few<E>(kids: &[Entry<E>], first: usize) -> (usize, u128) {
    let mut best = (first, kids[0].key);
    for (j, e) in kids.iter().enumerate().skip(1) {
        if e.key < best.1 {
            best = (first + j, e.key);
        }
    }
    best
}

/// A min-queue of events keyed by (time, insertion order).
pub struct EventQueue<E> {
    heap: Vec<Entry<E>>,
    next_seq: u64,
    last_popped: SimTime,
}

impl<E: Copy> EventQueue<E> {
    pub fn with_capacity(capacity: usize) -> Self {
        EventQueue {
            heap: Vec::with_capacity(capacity),
            next_seq: 0,
            last_popped: 0,
        }
    }

    /// Schedules `event` at `time`. Scheduling in the past is a bug.
    #[inline]
    pub fn push(&mut self, time: SimTime, event: E) {
        debug_assert!(time >= self.last_popped, "event scheduled in the past");
        let entry = Entry {
            key: (time as u128) << 64 | self.next_seq as u128,
            event,
        };
        self.next_seq += 1;
        let mut i = self.heap.len();
        self.heap.push(entry);
        while i > 0 {
            let parent = (i - 1) / ARITY;
            if self.heap[parent].key <= entry.key {
                break;
            }
            self.heap[i] = self.heap[parent];
            i = parent;
        }
        self.heap[i] = entry;
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        let last = self.heap.pop()?;
        let top = match self.heap.first() {
            Some(&top) => {
                self.sift_down_from_root(last);
                top
            }
            None => last,
        };
        debug_assert!(top.time() >= self.last_popped, "time went back");
        self.last_popped = top.time();
        Some((top.time(), top.event))
    }

    /// Moves `moving` into the hole at the root and down to its place.
    fn sift_down_from_root(&mut self, moving: Entry<E>) {
        let heap = &mut self.heap[..];
        let n = heap.len();
        let mut i = 0;
        loop {
            let first = ARITY * i + 1;
            let (best, best_key) = if first + ARITY <= n {
                earliest_of_four(&heap[first..first + ARITY], first)
            } else if first < n {
                earliest_of_few(&heap[first..], first)
            } else {
                break;
            };
            if moving.key <= best_key {
                break;
            }
            heap[i] = heap[best];
            i = best;
        }
        heap[i] = moving;
    }

    /// The time of the earliest event, if any.
    #[inline]
    pub fn peek_time(&self) -> Option<SimTime> {
        self.heap.first().map(|e| e.time())
    }

    pub fn len(&self) -> usize {
        self.heap.len()
    }

    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_pop_fifo_and_times_ascend() {
        let mut q = EventQueue::with_capacity(8);
        q.push(5, 'a');
        q.push(3, 'b');
        q.push(5, 'c');
        q.push(3, 'd');
        let order: Vec<_> = std::iter::from_fn(|| q.pop()).collect();
        assert_eq!(order, vec![(3, 'b'), (3, 'd'), (5, 'a'), (5, 'c')]);
    }

    /// Against a reference order (stable sort by time) on a random schedule
    /// that mixes pops with pushes at and after "now", with many equal times.
    #[test]
    fn matches_a_stable_sort_under_interleaving() {
        let mut q = EventQueue::with_capacity(4);
        let mut reference: Vec<(SimTime, u32)> = Vec::new();
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut rand = move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut now = 0;
        let mut id = 0;
        let mut popped = Vec::new();
        for round in 0..20_000u32 {
            let pushes = rand() % 3;
            for _ in 0..pushes {
                let r = rand();
                let dt = match r % 4 {
                    0 => 0,
                    1 => r >> 60,
                    2 => (r >> 40) % 1_000_000,
                    _ => (r >> 20) % (1 << 40),
                };
                q.push(now + dt, id);
                reference.push((now + dt, id));
                id += 1;
            }
            if round % 2 == 0 || pushes == 0 {
                if let Some((t, e)) = q.pop() {
                    assert!(t >= now);
                    now = t;
                    popped.push((t, e));
                }
            }
        }
        while let Some(p) = q.pop() {
            popped.push(p);
        }
        assert!(q.is_empty());
        reference.sort_by_key(|(t, _)| *t); // stable: ties stay in push order
        assert_eq!(popped, reference);
    }
}
