// The chart cards: one <canvas id="chart-<id>"> per chart id from wasm,
// sized in device pixels (devicePixelRatio) so lines and text stay crisp,
// drawn by wasm (plotters on the canvas), and saved as PNG on request.
import { t } from './i18n.js';

const dark = window.matchMedia('(prefers-color-scheme: dark)');

/** True when the page is in its dark theme. */
export function isDark() {
  return dark.matches;
}

/** Calls `redraw` when the theme changes. */
export function onThemeChange(redraw) {
  dark.addEventListener('change', redraw);
}

/** Builds one figure per chart id into `grid`. */
export function buildCharts(grid, ids, onSave) {
  grid.replaceChildren();
  for (const id of ids) {
    const fig = document.createElement('figure');
    fig.className = 'chart';
    fig.dataset.chart = id;
    fig.innerHTML = `
      <figcaption>
        <div><h3 data-i18n="chart.${id}.title"></h3><p data-i18n="chart.${id}.desc"></p></div>
        <button type="button" class="png" data-i18n="save_png"></button>
      </figcaption>
      <div class="canvas-box"><canvas id="chart-${id}" role="img"></canvas></div>`;
    fig.querySelector('button.png').addEventListener('click', () => onSave(id));
    grid.append(fig);
  }
  relabelCharts(ids);
}

/**
 * Puts the charts named in `keyIds` (in that order) into `keyGrid`, next to
 * the lesson's controls, and every other chart back into `grid`, in page order.
 */
export function placeCharts(keyGrid, grid, ids, keyIds) {
  const fig = (id) => grid.querySelector(`figure[data-chart="${id}"]`) ?? keyGrid.querySelector(`figure[data-chart="${id}"]`);
  const key = keyIds.filter((id) => ids.includes(id));
  if (key.length === keyGrid.children.length && key.every((id, i) => keyGrid.children[i].dataset.chart === id)) return;
  keyGrid.replaceChildren(...key.map(fig));
  grid.replaceChildren(...ids.filter((id) => !key.includes(id)).map(fig));
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

/** Sets every canvas's backing size to its CSS size × devicePixelRatio. Measures all before any draw. */
function sizeAll(canvases) {
  const dpr = window.devicePixelRatio || 1;
  const sizes = canvases.map((c) => c.parentElement.getBoundingClientRect());
  canvases.forEach((c, i) => {
    const w = Math.max(1, Math.round(sizes[i].width * dpr));
    const h = Math.max(1, Math.round(sizes[i].height * dpr));
    if (c.width !== w) c.width = w;
    if (c.height !== h) c.height = h;
  });
  return dpr;
}

/** Draws every chart of the current run with wasm. */
export function drawAll(pg, ids, lang) {
  const canvases = ids.map((id) => document.getElementById(`chart-${id}`));
  const dpr = sizeAll(canvases);
  const theme = isDark();
  ids.forEach((id, i) => pg.draw(id, canvases[i], dpr, theme, lang));
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
