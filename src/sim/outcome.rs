//! How an attempt ends, and what follows: success finishes the request; a
//! failure is retried after a backoff if the policy, the attempts left and
//! the retry quota allow, and otherwise fails the request. Timeouts abandon
//! the attempt wherever it is (the server keeps working on it).

use super::request::{Phase, Stage};
use super::{Ev, Sim, NO_TASK};
use crate::retry::Outcome;
use crate::rng::{mix, Stream};
use crate::stats::Counter;

/// A task's next requests issued one inside another before the next one waits for an event.
const MAX_NESTED_TASK_STEPS: u32 = 64;

impl Sim {
    /// The current attempt ended with `outcome` (its connection is already released).
    #[inline(always)]
    pub(super) fn end_attempt(&mut self, slot: u32, outcome: Outcome) {
        if outcome != Outcome::Ok {
            return self.end_failed_attempt(slot, outcome);
        }
        self.release_gates(slot, false);
        self.metrics.count_outcome(outcome);
        if let Some(q) = self.quota.as_mut() {
            q.on_success(self.reqs[slot as usize].last_retry_cost);
        }
        self.finish_request(slot, true);
    }

    /// `end_attempt` of a success that holds no gate and pays back no retry
    /// quota (`Plain::to_client`).
    #[inline(always)]
    pub(super) fn finish_success(&mut self, slot: u32) {
        self.metrics.count_outcome(Outcome::Ok);
        self.finish_request(slot, true);
    }

    /// `end_attempt` for an outcome other than success: retry or fail.
    fn end_failed_attempt(&mut self, slot: u32, outcome: Outcome) {
        self.release_gates(slot, true);
        self.metrics.count_outcome(outcome);
        if self.may_retry(slot, outcome) {
            self.backoff(slot);
        } else {
            self.finish_request(slot, false);
        }
    }

    fn may_retry(&mut self, slot: u32, outcome: Outcome) -> bool {
        let attempt = self.reqs[slot as usize].attempt;
        if !self.retry.retryable(outcome, attempt) {
            return false;
        }
        let Some(q) = self.quota.as_mut() else {
            return true;
        };
        let before = q.tokens();
        if !q.try_acquire(outcome) {
            self.metrics.retries_refused += 1;
            return false;
        }
        self.reqs[slot as usize].last_retry_cost = Some(before - q.tokens());
        true
    }

    /// Waits out the backoff before the next attempt.
    fn backoff(&mut self, slot: u32) {
        let r = self.reqs[slot as usize];
        let mut rng = self
            .seeds
            .keyed(Stream::Jitter, mix(r.index) ^ r.attempt as u64);
        let delay = self
            .retry
            .delay_ns(r.attempt, r.prev_delay_ns, r.retry_after_ns, &mut rng);
        self.enter(slot, Phase::Backoff);
        let req = &mut self.reqs[slot as usize];
        req.prev_delay_ns = delay;
        req.retry_after_ns = None;
        req.stage = Stage::Backoff;
        let serial = req.serial;
        self.metrics.retries += 1;
        self.backing_off += 1;
        self.queue
            .push(self.now + delay, Ev::RetryAt { slot, serial });
    }

    pub(super) fn retry_now(&mut self, slot: u32, serial: u32) {
        let r = &self.reqs[slot as usize];
        if r.serial == serial && r.stage == Stage::Backoff {
            self.backing_off -= 1;
            self.start_attempt(slot);
        }
    }

    /// Whether the event for attempt `serial` still concerns a live attempt of `slot`.
    fn attempt_live(&self, slot: u32, serial: u32) -> bool {
        let r = &self.reqs[slot as usize];
        r.serial == serial && !matches!(r.stage, Stage::Backoff | Stage::Done)
    }

    pub(super) fn attempt_timeout(&mut self, slot: u32, serial: u32) {
        if self.attempt_live(slot, serial) {
            self.abort_attempt(slot);
            self.end_attempt(slot, Outcome::Timeout);
        }
    }

    /// A pool-acquire or connect timeout: only if the attempt is still at that stage.
    pub(super) fn stage_timeout(&mut self, slot: u32, serial: u32, stage: Stage) {
        if self.attempt_live(slot, serial) && self.reqs[slot as usize].stage == stage {
            self.abort_attempt(slot);
            self.end_attempt(slot, Outcome::Timeout);
        }
    }

    /// The whole request ran out of time: abandon the attempt or the backoff, and fail.
    pub(super) fn total_timeout(&mut self, slot: u32, life: u32) {
        let r = self.reqs[slot as usize];
        if r.life != life || r.stage == Stage::Done {
            return;
        }
        if r.stage == Stage::Backoff {
            self.backing_off -= 1;
        } else {
            self.abort_attempt(slot);
            self.release_gates(slot, true);
        }
        self.metrics.count_outcome(Outcome::Timeout);
        self.finish_request(slot, false);
    }

    fn abort_attempt(&mut self, slot: u32) {
        self.metrics.timeouts += 1;
        self.leave_client_queues(slot);
        self.abandon_wire(slot);
    }

    /// The request is over: record it, free its slot, and let its task go on.
    #[inline(always)]
    fn finish_request(&mut self, slot: u32, ok: bool) {
        let phase = self.reqs[slot as usize].phase;
        self.enter(slot, phase);
        let r = &mut self.reqs[slot as usize];
        r.stage = Stage::Done;
        let (task, index, attempt) = (r.task, r.index, r.attempt);
        if let Some(t) = self.trace.as_mut() {
            t.finish(index, self.now, ok, attempt);
        }
        self.metrics.record(&self.reqs[slot as usize], self.now, ok);
        self.metrics.series.count(if ok {
            Counter::Completed
        } else {
            Counter::Failed
        });
        self.free_reqs.push(slot);
        self.in_system -= 1;
        if task != NO_TASK {
            self.after_request(task);
        }
    }

    /// The task goes on: at once when it does not think, unless that would
    /// nest too deeply (requests refused at once, one after another: one call
    /// each); then, like thinking, through an event at the same instant, so
    /// the stack stays bounded however many requests a task has.
    fn after_request(&mut self, task: u32) {
        if self.workload.think_ns == 0 && self.task_depth < MAX_NESTED_TASK_STEPS {
            self.task_depth += 1;
            self.task_next(task);
            self.task_depth -= 1;
        } else {
            self.thinking += 1;
            self.queue
                .push(self.now + self.workload.think_ns, Ev::TaskNext { task });
        }
    }
}
