// Every lesson loads its scenario, explains itself, and its "try it" button
// changes the picture; a lesson the engine cannot run is shown disabled.
import { numbers } from './page.mjs';

/** Clicks `selector` and waits until the page has drawn a new run. */
async function clickAndWaitForRun(page, selector) {
  const renders = await page.evaluate(() => document.body.dataset.renders);
  await page.click(selector);
  await page.waitForFunction((r) => document.body.dataset.renders !== r, renders, { timeout: 30_000 });
}

/** No error banner and no knob marked invalid. */
async function assertNoError(page, assert, what) {
  assert.ok(await page.$eval('#error', (e) => e.hidden), `${what}: error banner shown: ${await page.textContent('#error')}`);
  assert.equal(await page.$$eval('[aria-invalid="true"]', (es) => es.length), 0, `${what}: a knob is marked invalid`);
}

export async function everyLessonLoadsAndItsTryItChangesTheRun({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const lessons = await page.$$eval('#lesson-list button', (bs) => bs.map((b) => ({ id: b.dataset.lesson, on: !b.disabled })));
  assert.ok(lessons.length >= 21, `21 lessons, got ${lessons.length}`);
  assert.deepEqual(lessons.filter((l) => !l.on).map((l) => l.id), [], 'every lesson runs with this engine');
  for (const { id } of lessons) {
    await clickAndWaitForRun(page, `#lesson-list button[data-lesson="${id}"]`);
    await page.waitForFunction((l) => location.hash.includes(`lesson=${l}`), id);
    assert.equal(await page.getAttribute(`#lesson-list button[data-lesson="${id}"]`, 'aria-current'), 'true');
    await assertNoError(page, assert, `lesson ${id}`);
    const title = await page.textContent('#lesson-title');
    assert.ok(title.length > 3 && !title.startsWith('lesson.'), `lesson ${id} has a title: ${title}`);
    assert.ok(!(await page.textContent('#lesson-text')).startsWith('lesson.'), `lesson ${id} has a text`);
    const tryText = await page.textContent('#try-text');
    assert.ok(tryText.length > 10 && !tryText.startsWith('lesson.'), `lesson ${id} has a "try this"`);
    const before = await numbers(page);
    await clickAndWaitForRun(page, '#try-btn');
    await assertNoError(page, assert, `lesson ${id} after "try it"`);
    assert.notDeepEqual(await numbers(page), before, `lesson ${id}: try it changes the numbers`);
  }
}

export async function theServerLessonMovesTheBottleneck({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('#lesson-list button[data-lesson="server"]');
  await page.waitForFunction(() => /pool limit 100/.test(document.getElementById('binding').textContent));
  await page.click('#try-btn');
  await page.waitForFunction(() => /server 200 workers/.test(document.getElementById('binding').textContent));
  assert.equal((await numbers(page)).throughput, '3984');
}

export async function theSemaphoreLessonBindsOnTheSemaphore({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  await page.click('#lesson-list button[data-lesson="semaphore"]');
  await page.waitForFunction(() => /semaphore/i.test(document.getElementById('binding').textContent));
  assert.equal((await numbers(page)).peak_in_flight, '50');
  assert.equal(await page.inputValue('#semaphore_permits'), '50');
}

/**
 * A lesson moves its key charts next to its controls and the others back to
 * the grid, where the boxes have another size: every chart is drawn for the
 * box it ends up in (device pixels = CSS box × devicePixelRatio), not
 * stretched from its old slot. The window lesson moves the throughput chart
 * up and the in-flight chart down.
 */
export async function aLessonsChartsAreDrawnForTheirNewSlots({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  for (const id of ['window', 'adaptive', 'stall']) {
    await clickAndWaitForRun(page, `#lesson-list button[data-lesson="${id}"]`);
    const misfits = () => page.$$eval('canvas[id^="chart-"]', (cs) => cs
      .map((c) => {
        const box = c.parentElement.getBoundingClientRect();
        const dpr = window.devicePixelRatio || 1;
        const want = [Math.round(box.width * dpr), Math.round(box.height * dpr)];
        return c.width === want[0] && c.height === want[1] ? null : `${c.id} ${c.width}x${c.height}, box ${want.join('x')}`;
      })
      .filter(Boolean));
    // The charts below the lesson's follow one per task: give them time.
    await page.waitForFunction(() => [...document.querySelectorAll('canvas[id^="chart-"]')].every((c) => {
      const box = c.parentElement.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      return c.width === Math.round(box.width * dpr) && c.height === Math.round(box.height * dpr);
    }), null, { timeout: 10_000 }).catch(() => {});
    assert.deepEqual(await misfits(), [], `lesson ${id}: charts drawn for another box`);
  }
}
