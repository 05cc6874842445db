// Compare: pin run A, change a knob, and see B over A with the differences.
import { setSlider, waitNumber, chartPixels } from './page.mjs';

export async function pinAThenChangeB({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('#pin');
  await page.locator('#unpin').waitFor({ state: 'visible' });
  assert.ok(await page.isVisible('#compare-note'));
  const pinnedChart = await chartPixels(page);
  await setSlider(page, 'pool_limit', 500);
  await waitNumber(page, 'peak_in_flight', '500');
  const makespan = await page.textContent('#kn-makespan');
  assert.match(makespan, /0\.101/, 'B');
  assert.match(makespan, /A 0\.501/, 'A');
  assert.match(makespan, /−80%/, 'the change');
  assert.equal(await page.getAttribute('#kn-makespan .cmp span', 'class'), 'better');
  assert.match(await page.textContent('#kn-peak_in_flight'), /A 100 · \+400%/);
  assert.notEqual(await chartPixels(page), pinnedChart);
  await page.click('#unpin');
  await page.waitForFunction(() => !document.querySelector('#kn-makespan .cmp'));
  assert.ok(!(await page.isVisible('#compare-note')));
}

export async function sameSeedMeansCommonRandomNumbers({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=3&lesson=per_host&name=x&clients.count=1000&clients.hosts=4&pool.limit_per_host=10&server.latency_dist=exponential`);
  await waitReady(page);
  await page.click('#pin');
  await setSlider(page, 'pool_limit_per_host', 11);
  await waitNumber(page, 'peak_in_flight', '44'); // the 11 run is shown before going back
  await setSlider(page, 'pool_limit_per_host', 10);
  await waitNumber(page, 'peak_in_flight', '40');
  const p99 = await page.textContent('#kn-p99');
  assert.match(p99, /±0/, `same scenario and seed: identical p99 (${p99})`);
}
