// Responsiveness: for each lesson, the time from moving the lesson's own
// slider (in the lesson card) to its charts being redrawn
// (body[data-last-render-ms], measured by the page with performance.now():
// the worker's run, its drawing of every chart, and showing them), and the
// same for the hero's slider (animation restarted and its chart redrawn).
// Prints the numbers; fails only if a redraw is far too slow for any machine
// (the target on a desktop is a median under 50 ms).
import { setSlider } from './page.mjs';

const MOVES = 9;
const CEILING_MS = 400;

/** Nine values near the slider's start, inside its range, on its step. */
function values(start, min, max, step) {
  const out = [];
  for (let k = 1; k <= MOVES; k++) {
    const raw = start > 0 ? start * (1 + 0.04 * k * (k % 2 ? 1 : -1)) : min + step * k;
    const v = Math.min(max, Math.max(min, Math.round(raw / step) * step));
    out.push(Number(v.toFixed(6)));
  }
  return out;
}

async function measure(page, sliderId, marker) {
  const s = await page.$eval(`#${sliderId}`, (el) => ({
    start: Number(el.value), min: Number(el.min), max: Number(el.max), step: Number(el.step) || 1,
  }));
  const times = [];
  for (const v of values(s.start, s.min, s.max, s.step)) {
    const before = await page.$eval(marker, (el) => el.dataset.renders);
    await setSlider(page, sliderId, v);
    await page.waitForFunction(([m, b]) => document.querySelector(m).dataset.renders !== b, [marker, before]);
    times.push(Number(await page.$eval(marker, (el) => el.dataset.lastRenderMs)));
  }
  return times.sort((a, b) => a - b);
}

function row(name, t) {
  return `${name.padEnd(12)} median ${t[MOVES >> 1].toFixed(1)} ms  min ${t[0].toFixed(1)}  max ${t[MOVES - 1].toFixed(1)}`;
}

export async function sliderToRedrawPerLesson({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const rows = [];
  const hero = await measure(page, 'hero-limit', '#hero');
  rows.push(row('hero', hero));
  assert.ok(hero[MOVES >> 1] < CEILING_MS, `hero: median ${hero[MOVES >> 1]} ms`);
  const ids = await page.$$eval('#lesson-list button:not([disabled])', (bs) => bs.map((b) => b.dataset.lesson));
  for (const id of ids) {
    const before = await page.evaluate(() => document.body.dataset.renders);
    await page.click(`#lesson-list button[data-lesson="${id}"]`);
    await page.waitForFunction((b) => document.body.dataset.renders !== b, before);
    const slider = await page.$eval('#lesson-controls input[type="range"]', (el) => el.id);
    const t = await measure(page, slider, 'body');
    rows.push(row(id, t) + `  (${slider.slice(2)})`);
    assert.ok(t[MOVES >> 1] < CEILING_MS, `${id}: median ${t[MOVES >> 1]} ms`);
  }
  console.log(`  slider input → charts redrawn (${MOVES} moves each, 1280×900):\n    ${rows.join('\n    ')}`);
}
