// The hero: the stall at 100 as dots from the simulator's trace, its
// in-flight chart and one slider, above the fold on a laptop and a phone;
// moving the slider re-runs, and changes the animation and the chart at once.
import { setSlider } from './page.mjs';

const pixels = (page, id) => page.$eval(`#${id}`, (c) => c.toDataURL());

async function aboveTheFold(page, assert, width, height) {
  await page.setViewportSize({ width, height });
  await page.waitForTimeout(200);
  for (const id of ['hero-dots', 'hero-inflight', 'hero-limit']) {
    const r = await page.$eval(`#${id}`, (e) => { const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, h: b.height }; });
    assert.ok(r.h > 20 && r.top >= 0 && r.bottom <= height, `${id} at ${width}×${height}: ${JSON.stringify(r)}`);
  }
}

export async function heroIsAboveTheFold({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await aboveTheFold(page, assert, 1280, 800);
  await aboveTheFold(page, assert, 390, 844);
}

export async function heroSliderChangesTheAnimationAndTheChart({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  assert.match(await page.textContent('#hero-math'), /100 \/ 50 ms = 2,000 req\/s, 10 waves/);
  // The animation moves: the virtual clock advances between frames.
  const t1 = Number(await page.$eval('#hero', (h) => h.dataset.tUs));
  await page.waitForFunction((t) => Number(document.getElementById('hero').dataset.tUs) !== t, t1);
  await page.click('#hero-play'); // pause, so two pictures can be compared
  const dots = await pixels(page, 'hero-dots');
  const chart = await pixels(page, 'hero-inflight');
  const before = await page.$eval('#hero', (h) => h.dataset.renders ?? '0');
  await setSlider(page, 'hero-limit', 500);
  await page.waitForFunction((b) => (document.getElementById('hero').dataset.renders ?? '0') !== b, before);
  assert.equal(await page.$eval('#hero', (h) => h.dataset.limit), '500');
  assert.match(await page.textContent('#hero-math'), /500 \/ 50 ms = 10,000 req\/s, 2 waves/);
  assert.match(await page.textContent('#hero-result'), /peak in flight 500/);
  assert.notEqual(await pixels(page, 'hero-inflight'), chart, 'the in-flight chart is redrawn');
  assert.notEqual(await pixels(page, 'hero-dots'), dots, 'the dots are redrawn');
  // Playing on from the start: at most 500 hold a connection, 1000 in all.
  await page.click('#hero-play');
  const counts = await page.evaluate(() => new Promise((resolve) => {
    let max = 0;
    const end = performance.now() + 1500;
    (function poll() {
      const n = (id) => Number(document.getElementById(id).textContent.replace(/,/g, ''));
      max = Math.max(max, n('hero-holding'));
      const sum = n('hero-waiting') + n('hero-holding') + n('hero-done');
      if (performance.now() > end) resolve({ max, sum });
      else requestAnimationFrame(poll);
    }());
  }));
  assert.equal(counts.max, 500, 'two waves of 500');
  assert.equal(counts.sum, 1000);
}
