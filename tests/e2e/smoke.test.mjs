// The page loads without errors, draws, and redraws when the pool_limit slider moves.
const CANVAS = '#chart-inflight';

export default async function smoke({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);

  assert.equal(await page.getAttribute('#pool_limit', 'type'), 'range');
  const before = await page.$eval(CANVAS, (c) => c.toDataURL());
  const blank = await page.$eval(CANVAS, (c) => {
    const b = document.createElement('canvas');
    [b.width, b.height] = [c.width, c.height];
    return b.toDataURL();
  });
  assert.notEqual(before, blank, 'the in-flight chart is blank after the ready marker');

  // Move the slider to its other end, as a user would, and fire 'input'.
  const [from, to] = await page.$eval('#pool_limit', (el) => {
    const old = el.value;
    el.value = old === (el.min || '0') ? el.max || '100' : el.min || '0';
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return [old, el.value];
  });
  assert.notEqual(from, to, 'the slider did not move');

  // The redraw may be deferred (debounce, requestAnimationFrame): poll for it.
  await page.waitForFunction(([sel, old]) => document.querySelector(sel).toDataURL() !== old,
    [CANVAS, before], { timeout: 10_000 })
    .catch(() => assert.fail(`moving #pool_limit from ${from} to ${to} did not change ${CANVAS}`));
}
