// Share: the scenario, seed and engine version live in the URL hash; a
// reload reproduces the exact numbers; a bad or foreign hash shows an error
// naming the field, never a blank page.
import { numbers, setSlider, waitNumber, chartDrawn, openControls } from './page.mjs';

const digest = (page) => page.textContent('#engine');

export async function reloadReproducesTheNumbers({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('#lesson-list button[data-lesson="per_host"]');
  await page.waitForFunction(() => location.hash.includes('lesson=per_host'));
  await setSlider(page, 'pool_limit_per_host', 17);
  await waitNumber(page, 'peak_in_flight', '68');
  await openControls(page);
  await page.fill('#seed', '4242');
  await page.press('#seed', 'Enter');
  await page.waitForFunction(() => location.hash.includes('seed=4242'));
  const url = page.url();
  assert.match(url, /#engine=3&/);
  assert.match(url, /pool\.limit_per_host=17/);
  const before = { n: await numbers(page), d: await digest(page) };
  await page.reload();
  await waitReady(page);
  assert.equal(page.url(), url, 'the link survives the reload');
  assert.deepEqual({ n: await numbers(page), d: await digest(page) }, before, 'same numbers and digest');
  assert.equal(await page.inputValue('#pool_limit_per_host'), '17');
  assert.equal(await page.inputValue('#seed'), '4242');
  assert.match(await page.textContent('#lesson-title'), /Per-host/);
}

export async function aLinkOpensInAFreshPage({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=3&lesson=stall&clients.count=1000&pool.limit=250`);
  await waitReady(page);
  const n = await numbers(page);
  assert.equal(n.peak_in_flight, '250');
  assert.equal(await page.inputValue('#pool_limit'), '250');
}

export async function corruptedHashShowsTheFieldAndStillDraws({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=3&pool.limit=banana`);
  await waitReady(page);
  const error = await page.textContent('#error');
  assert.ok(await page.isVisible('#error'), 'an error is shown');
  assert.match(error, /pool\.limit/, `the error names the field: ${error}`);
  assert.equal((await numbers(page)).peak_in_flight, '100', 'the first lesson is shown instead');
  assert.ok(await chartDrawn(page, 'inflight'));
}

export async function outOfRangeValueNamesTheRange({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=3&clients.count=1000&pool.limit=999999`);
  await waitReady(page);
  assert.match(await page.textContent('#error'), /pool\.limit: must be between 0 and 100000 \(got 999999\)/);
}

export async function foreignHashIsAnErrorNotABlankPage({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#section-2`);
  await waitReady(page);
  assert.match(await page.textContent('#error'), /not a poolsim link/);
  assert.ok(await chartDrawn(page, 'inflight'));
}

export async function anotherEngineLoadsWithAWarning({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=99&clients.count=1000&pool.limit=50`);
  await waitReady(page);
  assert.match(await page.textContent('#warning'), /engine 99/);
  assert.equal((await numbers(page)).peak_in_flight, '50');
}

export async function editingTheHashReruns({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.evaluate(() => { location.hash = '#engine=3&clients.count=1000&pool.limit=40'; });
  await waitNumber(page, 'peak_in_flight', '40');
  assert.equal(await page.inputValue('#pool_limit'), '40');
}

export async function aLessonAloneOpensTheLesson({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#lesson=serial`);
  await waitReady(page);
  await waitNumber(page, 'peak_in_flight', '1');
  assert.equal(await page.inputValue('#l-clients_count'), '100', 'the lesson\'s batch of 100');
  assert.equal(await page.isVisible('#error'), false);
  const hash = await page.evaluate(() => location.hash);
  assert.match(hash, /^#engine=\d+&lesson=serial&.*clients\.kind=batches/, 'the page writes the whole link');
}
