// First load: the stall-at-100 lesson, every chart drawn, "peak in flight 100"
// and the binding constraint spelled out with its arithmetic.
import { numbers, chartDrawn } from './page.mjs';

export async function showsTheStallLesson({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  assert.match(await page.textContent('#lesson-title'), /stall at 100/i);
  assert.equal(await page.getAttribute('#lesson-list button[data-lesson="stall"]', 'aria-current'), 'true');
  const n = await numbers(page);
  assert.equal(n.peak_in_flight, '100', 'peak in flight');
  assert.equal(n.makespan, '0.501', 'makespan of 10 waves of 50 ms');
  assert.match(await page.textContent('#binding'), /pool limit 100 ÷ 50\.1 ms per request = 1996 req\/s/);
  assert.match(await page.textContent('#kn-peak_in_flight'), /peak in flight\s*100/);
  assert.equal(await page.inputValue('#pool_limit'), '100');
}

export async function drawsEveryChart({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const ids = await page.$$eval('figure.chart', (fs) => fs.map((f) => f.dataset.chart));
  // The lesson's two charts first (next to its controls), then the others.
  assert.deepEqual(ids, ['inflight', 'waiting', 'throughput', 'latency', 'connections', 'waterfall', 'phases',
    'attempts', 'limit']);
  // The other charts arrive from the worker right after the lesson's.
  await page.waitForFunction(() => [...document.querySelectorAll('figure.chart canvas')].every((c) => c.width > 1));
  for (const id of ids) assert.ok(await chartDrawn(page, id), `chart ${id} is blank`);
  // Crisp on high-DPI screens: the backing store follows devicePixelRatio.
  const [w, css, dpr] = await page.$eval('#chart-inflight', (c) => [c.width, c.getBoundingClientRect().width, devicePixelRatio]);
  assert.ok(Math.abs(w - css * dpr) <= 1, `canvas ${w} px for ${css} CSS px at dpr ${dpr}`);
}

export async function drawsSharplyAtTwiceThePixelRatio({ page, baseUrl, assert, waitReady }) {
  const context = page.context();
  const hidpi = await context.browser().newPage({ deviceScaleFactor: 2, viewport: { width: 800, height: 700 } });
  try {
    await hidpi.goto(baseUrl);
    await waitReady(hidpi);
    const [w, css] = await hidpi.$eval('#chart-inflight', (c) => [c.width, c.getBoundingClientRect().width]);
    assert.ok(Math.abs(w - 2 * css) <= 1, `canvas ${w} px for ${css} CSS px at dpr 2`);
    assert.ok(await chartDrawn(hidpi, 'inflight'));
  } finally {
    await hidpi.close();
  }
}
