// Moving a lesson's own control (in the lesson card) re-runs and redraws at
// once; the number box, the keyboard and a bad value behave; the folded
// full panel stays in step.
import { numbers, chartPixels, setSlider, waitNumber, openControls } from './page.mjs';

export async function limit500ChangesSummaryAndChart({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const before = await numbers(page);
  const pixels = await chartPixels(page);
  await setSlider(page, 'l-pool_limit', 500);
  await waitNumber(page, 'peak_in_flight', '500');
  const after = await numbers(page);
  assert.notEqual(after.makespan, before.makespan, 'makespan changes');
  assert.equal(after.makespan, '0.101', 'two waves of 50 ms');
  assert.notEqual(await chartPixels(page), pixels, 'the in-flight chart is redrawn');
  assert.equal(await page.inputValue('#l-pool_limit-num'), '500', 'the number box follows the slider');
  assert.equal(await page.inputValue('#pool_limit'), '500', 'the full panel follows');
  assert.match(await page.textContent('#binding'), /pool limit 500/);
  assert.match(page.url(), /pool\.limit=500/, 'the link follows');
  await page.click('#code-details summary');
  // The details element's toggle event (which fills the code) fires after the click returns.
  await page.waitForFunction(() => /limit=500,/.test(document.getElementById('snippet').textContent), null, { timeout: 5000 })
    .catch(() => {});
  assert.match(await page.textContent('#snippet'), /limit=500,/, 'the code follows');
  const ms = Number(await page.evaluate(() => document.body.dataset.lastRenderMs));
  assert.ok(ms > 0 && ms < 1000, `input → drawn took ${ms} ms`);
}

export async function keyboardMovesTheSlider({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.focus('#l-pool_limit');
  await page.keyboard.press('ArrowRight');
  await waitNumber(page, 'peak_in_flight', '101');
  assert.equal(await page.inputValue('#l-pool_limit'), '101');
}

export async function numberBoxAndBadValues({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.fill('#l-pool_limit-num', '250');
  await page.press('#l-pool_limit-num', 'Enter');
  await waitNumber(page, 'peak_in_flight', '250');
  await page.fill('#l-pool_limit-num', '999999');
  await page.press('#l-pool_limit-num', 'Enter');
  const err = page.locator('#l-pool_limit-err');
  await err.waitFor({ state: 'visible' });
  assert.match(await err.textContent(), /pool\.limit: must be between 0 and 100000 \(got 999999\)/);
  assert.equal(await page.getAttribute('#l-pool_limit-num', 'aria-invalid'), 'true');
  assert.equal((await numbers(page)).peak_in_flight, '250', 'the last valid run stays');
  await page.fill('#l-pool_limit-num', '300');
  await page.press('#l-pool_limit-num', 'Enter');
  await waitNumber(page, 'peak_in_flight', '300');
  assert.equal(await err.isVisible(), false, 'the error clears');
}

export async function seedBoxAndNewSeed({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('#lesson-list button[data-lesson="per_host"]');
  await page.waitForFunction(() => location.hash.includes('lesson=per_host'));
  const before = await numbers(page);
  await openControls(page);
  await page.click('#new-seed');
  await page.waitForFunction((s) => document.getElementById('seed').value !== s, '1');
  await page.waitForFunction((p99) => document.querySelector('#kn-p99 .value').textContent !== p99, before.p99);
  assert.match(page.url(), /seed=\d+/);
  await page.fill('#seed', '-3');
  await page.press('#seed', 'Enter');
  assert.match(await page.textContent('#seed-err'), /seed/);
}
