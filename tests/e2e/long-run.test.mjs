// A long run never blocks the page: it advances in slices per frame, shows
// progress, and can be cancelled, leaving the last finished run on screen.
import { numbers } from './page.mjs';

const LONG = '#engine=2&name=long&clients.kind=open&clients.rate_per_s=1800&clients.requests=20000000'
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
