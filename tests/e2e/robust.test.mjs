// Hostile input and crashes: a strict Content-Security-Policy holds over a
// normal run; the issue's bad links and values give a banner or a field
// error and the page keeps working; a panic inside wasm (forced through the
// test-only entry point) shows a banner and the next run works.
import { numbers, setSlider, waitNumber, chartDrawn } from './page.mjs';

/** Calls the page's guarded Playground (www/engine.js) inside the page; returns what it threw, if anything. */
function callPlayground(page, method, ...args) {
  return page.evaluate(async ([m, a]) => {
    const { activePlayground } = await import('./engine.js');
    try {
      activePlayground()[m](...a);
      return null;
    } catch (e) {
      return String(e.message ?? e);
    }
  }, [method, args]);
}

const restarts = (page) => page.evaluate(() => Number(document.body.dataset.restarts ?? 0));

async function waitRestarts(page, n) {
  await page.waitForFunction((k) => Number(document.body.dataset.restarts ?? 0) === k, n, { timeout: 10_000 });
}

export async function cspHoldsOverANormalRun({ page, baseUrl, assert, waitReady }) {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  const html = await (await page.request.get(baseUrl)).text();
  const csp = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/)?.[1] ?? '';
  for (const part of ["default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'",
    "worker-src 'self'", "connect-src 'self'"]) {
    assert.ok(csp.includes(part), `CSP has ${part}: ${csp}`);
  }
  assert.ok(!/unsafe-inline|unsafe-eval'|https?:|blob:|\*/.test(csp.replace("'wasm-unsafe-eval'", '')), csp);
  assert.ok(!/<script(?![^>]*\bsrc=)[^>]*>/.test(html), 'no inline <script>');
  assert.ok(!/<style|\sstyle=|\son[a-z]+=/.test(html), 'no inline style or handler');

  await page.goto(baseUrl);
  await waitReady(page);
  await setSlider(page, 'pool_limit', 400);
  await waitNumber(page, 'peak_in_flight', '400');
  await page.click('#lesson-list button[data-lesson="per_host"]');
  await page.waitForFunction(() => location.hash.includes('lesson=per_host'));
  await page.click('#pin');
  await page.click('button[data-lang="zh"]');
  await page.click('button[data-lang="en"]');
  const download = page.waitForEvent('download');
  await page.click('#dl-json');
  await download;
  await page.click('#code-details summary');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'no CSP violation');
  assert.ok(await chartDrawn(page, 'inflight'));
}

export async function theIssuesDeepLinkIsABannerAndThePageWorks({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=3&${'a.'.repeat(20_000)}z=1`);
  await waitReady(page);
  const error = await page.textContent('#error');
  assert.match(error, /is too long a KEY: at most 128 bytes \(got 40001\)/);
  assert.ok(error.length < 300, `one short line: ${error.length} characters`);
  assert.equal((await numbers(page)).peak_in_flight, '100', 'the first lesson is shown');
  await setSlider(page, 'pool_limit', 500);
  await waitNumber(page, 'peak_in_flight', '500');
  assert.equal(await page.isVisible('#error'), false, 'the banner clears on the next good run');
}

export async function badEscapesAndDuplicateKeysInALink({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=3&name=%+1`);
  await waitReady(page);
  assert.match(await page.textContent('#error'), /name: '%\+1' in the link is not a valid escape/);
  await page.evaluate(() => { location.hash = '#engine=3&pool.limit=5&pool.limit=6'; });
  await page.waitForFunction(() => /appears twice/.test(document.getElementById('error').textContent));
  assert.match(await page.textContent('#error'), /pool\.limit: appears twice in the link/);
  await setSlider(page, 'pool_limit', 250);
  await waitNumber(page, 'peak_in_flight', '250');
}

/** The most workers a link may ask for do not fit the page's memory: the run
 * stops at once with the truncation line naming the knobs, and the page works on. */
export async function tooManyWorkersStopAtThePagesMemoryBudget({ page, baseUrl, assert, waitReady }) {
  await page.goto(`${baseUrl}#engine=3&clients.kind=workers&clients.count=100000&clients.jobs=1000000&pool.limit=0&server.latency_ms=1`);
  await waitReady(page);
  await page.waitForFunction(() => !document.getElementById('truncated').hidden, null, { timeout: 30_000 });
  const line = await page.textContent('#truncated');
  assert.match(line, /memory budget \(256 MB native, 64 MB in the page\)/);
  assert.match(line, /clients\.count/);
  assert.ok(await page.$eval('#error', (e) => e.hidden), 'a truncation is not an error');
  await page.evaluate(() => { location.hash = '#engine=3&clients.count=1000&pool.limit=60'; });
  await waitNumber(page, 'peak_in_flight', '60');
  assert.ok(await page.$eval('#truncated', (e) => e.hidden), 'the next run is whole');
}

export async function hostileSetIsAnErrorAndTheObjectStaysUsable({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const thrown = await callPlayground(page, 'set', `${'a.'.repeat(20_000)}z`, '1');
  assert.match(thrown ?? '', /is too long a KEY/);
  assert.equal(await callPlayground(page, 'view'), null, 'the same object still answers');
  assert.equal(await restarts(page), 0, 'an error is not a crash');
  await setSlider(page, 'pool_limit', 320);
  await waitNumber(page, 'peak_in_flight', '320');
}

export async function aNegativeNumberIsAPlainErrorAndTheSliderStays({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.fill('#l-pool_limit-num', '-5');
  await page.press('#l-pool_limit-num', 'Enter');
  const err = page.locator('#l-pool_limit-err');
  await err.waitFor({ state: 'visible' });
  assert.equal(await err.textContent(), 'pool.limit: must be a whole number between 0 and 100000 (got -5)');
  assert.equal(await page.inputValue('#l-pool_limit'), '100', 'the slider stays where the charts are');
  assert.equal(await page.inputValue('#l-pool_limit-num'), '-5', 'the box keeps what was typed');
  assert.equal((await numbers(page)).peak_in_flight, '100');
  await page.fill('#l-pool_limit-num', '1e308');
  await page.press('#l-pool_limit-num', 'Enter');
  await page.waitForFunction(() => /1e308\)$/.test(document.getElementById('l-pool_limit-err').textContent));
  assert.equal(await page.inputValue('#l-pool_limit'), '100');
}

export async function aPanicShowsABannerAndTheNextRunWorks({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await setSlider(page, 'pool_limit', 150);
  await waitNumber(page, 'peak_in_flight', '150');
  const thrown = await callPlayground(page, 'test_only_panic', 'now');
  assert.match(thrown ?? '', /internal error/);
  await waitRestarts(page, 1);
  const banner = await page.textContent('#error');
  assert.match(banner, /internal error and was restarted \(test-only panic \(now\) at src\/web\.rs:\d+\)/);
  assert.equal(await page.inputValue('#pool_limit'), '150', 'the settings are kept');
  assert.ok(await chartDrawn(page, 'inflight'), 'the last run stays on screen');
  await setSlider(page, 'pool_limit', 300);
  await waitNumber(page, 'peak_in_flight', '300');
  assert.equal(await page.isVisible('#error'), false, 'the banner clears');
}

export async function aPanicMidRunShowsABannerAndTheNextRunWorks({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  assert.equal(await callPlayground(page, 'test_only_panic', 'next_step'), null, 'armed');
  await setSlider(page, 'pool_limit', 200);
  await waitRestarts(page, 1);
  // Calls that reach the dead worker after the trap are answered with the
  // same crash (www/worker.js), so the banner always names the panic.
  assert.match(await page.textContent('#error'), /test-only panic \(next_step\)/);
  assert.equal((await numbers(page)).peak_in_flight, '100', 'the last finished run stays');
  await setSlider(page, 'pool_limit', 250);
  await waitNumber(page, 'peak_in_flight', '250');
}

export async function callsRightAfterATrapStillShowThePanic({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  assert.equal(await callPlayground(page, 'test_only_panic', 'next_step'), null, 'armed');
  // One task: the run that traps, then a question and a redraw that reach the
  // worker after the trap, before the page has replaced it.
  await page.evaluate(() => {
    const slider = document.getElementById('pool_limit');
    slider.value = '200';
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    document.querySelector('#chart-grid button.data').click();
    window.dispatchEvent(new Event('resize'));
  });
  await waitRestarts(page, 1);
  assert.match(await page.textContent('#error'), /test-only panic \(next_step\)/);
  await page.waitForTimeout(500);
  assert.equal(await page.evaluate(() => document.body.dataset.restarts), '1', 'one crash, one restart');
  await setSlider(page, 'pool_limit', 250);
  await waitNumber(page, 'peak_in_flight', '250');
}

export async function panicsInARowStillRecover({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  for (let n = 1; n <= 3; n++) {
    await callPlayground(page, 'test_only_panic', 'now');
    await waitRestarts(page, n);
  }
  await setSlider(page, 'pool_limit', 420);
  await waitNumber(page, 'peak_in_flight', '420');
  assert.equal(await restarts(page), 3);
}
