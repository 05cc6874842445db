//! The client side of an attempt: the workload issues requests, and each
//! attempt passes the client-side rate limiter, the adaptive concurrency
//! limit and the semaphore, in that order, before it reaches the client CPU
//! and the pool (`wire.rs`). Every gate's waiters are served FIFO.

use super::request::{Phase, Req, Stage};
use super::{Ev, Sim, Truncation, NO_TASK, TASK_BIT};
use crate::limiter::Decision;
use crate::retry::Outcome;
use crate::stats::Counter;

/// Whether the attempt pays the task's start-up work first (its first attempt, with a cost).
fn pays_task_start(attempt: u32, task_start_ns: u64) -> bool {
    attempt == 1 && task_start_ns > 0
}

impl Sim {
    /// A closed-loop task starts: with a batch-scope semaphore it first takes its permit.
    pub(super) fn task_start(&mut self, task: u32) {
        if self.take_batch_permit(task) {
            self.task_next(task);
        }
    }

    /// With a batch-scope semaphore, the task takes its permit or queues for
    /// it (woken by `wake_semaphore`); whether it may go on now.
    fn take_batch_permit(&mut self, task: u32) -> bool {
        if self.semaphore_batch {
            if let Some(sem) = self.semaphore.as_mut() {
                if !sem.acquire(task | TASK_BIT, 1) {
                    self.tasks_waiting += 1;
                    return false;
                }
            }
        }
        true
    }

    pub(super) fn task_next(&mut self, task: u32) {
        match self.workload.next_for_task(task) {
            Some(index) => self.issue(index, task),
            None => match self.workload.take_next_chunk() {
                // The chunk's last request finished: its tasks go on with the
                // next chunk, each through an event at this instant (in task order).
                // A chunk's tasks are new tasks: with a batch-scope semaphore
                // this one gives its permit back and each takes one again.
                Some(tasks) => {
                    self.task_done(task);
                    for t in 0..tasks {
                        if !self.take_batch_permit(t) {
                            continue;
                        }
                        self.thinking += 1;
                        self.queue.push(self.now, Ev::TaskNext { task: t });
                    }
                }
                None => self.task_done(task),
            },
        }
    }

    /// A task has issued all its requests: a batch-scope permit goes to the next task.
    fn task_done(&mut self, _task: u32) {
        if self.semaphore_batch && self.semaphore.is_some() {
            self.semaphore.as_mut().expect("checked").release(1);
            self.wake_semaphore();
        }
    }

    #[inline]
    pub(super) fn arrival(&mut self) {
        let (index, next) = self.workload.take_arrival();
        self.arrival_pending = next.is_some();
        if let Some(t) = next {
            self.queue.push(t, Ev::Arrival);
        }
        self.issue(index, NO_TASK);
    }

    /// A new request enters the system.
    #[inline(always)]
    fn issue(&mut self, index: u64, task: u32) {
        if self.in_system >= self.max_in_flight {
            self.truncated = Some(Truncation::InFlightCap);
            return;
        }
        if !self.fits_memory_budget() {
            self.truncated = Some(Truncation::MemoryBudget);
            return;
        }
        let host = self.workload.host_for(index, &self.seeds);
        self.next_life = self.next_life.wrapping_add(1);
        let slot = self.alloc();
        // Written in place (not built aside and copied in).
        self.reqs[slot as usize] = Req {
            index,
            task,
            host,
            life: self.next_life,
            issue: self.now,
            phase_since: self.now,
            ..Req::default()
        };
        self.in_system += 1;
        self.metrics.started += 1;
        self.metrics.last_issue = self.now;
        self.metrics.peak_in_system = self.metrics.peak_in_system.max(self.in_system);
        self.metrics.series.count(Counter::Started);
        if self.timeouts.total > 0 {
            self.queue.push(
                self.now + self.timeouts.total,
                Ev::TotalTimeout {
                    slot,
                    life: self.next_life,
                },
            );
        }
        self.start_attempt(slot);
    }

    /// A free request slot (its contents are overwritten by the caller).
    #[inline]
    fn alloc(&mut self) -> u32 {
        match self.free_reqs.pop() {
            Some(slot) => slot,
            None => {
                self.reqs.push(Req::default());
                (self.reqs.len() - 1) as u32
            }
        }
    }

    /// A new attempt (the first, or a retry) begins at the limiter.
    #[inline(always)]
    pub(super) fn start_attempt(&mut self, slot: u32) {
        self.next_serial = self.next_serial.wrapping_add(1);
        let serial = self.next_serial;
        let r = &mut self.reqs[slot as usize];
        r.serial = serial;
        r.attempt += 1;
        r.new_connection = false;
        self.metrics.attempts += 1;
        self.metrics.series.count(Counter::Attempts);
        if self.plain.to_pool {
            return self.pool_stage(slot);
        }
        let attempt = self.reqs[slot as usize].attempt;
        if let Some(t) = self.trace.as_mut() {
            t.attempt(self.now, attempt);
        }
        if self.timeouts.attempt > 0 {
            self.queue.push(
                self.now + self.timeouts.attempt,
                Ev::AttemptTimeout { slot, serial },
            );
        }
        if pays_task_start(self.reqs[slot as usize].attempt, self.cpu_costs.task_start) {
            self.enter(slot, Phase::Cpu);
            self.reqs[slot as usize].stage = Stage::Cpu;
            return self.cpu_push(slot, super::cpu::Work::TaskStart);
        }
        self.limiter_stage(slot);
    }

    /// The task's start-up work on the event loop is done: its first attempt meets the gates.
    pub(super) fn after_task_start(&mut self, slot: u32) {
        self.limiter_stage(slot);
    }

    #[inline(always)]
    fn limiter_stage(&mut self, slot: u32) {
        if self.limiter.is_none() {
            return self.adaptive_stage(slot);
        }
        self.limiter_gate(slot);
    }

    /// `limiter_stage` with a limiter.
    fn limiter_gate(&mut self, slot: u32) {
        self.enter(slot, Phase::Limiter);
        if !self.limiter_queue.is_empty() && !self.limiter_reject {
            self.reqs[slot as usize].stage = Stage::Limiter;
            self.limiter_queue.push_back(slot);
            return;
        }
        let decision = self.limiter.as_mut().expect("checked").try_admit(self.now);
        match decision {
            Decision::Admit => self.adaptive_stage(slot),
            Decision::AdmitAt(t) => self.delay_until(slot, t),
            Decision::NotBefore(_) if self.limiter_reject => {
                self.end_attempt(slot, Outcome::ClientRejected)
            }
            Decision::NotBefore(t) => {
                self.reqs[slot as usize].stage = Stage::Limiter;
                self.limiter_queue.push_back(slot);
                self.schedule_limiter_wake(t);
            }
        }
    }

    fn delay_until(&mut self, slot: u32, t: u64) {
        let r = &mut self.reqs[slot as usize];
        r.stage = Stage::LimiterDelay;
        let serial = r.serial;
        self.queue
            .push(t.max(self.now), Ev::AdmitAt { slot, serial });
    }

    fn schedule_limiter_wake(&mut self, t: u64) {
        if !self.limiter_wake_pending {
            self.limiter_wake_pending = true;
            self.queue.push(t.max(self.now), Ev::LimiterWake);
        }
    }

    /// Admits waiting requests in order until the limiter says "not yet".
    pub(super) fn limiter_wake(&mut self) {
        self.limiter_wake_pending = false;
        while let Some(&slot) = self.limiter_queue.front() {
            let decision = self
                .limiter
                .as_mut()
                .expect("queue implies limiter")
                .try_admit(self.now);
            match decision {
                Decision::NotBefore(t) => return self.schedule_limiter_wake(t),
                Decision::Admit => {
                    self.limiter_queue.pop_front();
                    self.adaptive_stage(slot);
                }
                Decision::AdmitAt(t) => {
                    self.limiter_queue.pop_front();
                    self.delay_until(slot, t);
                }
            }
        }
    }

    pub(super) fn limiter_delay_done(&mut self, slot: u32, serial: u32) {
        let r = &self.reqs[slot as usize];
        if r.serial == serial && r.stage == Stage::LimiterDelay {
            self.adaptive_stage(slot);
        }
    }

    #[inline(always)]
    fn adaptive_stage(&mut self, slot: u32) {
        if self.adaptive.is_none() {
            return self.semaphore_stage(slot);
        }
        self.adaptive_gate(slot);
    }

    /// `adaptive_stage` with an adaptive limit.
    fn adaptive_gate(&mut self, slot: u32) {
        self.enter(slot, Phase::Semaphore);
        if self.adaptive_gate.acquire(slot, 1) {
            self.pass_adaptive(slot);
        } else {
            self.reqs[slot as usize].stage = Stage::Adaptive;
        }
    }

    fn pass_adaptive(&mut self, slot: u32) {
        let inflight = self.adaptive_gate.used();
        let r = &mut self.reqs[slot as usize];
        r.adaptive_held = true;
        r.adaptive_since = self.now;
        r.inflight_at_start = inflight;
        self.semaphore_stage(slot);
    }

    #[inline(always)]
    fn semaphore_stage(&mut self, slot: u32) {
        if self.semaphore.is_none() || self.semaphore_batch {
            return self.cpu_stage(slot);
        }
        self.semaphore_gate(slot);
    }

    /// `semaphore_stage` with a per-request semaphore.
    fn semaphore_gate(&mut self, slot: u32) {
        self.enter(slot, Phase::Semaphore);
        let weight = self.weight_of(self.reqs[slot as usize].index);
        if self.semaphore_full() {
            return self.end_attempt(slot, Outcome::ClientRejected);
        }
        if self
            .semaphore
            .as_mut()
            .expect("checked")
            .acquire(slot, weight)
        {
            self.reqs[slot as usize].permits = weight;
            self.cpu_stage(slot);
        } else {
            self.reqs[slot as usize].stage = Stage::Semaphore;
        }
    }

    /// A bounded semaphore queue (`semaphore.max_waiters`) is full and no
    /// permit is free: the request would be one waiter too many.
    fn semaphore_full(&self) -> bool {
        let Some(sem) = self.semaphore.as_ref() else {
            return false;
        };
        // With waiters already queued (at least one, as max_waiters ≥ 1), a
        // newcomer queues behind them whatever the free permits: FIFO.
        self.semaphore_max_waiters > 0 && sem.waiting() >= self.semaphore_max_waiters
    }

    /// Permits a request takes: the weights list cycles over request indices.
    fn weight_of(&self, index: u64) -> u32 {
        if self.weights.is_empty() {
            1
        } else {
            self.weights[(index % self.weights.len() as u64) as usize]
        }
    }

    /// The attempt is over: give back its semaphore permits and adaptive slot.
    #[inline(always)]
    pub(super) fn release_gates(&mut self, slot: u32, dropped: bool) {
        let r = &self.reqs[slot as usize];
        if r.permits > 0 || r.adaptive_held {
            self.release_held_gates(slot, dropped);
        }
    }

    /// `release_gates` when the attempt holds permits or an adaptive slot.
    fn release_held_gates(&mut self, slot: u32, dropped: bool) {
        let r = &self.reqs[slot as usize];
        let (permits, adaptive_held) = (r.permits, r.adaptive_held);
        let (adaptive_since, inflight_at_start) = (r.adaptive_since, r.inflight_at_start);
        if permits > 0 {
            self.reqs[slot as usize].permits = 0;
            self.semaphore
                .as_mut()
                .expect("permits imply a semaphore")
                .release(permits);
            self.wake_semaphore();
        }
        if adaptive_held {
            self.reqs[slot as usize].adaptive_held = false;
            let rtt = self.now - adaptive_since;
            let a = self.adaptive.as_mut().expect("held implies adaptive");
            a.on_sample(self.now, rtt, inflight_at_start, dropped);
            let limit = a.limit();
            self.adaptive_gate.set_capacity(limit);
            self.adaptive_gate.release(1);
            while let Some(next) = self.adaptive_gate.next_grant() {
                self.pass_adaptive(next);
            }
            // A lowered limit does not evict requests already holding a slot:
            // until they leave, the gate holds more than its limit.
            let held = self.adaptive_gate.used();
            self.note_adaptive_limit(limit, limit.max(held));
        }
    }

    /// The adaptive limit is `limit` from now on and its gate holds up to
    /// `capacity`: into the metrics (range, averages) and the trace (its chart).
    pub(super) fn note_adaptive_limit(&mut self, limit: u32, capacity: u32) {
        self.metrics
            .record_adaptive_limit(limit, capacity, self.now);
        if let Some(t) = self.trace.as_mut() {
            t.limit(self.now, limit);
        }
    }

    fn wake_semaphore(&mut self) {
        while let Some(id) = self.semaphore.as_mut().and_then(|s| s.next_grant()) {
            if id & TASK_BIT != 0 {
                self.tasks_waiting -= 1;
                self.task_next(id & !TASK_BIT);
            } else {
                let weight = self.weight_of(self.reqs[id as usize].index);
                self.reqs[id as usize].permits = weight;
                self.cpu_stage(id);
            }
        }
    }

    /// Takes a request out of whichever client-side queue holds it (it timed out).
    pub(super) fn leave_client_queues(&mut self, slot: u32) {
        match self.reqs[slot as usize].stage {
            Stage::Limiter => {
                if let Some(i) = self.limiter_queue.iter().position(|s| *s == slot) {
                    self.limiter_queue.remove(i);
                }
            }
            Stage::Adaptive => {
                self.adaptive_gate.cancel(slot);
                while let Some(next) = self.adaptive_gate.next_grant() {
                    self.pass_adaptive(next);
                }
            }
            Stage::Semaphore => {
                if let Some(sem) = self.semaphore.as_mut() {
                    sem.cancel(slot);
                }
                self.wake_semaphore(); // a cancelled head may have blocked smaller waiters
            }
            // Event-loop work of an ended attempt is skipped when it reaches the front.
            _ => {}
        }
    }
}
