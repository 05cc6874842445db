//! Network time between client and server (`server.network_ms`,
//! `server.network_spread_ms`, `server.read_write_hops`), after the AWS
//! backoff simulator (aws-samples/aws-arch-backoff-simulator): every
//! message hop takes |N(network_ms, network_spread_ms)| ms.
//!
//! An attempt's request travels one hop before it reaches the server and
//! its response one hop back; `read_write_hops` more lie inside the
//! server's service window (a read-modify-write's read reply and write
//! request), so with `contended` they are the window in which another
//! commit makes the write conflict. Each hop is its own draw from the
//! `network` stream keyed by request, attempt and hop number (0 = the
//! request, 1..=read_write_hops inside the window, then the response), so a
//! hop's time does not depend on what else happens. The hops count in the
//! `service` phase. With both knobs 0 there is no hop and no event: runs
//! are as before.

use super::request::{Phase, Stage};
use super::{Ev, Sim};
use crate::dist::abs_normal_ms;
use crate::retry::Outcome;
use crate::rng::{mix, Seeds, Stream};
use crate::scenario::Server;
use crate::time::{round_to_u64, NS_PER_MS};

/// The hop distribution, prepared once from the server section.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Network {
    mu_ms: f64,
    sd_ms: f64,
    read_write_hops: u32,
    /// Whether a hop can take any time (either knob above 0).
    on: bool,
}

impl Network {
    pub(super) fn new(s: &Server) -> Network {
        Network {
            mu_ms: s.network_ms,
            sd_ms: s.network_spread_ms,
            read_write_hops: s.read_write_hops,
            on: s.network_ms > 0.0 || s.network_spread_ms > 0.0,
        }
    }

    /// Whether requests and responses travel hops (events of their own).
    #[inline]
    pub(super) fn on(&self) -> bool {
        self.on
    }

    /// Hop `hop` of attempt `attempt` of request `index`, in nanoseconds.
    fn hop_ns(&self, seeds: &Seeds, index: u64, attempt: u32, hop: u32) -> u64 {
        let key = mix(mix(index) ^ attempt as u64) ^ hop as u64;
        let mut rng = seeds.keyed_draws(Stream::Network, key);
        round_to_u64(abs_normal_ms(&mut rng, self.mu_ms, self.sd_ms) * NS_PER_MS as f64)
    }

    /// The hops inside the read-to-write window of an attempt (0 when off).
    #[inline]
    pub(super) fn window_ns(&self, seeds: &Seeds, index: u64, attempt: u32) -> u64 {
        if !self.on {
            return 0;
        }
        (1..=self.read_write_hops)
            .map(|hop| self.hop_ns(seeds, index, attempt, hop))
            .sum()
    }
}

impl Sim {
    /// The request leaves for the server: one hop.
    pub(super) fn hop_to_server(&mut self, slot: u32) {
        self.enter(slot, Phase::Service);
        let r = &mut self.reqs[slot as usize];
        r.stage = Stage::Network;
        let (index, attempt, serial) = (r.index, r.attempt, r.serial);
        let hop = self.network.hop_ns(&self.seeds, index, attempt, 0);
        self.queue
            .push(self.now + hop, Ev::HopToServer { slot, serial });
    }

    pub(super) fn hop_to_server_done(&mut self, slot: u32, serial: u32) {
        let r = &self.reqs[slot as usize];
        if r.serial == serial && r.stage == Stage::Network {
            self.reach_server(slot);
        }
    }

    /// The response leaves for the client: one hop.
    pub(super) fn hop_to_client(&mut self, slot: u32, outcome: Outcome) {
        self.enter(slot, Phase::Service);
        let hops = self.network.read_write_hops + 1;
        let r = &mut self.reqs[slot as usize];
        r.stage = Stage::Network;
        let (index, attempt, serial) = (r.index, r.attempt, r.serial);
        let hop = self.network.hop_ns(&self.seeds, index, attempt, hops);
        self.queue.push(
            self.now + hop,
            Ev::HopToClient {
                slot,
                serial,
                outcome,
            },
        );
    }

    pub(super) fn hop_to_client_done(&mut self, slot: u32, serial: u32, outcome: Outcome) {
        let r = &self.reqs[slot as usize];
        if r.serial == serial && r.stage == Stage::Network {
            self.read_at_client(slot, outcome);
        }
    }
}
