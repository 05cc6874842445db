// The chart cards: one <canvas id="chart-<id>"> per chart id from wasm,
// drawn by wasm in the worker at the canvas's size in device pixels
// (devicePixelRatio, so lines and text stay crisp) and shown here as an
// ImageBitmap; saved as PNG on request. Each card can show its data as a
// table (for screen readers, and anyone who wants the numbers).
import { t, tOr } from './i18n.js';

const dark = window.matchMedia('(prefers-color-scheme: dark)');

/** True when the page is in its dark theme. */
export function isDark() {
  return dark.matches;
}

/** Calls `redraw` when the theme changes. */
export function onThemeChange(redraw) {
  dark.addEventListener('change', redraw);
}

/** Builds one figure per chart id into `grid`; `onTable(id, button)` toggles its data table. */
export function buildCharts(grid, ids, onSave, onTable) {
  grid.replaceChildren();
  for (const id of ids) {
    const fig = document.createElement('figure');
    fig.className = 'chart';
    fig.dataset.chart = id;
    fig.innerHTML = `
      <figcaption>
        <div><h3 data-i18n="chart.${id}.title"></h3><p data-i18n="chart.${id}.desc"></p></div>
        <span class="chart-tools">
          <button type="button" class="data" aria-expanded="false" aria-controls="table-${id}" data-i18n="show_data"></button>
          <button type="button" class="png" data-i18n="save_png"></button>
        </span>
      </figcaption>
      <div class="canvas-box"><canvas id="chart-${id}" role="img" aria-describedby="summary-${id}"></canvas></div>
      <p class="chart-summary" id="summary-${id}"></p>
      <div class="chart-table" id="table-${id}" hidden></div>`;
    fig.querySelector('button.png').addEventListener('click', () => onSave(id));
    fig.querySelector('button.data').addEventListener('click', (e) => onTable(id, e.currentTarget));
    grid.append(fig);
  }
  relabelCharts(ids);
}

/**
 * Puts the charts named in `keyIds` (in that order) into `keyGrid`, next to
 * the lesson's controls, and every other chart back into `grid`, in page order.
 * Returns true if any chart moved (its drawing is then sized for its old slot).
 */
export function placeCharts(keyGrid, grid, ids, keyIds) {
  const figs = new Map([...grid.children, ...keyGrid.children].map((f) => [f.dataset.chart, f]));
  const key = keyIds.filter((id) => figs.has(id));
  if (key.length === keyGrid.children.length && key.every((id, i) => keyGrid.children[i].dataset.chart === id)) return false;
  keyGrid.replaceChildren(...key.map((id) => figs.get(id)));
  grid.replaceChildren(...ids.filter((id) => !key.includes(id) && figs.has(id)).map((id) => figs.get(id)));
  return true;
}

/** Accessible names of the canvases and buttons, in the current language. */
export function relabelCharts(ids) {
  for (const id of ids) {
    const title = t(`chart.${id}.title`);
    document.getElementById(`chart-${id}`)?.setAttribute('aria-label', `${title}. ${t(`chart.${id}.desc`)}`);
    document.querySelector(`figure[data-chart="${id}"] button.png`)
      ?.setAttribute('aria-label', t('save_png_label', { chart: title }));
  }
}

/** What the worker should draw: every chart at its canvas's CSS size × devicePixelRatio. */
export function drawRequest(ids, lang) {
  const scale = window.devicePixelRatio || 1;
  const charts = ids.map((id) => {
    const box = document.getElementById(`chart-${id}`).parentElement.getBoundingClientRect();
    return { id, width: Math.max(1, Math.round(box.width * scale)), height: Math.max(1, Math.round(box.height * scale)) };
  });
  return { charts, scale, dark: isDark(), lang };
}

/** Shows the worker's drawings ([{id, bitmap}]) on their canvases. */
export function showCharts(charts) {
  for (const { id, bitmap } of charts) {
    const canvas = document.getElementById(`chart-${id}`);
    if (!canvas) { bitmap.close(); continue; }
    canvas.width = bitmap.width;
    canvas.height = bitmap.height;
    canvas.getContext('bitmaprenderer').transferFromImageBitmap(bitmap);
  }
}

/** Downloads chart `id` as a PNG file. */
export function savePng(id) {
  const canvas = document.getElementById(`chart-${id}`);
  canvas.toBlob((blob) => {
    if (blob) download(blob, `poolsim-${id}.png`);
  }, 'image/png');
}

/** Offers `blob` as a download called `name`. */
export function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * Fills chart `id`'s summary line and (if open) its table from the worker's
 * table JSON (`src/playground/table.rs`). Column names are translated with
 * `col.<name>`; values are shown as the CSV has them.
 */
export function renderTable(id, json, open) {
  const summary = document.getElementById(`summary-${id}`);
  const box = document.getElementById(`table-${id}`);
  if (!json) { summary.textContent = ''; box.replaceChildren(); return; }
  const table = JSON.parse(json);
  const name = (c) => tOr(`col.${c}`, c);
  // Columns that are zero all run long say nothing: the summary names the others (or the first).
  const said = table.stats.filter((s) => s.peak > 0);
  const stats = said.length ? said : table.stats.slice(0, 1);
  summary.textContent = stats.length
    ? stats.map((s) => t('chart_stats', { col: name(s.column), peak: round(s.peak), mean: round(s.mean) })).join(' · ')
    : table.rows.map((r) => `${name(r[0])}: ${r.slice(1).join(' / ')}`).join(' · ');
  box.hidden = !open;
  if (!open) { box.replaceChildren(); return; }
  const el = (tag, text) => { const e = document.createElement(tag); if (text !== undefined) e.textContent = text; return e; };
  const tbl = el('table');
  tbl.append(el('caption', t(`chart.${id}.title`)));
  const head = el('tr');
  for (const c of table.columns) { const th = el('th', name(c)); th.scope = 'col'; head.append(th); }
  const thead = el('thead'); thead.append(head);
  const tbody = el('tbody');
  for (const r of table.rows) {
    const tr = el('tr');
    r.forEach((v, i) => tr.append(el(i === 0 ? 'th' : 'td', v)));
    tbody.append(tr);
  }
  tbl.append(thead, tbody);
  box.replaceChildren(tbl);
}

function round(x) {
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1);
}
