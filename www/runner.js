// Runs the simulator in a Web Worker (worker.js), so the page never blocks:
// the page sends the scenario (as JSON from wasm) and the sizes of the chart
// canvases; the worker answers with progress, then the run's view and its
// charts as ImageBitmaps, shown here on the canvases. A newer run replaces
// one in progress; Cancel stops it and keeps the last finished run on screen.
// If the worker dies or passes its memory budget, a fresh one is started.

/**
 * @param hooks {
 *   scenario(): string            the scenario to run, as JSON
 *   testPanic(): bool             (tests) whether this run's worker should panic at its first step
 *   draw(): {charts, scale, dark, lang}   what to draw, and how
 *   progress(fraction | null), done({view, charts, startedAt, runMs, drawMs}), more(charts),
 *   redrawn({view, charts}), cancelled(), failed(message, budget, crashed)
 *   sweepProgress(fraction, points | null), sweepDone({view, table, bitmap, ms}), sweepFailed(message)
 * }
 * A sweep (`sweep(form, draw)`) runs in the same worker between runs; its
 * hooks are separate, so a run and a sweep can both be going.
 */
export function createRunner(hooks) {
  let worker;
  let seq = 0;
  let running = 0; // seq of the run in progress
  let startedAt = 0;
  let req = 0;
  const asked = new Map();
  /** Whether the run in progress has reported progress (a long run, worth replacing at once). */
  let long = false;
  /** A newer input that arrived while a short run was finishing: its time (0: none). */
  let pending = 0;
  let sweepSeq = 0;
  let sweeping = 0; // seq of the sweep in progress

  function spawn() {
    const w = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    worker = w;
    // A message or error already queued by a worker that was replaced is dropped.
    w.onmessage = (e) => { if (w === worker) receive(e.data); };
    w.onerror = (e) => {
      e.preventDefault();
      if (w !== worker) return;
      const was = running;
      running = 0;
      hooks.progress(null);
      hooks.failed(String(e.message ?? 'worker error'), false);
      restart(was);
    };
  }

  /** A fresh worker (after a crash or the memory budget); the finished charts stay on the page. */
  function restart() {
    worker.terminate();
    if (sweeping) {
      sweeping = 0;
      hooks.sweepProgress(null, null);
      hooks.sweepFailed('the simulator was restarted');
    }
    for (const resolve of asked.values()) resolve(null);
    asked.clear();
    spawn();
  }

  function receive(m) {
    switch (m.type) {
      case 'progress':
        if (m.seq === running) { long = true; hooks.progress(m.fraction); }
        break;
      case 'done':
        if (m.seq === 0) { hooks.redrawn(m); break; }
        if (m.seq !== running) { for (const c of m.charts) c.bitmap.close(); break; }
        running = 0;
        hooks.progress(null);
        hooks.done({ ...m, startedAt });
        if (pending) { const t0 = pending; pending = 0; start(t0); }
        break;
      case 'more':
        hooks.more(m.charts);
        break;
      case 'cancelled':
        break;
      case 'failed':
        if (m.crashed && m.seq !== running && m.seq !== 0) {
          // A crash reported for a run already replaced: the worker is dead all the same.
          m.seq = running;
        }
        if (m.seq !== running && m.seq !== 0) break;
        running = 0;
        hooks.progress(null);
        hooks.failed(m.message, Boolean(m.budget), Boolean(m.crashed));
        if (m.budget || m.crashed) restart();
        break;
      case 'sweepProgress':
        if (m.seq === sweeping) hooks.sweepProgress(m.fraction, m.points);
        break;
      case 'sweepDone':
        if (m.seq !== 0 && m.seq !== sweeping) { m.bitmap?.close(); break; }
        if (m.seq) { sweeping = 0; hooks.sweepProgress(null, null); }
        hooks.sweepDone(m);
        break;
      case 'sweepFailed':
        if (m.seq !== sweeping) break;
        sweeping = 0;
        hooks.sweepProgress(null, null);
        hooks.sweepFailed(m.message);
        if (m.crashed) restart();
        break;
      case 'answer':
        asked.get(m.req)?.(m.value);
        asked.delete(m.req);
        break;
      default:
        break;
    }
  }

  function start(t0) {
    startedAt = t0;
    long = false;
    running = ++seq;
    const testPanic = hooks.testPanic ? hooks.testPanic() : false;
    worker.postMessage({ type: 'run', seq: running, scenario: hooks.scenario(), draw: hooks.draw(), testPanic });
  }

  spawn();

  return {
    /**
     * Starts a run of the current scenario; `t0` is when the user acted. A
     * long run in progress is replaced at once; a short one (no progress
     * yet) finishes first and the newest input runs right after, so a fast
     * drag does not queue up runs that would be drawn and thrown away.
     */
    run(t0 = performance.now()) {
      if (running && !long) { pending = pending || t0; return; }
      start(t0);
    },
    cancel() {
      pending = 0;
      if (!running) return;
      worker.postMessage({ type: 'cancel', seq: running });
      running = 0;
      hooks.progress(null);
      hooks.cancelled();
    },
    /** Redraws the last finished run (resize, theme, language). */
    redraw() {
      worker.postMessage({ type: 'draw', draw: hooks.draw() });
    },
    pin() { worker.postMessage({ type: 'pin', draw: hooks.draw() }); },
    unpin() { worker.postMessage({ type: 'unpin', draw: hooks.draw() }); },
    /** Asks the worker for 'table' or 'summary' (of chart `id`), 'json' or 'csv'; resolves to text or null. */
    ask(what, id) {
      const r = ++req;
      return new Promise((resolve) => {
        asked.set(r, resolve);
        worker.postMessage({ type: 'ask', req: r, what, id });
      });
    },
    get running() {
      return running !== 0;
    },
    /** Starts a sweep of the current scenario over `form` (the panel's fields, JSON), replacing one in progress. */
    sweep(form, draw) {
      sweeping = ++sweepSeq;
      worker.postMessage({ type: 'sweep', seq: sweeping, scenario: hooks.scenario(), form, draw });
    },
    cancelSweep() {
      if (!sweeping) return;
      worker.postMessage({ type: 'sweepCancel', seq: sweeping });
      sweeping = 0;
      hooks.sweepProgress(null, null);
    },
    /** Redraws the last finished sweep (resize, theme, language). */
    redrawSweep(draw) {
      worker.postMessage({ type: 'sweepDraw', draw });
    },
    get sweeping() {
      return sweeping !== 0;
    },
  };
}
