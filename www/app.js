// The page's wiring: load the wasm, build the controls and charts from the
// tables wasm hands over, and route every user action to the wasm
// Playground; runs go to the Web Worker (runner.js), whose results are shown
// here. No simulation logic lives here.
//
// Markers for tests and measurement, on <body>:
//   data-ready="1"          the first run has been drawn
//   data-last-render-ms     time from the last user input to its charts being drawn
//   data-last-run-ms        … of which simulating; data-last-draw-ms: of which drawing
//   data-renders            how many runs have been drawn (tests wait for it to change)
//   data-restarts           how many times the engine was restarted after an internal error
import { startEngine } from './engine.js';
import { initialLang, setLang, currentLang, t, tOr, errorText } from './i18n.js';
import { buildControls, buildLessonControls, syncControls, markError, relabel } from './controls.js';
import {
  buildCharts, placeCharts, drawRequest, showCharts, renderTable, relabelCharts, savePng, download, onThemeChange, isDark,
} from './charts.js';
import { startHero, relabelHero } from './hero.js';
import { renderLessonList, markLesson, renderLesson, renderWhy } from './view.js';
import { createRunner } from './runner.js';
import { createSweepPanel } from './sweep.js';

const $ = (id) => document.getElementById(id);

let pg;
let tables;
let runner;
/** The sweep panel (sweep.js). */
let sweep;
let view = {};
/** The finished run's part of the view, from the worker: summary, rows, baseline, pinned. */
let runView = {};
/** Charts whose data table is open. */
const openTables = new Set();
let lesson = null;
/** The lesson whose controls and charts are laid out (rebuilt only when it changes). */
let laidOut;
let snippetClient = 'aiohttp';
let snippetPicked = false; // a tab the user chose stays; until then the tab follows the scenario's library
/** Charts shown next to the controls when no lesson is loaded (a link, a scenario). */
const DEFAULT_KEY_CHARTS = ['inflight', 'waiting'];

/** Shows (or with an empty text hides) a banner. */
function banner(id, text) {
  $(id).textContent = text || '';
  $(id).hidden = !text;
}

/** The status line, kept as a key and values so a language switch re-words it. */
let lastStatus = null;
function status(key, vars) {
  lastStatus = key ? [key, vars] : null;
  $('status').textContent = key ? t(key, vars) : '';
}

/** The field named by a wasm error message ("pool.limit: must be …"). */
function fieldOf(message) {
  const i = message.indexOf(':');
  return i > 0 ? message.slice(0, i) : '';
}

/** Shows an error next to its knob, or in the banner when no knob has that field. */
function showError(message) {
  const text = errorText(message);
  const onKnob = markError(fieldOf(message), text);
  banner('error', onKnob ? '' : text);
}

/** A wasm call threw: show why, unless it was a crash the restart banner already explains. */
function reportError(e) {
  if (e?.engineRestarted) return;
  showError(String(e?.message ?? e));
}

function clearError() {
  markError(null);
  banner('error', '');
}

/** Re-reads the view from wasm and shows everything but the charts. */
function refresh({ redrawMoved = true } = {}) {
  const page = JSON.parse(pg.view());
  view = { ...page, summary: runView.summary ?? null, rows: runView.rows ?? [], baseline: runView.baseline ?? null, pinned: Boolean(runView.pinned) };
  syncControls(tables, view.knobs, page.knobs_applied);
  if (document.activeElement !== $('seed') && $('seed').value !== view.seed) $('seed').value = view.seed;
  $('preset-picker').value = tables.presets.some((p) => p[0] === view.preset) ? view.preset : '';
  if (view.scenario_id) $('scenario-picker').value = view.scenario_id;
  renderPresetHelp();
  markLesson($('lesson-list'), view.lesson);
  lesson = renderLesson(tables.lessons, view);
  sweep.onLesson(lesson?.id ?? null);
  layOutLesson(false, redrawMoved);
  renderWhy(view);
  $('pin').hidden = false;
  $('unpin').hidden = !view.pinned;
  $('compare-note').hidden = !view.pinned;
  if (!snippetPicked && view.snippet_client && view.snippet_client !== snippetClient) {
    snippetClient = view.snippet_client;
    markSnippetTab();
  }
  if ($('code-details').open) $('snippet').textContent = pg.snippet(snippetClient);
  const link = withLang(view.link);
  if (location.hash !== link) history.replaceState(null, '', link);
}

/** The share link with the page's language (`lang=zh`; English is the default). */
function withLang(link) {
  return currentLang() === 'zh' ? `${link}&lang=zh` : link;
}

/** A link hash's language (or null) and the hash without it, for wasm. */
function splitLang(hash) {
  const parts = hash.replace(/^#/, '').split('&');
  const lang = parts.find((p) => p.startsWith('lang='))?.slice(5) ?? null;
  const rest = parts.filter((p) => !p.startsWith('lang=')).join('&');
  return { lang: lang === 'zh' || lang === 'en' ? lang : null, hash: rest ? `#${rest}` : '' };
}

/** The glossary under the Why panel: plain words for the jargon. */
function renderGlossary() {
  $('glossary-list').replaceChildren(...GLOSSARY.flatMap((k) => {
    const dt = document.createElement('dt');
    dt.textContent = t(`gloss.${k}`);
    const dd = document.createElement('dd');
    dd.textContent = t(`gloss.${k}.d`);
    return [dt, dd];
  }));
}
const GLOSSARY = ['makespan', 'binding', 'in_flight', 'percentile', 'goodput', 'time_wait', 'jitter'];

/** The lesson's own controls in its card and its key charts beside them. */
function layOutLesson(force = false, redrawMoved = true) {
  const key = lesson?.id ?? '';
  if (!force && key === laidOut) return;
  laidOut = key;
  buildLessonControls($('lesson-controls'), tables, lesson?.controls ?? [], change);
  const moved = placeCharts($('key-grid'), $('chart-grid'), tables.charts, lesson?.charts ?? DEFAULT_KEY_CHARTS);
  syncControls(tables, view.knobs);
  // A chart that changed slots (a key chart back to the grid, or the other
  // way) shows a drawing sized for the old slot, stretched: draw it again.
  if (moved && redrawMoved) redraw();
}

function redraw() {
  if (runView.summary) runner.redraw();
}

/** The lesson's charts first (sent with the run's numbers), then the others. */
function drawWhat() {
  const key = [...$('key-grid').children].map((f) => f.dataset.chart);
  const order = [...key, ...tables.charts.filter((id) => !key.includes(id))];
  return { ...drawRequest(order, currentLang()), first: key.length };
}

/** The worker's view and charts: show them, and every chart's summary line (and open tables). */
function show(m) {
  runView = JSON.parse(m.view);
  showCharts(m.charts);
  refresh();
  renderSummaries();
}

/** Every chart's summary line, and its table if open, from the worker. */
function renderSummaries() {
  if (!runView.summary) return;
  for (const id of tables.charts) {
    const open = openTables.has(id);
    runner.ask(open ? 'table' : 'summary', id).then((json) => renderTable(id, json, open));
  }
}

/** A run finished in the worker: show it, and record how long input → drawn took. */
function finished(m) {
  show(m);
  const ms = performance.now() - m.startedAt;
  document.body.dataset.lastRenderMs = ms.toFixed(1);
  document.body.dataset.lastRunMs = m.runMs.toFixed(1);
  document.body.dataset.lastDrawMs = m.drawMs.toFixed(1);
  document.body.dataset.renders = String(Number(document.body.dataset.renders ?? 0) + 1);
  status('drawn', { ms: ms.toFixed(0) });
  document.body.dataset.ready = '1';
}

function failed(message, budget, crashed) {
  if (crashed) {
    // The worker's engine crashed; runner.js starts a fresh worker, the page keeps its settings.
    banner('error', t('engine_restarted', { msg: message }));
    document.body.dataset.restarts = String(Number(document.body.dataset.restarts ?? 0) + 1);
    status('');
    return;
  }
  banner('error', budget ? t('over_budget', { mb: message }) : t('run_failed', { msg: message }));
  status('');
  if (!document.body.dataset.ready) document.body.dataset.ready = 'error';
}

function toggleTable(id, button) {
  const open = !openTables.has(id);
  if (open) openTables.add(id); else openTables.delete(id);
  button.setAttribute('aria-expanded', String(open));
  button.dataset.i18n = open ? 'hide_data' : 'show_data';
  button.textContent = t(button.dataset.i18n);
  runner.ask('table', id).then((json) => renderTable(id, json, open));
}

function progress(fraction) {
  $('progress').hidden = fraction === null;
  if (fraction !== null) {
    $('progress-bar').value = fraction;
    status('running');
  }
}

/** Calls a wasm action; on success re-runs, on error shows it and the draft state. */
function act(action, t0 = performance.now()) {
  try {
    action();
    clearError();
    runner.run(t0);
  } catch (e) {
    reportError(e);
    refresh();
  }
}

/**
 * The engine crashed and engine.js swapped in a fresh Playground: bring back
 * the last valid scenario and say what happened. The last run stays on screen;
 * the next input runs again.
 */
function restarted(message) {
  try {
    if (view.link) pg.load_link(view.link);
  } catch {
    // The fresh session keeps its first lesson.
  }
  refresh();
  status('');
  banner('error', t('engine_restarted', { msg: message }));
  document.body.dataset.restarts = String(Number(document.body.dataset.restarts ?? 0) + 1);
}

function change(path, raw) {
  act(() => pg.set(path, raw));
}

function pickLesson(id) {
  // Lay the lesson out before its run asks for drawings, so they are sized
  // for the slots the lesson's charts move to.
  // (The run's own drawings follow: no redraw of the old run.)
  act(() => { pg.load_lesson(id); refresh({ redrawMoved: false }); });
  // The lesson's card and charts take the screen.
  $('lesson').scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
}

function loadLink(full) {
  const { hash } = splitLang(full);
  if (hash.length <= 1 || hash === view.link) return;
  try {
    const warning = pg.load_link(hash);
    clearError();
    banner('warning', warning || '');
  } catch (e) {
    banner('error', t('bad_link', { msg: String(e.message ?? e) }));
  }
}

function renderPresetHelp() {
  const p = tables.presets.find((x) => x[0] === $('preset-picker').value);
  const en = currentLang() === 'en';
  $('preset-help').textContent = !p ? '' : en ? `${p[1]}: ${p[2]}` : tOr(`preset.${p[0]}`, p[2]);
}

function buildPickers() {
  $('scenario-picker').replaceChildren(...tables.scenarios.map(([id, name]) => new Option(`${tOr(`scenario.${id}`, name)} (${id})`, id)));
  const custom = new Option(t('preset_custom'), '');
  const en = currentLang() === 'en';
  $('preset-picker').replaceChildren(custom, ...tables.presets.map(([name, library]) => new Option(en ? `${name}: ${library}` : name, name)));
  const tabs = $('snippet-tabs');
  tabs.replaceChildren(...tables.snippet_clients.map(([id, label]) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.client = id;
    b.textContent = label;
    b.setAttribute('aria-pressed', String(id === snippetClient));
    b.addEventListener('click', () => {
      snippetClient = id;
      snippetPicked = true;
      markSnippetTab();
      $('snippet').textContent = pg.snippet(id);
    });
    return b;
  }));
}

function markSnippetTab() {
  for (const x of $('snippet-tabs').children) x.setAttribute('aria-pressed', String(x.dataset.client === snippetClient));
}

async function copyText(text, done) {
  try {
    await navigator.clipboard.writeText(text);
    status(done);
  } catch {
    status('link_shown');
  }
}

function wireButtons() {
  $('try-btn').addEventListener('click', () => {
    if (!lesson) return;
    change(lesson.try_path, lesson.try_value);
    status('tried');
  });
  $('cancel').addEventListener('click', () => runner.cancel());
  $('pin').addEventListener('click', () => { if (runView.summary) runner.pin(); });
  $('unpin').addEventListener('click', () => runner.unpin());
  $('copy-link').addEventListener('click', () => copyText(location.href, 'link_copied'));
  $('copy-code').addEventListener('click', () => copyText($('snippet').textContent, 'copied'));
  $('dl-json').addEventListener('click', () => runner.ask('json').then((json) => {
    if (json) download(new Blob([json], { type: 'application/json' }), 'poolsim-summary.json');
  }));
  $('dl-csv').addEventListener('click', () => runner.ask('csv').then((csv) => {
    if (csv) download(new Blob([csv], { type: 'text/csv' }), 'poolsim-series.csv');
  }));
  $('code-details').addEventListener('toggle', () => {
    if ($('code-details').open) $('snippet').textContent = pg.snippet(snippetClient);
  });
  $('scenario-picker').addEventListener('change', (e) => act(() => pg.load_scenario(e.target.value)));
  $('preset-picker').addEventListener('change', (e) => {
    renderPresetHelp();
    if (e.target.value) act(() => pg.apply_preset(e.target.value));
  });
  $('seed').addEventListener('change', (e) => change('seed', e.target.value.trim()));
  $('new-seed').addEventListener('click', () => act(() => pg.new_seed()));
  for (const b of document.querySelectorAll('.lang button')) {
    b.addEventListener('click', () => switchLang(b.dataset.lang));
  }
}

function switchLang(lang) {
  setLang(lang);
  for (const b of document.querySelectorAll('.lang button')) b.setAttribute('aria-pressed', String(b.dataset.lang === lang));
  relabel(tables);
  relabelCharts(tables.charts);
  buildPickers();
  renderLessonList($('lesson-list'), tables.lessons, view.lesson, pickLesson);
  refresh();
  layOutLesson(true);
  redraw();
  sweep.relabel();
  sweep.redraw();
  relabelHero();
  renderGlossary();
  renderSummaries();
  if (lastStatus) status(...lastStatus);
}

function watchResize() {
  let pending = 0;
  const observer = new ResizeObserver(() => {
    if (pending) return;
    pending = requestAnimationFrame(() => { pending = 0; redraw(); sweep.redraw(); relabelHero(); });
  });
  observer.observe($('sweep-canvas').parentElement);
  observer.observe($('chart-grid'));
  observer.observe($('key-grid'));
  observer.observe($('hero'));
  onThemeChange(() => { redraw(); sweep.redraw(); relabelHero(); });
}

async function main() {
  const engine = await startEngine({ onRestart: restarted });
  tables = engine.tables();
  pg = engine.playground;
  runner = createRunner({
    scenario: () => pg.scenario_json(),
    testPanic: () => pg.take_test_only_panic(),
    draw: drawWhat,
    progress,
    done: finished,
    redrawn: show,
    more: showCharts,
    cancelled: () => { refresh(); status('cancelled'); },
    failed,
    sweepProgress: (fraction, points) => sweep.progress(fraction, points),
    sweepDone: (m) => sweep.done(m),
    sweepFailed: (message) => sweep.failed(message),
  });
  sweep = createSweepPanel(tables, pg, () => runner);
  const initialHash = location.hash;
  buildControls($('knobs'), tables, change);
  buildCharts($('chart-grid'), tables.charts, savePng, toggleTable);
  buildPickers();
  wireButtons();
  startHero(isDark);
  loadLink(initialHash);
  switchLang(splitLang(initialHash).lang ?? initialLang());
  window.addEventListener('hashchange', (e) => {
    // The hash navigated to, from the event: a run or redraw that finished
    // in between may already have put the page's own link back in the
    // address bar (`refresh`), and that navigation would be lost.
    const target = new URL(e.newURL).hash;
    if (target === withLang(view.link)) return;
    const { lang } = splitLang(target);
    if (lang && lang !== currentLang()) switchLang(lang);
    loadLink(target);
    runner.run();
  });
  watchResize();
  runner.run();
}

main().catch((e) => {
  banner('error', `The simulator could not start: ${e.message ?? e}`);
  document.body.dataset.ready = 'error';
});
