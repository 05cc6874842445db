// Every lesson's own controls sit in its card and work: changing the first
// one re-runs, and the folded full panel follows; at 1280×800 the control and the lesson's first chart are on
// screen together (no scrolling); on a phone the controls come first.

async function change(page, id) {
  return page.$eval(`#${id}`, (el) => {
    if (el.type === 'checkbox') { el.checked = !el.checked; el.dispatchEvent(new Event('change', { bubbles: true })); return String(el.checked); }
    if (el.tagName === 'SELECT') {
      const next = [...el.options].find((o) => o.value !== el.value);
      el.value = next.value;
      el.dispatchEvent(new Event('change', { bubbles: true }));
      return next.value;
    }
    const step = Number(el.step) || 1;
    const v = Math.min(Number(el.max), Number(el.value) + step * Math.max(1, Math.round((Number(el.max) - Number(el.min)) / step / 50)));
    el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
    return el.value;
  });
}

const renders = (page) => page.evaluate(() => document.body.dataset.renders);

export async function everyLessonsInlineControlWorksNextToItsChart({ page, baseUrl, assert, waitReady }) {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(baseUrl);
  await waitReady(page);
  const ids = await page.$$eval('#lesson-list button:not([disabled])', (bs) => bs.map((b) => b.dataset.lesson));
  assert.equal(ids.length, 21);
  for (const id of ids) {
    let before = await renders(page);
    await page.click(`#lesson-list button[data-lesson="${id}"]`);
    await page.waitForFunction((b) => document.body.dataset.renders !== b, before);
    await page.waitForTimeout(450); // the smooth scroll to the lesson
    const knobs = await page.$$eval('#lesson-controls .knob', (ks) => ks.map((k) => k.dataset.path));
    assert.ok(knobs.length >= 1 && knobs.length <= 3, `${id}: ${knobs.length} controls`);
    const input = await page.$eval('#lesson-controls .knob:not([hidden]) :is(input, select)', (e) => e.id);
    const seen = await page.evaluate((inputId) => {
      const r = (el) => el.getBoundingClientRect();
      const c = r(document.getElementById(inputId));
      const chart = r(document.querySelector('#key-grid canvas'));
      return { control: [c.top, c.bottom], chart: [chart.top, chart.bottom], h: innerHeight };
    }, input);
    assert.ok(seen.control[0] >= 0 && seen.control[1] <= seen.h, `${id}: control off screen ${JSON.stringify(seen)}`);
    assert.ok(seen.chart[0] >= 0 && seen.chart[1] <= seen.h, `${id}: chart off screen ${JSON.stringify(seen)}`);
    before = await renders(page);
    const url = page.url();
    const value = await change(page, input);
    await page.waitForFunction((b) => document.body.dataset.renders !== b, before);
    assert.notEqual(page.url(), url, `${id}: the link follows ${knobs[0]}`);
    const panel = await page.$eval(`#${input.slice(2)}`, (el) => (el.type === 'checkbox' ? String(el.checked) : el.value));
    assert.equal(panel, value, `${id}: the full panel follows`);
  }
}

export async function onAPhoneTheControlsComeBeforeTheCharts({ page, baseUrl, assert, waitReady }) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(baseUrl);
  await waitReady(page);
  const order = await page.evaluate(() => {
    const y = (s) => document.querySelector(s).getBoundingClientRect().top;
    return { controls: y('#lesson-controls'), charts: y('#key-grid'), why: y('#results') };
  });
  assert.ok(order.controls < order.charts && order.charts < order.why, JSON.stringify(order));
  const hint = await page.isVisible('#lessons-hint');
  assert.ok(hint, 'the lesson row says it scrolls');
  const scrolls = await page.$eval('#lesson-list', (l) => l.scrollWidth > l.clientWidth);
  assert.ok(scrolls);
}
