// The Web Worker that runs the simulator, so the page never blocks: it loads
// its own copy of the wasm, runs the scenario the page sends (wasm Runner) in
// slices of bounded work, reports progress between slices (where a Cancel or
// a newer run is read), and draws the finished run's charts on
// OffscreenCanvases, sent back as ImageBitmaps. No simulation logic here.
//
// Memory budget: after every slice, the wasm memory's size is checked; past
// MEMORY_BUDGET_BYTES the run is stopped and the page told (it then starts a
// fresh worker, since wasm memory never shrinks).
//
// A sweep (one knob over a range, every point a run: src/playground/sweep.rs)
// is stepped in short slices whenever no run is going, so a slider moved
// mid-sweep re-runs and redraws its charts at once and the sweep goes on after.
//
// Messages in:  {type:'run', seq, scenario, draw, testPanic} | {type:'cancel', seq}
//               {type:'draw', draw} | {type:'pin' | 'unpin', draw}
//               {type:'ask', req, what:'table'|'summary'|'json'|'csv'|'sweepTable', id}
//               {type:'sweep', seq, scenario, form, draw: sweepDraw} | {type:'sweepCancel', seq}
//               {type:'sweepDraw', draw: sweepDraw}
// Messages out: {type:'ready'} | {type:'progress', seq, fraction}
//               {type:'done', seq, view, charts, runMs, drawMs} then {type:'more', charts}
//               {type:'cancelled', seq} | {type:'failed', seq, message, budget, crashed}
//               {type:'answer', req, value}
//               {type:'sweepProgress', seq, fraction, points} | {type:'sweepFailed', seq, message, crashed}
//               {type:'sweepDone', seq, view, table, bitmap, ms} (seq 0: a redraw)
// `sweepDraw` is {width, height, scale, dark, lang, xTitle}.
// `draw` is {charts: [{id, width, height}], first, scale, dark, lang}: the
// first `first` charts are sent with the view, the others right after.
import init, { Runner, take_panic_message } from './pkg/poolsim.js';

/** Work per slice before the worker looks at its messages again. */
const SLICE_MS = 40;
/** Events per wasm call: small enough to check the clock often. */
const STEP_EVENTS = 20_000;
/** Largest wasm memory a run may grow to. */
const MEMORY_BUDGET_BYTES = 768 * 1024 * 1024;
/** A sweep's slices are shorter: a slider's input waits at most this long for one to end. */
const SWEEP_SLICE_MS = 12;
/** Events per wasm call of a sweep. */
const SWEEP_STEP_EVENTS = 5_000;

let wasm;
let runner;
const yieldPort = new MessageChannel();

/** Draws the requested charts (`from`..`to` of the list); returns [{id, bitmap}]. */
function drawCharts(draw, from = 0, to = undefined) {
  const charts = [];
  for (const c of (draw?.charts ?? []).slice(from, to)) {
    const bitmap = runner.draw(c.id, c.width, c.height, draw.scale, draw.dark, draw.lang);
    if (bitmap) charts.push({ id: c.id, bitmap });
  }
  return charts;
}

/**
 * Sends the run's view with the first `draw.first` charts (the lesson's,
 * next to its controls) at once; the other charts follow one per task, so a
 * newer run (a slider still moving) starts at once instead of waiting for them.
 */
function sendDrawn(seq, draw, runMs) {
  const t0 = performance.now();
  const first = draw?.first ?? draw?.charts?.length ?? 0;
  const charts = drawCharts(draw, 0, first);
  const drawMs = performance.now() - t0;
  postMessage({ type: 'done', seq, view: runner.view(), charts, runMs, drawMs },
    charts.map((c) => c.bitmap));
  more = { draw, next: first };
  morePort.port2.postMessage(null);
}

/** The charts still to draw after a run: {draw, next} (null: none). */
let more = null;
const morePort = new MessageChannel();
morePort.port1.onmessage = () => {
  if (!more || job || crash !== null) return; // a newer run is going: it will draw everything again
  const charts = drawCharts(more.draw, more.next, more.next + 1);
  more.next += 1;
  if (more.next >= (more.draw?.charts?.length ?? 0)) more = null;
  if (charts.length) postMessage({ type: 'more', charts }, charts.map((c) => c.bitmap));
  if (more) morePort.port2.postMessage(null);
};

let job = null; // { seq, draw, started }
let sweepJob = null; // { seq, draw, started }
/** Whether a slice is already queued (one chain of slices at a time). */
let scheduled = false;

/** Queues the next slice after any waiting message. */
function schedule() {
  if (scheduled) return;
  scheduled = true;
  yieldPort.port2.postMessage(null);
}

/**
 * The message for a call that threw. A trap (a Rust panic, a stack
 * overflow) leaves this worker's wasm unusable: `crashed` tells the page to
 * start a fresh worker, with the panic's own words when the hook caught them.
 */
function failure(seq, e) {
  if (crash !== null) return { type: 'failed', seq, message: crash, crashed: true };
  const crashed = e instanceof WebAssembly.RuntimeError || e instanceof RangeError;
  let message = String(e?.message ?? e);
  if (crashed) {
    try { message = take_panic_message() ?? message; } catch { /* the dead instance cannot answer */ }
    crash = message;
    job = null;
    sweepJob = null;
    more = null;
  }
  return { type: 'failed', seq, message, crashed };
}

/**
 * The first trap's message, once this worker's wasm is dead (null: alive).
 * Messages that arrive after it (a slider's next run, a redraw, a question)
 * must not touch the Runner: wasm-bindgen would answer them with its own
 * aliasing error and hide the panic. Runs and sweeps get the same crash
 * back, questions get no answer, the rest is dropped, until the page has
 * swapped in a fresh worker.
 */
let crash = null;

function handleAfterCrash(m) {
  if (m.type === 'run') postMessage(failure(m.seq, null));
  else if (m.type === 'sweep') postMessage({ ...failure(m.seq, null), type: 'sweepFailed' });
  else if (m.type === 'ask') postMessage({ type: 'answer', req: m.req, value: null });
}

/** One slice of work: the run first (a slider waits on it), else the sweep. */
function slice() {
  if (job) runSlice();
  else if (sweepJob) sweepSlice();
}

function overBudget() {
  return wasm.memory.buffer.byteLength > MEMORY_BUDGET_BYTES;
}

function runSlice() {
  const deadline = performance.now() + SLICE_MS;
  let done = false;
  try {
    do {
      done = runner.step(STEP_EVENTS);
    } while (!done && performance.now() < deadline);
  } catch (e) {
    const seq = job.seq;
    job = null;
    postMessage(failure(seq, e));
    if (sweepJob) schedule();
    return;
  }
  if (overBudget()) {
    const seq = job.seq;
    job = null;
    runner.cancel();
    postMessage({ type: 'failed', seq, budget: true, message: `${MEMORY_BUDGET_BYTES >> 20}` });
    return;
  }
  if (done) {
    const { seq, draw, started } = job;
    job = null;
    sendDrawn(seq, draw, performance.now() - started);
    if (sweepJob) schedule();
    return;
  }
  postMessage({ type: 'progress', seq: job.seq, fraction: runner.progress() });
  schedule();
}

function sweepSlice() {
  const deadline = performance.now() + SWEEP_SLICE_MS;
  const { seq } = sweepJob;
  let done = false;
  try {
    do {
      done = runner.sweep_step(SWEEP_STEP_EVENTS);
    } while (!done && performance.now() < deadline);
  } catch (e) {
    sweepJob = null;
    postMessage({ ...failure(seq, e), type: 'sweepFailed' });
    return;
  }
  if (overBudget()) {
    sweepJob = null;
    runner.sweep_cancel();
    postMessage({ type: 'failed', seq: 0, budget: true, message: `${MEMORY_BUDGET_BYTES >> 20}` });
    return;
  }
  if (done) {
    const { draw, started } = sweepJob;
    sweepJob = null;
    sendSweep(seq, draw, performance.now() - started);
    return;
  }
  postMessage({ type: 'sweepProgress', seq, fraction: runner.sweep_progress(), points: runner.sweep_points_done() });
  schedule();
}

/** Sends the finished sweep: its view, its table and its chart. */
function sendSweep(seq, draw, ms) {
  let bitmap = null;
  try {
    bitmap = draw ? runner.sweep_draw(draw.width, draw.height, draw.scale, draw.dark, draw.lang, draw.xTitle) : null;
  } catch (e) {
    postMessage({ ...failure(seq, e), type: 'sweepFailed' });
    return;
  }
  postMessage({ type: 'sweepDone', seq, view: runner.sweep_view(), table: runner.sweep_table(), bitmap, ms },
    bitmap ? [bitmap] : []);
}

yieldPort.port1.onmessage = () => {
  scheduled = false;
  if (crash === null) slice();
};

function answer(req, what, id) {
  const value = what === 'table' || what === 'summary' ? runner.table(id, what === 'table')
    : what === 'sweepTable' ? runner.sweep_table()
    : what === 'json' ? runner.summary_json() : runner.series_csv();
  postMessage({ type: 'answer', req, value: value ?? null });
}

/** Every message, guarded: a trap in any Runner call is reported once, as a crash. */
function handle(m) {
  if (crash !== null) { handleAfterCrash(m); return; }
  try {
    dispatch(m);
  } catch (e) {
    const f = failure(m.seq ?? 0, e);
    if (f.crashed) postMessage(f);
    else throw e;
  }
}

function dispatch(m) {
  switch (m.type) {
    case 'run':
      try {
        runner.start(m.scenario);
        if (m.testPanic) runner.test_only_panic();
      } catch (e) {
        postMessage(failure(m.seq, e));
        return;
      }
      more = null;
      job = { seq: m.seq, draw: m.draw, started: performance.now() };
      slice();
      break;
    case 'cancel':
      if (job && job.seq === m.seq) {
        job = null;
        runner.cancel();
        postMessage({ type: 'cancelled', seq: m.seq });
      }
      break;
    case 'pin':
      runner.pin();
      sendDrawn(0, m.draw, 0);
      break;
    case 'unpin':
      runner.unpin();
      sendDrawn(0, m.draw, 0);
      break;
    case 'draw':
      if (!job) sendDrawn(0, m.draw, 0);
      break;
    case 'ask':
      answer(m.req, m.what, m.id);
      break;
    case 'sweep':
      try {
        runner.sweep_start(m.scenario, m.form);
      } catch (e) {
        postMessage({ ...failure(m.seq, e), type: 'sweepFailed' });
        return;
      }
      sweepJob = { seq: m.seq, draw: m.draw, started: performance.now() };
      postMessage({ type: 'sweepProgress', seq: m.seq, fraction: 0, points: 0 });
      schedule();
      break;
    case 'sweepCancel':
      if (sweepJob && sweepJob.seq === m.seq) {
        sweepJob = null;
        runner.sweep_cancel();
      }
      break;
    case 'sweepDraw':
      if (runner.sweep_view()) sendSweep(0, m.draw, 0);
      break;
    default:
      break;
  }
}

const early = [];
self.onmessage = (e) => (runner ? handle(e.data) : early.push(e.data));

init().then((exports) => {
  wasm = exports;
  runner = new Runner();
  postMessage({ type: 'ready' });
  for (const m of early.splice(0)) handle(m);
}).catch((e) => postMessage({ type: 'failed', seq: 0, message: String(e.message ?? e) }));
