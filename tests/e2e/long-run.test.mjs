// A long run never blocks the page: it runs in the Web Worker, shows
// progress, and can be cancelled, leaving the last finished run on screen.
// Input latency during a 20M-request run is measured (clicks: event time to
// handler) and printed, with the longest gap between animation frames.
import { numbers } from './page.mjs';

const LONG = '#engine=3&name=long&clients.kind=open&clients.rate_per_s=1800&clients.requests=20000000&run.horizon_s=20000'
  + '&pool.limit=0&server.workers=100&server.latency_dist=exponential';

export async function showsProgressStaysResponsiveAndCancels({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const before = await numbers(page);
  await page.evaluate((h) => { location.hash = h; }, LONG);
  await page.locator('#progress').waitFor({ state: 'visible' });
  const t0 = Date.now();
  const fraction = await page.$eval('#progress-bar', (p) => p.value);
  assert.ok(Date.now() - t0 < 500, 'the page answers while the run goes on');
  assert.ok(fraction >= 0 && fraction < 1, `progress ${fraction}`);
  await page.click('#cancel');
  await page.locator('#progress').waitFor({ state: 'hidden' });
  assert.match(await page.textContent('#status'), /Cancelled/);
  assert.deepEqual(await numbers(page), before, 'the last finished run stays');
}

export async function inputStaysFastDuringA20MRequestRun({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.evaluate(() => {
    window.__delays = [];
    document.addEventListener('pointerdown', (e) => window.__delays.push(performance.now() - e.timeStamp), true);
  });
  await page.evaluate((h) => { location.hash = h; }, LONG);
  await page.locator('#progress').waitFor({ state: 'visible' });
  const gaps = page.evaluate(() => new Promise((resolve) => {
    let last = performance.now();
    let max = 0;
    const end = last + 2000;
    (function frame(now) {
      max = Math.max(max, now - last);
      last = now;
      if (now > end) resolve(max); else requestAnimationFrame(frame);
    }(last));
  }));
  for (let i = 0; i < 8; i++) {
    await page.mouse.click(640, 20);
    await page.waitForTimeout(150);
  }
  const maxGap = await gaps;
  const delays = await page.evaluate(() => window.__delays.sort((a, b) => a - b));
  assert.ok(await page.isVisible('#progress'), 'the run was still going');
  console.log(`  during a 20M-request run: input delay median ${delays[delays.length >> 1].toFixed(1)} ms, max ${delays.at(-1).toFixed(1)} ms; longest frame gap ${maxGap.toFixed(0)} ms`);
  assert.equal(delays.length, 8);
  assert.ok(delays.at(-1) < 100, `input waited ${delays.at(-1)} ms`);
  assert.ok(maxGap < 250, `a frame took ${maxGap} ms`);
  await page.click('#cancel');
}
