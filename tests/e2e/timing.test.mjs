// Responsiveness: for each lesson, the time from a slider input to its
// charts being redrawn (body[data-last-render-ms], measured by the page with
// performance.now()). Prints the numbers; fails only if a redraw is far too
// slow for any machine (the target on a desktop is under 50 ms).
import { setSlider } from './page.mjs';

const MOVES = 9;
const CEILING_MS = 400;

async function measure(page) {
  const times = [];
  for (let i = 0; i < MOVES; i++) {
    const before = await page.evaluate(() => document.body.dataset.renders);
    await setSlider(page, 'pool_limit', 100 + 37 * i);
    await page.waitForFunction((b) => document.body.dataset.renders !== b, before);
    times.push(Number(await page.evaluate(() => document.body.dataset.lastRenderMs)));
  }
  return times.sort((a, b) => a - b);
}

export async function sliderToRedrawPerLesson({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const ids = await page.$$eval('#lesson-list button:not([disabled])', (bs) => bs.map((b) => b.dataset.lesson));
  const rows = [];
  for (const id of ids) {
    await page.click(`#lesson-list button[data-lesson="${id}"]`);
    await page.waitForFunction((l) => location.hash.includes(`lesson=${l}`), id);
    const t = await measure(page);
    rows.push(`${id.padEnd(12)} median ${t[MOVES >> 1].toFixed(1)} ms  min ${t[0].toFixed(1)}  max ${t[MOVES - 1].toFixed(1)}`);
    assert.ok(t[MOVES >> 1] < CEILING_MS, `${id}: median ${t[MOVES >> 1]} ms`);
  }
  console.log(`  slider input → charts redrawn (${MOVES} moves each, 1280×900):\n    ${rows.join('\n    ')}`);
}
