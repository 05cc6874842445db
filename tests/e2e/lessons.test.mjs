// Every lesson loads its scenario, explains itself, and its "try it" button
// changes the picture; a lesson the engine cannot run is shown disabled.
import { numbers } from './page.mjs';

export async function everyLessonLoadsAndItsTryItChangesTheRun({ page, baseUrl, assert, waitReady }) {
  await page.goto(baseUrl);
  await waitReady(page);
  const lessons = await page.$$eval('#lesson-list button', (bs) => bs.map((b) => ({ id: b.dataset.lesson, on: !b.disabled })));
  assert.ok(lessons.length >= 5, 'five lessons');
  for (const { id, on } of lessons) {
    if (!on) continue;
    await page.click(`#lesson-list button[data-lesson="${id}"]`);
    await page.waitForFunction((l) => location.hash.includes(`lesson=${l}`), id);
    assert.equal(await page.getAttribute(`#lesson-list button[data-lesson="${id}"]`, 'aria-current'), 'true');
    const title = await page.textContent('#lesson-title');
    assert.ok(title.length > 3, `lesson ${id} has a title`);
    assert.ok((await page.textContent('#try-text')).length > 10, `lesson ${id} has a "try this"`);
    const before = await numbers(page);
    const binding = await page.textContent('#binding');
    await page.click('#try-btn');
    await page.waitForFunction(([b, n]) => document.getElementById('binding').textContent !== b
      || document.querySelector('#kn-makespan .value').textContent !== n, [binding, before.makespan]);
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
