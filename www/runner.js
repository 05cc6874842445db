// Runs the simulator without blocking the page: wasm advances the run in
// bounded steps (Sim::step_many), at most SLICE_MS of work per animation
// frame. Short runs (the lessons) finish inside the first slice, so a slider
// move redraws at once; long runs show progress and can be cancelled.

/** Work per frame, in milliseconds: leaves time for the browser to paint and handle input. */
const SLICE_MS = 12;
/** Events per wasm call: small enough to check the clock often. */
const STEP_EVENTS = 4000;

/**
 * @param pg the wasm Playground
 * @param hooks { progress(fraction | null), done(startedAtMs), cancelled(), failed(error) }
 *   failed: a call into wasm threw (see engine.js); the run is over.
 */
export function createRunner(pg, hooks) {
  let frame = 0;
  let startedAt = 0;

  function pump() {
    frame = 0;
    const deadline = performance.now() + SLICE_MS;
    let done = false;
    try {
      do {
        done = pg.step(STEP_EVENTS);
      } while (!done && performance.now() < deadline);
    } catch (e) {
      hooks.progress(null);
      hooks.failed(e);
      return;
    }
    if (done) {
      hooks.progress(null);
      hooks.done(startedAt);
      return;
    }
    hooks.progress(pg.progress());
    frame = requestAnimationFrame(pump);
  }

  return {
    /** Starts a run of the current scenario (replacing one in progress); `t0` is when the user acted. */
    run(t0 = performance.now()) {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      startedAt = t0;
      try {
        pg.start();
      } catch (e) {
        hooks.failed(e);
        return;
      }
      pump();
    },
    cancel() {
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      pg.cancel();
      hooks.progress(null);
      hooks.cancelled();
    },
    get running() {
      return frame !== 0;
    },
  };
}
