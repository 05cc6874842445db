// The sweep panel: pick a numeric knob and a range, run every point in the
// worker (runner.js → worker.js → wasm Runner), and show the chart of
// throughput and p99 against the knob (drawn by wasm) with its data table.
// The fields go to wasm as typed: wasm checks them (naming the field and its
// range), builds the grid and runs it (src/playground/sweep.rs). Nothing is
// computed here.
//
// Markers for tests, on #sweep: data-state = idle | running | done | error |
// cancelled; data-points = points finished; data-progress = the last fraction
// reported; data-sweeps = sweeps drawn; data-last-sweep-ms = the last one's time in the worker.
import { t, tOr, currentLang, errorText } from './i18n.js';
import { isDark } from './charts.js';

const $ = (id) => document.getElementById(id);
const FIELDS = ['min', 'max', 'steps', 'scale', 'seeds'];

/** The knob's label in the page's language, with its path. */
function knobLabel(k) {
  return `${tOr(`knob.${k.path}`, k.label)} (${k.path})`;
}

/**
 * Wires the panel. `pg` is the page's Playground (through engine.js),
 * `runner` the worker's runner. Returns {onLesson, relabel, redraw, progress, done, failed}.
 */
export function createSweepPanel(tables, pg, getRunner) {
  const knobs = tables.knobs.filter((k) => k.control === 'range');
  const panel = $('sweep');
  let shown = null; // the last finished sweep's view
  let tableOpen = false;
  let offered = null; // the lesson whose sweep the form holds

  function setState(state) {
    panel.dataset.state = state;
  }

  function fillKnobs() {
    const keep = $('sweep-knob').value;
    $('sweep-knob').replaceChildren(...knobs.map((k) => new Option(knobLabel(k), k.path)));
    if (keep) $('sweep-knob').value = keep;
    for (const o of $('sweep-scale').options) o.textContent = t(`sweep.scale.${o.value}`);
  }

  function fill(form) {
    $('sweep-knob').value = form.knob;
    for (const f of FIELDS) $(`sweep-${f}`).value = form[f];
    renderEmpty();
  }

  /** Before the first sweep: what "Run the sweep" will draw, from the form as it stands. */
  function renderEmpty() {
    const k = knobs.find((x) => x.path === $('sweep-knob').value);
    $('sweep-empty').textContent = t('sweep.empty', {
      n: $('sweep-steps').value, knob: k ? knobLabel(k) : $('sweep-knob').value,
      lo: $('sweep-min').value, hi: $('sweep-max').value,
    });
  }

  function read() {
    const form = { knob: $('sweep-knob').value };
    for (const f of FIELDS) form[f] = $(`sweep-${f}`).value;
    return JSON.stringify(form);
  }

  function showError(message) {
    const err = $('sweep-err');
    err.textContent = message ? errorText(message) : '';
    err.hidden = !message;
    const field = message ? message.slice(0, message.indexOf(':')) : '';
    for (const f of ['knob', ...FIELDS]) {
      const bad = field === `sweep.${f}` || (f === 'max' && field === $('sweep-knob').value);
      $(`sweep-${f}`).setAttribute('aria-invalid', String(bad));
    }
  }

  /** What the worker draws the chart at: the canvas's CSS size × devicePixelRatio. */
  function drawRequest() {
    const scale = window.devicePixelRatio || 1;
    const box = $('sweep-canvas').parentElement.getBoundingClientRect();
    const k = knobs.find((x) => x.path === (shown?.knob ?? $('sweep-knob').value));
    return {
      width: Math.max(1, Math.round(box.width * scale)),
      height: Math.max(1, Math.round(box.height * scale)),
      scale, dark: isDark(), lang: currentLang(), xTitle: k ? knobLabel(k) : '',
    };
  }

  function run() {
    const form = read();
    try {
      pg.sweep_check(form);
    } catch (e) {
      if (!e?.engineRestarted) showError(String(e?.message ?? e));
      setState('error');
      return;
    }
    showError('');
    setState('running');
    delete panel.dataset.empty; // the chart's box takes its size before drawRequest reads it
    getRunner().sweep(form, drawRequest());
  }

  function progress(fraction, points) {
    $('sweep-progress').hidden = fraction === null;
    if (fraction === null) return;
    $('sweep-bar').value = fraction;
    panel.dataset.progress = fraction.toFixed(3);
    panel.dataset.points = String(points ?? 0);
    $('sweep-count').textContent = t('sweep.count', { done: points ?? 0, pct: Math.round(fraction * 100) });
  }

  function done(m) {
    if (m.bitmap) {
      const canvas = $('sweep-canvas');
      canvas.width = m.bitmap.width;
      canvas.height = m.bitmap.height;
      canvas.getContext('bitmaprenderer').transferFromImageBitmap(m.bitmap);
    }
    if (!m.view) return;
    shown = JSON.parse(m.view);
    panel.dataset.points = String(shown.points.length);
    if (m.seq) {
      setState('done');
      panel.dataset.sweeps = String(Number(panel.dataset.sweeps ?? 0) + 1);
      panel.dataset.lastSweepMs = String(Math.round(m.ms));
    }
    renderSummary();
    renderTable(m.table);
  }

  function failed(message) {
    showError(message);
    setState('error');
  }

  /** One sentence: the range swept, the highest throughput and where the binding moved. */
  function renderSummary() {
    if (!shown?.points.length) { $('sweep-summary').textContent = ''; return; }
    const p = shown.points;
    const best = p.reduce((a, b) => (b.throughput_rps > a.throughput_rps ? b : a));
    const moves = shown.moves.map((m) => t('sweep.move', {
      from: t(`stage.${m.from}`), to: t(`stage.${m.to}`), x: p[m.index].x,
    }));
    $('sweep-summary').textContent = [
      t('sweep.summary', { n: p.length, knob: shown.knob, lo: p[0].x, hi: p[p.length - 1].x, rps: best.throughput_rps.toFixed(1), at: best.x }),
      ...moves,
    ].join(' ');
  }

  function renderTable(json) {
    const box = $('sweep-table');
    box.hidden = !tableOpen;
    if (!tableOpen || !json) { box.replaceChildren(); return; }
    const table = JSON.parse(json);
    const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };
    const tbl = el('table');
    tbl.append(el('caption', t('sweep.chart_title')));
    const head = el('tr');
    table.columns.forEach((c, i) => {
      const th = el('th', i === 0 ? c : tOr(`col.sweep.${c}`, c));
      th.scope = 'col';
      head.append(th);
    });
    const thead = el('thead');
    thead.append(head);
    const tbody = el('tbody');
    for (const r of table.rows) {
      const tr = el('tr');
      r.forEach((v, i) => tr.append(el(i === 0 ? 'th' : 'td', i === r.length - 1 ? t(`stage.${v}`) : v)));
      tbody.append(tr);
    }
    tbl.append(thead, tbody);
    box.replaceChildren(tbl);
  }

  function toggleTable() {
    tableOpen = !tableOpen;
    const b = $('sweep-data');
    b.setAttribute('aria-expanded', String(tableOpen));
    b.dataset.i18n = tableOpen ? 'hide_data' : 'show_data';
    b.textContent = t(b.dataset.i18n);
    if (!tableOpen) { renderTable(null); return; }
    getRunner().ask('sweepTable').then((json) => renderTable(json));
  }

  /** The lesson card's button and the pre-filled form for a lesson that offers a sweep. */
  function onLesson(lessonId) {
    const form = lessonId ? pg.sweep_lesson_form(lessonId) : null;
    $('sweep-lesson-row').hidden = !form;
    if (form && offered !== lessonId && !getRunner().sweeping) {
      fill(JSON.parse(form));
      showError('');
    }
    offered = form ? lessonId : null;
  }

  fillKnobs();
  fill(JSON.parse(pg.sweep_form('pool.limit')));
  setState('idle');
  $('sweep-knob').addEventListener('change', (e) => {
    try { fill(JSON.parse(pg.sweep_form(e.target.value))); showError(''); } catch (err) { showError(String(err?.message ?? err)); }
  });
  $('sweep-form').addEventListener('submit', (e) => { e.preventDefault(); run(); });
  $('sweep-form').addEventListener('input', renderEmpty);
  $('sweep-cancel').addEventListener('click', () => { getRunner().cancelSweep(); setState('cancelled'); });
  $('sweep-data').addEventListener('click', toggleTable);
  $('sweep-lesson').addEventListener('click', () => {
    const form = offered && pg.sweep_lesson_form(offered);
    if (form) fill(JSON.parse(form));
    panel.scrollIntoView({ block: 'start', behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    run();
  });

  return {
    onLesson,
    progress,
    done,
    failed,
    relabel() {
      fillKnobs();
      renderEmpty();
      renderSummary();
      if (tableOpen) getRunner().ask('sweepTable').then((json) => renderTable(json));
      $('sweep-canvas').setAttribute('aria-label', `${t('sweep.chart_title')}. ${t('sweep.chart_desc')}`);
    },
    redraw() {
      if (shown) getRunner().redrawSweep(drawRequest());
    },
  };
}
