//! Pool semantics, one library behaviour per test, with exact outcomes.

use super::*;
use crate::rng::{Seeds, Stream};

const S: u64 = 1_000_000_000;

fn rng() -> StreamRng {
    Seeds::new(1).stream(Stream::PoolWake)
}

/// aiohttp's semantics with the given limits and keep-alive (the pool's defaults).
fn aiohttp(limit: u32, limit_per_host: u32, keepalive_timeout_s: f64) -> Config {
    Config {
        limit,
        limit_per_host,
        keepalive_timeout_s,
        ..Config::default()
    }
}

fn dial_id(a: Acquire) -> ConnId {
    match a {
        Acquire::Granted(Grant::Dial(id)) => id,
        other => panic!("expected a dial, got {other:?}"),
    }
}

/// Dials and completes the connection for request `req`.
fn open(p: &mut Pool, host: u32, req: u32, r: &mut StreamRng) -> ConnId {
    let id = dial_id(p.acquire(host, req, 0));
    assert_eq!(p.connected(id, p.conn_gen(id), 0, r), Dialed::Owner(req));
    id
}

#[test]
fn aiohttp_limit_counts_acquired_not_idle_and_waiters_are_fifo() {
    let mut r = rng();
    let mut p = Pool::new(aiohttp(2, 0, 15.0), 1);
    let (a, b) = (open(&mut p, 0, 10, &mut r), open(&mut p, 0, 11, &mut r));
    assert_eq!(p.acquire(0, 12, 0), Acquire::Queued);
    assert_eq!(p.acquire(0, 13, 0), Acquire::Queued);
    assert_eq!(p.release(b, 5, true, &mut r), Some((12, Grant::Reuse(b))));
    assert_eq!(p.release(a, 6, true, &mut r), Some((13, Grant::Reuse(a))));
    assert_eq!(p.release(b, 7, true, &mut r), None);
    let c = p.counts();
    assert_eq!((c.in_use, c.idle, c.connecting, c.waiters), (1, 1, 0, 0));
    assert_eq!(p.opened(), 2);
    p.check();
}

#[test]
fn aiohttp_per_host_limit_and_keepalive_expiry() {
    let mut r = rng();
    let mut p = Pool::new(aiohttp(0, 1, 15.0), 2);
    let a = open(&mut p, 0, 1, &mut r);
    assert_eq!(p.acquire(0, 2, 0), Acquire::Queued);
    let b = open(&mut p, 1, 3, &mut r);
    assert_eq!(p.release(b, 0, true, &mut r), None);
    assert_eq!(p.release(a, 0, true, &mut r), Some((2, Grant::Reuse(a))));
    // Host 1's idle connection is older than 15 s at the next checkout: closed, so a new dial.
    dial_id(p.acquire(1, 4, 16 * S));
    assert_eq!(p.opened(), 3);
    assert_eq!(p.counts().time_wait, 1);
}

#[test]
fn go_keeps_two_idle_per_host_and_the_rest_enter_time_wait() {
    let mut r = rng();
    let cfg = Config {
        limit_counts: LimitCounts::Open,
        max_idle_per_host: 2,
        idle_order: Order::Lifo,
        time_wait_s: 60.0,
        ..aiohttp(0, 0, 90.0)
    };
    let mut p = Pool::new(cfg, 1);
    let ids: Vec<ConnId> = (0..5).map(|i| open(&mut p, 0, i, &mut r)).collect();
    for id in &ids {
        assert_eq!(p.release(*id, S, true, &mut r), None);
    }
    let c = p.counts();
    assert_eq!((c.idle, c.time_wait), (2, 3));
    // LIFO: the most recently returned idle connection is reused first.
    assert_eq!(
        p.acquire(0, 9, 2 * S),
        Acquire::Granted(Grant::Reuse(ids[1]))
    );
    p.expire_time_wait(61 * S);
    assert_eq!(p.counts().time_wait, 0);
}

#[test]
fn urllib3_overflows_and_discards_on_return() {
    let mut r = rng();
    let cfg = Config {
        limit_per_host: 10,
        on_full: OnFull::Overflow,
        max_idle_per_host: 10,
        idle_order: Order::Lifo,
        ..aiohttp(0, 10, 0.0)
    };
    let cfg = Config {
        keepalive_timeout_s: 1_000.0,
        ..cfg
    };
    let mut p = Pool::new(cfg, 1);
    let ids: Vec<ConnId> = (0..12).map(|i| open(&mut p, 0, i, &mut r)).collect();
    assert_eq!(p.counts().in_use, 12, "block=False never waits");
    for id in &ids {
        p.release(*id, S, true, &mut r);
    }
    let c = p.counts();
    assert_eq!(
        (c.idle, c.time_wait),
        (10, 2),
        "\"Connection pool is full, discarding connection\""
    );
}

#[test]
fn httpcore_keepalive_bug_closes_idle_connections_once_more_than_20_exist() {
    let mut r = rng();
    let cfg = Config {
        limit_counts: LimitCounts::Open,
        max_idle: 20,
        max_idle_counts_all: true,
        ..aiohttp(100, 0, 5.0)
    };
    let mut p = Pool::new(cfg, 1);
    let ids: Vec<ConnId> = (0..30).map(|i| open(&mut p, 0, i, &mut r)).collect();
    for id in &ids[..10] {
        p.release(*id, S, true, &mut r);
    }
    // 30 connections exist, so the 10 returned ones are closed although only 0 were idle.
    assert_eq!(p.counts().idle, 0);
    assert_eq!(p.counts().time_wait, 10);
    for id in &ids[10..] {
        p.release(*id, S, true, &mut r);
    }
    // Once no more than 20 connections exist (`len(connections) > 20` is
    // false), returned ones stay: all 20 remaining end up idle.
    assert_eq!(p.counts().idle, 20);
}

#[test]
fn open_mode_hands_a_released_connection_to_a_waiter_of_its_host() {
    let mut r = rng();
    let cfg = Config {
        limit_counts: LimitCounts::Open,
        ..aiohttp(1, 0, 5.0)
    };
    let mut p = Pool::new(cfg, 2);
    let a = open(&mut p, 0, 1, &mut r);
    assert_eq!(p.acquire(0, 2, 0), Acquire::Queued);
    assert_eq!(p.release(a, S, true, &mut r), Some((2, Grant::Reuse(a))));
    assert_eq!(p.release(a, S, true, &mut r), None);
    // The pool is full of host 0's idle connection: host 1 evicts it and dials.
    dial_id(p.acquire(1, 3, S));
    assert_eq!((p.counts().idle, p.counts().time_wait), (0, 1));
    p.check();
}

#[test]
fn random_waiter_order_is_seeded_and_not_fifo() {
    let mut r = rng();
    let cfg = Config {
        limit_counts: LimitCounts::Open,
        waiter_order: Order::Random,
        ..aiohttp(1, 0, 5.0)
    };
    let mut p = Pool::new(cfg, 1);
    let a = open(&mut p, 0, 0, &mut r);
    for w in 1..=20 {
        assert_eq!(p.acquire(0, w, 0), Acquire::Queued);
    }
    let served: Vec<u32> = (0..20)
        .map(|_| p.release(a, S, true, &mut r).unwrap().0)
        .collect();
    let mut sorted = served.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        (1..=20).collect::<Vec<_>>(),
        "every waiter served once"
    );
    assert_ne!(
        served, sorted,
        "database/sql does not serve waiters in order"
    );
}

#[test]
fn dial_race_loser_goes_idle() {
    let mut r = rng();
    let cfg = Config {
        limit_counts: LimitCounts::Open,
        dial_race: true,
        max_idle_per_host: 2,
        ..aiohttp(0, 0, 90.0)
    };
    let mut p = Pool::new(cfg, 1);
    let a = open(&mut p, 0, 1, &mut r);
    let b = dial_id(p.acquire(0, 2, 0)); // request 2 dials, and races for an idle connection
                                         // Request 1's connection comes back first: request 2 takes it.
    assert_eq!(p.release(a, 5, true, &mut r), Some((2, Grant::Reuse(a))));
    // Request 2's own dial finishes later and, owned by nobody, goes idle.
    assert_eq!(p.connected(b, p.conn_gen(b), 9, &mut r), Dialed::Parked);
    assert_eq!((p.counts().idle, p.counts().in_use), (1, 1));
    p.check();
}

#[test]
fn leaks_hold_slots_forever_and_lifetime_closes_old_connections() {
    let mut r = rng();
    let cfg = Config {
        max_lifetime_s: 10.0,
        ..aiohttp(2, 0, 100.0)
    };
    let mut p = Pool::new(cfg, 1);
    let a = open(&mut p, 0, 1, &mut r);
    p.leak(a, 0);
    let b = open(&mut p, 0, 2, &mut r);
    assert_eq!(p.acquire(0, 3, 0), Acquire::Queued);
    // b is 11 s old at release: closed, and the waiter dials a fresh one.
    assert!(matches!(
        p.release(b, 11 * S, true, &mut r),
        Some((3, Grant::Dial(_)))
    ));
    assert_eq!(p.counts().leaked, 1);
    assert_eq!(
        p.acquire(0, 4, 11 * S),
        Acquire::Queued,
        "the leaked connection still counts"
    );
}

#[test]
fn leaked_connections_the_peer_closes_sit_in_close_wait() {
    let mut r = rng();
    let cfg = Config {
        peer_idle_close_s: 75.0,
        ..aiohttp(0, 0, 15.0)
    };
    let mut p = Pool::new(cfg, 1);
    // Three responses leak at 1 s, 2 s and 3 s; a fourth connection is released.
    let ids: Vec<ConnId> = (0..4).map(|i| open(&mut p, 0, i, &mut r)).collect();
    for (i, id) in ids[..3].iter().enumerate() {
        p.leak(*id, (i as u64 + 1) * S);
    }
    p.release(ids[3], 3 * S, true, &mut r);
    p.expire_time_wait(76 * S - 1);
    assert_eq!(
        (p.counts().leaked, p.counts().close_wait),
        (3, 0),
        "before 75 s idle"
    );
    p.expire_time_wait(76 * S);
    assert_eq!(
        p.counts().close_wait,
        1,
        "the first leak, idle 75 s on the peer's side"
    );
    p.expire_time_wait(78 * S);
    let c = p.counts();
    // The released connection is idle, not CLOSE_WAIT: only leaked ones are.
    assert_eq!((c.leaked, c.close_wait, c.in_use, c.idle), (3, 3, 3, 1));
    p.check();
}

#[test]
fn without_a_peer_close_leaks_never_reach_close_wait() {
    let mut r = rng();
    let mut p = Pool::new(aiohttp(0, 0, 15.0), 1);
    let a = open(&mut p, 0, 1, &mut r);
    p.leak(a, S);
    p.expire_time_wait(1_000_000 * S);
    assert_eq!((p.counts().leaked, p.counts().close_wait), (1, 0));
}

/// Drives a pool through a fixed pseudo-random script of acquires, dial
/// completions and releases over two hosts; returns everything it answered
/// and its counts after each step.
fn script(mut p: Pool) -> Vec<String> {
    let mut r = rng();
    let mut draw = Seeds::new(9).stream(Stream::Service);
    let mut out = Vec::new();
    let mut held: Vec<ConnId> = Vec::new();
    let mut dialing: Vec<ConnId> = Vec::new();
    for step in 0..2_000u32 {
        let now = u64::from(step) * S / 10;
        let roll = unit(&mut draw);
        if roll < 0.4 {
            let host = step % 2;
            match p.acquire(host, step, now) {
                Acquire::Granted(Grant::Reuse(c)) => held.push(c),
                Acquire::Granted(Grant::Dial(c)) => dialing.push(c),
                Acquire::Queued => {}
            }
            out.push(format!("{step} acquire"));
        } else if roll < 0.6 && !dialing.is_empty() {
            let c = dialing.remove(0);
            out.push(format!("{:?}", p.connected(c, p.conn_gen(c), now, &mut r)));
            held.push(c);
        } else if !held.is_empty() {
            let c = held.remove(0);
            let keep = roll < 0.95;
            let woken = p.release(c, now, keep, &mut r);
            if let Some((_, g)) = woken {
                match g {
                    Grant::Reuse(c) => held.push(c),
                    Grant::Dial(c) => dialing.push(c),
                }
            }
            out.push(format!("{woken:?}"));
        }
        out.push(format!("{:?} {}", p.counts(), p.opened()));
    }
    out
}

#[test]
fn shortcuts_answer_as_the_general_paths_do() {
    let configs = [
        aiohttp(0, 0, 15.0),
        aiohttp(4, 0, 15.0),
        aiohttp(0, 3, 1.0),
        Config {
            limit: 5,
            limit_counts: LimitCounts::Open,
            ..Config::default()
        },
        Config {
            limit: 3,
            on_full: OnFull::Overflow,
            ..Config::default()
        },
    ];
    for cfg in configs {
        let fast = Pool::new(cfg.clone(), 2);
        assert!(fast.short.kept_goes_idle, "{cfg:?}");
        let mut general = Pool::new(cfg.clone(), 2);
        general.short = Shortcuts {
            idle_always_reused: false,
            kept_goes_idle: false,
        };
        assert_eq!(script(fast), script(general), "{cfg:?}");
    }
}
