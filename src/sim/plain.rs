//! Which stages of an attempt a scenario can never use, worked out once when
//! the simulator is built, so that the hot paths of a plain scenario (an
//! M/M/c queue: no gates, no event-loop costs, no network, no faults) take
//! one branch instead of a check per feature. Each flag is true only when
//! every check it replaces would pass; the paths behind a flag do exactly
//! what the full paths would (same state changes, same events in the same
//! order), so a run's numbers and digest are the same either way (a test
//! runs every shipped scenario with the flags forced off and compares).
//!
//! A new feature on one of these paths must clear the flag it affects here.

use super::Sim;

/// The shortcuts a run may take (all false: take none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Plain {
    /// A new attempt goes straight to the pool: no trace, attempt timeout,
    /// task start-up cost, client-side limiter, adaptive limit, per-request
    /// semaphore, or event-loop work before the pool.
    pub to_pool: bool,
    /// A request holding a connection reaches the server's workers at once:
    /// no send or connect cost on the event loop, no network hop, no outage
    /// window, no server-side rate limit, no server CPU stage.
    pub to_server: bool,
    /// A finished job is a success read at once, its connection returned to
    /// the pool at once: no contention, no error draws, no network hop, no
    /// read cost on the event loop, no leaks, no put-back delay, no retry
    /// quota, and no gate a request holds (adaptive slot, semaphore permits).
    pub to_client: bool,
    /// The time series' gauges of the limiter's and the semaphores' waiters,
    /// the pool's waiters and retry backoffs stay 0 all run: no limiter,
    /// semaphore or adaptive limit, no pool limit, no retries.
    pub quiet_gauges: bool,
}

impl Sim {
    /// The shortcuts this simulator's configuration allows.
    pub(super) fn plain_paths(&self) -> Plain {
        let c = &self.cpu_costs;
        let s = &self.server_cfg;
        let per_request_semaphore = self.semaphore.is_some() && !self.semaphore_batch;
        let no_held_gates = self.adaptive.is_none() && !per_request_semaphore;
        Plain {
            to_pool: self.trace.is_none()
                && self.timeouts.attempt == 0
                && c.task_start == 0
                && self.limiter.is_none()
                && no_held_gates
                && c.attempt == 0
                && c.pool_scan == 0,
            to_server: c.send == 0
                && c.connect == 0
                && !self.network.on()
                && s.outages.is_empty()
                && self.server_limiter.is_none()
                && self.server_cpu_ns == 0,
            to_client: !s.contended
                && s.error_probability <= 0.0
                && !self.network.on()
                && c.read == 0
                && c.pool_scan == 0
                && c.per_open_conn == 0
                && self.leak_probability <= 0.0
                && self.pool.put_back_ns() == 0
                && self.quota.is_none()
                && no_held_gates,
            quiet_gauges: self.limiter.is_none()
                && self.semaphore.is_none()
                && self.adaptive.is_none()
                && !self.pool.can_queue()
                && self.retry.max_attempts() <= 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::Scenario;

    fn scenario(id: &str, extra: &[(&str, &str)]) -> Scenario {
        let text = crate::catalog::scenario_text(id).expect("shipped scenario");
        let overrides: Vec<(String, String)> = extra
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Scenario::from_json_with_overrides(text, &overrides).expect("valid scenario")
    }

    fn flags(id: &str, extra: &[(&str, &str)]) -> Plain {
        Sim::build(
            &scenario(id, extra),
            None,
            super::super::DEFAULT_MEMORY_BUDGET_BYTES,
        )
        .plain
    }

    /// The report of a run, as JSON, with the shortcuts taken or all forced off.
    fn report(sc: &Scenario, shortcuts: bool) -> String {
        let mut sim = Sim::build(sc, None, super::super::DEFAULT_MEMORY_BUDGET_BYTES);
        if !shortcuts {
            sim.plain = Plain::default();
        }
        sim.start();
        while !sim.step_many(u64::MAX) {}
        serde_json::to_string(&sim.output(sc)).expect("serialisable")
    }

    #[test]
    fn an_m_m_c_queue_takes_every_shortcut() {
        let all = Plain {
            to_pool: true,
            to_server: true,
            to_client: true,
            quiet_gauges: true,
        };
        assert_eq!(flags("mmc", &[]), all);
    }

    #[test]
    fn each_feature_clears_the_shortcut_it_sits_on() {
        let limiter = flags("mmc", &[("limiter.kind", "token_bucket")]);
        assert!(!limiter.to_pool && limiter.to_server && limiter.to_client);
        let timeout = flags("mmc", &[("timeouts.attempt_ms", "100")]);
        assert!(!timeout.to_pool && timeout.to_server && timeout.to_client);
        let server_cpu = flags("mmc", &[("server.cpu_us_per_request", "10")]);
        assert!(server_cpu.to_pool && !server_cpu.to_server && server_cpu.to_client);
        let errors = flags("mmc", &[("server.error_probability", "0.1")]);
        assert!(errors.to_pool && errors.to_server && !errors.to_client);
        let leaks = flags("mmc", &[("pool.leak_probability", "0.01")]);
        assert!(leaks.to_pool && leaks.to_server && !leaks.to_client);
        assert!(!limiter.quiet_gauges && !flags("mmc", &[("pool.limit", "10")]).quiet_gauges);
        let retries = flags("mmc", &[("retry.max_attempts", "3")]);
        assert!(retries.to_pool && retries.to_server && retries.to_client && !retries.quiet_gauges);
        let traced = Sim::build(
            &scenario("mmc", &[]),
            Some(Box::new(super::super::Trace::new(10))),
            super::super::DEFAULT_MEMORY_BUDGET_BYTES,
        );
        assert!(!traced.plain.to_pool);
    }

    #[test]
    fn shortcuts_change_no_number_of_any_shipped_scenario() {
        for (id, _) in crate::catalog::SCENARIOS {
            // The first 20,000 events of each (a truncated run reports too).
            let sc = scenario(id, &[("run.max_events", "20000")]);
            assert_eq!(report(&sc, true), report(&sc, false), "scenario {id}");
        }
    }
}
