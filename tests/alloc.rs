//! The event loop allocates nothing per event in steady state: a run of 10×
//! more requests makes (almost) no more allocations. A counting global
//! allocator (this test binary only) measures it.

use poolsim::{catalog, run, Scenario};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicU64, Ordering};

struct Counting;

static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_for(id: &str, requests: &str, key: &str) -> u64 {
    let text = catalog::scenario_text(id).expect("shipped");
    let sc = Scenario::from_json_with_overrides(text, &[(key.to_string(), requests.to_string())])
        .expect("valid");
    let before = ALLOCATIONS.load(Ordering::Relaxed);
    let out = run(&sc);
    let after = ALLOCATIONS.load(Ordering::Relaxed);
    assert!(!out.summary.truncated);
    after - before
}

#[test]
fn allocations_do_not_grow_with_requests() {
    for (id, key) in [
        ("mmc", "clients.requests"),
        ("retry-budget", "clients.duration_s"),
    ] {
        let (small, large) = match id {
            "mmc" => (
                allocations_for(id, "20000", key),
                allocations_for(id, "200000", key),
            ),
            _ => (
                allocations_for(id, "8", key),
                allocations_for(id, "80", key),
            ),
        };
        // A few more for buffers that double once more (the event heap, slot
        // vectors) are fine; per-request or per-event allocation would add
        // tens of thousands.
        assert!(
            large <= small + 64,
            "{id}: {small} allocations for the small run, {large} for 10× more"
        );
    }
}
