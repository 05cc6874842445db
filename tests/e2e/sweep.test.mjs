// The sweep panel: the stall lesson's "Sweep the limit" runs pool.limit
// 10..2000 (log, 16 points) in the worker with progress; its table has one
// row per point and the first points' throughput is limit / 50.1 ms within 1%
// (the CLI test's figure); a slider moved during a sweep still re-runs and
// redraws its chart while the sweep goes on; Cancel stops a sweep and keeps
// the last finished one; a bad field is named with its range.
import { chartPixels, setSlider, waitNumber } from './page.mjs';

/** Records on window.__sweepSeen the largest progress fraction the panel ever showed. */
async function watchProgress(page) {
  await page.evaluate(() => {
    window.__sweepSeen = { progress: 0, visible: false };
    const panel = document.getElementById('sweep');
    const bar = document.getElementById('sweep-progress');
    new MutationObserver(() => {
      window.__sweepSeen.progress = Math.max(window.__sweepSeen.progress, Number(panel.dataset.progress ?? 0));
      if (!bar.hidden) window.__sweepSeen.visible = true;
    }).observe(document.body, { attributes: true, subtree: true });
  });
}

const state = (page) => page.getAttribute('#sweep', 'data-state');

async function fill(page, fields) {
  for (const [id, v] of Object.entries(fields)) {
    if (id === 'knob' || id === 'scale') await page.selectOption(`#sweep-${id}`, v);
    else await page.fill(`#sweep-${id}`, v);
  }
}

export async function stallLessonSweepsTheLimit({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  assert.equal(await page.isVisible('#sweep-lesson'), true, 'the stall lesson offers its sweep');
  assert.equal(await page.inputValue('#sweep-min'), '10', 'the panel is pre-filled');
  assert.equal(await page.inputValue('#sweep-max'), '2000');
  // Before the first sweep: a line saying what it will draw, no empty chart.
  assert.equal(await page.textContent('#sweep-empty'),
    'Run the sweep to draw throughput and p99 latency at 16 values of limit (pool.limit), from 10 to 2000: one run per point, in the background.');
  assert.equal(await page.isVisible('#sweep-canvas'), false, 'no empty chart before a sweep');
  await page.fill('#sweep-steps', '12');
  assert.match(await page.textContent('#sweep-empty'), /at 12 values/, 'the line follows the form');
  await page.fill('#sweep-steps', '16');
  await watchProgress(page);
  await page.click('#sweep-lesson');
  await page.waitForFunction(() => document.getElementById('sweep').dataset.state === 'done');
  assert.equal(await page.isVisible('#sweep-empty'), false);
  const width = await page.$eval('#sweep-canvas', (c) => c.getBoundingClientRect().width);
  assert.ok(width > 600, `the chart takes the panel's width once drawn (${width} px)`);
  const seen = await page.evaluate(() => window.__sweepSeen);
  assert.ok(seen.visible, 'the progress bar showed');
  assert.ok(seen.progress > 0 && seen.progress < 1, `progress reported part way (${seen.progress})`);
  assert.equal(await page.getAttribute('#sweep', 'data-points'), '16');
  await page.click('#sweep-data');
  await page.locator('#sweep-table table').waitFor();
  const rows = await page.$$eval('#sweep-table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
  assert.equal(rows.length, 16, 'one row per point');
  for (const r of rows.slice(0, 2)) {
    const limit = Number(r[0]);
    const rps = Number.parseFloat(r[1]);
    const want = limit / 0.0501;
    assert.ok(Math.abs(rps / want - 1) < 0.01, `limit ${limit}: ${rps} req/s vs ${want.toFixed(1)}`);
  }
  assert.equal(rows[0][0], '10');
  assert.equal(rows[15][0], '2000');
  assert.match(rows[0][7], /pool limit/);
  assert.match(rows[15][7], /the clients/);
  assert.match(await page.textContent('#sweep-summary'), /moves from pool limit to the clients/);
  const drawn = await page.$eval('#sweep-canvas', (c) => c.width > 100 && c.height > 50);
  assert.ok(drawn, 'the sweep chart is drawn');
}

/** A long sweep (40 points × 5 seeds of 1000..5000 tasks) keeps going while a slider re-runs its lesson. */
async function startLongSweep(page) {
  await fill(page, { knob: 'clients.count', min: '1000', max: '5000', steps: '40', scale: 'linear', seeds: '5' });
  await page.click('#sweep-run');
  await page.waitForFunction(() => document.getElementById('sweep').dataset.state === 'running');
}

export async function aSliderRedrawsDuringASweep({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await startLongSweep(page);
  const pixels = await chartPixels(page);
  await setSlider(page, 'l-pool_limit', 500);
  await waitNumber(page, 'peak_in_flight', '500');
  assert.notEqual(await chartPixels(page), pixels, 'the in-flight chart is redrawn');
  assert.equal(await state(page), 'running', 'the sweep is still going after the redraw');
  const ms = Number(await page.evaluate(() => document.body.dataset.lastRenderMs));
  assert.ok(ms > 0 && ms < 1000, `slider → drawn took ${ms} ms during the sweep`);
  await page.waitForFunction(() => document.getElementById('sweep').dataset.state === 'done', null, { timeout: 50_000 });
  assert.equal(await page.getAttribute('#sweep', 'data-points'), '40');
}

export async function cancelStopsTheSweep({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('#sweep-lesson');
  await page.waitForFunction(() => document.getElementById('sweep').dataset.state === 'done');
  await startLongSweep(page);
  await page.click('#sweep-cancel');
  assert.equal(await state(page), 'cancelled');
  assert.equal(await page.isVisible('#sweep-progress'), false, 'the progress bar goes');
  await page.waitForTimeout(300);
  assert.equal(await state(page), 'cancelled', 'no late result replaces the finished sweep');
  assert.equal(await page.getAttribute('#sweep', 'data-sweeps'), '1');
  assert.match(await page.textContent('#sweep-summary'), /16 points of pool\.limit/);
}

export async function badFieldsAreNamed({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await fill(page, { steps: '41' });
  await page.click('#sweep-run');
  assert.equal(await page.textContent('#sweep-err'), "sweep.steps: must be a whole number between 2 and 40 (got '41')");
  assert.equal(await page.getAttribute('#sweep-steps', 'aria-invalid'), 'true');
  assert.equal(await state(page), 'error');
  await fill(page, { steps: '16', max: '200000' });
  await page.click('#sweep-run');
  assert.match(await page.textContent('#sweep-err'), /^pool\.limit: must be between 0 and 100000 \(got \d+\)$/);
}
